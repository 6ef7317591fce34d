"""VoID statistics of a store: for the union of its graphs and for each graph.

Triples are distinct triples (a triple in two graphs counts once in the union); entities are
the IRIs that have a type (blank nodes are not entities); a class partition counts the entities
of its class, so `classes` is the number of class partitions.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

_PER_GRAPH = """
SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?distinct_subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?distinct_objects)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
"""
_CLASSES_PER_GRAPH = """
SELECT ?g (COUNT(DISTINCT ?c) AS ?classes) (COUNT(DISTINCT ?s) AS ?entities)
WHERE { GRAPH ?g { ?s a ?c FILTER(isIRI(?s)) } } GROUP BY ?g
"""
_UNION = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?distinct_subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?distinct_objects)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }
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
_PROPERTY_PARTITIONS = """
SELECT ?property (COUNT(*) AS ?triples)
WHERE { SELECT DISTINCT ?s ?property ?o WHERE { GRAPH ?g { ?s ?property ?o } } }
GROUP BY ?property ORDER BY ?property
"""


def dataset_statistics(store: ox.Store) -> dict[str, Any]:
    """{'union': {...}, 'graphs': {graph IRI: {...}}, 'classes': {class: entities},
    'properties': {property: triples}} with VoID-style counts (distinct triples)."""
    graphs: dict[str, dict[str, Any]] = {}
    for row in _rows(store, _PER_GRAPH):
        graphs[row.pop("g")] = row
    for row in _rows(store, _CLASSES_PER_GRAPH):
        graphs.setdefault(row.pop("g"), {}).update(row)
    union = _rows(store, _UNION)[0]
    union.update(_rows(store, _CLASSES)[0])
    classes = {row["class"]: row["entities"] for row in _rows(store, _CLASS_PARTITIONS)}
    properties = {row["property"]: row["triples"] for row in _rows(store, _PROPERTY_PARTITIONS)}
    return {"union": union, "graphs": graphs, "classes": classes, "properties": properties}
