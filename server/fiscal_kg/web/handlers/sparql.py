"""/sparql: the SPARQL 1.1 Protocol for queries, over the read-only store.

GET ?query=, POST application/x-www-form-urlencoded, POST application/sparql-query;
default-graph-uri and named-graph-uri; updates refused (403); SERVICE refused before
evaluation (no query can make an outbound request); per-form content negotiation; a row
limit that says when it cut a result; a time limit that stops the evaluation; ETags tied to
the store's build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import unicodedata
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, Response, render_template, request
from flask.blueprints import BlueprintSetupState

from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.queries import stored_queries
from fiscal_kg.sparql_rewrite import with_prologue
from fiscal_kg.sparql_text import QueryText, inspect_query, limit_select
from fiscal_kg.store.interface import ErrorKind, Job, Outcome, QueryBusy, QueryTimeout
from fiscal_kg.web import formats
from fiscal_kg.web.context import settings, store
from fiscal_kg.web.documents.service import service_description
from fiscal_kg.web.presentation.i18n import language, translate
from fiscal_kg.web.problems import Problem, outcome_problem

bp = Blueprint("sparql", __name__)
query_log = logging.getLogger("fiscal_kg.query")

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@bp.record_once
def _words_for_macros(state: BlueprintSetupState) -> None:
    """The page's words in macros imported without the template's context (_results.html, as
    the stored-query pages import it): `t` as a global, in the reader's language."""
    state.app.jinja_env.globals.setdefault("t", lambda key: translate(key, language()))


# --- where a query fails --------------------------------------------------------------------

# Oxigraph's parser says where it stopped: 'error at LINE:COLUMN: expected ...', lines counted
# by LF alone, columns in characters from 1
_ENGINE_AT = re.compile(r"error at (\d+):(\d+): ")
_EXPECTED = re.compile(r"expected (one of )?(.*)", re.DOTALL)
_KEYWORD = re.compile(r"[A-Za-z]+")
_CONTEXT = 60  # characters of a long line shown before the position (and 40 after)


@dataclass(frozen=True)
class Position:
    """A place in the query a reader sent: line and column from 1 (characters; lines end at LF)
    and the text of that line."""

    line: int
    column: int
    text: str

    @classmethod
    def at(cls, query: str, offset: int) -> Position:
        offset = max(0, min(offset, len(query)))
        start = query.rfind("\n", 0, offset) + 1
        end = query.find("\n", offset)
        return cls(query.count("\n", 0, offset) + 1, offset - start + 1,
                   query[start:len(query) if end < 0 else end])

    def parts(self) -> tuple[str, str, str]:
        """The line shown around the position: before it, the character at it (a space at the
        end of the line), after it; a long line cut to the neighbourhood (…)."""
        line = self.text.replace("\r", " ")
        index = self.column - 1
        first, last = max(0, index - _CONTEXT), min(len(line), index + 40)
        before = ("…" if first else "") + line[first:index]
        return before, line[index:index + 1] or " ", line[index + 1:last] + (
            "…" if last < len(line) else "")

    def pointer(self) -> str:
        """The line, and under it a caret at the position (wide characters counted twice)."""
        before, at, after = self.parts()
        pad = "".join("\t" if c == "\t" else "  " if unicodedata.east_asian_width(c) in "WF"
                      else " " for c in before)
        return f"{before}{at}{after}".rstrip() + "\n" + pad + "^"

    def describe(self) -> str:
        return f"line {self.line}, column {self.column}"


class QueryProblem(Problem):
    """A query refused or not understood, with where in its text, when that is known: the
    detail says the line and column and shows the line with a caret under the place."""

    def __init__(self, status: int, headline: str, message: str,
                 position: Position | None = None) -> None:
        detail = f"{headline}: {position.describe()}: {message}\n{position.pointer()}" \
            if position is not None else f"{headline}: {message}"
        super().__init__(status, detail)
        self.headline = headline
        self.message = message
        self.position = position


def _moved_back(original: str, edited: str, offset: int) -> int:
    """An offset in `edited` (the original with one stretch replaced: a LIMIT added or lowered,
    a prologue put before it) as an offset in `original`; inside the replaced stretch, where
    the stretch starts."""
    same = 0
    while same < min(len(original), len(edited)) and original[same] == edited[same]:
        same += 1
    if offset <= same:
        return offset
    tail = 0
    while tail < min(len(original), len(edited)) - same and \
            original[-1 - tail] == edited[-1 - tail]:
        tail += 1
    if offset >= len(edited) - tail:
        return offset - (len(edited) - len(original))
    return same


