"""The query checks read a query as the engine does (fast tests: no server, one in-memory store).

The property tests generate queries with comments, strings, names and line ends placed
anywhere and ask the engine itself for the truth: a local HTTP server counts the requests
SERVICE makes, and the engine counts the rows a capped query returns.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiscal_kg.sparql_text import inspect_query, limit_select, tokenize

pytestmark = pytest.mark.fast  # `make test-fast`

EX = "http://e/"


# --- the engine, and a server that counts what SERVICE asks of it ------------------------------

class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def _answer(self) -> None:
        type(self).hits += 1
        body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


# every object a generated triple pattern may name, so that the pattern before SERVICE matches
# and the engine really evaluates the SERVICE that follows it
LEADS = ["true", "false", "1", "1.5", "1e3", "'s'", '"s"', "'''s'''", '"""s"""', "<http://e/o>",
         "ex:o", "ex:a\\#b", "ex:a\\'b", "<http://e/\\u0070#>", "?o", "_:b", "[]", "()", "ex:o.ex:o"]
STORE_OBJECTS = [ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                 ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                 ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                 ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
                 ox.Literal("1e3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")),
                 ox.Literal("s"), ox.NamedNode(EX + "o"), ox.NamedNode(EX + "a#b"),
                 ox.NamedNode(EX + "a'b"), ox.NamedNode(EX + "p#"),
                 ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")]


def _store(rows: int = 0) -> ox.Store:
    store = ox.Store()
    for term in STORE_OBJECTS:
        store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), term))
    for index in range(rows):
        store.add(ox.Quad(ox.NamedNode(f"{EX}r{index}"), ox.NamedNode(EX + "q"),
                          ox.Literal(str(index))))
    return store


STORE = _store()
PREFIXES = {"ex": EX}


def _run(store: ox.Store, query: str) -> int | None:
    """Rows (or triples) the engine returns, None when it refuses the query."""
    try:
        results = store.query(query, prefixes=PREFIXES)
        if isinstance(results, ox.QueryBoolean):
            return 1
        return sum(1 for _ in results)
    except (SyntaxError, OSError, RuntimeError):
        return None


def _hits(query: str) -> int:
    before = _Counter.hits
    _run(STORE, query)
    return _Counter.hits - before


# --- the forms that were bypasses --------------------------------------------------------------

@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_a_comment_ends_at_every_line_end_the_engine_knows(listener: str, end: str) -> None:
    query = f"SELECT * WHERE {{ ?s ?p ?o #{end}SERVICE <{listener}> {{ ?a ?b ?c }} }}"
    assert _hits(query) == 1  # the engine really calls it...
    assert inspect_query(query).uses_service  # ...and the check sees it


@pytest.mark.parametrize("end", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_unicode_line_ends_do_not_end_a_comment(listener: str, end: str) -> None:
    """The grammar ends a comment at CR or LF only: what follows these is still comment."""
    query = f"SELECT * WHERE {{ ?s ?p ?o #{end}SERVICE <{listener}> {{ ?a ?b ?c }}\n}}"
    assert _hits(query) == 0
    assert not inspect_query(query).uses_service
    assert [t.text for t in tokenize(query)][-2:] == ["?o", "}"]


@pytest.mark.parametrize("hider", [
    "ex:a\\#b ",              # a '#' escaped in a local name is not a comment
    "<http://e/\\u0070#>",    # an IRI may hold \u escapes, and '#'
    "ex:a\\'b ",              # an escaped quote does not open a string
    "true", "1",              # a keyword needs no space before it: true SERVICE
])
def test_names_and_iris_do_not_hide_what_follows(listener: str, hider: str) -> None:
    query = f"SELECT * WHERE {{ ?s ?p {hider}SERVICE <{listener}> {{ ?a ?b ?c }} }}"
    assert _hits(query) == 1
    assert inspect_query(query).uses_service


@pytest.mark.parametrize("query", ["SELECT * { ?s ?p 'x'@enService }", "ASK { FILTER(aService) }",
                                   "ASK { ?s a service:x }"])
def test_service_is_assumed_wherever_the_engine_could_start_a_keyword(query: str) -> None:
    """Refused though harmless: the engine matches keywords without word boundaries."""
    assert inspect_query(query).uses_service


def test_a_keyword_glued_to_a_prefixed_name_is_seen(listener: str) -> None:
    query = f"PREFIX svc: <{listener}> SELECT * WHERE {{ SERVICEsvc:x {{ ?a ?b ?c }} }}"
    assert _hits(query) == 1
    assert inspect_query(query).uses_service


@pytest.mark.parametrize("query", [
    "# SERVICE in a comment\nASK { ?s ?p 'SERVICE' }",
    'SELECT ?service WHERE { ?service ex:name "public service" }',
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
    "SELECT * WHERE { ?x a sd:Service ; sd:endpoint ?e }",
    "SELECT * WHERE { <http://e/service> ?p ?o } # SERVICE <http://x/> {}\n",
    "SELECT * WHERE { ?s ?p '''SERVICE <http://x/> {}''' }",
    "SELECT * WHERE { _:service ?p ?o }",
    "SELECT * WHERE { ?s ex:service:x ?o }",  # a local name may hold ':'
])
def test_the_word_service_in_strings_names_and_comments_is_not_refused(query: str) -> None:
    assert not inspect_query(query).uses_service


@pytest.mark.parametrize("query", [
    "#\rSELECT * { ?s ?p ?o }", "\r\n# SELECT\r\nSELECT * { ?s ?p ?o }",
    "BASE <http://e/> PREFIX a: <http://a/> SELECT * { ?s ?p ?o }",
    "PREFIX a: <http://a/> BASE <http://e/> PREFIX b: <http://b/> SELECT * { ?s ?p ?o }",
    "select*{?s ?p ?o}", "SELECTDISTINCT * { ?s ?p ?o }",
])
def test_the_form_is_found_after_any_prologue_and_comment(query: str) -> None:
    assert inspect_query(query).form == "SELECT"


@pytest.mark.parametrize(("query", "form"), [
    ("ASK{}", "ASK"), ("CONSTRUCTWHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <http://e/>", "DESCRIBE"), ("DELETE WHERE { ?s ?p ?o }", "UPDATE"),
    ("PREFIX : <x:> INSERT DATA { :a :b :c }", "UPDATE"), ("WITH <g:> DELETE {} WHERE {}", "UPDATE"),
    ("", None), ("PREFIX", None), ("{ ?s ?p ?o }", None), ("ex:a", None),
])
def test_forms(query: str, form: str | None) -> None:
    assert inspect_query(query).form == form


def test_depth_counts_every_kind_of_bracket_outside_strings() -> None:
    assert inspect_query("SELECT * { { ?s ?p ?o FILTER((1)) } }").depth == 4
    assert inspect_query("SELECT * { ?s ?p [ ?q ( 1 ) ] }").depth == 3
    assert inspect_query("SELECT * { ?s ?p '{{{{' } # {{{{\n").depth == 1
    assert inspect_query("SELECT * { {} } { {} }").depth == 2  # depth goes down again
    assert inspect_query("ASK " + "{" * 5000 + "}" * 5000).depth == 5000


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * FROM <g:a> { ?s ?p ?o }", True),
    ("SELECT * FROM<g:a> { ?s ?p ?o }", True),
    ("SELECT * FROM NAMED <g:a> { ?s ?p ?o }", True),
    ("CONSTRUCT { ?s ?p ?o } FROM <g:a> WHERE { ?s ?p ?o }", True),
    ("SELECT (EXISTS { ?s ?p ?o } AS ?e) FROM <g:a> { ?s ?p ?o }", True),
    ("SELECT * { ?s ?p ?o } # FROM <g:a>", False),
    ("SELECT * { GRAPH ?g { ?s ?p ?o } }", False),
    ("SELECT * { FROM }", False),
    ("SELECT (FROM AS ?x) { }", False),
    ("SELECT ?from ex:from 'FROM' { }", False),
])
def test_dataset_clauses_stand_outside_groups(query: str, expected: bool) -> None:
    assert inspect_query(query).has_dataset is expected


def test_tokens_follow_the_engines_rules() -> None:
    kinds = [(t.kind, t.text) for t in tokenize(
        "SELECT ?a $b_1 ex:l.n _:b1 'x\\'y' \"q\\\"\" @en-GB 1.5e3 .5 <a:b> ^^ && <= ?"
        "\u00a0é")]
    assert kinds == [
        ("word", "SELECT"), ("var", "?a"), ("var", "$b_1"), ("pname", "ex:l.n"),
        ("bnode", "_:b1"), ("string", "'x\\'y'"), ("string", '"q\\""'), ("langtag", "@en-GB"),
        ("number", "1.5e3"), ("number", ".5"), ("iri", "<a:b>"), ("punct", "^^"), ("punct", "&&"),
        ("punct", "<="), ("punct", "?"), ("other", "\u00a0"), ("other", "é"),
    ]
    # a character no rule reads does not stop the tokenizer, and every token knows its place
    assert [(t.kind, t.text, t.start, t.end) for t in tokenize("ASK \x0b{ SERVICE }")] == [
        ("word", "ASK", 0, 3), ("other", "\x0b", 4, 5), ("punct", "{", 5, 6),
        ("word", "SERVICE", 7, 14), ("punct", "}", 15, 16)]
    # an IRI holds no space, quote or brace: '<' is then an operator
    assert [t.kind for t in tokenize("?a<?b&&?c >?d")][:3] == ["var", "punct", "var"]
    assert [t.text for t in tokenize("<a b>")] == ["<", "a", "b", ">"]
    # long strings end at the first three quotes
    assert [t.text for t in tokenize("'''a''b''' ?x")] == ["'''a''b'''", "?x"]
    assert [t.text for t in tokenize('"""a"""" ?x')][:2] == ['"""a"""', '"']
    # a short string ends at a line end: the engine refuses it, and so do we not hide what follows
    assert [t.text for t in tokenize("'a\nSERVICE'")][1] == "a"


# --- the row limit -----------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * { ?s ?p ?o }", "SELECT * { ?s ?p ?o } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } # the end", "SELECT * { ?s ?p ?o } LIMIT 10 # the end"),
    ("SELECT * { ?s ?p ?o }\n", "SELECT * { ?s ?p ?o } LIMIT 10\n"),
    ("SELECT * { ?s ?p ?o #\r}", "SELECT * { ?s ?p ?o #\r} LIMIT 10"),
    ("SELECT * { ?s ?p ?o } OFFSET 5", "SELECT * { ?s ?p ?o } OFFSET 5 LIMIT 10"),
    ("SELECT * { ?s ?p ?o } LIMIT 100 OFFSET 5", "SELECT * { ?s ?p ?o } LIMIT 10 OFFSET 5"),
    ("SELECT * { ?s ?p ?o } LIMIT 5", "SELECT * { ?s ?p ?o } LIMIT 5"),
    ("SELECT * { ?s ?p ?o } LIMIT 10", "SELECT * { ?s ?p ?o } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } LIMIT 11", "SELECT * { ?s ?p ?o } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } LIMIT50", "SELECT * { ?s ?p ?o } LIMIT10"),
    ("SELECT * { ?s ?p ?o } OFFSET1LIMIT50VALUES ?s { 1 }",
     "SELECT * { ?s ?p ?o } OFFSET1LIMIT10VALUES ?s { 1 }"),
    ("SELECT * { ?s ?p ?o }VALUES ?s { 1 }", "SELECT * { ?s ?p ?o } LIMIT 10 VALUES ?s { 1 }"),
    ("SELECT * { ?s ?p ?o } #\rVALUES ?s { 1 }", "SELECT * { ?s ?p ?o } #\rLIMIT 10 VALUES ?s { 1 }"),
    ("BASE <http://e/> SELECT * { <a> ?p ?o }", "BASE <http://e/> SELECT * { <a> ?p ?o } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } ORDER BY EXISTS { SELECT * { ?a ?b ?c } LIMIT 1 }",
     "SELECT * { ?s ?p ?o } ORDER BY EXISTS { SELECT * { ?a ?b ?c } LIMIT 1 } LIMIT 10"),
    ("SELECT (EXISTS { SELECT * { ?a ?b ?c } LIMIT 1 } AS ?e) { ?s ?p ?o }",
     "SELECT (EXISTS { SELECT * { ?a ?b ?c } LIMIT 1 } AS ?e) { ?s ?p ?o } LIMIT 10"),
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 500 } }",
     "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 500 } } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) ORDER BY (?s)",
     "SELECT * { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) ORDER BY (?s) LIMIT 10"),
    ("SELECT * { ?s ?p '} LIMIT 1' }", "SELECT * { ?s ?p '} LIMIT 1' } LIMIT 10"),
    ("SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?s ?p ?o } LIMIT 50",
     "SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?s ?p ?o } LIMIT 10"),
    # only what follows the pattern counts, and a LIMIT without its number is the engine's
    ("SELECT VALUES { ?s ?p ?o }", "SELECT VALUES { ?s ?p ?o } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } LIMIT", "SELECT * { ?s ?p ?o } LIMIT LIMIT 10"),
])
def test_limit_select(query: str, expected: str) -> None:
    limited, changed = limit_select(query, inspect_query(query), 10)
    assert limited == expected
    assert changed == (limited != query)


@pytest.mark.parametrize("query", ["ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }",
                                   "SELECT * ?s ?p ?o", "SELECT * { ?s ?p ?o", ""])
def test_limit_select_leaves_other_forms_and_broken_text_to_the_engine(query: str) -> None:
    assert limit_select(query, inspect_query(query), 10) == (query, False)


# --- properties: generated queries, the engine as the judge ------------------------------------

LINE_ENDS = st.sampled_from(["\r", "\n", "\r\n"])
COMMENT_TEXT = st.text(alphabet=list("SERVICEservice <>{}'\"#\\\u2028\x85\x0c\r:?") , max_size=10)
SEPARATOR = st.lists(st.one_of(
    st.sampled_from([" ", "\t", "\r", "\n", "\r\n"]),
    st.builds(lambda text, end: f"#{text}{end}", COMMENT_TEXT, LINE_ENDS),
), max_size=3).map("".join)
SPELLING = st.lists(st.booleans(), min_size=7, max_size=7).map(
    lambda upper: "".join(c.upper() if u else c for c, u in zip("service", upper, strict=True)))


@st.composite
def service_queries(draw: st.DrawFn, target: str) -> str:
    lead = draw(st.sampled_from(LEADS))
    glue = draw(st.sampled_from(["", " ", " . ", ".", "\r", "#\r", "# x\n"]))
    silent = draw(st.sampled_from(["", " SILENT", "\rsilent", "#\rSILENT"]))
    where = draw(st.sampled_from([f"<{target}>", "svc:x", "?svc"]))
    parts = [f"PREFIX svc: <{target}>", draw(SEPARATOR), "SELECT * WHERE {", draw(SEPARATOR),
             f"BIND(<{target}> AS ?svc) ?s ?p ", lead, glue, draw(SPELLING), silent,
             draw(SEPARATOR) if where != "svc:x" or draw(st.booleans()) else "",
             where, draw(SEPARATOR), "{ ?a ?b ?c }", draw(SEPARATOR), "}", draw(SEPARATOR)]
    return "".join(parts)


@settings(max_examples=int(os.environ.get("FISCAL_KG_EXAMPLES", "400")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_service_is_refused_whenever_the_engine_would_call_it(
        listener: str, data: st.DataObject) -> None:
    query = data.draw(service_queries(listener))
    if _hits(query):
        assert inspect_query(query).uses_service, query


@st.composite
def select_queries(draw: st.DrawFn) -> str:
    sep = SEPARATOR
    order = draw(st.sampled_from(["", "ORDER BY ?o", "order by desc(?o)",
                                  "ORDER BY EXISTS { SELECT * { ?a ?b ?c } LIMIT 1 }"]))
    slices = draw(st.sampled_from(["", "LIMIT 3", "LIMIT 50", "limit 5", "OFFSET 2", "LIMIT 50 OFFSET 1",
                                   "OFFSET 1 LIMIT 4", "LIMIT50", "LIMIT\r7"]))
    values = draw(st.sampled_from(["", "VALUES ?p { <http://e/q> }"]))
    inner = draw(st.sampled_from(["?s ?p ?o", "{ SELECT * { ?s ?p ?o } LIMIT 20 }",
                                  "?s ?p ?o FILTER(?o != '} LIMIT 1')", "?s ?p ?o #}\r"]))
    return "".join([draw(sep), "SELECT * WHERE {", draw(sep), inner, draw(sep), "}", draw(sep),
                    order, draw(sep), slices, draw(sep), values, draw(sep)])


ROWS = _store(30)


@settings(max_examples=int(os.environ.get("FISCAL_KG_EXAMPLES", "300")), deadline=None)
@given(query=select_queries())
def test_property_the_row_limit_holds_and_keeps_valid_queries_valid(query: str) -> None:
    limit = 5
    original = _run(ROWS, query)
    limited, _changed = limit_select(query, inspect_query(query), limit)
    rows = _run(ROWS, limited)
    if original is None:
        return  # the engine refuses it as written: nothing to limit
    assert rows is not None, limited
    assert rows == min(original, limit), limited
