"""What a request reaches through the application: its settings, its store and its linker.

`init_app` puts them on the application once; each request pins the store to one build on
first use (`store()`) and lets go of it at teardown, and the store is closed with the process.
"""

from __future__ import annotations

import atexit

from flask import Flask, current_app, g

from fiscal_kg.config import Settings
from fiscal_kg.store.connect import connect
from fiscal_kg.store.interface import Store
from fiscal_kg.web.presentation.linking import Linker

_STORE = "fiscal_kg.store"
_LINKER = "fiscal_kg.linker"


def init_app(app: Flask, settings: Settings) -> None:
    app.config["SETTINGS"] = settings
    opened = connect(settings)
    app.extensions[_STORE] = opened
    app.extensions[_LINKER] = Linker.of(settings)
    app.teardown_request(release_store)
    atexit.register(opened.close)


def settings() -> Settings:
    value = current_app.config["SETTINGS"]
    assert isinstance(value, Settings)
    return value


def store() -> Store:
    """The store, pinned to one build for the rest of the request (released at teardown)."""
    pinned = g.get("fiscal_kg_store")
    if pinned is None:
        value = current_app.extensions[_STORE]
        assert isinstance(value, Store)
        pinned = g.fiscal_kg_store = value.pin()
    assert isinstance(pinned, Store)
    return pinned


def release_store(_error: BaseException | None = None) -> None:
    pinned = g.pop("fiscal_kg_store", None)
    if pinned is not None:
        pinned.unpin()


def linker() -> Linker:
    value = current_app.extensions[_LINKER]
    assert isinstance(value, Linker)
    return value
