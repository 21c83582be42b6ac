#!/usr/bin/env python3
"""The Celery side of bench-cluster.sh: the Python pipeline (python_pipeline.py: trafilatura + py3langid) as a
Celery task, with Redis as broker and result backend.

    celery -A bench_celery worker --concurrency N --pool prefork      # the worker (cwd: Scripts/)
    python3 bench_celery.py --pages DIR --repeat R                    # the client: prints `json: {...}`

The client sends each page's HTML as the task argument, then waits for every result in the Redis result
backend; the figure is the time from the first send until all results are ready. Redis is at
$BENCH_REDIS_URL (default redis://127.0.0.1:6390), database 0 the broker, 1 the results.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

# python_pipeline.py sits beside this file; the worker's children import it by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from celery import Celery
from celery.result import ResultSet
from celery.signals import worker_process_init

REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390")
app = Celery("bench_celery", broker=f"{REDIS}/0", backend=f"{REDIS}/1")
# Celery's defaults otherwise (prefetch multiplier 4, early acknowledgement): what a user of it gets.
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                worker_hijack_root_logger=False, broker_connection_retry_on_startup=True)


@worker_process_init.connect
def _warm_up(**_):
    # Each prefork child loads the models before its first task, as Presswork's slots do before joining.
    import python_pipeline
    python_pipeline.warm_up()


@app.task(name="bench.process")
def process(html):
    import python_pipeline
    document = python_pipeline.process(html)
    # The same fields a caller of Presswork would read; the result backend stores them.
    return {key: document.get(key) for key in ("title", "author", "date", "hostname", "text", "language", "error")}


def wait(results, timeout):
    ResultSet(results).join_native(timeout=timeout, propagate=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", required=True, type=Path, help="the test-pages directory")
    parser.add_argument("--repeat", type=int, default=15, help="each page this many times")
    parser.add_argument("--warm-up", type=int, default=8, help="tasks sent and awaited before timing")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()

    from trafilatura.utils import decode_file
    # Read and decode before the clock starts: the task argument is a str (JSON), and decoding is then not
    # counted against Celery's time (Presswork's workers decode inside the measured time).
    pages = [decode_file((p / "source.html").read_bytes())
             for p in sorted(args.pages.iterdir()) if (p / "source.html").is_file()]
    wait([process.apply_async((pages[i % len(pages)],)) for i in range(args.warm_up)], args.timeout)

    articles = pages * args.repeat
    started = time.perf_counter()
    results = [process.apply_async((html,)) for html in articles]
    sent = time.perf_counter() - started
    wait(results, args.timeout)
    elapsed = time.perf_counter() - started
    empty = sum(1 for r in results if (r.result or {}).get("error"))
    for r in results:
        r.forget()
    print("json: " + json.dumps({"articles": len(articles), "seconds": elapsed, "send_seconds": sent,
                                 "articles_per_s": len(articles) / elapsed, "no_text": empty}))


if __name__ == "__main__":
    main()
