#!/usr/bin/env python3
"""The Python pipeline that Presswork is compared with: trafilatura extraction with metadata, then py3langid
language identification on the extracted text, one JSON document per page.

Shared by bench_pipeline.py (run in one process on one core) and bench_celery.py (the Celery task body), so
both benchmarks measure exactly the same Python work.

    python3 Scripts/python_pipeline.py PAGE.html...    # prints one JSON line per page, then a timing line on stderr
"""
import json
import resource
import sys
import time

import py3langid
import trafilatura


def warm_up():
    """Loads py3langid's model and trafilatura's lazy imports, so timings measure steady-state work only
    (Presswork's figures include its own start-up, so this favours Python, never the other way round)."""
    py3langid.classify("warm up the language model")
    trafilatura.extract("<html><body><article><p>" + "Warm up the extractor. " * 20 + "</p></article></body></html>",
                        output_format="json", with_metadata=True)


def process(html):
    """One page (bytes or str) to a result document; trafilatura decodes bytes itself, as Presswork does."""
    out = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False)
    if not out:
        return {"error": "no text extracted"}
    document = json.loads(out)
    text = document.get("text") or ""
    if text:
        code, score = py3langid.classify(text)
        document["language"] = {"code": code, "score": float(score)}
    return document


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(paths):
    """Processes every path, writes the documents to stdout and {cpu_s, wall_s, pages, errors} as JSON on
    stderr's last line. The files are read inside the timed loop, as `presswork process` reads them."""
    warm_up()
    errors = 0
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    out = sys.stdout
    for path in paths:
        with open(path, "rb") as handle:
            document = process(handle.read())
        errors += "error" in document
        out.write(json.dumps(document, ensure_ascii=False))
        out.write("\n")
    out.flush()
    timing = {"pages": len(paths), "errors": errors, "cpu_s": cpu_seconds() - cpu0,
              "wall_s": time.perf_counter() - wall0}
    print("json: " + json.dumps(timing), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
