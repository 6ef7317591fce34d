"""The checks across reports (shapes/cross-report.ttl), run once per build over the whole store.

Each report is validated on its own with pyshacl while it is read (cost linear in the number
of reports). What compares reports with each other is written as SHACL-SPARQL constraints whose
query finds its own focus nodes; the build runs each query with Oxigraph over the union of the
report graphs and records the solutions as SHACL validation results, exactly as pyshacl would
(focus node, severity, source shape and constraint, message with its {?variables} filled in,
sh:value), in the graph `graph/validation/cross-report`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from fiscal_kg.namespaces import FK, PREFIXES
from fiscal_kg.resources import SHAPES_DIR

CROSS_REPORT = SHAPES_DIR / "cross-report.ttl"
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class Check:
    shape: URIRef
    constraint: URIRef | BNode
    severity: URIRef
    select: str
    message: str
    prefixes: dict[str, str]


@lru_cache(maxsize=2)
def load_cross_report(path: Path = CROSS_REPORT) -> Graph:
    return Graph().parse(path, format="turtle")


def checks(shapes: Graph) -> list[Check]:
    found = []
    for shape in sorted(s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for constraint in shapes.objects(shape, SH.sparql):
            assert isinstance(constraint, URIRef | BNode)
            prefixes = dict(PREFIXES)
            for node in shapes.objects(constraint, SH.prefixes):
                for declaration in shapes.objects(node, SH.declare):
                    prefixes[str(shapes.value(declaration, SH.prefix))] = str(
                        shapes.value(declaration, SH.namespace))
            found.append(Check(shape, constraint, URIRef(str(severity)),
                               str(shapes.value(constraint, SH.select)),
                               str(shapes.value(constraint, SH.message)), prefixes))
    return found


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> URIRef | Literal | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language,
                       datatype=None if term.language else URIRef(term.datatype.value))
    return None


def fill(message: str, values: dict[str, URIRef | Literal | None]) -> str:
    """A sh:message with its {?name} and {$name} placeholders replaced by the values.

    >>> fill("{?item} is {?stated}, not {$this}", {"item": Literal("x"), "stated": Literal(0)})
    'x is 0, not '
    """

    def value(match: re.Match[str]) -> str:
        found = values.get(match.group(1))
        return "" if found is None else str(found)

    return _PLACEHOLDER.sub(value, message)


def cross_check(database: ox.Store, shapes: Graph | None = None) -> Graph:
    """The validation report of the checks across the reports in the store."""
    shapes = shapes if shapes is not None else load_cross_report()
    results = Graph()
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    conforms = True
    for check in checks(shapes):
        # every solution once, whatever graphs its triples are repeated in
        query = f"SELECT DISTINCT * WHERE {{ {check.select.replace('$this', '?this')} }}"
        solutions = database.query(query, prefixes=check.prefixes, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            values = {name: _rdflib(solution[name]) for name in names}
            focus = values.get("this")
            if focus is None:
                continue
            result = BNode()
            results.add((report, SH.result, result))
            results.add((result, RDF.type, SH.ValidationResult))
            results.add((result, SH.focusNode, focus))
            results.add((result, SH.resultSeverity, check.severity))
            results.add((result, SH.sourceShape, check.shape))
            results.add((result, SH.sourceConstraint, check.constraint))
            results.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            message = fill(check.message, values)
            results.add((result, SH.resultMessage, Literal(message)))
            value = values.get("value")
            if value is not None:
                results.add((result, SH.value, value))
            for quad in database.quads_for_pattern(ox.NamedNode(str(focus)),
                                                   ox.NamedNode(str(FK.report)), None):
                if isinstance(quad.object, ox.NamedNode):
                    results.add((result, FK.report, URIRef(quad.object.value)))
                    break
            conforms = conforms and check.severity != SH.Violation
    results.add((report, SH.conforms, Literal(conforms)))
    return results
