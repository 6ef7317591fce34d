"""VoID statistics of a store: for the union of its graphs and for each graph.

Triples are distinct triples (a triple in two graphs counts once in the union); entities are
the IRIs that have a type (blank nodes are not entities); a class partition counts the entities
of its class, so `classes` is the number of class partitions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox


@dataclass
class UnionTally:
    """Counts of the union of the named graphs, taken while the union is streamed once (for its
    dump, fiscal_kg.store.dumps.union_triples: a subject's triples together, each once). A
    DISTINCT over every triple in SPARQL held them all in memory: 1.1 GB at 1,000 reports."""

    triples: int = 0
    subjects: int = 0
    properties: Counter[str] = field(default_factory=Counter)
    _subject: ox.NamedNode | ox.BlankNode | ox.Triple | None = None

    def add(self, triple: ox.Triple) -> None:
        self.triples += 1
        self.properties[triple.predicate.value] += 1
        if triple.subject != self._subject:
            self._subject = triple.subject
            self.subjects += 1

_PER_GRAPH = """
SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?distinct_subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?distinct_objects)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
"""
_CLASSES_PER_GRAPH = """
SELECT ?g (COUNT(DISTINCT ?c) AS ?classes) (COUNT(DISTINCT ?s) AS ?entities)
WHERE { GRAPH ?g { ?s a ?c FILTER(isIRI(?s)) } } GROUP BY ?g
"""
_UNION_OBJECTS = """
SELECT (COUNT(DISTINCT ?o) AS ?distinct_objects) WHERE { GRAPH ?g { ?s ?p ?o } }
"""
_CLASSES = """
SELECT (COUNT(DISTINCT ?c) AS ?classes) (COUNT(DISTINCT ?s) AS ?entities)
WHERE { GRAPH ?g { ?s a ?c FILTER(isIRI(?s)) } }
"""


def _rows(store: ox.Store, query: str) -> list[dict[str, Any]]:
    results = store.query(query)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    rows = []
    for solution in results:
        row: dict[str, Any] = {}
        for name in names:
            term = solution[name]
            if term is None:
                continue
            row[name] = int(term.value) if isinstance(term, ox.Literal) else term.value
        rows.append(row)
    return rows


_CLASS_PARTITIONS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?entities)
WHERE { GRAPH ?g { ?s a ?class FILTER(isIRI(?s)) } } GROUP BY ?class ORDER BY ?class
"""


def dataset_statistics(store: ox.Store, union: UnionTally) -> dict[str, Any]:
    """{'union': {...}, 'graphs': {graph IRI: {...}}, 'classes': {class: entities},
    'properties': {property: triples}} with VoID-style counts (distinct triples); the union's
    triples, subjects and property partitions as tallied while the union was streamed."""
    graphs: dict[str, dict[str, Any]] = {}
    for row in _rows(store, _PER_GRAPH):
        graphs[row.pop("g")] = row
    for row in _rows(store, _CLASSES_PER_GRAPH):
        graphs.setdefault(row.pop("g"), {}).update(row)
    counts = {"triples": union.triples, "distinct_subjects": union.subjects,
              "properties": len(union.properties)}
    counts.update(_rows(store, _UNION_OBJECTS)[0])
    counts.update(_rows(store, _CLASSES)[0])
    classes = {row["class"]: row["entities"] for row in _rows(store, _CLASS_PARTITIONS)}
    properties = dict(sorted(union.properties.items()))
    return {"union": counts, "graphs": graphs, "classes": classes, "properties": properties}
