"""The query page and the stored-query pages as HTML, parsed (a browser test comes with the
linked-data pages)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import requests

from fiscal_kg.queries import stored_queries
from tests.web.conftest import Server

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Page(HTMLParser):
    """Links, assets and table cells of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.assets: list[str] = []
        self.cells: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "a":
            self.links.append(data)
        if tag in ("script", "img") and data.get("src"):
            self.assets.append(str(data["src"]))
        if tag == "link" and data.get("rel") == "stylesheet":
            self.assets.append(str(data["href"]))
        if tag == "tr":
            self.cells.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells[-1].append("".join(self._cell).strip())
            self._cell = None


def test_query_page_runs_a_query_and_offers_downloads_and_a_link(live: Server) -> None:
    query = "SELECT ?name WHERE { ?a a fk:Agency ; skos:prefLabel ?name }"
    response = requests.get(live.sparql, params={"query": query}, headers={"Accept": BROWSER},
                            timeout=10)
    assert response.headers["Content-Type"].startswith("text/html")
    page = Page(response.text)
    assert page.cells == [["?name"], ["鄂州市人民政府办公室@zh"]]
    downloads = {link.get("data-format"): link["href"] for link in page.links
                 if link.get("data-format")}
    assert set(downloads) == {"json", "xml", "csv", "tsv"}
    csv_url = str(downloads["csv"])
    assert requests.get(csv_url, timeout=10).text.splitlines() == ["name", "鄂州市人民政府办公室"]
    shared = [link["href"] for link in page.links if "share" in str(link.get("class"))]
    assert parse_qs(urlparse(str(shared[0])).query)["query"] == [query]
    assert page.assets and all(a.startswith(live.url + "/") for a in page.assets), page.assets


def test_query_page_lists_the_stored_queries_as_examples(live: Server) -> None:
    page = Page(requests.get(live.sparql, headers={"Accept": BROWSER}, timeout=10).text)
    examples = [parse_qs(urlparse(str(link["href"])).query).get("query", [""])[0]
                for link in page.links if "query=" in str(link.get("href"))]
    assert any("SELECT ?report ?section ?item ?value ?unit ?source" in q for q in examples)
    assert len(examples) == len(stored_queries()) >= 13  # the cookbook and the others


def test_query_page_shows_errors(live: Server) -> None:
    response = requests.get(live.sparql, params={"query": "SELECT * WHERE {"},
                            headers={"Accept": BROWSER}, timeout=10)
    assert response.status_code == 200
    assert "not valid SPARQL" in response.text


def test_static_assets_are_served_by_the_app(live: Server) -> None:
    page = Page(requests.get(live.url + "/", timeout=10).text)
    assert page.assets
    for asset in page.assets:  # served by the app itself, no CDN
        assert asset.startswith(live.url + "/static/")
        response = requests.get(asset, timeout=10)
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_stored_query_page_has_its_results(live: Server) -> None:
    page = Page(requests.get(live.url + "/queries/units", timeout=10).text)
    assert page.cells[0] == ["?agency", "?unit", "?unitName", "?position"]
    assert [row[2] for row in page.cells[1:4]] == ["应急办(总值班室)@zh", "督查室@zh", "秘书一科@zh"]
