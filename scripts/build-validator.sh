#!/usr/bin/env bash
# Builds the browser validator: carefile's SSDA903 and CIN rules (crates/wasm) compiled to
# WebAssembly, with its page (crates/wasm/page/), into a static folder that any web server can
# serve and `carefile serve --validator DIR` serves at /validator/ (default target/validator).
#
# rustup has no wasm32 target here; Debian's Rust for the web does: rustc-web (rustc and cargo
# in /usr/bin), rust-web-src (std's sources, rebuilt for the target by -Zbuild-std) and lld
# (wasm-ld). Its build directory is target/wasm (CARGO_TARGET_DIR_WASM names another).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/validator}

if [ ! -x /usr/bin/wasm-ld ] || [ ! -d /usr/lib/rustlib/src/rust/library ] || ! /usr/bin/rustc --print target-list | grep -qx wasm32-unknown-unknown; then
    echo "build-validator: installing Debian's rustc-web, cargo-web, rust-web-src and lld"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq rustc-web cargo-web rust-web-src lld >/dev/null
fi

target=${CARGO_TARGET_DIR_WASM:-target/wasm}
# Debian's rustc links wasm with rust-lld, which it does not ship: wasm-ld is the same linker.
# No debug information and symbols stripped: the module is downloaded by every analyst.
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$target" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=true \
    /usr/bin/cargo build --locked --release -p carefile-wasm \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort

# The page allows no connections (connect-src 'none'), so the module cannot be fetched: it
# arrives inside a script, base64-encoded.
mkdir -p "$out"
wasm="$target/wasm32-unknown-unknown/release/carefile_wasm.wasm"
{
    printf '// carefile'"'"'s returns validator, WebAssembly built by scripts/build-validator.sh.\n'
    printf 'export const MODULE = "'
    base64 -w0 "$wasm"
    printf '";\n'
} > "$out/module.mjs.tmp"
mv "$out/module.mjs.tmp" "$out/module.mjs"
cp crates/wasm/page/index.html crates/wasm/page/validator.mjs "$out/"
cp crates/web/assets/dist/carefile.css crates/web/assets/dist/favicon.svg "$out/"
echo "build-validator: $out ($(du -k "$wasm" | cut -f1) KB of WebAssembly)"
