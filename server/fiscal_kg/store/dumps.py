"""Files a build publishes beside its database: RDF dumps and the tabular export.

    dumps/all.ttl, all.nt.gz, all.jsonld       every graph merged (the union default graph)
    dumps/all.nq.gz                             every graph with its name
    dumps/reports/<agency>/<year>.ttl|.nt.gz|.jsonld   one report's graph
    dumps/validation.ttl                        the SHACL results of every report
    dumps/figures.csv                           every figure, one row each
    dumps/amounts.csv, dumps/datapackage.json   the executed money figures as a Fiscal Data Package

Each file is recorded in the manifest with its media type, size and SHA-256; the catalogue and
the HTTP layer (ETag, Last-Modified) take them from there. RDF is written by Oxigraph.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fiscal_kg.licences import describe_licence
from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.pipeline.iris import Minter, slug
from fiscal_kg.store.statistics import UnionTally


@dataclass(frozen=True)
class Dump:
    path: str  # relative to the build directory, e.g. 'dumps/all.ttl'
    title: str
    media_type: str  # of the content (before compression)
    format: str  # short name: ttl, nt, jsonld, nq, csv, json
    compress: str | None  # 'application/gzip' or None
    graph: str | None  # the named graph it holds, None for all of them
    bytes: int
    sha256: str


EXPORT = """
SELECT DISTINCT ?report ?agency ?agencyName ?year ?section ?item ?value ?unit ?code ?phase ?role
                ?figure ?source ?start WHERE {
  ?figure a fk:Figure ; fk:report ?report ; fk:section/skos:notation ?section ; fk:item ?item ;
          fk:value ?value ; sdmx-attribute:unitMeasure/skos:notation ?unit ;
          fk:role/skos:notation ?role ; obeu-dimension:fiscalYear ?yearConcept ;
          fk:sourceSentence/fk:text ?source ; fk:statedAt/oa:hasSelector ?selector .
  ?selector oa:start ?start .
  ?report fk:agency ?agency .
  ?agency skos:prefLabel ?agencyName . FILTER (LANG(?agencyName) = "zh")
  OPTIONAL { ?figure obeu-dimension:budgetPhase ?phaseConcept }  # none for an indicator
  OPTIONAL { ?figure fk:economicClassification|fk:functionalClassification ?class .
             ?class skos:notation ?code }
  BIND (STRAFTER(STR(?phaseConcept), "budget-phase/") AS ?phase)
  BIND (STRAFTER(STR(?yearConcept), "/year/") AS ?year)
} ORDER BY ?start ?figure"""
# Each report's own graph holds its figures, their sentences and its agency's name; the
# vocabulary graph the notations of the codes.
REPORT_GRAPHS = """SELECT DISTINCT ?report ?graph WHERE { GRAPH ?graph { ?report a fk:Report } }
ORDER BY ?report ?graph"""
COLUMNS = ("report", "agency", "agency_name", "fiscal_year", "section", "item", "value", "unit",
           "classification_code", "phase", "role", "figure", "source")


def _record(root: Path, path: str, title: str, media_type: str, fmt: str,
            compress: str | None, graph: str | None) -> Dump:
    digest = hashlib.sha256()
    size = 0
    with (root / path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return Dump(path, title, media_type, fmt, compress, graph, size, digest.hexdigest())


def _serialize(triples: Any, target: Path, rdf: ox.RdfFormat, compress: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    prefixes = PREFIXES if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if compress:
        buffer = io.BytesIO()
        ox.serialize(triples, buffer, format=rdf, prefixes=prefixes)
        _gzip(target, buffer.getvalue())
    else:
        ox.serialize(triples, str(target), format=rdf, prefixes=prefixes)


def _gzip(target: Path, data: bytes) -> None:
    """gzip with no timestamp in the header: the same content gives the same bytes."""
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(data)


# the subjects of the named graphs, each once
SUBJECTS = "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"


def union_triples(database: ox.Store, tally: UnionTally | None = None) -> Iterator[ox.Triple]:
    """The union of the named graphs, subject by subject: a triple stated in several graphs (an
    agency described by each of its reports) comes once. Only one subject's triples are held
    to find the repeats (a DISTINCT over every triple held them all: 1.1 GB at 1,000 reports)."""
    subjects = database.query(SUBJECTS)
    assert isinstance(subjects, ox.QuerySolutions)
    for row in subjects:
        subject = row[0]
        assert isinstance(subject, ox.NamedNode | ox.BlankNode)
        seen: set[tuple[object, object]] = set()
        for quad in database.quads_for_pattern(subject, None, None, None):
            key = (quad.predicate, quad.object)
            if key not in seen and not isinstance(quad.graph_name, ox.DefaultGraph):
                seen.add(key)
                triple = ox.Triple(subject, quad.predicate, quad.object)
                if tally is not None:
                    tally.add(triple)
                yield triple


def _triples_of(database: ox.Store, graph: ox.NamedNode) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object)
            for q in database.quads_for_pattern(None, None, None, graph)]


def _gzip_file(source: Path, target: Path) -> None:
    with source.open("rb") as raw, target.open("wb") as out, \
            gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as handle:
        shutil.copyfileobj(raw, handle, 1 << 20)


def _as_triples(quads: Iterator[ox.Quad]) -> Iterator[ox.Triple]:
    return (ox.Triple(q.subject, q.predicate, q.object) for q in quads)


RDF_FORMS = (("ttl", "text/turtle", ox.RdfFormat.TURTLE, False, "Turtle"),
             ("nt.gz", "application/n-triples", ox.RdfFormat.N_TRIPLES, True, "N-Triples, gzip"),
             ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, False, "JSON-LD"))


def _write_union(root: Path, database: ox.Store, tally: UnionTally | None) -> list[Dump]:
    """The whole graph in every form, streamed through files: memory stays flat however large
    the store (N-Triples first, from the engine; the other forms parsed back from it)."""
    dumps = root / "dumps"
    dumps.mkdir(parents=True, exist_ok=True)
    plain = dumps / ".all.nt"
    ox.serialize(union_triples(database, tally), str(plain), format=ox.RdfFormat.N_TRIPLES)
    records = []
    for ext, media, rdf, compress, name in RDF_FORMS:
        path = f"dumps/all.{ext}"
        if compress:
            _gzip_file(plain, root / path)
        else:
            ox.serialize(_as_triples(ox.parse(path=str(plain), format=ox.RdfFormat.N_TRIPLES)),
                         str(root / path), format=rdf,
                         prefixes=PREFIXES if rdf == ox.RdfFormat.TURTLE else None)
        records.append(_record(root, path, f"All reports ({name})", media, ext.split(".")[0],
                               "application/gzip" if compress else None, None))
    plain.unlink()
    quads = dumps / ".all.nq"
    database.dump(str(quads), format=ox.RdfFormat.N_QUADS)
    _gzip_file(quads, root / "dumps/all.nq.gz")
    quads.unlink()
    records.append(_record(root, "dumps/all.nq.gz", "All reports with their graphs (N-Quads, gzip)",
                           "application/n-quads", "nq", "application/gzip", None))
    return records


def write_dumps(root: Path, database: ox.Store, minter: Minter,
                reports: list[tuple[str, int]], tally: UnionTally | None = None,
                licence: str | None = None) -> list[Dump]:
    """Write every dump and export of a build into root/dumps; their records. The union is
    streamed once; a tally given counts it on the way (for the VoID statistics). `licence`:
    the one licence every report's source states, if they all state the same one."""
    dumps = _write_union(root, database, tally)
    for agency, year in reports:
        graph = minter.dataset(agency, year)
        graph_triples = _triples_of(database, ox.NamedNode(str(graph)))
        for ext, media, rdf, compress, name in RDF_FORMS:
            path = f"dumps/reports/{slug(agency)}/{year}.{ext}"
            _serialize(graph_triples, root / path, rdf, compress)
            dumps.append(_record(root, path, f"{agency} {year} ({name})", media,
                                 ext.split(".")[0], "application/gzip" if compress else None,
                                 str(graph)))
    validation = [ox.Triple(q.subject, q.predicate, q.object)
                  for g in database.named_graphs() if isinstance(g, ox.NamedNode)
                  and g.value.startswith(minter.base + "graph/validation/")
                  for q in database.quads_for_pattern(None, None, None, g)]
    _serialize(validation, root / "dumps/validation.ttl", ox.RdfFormat.TURTLE, False)
    dumps.append(_record(root, "dumps/validation.ttl", "SHACL validation results (Turtle)",
                         "text/turtle", "ttl", None, None))
    dumps.extend(write_tables(root, database, minter, licence))
    return dumps


