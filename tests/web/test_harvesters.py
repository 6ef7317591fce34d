"""/catalog and /.well-known/void as a harvester asks for them, through Flask's test client:
RDF (Turtle) to a request with no preference (no Accept, as a bare client sends; `*/*`, as
curl, python-requests and portal harvesters send), the page to a browser, `format=` first; and
the checksums' algorithm named with SPDX's own IRI."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from fiscal_kg.config import Settings
from fiscal_kg.web import create_app

pytestmark = pytest.mark.fast

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
# SPDX's individual for SHA-256, in SPDX's namespace (http), as DCAT-AP writes the namespace
SHA256 = URIRef("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")
# what browsers send (Firefox, Chrome): text/html by name, everything else at a lower q
BROWSERS = ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"]
# what harvesters and command-line clients send: nothing, or anything
NO_PREFERENCE = [None, "*/*", "*/*;q=0.8", "text/*"]
# what each document is: its RDF type, and the class of its page's main element
DOCUMENTS = {"/catalog": DCAT.Catalog, "/.well-known/void": VOID.Dataset}


class Html(HTMLParser):
    """The language and the title of an HTML page, read by a parser (None when it is not
    HTML)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1 = ""
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = False if tag == "h1" else self._in_h1

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


@pytest.fixture(scope="module")
def app(seed_store: Path) -> Iterator[Flask]:
    app = create_app(Settings.from_env(store=seed_store, public_url="http://fast.test"))
    yield app
    with app.app_context():
        app.extensions["fiscal_kg.store"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def get(client: FlaskClient, path: str, accept: str | None) -> tuple[int, str, bytes, str]:
    response = client.get(path, headers={} if accept is None else {"Accept": accept})
    assert "Accept" in response.headers.get("Vary", "")
    return response.status_code, response.mimetype, response.data, response.headers["ETag"]


@pytest.mark.parametrize("accept", NO_PREFERENCE)
@pytest.mark.parametrize("path", list(DOCUMENTS))
def test_no_preference_gets_turtle(client: FlaskClient, path: str, accept: str | None) -> None:
    status, media_type, body, _ = get(client, path, accept)
    assert (status, media_type) == (200, "text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert len(set(graph.subjects(RDF.type, DOCUMENTS[path]))) >= 1


@pytest.mark.parametrize("accept", BROWSERS)
@pytest.mark.parametrize("path", list(DOCUMENTS))
def test_a_browser_gets_the_page(client: FlaskClient, path: str, accept: str) -> None:
    status, media_type, body, etag = get(client, path, accept)
    assert (status, media_type) == (200, "text/html")
    page = Html(body.decode("utf-8"))
    assert page.lang in ("zh", "en") and page.h1.strip()
    # the page and the RDF are different representations: different tags
    assert etag != get(client, path, None)[3]


@pytest.mark.parametrize(("named", "accept", "media_type"), [
    ("html", None, "text/html"),
    ("html", "text/turtle", "text/html"),
    ("ttl", BROWSERS[0], "text/turtle"),
    ("jsonld", "*/*", "application/ld+json"),
    ("rdf", BROWSERS[1], "application/rdf+xml"),
])
@pytest.mark.parametrize("path", list(DOCUMENTS))
def test_format_wins_over_accept(client: FlaskClient, path: str, named: str,
                                 accept: str | None, media_type: str) -> None:
    response = client.get(path, query_string={"format": named},
                          headers={} if accept is None else {"Accept": accept})
    assert (response.status_code, response.mimetype) == (200, media_type)


@pytest.mark.parametrize(("accept", "media_type"), [
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/n-triples", "application/n-triples"),
    ("text/html", "text/html"),
])
def test_a_named_type_gets_that_type(client: FlaskClient, accept: str, media_type: str) -> None:
    assert get(client, "/catalog", accept)[:2] == (200, media_type)
    assert client.get("/catalog", headers={"Accept": "image/png"}).status_code == 406


def test_checksums_name_the_algorithm_with_spdx_s_own_iri(client: FlaskClient) -> None:
    graph = Graph().parse(data=get(client, "/catalog", None)[2], format="turtle")
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    checksums = [graph.value(d, SPDX.checksum) for d in distributions
                 if graph.value(d, SPDX.checksum) is not None]
    assert checksums and len(checksums) == len({graph.value(d, DCAT.downloadURL)
                                                for d in distributions} - {None})
    assert {graph.value(c, SPDX.algorithm) for c in checksums} == {SHA256}
    assert (SHA256, RDF.type, SPDX.ChecksumAlgorithm) in graph
    assert all(len(str(graph.value(c, SPDX.checksumValue))) == 64 for c in checksums)
