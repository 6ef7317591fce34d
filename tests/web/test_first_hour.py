"""A researcher's first hour, through Flask's test client on the seed's store: the vocabulary
learnable from its pages (prefixed names, both labels, domain and range, an example query that
runs), code-list values and years written as they are typed in SPARQL, and pages that read in
the report's order (duties with their text, units as listed, inverse links grouped by kind)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from fiscal_kg.config import Settings
from fiscal_kg.namespaces import FK
from fiscal_kg.resources import HOME
from fiscal_kg.web import create_app

pytestmark = pytest.mark.fast

AGENCY = "/id/agency/" + quote("鄂州市人民政府办公室")
REPORT = "/id/report/" + quote("鄂州市人民政府办公室") + "/2018"
BROWSER = {"Accept": "text/html"}
AGENCY_IRI = "https://w3id.org/fiscal-kg/id/agency/鄂州市人民政府办公室"


class Elements(HTMLParser):
    """The text of every element with a given class (nested markup's text included), in
    order, and the attributes of each such element's links."""

    def __init__(self, html: str, cls: str) -> None:
        super().__init__()
        self.cls = cls
        self.texts: list[str] = []
        self.links: list[list[str]] = []
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._depth:
            self._depth += 1
            if tag == "a" and found.get("href"):
                self.links[-1].append(str(found["href"]))
        elif self.cls in (found.get("class") or "").split():
            self._depth = 1
            self.texts.append("")
            self.links.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br>, <input>: no end tag to balance

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.texts[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1


class Rows(HTMLParser):
    """A table's rows (cells' texts), for the tables with a given class."""

    def __init__(self, html: str, cls: str) -> None:
        super().__init__()
        self.cls = cls
        self.tables: list[list[list[str]]] = []
        self._in = False
        self._cell: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and self.cls in (found.get("class") or "").split():
            self._in = True
            self.tables.append([])
        elif self._in and tag == "tr":
            self.tables[-1].append([])
        elif self._in and tag in ("td", "th"):
            self._cell = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "table":
            self._in = False


class PropertyRows(HTMLParser):
    """The entity's properties table: each row's property as typed in SPARQL (its prefixed
    name, shown beside its label, or alone), and the texts of its objects, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._head: str | None = None
        self._pname: str | None = None
        self._object: str | None = None
        self._depth = 0
        self._in_table = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = (dict(attrs).get("class") or "").split()
        if tag == "table" and "props" in cls:
            self._in_table = True
        if not self._in_table:
            return
        if tag == "th":
            self._head, self._pname = "", None
        elif tag == "code" and "pname" in cls:
            self._pname = ""
        elif tag == "div" and "object" in cls:
            self._object = ""
            self._depth = 1
        elif self._object is not None:
            self._depth += 1

    def handle_data(self, data: str) -> None:
        if self._pname is not None:
            self._pname += data
        elif self._head is not None:
            self._head += data
        elif self._object is not None:
            self._object += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        if tag == "code" and self._pname is not None:
            self._head = self._pname if self._head is not None else None
            self.rows[self._pname.strip()] = []
            self._pname = None
            self._head = None
        elif tag == "th" and self._head is not None:
            self.rows[self._head.strip()] = []
            self._head = None
        elif self._object is not None:
            self._depth -= 1
            if self._depth == 0:
                self.rows[list(self.rows)[-1]].append(" ".join(self._object.split()))
                self._object = None


@pytest.fixture(scope="module")
def app(seed_store: Path) -> Iterator[Flask]:
    app = create_app(Settings.from_env(store=seed_store, public_url="http://fast.test"))
    yield app
    with app.app_context():
        app.extensions["fiscal_kg.store"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def rows_of(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [{k: v["value"] for k, v in row.items()}
            for row in json.loads(response.data)["results"]["bindings"]]


def ontology() -> Graph:
    return Graph().parse(HOME / "ontology" / "fiscal-kg.ttl")


def test_the_ontology_page_lists_every_class_and_property_by_its_prefixed_name(
        client: FlaskClient) -> None:
    html = page(client, "/def/")
    classes, properties = Rows(html, "vocabulary-terms").tables
    graph = ontology()

    def defined(kinds: tuple[object, ...]) -> set[str]:
        return {"fk:" + str(t)[len(str(FK)):] for kind in kinds
                for t in graph.subjects(RDF.type, kind)  # type: ignore[arg-type]
                if (t, RDFS.isDefinedBy, FK[""]) in graph}

    assert {row[0] for row in classes[1:]} == defined((OWL.Class,))
    assert {row[0] for row in properties[1:]} == defined((OWL.ObjectProperty,
                                                          OWL.DatatypeProperty))
    assert len(classes) - 1 > 15 and len(properties) - 1 > 40  # not 20 to a page
    agency = next(row for row in classes if row[0] == "fk:Agency")
    assert agency[1:3] == ["预算部门", "budget agency"]
    included = next(row for row in properties if row[0] == "fk:includedIn")
    assert included[4:] == ["数字", "数字"]  # domain and range, by label
    assert "rdfs:isDefinedBy" not in " ".join(Elements(html, "inverse").texts)


@pytest.mark.parametrize(("path", "name"), [
    ("/def/includedIn", "fk:includedIn"), ("/def/Agency", "fk:Agency"),
    ("/def/section/three-public", "fk-section:three-public"),
    ("/def/economic/30201", "fk-economic:30201"),
    ("/def/fiscalYear", "fk:fiscalYear"), ("/def/year", "fk:year"),
])
def test_a_term_page_says_how_to_write_it_and_its_example_query_runs(
        client: FlaskClient, path: str, name: str) -> None:
    html = page(client, path + "?lang=en")
    assert Elements(html, "sparql-name").texts == [name]
    [example] = Elements(html, "example-query").texts
    assert name in example
    [run] = Elements(html, "run-example").links or [[]]
    [link] = Elements(html, "term-box").links[0][-1:]
    assert parse_qs(urlsplit(link).query)["query"] == [example]
    assert parse_qs(urlsplit(link).query)["lang"] == ["en"]  # the choice is kept
    assert rows_of(client, example), example  # it runs, and finds something in the seed
    del run


def test_a_property_page_shows_both_labels_domain_and_range(client: FlaskClient) -> None:
    facts = " ".join(Elements(page(client, "/def/includedIn"), "facts").texts)
    for text in ("included in", "包含于", "不应超过"):
        assert text in facts
    assert facts.count("数字") >= 2  # domain and range: fk:Figure, by its label


def test_code_list_members_are_shown_as_they_are_typed_in_sparql(client: FlaskClient) -> None:
    [table] = Rows(page(client, "/def/section?lang=en"), "results").tables
    names = {row[2] for row in table[1:]}
    assert "fk-section:three-public" in names and "fk-section:operating-costs" in names
    for name in names:
        assert rows_of(client, f"SELECT ?s WHERE {{ BIND({name} AS ?s) }}")


def test_agency_duties_read_in_the_report_order_with_their_text(client: FlaskClient) -> None:
    rows = PropertyRows(page(client, AGENCY)).rows
    duties = rows["fk:duty"]
    assert len(duties) == 14
    numbers = [int(text.split("职能", 1)[1].split()[0]) for text in duties]
    assert numbers == list(range(1, 15))  # not 1, 10, 11, ...
    assert "负责市政府会议的准备工作" in duties[0]
    assert duties[13].endswith("承办上级交办的其他事项。")


def test_agency_units_read_in_the_order_the_report_lists_them(client: FlaskClient) -> None:
    listed = rows_of(client, """SELECT ?name WHERE {
      ?l fk:listedUnit ?u ; fk:position ?p . ?u skos:prefLabel ?name } ORDER BY ?p""")
    units = PropertyRows(page(client, AGENCY)).rows["org:hasUnit"]
    assert units == [row["name"] for row in listed]
    assert len(units) == 18 and units[0] == "应急办(总值班室)"


def test_inverse_links_are_grouped_by_kind_and_paged_per_group(client: FlaskClient) -> None:
    html = page(client, AGENCY + "?lang=en")
    headings = [" ".join(text.split()) for text in Elements(html, "inverse-group").texts]
    kinds = [h.split("(")[0] for h in headings]
    organization = [k for k in kinds if k.startswith("obeu-dimension:organization")]
    assert any("· figure" in k for k in organization)
    assert any("· series" in k for k in organization)
    figures = rows_of(client, f"""SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{
      ?f a fk:Figure ; obeu-dimension:organization <{AGENCY_IRI}> }}""")
    assert f"figure ({figures[0]['n']})" in " ".join(headings)
    key = ("page:http://data.openbudgets.eu/ontology/dsd/dimension/organization|"
           f"{FK}Figure")
    second = page(client, AGENCY + "?lang=en&" + quote(key, safe="") + "=2")
    groups = Elements(second, "pager").texts
    assert any("page 2 /" in " ".join(text.split()) for text in groups)


def test_a_figure_page_shows_its_year_as_a_year(client: FlaskClient) -> None:
    [figure] = rows_of(client, "SELECT ?f WHERE { ?f fk:item \"手续费\" } LIMIT 1")
    path = urlsplit(figure["f"]).path.removeprefix("/fiscal-kg")
    rows = PropertyRows(page(client, quote(path))).rows
    assert rows["obeu-dimension:fiscalYear"] == ["2018"]
    assert "reference.data.gov.uk" not in " ".join(rows["obeu-dimension:fiscalYear"])


def test_chart_labels_have_the_precision_the_report_printed(client: FlaskClient) -> None:
    html = page(client, REPORT)
    [table] = [t for t in Rows(html, "results").tables
               if any(row[:1] == ["手续费"] for row in t)]
    shown = dict(row[:2] for row in table if len(row) >= 2)
    assert shown["手续费"] == "1.00 万元"  # printed 手续费1.00万元
    assert shown["物业管理费"] == "0.20 万元"
    assert shown["委托业务费"] == "28 万元"  # printed 委托业务费28万元
    captions = " ".join(Elements(html, "chart-sum").texts + Elements(html, "charts").texts)
    assert "270.70 万元" in captions  # the sum of the parts, to the finest part's digit


@pytest.mark.parametrize("path", [AGENCY, REPORT, "/def/", "/def/fiscalYear", "/def/section"])
def test_no_page_shows_an_empty_blank_node(client: FlaskClient, path: str) -> None:
    assert "[ ]" not in page(client, path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_stored_queries_page_speaks_the_readers_language(
        client: FlaskClient, lang: str) -> None:
    from fiscal_kg.queries import stored_queries

    queries = stored_queries()
    html = page(client, f"/queries/?lang={lang}")
    [cookbook] = Rows(html, "cookbook").tables
    [more] = Rows(html, "more").tables
    assert [row[0] for row in cookbook[1:]] == [q.name for q in queries.values() if q.cookbook]
    assert [row[1] for row in cookbook[1:] + more[1:]] == [
        " ".join(q.describe(lang).split()) for q in queries.values()]
    headers = cookbook[0]
    assert headers[0] == {"zh": "名称", "en": "Name"}[lang]
    links = [link for links in Elements(html, "cookbook").links for link in links
             if link.startswith("http://fast.test/queries/") and "." not in link.rsplit("/", 1)[1]]
    assert links and all(link.endswith(f"?lang={lang}") for link in links)
    detail = page(client, f"/queries/three-public?lang={lang}")
    assert " ".join(Elements(detail, "description").texts[0].split()) == \
        " ".join(queries["three-public"].describe(lang).split())


def test_the_catalogue_page_headers_are_chinese_when_chinese_is_chosen(
        client: FlaskClient) -> None:
    tables = Rows(page(client, "/catalog?lang=zh"), "results").tables
    headers = [cell for table in tables for cell in table[0]]
    assert "数据集" in headers and "文件" in headers
    assert not {"Dataset", "File", "Size", "Downloads"} & set(headers)


def test_the_year_matches_as_a_plain_integer_and_as_the_gyear_it_is(client: FlaskClient) -> None:
    report = "https://w3id.org/fiscal-kg/id/report/鄂州市人民政府办公室/2018"
    assert rows_of(client, "SELECT ?r WHERE { ?r fk:year 2018 }") == [{"r": report}]
    assert rows_of(client, 'SELECT ?r WHERE { ?r fk:fiscalYear "2018"^^xsd:gYear }') == \
        [{"r": report}]
    assert rows_of(client, "SELECT ?r WHERE { ?r fk:year ?y FILTER (?y > 2018) }") == []
    # the year's page shows the form that works
    [example] = Elements(page(client, "/def/fiscalYear"), "example-query").texts
    assert '"2018"^^xsd:gYear' in example
