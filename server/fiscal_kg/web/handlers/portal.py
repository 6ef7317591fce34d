"""What open-data portals harvest: the DCAT-AP catalogue (/catalog), the VoID description
(/.well-known/void) and the dumps (/dumps/...), each with a stable address."""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, send_file
from rdflib import Graph

from fiscal_kg.web import formats
from fiscal_kg.web.context import settings, store
from fiscal_kg.web.documents.catalog import catalog_graph
from fiscal_kg.web.documents.rdfout import write_graph
from fiscal_kg.web.documents.void import void_graph
from fiscal_kg.web.problems import Problem

bp = Blueprint("portal", __name__)

# Turtle first: what a harvester gets when it states no preference (no Accept, or */*, as
# portal harvesters, curl and python-requests send); a browser asks for text/html by name
CANDIDATES = (formats.TURTLE, formats.JSONLD, formats.RDFXML, formats.NTRIPLES, formats.HTML)
# Werkzeug adds "; charset=utf-8" to text/* types itself
DUMP_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".gz": "application/gzip",
              ".csv": "text/csv", ".json": "application/json"}


def _cached(name: str, make: Any) -> Graph:
    """A graph computed once per build in each worker."""
    cache: dict[tuple[str, str], Graph] = current_app.extensions.setdefault("fiscal_kg.graphs", {})
    key = (name, store().build_id)
    if key not in cache:
        cache.clear() if len(cache) > 8 else None
        cache[key] = make()
    return cache[key]


def catalog() -> Graph:
    return _cached("catalog", lambda: catalog_graph(settings(), store().manifest))


def void() -> Graph:
    return _cached("void", lambda: void_graph(settings(), store().manifest))


def _rdf_or_page(graph: Graph, template: str, **context: Any) -> Response:
    fmt = formats.by_name(request.args.get("format", ""), CANDIDATES) if "format" in request.args \
        else formats.negotiate(request.accept_mimetypes, CANDIDATES)
    if fmt is None:
        raise Problem(406, "available: " + ", ".join(f.media_type for f in CANDIDATES))
    if fmt is formats.HTML:
        response = Response(render_template(template, **context),
                            content_type="text/html; charset=utf-8")
    else:
        assert fmt.rdf is not None
        response = Response(write_graph(graph, fmt.rdf), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.set_etag(f"{store().build_id}-{fmt.key}")
    response.last_modified = _built_at()
    response.make_conditional(request)
    return response


def _built_at() -> datetime:
    return datetime.fromisoformat(store().manifest.built_at)


@bp.get("/catalog")
def catalog_view() -> Response:
    manifest = store().manifest
    return _rdf_or_page(catalog(), "catalog.html", manifest=manifest,
                        dumps=manifest.dumps, all_identifier=_all_identifier())


@bp.get("/.well-known/void")
def void_view() -> Response:
    graph = void()
    text = write_graph(graph, formats.TURTLE.rdf).decode("utf-8") \
        if formats.TURTLE.rdf is not None else ""
    return _rdf_or_page(graph, "void.html", turtle=text)


@bp.get("/dumps/")
def dumps_index() -> str:
    return render_template("catalog.html", manifest=store().manifest,
                           dumps=store().manifest.dumps,
                           all_identifier=_all_identifier())


def _all_identifier() -> str:
    return settings().base_iri + "id/dataset/all"


@bp.get("/dumps/<path:name>")
def dump(name: str) -> Response:
    records = {d.path: d for d in store().manifest.dumps}
    record = records.get(f"dumps/{name}")
    if record is None:
        raise Problem(404, f"there is no dump {name!r}; see /catalog")
    root: Path | None = store().build_path
    if root is None:
        raise Problem(404, f"this machine has no copy of build {store().build_id}'s dumps: "
                           "they are published beside the build (see the README, remote store)")
    path = (root / record.path).resolve()
    if root.resolve() not in path.parents:
        raise Problem(404, f"there is no dump {name!r}")
    suffix = "".join(path.suffixes[-1:])
    response = send_file(path, mimetype=DUMP_TYPES.get(suffix, "application/octet-stream"),
                         etag=record.sha256, last_modified=_built_at(), conditional=True,
                         max_age=0)
    digest = base64.b64encode(bytes.fromhex(record.sha256)).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"  # RFC 9530
    response.headers["Link"] = f'<{settings().public_url}/catalog>; rel="describedby"'
    return response
