"""The store the settings name: the embedded one, or a SPARQL endpoint when one is set."""

from __future__ import annotations

from fiscal_kg.config import Settings
from fiscal_kg.store.embedded import EmbeddedStore
from fiscal_kg.store.endpoint import EndpointStore
from fiscal_kg.store.interface import Store


def connect(settings: Settings) -> Store:
    """The embedded store, or the remote SPARQL endpoint when `sparql_endpoint` is set."""
    if settings.sparql_endpoint:
        return EndpointStore(settings)
    return EmbeddedStore(settings.store, settings)
