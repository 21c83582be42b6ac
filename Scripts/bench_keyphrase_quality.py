#!/usr/bin/env python3
"""Keyphrase quality against gold keyphrases: F1@k per dataset and language, Presswork beside YAKE.

Datasets are read from a directory (never copied into the repository), in either layout:
  NAME/docsutf8/*.txt + NAME/keys/*.key + NAME/lan.txt   (LIAAD's KeywordExtractor-Datasets)
  LANG/*.jsonlines with "content", "title", "keywords"   (mannefedov's ru_kw_eval_datasets in ru/; the
                                                          directory's name is the language code)

Every document goes to `presswork process --json` as plain text (its title as the first line where the
dataset has one) without a language hint, so identification is part of what is measured. YAKE (the
reference implementation, pip package `yake`) gets the same text, the dataset's language, phrases of up
to 3 words and the same k.

Matching follows the keyphrase literature: a phrase is lowercased, split into words, each word reduced by
the Snowball stemmer of the dataset's language (pip package `snowballstemmer`; no stemming where it has
none), and compared exactly; predictions that match the same gold phrase count once. Precision@k is
matches / number predicted (at most k), recall is matches / all gold phrases (those absent from the text
included, so no system reaches 1), F1 is their harmonic mean per document, averaged over documents.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

WORD = re.compile(r"\w+", re.UNICODE)

SNOWBALL = {
    "en": "english", "pt": "portuguese", "fr": "french", "es": "spanish", "de": "german", "ru": "russian",
    "pl": "polish", "it": "italian", "nl": "dutch", "ar": "arabic", "tr": "turkish",
}


def load_datasets(root, limit):
    """Yields (name, language, [(doc_id, text, [gold phrases])]) for every dataset under root."""
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if not os.path.isdir(path):
            continue
        docs_dir, keys_dir = os.path.join(path, "docsutf8"), os.path.join(path, "keys")
        if os.path.isdir(docs_dir) and os.path.isdir(keys_dir):
            language_file = os.path.join(path, "lan.txt")
            if not os.path.isfile(language_file):
                print(f"bench-keyphrase-quality: {name} skipped, it has no lan.txt", file=sys.stderr)
                continue
            with open(language_file, encoding="utf-8") as handle:
                language = handle.read().strip()[:2].lower()
            documents = []
            for file in sorted(os.listdir(docs_dir)):
                stem = file.rsplit(".", 1)[0]
                key_path = os.path.join(keys_dir, stem + ".key")
                if not os.path.isfile(key_path):
                    continue
                with open(os.path.join(docs_dir, file), encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                with open(key_path, encoding="utf-8", errors="replace") as handle:
                    gold = [line.strip() for line in handle if line.strip()]
                if text.strip() and gold:
                    documents.append((f"{name}/{stem}", text, gold))
                if limit and len(documents) >= limit:
                    break
            yield name, language, documents
            continue
        for file in sorted(os.listdir(path)):
            if not file.endswith(".jsonlines"):
                continue
            documents = []
            with open(os.path.join(path, file), encoding="utf-8") as handle:
                for number, line in enumerate(handle):
                    record = json.loads(line)
                    text = (record.get("title") or "").strip() + "\n\n" + (record.get("content") or "")
                    gold = [k.strip() for k in record.get("keywords") or [] if k.strip()]
                    if record.get("content") and gold:
                        documents.append((f"{file}/{number}", text, gold))
                    if limit and len(documents) >= limit:
                        break
            yield f"{name}/{file.rsplit('.', 1)[0]}", name[:2], documents


class Matcher:
    """Normalizes phrases for matching: lowercase, words, Snowball stems."""

    def __init__(self, language):
        import snowballstemmer

        algorithm = SNOWBALL.get(language)
        self.stemmer = snowballstemmer.stemmer(algorithm) if algorithm in snowballstemmer.algorithms() else None

    def key(self, phrase):
        words = WORD.findall(phrase.lower())
        if self.stemmer:
            words = self.stemmer.stemWords(words)
        return " ".join(words)


def score(predicted, gold, matcher, k):
    gold_keys = {matcher.key(g) for g in gold} - {""}
    seen, hits, count = set(), 0, 0
    for phrase in predicted:
        key = matcher.key(phrase)
        if not key or key in seen:
            continue
        seen.add(key)
        count += 1
        if key in gold_keys:
            hits += 1
        if count == k:
            break
    precision = hits / count if count else 0.0
    recall = hits / len(gold_keys) if gold_keys else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def run_presswork(binary, documents):
    """Keyphrase texts per document id, the detected languages, and the CPU seconds of the whole pipeline."""
    with tempfile.TemporaryDirectory() as work:
        batch = os.path.join(work, "batch.jsonl")
        with open(batch, "w", encoding="utf-8") as handle:
            for doc_id, text, _ in documents:
                handle.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        before = os.times()
        result = subprocess.run([binary, "process", "--json", batch], capture_output=True, check=False)
        after = os.times()
    phrases, languages = {}, {}
    for line in result.stdout.splitlines():
        document = json.loads(line)
        doc_id = document.get("articleId") or document.get("id")
        phrases[doc_id] = [k["text"] for k in document.get("keywords") or []]
        languages[doc_id] = (document.get("language") or {}).get("code")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return phrases, languages, cpu


def run_yake(documents, language, k):
    import yake

    extractor = yake.KeywordExtractor(lan=language, n=3, top=k)
    phrases = {}
    start = time.process_time()
    for doc_id, text, _ in documents:
        try:
            phrases[doc_id] = [phrase for phrase, _ in extractor.extract_keywords(text)]
        except Exception as error:  # YAKE fails on some inputs; count the document as empty
            print(f"yake: {doc_id}: {error}", file=sys.stderr)
            phrases[doc_id] = []
    return phrases, time.process_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the presswork binary")
    parser.add_argument("--data", required=True, help="directory holding the datasets")
    parser.add_argument("--k", type=int, default=10, help="keyphrases scored per document (default 10)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many documents per dataset")
    parser.add_argument("--no-yake", action="store_true", help="score Presswork only")
    parser.add_argument("--dump", help="write every document's gold and predicted phrases to this JSONL file")
    args = parser.parse_args()

    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    header = f"{'dataset':<28} {'lang':<4} {'docs':>5} {'gold/doc':>8}  {'presswork P / R / F1@' + str(args.k):<26}"
    if not args.no_yake:
        header += f"  {'yake P / R / F1@' + str(args.k):<22}"
    header += "  lang ok  CPU-s pw/yake"
    print(header)
    for name, language, documents in load_datasets(args.data, args.limit):
        if not documents:
            continue
        matcher = Matcher(language)
        ours, detected, our_cpu = run_presswork(args.binary, documents)
        theirs, their_cpu = ({}, 0.0) if args.no_yake else run_yake(documents, language, args.k)
        totals = {"pw": [0.0, 0.0, 0.0], "yake": [0.0, 0.0, 0.0]}
        for doc_id, _, gold in documents:
            for system, predictions in (("pw", ours), ("yake", theirs)):
                for index, value in enumerate(score(predictions.get(doc_id, []), gold, matcher, args.k)):
                    totals[system][index] += value
            if dump:
                record = {"id": doc_id, "gold": gold, "presswork": ours.get(doc_id, []), "yake": theirs.get(doc_id)}
                dump.write(json.dumps(record, ensure_ascii=False) + "\n")
        n = len(documents)
        gold_per_doc = sum(len(gold) for _, _, gold in documents) / n
        agree = sum(1 for doc_id, _, _ in documents if detected.get(doc_id) == language) / n
        pw = "{:.3f} / {:.3f} / {:.3f}".format(*(value / n for value in totals["pw"]))
        line = f"{name:<28} {language:<4} {n:>5} {gold_per_doc:>8.1f}  {pw:<26}"
        if not args.no_yake:
            yk = "{:.3f} / {:.3f} / {:.3f}".format(*(value / n for value in totals["yake"]))
            line += f"  {yk:<22}"
        line += f"  {agree:>7.3f}  {our_cpu:.1f} / {their_cpu:.1f}"
        print(line, flush=True)
    if dump:
        dump.close()


if __name__ == "__main__":
    main()
