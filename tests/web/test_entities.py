"""Dereferenceable IRIs over HTTP: the negotiation table (Accept and suffix -> status, media
type), 404s, headers, and RDF responses compared as graphs."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from tests.web.conftest import Server, start_server, stop_server

BASE = "https://w3id.org/fiscal-kg/"
AGENCY = "id/agency/鄂州市人民政府办公室"
REPORT = "id/report/鄂州市人民政府办公室/2018"
FIGURE = REPORT + "/figure/three-public/公务接待费"
# one IRI of every kind the graph mints
KINDS = {
    "agency": AGENCY,
    "unit": AGENCY + "/unit/督查室",
    "report": REPORT,
    "figure": FIGURE,
    "dataset": "id/dataset/鄂州市人民政府办公室/2018",
    "duty": REPORT + "/duty/3",
    "unit listing": REPORT + "/unit-listing/2",
    "definition": REPORT + "/definition/机关运行经费",
    "text span": REPORT + "/text/713-730",
    "glossary concept": "id/glossary/三公经费",
    "place": "id/place/420700",
    "fiscal concept": "def/concept/three-public-total",
    "fund": "def/fund/fiscal-appropriation",
    "functional code": "def/functional/201",
    "economic code": "def/economic/30217",
    "code list": "def/glossary",
    "ontology term": "def/Figure",
    "ontology property": "def/componentOf",
    "ontology": "def/",
    "shape": "shapes/ComponentsAddUp",
    "graph": "graph/places",
    "series": AGENCY + "/series/vehicles-held/executed/count",
}
RDF_TYPES = {
    "text/turtle": ("ttl", "turtle"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/rdf+xml": ("rdf", "xml"),
    "application/n-triples": ("nt", "nt"),
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def url(server: Server, path: str, suffix: str = "") -> str:
    return f"{server.url}/{quote(path + suffix)}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_iri_answers_a_browser_and_a_machine(live: Server, kind: str) -> None:
    path = KINDS[kind]
    iri = URIRef(BASE + path)
    page = requests.get(url(live, path), headers={"Accept": BROWSER}, timeout=20)
    assert page.status_code == 200, page.text[:300]
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Accept" in page.headers["Vary"]
    links = requests.utils.parse_header_links(page.headers["Link"])
    assert {link["type"] for link in links} == set(RDF_TYPES)
    graphs = []
    for media, (suffix, parser) in RDF_TYPES.items():
        negotiated = requests.get(url(live, path), headers={"Accept": media}, timeout=20)
        suffixed = requests.get(url(live, path, "." + suffix), timeout=20)
        for response in (negotiated, suffixed):
            assert response.status_code == 200
            assert response.headers["Content-Type"].split(";")[0] == media
        assert negotiated.headers["Content-Location"] == quote(
            f"{live.url}/{path}.{suffix}", safe=":/%")
        assert negotiated.content == suffixed.content
        graph = Graph().parse(data=negotiated.content, format=parser)
        assert len(graph) > 0
        graphs.append(graph)
    for graph in graphs[1:]:
        assert isomorphic(graphs[0], graph)
    if kind != "graph":
        assert (iri, None, None) in graphs[0]


def test_rdf_is_the_entity_s_description_from_the_store(live: Server) -> None:
    turtle = requests.get(url(live, AGENCY), headers={"Accept": "text/turtle"}, timeout=20)
    served = Graph().parse(data=turtle.text, format="turtle")
    query = f"CONSTRUCT {{ <{BASE + AGENCY}> ?p ?o }} WHERE {{ <{BASE + AGENCY}> ?p ?o }}"
    expected = Graph().parse(data=requests.get(
        live.sparql, params={"query": query}, headers={"Accept": "text/turtle"},
        timeout=20).text, format="turtle")
    assert isomorphic(served, expected)
    assert (URIRef(BASE + AGENCY), SKOS.prefLabel, Literal("鄂州市人民政府办公室", lang="zh")) in served


def test_text_span_carries_its_selectors(live: Server) -> None:
    served = Graph().parse(data=requests.get(
        url(live, KINDS["text span"], ".ttl"), timeout=20).text, format="turtle")
    span = URIRef(BASE + KINDS["text span"])
    selectors = set(served.objects(span, URIRef("http://www.w3.org/ns/oa#hasSelector")))
    assert {URIRef(f"{span}#position"), URIRef(f"{span}#quote")} == selectors
    assert (URIRef(f"{span}#quote"), URIRef("http://www.w3.org/ns/oa#exact"),
            Literal("鄂州市人民政府办公室为一级预算单位")) in served


@pytest.mark.parametrize(("accept", "media"), [
    (BROWSER, "text/html"), ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"), ("*/*", "text/html"),
])
def test_unknown_iris_get_404_in_the_negotiated_form(live: Server, accept: str, media: str) -> None:
    response = requests.get(url(live, "id/agency/没有这个部门"), headers={"Accept": accept},
                            timeout=20)
    assert response.status_code == 404
    assert response.headers["Content-Type"].split(";")[0] == media
    if media in ("text/turtle", "application/ld+json"):
        parser = "turtle" if media == "text/turtle" else "json-ld"
        assert len(Graph().parse(data=response.text, format=parser)) == 0


def test_nothing_acceptable_is_406(live: Server) -> None:
    response = requests.get(url(live, AGENCY), headers={"Accept": "image/png"}, timeout=20)
    assert response.status_code == 406


class Anchors(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.json_ld: list[str] = []
        self._in_json = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "a" and data.get("href"):
            self.hrefs.append(str(data["href"]))
        self._in_json = tag == "script" and data.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False


def test_pages_link_locally_and_embed_their_json_ld(live: Server) -> None:
    page = requests.get(url(live, FIGURE), headers={"Accept": BROWSER}, timeout=20)
    anchors = Anchors(page.text)
    assert f"{live.url}/{REPORT}" in anchors.hrefs  # the source report, locally
    assert not any(h.startswith(BASE) for h in anchors.hrefs if "/id/" in h)
    [embedded] = anchors.json_ld
    graph = Graph().parse(data=embedded, format="json-ld")
    assert (URIRef(BASE + FIGURE), URIRef(BASE + "def/value"),
            Literal("9200", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))) in graph
    assert "Content-Security-Policy" in page.headers


def test_figure_page_shows_amount_source_and_validation(live: Server) -> None:
    total = REPORT + "/figure/operating-costs/机关运行经费"
    html = requests.get(url(live, total), headers={"Accept": BROWSER, "Accept-Language": "zh"},
                        timeout=20).text
    assert "2,645,300 元" in html and "264.53 万元" in html
    assert "<mark>264.53万元</mark>" in html  # the printed figure, highlighted in its sentence
    assert "2707000" in html and "Warning" in html  # the arithmetic discrepancy, stated and computed
    assert "<svg" in html  # the total's own breakdown


class Outward(HTMLParser):
    """The targets of the links in a page's 'outward links' section."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.targets: list[str] = []
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "section":
            self._depth += 1 if self._depth or data.get("class") == "outward" else 0
        if self._depth and tag == "a" and data.get("class") == "target":
            self.targets.append(str(data["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._depth:
            self._depth -= 1


@pytest.mark.parametrize(("path", "targets"), [
    # the agency: through its city (a close match) and the province and country it lies in
    (AGENCY, {"https://sws.geonames.org/6642286/", "http://www.wikidata.org/entity/Q46862",
              "https://sws.geonames.org/1806949/", "http://www.wikidata.org/entity/Q148",
              "https://sws.geonames.org/1814991/"}),
    ("id/place/420000", {"http://www.wikidata.org/entity/Q46862",
                         "https://sws.geonames.org/1806949/", "http://www.wikidata.org/entity/Q148",
                         "https://sws.geonames.org/1814991/"}),
    ("def/functional/201", {"http://linked.data.gov.au/def/cofog/01"}),
    ("def/unit/CNY", {"http://publications.europa.eu/resource/authority/currency/CNY"}),
])
def test_agency_and_place_pages_show_their_outward_links(
        live: Server, path: str, targets: set[str]) -> None:
    html = requests.get(url(live, path), headers={"Accept": BROWSER}, timeout=20).text
    assert set(Outward(html).targets) == targets


def test_inverse_links_are_counted_and_paged(live: Server) -> None:
    concept = "def/unit/CNY"
    first = requests.get(url(live, concept), headers={"Accept": BROWSER}, timeout=20).text
    assert "(64)" in first  # 64 money figures point at CNY
    key = quote("page:http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure", safe="")
    last = requests.get(url(live, concept) + f"?{key}=4", headers={"Accept": BROWSER},
                        timeout=20).text
    assert "4 / 4" in last


def test_language_follows_accept_language_and_the_switch(live: Server) -> None:
    term = url(live, "def/Figure")
    zh = requests.get(term, headers={"Accept": BROWSER, "Accept-Language": "zh-CN,zh"}, timeout=20)
    en = requests.get(term, headers={"Accept": BROWSER, "Accept-Language": "en-US,en"}, timeout=20)
    switched = requests.get(term + "?lang=en", headers={"Accept": BROWSER,
                                                         "Accept-Language": "zh"}, timeout=20)
    assert "<h1>数字</h1>" in zh.text
    assert "<h1>figure</h1>" in en.text and "<h1>figure</h1>" in switched.text


def test_search_finds_by_chinese_and_english_label(live: Server) -> None:
    for words, found in (("接待", "公务接待费"), ("reception", "official reception")):
        html = requests.get(live.url + "/search", params={"q": words},
                            headers={"Accept-Language": "en"}, timeout=20).text
        assert found.lower() in html.lower()


def test_scheme_page_lists_its_concepts(live: Server) -> None:
    html = requests.get(url(live, "def/glossary"), headers={"Accept": BROWSER}, timeout=20).text
    assert html.count('<tr><td>') >= 13 and "机关运行经费" in html


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Server:
    """A store minted under another canonical base, served as if behind a proxy prefix."""
    from fiscal_kg.build import build
    from fiscal_kg.pipeline.iris import Minter
    from tests.conftest import SEED

    store = tmp_path_factory.mktemp("proxied") / "store"
    assert build([SEED], store, Minter("https://data.example.org/fk/")).published
    server = start_server(store, Path(str(store) + ".log"),
                          base_iri="https://data.example.org/fk/",
                          public_url="https://gateway.example.net/fiscal")
    yield server
    stop_server(server)


def test_canonical_base_and_public_address_are_separate(proxied: Server) -> None:
    path = "id/agency/鄂州市人民政府办公室"
    # the proxy forwards /fiscal/id/... to the service as /id/...
    page = requests.get(url(proxied, path), headers={"Accept": BROWSER}, timeout=20)
    assert page.status_code == 200
    anchors = Anchors(page.text)
    local = [h for h in anchors.hrefs if "/id/agency/" in h or "/id/report/" in h]
    assert local and all(h.startswith("https://gateway.example.net/fiscal/") for h in local)
    assert all(link["url"].startswith("https://gateway.example.net/fiscal/id/")
               for link in requests.utils.parse_header_links(page.headers["Link"]))
    turtle = requests.get(url(proxied, path), headers={"Accept": "text/turtle"}, timeout=20)
    assert turtle.headers["Content-Location"].startswith("https://gateway.example.net/fiscal/")
    graph = Graph().parse(data=turtle.text, format="turtle")
    agency = URIRef("https://data.example.org/fk/" + path)
    assert (agency, RDF.type, URIRef(BASE + "def/Agency")) in graph
    sd = Graph().parse(data=requests.get(proxied.sparql, headers={"Accept": "text/turtle"},
                                         timeout=20).text, format="turtle")
    endpoint = URIRef("http://www.w3.org/ns/sparql-service-description#endpoint")
    assert list(sd.objects(None, endpoint)) == [URIRef("https://gateway.example.net/fiscal/sparql")]
