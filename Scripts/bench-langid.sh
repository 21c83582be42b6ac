#!/usr/bin/env bash
# Language-identification benchmark: `presswork langid --json` against CLD2 called directly (pycld2, best
# effort; installed with pip when missing) over the UDHR texts in ../shared/data, in one run
# (Scripts/bench_langid.py): accuracy per length bucket (und counts as wrong), lines per CPU-second per bucket
# (each system on one core), single-language sentences and paragraphs reported as mixed, and mixed lines it
# builds from two UDHR sentences in different languages (600, seeded) with the share where both languages
# are reported (Presswork: the code or a span; CLD2: its language vector); then the team's langid_eval.py.
#
#   Scripts/bench-langid.sh          # release build, predictions, both reports
#   KEEP=1 Scripts/bench-langid.sh   # keep the predictions file (printed at the end)
#
# Reads ../shared/data (never copied in); skips with a message when it is absent.
#
# Measured 2026-12-07 (release build, one core of a shared 2-core VM whose speed varies between runs; two
# runs, so the speed columns are ranges):
#   bucket        texts  presswork    cld2    und   lines/CPU-s presswork / cld2
#   paragraph      2316      0.991   0.991  0.001   49,000-72,000 / 84,000-93,000
#   sentence       2895      0.991   0.991  0.001   93,000-98,000 / 99,000-102,000
#   word-pair      8000      0.843   0.841  0.018   243,000-271,000 / 259,000-275,000
#   single-word    8000      0.762   0.758  0.023   247,000-277,000 / 246,000-255,000
#   single-language texts reported as mixed: 0.000 (cld2 vector 0.000)
#   mixed lines, both languages: 0.968 (cld2 vector 0.968); two scripts 0.992 / 0.992; same script
#   0.851 / 0.851. With 3,000 lines (--pairs 3000 --seed 5): 0.959 / 0.956.
# CLD2 is about two thirds of Presswork's time on a sentence (perf); the rest is cleaning, the one pass that
# cuts pieces and counts letters per script, and the answer's JSON. Paragraphs cost more: each of their
# pieces is judged on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data="$root/../shared/data/langid/udhr.jsonl"
tool="$root/../shared/tools/langid_eval.py"
if [[ ! -f "$data" || ! -f "$tool" ]]; then
    echo "bench-langid: skipped, $data or $tool is absent (the shared data is not on this machine)"
    exit 0
fi

if ! python3 -c "import pycld2" 2>/dev/null; then
    echo "bench-langid: installing pycld2 with pip" >&2
    pip install --quiet pycld2
fi

binary=$(Scripts/presswork-bin.sh 2>/dev/null) || { echo "${0##*/}: no presswork binary" >&2; exit 1; }

work=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$work"' EXIT; fi
python3 "$root/Scripts/bench_langid.py" --binary "$binary" --data "$data" --out "$work/preds.jsonl"
echo
python3 "$tool" --pred "$work/preds.jsonl" --data "$data"
[[ -n "${KEEP:-}" ]] && echo "predictions kept in $work/preds.jsonl"
exit 0
