#!/usr/bin/env bash
# Creates the reference CIN validator's venv (black-box oracle for the differential test).
# Usage: crates/cin/tests/oracle/setup.sh   (from the workspace root, or anywhere)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
venv="${CARGO_TARGET_DIR:-$root/target}/oracle-cin-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# pandas 1.5.3 (pinned by the validator) breaks on numpy 2; its CLI module imports pytest.
"$venv/bin/pip" install --quiet "csc-validator-be-cin==0.1.13" "numpy<2" pytest
"$venv/bin/python" -c "import cin_validator" && echo "oracle ready: $venv"
