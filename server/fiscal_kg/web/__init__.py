"""The web service: `create_app()` for gunicorn ('fiscal_kg.web:create_app()') and tests."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, request

from fiscal_kg.config import Settings
from fiscal_kg.web import context, problems
from fiscal_kg.web.presentation import templating


def create_app(test_config: dict[str, Any] | Settings | None = None) -> Flask:
    """The Flask application. Settings come from FISCAL_KG_* variables unless given."""
    if isinstance(test_config, Settings):
        settings = test_config
    else:
        settings = Settings.from_env(**(test_config or {}))
    app = Flask(__name__)
    # '//sparql' is not '/sparql': merging would redirect to an absolute URL built from the
    # client's Host header (an open redirect)
    app.url_map.merge_slashes = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    _configure_logging(settings.log_level)
    context.init_app(app, settings)

    from fiscal_kg.web.handlers import entities, pages, portal, sparql, system

    app.register_blueprint(sparql.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(system.bp)
    problems.init_app(app)
    templating.init_app(app)
    app.after_request(_common_headers)
    return app


# Pages run no inline script and load nothing from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'")


def _common_headers(response: Response) -> Response:
    """Every answer: no MIME sniffing; read endpoints open to browsers of any origin."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CSP
    if request.method in ("GET", "HEAD", "POST", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = (
            "ETag, Content-Type, X-Row-Limit-Reached, X-Build-Id, Link, Repr-Digest")
    return response


def _configure_logging(level: str) -> None:
    """The service's own log lines (queries, errors) on stderr, beside gunicorn's."""
    logger = logging.getLogger("fiscal_kg")
    logger.setLevel(level.upper())
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(
            "%(asctime)s [%(process)d] %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
