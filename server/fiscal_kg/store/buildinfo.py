"""A build's manifest (`manifest.json`, and the `fk:manifest` of a remote store's build record),
read once into typed records.

The build writes it (`fiscal_kg.build`); the web tier, `fiscal-kg load` and the CLI read it
through `BuildInfo`, never as a dictionary. Besides its counts, inputs and dumps, it holds what
the catalogue and the VoID description say of the build's sources, so that no web worker reads
the project's CSV files to describe a build: each report's place as DCAT-AP wants it
(`ReportInfo.spatial`) and the curated link sets (`LinksetInfo`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import PurePath
from typing import Any, TypeVar

from fiscal_kg.errors import StoreError


@dataclass(frozen=True)
class SpatialInfo:
    """The nearest place above (or at) a report's region that has a GeoNames record."""

    geonames: str
    name: str
    latitude: str | None = None
    longitude: str | None = None


@dataclass(frozen=True)
class ReportInfo:
    file: str
    sha256: str
    agency: str
    fiscal_year: int
    report: str  # IRIs of the report, its agency and its named graph
    agency_iri: str
    graph: str
    triples: int
    region: str | None = None
    region_code: str | None = None
    region_level: str | None = None  # country, province, prefecture or county
    spatial: SpatialInfo | None = None
    encoding: str = "utf-8"
    media_type: str = "text/plain"
    figures: int = 0
    duties: int = 0
    units: int = 0
    glossary: int = 0
    warnings: int = 0
    unread_lines: int = 0
    manifest_line: int | None = None  # of the build manifest (CSV) that named the file
    credit_code: str | None = None
    source_url: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class DumpInfo:
    path: str
    title: str
    media_type: str
    format: str
    bytes: int
    sha256: str
    compress: str | None = None
    graph: str | None = None  # the report graph the file holds, None for all of them


@dataclass(frozen=True)
class LinksetInfo:
    name: str
    title: str
    target: str  # the dataset linked to
    file: str  # under data/links/
    predicates: tuple[str, ...]
    links: int


@dataclass(frozen=True)
class BuildInfo:
    build_id: str
    built_at: str
    triples: int
    base_iri: str
    graphs: tuple[str, ...]
    reports: tuple[ReportInfo, ...]
    dumps: tuple[DumpInfo, ...]
    linksets: tuple[LinksetInfo, ...]
    statistics: dict[str, Any]  # union and per-graph counts, classes and properties
    inputs: tuple[dict[str, str], ...]
    data: dict[str, Any]  # the manifest as written, for records that carry it whole

    @classmethod
    def from_json(cls, data: Any, where: str) -> BuildInfo:
        """The manifest `data` (parsed JSON) read from `where`; StoreError when it is not one."""
        try:
            return cls(
                build_id=str(data["build_id"]),
                built_at=str(data["built_at"]),
                triples=int(data["triples"]),
                base_iri=str(data.get("base_iri", "")),
                graphs=tuple(data.get("graphs") or ()),
                reports=tuple(_report(r) for r in data["reports"]),
                dumps=tuple(_record(DumpInfo, d) for d in data.get("dumps") or ()),
                linksets=tuple(_linkset(s) for s in data.get("linksets") or ()),
                statistics=dict(data.get("statistics") or {}),
                inputs=tuple(data.get("inputs") or ()),
                data=data,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{where}: not a build manifest ({type(exc).__name__}: {exc})") \
                from None

    def licences(self) -> list[str | None]:
        return [report.licence for report in self.reports]

    def published(self) -> dict[str, Any]:
        """The manifest as a store or another service may show it: the build machine's folders
        left out of every file's path (a report's file, the build manifest's, the inputs')."""
        return published(self.data)


def published(data: dict[str, Any]) -> dict[str, Any]:
    """A manifest (as written) without the build machine's folders in its files' paths."""
    out = dict(data)
    out["reports"] = [dict(r, file=PurePath(str(r["file"])).name) if "file" in r else r
                      for r in data.get("reports") or ()]
    if isinstance(data.get("build_manifest"), dict) and "path" in data["build_manifest"]:
        out["build_manifest"] = dict(data["build_manifest"],
                                     path=PurePath(str(data["build_manifest"]["path"])).name)
    return out


T = TypeVar("T")


def _record(kind: type[T], data: dict[str, Any]) -> T:
    """A record of the keys it knows (a manifest of a later version may hold more)."""
    known = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    return kind(**{k: v for k, v in data.items() if k in known})


def _report(data: dict[str, Any]) -> ReportInfo:
    spatial = data.get("spatial")
    return _record(ReportInfo, {**data, "fiscal_year": int(data["fiscal_year"]),
                                "spatial": _record(SpatialInfo, spatial) if spatial else None})


def _linkset(data: dict[str, Any]) -> LinksetInfo:
    return _record(LinksetInfo, {**data, "predicates": tuple(data.get("predicates") or ())})
