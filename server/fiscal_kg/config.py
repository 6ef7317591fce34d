"""All settings in one typed object, read from environment variables prefixed FISCAL_KG_.

The README's settings table is checked against this class by a test, so the two cannot drift.
Each field's docstring is its documentation.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.namespaces import DEFAULT_DATA_BASE
from fiscal_kg.resources import DEFAULT_STORE, HOME

PREFIX = "FISCAL_KG_"


@dataclass(frozen=True)
class Settings:
    """Settings, each overridable by FISCAL_KG_<NAME in upper case>."""

    base_iri: str = DEFAULT_DATA_BASE
    """Canonical base of the data's IRIs (agencies, reports, figures); ends with '/'."""
    store: Path = DEFAULT_STORE
    """The store directory that `build` writes and `query` and `serve` read."""
    public_url: str = "http://127.0.0.1:8000"
    """The address the service is reached at (no trailing '/'); `sd:endpoint` is this + /sparql."""
    host: str = "127.0.0.1"
    """Interface `serve` listens on."""
    port: int = 8000
    """Port `serve` listens on."""
    workers: int = 2
    """gunicorn worker processes of `serve`."""
    query_timeout: float = 10.0
    """Seconds a query may run; then it is stopped and answered 503."""
    row_limit: int = 10000
    """Most rows (or triples) one response carries; a response that hits it says so in a header."""
    max_query_bytes: int = 65536
    """Largest query text accepted (UTF-8 bytes); larger ones are answered 413 (414 for GET)."""
    max_query_depth: int = 200
    """Deepest nesting of { ( [ a query may have; deeper ones are answered 400 before evaluation."""
    query_memory_mb: int = 1024
    """Memory (MB) a query may take beyond what its query process holds idle; past it the query
    is stopped, answered 503, and the process replaced."""
    query_processes: int = 8
    """Query processes per worker; queries running over a second may hold all of them but one."""
    log_level: str = "info"
    """Level of the request and query log (debug, info, warning, error)."""
    sparql_endpoint: str = ""
    """A SPARQL 1.1 query endpoint to serve from instead of the embedded store (filled by
    `fiscal-kg load`; its default graph must be the union of its graphs); empty: the store."""
    graph_store: str = ""
    """The Graph Store Protocol endpoint `fiscal-kg load` writes to (Oxigraph: <server>/store)."""
    max_report_bytes: int = 5_000_000
    """Largest report file `build` and `validate` read (bytes); a larger file fails, named with
    its size (reports are 10-200 KB of text)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = env.get(PREFIX + spec.name.upper())
            if raw is None or raw == "":
                continue
            values[spec.name] = _convert(spec.name, spec.type, raw)
        types = {spec.name: spec.type for spec in fields(cls)}
        for name, value in overrides.items():
            if value is None:
                continue
            if name not in types:
                raise FiscalKGError(f"there is no setting {name!r}")
            values[name] = _convert(name, types[name], value) if isinstance(value, str) else value
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        if not self.base_iri.endswith("/") or "://" not in self.base_iri:
            raise FiscalKGError(
                f"{PREFIX}BASE_IRI must be an absolute IRI ending with '/': {self.base_iri!r}")
        if "://" not in self.public_url or self.public_url.endswith("/"):
            raise FiscalKGError(
                f"{PREFIX}PUBLIC_URL must be an absolute URL without a trailing '/': "
                f"{self.public_url!r}")
        for name in ("port", "workers", "row_limit", "max_query_bytes", "max_query_depth",
                     "query_memory_mb", "query_processes", "max_report_bytes"):
            if getattr(self, name) < 1:
                raise FiscalKGError(f"{PREFIX}{name.upper()} must be at least 1")
        for name in ("sparql_endpoint", "graph_store"):
            value = getattr(self, name)
            if value and not value.startswith(("http://", "https://")):
                raise FiscalKGError(f"{PREFIX}{name.upper()} must be an http(s) URL: {value!r}")
        if self.query_timeout <= 0:
            raise FiscalKGError(f"{PREFIX}QUERY_TIMEOUT must be more than 0 seconds")

    def environ(self) -> dict[str, str]:
        """These settings as environment variables (for worker processes)."""
        return {PREFIX + f.name.upper(): str(getattr(self, f.name)) for f in fields(self)}


def _convert(name: str, kind: Any, raw: str) -> Any:
    kind = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    try:
        if kind == "Path":
            return Path(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise FiscalKGError(f"{PREFIX}{name.upper()}={raw!r} is not a {kind}") from None
    return raw


def documented_settings() -> list[tuple[str, str, str]]:
    """(environment variable, default, meaning) for every setting, for the README table."""
    import ast
    import inspect

    source = inspect.getsource(Settings)
    tree = ast.parse(source)
    docs: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, following in itertools.pairwise(body):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
            docs[node.target.id] = " ".join(str(following.value.value).split())
    rows = []
    for spec in fields(Settings):
        default = spec.default
        shown = default.relative_to(HOME) if isinstance(default, Path) else default
        rows.append((PREFIX + spec.name.upper(), str(shown), docs[spec.name]))
    return rows
