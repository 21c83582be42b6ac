"""The Worker base class against a real coordinator without presswork workers; CANCEL of queued jobs."""

import logging
import os
import time
import unittest

import presswork
from presswork import JobFailed, Worker

from cluster import Cluster

TEXT = "The harbour reopened on Monday after three weeks of repairs."


class UpperCaseWorker(Worker):
    """A tiny processing stage: the document is the article's text in capitals."""

    def process(self, job, body):
        text = body.decode("utf-8")
        if "FAIL-PERMANENTLY" in text:
            raise JobFailed("not-an-article", "the test says so", retryable=False)
        if "CRASH" in text:
            raise RuntimeError("a bug in the stage")
        return {
            "id": job["job"],
            "schemaVersion": 1,
            "source": job["article"].get("source", ""),
            "format": job["article"].get("format", "text"),
            "title": text.split(".")[0],
            "text": text.upper(),
            "language": {"code": "en"},
            "pageType": "article",
            "wordCount": len(text.split()),
            "processing": {"worker": self.worker_id, "attempts": job["attempt"]},
        }


def setUpModule():
    logging.getLogger("presswork.worker").setLevel(logging.CRITICAL)  # the failures below are on purpose


class PythonWorkerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster("worker")
        try:
            cls.cluster.start_coordinator("--retries", "1", "--retry-base", "0.1")
        except BaseException:
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def setUp(self):
        self.client = self.cluster.client()
        self.addCleanup(self.client.close)

    def test_a_python_worker_processes_jobs(self):
        # Queued before any worker exists: cancel one of them while it cannot run.
        ids = self.client.submit([TEXT, "This is FAIL-PERMANENTLY.", "A CRASH here.", "Cancel me."], batch="py-worker")
        self.assertEqual(self.client.states(ids), ["queued"] * 4)
        counts = self.client.cancel([ids[3]])
        self.assertEqual((counts["cancelled"], counts["running"]), (1, 0))
        worker = UpperCaseWorker(self.cluster.endpoint, worker_id="python-stage", slots=2)
        worker.start()
        self.addCleanup(worker.stop)
        info = self.cluster.wait_for_worker("python-stage")
        self.assertEqual(info["slots"], 2)
        self.assertEqual(info["version"], "py-0.1.0")
        states = self.client.wait(ids, timeout=60)
        self.assertEqual(list(states.values()), ["done", "dead", "dead", "cancelled"])

        shown = self.client.show(ids[0])
        self.assertEqual(shown["job"]["state"], "done")
        self.assertEqual(shown["document"]["id"], ids[0])
        self.assertEqual(shown["document"]["text"], TEXT.upper())
        self.assertEqual(shown["document"]["processing"]["worker"], "python-stage")
        self.assertEqual([d["id"] for d in self.client.iter_results(batch="py-worker", lang="en")], [ids[0]])

        dead = {job["id"]: job for job in self.client.dead()}
        self.assertEqual([e["code"] for e in dead[ids[1]]["errors"]], ["not-an-article"])  # not retried
        self.assertEqual([e["code"] for e in dead[ids[2]]["errors"]], ["internal", "internal"])  # retried once
        self.assertIn("RuntimeError", dead[ids[2]]["errors"][0]["message"])
        self.assertEqual(dead[ids[2]]["errors"][0]["worker"], "python-stage")

        status = self.client.status()
        self.assertEqual(status["protocol"]["malformedMessages"], 0)  # every PWW1 message was well-formed
        [me] = [w for w in status["workers"] if w["id"] == "python-stage"]
        self.assertGreater(me.get("rssBytes", 0), 0)  # from the HEARTBEAT's WorkerStats
        self.assertGreaterEqual(me["done"], 1)

        # Leaving: DRAINING, then DISCONNECT; the coordinator forgets the worker at once.
        worker.stop(timeout=10)
        self.assertFalse(worker._thread.is_alive())
        status = self.client.status()
        self.assertNotIn("python-stage", [w["id"] for w in status["workers"] if w.get("state") in ("up", "draining")])

    def test_cancel_a_batch_of_queued_jobs(self):
        batch = "cancel-%d-%d" % (os.getpid(), time.monotonic_ns())
        other = self.client.submit(["another batch"], batch=batch + "-other")
        ids = self.client.submit(["one", "two", "three"], batch=batch)
        counts = self.client.cancel(batch=batch)
        self.assertEqual(counts["cancelled"], 3)
        self.assertEqual(self.client.wait(ids, timeout=10), dict.fromkeys(ids, "cancelled"))
        self.assertEqual(self.client.states(other), ["queued"])
        self.client.cancel(other)
        listed = list(self.client.iter_results(batch=batch, status="cancelled"))
        self.assertEqual(sorted(job["id"] for job in listed), sorted(ids))

    def test_wait_times_out(self):
        [job] = self.client.submit(["waiting for nobody"], batch="timeout-test")
        with self.assertRaises(presswork.WaitTimeout) as caught:
            self.client.wait(job, timeout=0.3)
        self.assertEqual(caught.exception.states, {job: "queued"})
        self.client.cancel([job])


class WorkerReconnectTests(unittest.TestCase):
    def test_the_worker_reconnects_after_the_coordinator_restarts(self):
        cluster = Cluster("reconnect")
        self.addCleanup(cluster.stop)
        cluster.start_coordinator()
        worker = UpperCaseWorker(cluster.endpoint, worker_id="python-reconnect")
        worker.start()
        self.addCleanup(worker.stop, True, 10)
        cluster.wait_for_worker("python-reconnect")
        with cluster.client() as client:
            self.assertEqual(list(client.submit([TEXT], wait=True, wait_timeout=30).values()), ["done"])
        cluster.kill_coordinator()
        # Down for longer than heartbeat x liveness (3 s): the worker gives the old socket up and
        # reconnects with back-off, on a new socket with the same routing id, and sends READY.
        time.sleep(3.5)
        cluster.restart_coordinator()
        cluster.wait_for_worker("python-reconnect")
        self.assertGreaterEqual(worker.reconnects, 1)
        with cluster.client() as client:
            states = client.submit(["After the restart. " + TEXT], wait=True, wait_timeout=30)
            self.assertEqual(list(states.values()), ["done"])
            [job] = states
            self.assertEqual(client.show(job)["document"]["processing"]["worker"], "python-reconnect")
        self.assertGreaterEqual(worker.done, 2)

    def test_a_restart_the_worker_did_not_notice_is_answered_by_disconnect_and_ready(self):
        cluster = Cluster("restart")
        self.addCleanup(cluster.stop)
        cluster.start_coordinator()
        worker = UpperCaseWorker(cluster.endpoint, worker_id="python-restart")
        worker.start()
        self.addCleanup(worker.stop, True, 10)
        cluster.wait_for_worker("python-restart")
        cluster.kill_coordinator()
        cluster.restart_coordinator()  # back within the liveness: the worker's HEARTBEAT gets DISCONNECT
        cluster.wait_for_worker("python-restart")
        with cluster.client() as client:
            self.assertEqual(list(client.submit([TEXT], wait=True, wait_timeout=30).values()), ["done"])


if __name__ == "__main__":
    unittest.main()
