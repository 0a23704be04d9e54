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
for target in $(cargo fuzz list); do
    mkdir -p "corpus/$target"
    log="target/fuzz-$target.log"
    mkdir -p target
    echo "fuzzing $target for ${seconds}s (log: fuzz/$log)" >&2
    if ! cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=1048576 > "$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz target $target failed: the crashing input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    tail -n 1 "$log" >&2
done
