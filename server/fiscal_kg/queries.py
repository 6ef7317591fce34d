"""Stored queries: one `.rq` file each in `queries/`, named by the file's stem.

The names and result variables of `reports`, `units`, `figures`, `glossary` and `consistency`
are a public interface: extend them, never rename or drop what exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fiscal_kg.errors import QueryError
from fiscal_kg.resources import QUERIES_DIR


@dataclass(frozen=True)
class StoredQuery:
    name: str
    text: str
    description: str
    path: Path


def _describe(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(lines)


def stored_queries(directory: Path = QUERIES_DIR) -> dict[str, StoredQuery]:
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        queries[path.stem] = StoredQuery(path.stem, text, _describe(text), path)
    return queries


def resolve_query(name_or_file: str) -> StoredQuery:
    """A stored query by name, or a query file (*.rq) by path."""
    queries = stored_queries()
    if name_or_file in queries:
        return queries[name_or_file]
    path = Path(name_or_file)
    if path.suffix == ".rq" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read the query file {path}: {exc}") from None
        return StoredQuery(path.stem, text, _describe(text), path)
    raise QueryError(
        f"no stored query named {name_or_file!r} and no such file; "
        f"stored queries: {', '.join(queries)}"
    )
