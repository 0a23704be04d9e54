#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium, and playwright-core
# to drive it and axe-core to check accessibility; and the OpenID provider the
# single sign-on tests run on loopback (oidc-provider, with jose): all pinned in
# e2e/package-lock.json. Idempotent; quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "setup-browser: installing chromium from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ] \
    || [ ! -d e2e/node_modules/oidc-provider ] || [ ! -d e2e/node_modules/jose ]; then
    echo "setup-browser: installing playwright-core, axe-core, oidc-provider and jose"
    npm ci --prefix e2e --no-audit --no-fund --silent
fi
