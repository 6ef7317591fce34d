"""The query page and the endpoint's answers to a query it cannot run, through Flask's test
client: where a syntax error is (line, column, the line and a caret), the query checks' own
refusals with their place, no downloads under a failed query, format= refused as Accept is, the
page in the reader's language with links that keep it, and the first stored query in the
editor when there is no query."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from fiscal_kg.config import Settings
from fiscal_kg.queries import stored_queries
from fiscal_kg.web import create_app
from fiscal_kg.web.presentation.i18n import translate
from tests.web.conftest import Server

fast = pytest.mark.fast  # all but the last test, which asks every store

PUBLIC = "http://fast.test"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON = "application/json"
# a missing '.' between two triple patterns, on the third line
MISSING_DOT = "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s fk:item ?i ?x fk:value ?v\n}"
CONSTRUCT = "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a fk:Agency ; skos:prefLabel ?l }"
SELECT = "SELECT ?name WHERE { ?a a fk:Agency ; skos:prefLabel ?name }"
LOWERED = "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999 OFFSET x"
# words that stay as they are on a Chinese page: names of the protocol and of the language
LATIN = {"SPARQL", "GET", "POST", "PREFIX", "English", "fiscal", "kg", "true", "false"}


class Page(HTMLParser):
    """What the tests read of a page: elements by tag and class with their attributes and
    text, the links, and the page's own words: the text outside code (code, pre, the editor),
    data (table cells and headers, which are variables), the examples (names of queries and
    their descriptions, tested apart), download format keys and what says its own language
    (lang="..": the other language's name, the engine's messages)."""

    SKIPPED = ("code", "pre", "textarea", "script", "style", "th", "td", "li")

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.links: list[dict[str, str]] = []
        self.words: list[str] = []
        self.inside: dict[int, tuple[str, ...]] = {}  # id(attributes) -> the open elements
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = {k: v or "" for k, v in attrs}
        element: tuple[str, dict[str, str], list[str]] = (tag, data, [])
        self.elements.append(element)
        self.inside[id(data)] = tuple(f"{name}.{attributes.get('class', '')}"
                                      for name, attributes, _ in self._open)
        if tag == "a":
            self.links.append(data)
        if tag in ("input", "link", "meta", "br", "img"):
            return
        self._open.append(element)
        self._skip += self._skipped(tag, data)

    def _skipped(self, tag: str, data: dict[str, str]) -> bool:
        return tag in self.SKIPPED or ("lang" in data and tag != "html") or "data-format" in data

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            opened, data, _ = self._open.pop()
            self._skip -= self._skipped(opened, data)
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, _, texts in self._open:
            texts.append(data)
        if not self._skip:
            self.words.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str], str]]:
        """The attributes and text (white space at its ends removed) of the elements."""
        return [(data, text.strip()) for data, text in self.raw(tag, cls)]

    def raw(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str], str]]:
        return [(data, "".join(texts)) for name, data, texts in self.elements
                if name == tag and (cls is None or cls in data.get("class", "").split())]

    def within(self, data: dict[str, str], ancestor: str) -> bool:
        """Whether an element is inside one whose tag (and class) start as `ancestor` says."""
        return any(opened.startswith(ancestor) for opened in self.inside[id(data)])

    def text(self, tag: str, cls: str | None = None) -> str:
        [(_, text)] = self.find(tag, cls)
        return text


@pytest.fixture(scope="module")
def app(seed_store: Path) -> Iterator[Flask]:
    app = create_app(Settings.from_env(store=seed_store, public_url=PUBLIC))
    yield app
    with app.app_context():
        app.extensions["fiscal_kg.store"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, **params: str) -> Page:
    response = client.get("/sparql", query_string=params, headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def problem(client: FlaskClient, query: str, **params: str) -> tuple[int, str]:
    response = client.get("/sparql", query_string={"query": query, **params},
                          headers={"Accept": JSON})
    return response.status_code, json.loads(response.data)["error"]["detail"]


def located(detail: str) -> tuple[int, int, str, int]:
    """(line, column) a problem's first line says, the query line it shows and the caret's
    index under it."""
    head, shown, caret = detail.split("\n")
    found = re.search(r": line (\d+), column (\d+): ", head)
    assert found is not None, head
    assert caret.strip() == "^"
    return int(found.group(1)), int(found.group(2)), shown, caret.index("^")


# --- where a query fails ----------------------------------------------------------------------


@fast
def test_a_syntax_error_says_its_line_and_column_and_shows_the_line(client: FlaskClient) -> None:
    status, detail = problem(client, MISSING_DOT)
    assert status == 400 and detail.startswith("the query is not valid SPARQL: ")
    line, column, shown, caret = located(detail)
    # the engine stopped at the pattern that should have been after a '.': ?x
    assert (line, column) == (3, 17)
    assert shown == MISSING_DOT.split("\n")[2]
    assert shown[caret:].startswith("?x fk:value") and caret == column - 1
    assert "expected" in detail.split("\n")[0]
    # the same words whatever the response's form: a client that prefers no JSON
    plain = client.get("/sparql", query_string={"query": MISSING_DOT})
    assert json.loads(plain.data)["error"]["detail"] == detail


@fast
@pytest.mark.parametrize(("query", "line", "column", "at"), [
    # the keyword the engine tried (and said it expected) starts at the position shown
    ("SELECT * { ?s ?p ?o . FILTR(?o) }", 1, 23, "FILTR"),
    ("SELECT * { ?s ?p ?o }\nORDER ?s", 2, 7, "?s"),
    ("PREFIX : <http://x/> SELECT * { :a :b :c :d }", 1, 42, ":d"),
    # a column counts characters, not bytes: the Chinese before it counts one each
    ('SELECT * WHERE { ?s ?p "中文字" ?x ?y . }', 1, 30, "?x"),
    # what the engine expects here is a character: the place it says, unchanged
    ("SELECT * WHERE { ?s ?p ?o } LIMIT x", 1, 35, "x"),
    # the service lowered the LIMIT to its row limit, two digits shorter: the place is in the
    # query sent, not in the one run
    (LOWERED, 1, LOWERED.rindex("x") + 1, "x"),
])
def test_the_position_is_where_the_engine_stopped_reading(
        client: FlaskClient, query: str, line: int, column: int, at: str) -> None:
    status, detail = problem(client, query)
    assert status == 400
    found_line, found_column, shown, _ = located(detail)
    assert (found_line, found_column) == (line, column)
    assert shown == query.split("\n")[line - 1]
    assert shown[column - 1:].startswith(at)


@fast
def test_the_caret_stands_under_the_place_past_wide_characters(client: FlaskClient) -> None:
    query = 'SELECT * WHERE { ?s ?p "中文字" ?x ?y . }'
    _, detail = problem(client, query)
    _, column, shown, caret = located(detail)
    # three wide characters before the place: the caret is three columns further on
    assert caret == column - 1 + 3 and shown[column - 1] == "?"


@fast
def test_a_position_in_what_the_service_added_is_the_end_of_the_query(client: FlaskClient) -> None:
    """The service runs a SELECT with a LIMIT added at its end; an error the engine finds there
    is shown at the end of the query the reader sent, never in text they did not write."""
    query = "SELECT * WHERE { ?s ?p ?o } ORDER"
    status, detail = problem(client, query)
    assert status == 400
    line, column, shown, caret = located(detail)
    assert (line, column, shown) == (1, len(query) + 1, query)
    assert caret == len(query) and "LIMIT" not in detail


@fast
def test_service_is_refused_with_where_it_is(client: FlaskClient) -> None:
    query = "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, detail = problem(client, query)
    assert status == 403 and detail.startswith("SERVICE is not allowed")
    line, column, shown, caret = located(detail)
    assert (line, column) == (3, 3) and shown[caret:].startswith("SERVICE <http")


@fast
def test_the_page_shows_the_error_with_its_line_marked(client: FlaskClient) -> None:
    shown = page(client, query=MISSING_DOT, lang="en")
    [(attrs, text)] = shown.raw("pre", "error-context")
    assert (attrs["data-line"], attrs["data-column"]) == ("3", "17")
    assert shown.text("mark") == "?"
    context, caret = text.split("\n")
    assert context == MISSING_DOT.split("\n")[2] and caret.index("^") == 16
    assert shown.text("span", "position") == "line 3, column 17:"
    assert "not valid SPARQL" in shown.text("p", "error")
    assert shown.find("table", "results") == [] and shown.find("p", "meta") == []


@fast
def test_a_browser_sees_a_refused_query_on_the_query_page(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    shown = page(client, query=query)
    assert shown.text("textarea") == query
    [(attrs, _)] = shown.find("pre", "error-context")
    assert (attrs["data-line"], attrs["data-column"]) == ("1", "18")
    assert "SERVICE is not allowed" in shown.text("p", "error")


@fast
def test_no_downloads_under_a_failed_query(client: FlaskClient) -> None:
    failed = page(client, query=MISSING_DOT)
    assert failed.find("section", "downloads") == []
    assert [link for link in failed.links if "data-format" in link] == []
    assert [link for link in failed.links if "format=" in link.get("href", "")
            and "query=" in link.get("href", "")] == []
    answered = page(client, query=SELECT)
    formats = {link["data-format"] for link in answered.links if "data-format" in link}
    assert formats == {"json", "xml", "csv", "tsv"}


# --- format= refused as Accept is ---------------------------------------------------------------


@fast
@pytest.mark.parametrize(("query", "named", "media_type"), [
    (CONSTRUCT, "csv", "text/csv"),
    (CONSTRUCT, "tsv", "text/tab-separated-values"),
    ("DESCRIBE <https://w3id.org/fiscal-kg/id/place/420700>", "csv", "text/csv"),
    (SELECT, "ttl", "text/turtle"),
    (SELECT, "jsonld", "application/ld+json"),
    ("ASK { ?a a fk:Agency }", "nt", "application/n-triples"),
])
def test_a_format_of_the_other_form_is_refused_as_its_accept_is(
        client: FlaskClient, query: str, named: str, media_type: str) -> None:
    by_name = client.get("/sparql", query_string={"query": query, "format": named})
    by_accept = client.get("/sparql", query_string={"query": query},
                           headers={"Accept": media_type})
    assert by_name.status_code == by_accept.status_code == 406
    assert json.loads(by_name.data)["error"]["status"] == 406
    detail = json.loads(by_name.data)["error"]["detail"]
    available = detail.split("available: ")[1].split(", ")
    assert available == json.loads(by_accept.data)["error"]["detail"].split(
        "available: ")[1].split(", ")
    assert media_type not in available and f"format={named}" in detail


@fast
@pytest.mark.parametrize(("query", "named", "media_type"), [
    (CONSTRUCT, "jsonld", "application/ld+json"),
    (CONSTRUCT, "json", "application/ld+json"),  # what generic clients send for a graph
    (CONSTRUCT, "xml", "application/rdf+xml"),
    (SELECT, "csv", "text/csv"),
    (SELECT, "xml", "application/sparql-results+xml"),
])
def test_a_format_of_the_query_form_is_answered(
        client: FlaskClient, query: str, named: str, media_type: str) -> None:
    response = client.get("/sparql", query_string={"query": query, "format": named},
                          headers={"Accept": "text/turtle"})
    assert (response.status_code, response.mimetype) == (200, media_type)


@fast
def test_the_service_description_refuses_a_results_format(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"format": "csv"}).status_code == 406
    assert client.get("/sparql", query_string={"format": "ttl"}).mimetype == "text/turtle"


# --- the page in the reader's language ----------------------------------------------------------


@fast
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_word_of_the_page_is_in_the_readers_language(client: FlaskClient, lang: str) -> None:
    params = {"lang": lang} if lang == "en" else {}  # Chinese without asking
    for shown in (page(client, **params), page(client, query=SELECT, **params),
                  page(client, query="ASK { ?a a fk:Agency }", **params),
                  page(client, query=MISSING_DOT, **params)):
        [(html, _)] = shown.find("html")
        assert html["lang"] == lang
        assert shown.text("h1") == translate("sparql_title", lang)
        assert shown.text("label") == translate("sparql_query", lang)
        buttons = [text for _, text in shown.find("button")]
        assert buttons == [translate("search", lang), translate("sparql_run", lang)]
        headings = [text for _, text in shown.find("h2")]
        assert headings == [translate("sparql_examples", lang)]
        words = " ".join(shown.words)
        if lang == "zh":
            assert set(re.findall(r"[A-Za-z]{2,}", words)) <= LATIN, words
        else:
            assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", words), words
        described = [text.split(" — ", 1)[1] for _, text in shown.find("li") if " — " in text]
        assert described == [q.describe(lang).strip() for q in stored_queries().values()]


@fast
def test_the_results_say_their_size_in_the_readers_language(client: FlaskClient) -> None:
    zh = page(client, query=SELECT)
    [(meta, text)] = zh.find("p", "meta")
    assert meta["data-rows"] == "1" and re.fullmatch(r"共 1 行，用时 [\d.]+ 毫秒", text)
    en = page(client, query=SELECT, lang="en")
    assert re.fullmatch(r"1 row in [\d.]+ ms", en.find("p", "meta")[0][1])
    assert page(client, query="ASK { ?a a fk:Agency }").text("p", "boolean") == "是（true）"


def local_page_links(shown: Page) -> list[str]:
    """The page's links to pages of the service (not its data downloads, nor the switch to
    the other language)."""
    return [link["href"] for link in shown.links
            if link.get("href", "").startswith(PUBLIC) and "data-format" not in link
            and "format=" not in link["href"] and "hreflang" not in link]


@fast
def test_every_link_of_the_query_page_keeps_the_chosen_language(client: FlaskClient) -> None:
    for shown in (page(client, lang="en"), page(client, query=SELECT, lang="en")):
        links = local_page_links(shown)
        assert len(links) >= 5 + len(stored_queries())  # the header's, the examples
        assert [href for href in links
                if parse_qs(urlsplit(href).query).get("lang") != ["en"]] == []


@fast
@pytest.mark.parametrize("path", ["/sparql", "/queries/", "/", "/def/", "/catalog"])
def test_the_header_links_keep_the_chosen_language(client: FlaskClient, path: str) -> None:
    response = client.get(path, query_string={"lang": "en"}, headers={"Accept": BROWSER})
    shown = Page(response.get_data(as_text=True))
    header = [(attrs, text) for attrs, text in shown.find("a")
              if shown.within(attrs, "header.top") and "hreflang" not in attrs]
    assert {urlsplit(attrs["href"]).path: text for attrs, text in header} == {
        "/": "fiscal-kg", "/sparql": "SPARQL", "/queries/": translate("queries", "en"),
        "/def/": translate("vocabulary", "en"), "/catalog": translate("catalog", "en")}
    assert [attrs["href"] for attrs, _ in header
            if parse_qs(urlsplit(attrs["href"]).query) != {"lang": ["en"]}] == []
    # and without a choice, no language is added: the reader's Accept-Language decides
    plain = Page(client.get(path, headers={"Accept": BROWSER}).get_data(as_text=True))
    assert [attrs["href"] for attrs, _ in plain.find("a")
            if plain.within(attrs, "header.top") and "hreflang" not in attrs
            and urlsplit(attrs["href"]).query] == []


@fast
def test_the_query_form_keeps_the_chosen_language(client: FlaskClient) -> None:
    shown = page(client, lang="en")
    hidden = [attrs for attrs, _ in shown.find("input") if attrs.get("type") == "hidden"
              and attrs.get("name") == "lang" and shown.within(attrs, "form.query")]
    assert [attrs["value"] for attrs in hidden] == ["en"]
    ran = page(client, query=SELECT, lang="en")
    [share] = [link["href"] for link in ran.links if "share" in link.get("class", "")]
    assert parse_qs(urlsplit(share).query) == {"query": [SELECT], "lang": ["en"]}


# --- the page without a query -------------------------------------------------------------------


@fast
def test_without_a_query_the_first_stored_query_is_in_the_editor_not_run(
        client: FlaskClient) -> None:
    shown = page(client)
    first = next(iter(stored_queries().values()))
    assert shown.text("textarea") == first.text.strip()
    assert shown.find("table", "results") == [] and shown.find("p", "meta") == []
    assert shown.find("p", "error") == [] and shown.find("section", "downloads") == []
    assert [link for link in shown.links if "share" in link.get("class", "")] == []
    assert shown.text("p", "hint") == translate("sparql_hint", "zh")
    examples = [link for link in shown.links if "query=" in link.get("href", "")]
    assert len(examples) == len(stored_queries())


# --- on every store -----------------------------------------------------------------------------


def test_a_syntax_error_on_every_store(live: Server) -> None:
    """Oxigraph, embedded or remote (where it reads the query after a prologue of PREFIX lines),
    says where it stopped: the same line and column of the query sent. Another store's message
    is passed on as its own."""
    response = requests.get(live.sparql, params={"query": MISSING_DOT},
                            headers={"Accept": JSON}, timeout=30)
    detail = response.json()["error"]["detail"]
    assert response.status_code == 400 and detail.startswith("the query is not valid SPARQL: ")
    if live.store in ("embedded", "remote"):
        line, column, shown, caret = located(detail)
        assert (line, column, shown) == (3, 17, MISSING_DOT.split("\n")[2]) and caret == 16
