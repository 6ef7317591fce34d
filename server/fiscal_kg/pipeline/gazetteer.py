"""Places: administrative division codes, names and verified outward links (data/links/places.csv)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.resources import LINKS_DIR

_COLUMNS = ("code", "name", "name_en", "level", "parent", "wikidata", "geonames",
            "geonames_relation", "latitude", "longitude", "source", "checked")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    name_en: str
    level: str
    parent: str | None
    wikidata: str | None
    geonames: str | None
    geonames_relation: str | None  # 'exact' or 'close'
    latitude: str | None  # of the GeoNames record, when it has one
    longitude: str | None
    source: str
    checked: str


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]

    def by_name(self, name: str) -> Place | None:
        for place in self.places:
            if place.name == name:
                return place
        return None

    def by_code(self, code: str) -> Place | None:
        for place in self.places:
            if place.code == code:
                return place
        return None

    def names(self) -> list[str]:
        return [place.name for place in self.places]

    def ancestors(self, place: Place) -> list[Place]:
        found: list[Place] = []
        current = place
        while current.parent:
            parent = self.by_code(current.parent)
            if parent is None:
                break
            found.append(parent)
            current = parent
        return found


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    return _load(path or LINKS_DIR / "places.csv")


@lru_cache(maxsize=4)
def _load(path: Path) -> Gazetteer:
    places: list[Place] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise FiscalKGError(f"{path}:1: expected the columns {', '.join(_COLUMNS)}")
        for row in reader:
            line = reader.line_num
            if not row["code"].isdigit() or len(row["code"]) != 6:
                raise FiscalKGError(f"{path}:{line}: code {row['code']!r} is not 6 digits")
            if not row["name"]:
                raise FiscalKGError(f"{path}:{line}: the name is empty")
            _check_links(row, f"{path}:{line}")
            places.append(Place(
                code=row["code"], name=row["name"], name_en=row["name_en"], level=row["level"],
                parent=row["parent"] or None, wikidata=row["wikidata"] or None,
                geonames=row["geonames"] or None,
                geonames_relation=row["geonames_relation"] or None,
                latitude=row["latitude"] or None, longitude=row["longitude"] or None,
                source=row["source"], checked=row["checked"],
            ))
    codes = {p.code for p in places}
    for place in places:
        if place.parent and place.parent not in codes:
            raise FiscalKGError(f"{path}: the parent {place.parent} of {place.code} is not listed")
    return Gazetteer(tuple(places))


LEVELS = ("country", "province", "prefecture", "county")


def _check_links(row: dict[str, str], where: str) -> None:
    """A row's outward identifiers are well formed and carry their source and date."""
    if row["level"] not in LEVELS:
        raise FiscalKGError(f"{where}: level {row['level']!r} is not one of {', '.join(LEVELS)}")
    if row["wikidata"] and re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]) is None:
        raise FiscalKGError(f"{where}: wikidata {row['wikidata']!r} is not a QID like Q148")
    if row["geonames"]:
        if not row["geonames"].isdigit():
            raise FiscalKGError(f"{where}: geonames {row['geonames']!r} is not a GeoNames id")
        if row["geonames_relation"] not in ("exact", "close"):
            raise FiscalKGError(f"{where}: geonames_relation must be exact or close")
    for name in ("latitude", "longitude"):
        if row[name]:
            try:
                float(row[name])
            except ValueError:
                raise FiscalKGError(f"{where}: {name} {row[name]!r} is not a number") from None
    if row["wikidata"] or row["geonames"]:
        if not row["source"]:
            raise FiscalKGError(f"{where}: a linked place needs the source of its links")
        try:
            date.fromisoformat(row["checked"])
        except ValueError:
            raise FiscalKGError(f"{where}: checked must be a date (YYYY-MM-DD)") from None
