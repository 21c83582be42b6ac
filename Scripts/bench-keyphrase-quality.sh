#!/usr/bin/env bash
# Keyphrase quality against gold keyphrases: F1@10 per dataset and language, Presswork beside YAKE (the
# reference implementation, pip package `yake`) on the same texts in one run (Scripts/bench_keyphrase_quality.py
# says how phrases are matched).
#
#   KEYPHRASE_DATA=DIR Scripts/bench-keyphrase-quality.sh            # every document
#   KEYPHRASE_DATA=DIR Scripts/bench-keyphrase-quality.sh --limit 100
#
# DIR holds the public datasets, unpacked, never copied into this repository:
#   - https://github.com/LIAAD/KeywordExtractor-Datasets: unzip datasets/110-PT-BN-KP.zip (pt news),
#     500N-KPCrowd-v1.1.zip (en news), WikiNews.zip (fr news), Inspec.zip, SemEval2017.zip (en abstracts),
#     pak2018.zip (pl abstracts), each into DIR/NAME/ (docsutf8/, keys/, lan.txt);
#   - https://github.com/mannefedov/ru_kw_eval_datasets: unzip data/ng_0.jsonlines.zip and
#     data/russia_today_0.jsonlines.zip (ru news, editors' tags) into DIR/ru/.
#
# Measured 2026-12-07 (release build, every document; Presswork's whole pipeline took a tenth to a twentieth
# of YAKE's CPU time):
#   dataset             lang  docs   Presswork F1@10   YAKE F1@10
#   110-PT-BN-KP        pt     110   0.293             0.198
#   500N-KPCrowd-v1.1   en     500   0.126             0.079
#   WikiNews            fr     100   0.304             0.242
#   ru/ng_0             ru     999   0.176             0.072
#   ru/russia_today_0   ru     999   0.180             0.073
#   SemEval2017         en     493   0.186             0.179
#   Inspec              en    2000   0.136             0.172
#   pak2018             pl      50   0.053             0.036
# Inspec's abstracts (130 words) favour YAKE's three-word phrases, which Presswork ranks lower when they occur
# once (news in every language scored better that way; Keyphrases.swift says why).
# Recall counts gold phrases absent from the text (most of the Russian tags and Inspec's thesaurus terms),
# so no system comes near 1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data="${KEYPHRASE_DATA:-}"
if [[ -z "$data" || ! -d "$data" ]]; then
    echo "bench-keyphrase-quality: skipped, set KEYPHRASE_DATA to a directory of keyphrase datasets (see this script's header)"
    exit 0
fi
if ! python3 -c "import yake, snowballstemmer" 2>/dev/null; then
    echo "bench-keyphrase-quality: installing yake and snowballstemmer with pip" >&2
    pip install --quiet yake snowballstemmer
fi
binary=$(Scripts/presswork-bin.sh 2>/dev/null) || { echo "${0##*/}: no presswork binary" >&2; exit 1; }
python3 "$root/Scripts/bench_keyphrase_quality.py" --binary "$binary" --data "$data" "$@"
