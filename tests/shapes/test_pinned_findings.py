"""The shapes' results, pinned: what every shape finds in one graph that breaks them all.

`pinned-findings.json` was written by the shapes and the validator as they were before
validation was made linear (rdflib's own order of triple patterns, the first shapes' text);
rewriting a query or changing how queries are evaluated must not change a single result. A
shape whose meaning changes on purpose is pinned again, with the reason in its commit (the
same quantity is compared within a section since real reports count the 公务用车 held under
“三公” apart from every vehicle under assets).
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from fiscal_kg.pipeline.validate import validate_graph
from tests.shapes.test_shapes import CASES

PINNED = Path(__file__).with_name("pinned-findings.json")
SHAPES = "https://w3id.org/fiscal-kg/shapes/"
DATA = "https://w3id.org/fiscal-kg/"


def test_every_violating_fixture_at_once_gives_the_pinned_results(
        seed_graph: Graph, context: Graph) -> None:
    graph = Graph() + seed_graph
    for name, (_conforming, violating) in CASES.items():
        if name != "ReportHasFiguresShape":  # it removes every figure's type
            violating(graph)
    findings = sorted(
        [f.severity, f.shape.removeprefix(SHAPES), f.focus.removeprefix(DATA), f.path, f.message]
        for f in validate_graph(graph, context).findings)
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert len({row[1] for row in pinned}) >= 20  # most shapes have a result here
    assert findings == pinned
