"""The client against a real coordinator and a real presswork worker."""

import asyncio
import os
import time
import unittest

import presswork
from presswork.errors import error_for_code

from cluster import Cluster

CLUSTER = None
WORKER_ID = "pw-test-worker"

ENGLISH = ("The harbour reopened on Monday after three weeks of repairs. Fishermen said the new quay "
           "was wider and safer, and the first boats went out before dawn.")
RUSSIAN = ("Гавань снова открылась в понедельник после трёх недель ремонта. Рыбаки сказали, что новый "
           "причал стал шире и безопаснее, и первые лодки вышли в море ещё до рассвета.")
HTML = ("<html><head><title>Bridge opens</title></head><body><article><h1>Bridge opens</h1>"
        "<p>The new bridge over the river opened to traffic on Tuesday morning, two months ahead of "
        "schedule. The mayor thanked the engineers and the workers who built it.</p></article></body></html>")


def setUpModule():
    global CLUSTER
    CLUSTER = Cluster("client")
    try:
        CLUSTER.start_coordinator()
        CLUSTER.start_worker(WORKER_ID, "--concurrency", "2")
        CLUSTER.wait_for_worker(WORKER_ID)
    except BaseException:
        CLUSTER.stop()
        raise


def tearDownModule():
    if CLUSTER is not None:
        CLUSTER.stop()


def unique(name: str) -> str:
    return "%s-%d-%d" % (name, os.getpid(), time.monotonic_ns())


