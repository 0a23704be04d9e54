#!/usr/bin/env bash
# carefile's whole test suite, as CI runs it (`.ci/run` calls exactly this).
# It installs what the tests need and then runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# Compiling the workspace's tests is the longest step and uses both of CI's cores; the set-up below is
# mostly downloads and installs, so it runs beside that build instead of before it.
mkdir -p target
cargo test --workspace --locked --no-run >target/test-build.log 2>&1 &
build_pid=$!
trap 'kill "$build_pid" 2>/dev/null || true' EXIT

# The reference validators (the oracles of the differential tests) live in a
# Python venv under target/; the tests say so and skip comparison where it is missing.
if command -v python3 >/dev/null 2>&1; then
    bash scripts/setup-oracles.sh || echo "warning: the reference validators could not be installed; differential tests will report that they were skipped" >&2
fi

# DuckDB (PyPI) reads the regional extracts' Parquet files back in crates/regional's tests.
bash scripts/setup-duckdb.sh

# Debian's chromium and playwright-core for the browser tests (report, web pages).
bash scripts/setup-browser.sh

# hadolint and systemd-analyze, which check the deployment files (deploy/).
bash scripts/setup-lint.sh

# The web application's vendored stylesheet and scripts are exactly what their pinned sources build.
bash scripts/build-assets.sh --check

# A throwaway PostgreSQL on loopback, so the store's tests run on that backend
# too (CAREFILE_TEST_PG_URL); stopped when this script exits.
source scripts/setup-postgres.sh
trap 'kill "$build_pid" 2>/dev/null || true; carefile_pg_stop' EXIT

if ! wait "$build_pid"; then
    tail -n 200 target/test-build.log >&2
    echo "test.sh: the workspace's tests did not build (whole log: target/test-build.log)" >&2
    exit 1
fi
tail -n 1 target/test-build.log

# The fuzz targets are a workspace of their own: build them (or, when fuzzing is off, check them)
# against today's APIs before the long run, not after it.
if [ "${FUZZ_SECONDS:-30}" != "0" ]; then
    bash scripts/fuzz.sh --build
else
    cargo check --manifest-path fuzz/Cargo.toml --locked --bins
fi

# The browser validator (crates/wasm as WebAssembly, scripts/build-validator.sh) costs about 6 minutes
# of build from a clean clone (std rebuilt for wasm32), more than CI's budget leaves: it is built, and
# crates/cli/tests/validator.rs checks it in Chromium, only with CAREFILE_BUILD_VALIDATOR=1 (the test
# says it skipped otherwise). Its Rust runs natively in crates/wasm's tests either way.
if [ "${CAREFILE_BUILD_VALIDATOR:-0}" = "1" ]; then
    bash scripts/build-validator.sh
    export CAREFILE_VALIDATOR="$PWD/target/validator"
fi

cargo test --workspace --locked --no-fail-fast

# Every parser of outside files under libFuzzer, for a bounded time each
# (FUZZ_SECONDS, default 30; 0 skips).
if [ "${FUZZ_SECONDS:-30}" != "0" ]; then
    bash scripts/fuzz.sh
fi
