"""Times the reference SSDA903 validator (csc-validator-be-903 0.1.17) as an analyst runs it
(returns.md §5: read the files, run every rule of the year, build the report), for the benchmark.

Usage: python time_903.py YEAR THIS_DIR [LAST_DIR]
Prints one line: seconds, rows in the issue table.
"""
import contextlib
import importlib
import io
import logging
import os
import sys
import time

logging.disable(logging.CRITICAL)

from lac_validator import lac_validator
from lac_validator.report import Report
from lac_validator.utils import process_uploaded_files


def paths(folder):
    return [os.path.join(folder, n) for n in sorted(os.listdir(folder))] if folder else []


def main(year, this_dir, last_dir=None):
    ruleset = {"2026": "lac2025_26", "2027": "lac2026_27"}[year]
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        files = process_uploaded_files({"This year": paths(this_dir), "Prev year": paths(last_dir)})
        v = lac_validator.LacValidator(
            metadata={"collectionYear": year, "localAuthority": "E10000018"}, files=files, registry=registry
        )
        r = Report(v.ds_results, registry)
        issues = lac_validator.create_issue_df(r.report, r.error_report)
    print(f"{time.perf_counter() - started:.3f} {len(issues)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
