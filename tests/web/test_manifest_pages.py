"""What a build manifest adds, as a reader and a portal see it: the agency's unified social credit
code on its page and found by search, the published original linked from the report's page and
every figure's, and the catalogue's licences: the one a source states, none where it states
none. Pages are parsed; RDF is read as a harvester reads it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from fiscal_kg.licences import CC_BY_4_0
from fiscal_kg.pipeline.manifest import COLUMNS
from tests.conftest import CORPUS, SEED, run_cli
from tests.web.conftest import Server, start_server, stop_server
from tests.web.test_portal import (
    DCAT,
    DCAT_AP_SHAPES,
    assert_conforms_to_dcat_ap,
    claims_no_licence,
    fetch_graph,
    texts,
)

BASE = "https://w3id.org/fiscal-kg/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EZHOU = "鄂州市人民政府办公室"
HUBEI = "湖北省财政厅"
# government bodies of 鄂州市 and 湖北省, their check digits computed (GB 32100-2015)
EZHOU_CODE = "11420700MB1575827T"
HUBEI_CODE = "11420000MB1536450M"
EZHOU_SOURCE = "http://www.ezhou.gov.cn/zwgk/bmjs/2019/ezhou-office-2018.html"
HUBEI_SOURCE = "https://czt.hubei.gov.cn/zfxxgk/fdzdgknr/czyjs/202009/t20200930_2934567.shtml"
REPORT = f"id/report/{EZHOU}/2018"
FIGURE = REPORT + "/figure/three-public/公务接待费"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service on two reports collected from portals with their manifest: the seed under
    CC BY 4.0, the other from a source that states no licence."""
    where = tmp_path_factory.mktemp("manifest")
    (where / "collected").mkdir()
    shutil.copy(SEED, where / "collected" / "ezhou.txt")
    shutil.copy(CORPUS / "hubei-finance-2019.txt", where / "collected" / "hubei.txt")
    rows = [(f"collected/ezhou.txt,{EZHOU},2018,420700,{EZHOU_CODE},{EZHOU_SOURCE},CC-BY-4.0"),
            (f"collected/hubei.txt,,,,{HUBEI_CODE},{HUBEI_SOURCE},")]
    manifest = where / "manifest.csv"
    manifest.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    store = where / "store"
    done = run_cli("build", "--manifest", str(manifest), "--store", str(store), "--quiet")
    assert done.code == 0, done.err
    server = start_server(store, where / "server.log")
    yield server
    stop_server(server)


