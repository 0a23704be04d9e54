"""Runs the reference CIN validator (csc-validator-be-cin 0.1.13) on one census,
one rule at a time, so that a rule whose report step crashes (the CLI dies on
the whole file then) is recorded as crashed and the others still report.

Usage: python run_reference.py CENSUS.xml OUT.csv
       python run_reference.py --batch MANIFEST   (one census per line: CENSUS.xml, OUT.csv and the
                                                  rule codes to run or nothing for all, tab-separated)
OUT.csv columns: child_id, rule_code, table, row, status (found | crashed).
"""
import contextlib
import copy
import csv
import io
import sys
import xml.etree.ElementTree as ET

from cin_validator import cin_validator
from cin_validator.rules.cin2025_26 import registry


def main(census, out_path, only=None):
    root = ET.parse(census).getroot()
    files = cin_validator.process_data(cin_validator.convert_data(root))
    rows = []
    for rule in registry.values():
        code = str(rule.code)
        if only is not None and code not in only:
            continue
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log):
                v = cin_validator.CinValidator(copy.deepcopy(files), registry, selected_rules=[code])
        except Exception as e:  # the report step failed: nothing usable from this rule
            rows.append(("", code, "", "", f"crashed: {type(e).__name__}"))
            continue
        if "Error with rule" in log.getvalue():
            rows.append(("", code, "", "", "crashed: " + log.getvalue().strip().splitlines()[-1][:200]))
            continue
        for _, r in v.full_issue_df.iterrows():
            rows.append((r["child_id"], code, r["tables_affected"], r["row_id"], "found"))
        for _, r in v.multichild_issues.iterrows():
            rows.append(("", code, "", "", "found"))
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["child_id", "rule_code", "table", "row", "status"])
        w.writerows(rows)


if __name__ == "__main__":
    if sys.argv[1] == "--batch":
        with open(sys.argv[2]) as f:
            for line in f:
                census, out, rules = line.rstrip("\n").split("\t")
                main(census, out, set(rules.split(",")) if rules else None)
    else:
        main(sys.argv[1], sys.argv[2])
