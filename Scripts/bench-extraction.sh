#!/usr/bin/env bash
# Main-content extraction benchmark: Presswork against trafilatura on the Readability test pages.
#
#   Scripts/bench-extraction.sh            # release build, both systems, side-by-side table
#   KEEP=1 Scripts/bench-extraction.sh     # keep the prediction directories (printed at the end)
#   NO_REFERENCE=1 Scripts/bench-extraction.sh   # ours only (fast tuning loop)
#
# Reads ../shared/data (never copied in); skips with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pages="$root/../shared/data/extraction/readability/test-pages"
tool="$root/../shared/tools/extraction_eval.py"
if [[ ! -d "$pages" || ! -f "$tool" ]]; then
    echo "bench-extraction: skipped, $pages or $tool is absent (the shared data is not on this machine)"
    exit 0
fi

swift build -c release --product presswork >/dev/null
binary="$(swift build -c release --show-bin-path)/presswork"

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
[[ -n "${KEEP:-}" ]] && echo "predictions kept in $work"
exit 0