class Parsed(HTMLParser):
    """The elements of a page by class: their text and, for links, their targets."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: dict[str, list[str]] = {}
        self.hrefs: dict[str, list[str]] = {}
        self.hits: list[str] = []  # the links of a search's results
        self._open: list[tuple[str, str]] = []  # (tag, class)
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        kind = data.get("class") or ""
        if tag in ("p", "code", "a", "li", "ol"):
            self._open.append((tag, kind))
            self.text.setdefault(kind, []).append("")
        if tag == "a" and data.get("href"):
            self.hrefs.setdefault(kind, []).append(str(data["href"]))
            if any(k == "hits" for _, k in self._open):
                self.hits.append(unquote(str(data["href"])))

    def handle_data(self, data: str) -> None:
        for _tag, kind in self._open:
            self.text[kind][-1] += data

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                break


def page(server: Server, path: str) -> Parsed:
    response = requests.get(f"{server.url}/{quote(path)}", headers={
        "Accept": BROWSER, "Accept-Language": "zh"}, timeout=20)
    assert response.status_code == 200, response.text[:300]
    return Parsed(response.text)


# --- the agency's national identifier ----------------------------------------------------------


def test_the_agency_page_shows_its_credit_code(published: Server) -> None:
    shown = page(published, f"id/agency/{EZHOU}")
    assert shown.text["notation"] == [EZHOU_CODE]
    assert [t.split(":")[0] for t in shown.text["identifier"]] == ["统一社会信用代码"]
    assert page(published, f"id/agency/{HUBEI}").text["notation"] == [HUBEI_CODE]


def test_the_agency_s_rdf_carries_its_identifier(published: Server) -> None:
    graph, _ = fetch_graph(f"{published.url}/{quote(f'id/agency/{EZHOU}')}")
    agency = URIRef(BASE + f"id/agency/{EZHOU}")
    identifier = graph.value(agency, URIRef("http://www.w3.org/ns/adms#identifier"))
    assert identifier == URIRef(f"{agency}#uscc")
    assert str(graph.value(identifier, URIRef("http://www.w3.org/2004/02/skos/core#notation"))) \
        == EZHOU_CODE


@pytest.mark.parametrize("words", [EZHOU_CODE, EZHOU_CODE[8:14], EZHOU_CODE.lower()])
def test_search_finds_the_agency_by_its_credit_code(published: Server, words: str) -> None:
    response = requests.get(published.url + "/search", params={"q": words}, timeout=20)
    hits = Parsed(response.text).hits
    assert f"{published.url}/id/agency/{EZHOU}" in [h.split("?")[0] for h in hits]
    assert not any(HUBEI in hit for hit in hits)


# --- the published original -------------------------------------------------------------------


@pytest.mark.parametrize("path", [REPORT, FIGURE, REPORT + "/duty/3"])
def test_report_and_figure_pages_link_the_published_original(published: Server, path: str) -> None:
    assert page(published, path).hrefs["original"] == [EZHOU_SOURCE]


def test_each_report_links_its_own_original_and_other_pages_none(published: Server) -> None:
    assert page(published, f"id/report/{HUBEI}/2019").hrefs["original"] == [HUBEI_SOURCE]
    assert "original" not in page(published, f"id/agency/{EZHOU}").hrefs  # not a report's


# --- the catalogue ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue(published: Server) -> Graph:
    return fetch_graph(published.url + "/catalog")[0]


def datasets(catalogue: Graph) -> dict[str, URIRef]:
    return {str(d).rsplit("/", 2)[-2]: d for d in catalogue.subjects(RDF.type, DCAT.Dataset)
            if isinstance(d, URIRef)}


def test_the_licence_the_source_states_is_the_dataset_s(catalogue: Graph) -> None:
    dataset = datasets(catalogue)[EZHOU]
    distributions = list(catalogue.objects(dataset, DCAT.distribution))
    assert len(distributions) == 3
    for subject in (dataset, *distributions):
        assert list(catalogue.objects(subject, DCTERMS.license)) == [URIRef(CC_BY_4_0.url)]
        assert catalogue.value(subject, DCTERMS.rights) is None
    licence = URIRef(CC_BY_4_0.url)
    assert (licence, RDF.type, DCTERMS.LicenseDocument) in catalogue
    assert texts(catalogue, licence, RDFS.label) == {"en": CC_BY_4_0.title}


def test_a_source_that_states_no_licence_gets_none(catalogue: Graph) -> None:
    dataset = datasets(catalogue)[HUBEI]
    for subject in (dataset, *catalogue.objects(dataset, DCAT.distribution)):
        assert isinstance(subject, URIRef) and claims_no_licence(catalogue, subject)


def test_what_covers_both_claims_no_licence(published: Server, catalogue: Graph) -> None:
    whole = datasets(catalogue)["dataset"]  # id/dataset/all
    [service] = list(catalogue.subjects(RDF.type, DCAT.DataService))
    for subject in (whole, service, *catalogue.objects(whole, DCAT.distribution)):
        assert catalogue.value(subject, DCTERMS.license) is None
        rights = catalogue.value(subject, DCTERMS.rights)
        assert "different licences" in texts(catalogue, rights, RDFS.label)["en"], subject
    void, _ = fetch_graph(published.url + "/.well-known/void")
    assert not list(void.objects(None, DCTERMS.license))
    package = requests.get(published.url + "/dumps/datapackage.json", timeout=20).json()
    assert "licenses" not in package


def test_the_dataset_names_its_published_original(catalogue: Graph) -> None:
    for agency, source in ((EZHOU, EZHOU_SOURCE), (HUBEI, HUBEI_SOURCE)):
        dataset = datasets(catalogue)[agency]
        assert list(catalogue.objects(dataset, FOAF.page)) == [URIRef(source)]
        assert (URIRef(source), RDF.type, FOAF.Document) in catalogue
        provenance = catalogue.value(dataset, DCTERMS.provenance)
        assert (provenance, RDF.type, DCTERMS.ProvenanceStatement) in catalogue
        assert source in texts(catalogue, provenance, RDFS.label)["en"]


@pytest.mark.parametrize("shapes", DCAT_AP_SHAPES)
def test_the_catalogue_still_conforms_to_dcat_ap(
        published: Server, catalogue: Graph, shapes: str) -> None:
    assert_conforms_to_dcat_ap(published, catalogue, shapes)
