#!/usr/bin/env python3
"""Driver for bench-extraction.sh: runs `presswork process --json` over a page set in one process (one
core), writes one <page>.json per page in the extraction_eval.py prediction format, times the run in CPU
seconds (user + system of the child) and records it in _run.json beside the predictions.

Pages come from a Readability-style test-pages directory (--pages) or from extraction_eval.py's manifest
(--manifest: one JSON line per page with id, html path, gzip flag and URL), which is turned into one JSON
Lines batch so that each page keeps its URL."""
import argparse
import gzip
import json
import tempfile
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def prediction(document):
    """Maps a Presswork result document to the scoring tool's fields."""
    published = document.get("published") or {}
    language = document.get("language") or {}
    return {
        "text": document.get("text") or "",
        "title": document.get("title"),
        "author": "; ".join(document.get("authors") or []) or None,
        "date": published.get("value"),
        "language": language.get("code"),
        "sitename": document.get("siteName"),
        "description": document.get("description"),
        "pageType": document.get("pageType"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, type=Path)
    parser.add_argument("--pages", type=Path, help="a test-pages directory (PAGE/source.html)")
    parser.add_argument("--manifest", type=Path, help="extraction_eval.py --manifest output")
    parser.add_argument("--out", required=True, type=Path, help="predictions directory to write")
    args = parser.parse_args()

    if args.manifest:
        entries = [json.loads(line) for line in args.manifest.read_text().splitlines() if line.strip()]
        batch = Path(tempfile.mkdtemp()) / "pages.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for entry in entries:
                raw = Path(entry["html"]).read_bytes()
                if entry.get("gzip"):
                    raw = gzip.decompress(raw)
                line = {"id": entry["id"], "html": raw.decode("utf-8", errors="replace")}
                if entry.get("url"):
                    line["url"] = entry["url"]
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        pages = [entry["id"] for entry in entries]
        sources = {f"{batch}#{index + 1}": page for index, page in enumerate(pages)}
        inputs = [str(batch)]
    else:
        pages = sorted(p.name for p in args.pages.iterdir() if (p / "source.html").is_file())
        sources = {str(args.pages / p / "source.html"): p for p in pages}
        inputs = list(sources)
    args.out.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # taskset pins the child to one core: the figure is per core, as the reference's is.
    command = [str(args.binary), "process", "--json", *inputs]
    if os.path.exists("/usr/bin/taskset"):
        command = ["taskset", "-c", "0", *command]
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    written, failures, types = 0, [], {}
    stages, timed = {}, 0
    for line in run.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        document = json.loads(line)
        for stage, ms in ((document.get("processing") or {}).get("stagesMs") or {}).items():
            stages[stage] = stages.get(stage, 0.0) + ms
        timed += 1 if "processing" in document else 0
        name = sources.get(document.get("source")) or (document.get("articleId") if args.manifest else None)
        if name is None:
            continue
        if "error" in document:
            failures.append(f"{name}: {document['error'].get('code')}")
            continue
        pred = prediction(document)
        types[pred["pageType"]] = types.get(pred["pageType"], 0) + 1
        (args.out / f"{name}.json").write_text(json.dumps(pred, ensure_ascii=False), "utf-8")
        written += 1
    info = {
        "system": "presswork", "pages": len(pages), "errors": len(failures),
        "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
        "pages_per_s": round(len(pages) / wall, 2) if wall else None,
        "cpu_pages_per_s": round(len(pages) / cpu, 2) if cpu else None,
        "note": "one presswork process on one core; whole pipeline incl. decode, metadata, language, JSON",
    }
    (args.out / "_run.json").write_text(json.dumps(info, indent=1), "utf-8")
    print(f"presswork: {written}/{len(pages)} pages, {len(failures)} failures, {cpu:.3f} CPU s, "
          f"{info['cpu_pages_per_s']} pages per CPU-second; page types {types}", file=sys.stderr)
    for failure in failures:
        print(f"  failed {failure}", file=sys.stderr)
    if timed:
        # Where a page's time goes (wall milliseconds per page, from the documents' processing.stagesMs):
        # the language stages (language + analysis) should cost less than extraction (parse + extract +
        # metadata).
        order = ["decode", "parse", "extract", "metadata", "language", "analysis"]
        cells = "  ".join(f"{name} {stages.get(name, 0) / timed:.3f}" for name in order)
        extraction = sum(stages.get(name, 0) for name in ("parse", "extract", "metadata")) / timed
        language = sum(stages.get(name, 0) for name in ("language", "analysis")) / timed
        print(f"presswork per-stage ms per page: {cells}", file=sys.stderr)
        print(f"presswork extraction {extraction:.3f} ms vs language stages {language:.3f} ms per page",
              file=sys.stderr)
        decode = stages.get("decode", 0) / timed
        print(f"presswork extraction alone (decode + parse + extract + metadata, the work trafilatura does): "
              f"{1000 / (decode + extraction):.1f} pages per second of stage time", file=sys.stderr)


if __name__ == "__main__":
    main()
