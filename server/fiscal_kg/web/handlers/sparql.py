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
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, Response, render_template, request

from fiscal_kg.queries import stored_queries
from fiscal_kg.sparql_text import QueryText, inspect_query, limit_select
from fiscal_kg.store.interface import Job, Outcome, QueryBusy, QueryTimeout
from fiscal_kg.web import formats
from fiscal_kg.web.context import settings, store
from fiscal_kg.web.documents.service import service_description
from fiscal_kg.web.problems import Problem, outcome_problem

bp = Blueprint("sparql", __name__)
query_log = logging.getLogger("fiscal_kg.query")

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


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


def choose_format(candidates: tuple[formats.Format, ...], named: str | None) -> formats.Format:
    if named:
        fmt = formats.by_name(named, candidates)
        if fmt is not None:
            return fmt
        if formats.by_name(named, formats.ALL_FORMATS) is None:
            raise Problem(400, f"format={named} is not one of "
                               f"{', '.join(f.key for f in candidates)}")
        # a format of the other query form (format=json for a CONSTRUCT, as generic clients
        # send it): fall back to the Accept header
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
    text = check_query(protocol.query)
    fmt = choose_format(formats.formats_for(text.form), protocol.format_param)
    if fmt is formats.HTML:
        return query_page(protocol.query, protocol)
    return answer(protocol, text, fmt)


def check_query(query: str) -> QueryText:
    """The query's text, or a Problem when the service will not run it."""
    text = inspect_query(query)
    if text.form == "UPDATE":
        raise Problem(403, "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, "
                           "CLEAR, ...) are not accepted")
    if text.uses_service:
        raise Problem(403, "SERVICE is not allowed: this endpoint never makes outbound requests")
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


def execute(job: Job, text: QueryText) -> tuple[Outcome, float]:
    """Run a job; a Problem for a syntax error (400), a timeout (503) or an engine error (500)."""
    started = time.perf_counter()
    try:
        outcome = store().run(job)
    except (QueryTimeout, QueryBusy) as exc:
        log_query(job, text, 503, 0, time.perf_counter() - started)
        raise Problem(503, str(exc), {"Retry-After": "5"}) from None
    elapsed = time.perf_counter() - started
    if not outcome.ok:
        problem = outcome_problem(outcome)
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
    outcome, elapsed = execute(job, text)
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
        outcome, elapsed = execute(job, text)
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
    result = run_for_page(query, replace(protocol, format_param=None)) if query else None
    text = inspect_query(query) if query else None
    downloads = formats.formats_for(text.form, html=False) if text else ()
    html = render_template("sparql.html", query=query or "", result=result,
                           downloads=downloads, examples=stored_queries().values(),
                           endpoint=settings().public_url + "/sparql")
    response = Response(html, status=page_status(result),
                        content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response
