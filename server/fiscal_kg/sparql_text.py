"""A lexical look at SPARQL text, before the engine parses it.

The engine (Oxigraph) parses and evaluates queries. Before that, the service needs three facts
it must not learn by evaluating: the query form (to negotiate the response format), whether
the request is an update or uses SERVICE (refused: no query may make an outbound request), and
where the top-level solution modifiers end (to apply the row limit). Those need tokens, not a
parse tree: keywords outside IRIs, strings and comments, and brace depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[^\W\d][\w.\-]*(?::[\w.\-%:]*)?|:[\w.\-%:]*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<punct>[{}()\[\];,.*+\-/!=<>&|^@])
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY",
                             "MOVE", "ADD", "WITH"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when the token is a bare keyword (not a prefixed name)."""
        if self.kind == "word" and ":" not in self.text:
            return self.text.upper()
        return None


def tokenize(text: str) -> list[Token]:
    """Significant tokens (no whitespace, no comments)."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            tokens.append(Token("other", text[position], position, position + 1))
            position += 1
            continue
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, match.group(), match.start(), match.end()))
        position = match.end()
    return tokens


@dataclass(frozen=True)
class QueryText:
    """What the service needs to know of a request's text before it runs."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, or None (unknown)
    uses_service: bool
    tokens: tuple[Token, ...]
    has_dataset: bool = False  # FROM / FROM NAMED before the query pattern


def inspect_query(text: str) -> QueryText:
    """The form of a query, and whether it calls SERVICE.

    >>> q = inspect_query("PREFIX s: <http://x/> SELECT * { SERVICE <http://y/> { ?a ?b ?c } }")
    >>> (q.form, q.uses_service)
    ('SELECT', True)
    >>> inspect_query("# SERVICE in a comment\\nASK { ?s ?p 'SERVICE' }").uses_service
    False
    >>> inspect_query("PREFIX : <x:> INSERT DATA { :a :b :c }").form
    'UPDATE'
    """
    tokens = tokenize(text)
    form = None
    index = 0
    while index < len(tokens):  # skip the prologue: BASE <iri>, PREFIX p: <iri>
        keyword = tokens[index].keyword
        if keyword == "BASE":
            index += 2
        elif keyword == "PREFIX":
            index += 3
        else:
            break
    if index < len(tokens):
        keyword = tokens[index].keyword
        if keyword in FORMS:
            form = keyword
        elif keyword in UPDATE_KEYWORDS:
            form = "UPDATE"
    uses_service = any(t.keyword == "SERVICE" for t in tokens)
    has_dataset = False
    for token in tokens[index:]:
        if token.text == "{":
            break
        if token.keyword == "FROM":
            has_dataset = True
    return QueryText(form, uses_service, tuple(tokens), has_dataset)


def limit_select(text: str, query: QueryText, limit: int) -> tuple[str, bool]:
    """The text of a SELECT query with at most `limit` solutions, and whether it was changed.

    An existing top-level LIMIT at or below the limit is kept; a larger one is lowered; when
    there is none, one is added after the solution modifiers (before a trailing VALUES).

    >>> limit_select("SELECT * { ?s ?p ?o } ORDER BY ?s", inspect_query(
    ...     "SELECT * { ?s ?p ?o } ORDER BY ?s"), 10)
    ('SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10', True)
    >>> limit_select("SELECT * { { SELECT * {?s ?p ?o} LIMIT 5 } } LIMIT 50", inspect_query(
    ...     "SELECT * { { SELECT * {?s ?p ?o} LIMIT 5 } } LIMIT 50"), 10)[0]
    'SELECT * { { SELECT * {?s ?p ?o} LIMIT 5 } } LIMIT 10'
    """
    if query.form != "SELECT":
        return text, False
    tokens = query.tokens
    depth, where_end = 0, None
    for index, token in enumerate(tokens):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0:
                where_end = index
                break
    if where_end is None:
        return text, False  # not well formed: let the engine say why
    insert_at = tokens[-1].end  # after the last token, never inside a trailing comment
    paren = 0
    for index in range(where_end + 1, len(tokens)):
        token = tokens[index]
        paren += token.text == "("
        paren -= token.text == ")"
        if paren:
            continue
        if token.keyword == "LIMIT" and index + 1 < len(tokens) and \
                tokens[index + 1].kind == "number":
            number = tokens[index + 1]
            if int(float(number.text)) <= limit:
                return text, False
            return text[:number.start] + str(limit) + text[number.end:], True
        if token.keyword == "VALUES":
            insert_at = token.start
            break
    head, tail = text[:insert_at].rstrip(), text[insert_at:]
    return f"{head} LIMIT {limit}{' ' if tail and not tail[0].isspace() else ''}{tail}", True
