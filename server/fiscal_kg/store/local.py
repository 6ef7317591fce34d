"""The embedded store: the current build's Oxigraph database, opened read-only."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from fiscal_kg.errors import StoreError
from fiscal_kg.namespaces import PREFIXES
from fiscal_kg.store.buildinfo import BuildInfo
from fiscal_kg.store.layout import BuildDir, current_build

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class LocalStore:
    """Read-only access to one build. The default graph is the union of all named graphs."""

    def __init__(self, build: BuildDir) -> None:
        self.build = build
        try:
            self.oxigraph = ox.Store.read_only(str(build.database))
        except OSError as exc:
            raise StoreError(f"cannot open the store database {build.database}: {exc}") from None
        self.manifest: BuildInfo = build.info()

    @property
    def build_id(self) -> str:
        return self.manifest.build_id

    def query(self, sparql: str, *,
              substitutions: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
              default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
              named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None) -> QueryResult:
        """Run a SPARQL query. Raises SyntaxError for a malformed query."""
        bound: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (substitutions or {}).items()}
        if default_graph is not None:
            return self.oxigraph.query(sparql, prefixes=PREFIXES, substitutions=bound,
                                       default_graph=default_graph, named_graphs=named_graphs)
        return self.oxigraph.query(sparql, prefixes=PREFIXES, substitutions=bound,
                                   use_default_graph_as_union=True, named_graphs=named_graphs)


def open_store(path: Path) -> LocalStore:
    """The store's current build, read-only; StoreError when there is none."""
    return LocalStore(current_build(path))
