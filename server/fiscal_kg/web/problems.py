"""Every error the web tier answers with, in one shape, mapped to HTTP in one place.

A client that prefers HTML gets a page; everybody else gets JSON:
{"error": {"status": 400, "title": "Bad Request", "detail": "..."}}.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from fiscal_kg.errors import StoreError
from fiscal_kg.store.interface import Outcome, QueryBusy, QueryTimeout

log = logging.getLogger("fiscal_kg.web")


class Problem(Exception):
    """An error answer: status, what went wrong (detail) and extra headers."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None,
                 *, html: bool | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.html = html  # None: negotiate; True/False: the form negotiation already chose


def outcome_problem(outcome: Outcome) -> Problem:
    """The answer to a query that failed: the query's fault (400), the service's limits or the
    store's reachability (503), or a failure of the engine (500, logged)."""
    if outcome.error_kind == "syntax":
        return Problem(400, f"the query is not valid SPARQL: {outcome.error}")
    if outcome.error_kind == "memory":
        return Problem(503, f"over the memory limit: {outcome.error}", {"Retry-After": "5"})
    if outcome.error_kind == "unreachable":
        return Problem(503, f"the store is not available: {outcome.error}", {"Retry-After": "30"})
    log.error("engine error (%s): %s", outcome.error_kind, outcome.error)
    return Problem(500, "the query engine failed; the error has been logged")


def require(outcome: Outcome) -> Outcome:
    """The outcome of one of the service's own queries, or the Problem to answer instead."""
    if not outcome.ok:
        raise outcome_problem(outcome)
    return outcome


def render_problem(status: int, detail: str, headers: dict[str, str] | None = None,
                   html: bool | None = None) -> Response:
    title = HTTPStatus(status).phrase
    if html is None:
        best = request.accept_mimetypes.best_match(["application/json", "text/html"])
        html = best == "text/html" and request.accept_mimetypes["text/html"] > \
            request.accept_mimetypes["application/json"]
    if html:
        response = Response(render_template("problem.html", status=status, title=title,
                                            detail=detail), status=status,
                            content_type="text/html; charset=utf-8")
    else:
        response = jsonify(error={"status": status, "title": title, "detail": detail})
        response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(problem: Problem) -> Response:
        return render_problem(problem.status, problem.detail, problem.headers, problem.html)

    @app.errorhandler(StoreError)
    def _store(error: StoreError) -> Response:
        log.error("store unavailable: %s", error)
        return render_problem(503, f"the store is not available: {error}", {"Retry-After": "30"})

    @app.errorhandler(QueryTimeout)
    @app.errorhandler(QueryBusy)
    def _busy(error: QueryTimeout | QueryBusy) -> Response:
        log.warning("%s on %s %s: %s", type(error).__name__, request.method, request.path, error)
        return render_problem(503, f"the page could not be made in time: {error}",
                              {"Retry-After": "5"})

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        status = error.code or 500
        headers = {}
        if status == 405 and error.get_response().headers.get("Allow"):
            headers["Allow"] = error.get_response().headers["Allow"]
        return render_problem(status, error.description or HTTPStatus(status).phrase, headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return render_problem(500, "an internal error happened; it has been logged")
