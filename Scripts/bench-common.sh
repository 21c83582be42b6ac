# Shared by the bench-*.sh scripts (sourced, not run): the binaries, a work directory cleaned up on exit,
# and the machine line every report carries.

# Sets bin_dir to the directory holding presswork (and presswork-bench when asked for with `bench`):
# PRESSWORK_BIN's directory when set, else a release build. A failed build stops the benchmark rather
# than measuring an old binary.
bench_binaries() {
  if [ -n "${PRESSWORK_BIN:-}" ]; then
    bin_dir="$(dirname "$(Scripts/presswork-bin.sh)")"
    return
  fi
  Scripts/install-deps.sh >/dev/null
  local product
  for product in presswork ${1:+presswork-bench}; do
    swift build -c release --product "$product" >/tmp/bench-build.$$ 2>&1 \
      || { grep -E "error" /tmp/bench-build.$$ >&2; rm -f /tmp/bench-build.$$; echo "build of $product failed" >&2; exit 1; }
  done
  rm -f /tmp/bench-build.$$
  bin_dir="$(swift build -c release --show-bin-path)"
}

# Makes $work (removed on exit) and kills the pids listed in $pids on exit.
bench_workdir() {
  work=$(mktemp -d)
  pids=""
  trap 'bench_cleanup' EXIT
}

bench_cleanup() {
  [ -n "$pids" ] && kill $pids 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}

bench_machine() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(. /etc/os-release; echo "$PRETTY_NAME")"
}

# The Readability test pages of ../shared/data, or exit 0 with a message when the shared data is absent.
bench_readability_pages() {
  pages="$(pwd)/../shared/data/extraction/readability/test-pages"
  if [[ ! -d "$pages" ]]; then
    echo "$(basename "$0" .sh): skipped, $pages is absent (the shared data is not on this machine)"
    exit 0
  fi
}
