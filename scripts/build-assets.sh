#!/usr/bin/env bash
# Builds the web application's vendored front-end assets from their npm
# packages (pinned in crates/web/assets/build/package-lock.json): the GOV.UK
# Design System's stylesheet compiled with sass from
# crates/web/assets/src/carefile.scss, govuk-frontend's script, and carefile's
# own two scripts, and htmx. The output is committed, so `cargo build` needs no npm.
#
#   bash scripts/build-assets.sh           rebuild crates/web/assets/dist/
#   bash scripts/build-assets.sh --check   fail if dist/ differs from what the sources build
set -euo pipefail
cd "$(dirname "$0")/../crates/web/assets"

npm ci --prefix build --no-audit --no-fund --silent --ignore-scripts
OUT=dist
if [ "${1:-}" = "--check" ]; then
    OUT=$(mktemp -d)
    trap 'rm -rf "$OUT"' EXIT
fi
mkdir -p "$OUT"
GOVUK=build/node_modules/govuk-frontend/dist/govuk
node build/node_modules/sass/sass.js --load-path=build/node_modules --style=compressed --no-source-map \
    --fatal-deprecation=1.80.0 src/carefile.scss "$OUT/carefile.css"
# The source map is not served: drop the comment that points to it.
sed -e 's|//# sourceMappingURL=.*$||' "$GOVUK/govuk-frontend.min.js" >"$OUT/govuk-frontend.min.js"
cp src/js-enabled.js src/app.mjs src/favicon.svg "$OUT/"
cp build/node_modules/htmx.org/dist/htmx.min.js "$OUT/"

if [ "${1:-}" = "--check" ]; then
    if ! diff -r -q "$OUT" dist; then
        echo "build-assets: crates/web/assets/dist/ is not what its sources build: run scripts/build-assets.sh and commit" >&2
        exit 1
    fi
    echo "build-assets: dist/ matches its sources"
else
    ls -l dist
fi
