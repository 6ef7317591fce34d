"""Human pages: the home page and the stored queries (/queries/, /queries/NAME[.json|.csv])."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from fiscal_kg.queries import stored_queries
from fiscal_kg.sparql_text import inspect_query
from fiscal_kg.web import formats
from fiscal_kg.web.problems import Problem
from fiscal_kg.web.sparql import ProtocolRequest, answer, backend, run_for_page, settings

bp = Blueprint("pages", __name__)

EXTENSIONS = {"json": formats.JSON, "csv": formats.CSV, "tsv": formats.TSV, "xml": formats.XML}


@bp.get("/")
def home() -> str:
    manifest = backend().manifest
    return render_template("home.html", manifest=manifest, queries=stored_queries().values(),
                           endpoint=settings().public_url + "/sparql")


@bp.get("/queries/")
def query_list() -> str:
    return render_template("queries.html", queries=stored_queries().values())


@bp.get("/queries/<name>")
def query_page(name: str) -> Response | str:
    stem, _, extension = name.partition(".")
    query = stored_queries().get(stem)
    if query is None:
        raise Problem(404, f"there is no stored query named {stem!r}; see /queries/")
    if extension:
        fmt = EXTENSIONS.get(extension)
        if fmt is None:
            raise Problem(404, f"stored query results come as {', '.join(EXTENSIONS)}, "
                               f"not .{extension}")
        text = inspect_query(query.text)
        protocol = ProtocolRequest(query.text, False, (), (), None)
        return answer(protocol, text, fmt)
    result = run_for_page(query.text)
    return render_template("query.html", query=query, result=result,
                           downloads=[(ext, url_for("pages.query_page", name=f"{stem}.{ext}"))
                                      for ext in EXTENSIONS])
