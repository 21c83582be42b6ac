#!/usr/bin/env python3
"""Language identification, Presswork against CLD2 called directly (pycld2, best effort), in one run.

    python3 Scripts/bench_langid.py --binary PATH --data udhr.jsonl --out preds.jsonl [--pairs 600]

Prints, for both systems on the same texts:
- accuracy per length bucket (an answer of `und` or no answer counts as wrong), Presswork's abstentions;
- lines per CPU-second per bucket (Presswork: user + system time of a `presswork langid --json`
  process pinned to one core; CLD2: this process's CPU time around its calls);
- on mixed lines built here from two UDHR sentences in different languages (a seeded generator, `--pairs`
  lines across and within scripts), the share where both languages are reported (Presswork: the code or a
  span; CLD2: its language vector) and the share where the first-named language is the longer one;
- on single-language sentences and paragraphs, the share reported as mixed (a second language reported).

Writes Presswork's predictions ({"id", "lang"}) for langid_eval.py to `--out`.
"""
import argparse
import collections
import json
import random
import resource
import shutil
import subprocess
import sys
import time
import unicodedata

ORDER = ["paragraph", "sentence", "word-pair", "single-word"]
# CLD2's codes that are not ISO 639-1 for the languages they name.
CLD2_CODES = {"iw": "he", "zh-Hant": "zh", "jw": "jv", "in": "id", "mo": "ro", "tl": "fil"}


def presswork(binary, texts):
    """Judges `texts` in one presswork process; returns the JSON answers and the CPU seconds."""
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
    return [json.loads(line) for line in lines], cpu


def presswork_reported(answer):
    """Every language Presswork names for a text: its code and its spans' codes."""
    found = [answer["code"]] if answer["code"] != "und" else []
    found += [span["code"] for span in answer.get("spans", []) if span["code"] not in found]
    return found


def cld2(pycld2, texts):
    """CLD2's best effort on each text: the languages of its vector, best first ([] when it fails)."""
    answers = []
    start = time.process_time()
    for text in texts:
        try:
            _, _, details = pycld2.detect(text, bestEffort=True)
        except pycld2.error:  # invalid UTF-8 to CLD2, which includes C1 control characters
            answers.append([])
            continue
        answers.append([CLD2_CODES.get(code, code) for _, code, percent, _ in details if code != "un" and percent > 0])
    return answers, time.process_time() - start


def script_of(text):
    """The first word of the Unicode name of the text's most common letter script (LATIN, CYRILLIC, CJK, ...)."""
    counts = collections.Counter(unicodedata.name(c, "?").split()[0] for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else "?"


def mixed_lines(rows, pairs, seed):
    """`pairs` lines joining a sentence in one language and a sentence in another, with both languages."""
    sentences = collections.defaultdict(list)
    for r in rows:
        letters = sum(1 for c in r["text"] if c.isalpha())
        if r["bucket"] == "sentence" and letters >= 30:
            sentences[r["lang1"]].append(r["text"])
    languages = sorted(sentences)
    rng = random.Random(seed)
    lines = []
    for _ in range(pairs):
        a, b = rng.sample(languages, 2)
        first, second = rng.choice(sentences[a]), rng.choice(sentences[b])
        lines.append({"text": f"{first} {second}", "langs": (a, b), "same_script": script_of(first) == script_of(second)})
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--pairs", type=int, default=600, help="mixed lines to build")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=3, help="speed runs per bucket; the fastest counts")
    args = parser.parse_args()
    try:
        import pycld2
    except ImportError:
        sys.exit("bench-langid: pycld2 is missing (pip install pycld2)")

    rows = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()]
    ours, cpu = presswork(args.binary, [r["text"] for r in rows])
    theirs, _ = cld2(pycld2, [r["text"] for r in rows])
    with open(args.out, "w", encoding="utf-8") as out:
        for r, answer in zip(rows, ours):
            out.write(json.dumps({"id": r["id"], "lang": answer["code"]}) + "\n")

    stats = collections.defaultdict(lambda: collections.Counter())
    texts = collections.defaultdict(list)
    for r, answer, vector in zip(rows, ours, theirs):
        s = stats[r["bucket"]]
        s["n"] += 1
        texts[r["bucket"]].append(r["text"])
        s["ours"] += answer["code"] == r["lang1"]
        s["und"] += answer["code"] == "und"
        s["reliable"] += answer["reliable"]
        s["cld2"] += bool(vector) and vector[0] == r["lang1"]
        if r["bucket"] in ("sentence", "paragraph"):
            s["ours mixed"] += len(presswork_reported(answer)) > 1
            s["cld2 mixed"] += len(vector) > 1

    print("accuracy by bucket (und counts as wrong); lines per CPU-second, one core")
    print(f"{'bucket':<13}{'texts':>7}{'presswork':>11}{'cld2':>8}{'und':>7}{'reliable':>10}"
          f"{'pw lines/s':>12}{'cld2 lines/s':>14}")
    for bucket in sorted(stats, key=lambda b: ORDER.index(b) if b in ORDER else len(ORDER)):
        s = stats[bucket]
        n = s["n"]
        # Small buckets are repeated so that a run lasts long enough to time.
        sample = texts[bucket] * max(1, 60000 // n)
        ours_seconds = min(presswork(args.binary, sample)[1] for _ in range(args.repeat))
        cld2_seconds = min(cld2(pycld2, sample)[1] for _ in range(args.repeat))
        print(f"{bucket:<13}{n:>7}{s['ours'] / n:>11.3f}{s['cld2'] / n:>8.3f}{s['und'] / n:>7.3f}"
              f"{s['reliable'] / n:>10.3f}{len(sample) / ours_seconds:>12,.0f}{len(sample) / cld2_seconds:>14,.0f}")
    print(f"all {len(rows)} texts in one presswork run: {cpu:.2f} CPU-s, {len(rows) / cpu:,.0f} lines per CPU-second")

    single = sum(stats[b]["n"] for b in ("sentence", "paragraph"))
    print()
    print(f"single-language sentences and paragraphs reported as mixed ({single} texts): "
          f"presswork {sum(stats[b]['ours mixed'] for b in ('sentence', 'paragraph')) / single:.3f}, "
          f"cld2 vector {sum(stats[b]['cld2 mixed'] for b in ('sentence', 'paragraph')) / single:.3f}")

    lines = mixed_lines(rows, args.pairs, args.seed)
    mixed, _ = presswork(args.binary, [line["text"] for line in lines])
    vectors, _ = cld2(pycld2, [line["text"] for line in lines])
    groups = collections.defaultdict(lambda: collections.Counter())
    for line, answer, vector in zip(lines, mixed, vectors):
        for group in ("all", "same script" if line["same_script"] else "two scripts"):
            g = groups[group]
            g["n"] += 1
            g["ours"] += all(lang in presswork_reported(answer) for lang in line["langs"])
            g["cld2"] += all(lang in vector for lang in line["langs"])
    print(f"mixed lines (two UDHR sentences, seed {args.seed}): both languages reported")
    print(f"{'lines':<13}{'n':>7}{'presswork':>11}{'cld2':>8}")
    for group in ("all", "two scripts", "same script"):
        g = groups[group]
        if g["n"]:
            print(f"{group:<13}{g['n']:>7}{g['ours'] / g['n']:>11.3f}{g['cld2'] / g['n']:>8.3f}")


if __name__ == "__main__":
    main()
