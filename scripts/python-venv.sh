#!/usr/bin/env bash
# Usage: bash scripts/python-venv.sh NAME WHAT PIN...
# Creates target/NAME-venv with the pinned PyPI packages, once (a stamp names the pins); WHAT says
# what was installed. Shared by setup-oracles.sh and setup-duckdb.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1" what="$2"
shift 2
venv="${CARGO_TARGET_DIR:-target}/$name-venv"
stamp="$venv/.carefile-pins"
pins="$*"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pins" ]; then
    exit 0
fi
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
echo "$pins" > "$stamp"
echo "$what installed in $venv" >&2