class ClientTests(unittest.TestCase):
    def setUp(self):
        self.client = CLUSTER.client()
        self.addCleanup(self.client.close)

    def test_submit_text_and_html_and_wait_until_done(self):
        states = self.client.submit(
            [ENGLISH, {"html": HTML, "id": "bridge-1", "url": "https://example.org/bridge", "lang": "en"}],
            wait=True, wait_timeout=60)
        self.assertEqual(list(states.values()), ["done", "done"])
        self.assertEqual(len(states), 2)

    def test_submit_returns_ids_with_batch_then_wait(self):
        batch = unique("ids")
        ids = self.client.submit([{"text": ENGLISH, "id": 7}], batch=batch, priority="high")
        self.assertIsInstance(ids, presswork.JobIds)
        self.assertEqual(ids.batch, batch)
        self.assertEqual(len(ids), 1)
        self.assertEqual(self.client.wait(ids, timeout=60), {ids[0]: "done"})
        job = self.client.show(ids[0])["job"]
        self.assertEqual(job["article"]["articleId"], "7")
        self.assertEqual(job["article"]["source"], batch + "#1")

    def test_iter_results_with_filters(self):
        batch = unique("filters")
        ids = self.client.submit([ENGLISH, RUSSIAN, {"html": HTML}], batch=batch)
        self.assertEqual(set(self.client.wait(ids, timeout=60).values()), {"done"})
        all_of_batch = list(self.client.iter_results(batch=batch))
        self.assertEqual(sorted(d["id"] for d in all_of_batch), sorted(ids))
        russian = list(self.client.iter_results(batch=batch, lang="ru"))
        self.assertEqual([d["id"] for d in russian], [ids[1]])
        self.assertEqual(russian[0]["language"]["code"], "ru")
        found = list(self.client.iter_results(batch=batch, search="bridge", page_size=1))
        self.assertEqual([d["id"] for d in found], [ids[2]])
        cursor = presswork.Cursor()
        paged = list(self.client.iter_results(batch=batch, page_size=2, cursor=cursor))
        self.assertEqual(len(paged), 3)
        self.assertIsInstance(cursor.last, int)
        self.assertEqual(list(self.client.iter_results(batch=batch, after=cursor.last)), [])

    def test_status_shows_the_worker(self):
        status = self.client.status()
        workers = {w["id"]: w for w in status["workers"]}
        self.assertIn(WORKER_ID, workers)
        self.assertEqual(workers[WORKER_ID]["state"], "up")
        self.assertEqual(workers[WORKER_ID]["slots"], 2)
        self.assertIn("queue", status)
        self.assertEqual(status["coordinator"]["endpoint"], CLUSTER.endpoint)

    def test_show_returns_the_document(self):
        [job] = self.client.submit([{"text": ENGLISH, "url": "https://example.org/harbour"}])
        self.client.wait([job], timeout=60)
        shown = self.client.show(job)
        self.assertEqual(shown["job"]["id"], job)
        self.assertEqual(shown["job"]["state"], "done")
        self.assertEqual(shown["document"]["id"], job)
        self.assertIn("harbour reopened", shown["document"]["text"])
        self.assertEqual(shown["document"]["url"], "https://example.org/harbour")

    def test_dead_job_is_listed_and_retry_requeues_it(self):
        junk = bytes(range(256)) * 8 + os.urandom(1024)  # binary, not text: undecodable, not retryable
        [job] = self.client.submit([{"text": junk}])
        self.assertEqual(self.client.wait(job, timeout=60), {job: "dead"})
        dead = {info["id"]: info for info in self.client.dead()}
        self.assertIn(job, dead)
        self.assertEqual(dead[job]["errors"][0]["code"], "undecodable")
        self.assertEqual(self.client.retry([job]), 1)
        # Requeued with a fresh set of attempts; it fails the same way again.
        self.assertEqual(self.client.wait(job, timeout=60), {job: "dead"})
        info = self.client.show(job)["job"]
        self.assertEqual(len(info["errors"]), 2)
        self.assertEqual(self.client.retry(["0000000000000000"]), 0)

    def test_cancel_a_finished_job_leaves_it(self):
        [job] = self.client.submit([ENGLISH], wait=False)
        self.client.wait(job, timeout=60)
        counts = self.client.cancel([job, "0000000000000000"])
        self.assertEqual(counts["finished"], 1)
        self.assertEqual(counts["unknown"], 1)
        self.assertEqual(counts["cancelled"], 0)

    def test_unknown_job_is_a_typed_error(self):
        with self.assertRaises(presswork.UnknownJob) as caught:
            self.client.show("0000000000000000")
        self.assertIsInstance(caught.exception, presswork.ProtocolError)
        self.assertEqual(caught.exception.code, "unknown-job")
        self.assertIsInstance(caught.exception.req, int)
        with self.assertRaises(presswork.UnknownJob):
            self.client.wait(["0000000000000000"], timeout=5)

    def test_malformed_request_is_a_typed_error(self):
        with self.assertRaises(presswork.Malformed) as caught:
            self.client.submit([ENGLISH], priority="urgent")
        self.assertEqual(caught.exception.code, "malformed")

    def test_large_submissions_are_split(self):
        self.client.submit_max_articles = 4
        articles = ["Article number %d. %s" % (n, ENGLISH) for n in range(10)]
        ids = self.client.submit(articles, batch=unique("split"))
        self.assertEqual(len(ids), 10)
        self.assertEqual(len(set(ids)), 10)
        self.assertEqual(set(self.client.wait(ids, timeout=60).values()), {"done"})
        for n in (0, 9):
            self.assertIn("Article number %d." % n, self.client.show(ids[n])["document"]["text"])

    def test_dedupe_reports_duplicates(self):
        url = "https://example.org/%s" % unique("dedupe")
        first = self.client.submit([{"text": ENGLISH, "url": url}], dedupe="url")
        second = self.client.submit([{"text": ENGLISH, "url": url}], dedupe="url")
        self.assertEqual(list(second), list(first))
        self.assertEqual(second.duplicates, {0})
        self.client.wait(first, timeout=60)

    def test_article_over_the_limit_is_refused_before_sending(self):
        self.client.max_article_bytes = 100
        with self.assertRaises(presswork.TooLarge):
            self.client.submit(["x" * 101])

    def test_async_submit_and_wait(self):
        async def main():
            async with presswork.AsyncClient(CLUSTER.endpoint) as client:
                batch = unique("async")
                states = await client.submit([ENGLISH, {"html": HTML}], wait=True, batch=batch, wait_timeout=60)
                self.assertEqual(set(states.values()), {"done"})
                docs = [doc async for doc in client.iter_results(batch=batch)]
                self.assertEqual(sorted(d["id"] for d in docs), sorted(states))
                # Concurrent requests on one client are answered each with its own reply.
                shows = await asyncio.gather(*(client.show(job) for job in states))
                self.assertEqual([s["job"]["id"] for s in shows], list(states))
                status = await client.status()
                self.assertIn(WORKER_ID, [w["id"] for w in status["workers"]])
                with self.assertRaises(presswork.UnknownJob):
                    await client.show("0000000000000000")

        asyncio.run(main())


class ErrorMappingTests(unittest.TestCase):
    def test_every_documented_code_has_its_class(self):
        table = {
            "malformed": presswork.Malformed,
            "unsupported-version": presswork.UnsupportedVersion,
            "unknown-command": presswork.UnknownCommand,
            "too-large": presswork.TooLarge,
            "unknown-job": presswork.UnknownJob,
            "forbidden": presswork.Forbidden,
            "too-many-pending": presswork.TooManyPending,
            "storage-full": presswork.StorageFull,
            "key-reused": presswork.KeyReused,
            "internal": presswork.InternalError,
            "store-unavailable": presswork.StoreUnavailable,
        }
        for code, cls in table.items():
            error = error_for_code(code, "text", 3)
            self.assertIs(type(error), cls)
            self.assertEqual(error.code, code)
            self.assertEqual(error.req, 3)
            self.assertIsInstance(error, presswork.PressworkError)
        self.assertIs(presswork.QuotaExceeded, presswork.TooManyPending)

    def test_unknown_code_keeps_the_code(self):
        error = error_for_code("brand-new-code", "something new")
        self.assertIs(type(error), presswork.ProtocolError)
        self.assertEqual(error.code, "brand-new-code")
        self.assertEqual(error.message, "something new")


if __name__ == "__main__":
    unittest.main()
