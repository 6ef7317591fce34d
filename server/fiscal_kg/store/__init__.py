"""Stores behind one interface. The embedded Oxigraph store is the built-in backend."""

from fiscal_kg.store.local import LocalStore, open_store

__all__ = ["LocalStore", "open_store"]
