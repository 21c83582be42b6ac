#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a bounded time (Scripts/FUZZING.md).
#
#   Scripts/fuzz.sh [pipeline|protocol|all] [--seconds N] [--max-len BYTES] [--corpus DIR] [--no-build]
#
# --corpus keeps the corpus in DIR/<target> across runs (default: a fresh temporary one each run).
# Crashers, hangs and leaks are saved under .fuzz/<target>/ (gitignored); replay one with a plain
# `swift build` and `.build/debug/presswork-fuzz-<target> FILE`, or with the fuzzer binary itself.
set -euo pipefail
cd "$(dirname "$0")/.."

which=all
seconds=120
build=1
max_len=
keep=
while (($#)); do
    case "$1" in
        pipeline | protocol | all) which=$1 ;;
        --seconds) seconds=${2:?--seconds needs a number}; shift ;;
        --no-build) build=0 ;;
        --max-len) max_len=${2:?--max-len needs a number}; shift ;;
        --corpus) keep=${2:?--corpus needs a directory}; shift ;;
        -h | --help) sed -n 2,9p "$0"; exit 0 ;;
        *) echo "usage: Scripts/fuzz.sh [pipeline|protocol|all] [--seconds N] [--max-len BYTES] [--corpus DIR]" \
            "[--no-build]" >&2; exit 2 ;;
    esac
    shift
done
targets=(pipeline protocol)
[[ $which == all ]] || targets=("$which")

# -parse-as-library: the targets have no main.swift. PRESSWORK_FUZZ swaps the replay main for one that
# starts libFuzzer's driver (SwiftPM aliases `main` to the module's entry point, so libFuzzer's own `main`
# is never linked), declared with @_extern(c), hence the Extern feature. -Xcc instruments the C and C++
# targets (ICU and CLD2 shims) for coverage and ASan too.
flags=(
    -c release --scratch-path .build-fuzz
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DPRESSWORK_FUZZ
    -Xswiftc -enable-experimental-feature -Xswiftc Extern
    -Xcc -fsanitize=fuzzer-no-link,address
)
# One product at a time: `-sanitize=fuzzer` cannot link the other executables (their own main).
for target in "${targets[@]}"; do
    ((build)) || break
    echo "== building presswork-fuzz-$target"
    swift build "${flags[@]}" --product "presswork-fuzz-$target" 2>&1 | grep -v '^warning: prohibited flag' >&2
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds=Scripts/fuzz-seeds
shared=../shared/data

# Pipeline inputs start with two selector bytes (format, content type, language hint, URL, tokens: see
# FuzzPipeline.swift); each seed goes in with a few of them. The shared pages go in cut to their first
# 8 KiB (the head, where the metadata is): whole pages bring the fuzzer down to a few runs a second.
seed_pipeline() {
    local corpus=$1 n=0 file header limit
    local files=("$seeds"/pipeline/*)
    [[ -f $shared/seed/000_6f6383990d9e24ad.txt ]] && files+=("$shared"/seed/*.txt)
    [[ -d $shared/extraction/readability/test-pages ]] && files+=("$shared"/extraction/readability/test-pages/*/source.html)
    for file in "${files[@]}"; do
        limit=65534
        [[ $file == "$shared"/* ]] && limit=8190
        for header in '\x00\x00' '\x01\x09' '\x26\x02' '\xe6\x0b'; do
            n=$((n + 1))
            { printf "$header"; head -c "$limit" "$file"; } >"$corpus/seed-$n"
        done
    done
}

# Protocol seeds are text files with one frame a line; the target wants each frame as a 2-byte big-endian
# length and the bytes.
seed_protocol() {
    local corpus=$1 n=0 file
    for file in "$seeds"/protocol/*.txt; do
        n=$((n + 1))
        perl -ne 'chomp; print pack("n", length) . $_' "$file" >"$corpus/seed-$n"
    done
}

mkdir -p .fuzz
status=0
for target in "${targets[@]}"; do
    corpus=${keep:-$work}/$target
    mkdir -p "$corpus" ".fuzz/$target"
    "seed_$target" "$corpus"
    length=$max_len
    [[ -n $length ]] || case $target in
        pipeline) length=65536 ;;
        protocol) length=16384 ;;
    esac
    log=.fuzz/$target.log
    echo "== fuzzing $target for ${seconds}s ($(ls "$corpus" | wc -l) seeds, log in $log)"
    set +e
    ".build-fuzz/release/presswork-fuzz-$target" "$corpus" \
        -max_total_time="$seconds" -max_len="$length" -rss_limit_mb=4096 -timeout=10 \
        -dict="$seeds/$target.dict" -artifact_prefix=".fuzz/$target/" -print_final_stats=1 >"$log" 2>&1
    code=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    found=$(grep -c -E '^==[0-9]+==ERROR|^SUMMARY: libFuzzer|deadly signal|Fatal error|ALARM: working on the last Unit' "$log" || true)
    echo "$target: ${runs:-?} executions, ${speed:-?} exec/s, exit $code, final corpus $(ls "$corpus" | wc -l) inputs"
    if ((code != 0 || found > 0)); then
        status=1
        echo "$target: FOUND A PROBLEM; artifacts:" && ls -1 ".fuzz/$target/"
        grep -m 5 -E 'ERROR|Fatal error|SUMMARY' "$log" || true
    else
        echo "$target: no crash"
    fi
done
exit "$status"
