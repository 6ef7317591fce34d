"""SPARQLWrapper, the client researchers use, against the live service in every format."""

from __future__ import annotations

import csv
import io
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.web.conftest import Server

SELECT = """SELECT ?item ?value WHERE {
  ?f fk:section <https://w3id.org/fiscal-kg/def/section/three-public> ; fk:item ?item ;
     fk:value ?value ; fk:role <https://w3id.org/fiscal-kg/def/role/level> ;
     sdmx-attribute:unitMeasure <https://w3id.org/fiscal-kg/def/unit/CNY> }
ORDER BY ?item"""
EXPECTED = [("三公经费", "841800"), ("公务接待费", "9200"), ("公务用车购置及运行维护费", "797800"),
            ("公务用车购置费", "195200"), ("公务用车运行费", "602600"), ("因公出国(境)费用", "34800")]
AGENCY = URIRef("https://w3id.org/fiscal-kg/id/agency/鄂州市人民政府办公室")
CONSTRUCT = f"CONSTRUCT {{ <{AGENCY}> ?p ?o }} WHERE {{ <{AGENCY}> ?p ?o }}"


def client(server: Server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if method == "POST":
        wrapper.setMethod(POST)
    return wrapper


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_json(live: Server, method: str) -> None:
    data = client(live, SELECT, JSON, method).queryAndConvert()
    assert isinstance(data, dict)
    rows = sorted((b["item"]["value"], b["value"]["value"]) for b in data["results"]["bindings"])
    assert rows == sorted(EXPECTED)


def test_select_xml(live: Server) -> None:
    document = client(live, SELECT, XML).queryAndConvert()
    assert isinstance(document, Document)
    literals = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert sorted(zip(literals[::2], literals[1::2], strict=True)) == sorted(EXPECTED)


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_select_csv_tsv(live: Server, fmt: str) -> None:
    raw = client(live, SELECT, fmt).queryAndConvert()
    assert isinstance(raw, bytes)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8")),
                           delimiter="," if fmt == CSV else "\t"))
    if fmt == CSV:
        assert rows[0] == ["item", "value"]
        assert sorted((r[0], r[1]) for r in rows[1:]) == sorted(EXPECTED)
    else:  # TSV carries terms in their Turtle / N-Triples syntax: read it with the engine
        parsed = ox.parse_query_results(raw, format=ox.QueryResultsFormat.TSV)
        assert sorted((s["item"].value, s["value"].value) for s in parsed) == sorted(EXPECTED)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(live: Server, fmt: str) -> None:
    result = client(live, "ASK { ?a a fk:Agency }", fmt).queryAndConvert()
    if fmt == JSON:
        assert result == {"head": {}, "boolean": True}
    else:
        assert isinstance(result, Document)
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_results(live: Server, fmt: str, form: str) -> None:
    query = CONSTRUCT if form == "CONSTRUCT" else f"DESCRIBE <{AGENCY}>"
    graph = as_graph(client(live, query, fmt).queryAndConvert(), fmt)
    assert (AGENCY, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal("鄂州市人民政府办公室", lang="zh")) in graph
    reference = as_graph(client(live, CONSTRUCT, TURTLE).queryAndConvert(), TURTLE)
    assert len(reference) > 20
    if form == "DESCRIBE" and live.store == "virtuoso":
        # SPARQL leaves DESCRIBE to the store: Virtuoso adds the triples that point at it
        assert set(reference) <= set(graph)
        assert all(o == AGENCY for _s, _p, o in set(graph) - set(reference))
    else:
        assert isomorphic(graph, reference)


def as_graph(result: object, fmt: str) -> Graph:
    """SPARQLWrapper converts some formats to a graph and returns others as bytes."""
    if isinstance(result, Graph):
        return result
    assert isinstance(result, bytes | str)
    return Graph().parse(data=result, format={TURTLE: "turtle", N3: "turtle",
                                              JSONLD: "json-ld"}.get(fmt, "xml"))
