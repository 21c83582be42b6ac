#!/usr/bin/env python3
"""Runs `presswork langid` over a langid dataset and reports accuracy, abstentions and speed.

    python3 Scripts/bench_langid.py --binary PATH --data udhr.jsonl --out preds.jsonl

Feeds the texts as plain lines (one process for all of them, `--json` output) and writes the predictions
({"id", "lang"}, "und" for no answer) for langid_eval.py. Prints, per length bucket, accuracy (und counts as
wrong), abstentions, accuracy on the texts answered, and lines per CPU-second of a separate run over that
bucket alone (user + system time of the presswork process from getrusage, pinned to one core with
taskset when it is there).
"""
import argparse
import collections
import json
import resource
import shutil
import subprocess
import sys


def run(binary, texts):
    """Judges `texts` in one presswork process; returns its output lines and its CPU seconds."""
    feed = "".join(t.replace("\r", " ").replace("\n", " ") + "\n" for t in texts).encode()
    command = [binary, "langid", "--json"]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0"] + command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, input=feed, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.decode().splitlines()
    if len(lines) != len(texts):
        sys.exit(f"bench-langid: {len(texts)} texts in, {len(lines)} answers out")
    return lines, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeat", type=int, default=3, help="speed runs per bucket; the fastest counts")
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()]
    lines, cpu = run(args.binary, [r["text"] for r in rows])
    answers = {}
    with open(args.out, "w", encoding="utf-8") as out:
        for r, line in zip(rows, lines):
            answers[r["id"]] = json.loads(line)["code"]
            out.write(json.dumps({"id": r["id"], "lang": answers[r["id"]]}) + "\n")

    # Same-answer test as the scorer's in spirit: our codes are ISO 639-1, the data has lang1.
    stats = collections.defaultdict(lambda: [0, 0, 0])  # texts, right, abstained
    texts = collections.defaultdict(list)
    for r in rows:
        answer = answers[r["id"]]
        s = stats[r["bucket"]]
        s[0] += 1
        texts[r["bucket"]].append(r["text"])
        if answer == "und":
            s[2] += 1
        elif answer == r["lang1"]:
            s[1] += 1
    print(f"{'bucket':<13}{'texts':>7}{'accuracy':>10}{'abstain':>9}{'answered acc':>14}{'lines/CPU-s':>13}")
    order = ["paragraph", "sentence", "word-pair", "single-word"]
    for bucket in sorted(stats, key=lambda b: order.index(b) if b in order else len(order)):
        n, right, abstained = stats[bucket]
        answered = n - abstained
        # Small buckets are repeated so that a run lasts long enough to time.
        sample = texts[bucket] * max(1, 20000 // n)
        seconds = min(run(args.binary, sample)[1] for _ in range(args.repeat))
        print(f"{bucket:<13}{n:>7}{right / n:>10.3f}{abstained / n:>9.3f}"
              f"{(right / answered if answered else float('nan')):>14.3f}{len(sample) / seconds:>13,.0f}")
    print(f"all {len(rows)} texts in one run: {cpu:.2f} CPU-s, {len(rows) / cpu:,.0f} lines per CPU-second")


if __name__ == "__main__":
    main()
