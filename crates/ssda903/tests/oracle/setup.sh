#!/usr/bin/env bash
# Creates the reference SSDA903 validator's venv (black-box oracle for the differential test).
# Usage: crates/ssda903/tests/oracle/setup.sh   (from anywhere)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
venv="${CARGO_TARGET_DIR:-$root/target}/oracle-903-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# pandas (pinned by the validator) breaks on numpy 2; the package's test helpers import pytest.
"$venv/bin/pip" install --quiet "csc-validator-be-903==0.1.17" "numpy<2" pytest
"$venv/bin/python" -c "import lac_validator" && echo "oracle ready: $venv"
