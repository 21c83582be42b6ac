#!/usr/bin/env bash
# Main-content extraction benchmark: Presswork against trafilatura on the Readability test pages, then on
# WCXB dev (1,358 pages of the 2025 web, seven page types) when it is available.
#
#   Scripts/bench-extraction.sh            # release build, both systems, side-by-side tables
#   KEEP=1 Scripts/bench-extraction.sh     # keep the prediction directories (printed at the end)
#   NO_REFERENCE=1 Scripts/bench-extraction.sh   # ours only (fast tuning loop)
#   WCXB=DIR Scripts/bench-extraction.sh   # DIR holds wcxb-dev/ (made by ../shared/tools/wcxb-extract.sh)
#
# Reads ../shared/data (never copied in); skips with a message when it is absent. Without WCXB, WCXB dev
# is extracted once into .build/wcxb (from the benchmark's git snapshot, where wcxb-extract.sh finds it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pages="$root/../shared/data/extraction/readability/test-pages"
tool="$root/../shared/tools/extraction_eval.py"
if [[ ! -d "$pages" || ! -f "$tool" ]]; then
    echo "bench-extraction: skipped, $pages or $tool is absent (the shared data is not on this machine)"
    exit 0
fi

binary=$(Scripts/presswork-bin.sh 2>/dev/null) || { echo "bench-extraction: no presswork binary" >&2; exit 1; }

work=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$work"' EXIT; fi
python3 "$root/Scripts/bench_extraction.py" --binary "$binary" --pages "$pages" --out "$work/presswork"

args=(readability --pred "$work/presswork" --out-root "$work" --bootstrap 200 --json "$work/results.json")
if [[ -z "${NO_REFERENCE:-}" ]]; then
    if ! python3 -c "import trafilatura" 2>/dev/null; then
        echo "bench-extraction: installing trafilatura with pip" >&2
        # lxml 5.2+ moved the HTML cleaner that jusText (a trafilatura dependency) imports to its own package.
        pip install --quiet trafilatura lxml_html_clean
    fi
    args+=(--run-reference trafilatura)
fi
python3 "$tool" "${args[@]}"

python3 - "$work/results.json" "$work/presswork" <<'PY'
import json, sys
from collections import defaultdict
from pathlib import Path
results = json.load(open(sys.argv[1]))
print()
print(f"{'system':<14}{'F1':>7}{'P':>7}{'R':>7}{'pF1':>7}{'CPU s':>8}{'pages/CPU-s':>13}")
for r in results:
    t, run = r["text"], r.get("run") or {}
    print(f"{r['system']:<14}{t['f1']:>7.3f}{t['precision']:>7.3f}{t['recall']:>7.3f}{t['page_f1']:>7.3f}"
          f"{run.get('cpu_s', float('nan')):>8.2f}{run.get('cpu_pages_per_s') or float('nan'):>13.1f}")
if len(results) == 2:
    ours, ref = (r.get("run", {}).get("cpu_pages_per_s") for r in results)
    if ours and ref:
        print(f"speed ratio (presswork / {results[1]['system']}): {ours / ref:.1f}x pages per CPU-second")

# Text F1 by the page's language (as Presswork identified it; the gold metadata lacks it for many pages),
# micro-averaged over 4-gram shingles, for the parity target between English and other languages.
languages = {}
for page in Path(sys.argv[2]).glob("*.json"):
    if page.name != "_run.json":
        languages[page.stem] = json.loads(page.read_text("utf-8")).get("language") or "und"
def group(code):
    return code if code in ("en", "zh", "ja", "ru", "ar", "th") else "other"
print()
print(f"{'language':<10}{'pages':>6}" + "".join(f"{r['system'][:12]:>14}" for r in results))
groups = defaultdict(list)
for page, code in languages.items():
    groups[group(code)].append(page)
for name in sorted(groups, key=lambda g: (g != "en", g)):
    cells = []
    for r in results:
        tp = fp = fn = 0
        for page in groups[name]:
            counts = (r.get("per_page") or {}).get(page, {}).get("tp_fp_fn") or (0, 0, 0)
            tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        cells.append(f"{f1:>14.3f}")
    print(f"{name:<10}{len(groups[name]):>6}" + "".join(cells))
PY

# WCXB dev: word F1 per page type, empty outputs, metadata, and the page-type confusion matrix.
wcxb_root=${WCXB:-$root/.build/wcxb}
if [[ ! -d "$wcxb_root/wcxb-dev" ]]; then
    mkdir -p "$wcxb_root"
    if ! bash "$root/../shared/tools/wcxb-extract.sh" dev "$wcxb_root/wcxb-dev" >&2; then
        rm -rf "$wcxb_root/wcxb-dev"
        echo "bench-extraction: WCXB dev skipped (no snapshot of the benchmark here; set WCXB=DIR)"
        [[ -n "${KEEP:-}" ]] && echo "predictions kept in $work"
        exit 0
    fi
fi
python3 "$tool" wcxb-dev --data-root "$wcxb_root" --manifest > "$work/wcxb-manifest.jsonl"
python3 "$root/Scripts/bench_extraction.py" --binary "$binary" --manifest "$work/wcxb-manifest.jsonl" \
    --out "$work/wcxb/presswork"
args=(wcxb-dev --data-root "$wcxb_root" --pred "$work/wcxb/presswork" --out-root "$work/wcxb" --json "$work/wcxb.json")
[[ -z "${NO_REFERENCE:-}" ]] && args+=(--run-reference trafilatura)
python3 "$tool" "${args[@]}"
python3 - "$wcxb_root/wcxb-dev" "$work/wcxb/presswork" <<'PY'
import json, sys
from collections import Counter
from pathlib import Path
gold_dir, pred_dir = Path(sys.argv[1]) / "ground-truth", Path(sys.argv[2])
kinds = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
matrix, empty, right, total = Counter(), Counter(), 0, 0
for gold_file in sorted(gold_dir.glob("*.json")):
    gold = json.loads(gold_file.read_text("utf-8"))
    truth = gold["_internal"]["page_type"]["primary"]
    truth = "collection" if truth == "category" else truth
    pred_file = pred_dir / gold_file.name
    pred = json.loads(pred_file.read_text("utf-8")) if pred_file.exists() else {}
    guess = pred.get("pageType") or "(failed)"
    if not (pred.get("text") or "").strip() and (gold["ground_truth"].get("main_content") or "").strip():
        empty[truth] += 1
    matrix[truth, guess] += 1
    right += truth == guess
    total += 1
columns = kinds + ["paywall", "(failed)"]
print()
print("presswork page type (rows: gold, columns: pageType)")
print(f"{'':>14}" + "".join(f"{c[:10]:>11}" for c in columns) + f"{'empty':>8}")
for truth in kinds:
    print(f"{truth:>14}" + "".join(f"{matrix[truth, c]:>11}" for c in columns) + f"{empty[truth]:>8}")
articles = sum(n for (t, g), n in matrix.items() if (t == "article") == (g == "article"))
print(f"page type right: {right / total:.1%}; article vs the rest: {articles / total:.1%}; "
      f"empty outputs where the gold has text: {sum(empty.values())} of {total}")
PY
[[ -n "${KEEP:-}" ]] && echo "predictions kept in $work"
exit 0
