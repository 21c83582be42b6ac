"""Client behaviour on the wire, against a scripted coordinator (a ROUTER socket in this process):
reply matching by req, SUBMIT resent with the same idempotency key, replies it cannot read."""

import json
import threading
import unittest

import zmq

import presswork

from cluster import free_port


class FakeCoordinator:
    """Answers each request with ``script(header, command, frames)``: a list of replies (each a
    list of frames after the routing id), sent in order; [] stays silent."""

    def __init__(self, script):
        self.script = script
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.ROUTER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.endpoint = "tcp://127.0.0.1:%d" % free_port()
        self.socket.bind(self.endpoint)
        self.requests = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopping.is_set():
            if not self.socket.poll(50):
                continue
            routing, *frames = self.socket.recv_multipart()
            header = json.loads(frames[2])
            self.requests.append((frames[1].decode(), header, frames[3:]))
            for reply in self.script(header, frames[1].decode(), frames):
                self.socket.send_multipart([routing] + reply)

    def close(self):
        self.stopping.set()
        self.thread.join()
        self.socket.close(0)
        self.context.term()


def js(obj):
    return json.dumps(obj).encode()


class WireTests(unittest.TestCase):
    def fake(self, script):
        fake = FakeCoordinator(script)
        self.addCleanup(fake.close)
        return fake

    def test_submit_without_reply_is_resent_with_the_same_key(self):
        def script(header, command, frames):
            if len(self.fake_server.requests) == 1:
                return []  # the first SUBMIT "gets lost"
            return [[b"PWC1", b"ACCEPTED", js({"req": header["req"], "jobs": ["a1", "a2"]})]]

        self.fake_server = self.fake(script)
        with presswork.Client(self.fake_server.endpoint, timeout=0.5) as client:
            ids = client.submit(["one", "two"], batch="b1")
        self.assertEqual(list(ids), ["a1", "a2"])
        (c1, h1, b1), (c2, h2, b2) = self.fake_server.requests
        self.assertEqual((c1, c2), ("SUBMIT", "SUBMIT"))
        self.assertEqual(h1["key"], h2["key"])
        self.assertEqual(len(h1["key"]), 32)
        self.assertNotEqual(h1["req"], h2["req"])
        self.assertEqual(b1, [b"one", b"two"])
        self.assertEqual(h1["articles"], [{"format": "text", "source": "b1#1"}, {"format": "text", "source": "b1#2"}])
        self.assertEqual(h1["batch"], "b1")

    def test_each_submit_batch_has_its_own_key(self):
        def script(header, command, frames):
            return [[b"PWC1", b"ACCEPTED", js({"req": header["req"], "jobs": ["j"] * len(header["articles"])})]]

        fake = self.fake(script)
        with presswork.Client(fake.endpoint, timeout=2) as client:
            client.submit_max_articles = 2
            self.assertEqual(len(client.submit(["a", "b", "c", "d", "e"])), 5)
        keys = [header["key"] for _, header, _ in fake.requests]
        self.assertEqual([len(h["articles"]) for _, h, _ in fake.requests], [2, 2, 1])
        self.assertEqual(len(set(keys)), 3)

    def test_stale_replies_are_skipped(self):
        def script(header, command, frames):
            return [
                [b"PWC1", b"STATUS", js({"req": header["req"] + 1000, "status": {"stale": True}})],
                [b"PWC1", b"STATUS", js({"req": header["req"], "status": {"fresh": True}})],
            ]

        fake = self.fake(script)
        with presswork.Client(fake.endpoint, timeout=2) as client:
            self.assertEqual(client.status(), {"fresh": True})

    def test_error_without_req_answers_the_request(self):
        def script(header, command, frames):
            return [[b"PWC1", b"ERROR", js({"code": "store-unavailable", "message": "db down"})]]

        fake = self.fake(script)
        with presswork.Client(fake.endpoint, timeout=2) as client:
            with self.assertRaises(presswork.StoreUnavailable) as caught:
                client.show("x")
        self.assertIsNone(caught.exception.req)
        self.assertEqual(caught.exception.message, "db down")

    def test_unreadable_replies_are_bad_replies(self):
        replies = iter([
            [b"PWW1", b"STATUS", js({"req": 1})],                     # the worker protocol
            [b"PWC1", b"STATUS", b"{not json"],                       # invalid JSON
            [b"PWC1", b"STATUS", b"[1,2]"],                           # not an object
            [b"PWC1", b"SHOW", js({"req": 4, "job": {}, "hasDocument": True})],  # the document is missing
            [b"PWC1", b"DEAD", js({"req": 5, "jobs": []})],           # the wrong reply
            [b"PWC1", b"EXPORT", js({"req": 6, "count": 2}), b"{}"],  # count does not match
            [b"PWC1", b"status", js({"req": 7})],                     # not a command name
        ])
        fake = self.fake(lambda header, command, frames: [next(replies)])
        with presswork.Client(fake.endpoint, timeout=2) as client:
            for call in (client.status, client.status, client.status, lambda: client.show("x"), client.status,
                         lambda: list(client.iter_results()), client.status):
                with self.assertRaises(presswork.BadReply):
                    call()

    def test_unknown_error_code_is_a_protocol_error(self):
        fake = self.fake(lambda h, c, f: [[b"PWC1", b"ERROR", js({"req": h["req"], "code": "new-code", "message": "m"})]])
        with presswork.Client(fake.endpoint, timeout=2) as client:
            with self.assertRaises(presswork.ProtocolError) as caught:
                client.status()
        self.assertIs(type(caught.exception), presswork.ProtocolError)
        self.assertEqual(caught.exception.code, "new-code")

    def test_export_pages_through_with_the_cursor(self):
        def script(header, command, frames):
            after = header.get("after", 0)
            docs = [js({"id": str(n)}) for n in range(after, min(after + header["limit"], 5))]
            reply = {"req": header["req"], "count": len(docs)}
            if docs:
                reply["last"] = after + len(docs)
            if len(docs) == header["limit"]:
                reply["next"] = after + len(docs)
            return [[b"PWC1", b"EXPORT", js(reply)] + docs]

        fake = self.fake(script)
        with presswork.Client(fake.endpoint, timeout=2) as client:
            cursor = presswork.Cursor()
            docs = list(client.iter_results(page_size=2, lang="en,kk", site="example.org", cursor=cursor))
        self.assertEqual([d["id"] for d in docs], ["0", "1", "2", "3", "4"])
        self.assertEqual(cursor.last, 5)
        headers = [h for _, h, _ in fake.requests]
        self.assertEqual([h.get("after") for h in headers], [None, 2, 4])
        self.assertEqual(headers[0]["filter"], {"lang": ["en", "kk"], "site": "example.org"})


if __name__ == "__main__":
    unittest.main()
