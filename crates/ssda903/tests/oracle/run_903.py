"""Runs the reference SSDA903 validator (csc-validator-be-903 0.1.17) on one return, each rule
on its own deep copy of the tables (the tool's shallow copies let one rule change what the next
sees; the DfE means every rule to judge the data as submitted), recording crashes per rule.

Usage: python run_903.py YEAR LA THIS_DIR [LAST_DIR] OUT.csv
       python run_903.py --batch MANIFEST   (one run per line: YEAR, LA, THIS_DIR, LAST_DIR or -, OUT.csv,
                                            and optionally the rule codes to run, comma-separated;
                                            tab-separated; one process, so the tool is imported once)
OUT.csv columns: child_id, table, row, rule_code, status (found | crashed: ...); a crashed
rule is one line with a blank child, table and row.
With PROVIDERS=path to a carefile provider CSV (crates/ssda903/PROVIDERS.md) in the environment,
that list is given to the tool as its Ofsted provider table.
"""
import contextlib
import copy
import csv
import importlib
import io
import logging
import os
import sys

logging.disable(logging.CRITICAL)

from lac_validator.datastore import create_datastore
from lac_validator.ingress import read_from_text


def uploads(folder, description):
    files = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            files.append({"name": name, "file_content": f.read(), "description": description})
    return files


def provider_info(path):
    """The tool's provider table (URN, PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE,
    LA_CODE_INFERRED) from carefile's provider CSV, the authority inferred from the postcode as
    the tool does."""
    import pandas as pd
    import qlacref_authorities
    from lac_validator.datastore import postcodes

    frame = pd.read_csv(path, dtype=str).fillna("")
    frame["POSTCODE"] = frame["postcode"].str.replace(" ", "").str.upper()
    postcodes.load_postcodes(sorted({p[0] for p in frame["POSTCODE"] if p}))
    pcs = postcodes.dataframe.set_index("pcd_abbr")["laua"].to_dict()
    upper = {r["LTLA21CD"]: r["UTLA21CD"] for r in qlacref_authorities.records}
    codes = lambda c: ",".join(x.strip() for x in c.replace("/", ";").split(";") if x.strip())
    return pd.DataFrame({
        "URN": frame["urn"].str.upper(),
        "PLACE_CODES": frame["placement_codes"].map(codes),
        "PROVIDER_CODES": frame["provider_codes"].map(codes),
        "REG_END": pd.to_datetime(frame["registration_end"], format="%d/%m/%Y", errors="coerce"),
        "POSTCODE": frame["POSTCODE"],
        "LA_CODE_INFERRED": frame["POSTCODE"].map(lambda p: upper.get(pcs.get(p))),
        "LA_NAME_FROM_FILE": frame["local_authority"],
    })


def main(year, la, this_dir, last_dir, out_path, only=None):
    ruleset = {"2026": "lac2025_26", "2027": "lac2026_27"}[year]
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = uploads(this_dir, "This year") + (uploads(last_dir, "Prev year") if last_dir else [])
    dfs, extras = read_from_text(raw_files=files)
    metadata = {"collectionYear": year, "localAuthority": la, **extras}
    if os.environ.get("PROVIDERS"):
        metadata["provider_info"] = provider_info(os.environ["PROVIDERS"])
    store = create_datastore(dfs, metadata)
    rows = []
    for code, rule in registry.items():
        if only is not None and str(code) not in only:
            continue
        ds = {k: (v if k == "metadata" else v.copy(deep=True)) for k, v in store.items()}
        ds["metadata"] = copy.copy(store["metadata"])
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                result = rule.func(ds)
        except Exception as e:
            rows.append(("", "", "", str(code), f"crashed: {type(e).__name__}: {str(e)[:120]}"))
            continue
        for table, locs in result.items():
            frame = store.get(table)
            for loc in locs:
                try:
                    child = frame.loc[loc, "CHILD"] if frame is not None else ""
                except Exception:
                    child = ""
                rows.append((child if isinstance(child, str) else "", table, loc, str(code), "found"))
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["child_id", "table", "row", "rule_code", "status"])
        w.writerows(rows)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[0] == "--batch":
        with open(args[1]) as f:
            for line in f:
                year, la, this_dir, last_dir, out, *rules = line.rstrip("\n").split("\t")
                only = set(rules[0].split(",")) if rules and rules[0] else None
                main(year, la, this_dir, None if last_dir == "-" else last_dir, out, only)
    elif len(args) == 4:
        main(args[0], args[1], args[2], None, args[3])
    else:
        main(*args)
