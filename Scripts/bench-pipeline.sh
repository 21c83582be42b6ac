#!/usr/bin/env bash
# Pipeline benchmark on one core: the Readability test pages through `presswork process --json` against the
# Python pipeline trafilatura (extraction with metadata) + py3langid (language of the extracted text), both
# pinned to core 0, run alternately 3 times each. Prints a table and writes .bench/pipeline.json.
#
#   Scripts/bench-pipeline.sh [--repeats N]
#   PRESSWORK_BIN=/path/to/presswork Scripts/bench-pipeline.sh    # use a ready binary instead of building
#
# Reads ../shared/data (never copied in); skips with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. Scripts/bench-common.sh
bench_readability_pages
bench_binaries
binary="$bin_dir/presswork"

if ! python3 -c "import trafilatura, py3langid" 2>/dev/null; then
    echo "bench-pipeline: installing trafilatura and py3langid with pip" >&2
    # lxml 5.2+ moved the HTML cleaner that jusText (a trafilatura dependency) imports to its own package.
    pip install --quiet trafilatura lxml_html_clean py3langid
fi

machine="$(bench_machine)"
mkdir -p .bench
python3 Scripts/bench_pipeline.py --binary "$binary" --pages "$pages" --machine "$machine" \
    --json .bench/pipeline.json "$@"
