"""Human pages: the home page and the stored queries (/queries/, /queries/NAME[.json|.csv])."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from fiscal_kg.queries import stored_queries
from fiscal_kg.sparql_text import inspect_query
from fiscal_kg.store.interface import SPARQL_JSON, Job, bind_literal
from fiscal_kg.web import formats
from fiscal_kg.web.context import linker, settings, store
from fiscal_kg.web.handlers.sparql import ProtocolRequest, answer, page_status, run_for_page
from fiscal_kg.web.presentation.describe import compact
from fiscal_kg.web.presentation.i18n import language
from fiscal_kg.web.presentation.linking import pick_label
from fiscal_kg.web.presentation.templating import local
from fiscal_kg.web.problems import Problem, require

bp = Blueprint("pages", __name__)

EXTENSIONS = {"json": formats.JSON, "csv": formats.CSV, "tsv": formats.TSV, "xml": formats.XML}


SCHEMES = ("concept", "section", "unit", "role", "fund", "functional", "economic",
           "budget-level", "glossary")
# by label, or by a national identifier (an agency's unified social credit code)
# DISTINCT and ORDER BY: a store may keep the duplicates that the property paths produce, and
# the limit then cuts the same rows on every store
SEARCH = """SELECT DISTINCT ?q ?s ?label ?type WHERE {
  { ?s rdfs:label|skos:prefLabel ?label .
    FILTER (CONTAINS(LCASE(STR(?label)), LCASE(?q))) }
  UNION
  { ?s adms:identifier/skos:notation ?code .
    FILTER (CONTAINS(LCASE(STR(?code)), LCASE(?q)))
    ?s rdfs:label|skos:prefLabel ?label }
  OPTIONAL { ?s a ?type } } ORDER BY STR(?s) ?label STR(?type) LIMIT 2000"""


@bp.get("/")
def home() -> str:
    manifest = store().manifest
    agencies = {r.agency for r in manifest.reports}
    figures = sum(r.figures for r in manifest.reports)
    return render_template("home.html", manifest=manifest, queries=stored_queries().values(),
                           endpoint=settings().public_url + "/sparql", agencies=agencies,
                           figures=figures, schemes=SCHEMES)


@bp.get("/search")
def search() -> str:
    """Entities whose Chinese or English label, or whose national identifier (an agency's
    unified social credit code), contains the words (bound, never pasted)."""
    text = request.args.get("q", "").strip()[:100]
    hits: list[dict[str, Any]] = []
    if text:
        outcome = store().run(Job(query=SEARCH, results_format=SPARQL_JSON,
                                    bindings=(bind_literal("q", text),)))
        require(outcome)
        found: dict[str, dict[str, Any]] = {}
        for row in outcome.solutions():
            iri = row["s"]["value"]
            if row["s"]["type"] != "uri":
                continue
            hit = found.setdefault(iri, {"iri": iri, "labels": [], "types": set(),
                                         "href": linker().href(iri)})
            pair = (row["label"]["value"], row["label"].get("xml:lang", ""))
            if pair not in hit["labels"]:
                hit["labels"].append(pair)
            if "type" in row:
                hit["types"].add(compact(row["type"]["value"]))
        lang = language()
        for hit in found.values():
            hit["label"] = pick_label(hit["labels"], lang) or hit["iri"]
            hit["types"] = sorted(hit["types"])
        lowered = text.lower()
        hits = sorted(found.values(), key=lambda h: (h["label"].lower() != lowered,
                                                     len(h["label"]), h["label"]))[:100]
    return render_template("search.html", q=text, hits=hits)


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
    html = render_template("query.html", query=query, result=result,
                           downloads=[(ext, local(f"/queries/{stem}.{ext}"))
                                      for ext in EXTENSIONS])
    return Response(html, status=page_status(result), content_type="text/html; charset=utf-8")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Where browsers and crawlers look for the site's icon: the one the pages link to."""
    return Response(status=301, headers={"Location": local("/static/favicon.svg"),
                                         "Cache-Control": "public, max-age=86400"})