def _tried_from(expected: str, offset: int) -> int:
    """Where the engine began reading what it could not read, from what it says it expected.

    Oxigraph stops where its parser got furthest. A keyword is tried by taking as many
    characters as it has and comparing them, so a failed keyword is reported after those
    characters ('?x fk:value' where OPTIONAL was tried at '?x': 'expected OPTIONAL' eight
    characters on). When the engine expected keywords only (and '[_]', any character: the end
    of the text), it tried them where the shortest of them starts; any other expectation (a
    character, a class of characters, its own message) was tried where it says.
    """
    match = _EXPECTED.fullmatch(expected)
    if match is None:
        return offset
    items = match.group(2).split(", ") if match.group(1) else [match.group(2)]
    keywords = [item for item in items if _KEYWORD.fullmatch(item)]
    if not keywords or any(item != "[_]" and item not in keywords for item in items):
        return offset
    return max(0, offset - min(len(k) for k in keywords))


def _engine_text(job: Job) -> str | None:
    """The text the store's engine read for a job, when it can be known: the job's own on the
    embedded store; with the prologue of PREFIX lines a remote store is sent."""
    if store().kind == "embedded":
        return job.query
    if job.query_dataset or job.bindings:
        return None  # the dataset clauses were moved out of the text
    return with_prologue(job.query, PREFIXES, job.base_iri)


def syntax_problem(error: str, query: str, job: Job) -> QueryProblem:
    """The 400 for a query the engine could not parse, pointing at where it stopped (in the
    text the reader sent, not the one the service ran, which may have a LIMIT or a prologue)."""
    headline = "the query is not valid SPARQL"
    message = re.sub(r"\s*\n\s*", " ", error).strip()
    found = _ENGINE_AT.search(message)
    seen = _engine_text(job)
    if found is None or seen is None:
        return QueryProblem(400, headline, message)
    line, column = int(found.group(1)), int(found.group(2))
    lines = seen.split("\n")
    if not 1 <= line <= len(lines) or not 1 <= column <= len(lines[line - 1]) + 1:
        return QueryProblem(400, headline, message)
    offset = sum(len(text) + 1 for text in lines[:line - 1]) + column - 1
    expected = message[found.end():]
    offset = _tried_from(expected, offset)
    offset = _moved_back(job.query, seen, offset)
    offset = _moved_back(query, job.query, offset)
    said = (message[:found.start()] + expected).strip()
    return QueryProblem(400, headline, said, Position.at(query, offset))


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    update: bool
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format_param: str | None


