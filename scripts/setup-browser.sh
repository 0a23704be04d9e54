#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium, and playwright-core
# (pinned in e2e/package-lock.json) to drive it. Idempotent; quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "setup-browser: installing chromium from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
    echo "setup-browser: installing playwright-core"
    npm ci --prefix e2e --no-audit --no-fund --silent
fi
