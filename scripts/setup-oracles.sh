#!/usr/bin/env bash
# Creates target/oracles-venv with the public reference validators, pinned:
# csc-validator-be-903 (SSDA903) and csc-validator-be-cin (CIN census). Idempotent.
# pandas 1.5.3, which both pin, breaks on numpy 2; the CIN validator's CLI module imports pytest.
set -euo pipefail
exec bash "$(dirname "$0")/python-venv.sh" oracles "reference validators" \
    csc-validator-be-903==0.1.17 csc-validator-be-cin==0.1.13 "numpy<2" pytest
