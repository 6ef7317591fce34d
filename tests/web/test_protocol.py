"""The SPARQL 1.1 Protocol against the live gunicorn: method x content type x Accept ->
status and media type, for every case of the design notes (and the W3C protocol tests they
summarise), plus dataset parameters, negotiation, caching, CORS and the service description.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef

from tests.web.conftest import Server

Q = "SELECT (COUNT(*) AS ?n) WHERE { ?f a fk:Figure }"
CONSTRUCT = "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a fk:Agency ; skos:prefLabel ?l }"
ASK = "ASK { ?a a fk:Agency }"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
SRJ = "application/sparql-results+json"
SRX = "application/sparql-results+xml"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    status: int
    media: str | None = None  # expected media type (no parameters)
    params: str = ""  # raw query string
    content_type: str | None = None
    body: bytes | None = None
    accept: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def q(text: str) -> str:
    return quote(text, safe="")


CASES = [
    # query operation: the three ways
    Case("GET", "GET", 200, SRJ, f"query={q(Q)}"),
    Case("POST form", "POST", 200, SRJ, content_type=FORM, body=f"query={q(Q)}".encode()),
    Case("POST direct", "POST", 200, SRJ, content_type=DIRECT, body=Q.encode()),
    Case("POST form utf-8 charset", "POST", 200, SRJ, content_type=f"{FORM}; charset=UTF-8",
         body=f"query={q(Q)}".encode()),
    Case("POST direct with charset", "POST", 200, SRJ, content_type=f"{DIRECT}; charset=utf-8",
         body=Q.encode()),
    Case("unknown parameters are ignored", "GET", 200, SRJ, f"query={q(Q)}&foo=bar&timeout=1"),
    Case("POST direct with dataset in URL", "POST", 200, SRJ,
         "default-graph-uri=" + q("https://w3id.org/fiscal-kg/graph/places"),
         content_type=DIRECT, body=b"SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
    # bad requests: 4xx, never 5xx
    Case("PUT", "PUT", 405, params=f"query={q(Q)}"),
    Case("DELETE", "DELETE", 405, params=f"query={q(Q)}"),
    Case("PATCH", "PATCH", 405, content_type=DIRECT, body=Q.encode()),
    Case("POST wrong content type", "POST", 415, content_type="text/plain", body=Q.encode()),
    Case("POST JSON content type", "POST", 415, content_type="application/json", body=b"{}"),
    Case("POST no content type", "POST", 400, body=Q.encode()),
    Case("POST form without query", "POST", 400, content_type=FORM, body=b"foo=bar"),
    Case("two queries GET", "GET", 400, params=f"query={q(Q)}&query={q(ASK)}"),
    Case("two queries POST form", "POST", 400, content_type=FORM,
         body=f"query={q(Q)}&query={q(ASK)}".encode()),
    Case("query in URL and body", "POST", 400, params=f"query={q(Q)}", content_type=DIRECT,
         body=ASK.encode()),
    Case("charset not UTF-8", "POST", 400, content_type=f"{DIRECT}; charset=ISO-8859-1",
         body=Q.encode("latin-1")),
    Case("body not UTF-8", "POST", 400, content_type=DIRECT,
         body="SELECT * WHERE { ?s ?p \"é\" }".encode("latin-1")),
    Case("form not UTF-8", "POST", 400, content_type=FORM,
         body=b"query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%22%E9%22%7D"),
    Case("query string not UTF-8", "GET", 400,
         params="query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%22%E9%22%7D"),
    Case("syntax error", "GET", 400, params=f"query={q('SELECT * WHERE { ?s ?p ')}"),
    Case("syntax error POST", "POST", 400, content_type=DIRECT, body=b"SELEKT * WHERE {}"),
    # updates: read-only service
    Case("update POST", "POST", 403, content_type="application/sparql-update",
         body=b"INSERT DATA { <http://a> <http://b> <http://c> }"),
    Case("update form", "POST", 403, content_type=FORM,
         body=f"update={q('INSERT DATA { <http://a> <http://b> <http://c> }')}".encode()),
    Case("update as query", "GET", 403, params=f"query={q('INSERT DATA { <http://a> <http://b> 1 }')}"),
    Case("LOAD", "GET", 403, params=f"query={q('LOAD <http://example.org/data.ttl>')}"),
    # negotiation
    Case("Accept SPARQL XML", "GET", 200, SRX, f"query={q(Q)}", accept=SRX),
    Case("Accept CSV", "GET", 200, "text/csv", f"query={q(Q)}", accept="text/csv"),
    Case("Accept TSV", "GET", 200, "text/tab-separated-values", f"query={q(Q)}",
         accept="text/tab-separated-values"),
    Case("Accept application/json", "GET", 200, SRJ, f"query={q(Q)}", accept="application/json"),
    Case("q-values", "GET", 200, "text/tab-separated-values", f"query={q(Q)}",
         accept="text/csv;q=0.5, text/tab-separated-values;q=0.9"),
    Case("wildcard", "GET", 200, SRJ, f"query={q(Q)}", accept="*/*"),
    Case("text wildcard", "GET", 200, "text/csv", f"query={q(Q)}", accept="text/*"),
    Case("combined Accept, SELECT", "GET", 200, SRX, f"query={q(Q)}",
         accept="text/turtle, application/sparql-results+xml;q=0.9"),
    Case("combined Accept, CONSTRUCT", "GET", 200, "text/turtle", f"query={q(CONSTRUCT)}",
         accept="text/turtle, application/sparql-results+xml;q=0.9"),
    Case("ASK JSON", "GET", 200, SRJ, f"query={q(ASK)}"),
    Case("ASK XML", "GET", 200, SRX, f"query={q(ASK)}", accept=SRX),
    Case("CONSTRUCT default", "GET", 200, "text/turtle", f"query={q(CONSTRUCT)}", accept="*/*"),
    Case("CONSTRUCT N-Triples", "GET", 200, "application/n-triples", f"query={q(CONSTRUCT)}",
         accept="application/n-triples"),
    Case("CONSTRUCT JSON-LD", "GET", 200, "application/ld+json", f"query={q(CONSTRUCT)}",
         accept="application/ld+json"),
    Case("CONSTRUCT RDF/XML", "GET", 200, "application/rdf+xml", f"query={q(CONSTRUCT)}",
         accept="application/rdf+xml"),
    Case("CONSTRUCT N-Quads", "GET", 200, "application/n-quads", f"query={q(CONSTRUCT)}",
         accept="application/n-quads"),
    Case("CONSTRUCT TriG", "GET", 200, "application/trig", f"query={q(CONSTRUCT)}",
         accept="application/trig"),
    Case("DESCRIBE", "GET", 200, "text/turtle",
         f"query={q('DESCRIBE <https://w3id.org/fiscal-kg/id/place/420700>')}"),
    Case("nothing acceptable", "GET", 406, params=f"query={q(Q)}", accept="image/png"),
    Case("results type for a graph", "GET", 406, params=f"query={q(CONSTRUCT)}", accept=SRJ),
    Case("format= overrides Accept", "GET", 200, "text/csv", f"query={q(Q)}&format=csv",
         accept=SRJ),
    Case("format= alias", "GET", 200, "application/ld+json", f"query={q(CONSTRUCT)}&format=jsonld"),
    Case("format= unknown", "GET", 400, params=f"query={q(Q)}&format=pdf"),
    Case("browser gets HTML", "GET", 200, "text/html", f"query={q(Q)}",
         accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    # the service description
    Case("service description Turtle", "GET", 200, "text/turtle", accept="text/turtle"),
    Case("service description default", "GET", 200, "text/turtle", accept="*/*"),
    Case("service description RDF/XML", "GET", 200, "application/rdf+xml",
         accept="application/rdf+xml"),
    Case("service description JSON-LD", "GET", 200, "application/ld+json",
         accept="application/ld+json"),
    Case("query page for a browser", "GET", 200, "text/html",
         accept="text/html,application/xhtml+xml,*/*;q=0.8"),
    Case("OPTIONS preflight", "OPTIONS", 204,
         headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}),
]


def send(server: Server, case: Case) -> requests.Response:
    headers = dict(case.headers)
    if case.content_type is not None:
        headers["Content-Type"] = case.content_type
    if case.accept is not None:
        headers["Accept"] = case.accept
    url = server.sparql + (f"?{case.params}" if case.params else "")
    request = requests.Request(case.method, url, headers=headers, data=case.body)
    prepared = request.prepare()
    if case.content_type is None and "Content-Type" in prepared.headers:
        del prepared.headers["Content-Type"]
    with requests.Session() as session:
        return session.send(prepared, timeout=30)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol_case(live: Server, case: Case) -> None:
    response = send(live, case)
    assert response.status_code == case.status, response.text[:500]
    if case.media is not None:
        assert response.headers["Content-Type"].split(";")[0] == case.media
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if 400 <= case.status < 500 and case.status != 405:
        problem = response.json()["error"]
        assert problem["status"] == case.status and problem["detail"]
    if case.status == 405:
        assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    if case.status == 200 and case.params and "query=" in case.params:
        assert "Accept" in response.headers["Vary"]


def test_syntax_error_carries_the_parser_message(live: Server) -> None:
    response = requests.get(live.sparql, params={"query": "SELECT * WHERE { ?s ?p "}, timeout=10)
    assert response.status_code == 400
    assert "not valid SPARQL" in response.json()["error"]["detail"]


def test_results_are_the_stored_figures(live: Server) -> None:
    response = requests.get(live.sparql, params={"query": Q}, timeout=10)
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "156"


def test_default_graph_is_the_union_and_dataset_parameters_restrict_it(live: Server) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    places = "https://w3id.org/fiscal-kg/graph/places"

    def n(**params: str | list[str]) -> int:
        response = requests.get(live.sparql, params={"query": count, **params}, timeout=10)
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    union, only_places = n(), n(**{"default-graph-uri": places})
    assert 0 < only_places < union
    named = requests.get(live.sparql, params={
        "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "named-graph-uri": places}, timeout=10).json()["results"]["bindings"]
    assert [(b["g"]["value"], int(b["n"]["value"])) for b in named] == [(places, only_places)]
    from_clause = requests.get(live.sparql, params={
        "query": f"SELECT (COUNT(*) AS ?n) FROM <{places}> WHERE {{ ?s ?p ?o }}"}, timeout=10)
    assert int(from_clause.json()["results"]["bindings"][0]["n"]["value"]) == only_places


def test_relative_iris_resolve_against_the_endpoint(live: Server) -> None:
    response = requests.get(live.sparql, params={
        "query": "SELECT ?x WHERE { BIND(<figure> AS ?x) }"}, timeout=10)
    assert response.json()["results"]["bindings"][0]["x"]["value"] == live.url + "/figure"


def test_etag_and_304(live: Server) -> None:
    first = requests.get(live.sparql, params={"query": Q}, timeout=10)
    etag = first.headers["ETag"]
    again = requests.get(live.sparql, params={"query": Q}, headers={"If-None-Match": etag},
                         timeout=10)
    assert again.status_code == 304 and again.content == b""
    other = requests.get(live.sparql, params={"query": Q}, timeout=10,
                         headers={"If-None-Match": etag, "Accept": "text/csv"})
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_cors_without_credentials(live: Server) -> None:
    response = requests.get(live.sparql, params={"query": ASK}, timeout=10,
                            headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = send(live, CASES[-1])
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_service_description(live: Server) -> None:
    response = requests.get(live.sparql, headers={"Accept": "text/turtle"}, timeout=10)
    graph = Graph().parse(data=response.text, format="turtle")
    [service] = list(graph.subjects(predicate=SD.endpoint))
    assert graph.value(service, SD.endpoint) == URIRef(live.sparql)
    formats = {str(f).rsplit("/", 1)[-1] for f in graph.objects(service, SD.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                       "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
                       "N-Quads", "TriG"}
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    health = requests.get(live.url + "/-/health", timeout=10).json()
    # the dataset's graphs: a remote store also holds the build's record (graph/build)
    union = requests.get(live.sparql, timeout=10, params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } "
                 "FILTER (?g != <https://w3id.org/fiscal-kg/graph/build>) } }"}).json()
    assert graph.value(default, VOID.triples) == Literal(
        int(union["results"]["bindings"][0]["n"]["value"]))
    names = {graph.value(n, SD.name) for n in graph.objects(dataset, SD.namedGraph)}
    assert URIRef("https://w3id.org/fiscal-kg/graph/places") in names
    assert health["triples"] >= int(graph.value(default, VOID.triples))


def test_health(live: Server) -> None:
    health = requests.get(live.url + "/-/health", timeout=10)
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["store_open"] is True
    assert body["triples"] > 10000 and len(body["build_id"]) == 16


def test_stored_queries_over_http(live: Server) -> None:
    listing = requests.get(live.url + "/queries/", timeout=10)
    assert listing.status_code == 200 and "consistency" in listing.text
    data = requests.get(live.url + "/queries/consistency.json", timeout=10)
    assert data.headers["Content-Type"].startswith(SRJ)
    rows = data.json()["results"]["bindings"]
    assert [r["computed"]["value"] for r in rows] == ["2707000"]
    csv = requests.get(live.url + "/queries/units.csv", timeout=10)
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "agency,unit,unitName,position"
    assert len(csv.text.splitlines()) == 19
    page = requests.get(live.url + "/queries/figures", timeout=10)
    assert page.status_code == 200 and "公务接待费" in page.text
    assert requests.get(live.url + "/queries/nothing", timeout=10).status_code == 404
    assert requests.get(live.url + "/queries/figures.pdf", timeout=10).status_code == 404


def test_query_log_line_per_request(live: Server) -> None:
    marker = "SELECT ?logged WHERE { BIND(1 AS ?logged) }"
    requests.get(live.sparql, params={"query": marker}, timeout=10)
    lines = [json.loads(line.split("fiscal_kg.query INFO ", 1)[1])
             for line in live.log_text().splitlines() if "fiscal_kg.query INFO" in line]
    import hashlib

    digest = hashlib.sha256((marker + " LIMIT 10000").encode()).hexdigest()[:16]
    [entry] = [e for e in lines if e["query_sha256"] == digest]
    assert entry["status"] == 200 and entry["rows"] == 1 and entry["ms"] >= 0
