"""`fiscal-kg build`: reports -> records -> graphs -> SHACL -> a new store, atomically.

Every file is read, mapped and validated on its own; a file that fails is reported with what
went wrong and where, and the others go on. The store is replaced only when every file built
(or, with `partial`, when at least one did): a failed build never replaces a good store.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from fiscal_kg import __version__
from fiscal_kg.errors import FiscalKGError, ReportError, ValidationFailed
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import Gazetteer, load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.mapping import map_places, map_report
from fiscal_kg.pipeline.records import Report
from fiscal_kg.pipeline.text import read_source
from fiscal_kg.pipeline.validate import Finding, load_shapes, load_vocabulary, validate_graph
from fiscal_kg.resources import ONTOLOGY_DIR, SHAPES_DIR
from fiscal_kg.store import layout
from fiscal_kg.store.statistics import dataset_statistics

REPORT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class FileResult:
    path: Path
    report: Report | None = None
    graph: Graph | None = None
    validation: Graph | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildResult:
    store: Path
    files: list[FileResult] = field(default_factory=list)
    build_id: str | None = None
    published: bool = False
    triples: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]


def find_reports(paths: Iterable[Path]) -> list[Path]:
    """The report files named, with folders expanded to the report files they hold."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES))
        else:
            found.append(path)
    return found


def read_report(path: Path, gazetteer: Gazetteer, minter: Minter, context: Graph,
                shapes: Graph) -> FileResult:
    """Read, map and validate one report. Errors are returned, not raised."""
    result = FileResult(path)
    try:
        source = read_source(path)
        report = extract_report(source, gazetteer.names())
        graph = map_report(report, gazetteer, minter)
        outcome = validate_graph(graph, context, minter.report(report.agency.name,
                                                               report.fiscal_year), shapes)
        if outcome.violations:
            raise ValidationFailed(str(path), [str(v) for v in outcome.violations])
    except (ReportError, ValidationFailed) as exc:
        result.error = str(exc)
        return result
    result.report, result.graph = report, graph
    result.validation, result.findings = outcome.results, outcome.findings
    return result


def build(paths: list[Path], store: Path, minter: Minter, *, partial: bool = False,
          progress: Callable[[FileResult], None] | None = None) -> BuildResult:
    """Build a store from report files. Returns what happened; raises only on store errors."""
    started = time.monotonic()
    outcome = BuildResult(store)
    files = find_reports(paths)
    if not files:
        raise FiscalKGError(f"no report files (*.txt) in {', '.join(map(str, paths))}")
    gazetteer = load_gazetteer()
    vocabulary = load_vocabulary()
    places = map_places(gazetteer, minter)
    shapes = load_shapes()
    context = vocabulary + places
    seen: dict[tuple[str, int], Path] = {}
    for path in files:
        result = read_report(path, gazetteer, minter, context, shapes)
        if result.report is not None:
            key = (result.report.agency.name, result.report.fiscal_year)
            if key in seen:
                result.error = (f"{path}: a second report of {key[0]} for {key[1]} "
                                f"(the first is {seen[key]})")
            else:
                seen[key] = path
        outcome.files.append(result)
        if progress is not None:
            progress(result)
    good = [f for f in outcome.files if f.ok]
    if not good or (outcome.failed and not partial):
        outcome.seconds = time.monotonic() - started
        return outcome
    with layout.build_lock(store):
        outcome.build_id = _build_id(good, minter)
        staged = layout.new_build_dir(store, outcome.build_id)
        try:
            outcome.triples = _write(staged, good, vocabulary, places, shapes, minter, outcome)
            layout.publish(store, staged, outcome.build_id)
        except BaseException:
            layout.discard(staged)
            raise
    outcome.published = True
    outcome.seconds = time.monotonic() - started
    return outcome


def _build_id(good: list[FileResult], minter: Minter) -> str:
    """A content hash of everything the build depends on: same inputs, same id."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\n{minter.base}\n".encode())
    for result in good:
        assert result.report is not None
        digest.update(result.report.source.sha256.encode())
    for folder in (ONTOLOGY_DIR, SHAPES_DIR):
        for path in sorted(folder.glob("*.ttl")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _load(store: ox.Store, graph: Graph, name: str) -> None:
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))


def _write(staged: layout.BuildDir, good: list[FileResult], vocabulary: Graph, places: Graph,
           shapes: Graph, minter: Minter, outcome: BuildResult) -> int:
    database = ox.Store(str(staged.database))
    _load(database, vocabulary, minter.graph("vocabulary"))
    _load(database, shapes, minter.graph("shapes"))
    _load(database, places, minter.graph("places"))
    validation = Graph()
    reports = []
    for result in good:
        report = result.report
        assert report is not None and result.graph is not None and result.validation is not None
        name, year = report.agency.name, report.fiscal_year
        _load(database, result.graph, minter.dataset(name, year))
        _load(database, result.validation, minter.validation_graph(name, year))
        validation += result.validation
        reports.append({
            "file": str(result.path),
            "sha256": report.source.sha256,
            "agency": name,
            "fiscal_year": year,
            "report": str(minter.report(name, year)),
            "agency_iri": str(minter.agency(name)),
            "graph": str(minter.dataset(name, year)),
            "triples": len(result.graph),
            "figures": len(report.figures),
            "warnings": len(result.findings),
            "unread_lines": len(report.unread),
        })
    database.flush()
    triples = len(database)
    database.dump(str(staged.path / "dump.nq"), format=ox.RdfFormat.N_QUADS)
    union = database.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(union, ox.QueryTriples)
    ox.serialize(union, str(staged.path / "dump.ttl"), format=ox.RdfFormat.TURTLE,
                 prefixes={k: v for k, v in minter_prefixes(minter).items()})
    validation.serialize(staged.path / "validation.ttl", format="turtle")
    manifest = {
        "build_id": outcome.build_id,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fiscal_kg_version": __version__,
        "base_iri": minter.base,
        "triples": triples,
        "graphs": sorted(str(g.value) for g in database.named_graphs()),
        "statistics": dataset_statistics(database),
        "reports": reports,
    }
    staged.manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    del database
    return triples


def minter_prefixes(minter: Minter) -> dict[str, str]:
    from fiscal_kg.namespaces import PREFIXES

    return {**PREFIXES, "id": minter.base + "id/"}
