#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 30 s each; FUZZ_SECONDS to change).
# `--build` only builds them all (CI does that before the tests, so a broken target fails early).
# cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP=1 lets the stable toolchain provide them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-30}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1
if [ "${1:-}" = "--build" ]; then
    exec cargo fuzz build
fi

# The published samples (shared/outside, never copied into the repository) seed the targets that read
# whole returns, as they are and in UTF-16 (a return saved by Excel as "Unicode text"), in a corpus
# folder under target/ made afresh for each run. CAREFILE_OUTSIDE names that folder, as for the
# tests; else the first shared/outside beside the repository or above it; else /work/shared/outside.
outside="${CAREFILE_OUTSIDE:-}"
dir="$(cd .. && pwd)"
while [ -z "$outside" ] && [ "$dir" != / ]; do
    dir="$(dirname "$dir")"
    [ -d "$dir/shared/outside" ] && outside="$dir/shared/outside"
done
outside="${outside:-/work/shared/outside}"
sample_seeds() { # target, folder of samples under shared/outside
    local into="target/outside-seeds/$1" f
    rm -rf "$into"
    mkdir -p "$into"
    if [ ! -d "$outside/$2" ]; then
        echo "fuzz: no samples in '$outside/$2' to seed $1 with" >&2
        return
    fi
    for f in "$outside/$2"/*; do
        cp "$f" "$into/"
        iconv -f UTF-8 -t UTF-16 "$f" >"$into/utf16-${f##*/}" 2>/dev/null || rm -f "$into/utf16-${f##*/}"
    done
}
sample_seeds ssda903_xml ssda903/samples
sample_seeds ssda903_stream ssda903/samples
sample_seeds cin_xml cin/samples

for target in $(cargo fuzz list); do
    mkdir -p "corpus/$target" "seeds/$target" "target/outside-seeds/$target"
    log="target/fuzz-$target.log"
    mkdir -p target
    echo "fuzzing $target for ${seconds}s (log: fuzz/$log)" >&2
    if ! cargo fuzz run "$target" "corpus/$target" "seeds/$target" "target/outside-seeds/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=1048576 > "$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz target $target failed: the crashing input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    tail -n 1 "$log" >&2
done