def _params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """Parameters of a query string or form body, decoded strictly as UTF-8."""
    try:
        return parse_qsl(raw.decode("ascii", errors="strict"), keep_blank_values=True,
                         encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Problem(400, f"the {where} is not UTF-8 (SPARQL Protocol requires UTF-8)") from None


def _charset_ok() -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise Problem(400, f"charset {charset} is not supported: send UTF-8")


def read_request() -> ProtocolRequest:
    """The protocol parameters of a request, or a Problem saying what is wrong with it."""
    params = _params(request.query_string, "query string")
    body_query: str | None = None
    update = False
    if request.method == "POST":
        # a form carries the query percent-encoded, up to three bytes for one (as a GET's query
        # string does); the query itself is held to the limit once decoded
        encoded = 3 if request.mimetype == FORM else 1
        limit = settings().max_query_bytes * encoded + 4096
        if request.content_length is not None and request.content_length > limit:
            raise Problem(413, f"the request body is larger than {limit} bytes")
        mimetype = request.mimetype
        if not request.headers.get("Content-Type"):
            raise Problem(400, "a POST needs a Content-Type: "
                               f"{FORM} or {DIRECT}")
        _charset_ok()
        data = request.get_data(cache=True)
        if mimetype == FORM:
            params += _params(data, "form body")
        elif mimetype == DIRECT:
            try:
                body_query = data.decode("utf-8")
            except UnicodeDecodeError:
                raise Problem(400, "the query body is not UTF-8") from None
        elif mimetype == UPDATE:
            update = True
        else:
            raise Problem(415, f"Content-Type {mimetype} is not accepted: use {FORM} or "
                               f"{DIRECT}", {"Accept-Post": f"{FORM}, {DIRECT}"})
    queries = [v for k, v in params if k == "query"]
    if any(k == "update" for k, _ in params):
        update = True
    if body_query is not None:
        queries.append(body_query)
    if len(queries) > 1:
        raise Problem(400, "the request has more than one query")
    formats_named = [v for k, v in params if k == "format"]
    return ProtocolRequest(
        query=queries[0] if queries else None,
        update=update,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        format_param=formats_named[-1] if formats_named else None,
    )


def choose_format(candidates: tuple[formats.Format, ...], named: str | None,
                  form: str | None = None) -> formats.Format:
    """The format of the answer: the one `format=` names, else the Accept header's choice.

    A format of the other kind of answer (format=csv for a CONSTRUCT, format=ttl for a SELECT)
    is refused with 406, as the same media type in Accept is: never another format in its
    place. (format=json and format=xml name JSON-LD and RDF/XML for a graph.)
    """
    if named:
        fmt = formats.by_name(named, candidates)
        if fmt is not None:
            return fmt
        other = formats.by_name(named, formats.ALL_FORMATS)
        if other is None:
            raise Problem(400, f"format={named} is not one of "
                               f"{', '.join(f.key for f in candidates)}")
        raise Problem(406, f"format={named} ({other.media_type}) is not a format "
                           f"{'for ' + form + ' queries' if form else 'of this answer'}; "
                           "available: " + ", ".join(f.media_type for f in candidates))
    fmt = formats.negotiate(request.accept_mimetypes, candidates)
    if fmt is None:
        raise Problem(406, "none of the accepted media types can be produced; available: "
                           + ", ".join(f.media_type for f in candidates))
    return fmt


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return preflight()
    protocol = read_request()
    if protocol.update:
        raise Problem(403, "this endpoint is read-only: SPARQL updates are not accepted")
    if protocol.query is None:
        if request.method == "POST":
            raise Problem(400, "the request has no query")
        return describe_service(protocol)
    size = len(protocol.query.encode("utf-8"))
    if size > settings().max_query_bytes:
        if request.method == "GET":
            raise Problem(414, f"the query is {size} bytes, more than the "
                               f"{settings().max_query_bytes} a query may have")
        raise Problem(413, f"the query is larger than {settings().max_query_bytes} bytes")
    try:
        text = check_query(protocol.query)
    except QueryProblem:
        if wants_page(protocol):  # a browser sees why on the query page, below the query
            return query_page(protocol.query, protocol)
        raise
    fmt = choose_format(formats.formats_for(text.form), protocol.format_param, text.form)
    if fmt is formats.HTML:
        return query_page(protocol.query, protocol)
    return answer(protocol, text, fmt)


def wants_page(protocol: ProtocolRequest) -> bool:
    """Whether the request asks for the query page (a browser's Accept, or format=html)."""
    assert protocol.query is not None
    form = inspect_query(protocol.query).form
    try:
        return choose_format(formats.formats_for(form), protocol.format_param) is formats.HTML
    except Problem:
        return False


def check_query(query: str) -> QueryText:
    """The query's text, or a Problem when the service will not run it."""
    text = inspect_query(query)
    if text.form == "UPDATE":
        raise Problem(403, "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, "
                           "CLEAR, ...) are not accepted")
    if text.uses_service:
        at = text.service_at
        raise QueryProblem(403, "SERVICE is not allowed",
                           "this endpoint never makes outbound requests",
                           None if at is None else Position.at(query, at))
    if text.depth > settings().max_query_depth:
        raise Problem(400, f"the query nests {text.depth} levels of brackets deep; at most "
                           f"{settings().max_query_depth} are accepted")
    return text


def preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def make_job(protocol: ProtocolRequest, text: QueryText, fmt: formats.Format,
             query: str) -> tuple[Job, bool]:
    limit = settings().row_limit
    limited_query, limited = limit_select(query, text, limit)
    dataset = bool(protocol.default_graphs or protocol.named_graphs)
    job = Job(
        query=limited_query,
        results_format=fmt.media_type if fmt.results is not None else None,
        rdf_format=fmt.media_type if fmt.rdf is not None else None,
        base_iri=settings().public_url + "/sparql",
        # dataset parameters replace the query's FROM clauses; given one, the other is empty
        default_graph=protocol.default_graphs if dataset else None,
        named_graphs=protocol.named_graphs if dataset else None,
        query_dataset=text.has_dataset,
        limit=limit,
    )
    return job, limited


def etag_of(job: Job, media_type: str) -> str:
    """A strong entity tag: the store's build and everything the answer depends on."""
    key = json.dumps([store().build_id, job.query, job.default_graph, job.named_graphs,
                      job.limit, media_type])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def execute(job: Job, text: QueryText, query: str) -> tuple[Outcome, float]:
    """Run a job made of `query`; a Problem for a syntax error (400, saying where in `query`),
    a timeout (503) or an engine error (500)."""
    started = time.perf_counter()
    try:
        outcome = store().run(job)
    except (QueryTimeout, QueryBusy) as exc:
        log_query(job, text, 503, 0, time.perf_counter() - started)
        raise Problem(503, str(exc), {"Retry-After": "5"}) from None
    elapsed = time.perf_counter() - started
    if not outcome.ok:
        problem = syntax_problem(outcome.error, query, job) \
            if outcome.error_kind is ErrorKind.SYNTAX else outcome_problem(outcome)
        log_query(job, text, problem.status, 0, elapsed)
        raise problem
    return outcome, elapsed


def answer(protocol: ProtocolRequest, text: QueryText, fmt: formats.Format) -> Response:
    assert protocol.query is not None
    job, limited = make_job(protocol, text, fmt, protocol.query)
    etag = etag_of(job, fmt.media_type)
    if request.method == "GET" and request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Vary"] = "Accept"
        log_query(job, text, 304, 0, 0.0)
        return response
    outcome, elapsed = execute(job, text, protocol.query)
    response = Response(outcome.body, status=200, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    if request.method == "GET":
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-cache"
    capped = outcome.capped or (limited and outcome.rows >= job.limit)
    if capped:
        response.headers["X-Row-Limit-Reached"] = (
            f"{job.limit}; the result was cut at the row limit, there may be more")
    response.headers["X-Build-Id"] = store().build_id
    log_query(job, text, 200, outcome.rows, elapsed, capped)
    return response


def log_query(job: Job, text: QueryText, status: int, rows: int, seconds: float,
              capped: bool = False) -> None:
    query_log.info(json.dumps({
        "query_sha256": hashlib.sha256(job.query.encode("utf-8")).hexdigest()[:16],
        "form": text.form, "method": request.method, "status": status, "rows": rows,
        "capped": capped, "ms": round(seconds * 1000, 2),
        "format": job.results_format or job.rdf_format,
    }))


def describe_service(protocol: ProtocolRequest) -> Response:
    """GET /sparql without a query: the Service Description as RDF, or the query page."""
    candidates = (*formats.GRAPH_FORMATS, formats.HTML)
    fmt = choose_format(candidates, protocol.format_param)
    if fmt is formats.HTML:
        return query_page(None, protocol)
    assert fmt.rdf is not None
    body = service_description(settings(), store().manifest, fmt.rdf)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.set_etag(f"sd-{store().build_id}-{fmt.key}")
    return response


def run_for_page(query: str, protocol: ProtocolRequest | None = None) -> dict[str, Any]:
    """Run a query for an HTML page: rows to show, or a message to show instead."""
    try:
        text = check_query(query)
        protocol = protocol or ProtocolRequest(query, False, (), (), None)
        fmt = formats.TURTLE if text.form in ("CONSTRUCT", "DESCRIBE") else formats.JSON
        job, limited = make_job(protocol, text, fmt, query)
        outcome, elapsed = execute(job, text, query)
    except QueryProblem as problem:
        return {"error": f"{problem.headline}: {problem.message}", "status": problem.status,
                "headline": problem.headline, "message": problem.message,
                "where": problem.position}
    except Problem as problem:
        return {"error": problem.detail, "status": problem.status}
    page: dict[str, Any] = {"form": text.form, "ms": round(elapsed * 1000, 1),
                            "rows_count": outcome.rows,
                            "capped": outcome.capped or (limited and outcome.rows >= job.limit),
                            "limit": job.limit}
    if outcome.kind == "graph":
        page["graph"] = outcome.body.decode("utf-8")
    else:
        if outcome.is_boolean:
            page["boolean"] = outcome.boolean()
        else:
            page["vars"] = outcome.variables()
            page["rows"] = outcome.solutions()
    return page


def page_status(result: dict[str, Any] | None) -> int:
    """A query page shows a failed query's message; the status still says what happened when
    the service could not answer it (503: out of time or memory, store unreachable)."""
    status = int((result or {}).get("status", 200))
    return status if status >= 500 else 200


def query_page(query: str | None, protocol: ProtocolRequest) -> Response:
    """The query page: the query sent, run, with its results (or why there are none) and its
    downloads; without one, the first stored query in the editor, not run."""
    result = run_for_page(query, replace(protocol, format_param=None)) if query else None
    failed = result is None or "error" in result
    downloads = () if query is None or failed else \
        formats.formats_for(inspect_query(query).form, html=False)
    examples = list(stored_queries().values())
    editor = query if query is not None else (examples[0].text if examples else "")
    html = render_template("sparql.html", query=query or "", editor=editor, result=result,
                           downloads=downloads, examples=examples,
                           endpoint=settings().public_url + "/sparql")
    response = Response(html, status=page_status(result),
                        content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response
