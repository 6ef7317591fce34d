"""System pages under the reserved /-/ prefix."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from fiscal_kg.errors import StoreError
from fiscal_kg.web.context import store

bp = Blueprint("system", __name__)


@bp.get("/-/health")
def health() -> Response:
    """For load balancers: 200 when the store is open and answers, 503 otherwise."""
    try:
        manifest = store().manifest
        alive = store().alive()
    except StoreError as exc:
        response = jsonify(status="unavailable", store_open=False, detail=str(exc))
        response.status_code = 503
        return response
    response = jsonify(status="ok" if alive else "starting", store_open=alive,
                       store=store().kind,
                       triples=manifest.triples, build_id=manifest.build_id,
                       built_at=manifest.built_at, reports=len(manifest.reports))
    response.status_code = 200 if alive else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/-/build")
def build() -> Response:
    """The build served, as a web tier that uses this service as its store reads it: its id and
    manifest (files without the build machine's folders)."""
    try:
        manifest = store().manifest
    except StoreError as exc:
        response = jsonify(status="unavailable", detail=str(exc))
        response.status_code = 503
        return response
    response = jsonify(build_id=manifest.build_id, manifest=manifest.published())
    response.headers["Cache-Control"] = "no-store"
    return response