_VARIABLES = ("report", "agency", "agencyName", "year", "section", "item", "value", "unit",
              "code", "phase", "role", "figure", "source")


def iter_rows(database: ox.Store, minter: Minter) -> Iterator[dict[str, str]]:
    """The rows of figures.csv in order (by report, then by place in the report), one report
    at a time over its own graph: memory holds one report's rows (sorting every figure of the
    store at once held them all: 420 MB at 1,000 reports, and took twice as long)."""
    vocabulary = ox.NamedNode(minter.graph("vocabulary"))
    reports = database.query(REPORT_GRAPHS, prefixes=PREFIXES)
    assert isinstance(reports, ox.QuerySolutions)
    for report in list(reports):
        graph = report["graph"]
        assert isinstance(graph, ox.NamedNode)
        results = database.query(EXPORT, prefixes=PREFIXES, default_graph=[graph, vocabulary])
        assert isinstance(results, ox.QuerySolutions)
        for solution in results:
            yield {column: (term.value if (term := solution[name]) is not None else "")
                   for column, name in zip(COLUMNS, _VARIABLES, strict=True)}


def write_tables(root: Path, database: ox.Store, minter: Minter,
                 licence: str | None = None) -> list[Dump]:
    """figures.csv (every figure), amounts.csv and datapackage.json (a Fiscal Data Package,
    under `licence`, or claiming none), written row by row."""
    years: set[int] = set()
    with (root / "dumps/figures.csv").open("w", encoding="utf-8", newline="") as every, \
            (root / "dumps/amounts.csv").open("w", encoding="utf-8", newline="") as money:
        writers = [csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
                   for handle in (every, money)]
        for writer in writers:
            writer.writeheader()
        for row in iter_rows(database, minter):
            writers[0].writerow(row)
            if row["unit"] == "CNY" and row["phase"] == "executed" and row["role"] in (
                    "level", "none"):
                writers[1].writerow(row)
            if row["fiscal_year"]:
                years.add(int(row["fiscal_year"]))
    package = fiscal_data_package(sorted(years), licence)
    (root / "dumps/datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [
        _record(root, "dumps/figures.csv", "Every figure (CSV)", "text/csv", "csv", None, None),
        _record(root, "dumps/amounts.csv", "Executed amounts in yuan (CSV, Fiscal Data Package)",
                "text/csv", "csv", None, None),
        _record(root, "dumps/datapackage.json", "Fiscal Data Package descriptor",
                "application/json", "json", None, None),
    ]


