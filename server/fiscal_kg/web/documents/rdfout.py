"""Graphs built in Python (service description, catalogue, VoID) written by the engine's own
serializers, in a stable order."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.store.interface import PREFIXED_FORMATS


def write_graph(graph: Graph, rdf: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"),
                       format=ox.RdfFormat.N_TRIPLES)
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    chosen = {**PREFIXES, **(prefixes or {})} if rdf in PREFIXED_FORMATS else None
    return ox.serialize(ordered, format=rdf, prefixes=chosen) or b""
