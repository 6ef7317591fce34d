"""Stored queries: one `.rq` file each in `queries/`, named by the file's stem.

The names and result variables of `reports`, `units`, `figures`, `glossary` and `consistency`
are a public interface: extend them, never rename or drop what exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fiscal_kg.errors import QueryError
from fiscal_kg.resources import QUERIES_DIR


@dataclass(frozen=True)
class StoredQuery:
    name: str
    text: str
    description: str  # in English
    path: Path
    descriptions: dict[str, str] = field(default_factory=dict)  # language -> description
    cookbook: int | None = None  # its place among the first questions, if it is one

    def describe(self, language: str) -> str:
        """The description in a language, else in English."""
        return self.descriptions.get(language) or self.description


def _header(text: str) -> tuple[dict[str, str], int | None]:
    """The descriptions and cookbook place a query's leading comment gives.

    The comment is read up to its first empty line ('#'): `# en: ...` and `# zh: ...` start a
    description in that language, indented lines continue it, `# cookbook: N` places the query
    among the first questions. What follows the empty line (notes on how the query works) is
    no part of the description. A comment without `en:` or `zh:` is an English description.
    """
    texts: dict[str, list[str]] = {}
    cookbook = None
    current = "en"
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if not body:
            if texts:
                break
            continue
        tag, _, rest = body.partition(":")
        if tag in ("en", "zh") and rest.startswith(" "):
            current = tag
            texts.setdefault(current, []).append(rest.strip())
        elif tag == "cookbook" and rest.strip().isdigit():
            cookbook = int(rest)
        else:
            texts.setdefault(current, []).append(body)
    joiner = {"zh": ""}
    return ({lang: joiner.get(lang, " ").join(parts) for lang, parts in texts.items()},
            cookbook)


def _stored(path: Path, text: str) -> StoredQuery:
    descriptions, cookbook = _header(text)
    return StoredQuery(path.stem, text, descriptions.get("en", ""), path, descriptions, cookbook)


def stored_queries(directory: Path = QUERIES_DIR) -> dict[str, StoredQuery]:
    """The stored queries: the cookbook's first questions in their order, then the others by
    name."""
    queries = [_stored(path, path.read_text(encoding="utf-8"))
               for path in sorted(directory.glob("*.rq"))]
    queries.sort(key=lambda q: (q.cookbook is None, q.cookbook or 0, q.name))
    return {query.name: query for query in queries}


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
        return _stored(path, text)
    raise QueryError(
        f"no stored query named {name_or_file!r} and no such file; "
        f"stored queries: {', '.join(queries)}"
    )
