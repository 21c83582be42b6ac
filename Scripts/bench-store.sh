#!/usr/bin/env bash
# Store benchmark: the embedded store filled with N jobs and results made from real pages (the Readability
# test pages of ../shared/data, or WCXB dev pages with WCXB=DIR, processed once by `presswork process`),
# each job keeping its page as its body, 256 per transaction as the coordinator commits them. Then the
# queries of `presswork results` (first page of 50, median of 11) and `export` (every page) on it.
# Prints the fill rate, CPU per job, bytes per job (and of it the bodies, as submitted and as stored) and each
# query's time. Bodies are compressed as the coordinator compresses them; --compress no stores them as they are.
#
#   Scripts/bench-store.sh [--jobs N] [--compress no]   # default 100,000 jobs (~3–25 GB of disk)
#   Scripts/bench-store.sh --postgres [--jobs N]        # the same against a PostgreSQL server it starts
#                                                       # (initdb in a temporary directory; fsync on)
#   WCXB=/path/to/wcxb Scripts/bench-store.sh --jobs 20000
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=100000
compress=yes
postgres=no
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=yes; shift ;;
    --jobs) jobs="$2"; shift 2 ;;
    --compress) compress="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bin="$bin_dir"
bench_workdir

if [ -n "${WCXB:-}" ]; then
  mkdir -p "$work/pages"
  for file in "$WCXB"/wcxb-dev/html/*.html.gz; do
    name=$(basename "$file" .gz)
    gunzip -c "$file" >"$work/pages/$name"
  done
  pages="$work/pages"
else
  bench_readability_pages
  mkdir -p "$work/pages"
  for dir in "$pages"/*/; do cp "$dir/source.html" "$work/pages/$(basename "$dir").html" 2>/dev/null || true; done
  pages="$work/pages"
fi
"$bin/presswork" process --json "$pages" >"$work/documents.jsonl" 2>/dev/null || true
echo "$(wc -l <"$work/documents.jsonl") documents from $pages; $jobs jobs"
store=()
if [ "$postgres" = yes ]; then
  # A server of its own, default settings (fsync on), run as the postgres user when this runs as root.
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || { echo "no PostgreSQL server binaries (apt install postgresql)" >&2; exit 1; }
  as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$work"
    as_postgres=(setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --clear-groups --)
  fi
  mkdir -p "$work/pg"
  if [ ${#as_postgres[@]} -gt 0 ]; then chown postgres "$work/pg"; fi
  "${as_postgres[@]}" "$bindir/initdb" -D "$work/pg/data" -U presswork --auth=trust >/dev/null
  port=$((20000 + RANDOM % 20000))
  "${as_postgres[@]}" "$bindir/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
  trap '"${as_postgres[@]}" "$bindir/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1; bench_cleanup' EXIT
  "${as_postgres[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U presswork presswork
  store=(--store "postgres://presswork@127.0.0.1:$port/presswork")
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
fi
"$bin/presswork-bench" store --data "$work/data" --documents "$work/documents.jsonl" --jobs "$jobs" \
  --compress "$compress" "${store[@]}"
echo "machine: $(bench_machine)"
