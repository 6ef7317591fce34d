"""SHACL validation of a report's graph with pyshacl, one report at a time.

Violations (core shapes) mean our graph is wrong: the build stops. Warnings are facts about the
report (its arithmetic) or gaps (recommended shapes): they are kept with the build, in the
report's validation graph, and the `consistency` query lists the arithmetic ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyshacl
import rdflib.plugin
import rdflib.query
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import algebra as rdflib_algebra
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from fiscal_kg.namespaces import FK
from fiscal_kg.resources import ONTOLOGY_DIR, SHAPES_DIR


@dataclass(frozen=True)
class Finding:
    severity: str  # 'Violation', 'Warning' or 'Info'
    shape: str
    focus: str
    path: str | None
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{path}: {self.message} [{self.shape}]"


@dataclass(frozen=True)
class Outcome:
    results: Graph  # the sh:ValidationReport, each result also linked to its report
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]


@lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
    with _in_written_order():
        return translateQuery(parseQuery(text), base, dict(namespaces))


@contextmanager
def _in_written_order() -> Iterator[None]:
    """Translate queries keeping each basic graph pattern's triples in the order written.

    rdflib reorders a pattern's triples by a static guess that knows nothing of the variables
    bound before evaluation (pyshacl binds $this), and it guesses badly: for the shapes'
    queries it starts from a pattern that matches every selector or every figure, and the
    cost of validating a report grows with the square of its figures. The shapes' queries are
    written to start from $this (or from the most selective pattern); kept in that order,
    each focus node costs what its own neighbourhood costs.
    """
    saved = rdflib_algebra.reorderTriples
    rdflib_algebra.reorderTriples = list  # type: ignore[assignment]
    try:
        yield
    finally:
        rdflib_algebra.reorderTriples = saved


class PreparedQueries(SPARQLProcessor):
    """rdflib's SPARQL processor, parsing each query text once per process.

    pyshacl evaluates the SHACL-SPARQL constraints of every shape anew for every report, and
    rdflib parses the query text each time (pyparsing: about a quarter of validation time). A
    translated query is reusable (rdflib's own prepared queries are), so the parse is cached.
    Registered as rdflib's "sparql" processor where this module is imported.
    """

    def query(self, strOrQuery: Any, initBindings: Any = None, initNs: Any = None,  # type: ignore[override]
              base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, namespaces)
        return evalQuery(self.graph, strOrQuery, initBindings, base)


rdflib.plugin.register("sparql", rdflib.query.Processor, __name__, "PreparedQueries")


def _parse_all(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def load_shapes(directory: Path = SHAPES_DIR) -> Graph:
    """All shapes files (core, recommended, arithmetic) as one shapes graph."""
    return _parse_all(sorted(directory.glob("*.shapes.ttl")))


@lru_cache(maxsize=1)
def load_vocabulary(directory: Path = ONTOLOGY_DIR) -> Graph:
    """The ontology and its code lists."""
    return _parse_all(sorted(directory.glob("*.ttl")))


def validate_graph(data: Graph, context: Graph, report: URIRef | None = None,
                   shapes: Graph | None = None, only: list[str | URIRef] | None = None) -> Outcome:
    """Validate a report graph together with its context (the vocabulary and places it uses)."""
    shapes_graph = shapes if shapes is not None else load_shapes()
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in context:
        combined.add(triple)
    _conforms, results, _text = pyshacl.validate(
        combined,
        shacl_graph=shapes_graph,
        inference="none",
        allow_warnings=True,
        meta_shacl=False,
        advanced=True,
        inplace=True,  # `combined` is ours: pyshacl need not copy it
        use_shapes=list(only) if only is not None else None,
    )
    if not isinstance(results, Graph):
        raise TypeError(f"pyshacl returned {type(results).__name__}, not a graph")
    findings: list[Finding] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        owner = shapes_graph.value(predicate=SH.property, object=shape)
        if isinstance(shape, BNode) and owner is not None:
            shape = owner  # a property shape is reported by the node shape it belongs to
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1],
            shape=str(shape),
            focus=str(focus),
            path=str(path) if isinstance(path, URIRef) else None,
            message=str(message) if message is not None else "(no message)",
        ))
        if report is not None:
            results.add((result, FK.report, report))
    report_node = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report_node is not None and report is not None:
        results.add((report_node, FK.report, report))
    findings.sort(key=lambda f: (f.severity, f.shape, f.focus))
    return Outcome(results, tuple(findings))
