"""Places: administrative division codes, names and verified outward links (data/links/places.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.resources import LINKS_DIR

_COLUMNS = ("code", "name", "name_en", "level", "parent", "wikidata", "geonames",
            "geonames_relation", "source", "checked")


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
            places.append(Place(
                code=row["code"], name=row["name"], name_en=row["name_en"], level=row["level"],
                parent=row["parent"] or None, wikidata=row["wikidata"] or None,
                geonames=row["geonames"] or None,
                geonames_relation=row["geonames_relation"] or None,
                source=row["source"], checked=row["checked"],
            ))
    return Gazetteer(tuple(places))
