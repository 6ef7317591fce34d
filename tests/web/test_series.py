"""Pages over several reports of one agency (the test corpus has Hubei's finance department for
2019 and 2020): each fact shown once, and a series page listing each report's figure by year."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote, unquote

import requests

from tests.web.conftest import Server
from tests.web.test_entities import BROWSER, Outward
from tests.web.test_portal import sparql

BASE = "https://w3id.org/fiscal-kg/"
HUBEI = "id/agency/湖北省财政厅"


class SeriesTable(HTMLParser):
    """The rows of a page's series table, and the types it lists."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[list[str]] = []
        self._in_series = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "section":
            self._in_series = data.get("class") == "series"
        elif self._in_series and tag == "tr":
            self.rows.append([])
            self.links.append([])
        elif self._in_series and tag == "td":
            self._cell = []
        elif self._in_series and tag == "a" and self.links:
            self.links[-1].append(unquote(str(data["href"])))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "section":
            self._in_series = False


def page(server: Server, path: str) -> str:
    response = requests.get(f"{server.url}/{quote(path)}", headers={"Accept": BROWSER},
                            timeout=30)
    assert response.status_code == 200, path
    return response.text


def test_an_agency_of_two_reports_shows_each_link_once(portal: Server) -> None:
    # the agency's triples are in both report graphs of the union default graph
    targets = Outward(page(portal, HUBEI)).targets
    assert targets and len(targets) == len(set(targets))


def test_a_series_page_lists_each_report_s_figure_by_year(portal: Server) -> None:
    [found] = sparql(portal, """PREFIX fk: <https://w3id.org/fiscal-kg/def/>
        SELECT ?series (COUNT(DISTINCT ?r) AS ?n) WHERE {
          ?f fk:series ?series ; fk:report ?r ; fk:concept ?c
          FILTER (?c = fk:concept\\/three-public-total) }
        GROUP BY ?series ORDER BY DESC(?n) LIMIT 1""")
    assert found["n"] == "2"
    assert found["series"] == BASE + HUBEI + "/series/three-public-total/executed/CNY"
    rows = sparql(portal, f"""PREFIX fk: <https://w3id.org/fiscal-kg/def/>
        PREFIX obeu-dimension: <http://data.openbudgets.eu/ontology/dsd/dimension/>
        SELECT DISTINCT ?f ?y ?r WHERE {{
          ?f fk:series <{found["series"]}> ; obeu-dimension:fiscalYear ?y ; fk:report ?r }}""")
    table = SeriesTable(page(portal, found["series"].removeprefix(BASE)))
    table.rows, table.links = [r for r in table.rows if r], [k for k in table.links if k]
    assert len(table.rows) == len(rows) >= 2
    assert sorted(r[0] for r in table.rows) == sorted(r["y"].rsplit("/", 1)[-1] for r in rows)
    # each row links its figure and its report
    assert sorted(tuple(link.removeprefix(portal.url) for link in links)
                  for links in table.links) == sorted(
        ("/" + r["f"].removeprefix(BASE), "/" + r["r"].removeprefix(BASE)) for r in rows)
