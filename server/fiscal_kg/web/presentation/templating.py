"""What every template can use: the reader's language, local addresses, safe links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, request

from fiscal_kg.web.context import linker
from fiscal_kg.web.presentation.i18n import language, translate


def local(path: str, **params: Any) -> str:
    """The service's address of a path (the public URL carries any proxy prefix)."""
    query = {k: v for k, v in params.items() if v is not None}
    return linker().local(path) + ("?" + urlencode(query) if query else "")


def with_lang(href: str | None) -> str | None:
    """A local link keeps the language the reader chose with ?lang=."""
    chosen = request.args.get("lang")
    if not href or not chosen or not href.startswith(linker().public_url):
        return href
    return href + ("&" if "?" in href else "?") + urlencode({"lang": chosen})


def local_href(iri: str) -> str | None:
    return linker().href(iri)


def switch_lang(code: str) -> str:
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = code
    return linker().public_url + request.path + "?" + urlencode(args)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["with_lang"] = with_lang
    app.jinja_env.filters["local_href"] = local_href

    @app.context_processor
    def _globals() -> dict[str, Any]:
        lang = language()
        return {
            "t": lambda key: translate(key, lang),
            "local": local,
            "asset": lambda name: local(f"/static/{name}"),
            "switch_lang": switch_lang,
            "current_lang": lang,
        }
