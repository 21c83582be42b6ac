#!/usr/bin/env python3
"""Runs `presswork language` over a langid dataset and reports accuracy, abstentions and speed.

    python3 Scripts/bench_langid.py --binary PATH --data udhr.jsonl --out preds.jsonl

Writes the predictions ({"id", "lang"}, "und" for no answer) for langid_eval.py and prints, per length
bucket, accuracy (und counts as wrong), how often we abstain, and accuracy on the texts we answered.
Throughput is texts per CPU-second of the presswork process (user + system time), one process, one core.
"""
import argparse
import collections
import json
import resource
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()]
    feed = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic()
    done = subprocess.run([args.binary, "language"], input=feed.encode(), capture_output=True, check=True)
    wall = time.monotonic() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    answers = {}
    with open(args.out, "w", encoding="utf-8") as out:
        for line in done.stdout.decode().splitlines():
            item = json.loads(line)
            answers[item["id"]] = item["lang"]
            out.write(json.dumps({"id": item["id"], "lang": item["lang"]}) + "\n")
    if len(answers) != len(rows):
        sys.exit(f"bench-langid: {len(rows)} texts in, {len(answers)} answers out")

    # Same-answer test as the scorer's in spirit: our codes are ISO 639-1, the data has lang1.
    stats = collections.defaultdict(lambda: [0, 0, 0])  # texts, right, abstained
    for r in rows:
        answer = answers[r["id"]]
        s = stats[r["bucket"]]
        s[0] += 1
        if answer == "und":
            s[2] += 1
        elif answer == r["lang1"]:
            s[1] += 1
    print(f"{'bucket':<13}{'texts':>7}{'accuracy':>10}{'abstain':>9}{'answered acc':>14}")
    order = ["paragraph", "sentence", "word-pair", "single-word"]
    for bucket in sorted(stats, key=lambda b: order.index(b) if b in order else len(order)):
        n, right, abstained = stats[bucket]
        answered = n - abstained
        print(f"{bucket:<13}{n:>7}{right / n:>10.3f}{abstained / n:>9.3f}"
              f"{(right / answered if answered else float('nan')):>14.3f}")
    n = len(rows)
    print(f"{len(rows)} texts in {cpu:.2f} CPU-s ({wall:.2f} s wall): {n / cpu:,.0f} texts per CPU-second")


if __name__ == "__main__":
    main()
