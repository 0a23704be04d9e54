#!/usr/bin/env bash
# Creates target/oracles-venv with the public reference validators, pinned:
# csc-validator-be-903 (SSDA903) and csc-validator-be-cin (CIN census). Idempotent.
# pandas 1.5.3, which both pin, breaks on numpy 2; the CIN validator's CLI module imports pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CARGO_TARGET_DIR:-target}/oracles-venv"
stamp="$venv/.carefile-pins"
pins="csc-validator-be-903==0.1.17 csc-validator-be-cin==0.1.13 numpy<2 pytest"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pins" ]; then
    exit 0
fi
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check $pins
echo "$pins" > "$stamp"
echo "reference validators installed in $venv" >&2
