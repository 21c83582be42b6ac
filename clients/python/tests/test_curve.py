"""CURVE: key files from `presswork keygen`, admission by key and role."""

import os
import unittest

import zmq.auth

import presswork

from cluster import Cluster

CLUSTER = None
TEXT = ("The harbour reopened on Monday after three weeks of repairs. Fishermen said the new quay was "
        "wider and safer.")


def setUpModule():
    global CLUSTER
    CLUSTER = Cluster("curve")
    try:
        keys = CLUSTER.keygen("coordinator")
        CLUSTER.keygen("client", "client-keys")
        CLUSTER.keygen("worker", "worker-keys")
        CLUSTER.keygen("intruder", "elsewhere")
        CLUSTER.start_coordinator(
            "--server-key", os.path.join(keys, "coordinator.key"),
            "--client-keys", CLUSTER.path("client-keys"), "--worker-keys", CLUSTER.path("worker-keys"),
            client_options=client_keys())
        CLUSTER.start_worker("curve-worker", "--key", CLUSTER.path("worker-keys", "worker.key"),
                             "--server-public-key", os.path.join(keys, "coordinator.pub"))
        CLUSTER.wait_for_worker("curve-worker", client_keys())
    except BaseException:
        CLUSTER.stop()
        raise


def tearDownModule():
    if CLUSTER is not None:
        CLUSTER.stop()


def client_keys(name="client", directory="client-keys"):
    return {"key": CLUSTER.path(directory, name + ".key"), "server_key": CLUSTER.path("keys", "coordinator.pub")}


class CurveTests(unittest.TestCase):
    def test_client_with_key_files_submits_and_gets_done(self):
        with CLUSTER.client(**client_keys()) as client:
            self.assertTrue(client.uses_curve)
            states = client.submit([TEXT], wait=True, wait_timeout=60)
            self.assertEqual(list(states.values()), ["done"])
            [job] = states
            self.assertEqual(client.show(job)["document"]["id"], job)
            security = client.status()["security"]
            self.assertTrue(security["curve"])
            self.assertGreaterEqual(security["clientKeys"], 1)

    def test_client_with_key_strings(self):
        _, secret = zmq.auth.load_certificate(CLUSTER.path("client-keys", "client.key"))
        server, _ = zmq.auth.load_certificate(CLUSTER.path("keys", "coordinator.pub"))
        with CLUSTER.client(key=secret.decode(), server_key=server.decode()) as client:
            self.assertIn("curve-worker", [w["id"] for w in client.status()["workers"]])

    def test_key_not_admitted_is_unreachable(self):
        with CLUSTER.client(timeout=1.0, **client_keys("intruder", "elsewhere")) as client:
            with self.assertRaises(presswork.Unreachable):
                client.status()

    def test_client_without_curve_is_unreachable(self):
        with CLUSTER.client(timeout=1.0) as client:
            with self.assertRaises(presswork.Unreachable):
                client.status()

    def test_worker_key_cannot_act_as_client(self):
        with CLUSTER.client(**client_keys("worker", "worker-keys")) as client:
            with self.assertRaises(presswork.Forbidden) as caught:
                client.status()
            self.assertEqual(caught.exception.code, "forbidden")

    def test_only_one_of_the_keys_is_an_error(self):
        with self.assertRaises(ValueError):
            presswork.Client(CLUSTER.endpoint, key=CLUSTER.path("client-keys", "client.key"))


if __name__ == "__main__":
    unittest.main()
