"""The pages, negotiation and errors through Flask's test client, on the seed's store: no
server process, so a change to a template or a handler is checked in seconds
(`make test-fast` runs these with the other tests marked fast). The contract with real
clients (gunicorn, SPARQLWrapper, browsers, remote stores) is the live-server tests' job."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from fiscal_kg.config import Settings
from fiscal_kg.web import create_app
from fiscal_kg.web.context import store

pytestmark = pytest.mark.fast

AGENCY = "/id/agency/" + quote("鄂州市人民政府办公室")
DCAT = "http://www.w3.org/ns/dcat#"


class Links(HTMLParser):
    """The type and address of a page's icon links (<link rel="icon">)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.icons: list[tuple[str | None, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "icon":
            self.icons.append((found.get("type"), found.get("href")))


class Strong(HTMLParser):
    """The texts of a page's <strong> elements, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open = tag == "strong"
        if self._open:
            self.texts.append("")

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._open = False if tag == "strong" else self._open


@pytest.fixture(scope="module")
def app(seed_store: Path) -> Iterator[Flask]:
    app = create_app(Settings.from_env(store=seed_store, public_url="http://fast.test"))
    yield app
    with app.app_context():
        app.extensions["fiscal_kg.store"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_the_home_page_counts_the_build(client: FlaskClient, app: Flask) -> None:
    response = client.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    with app.test_request_context():
        reports = len(store().manifest.reports)
    counts = Strong(response.get_data(as_text=True)).texts
    assert counts[0] == str(reports)  # reports, agencies, figures


def test_a_select_answers_json_results(client: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a fk:Agency }"
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    [row] = json.loads(response.data)["results"]["bindings"]
    assert int(row["n"]["value"]) >= 1
    assert response.headers["X-Build-Id"] and response.headers["ETag"]


def test_negotiation_and_its_refusal(client: FlaskClient) -> None:
    csv = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { BIND(1 AS ?x) }"},
                     headers={"Accept": "text/csv"})
    assert (csv.status_code, csv.mimetype, csv.data.splitlines()) == (200, "text/csv", [b"x", b"1"])
    refused = client.get("/sparql", query_string={"query": "ASK {}"},
                         headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert json.loads(refused.data)["error"]["status"] == 406


def test_errors_say_what_is_wrong(client: FlaskClient) -> None:
    bad = client.get("/sparql", query_string={"query": "SELECT WHERE {"},
                     headers={"Accept": "application/json"})
    assert bad.status_code == 400 and "error" in json.loads(bad.data)
    update = client.post("/sparql", data="DROP ALL",
                         headers={"Content-Type": "application/sparql-update"})
    assert update.status_code == 403


def test_an_entity_page_and_its_data(client: FlaskClient) -> None:
    page = client.get(AGENCY, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "鄂州市人民政府办公室" in page.get_data(as_text=True)
    turtle = client.get(AGENCY, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.data, format="turtle")
    agency = URIRef("https://w3id.org/fiscal-kg/id/agency/鄂州市人民政府办公室")
    assert (agency, RDF.type, URIRef("https://w3id.org/fiscal-kg/def/Agency")) in graph
    missing = client.get("/id/agency/" + quote("没有这个部门"), headers={"Accept": "text/html"})
    assert missing.status_code == 404


def test_the_catalogue_is_made_from_the_manifest(client: FlaskClient) -> None:
    response = client.get("/catalog", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    datasets = set(graph.subjects(RDF.type, URIRef(DCAT + "Dataset")))
    assert len(datasets) >= 2  # the report's and the whole graph's
    void = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    linksets = Graph().parse(data=void.data, format="turtle").subjects(
        RDF.type, URIRef("http://rdfs.org/ns/void#Linkset"))
    assert len(set(linksets)) >= 1


def test_the_health_check(client: FlaskClient) -> None:
    health = json.loads(client.get("/-/health").data)
    assert (health["status"], health["store"], health["reports"]) == ("ok", "embedded", 1)


def test_the_site_has_an_icon(client: FlaskClient) -> None:
    home = Links(client.get("/").get_data(as_text=True))
    assert [(kind, urlsplit(href or "").path) for kind, href in home.icons] == [
        ("image/svg+xml", "/static/favicon.svg")]
    moved = client.get("/favicon.ico")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/static/favicon.svg")
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert ElementTree.fromstring(icon.get_data()).tag == "{http://www.w3.org/2000/svg}svg"
