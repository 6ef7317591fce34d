"""Linked-data pages: every IRI minted under the data's or the vocabulary's base answers.

Strategy: content negotiation at the IRI's own address, with `Vary: Accept` and a
`Content-Location` naming the representation sent (`/id/agency/X.ttl`). A browser gets HTML;
`Accept` or a suffix (.ttl, .jsonld, .rdf, .nt, .html) gives another form. HTML pages list
their RDF forms in `Link: rel="alternate"` headers and embed their JSON-LD. Unknown IRIs get
404 in the negotiated form.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request
from werkzeug.urls import iri_to_uri

from fiscal_kg.store.interface import SPARQL_JSON, Job, bind_iri
from fiscal_kg.web import formats
from fiscal_kg.web.context import linker, settings, store
from fiscal_kg.web.presentation.charts import Chart, latest_report, report_charts
from fiscal_kg.web.presentation.describe import Describer, compact
from fiscal_kg.web.presentation.i18n import language
from fiscal_kg.web.presentation.linking import SUFFIXES, format_amount, split_suffix
from fiscal_kg.web.problems import Problem, require

bp = Blueprint("entities", __name__)

RDF_FORMATS = (formats.TURTLE, formats.JSONLD, formats.RDFXML, formats.NTRIPLES)
CANDIDATES = (formats.HTML, *RDF_FORMATS, formats.NQUADS, formats.TRIG)
FK = "https://w3id.org/fiscal-kg/def/"

# The entity, its blank nodes and its own '#' resources (a concise bounded description).
DESCRIPTION = """CONSTRUCT { ?s ?p ?o . ?o ?p2 ?o2 } WHERE {
  ?s ?p ?o
  OPTIONAL { FILTER (isBlank(?o) || STRSTARTS(STR(?o), CONCAT(STR(?s), "#"))) ?o ?p2 ?o2 } }"""
WHOLE_GRAPH = "CONSTRUCT { ?a ?b ?c } WHERE { GRAPH ?s { ?a ?b ?c } }"
REFERENCED = "ASK { { ?x ?p ?s } UNION { GRAPH ?s { ?a ?b ?c } } }"


@bp.route("/id/<path:rest>", methods=["GET", "HEAD"])
@bp.route("/def/", methods=["GET", "HEAD"], defaults={"rest": ""})
@bp.route("/def/<path:rest>", methods=["GET", "HEAD"])
@bp.route("/shapes/<path:rest>", methods=["GET", "HEAD"])
@bp.route("/graph/<path:rest>", methods=["GET", "HEAD"])
def entity(rest: str) -> Response:
    path, suffix = split_suffix(request.path)
    iri = linker().iri_of(path)
    if iri is None:
        raise Problem(404, f"no resource at {request.path}")
    fmt = suffix or formats.negotiate(request.accept_mimetypes, CANDIDATES)
    if fmt is None:
        raise Problem(406, "available: " + ", ".join(f.media_type for f in CANDIDATES))
    if fmt is formats.HTML:
        response = page(iri, path)
    else:
        response = rdf(iri, fmt)
    response.headers["Vary"] = "Accept, Accept-Language"
    response.headers["Content-Location"] = iri_to_uri(
        linker().local(path) + (fmt.extension and "." + fmt.extension))
    return response


def alternates(path: str) -> list[tuple[str, formats.Format]]:
    local = linker().local(path)
    return [(f"{local}.{fmt.extension}", fmt) for fmt in RDF_FORMATS]


def rdf(iri: str, fmt: formats.Format) -> Response:
    jobs = [Job(query=q, rdf_format=fmt.media_type, bindings=(bind_iri("s", iri),),
                limit=settings().row_limit) for q in (DESCRIPTION, WHOLE_GRAPH)]
    jobs.append(Job(query=REFERENCED, results_format=SPARQL_JSON,
                    bindings=(bind_iri("s", iri),)))
    described, whole, referenced = store().run_many(jobs)
    for outcome in (described, whole, referenced):
        require(outcome)
    found = described.rows > 0 or referenced.boolean()
    outcome = described if described.rows > 0 or whole.rows == 0 else whole
    response = Response(outcome.body, status=200 if found else 404,
                        content_type=fmt.content_type)
    if outcome.capped:
        response.headers["X-Row-Limit-Reached"] = str(settings().row_limit)
    return response


def page(iri: str, path: str) -> Response:
    lang = language()
    pages: dict[str, int] = {}
    for key, value in request.args.items():
        if key.startswith("page:") and value.isdigit():
            pages[key[5:]] = int(value)
    describer = Describer(store(), linker(), lang)
    description = describer.describe(iri, pages)
    if not description.exists:
        raise Problem(404, f"there is nothing about <{iri}> in this dataset", html=True)
    charts: list[Chart] = []
    reports: list[tuple[str, str]] = []
    if description.has_type(FK + "Report"):
        charts = report_charts(store(), linker(), iri)
    elif description.has_type(FK + "Agency"):
        latest, reports = latest_report(store(), iri)
        if latest is not None:
            charts = report_charts(store(), linker(), latest)
    elif description.has_type(FK + "Figure") and any(
            g.prop.value in (FK + "componentOf", FK + "includedIn") for g in description.inverse):
        report = description.value_of(FK + "report")
        if report is not None:  # a total: its own breakdown
            charts = [c for c in report_charts(store(), linker(), report) if c.iri == iri]
    embedded = store().run(Job(query=DESCRIPTION, rdf_format=formats.JSONLD.media_type,
                                 bindings=(bind_iri("s", iri),), limit=2000))
    figure = None
    amount = description.value_of(FK + "value")
    unit = description.value_of("http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure")
    if amount is not None and unit is not None:
        resolution = description.value_of(FK + "resolution")
        figure = {"shown": format_amount(Decimal(amount), unit.rsplit("/", 1)[-1],
                                         Decimal(resolution) if resolution else None),
                  "none": description.value_of(FK + "role") == FK + "role/none"}
    html = render_template(
        "entity.html", d=description, lang=lang, figure=figure, charts=charts,
        reports=[(linker().href(r), year) for r, year in reports],
        alternates=alternates(path), compact=compact, page_link=_page_link,
        jsonld=_safe_json(embedded.body if embedded.ok else b"[]"),
        self_url=linker().local(path))
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Link"] = ", ".join(
        f'<{iri_to_uri(url)}>; rel="alternate"; type="{fmt.media_type}"'
        for url, fmt in alternates(path))
    return response


def _page_link(prop: str, number: int) -> str:
    args = {k: v for k, v in request.args.items() if k != f"page:{prop}"}
    args[f"page:{prop}"] = str(number)
    return linker().local(request.path) + "?" + urlencode(args)


def _safe_json(body: bytes) -> str:
    """JSON-LD to embed in a page: '<', '>' and '&' escaped so no text can end the block."""
    text = body.decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


__all__ = ["SUFFIXES", "bp"]
