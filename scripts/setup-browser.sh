#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium, and playwright-core
# to drive it and axe-core to check accessibility (both pinned in
# e2e/package-lock.json). Idempotent; quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "setup-browser: installing chromium from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ]; then
    echo "setup-browser: installing playwright-core and axe-core"
    npm ci --prefix e2e --no-audit --no-fund --silent
fi