_FIELDS = [
    {"name": "report", "type": "string", "format": "uri", "title": "Report"},
    {"name": "agency", "type": "string", "format": "uri", "title": "Agency"},
    {"name": "agency_name", "type": "string", "title": "Agency name (zh)"},
    {"name": "fiscal_year", "type": "year", "title": "Fiscal year"},
    {"name": "section", "type": "string", "title": "Template section",
     "constraints": {"enum": ["staffing", "income", "expenditure", "three-public",
                              "operating-costs", "procurement", "assets", "performance",
                              "indicator"]}},
    {"name": "item", "type": "string", "title": "Item as printed"},
    {"name": "value", "type": "number", "title": "Value (yuan for money; negative: decrease)"},
    {"name": "unit", "type": "string", "title": "Unit",
     "constraints": {"enum": ["CNY", "count", "percent", "m2", "score"]}},
    {"name": "classification_code", "type": "string",
     "title": "Economic or functional classification code"},
    {"name": "phase", "type": "string", "title": "Budget phase",
     "constraints": {"enum": ["executed", "approved", "revised"]}},
    {"name": "role", "type": "string", "title": "Role",
     "constraints": {"enum": ["level", "change", "growth", "share", "none"]}},
    {"name": "figure", "type": "string", "format": "uri", "title": "Figure"},
    {"name": "source", "type": "string", "title": "Source sentence"},
]


def fiscal_data_package(years: list[int], licence: str | None = None) -> dict[str, Any]:
    """The datapackage.json of the export (Frictionless Data Package, Fiscal Data Package).
    It names a licence only when every report's source states that one."""
    schema = {"fields": _FIELDS, "primaryKey": ["figure"]}
    resource = {"profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", "schema": schema,
                "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                            "lineTerminator": "\n", "header": True}}
    return {
        "profile": "fiscal-data-package",
        "name": "fiscal-kg-final-accounts",
        "title": "Chinese government final accounts (部门决算) — figures",
        "countryCode": "CN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}
        if years else {},
        **_licences(licence),
        "resources": [
            {**resource, "name": "figures", "path": "figures.csv",
             "title": "Every figure the reports state"},
            {**resource, "name": "amounts", "path": "amounts.csv",
             "title": "Executed money figures in yuan"},
        ],
        "model": {
            "measures": {"value": {"source": "value", "currency": "CNY", "factor": 1,
                                   "resource": "amounts", "phase": "executed"}},
            "dimensions": {
                "agency": {"dimensionType": "entity", "primaryKey": ["agency"],
                           "attributes": {"agency": {"source": "agency"},
                                          "agency_name": {"source": "agency_name"}}},
                "date": {"dimensionType": "datetime", "primaryKey": ["fiscal_year"],
                         "attributes": {"fiscal_year": {"source": "fiscal_year"}}},
                "section": {"dimensionType": "classification", "primaryKey": ["section"],
                            "attributes": {"section": {"source": "section"}}},
                "item": {"dimensionType": "classification", "primaryKey": ["item"],
                         "attributes": {"item": {"source": "item"}}},
                "classification": {"dimensionType": "classification",
                                   "classificationType": "economic",
                                   "primaryKey": ["classification_code"],
                                   "attributes": {"classification_code":
                                                  {"source": "classification_code"}}},
            },
        },
    }


def _licences(url: str | None) -> dict[str, Any]:
    """The package's `licenses`, or a description saying why there are none."""
    if url is None:
        return {"description": "The reports' sources state no licence, or not one and the same "
                               "for all of them: none is claimed for the export (see each "
                               "report's dataset in /catalog)."}
    licence = describe_licence(url)
    entry = {"path": licence.url}
    if licence.name:
        entry["name"] = licence.name
    if licence.title:
        entry["title"] = licence.title
    return {"licenses": [entry]}


def dump_records(dumps: list[Dump]) -> list[dict[str, Any]]:
    return [asdict(d) for d in dumps]
