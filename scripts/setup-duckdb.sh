#!/usr/bin/env bash
# Creates target/duckdb-venv with DuckDB from PyPI, pinned: the second reader of the regional
# extracts' Parquet files in crates/regional/tests (the pools read them with DuckDB, DataFusion
# or Spark, not with carefile). Idempotent.
set -euo pipefail
exec bash "$(dirname "$0")/python-venv.sh" duckdb "DuckDB" duckdb==1.4.4
