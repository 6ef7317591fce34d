"""A lexical look at SPARQL text, before the engine parses it, that reads it as the engine does.

The engine (Oxigraph) parses and evaluates queries. Before that, the service needs facts it
must not learn by evaluating: the query form (to negotiate the response format), whether the
request is an update or may use SERVICE (refused: no query may make an outbound request), how
deeply it nests (refused past a bound: the engine's parser recurses), and where the top-level
solution modifiers end (to apply the row limit in the text, so evaluation stops early).

Those need tokens, not a parse tree, but the tokens must be the engine's: a check that reads a
comment, a string or a name differently from the engine is a bypass. So the token rules below
are the engine's lexical grammar (Oxigraph's `spargebra` parser, which follows the SPARQL 1.1
grammar, section 19.8): white space is only space, tab, CR and LF; a comment runs from `#` to
the first CR or LF; strings end where the grammar ends them (escapes `\\t \\b \\n \\r \\f \\" \\'
\\\\`, `\\uXXXX`, `\\UXXXXXXXX`); an IRI is `<...>` without spaces, quotes, braces, `|`, `^`,
backquotes or backslashes other than `\\u`/`\\U` escapes; names use the grammar's character
classes, and a prefixed name's local part may hold `%xx` and `\\`-escapes (`ex:a\\#b` is one
name, not a name and a comment). Keywords are matched case-insensitively (ASCII only).

Where the engine's scannerless parser could still split text differently from these tokens,
the service errs on the side of refusing: the engine matches a keyword at any position where
a token may start, without a word boundary (`trueSERVICE<x:>{}` is `true SERVICE <x:> {}`, and
`SERVICEex:s` is `SERVICE ex:s` when `SERVICEex` is not a declared prefix), so SERVICE is
assumed wherever the letters appear in a bare word or a prefix. The lexer is the first line
only: query processes have no network, and the row limit is enforced again on the results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The engine's character classes (spargebra: PN_CHARS_BASE, PN_CHARS_U, PN_CHARS, VARNAME).
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
         "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd")
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}][{_CHARS}]*(?:\.+[{_CHARS}]+)*"
_LOCAL = (rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*"
          rf"(?:\.+(?:[{_CHARS}:]|{_PLX})+)?")
_ECHAR = r"\\[tbnrf\"'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    rf"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<string>'''(?:(?:''|')?(?:[^'\\]|{_ECHAR}))*'''
               |\"\"\"(?:(?:\"\"|\")?(?:[^"\\]|{_ECHAR}))*\"\"\"
               |'(?:[^'\\\r\n]|{_ECHAR})*'
               |"(?:[^"\\\r\n]|{_ECHAR})*")
  | (?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<bnode>_:[{_U}0-9][{_CHARS}]*(?:\.+[{_CHARS}]+)*)
  | (?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
  | (?P<number>(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)
  | (?P<word>[A-Za-z_]+)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\];,.*+\-/!=<>|^?$])
    """,
    re.VERBOSE,
)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                   "WITH")
_SERVICE = re.compile("service", re.IGNORECASE | re.ASCII)
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
_WS = " \t\r\n"  # the only white space the grammar knows


@dataclass(frozen=True)
class Token:
    kind: str  # ws and comment are never kept; 'other' is a character no rule reads
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when the token is a bare word (keywords, `a`, booleans)."""
        return self.text.upper() if self.kind == "word" else None


def tokenize(text: str) -> list[Token]:
    """Significant tokens (no white space, no comments), by the engine's lexical rules.

    >>> [t.text for t in tokenize("ASK { ?s ex:a\\\\#b 'x#y' } # c\\r LIMIT")]
    ['ASK', '{', '?s', 'ex:a\\\\#b', "'x#y'", '}', 'LIMIT']
    """
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            tokens.append(Token("other", text[position], position, position + 1))
            position += 1
            continue
        kind = match.lastgroup  # every alternative is a named group
        if kind not in ("ws", "comment"):
            tokens.append(Token(str(kind), match.group(), match.start(), match.end()))
        position = match.end()
    return tokens


def _may_say_service(token: Token) -> bool:
    """Whether the engine could read the letters SERVICE as its keyword in this token: anywhere
    in a bare word or in a prefixed name's prefix (not in a variable, a local name, a blank
    node label, an IRI or a string, which the engine reads whole, as here)."""
    if token.kind in ("word", "langtag"):
        return bool(_SERVICE.search(token.text))
    if token.kind == "pname":
        return bool(_SERVICE.search(token.text.partition(":")[0]))
    return False


@dataclass(frozen=True)
class QueryText:
    """What the service needs to know of a request's text before it runs."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, or None (unknown)
    uses_service: bool
    tokens: tuple[Token, ...]
    has_dataset: bool = False  # FROM / FROM NAMED before the query pattern
    depth: int = 0  # deepest nesting of { ( [

    @property
    def service_at(self) -> int | None:
        """Where the first token that may say SERVICE starts (an offset in the text), if any.

        >>> inspect_query("ASK {\\n  trueSERVICE <x:> {} }").service_at
        8
        """
        return next((t.start for t in self.tokens if _may_say_service(t)), None)


def _form(word: str) -> str | None:
    """The form a word starts (the engine needs no space after a keyword: `SELECTDISTINCT`)."""
    for form in FORMS:
        if word.startswith(form):
            return form
    if word.startswith(UPDATE_KEYWORDS):
        return "UPDATE"
    return None


def inspect_query(text: str) -> QueryText:
    """The form of a query, whether it may call SERVICE, and how deeply it nests.

    >>> q = inspect_query("PREFIX s: <http://x/> SELECT * { SERVICE <http://y/> { ?a ?b ?c } }")
    >>> (q.form, q.uses_service, q.depth)
    ('SELECT', True, 2)
    >>> inspect_query("# SERVICE in a comment\\nASK { ?s ?p 'SERVICE' }").uses_service
    False
    >>> inspect_query("ASK { # a comment ends at CR\\r SERVICE <http://y/> {} }").uses_service
    True
    >>> inspect_query("PREFIX : <x:> INSERT DATA { :a :b :c }").form
    'UPDATE'
    """
    tokens = tokenize(text)
    index = 0
    while index < len(tokens):  # the prologue: BASE <iri>, PREFIX p: <iri>
        keyword = tokens[index].keyword
        if keyword == "BASE":
            index += 2
        elif keyword == "PREFIX":
            index += 3
        else:
            break
    form = None
    if index < len(tokens) and tokens[index].kind == "word":
        form = _form(tokens[index].text.upper())
    depth = deepest = 0
    has_dataset = False  # a dataset clause stands outside every group and parenthesis
    for token in tokens:
        if token.kind == "punct" and token.text in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "punct" and token.text in _CLOSE:
            depth -= 1
        elif depth == 0 and (token.keyword or "").startswith("FROM"):
            has_dataset = True
    return QueryText(form, any(_may_say_service(t) for t in tokens), tuple(tokens),
                     has_dataset, deepest)


def _where_clause(tokens: tuple[Token, ...]) -> tuple[int, int] | None:
    """Token indexes of the query pattern's `{` and `}`: the first group outside parentheses
    (a SELECT expression may hold `EXISTS { ... }`), or None when the text is not well formed."""
    depth = paren = 0
    start = None
    for index, token in enumerate(tokens):
        if token.kind != "punct":
            continue
        if start is None:
            paren += (token.text == "(") - (token.text == ")")
            if token.text == "{" and paren == 0:
                start, depth = index, 1
            continue
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0:
                return start, index
    return None


def _limit_number(tokens: tuple[Token, ...], index: int) -> tuple[int, int, int] | None:
    """Where the number of a LIMIT clause starting at `index` is, and its value."""
    token = tokens[index]
    if token.keyword == "LIMIT" and index + 1 < len(tokens) and \
            tokens[index + 1].kind == "number" and tokens[index + 1].text.isdigit():
        number = tokens[index + 1]
        return number.start, number.end, int(number.text)
    return None


def limit_select(text: str, query: QueryText, limit: int) -> tuple[str, bool]:
    """The text of a SELECT query with at most `limit` solutions, and whether it was changed.

    An existing top-level LIMIT at or below the limit is kept; a larger one is lowered; when
    there is none, one is added after the solution modifiers (before a trailing VALUES).
    Only the outermost modifiers count: a LIMIT inside a subquery, an EXISTS or parentheses
    limits something else.

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
    where = _where_clause(tokens)
    if where is None:
        return text, False  # not well formed: let the engine say why
    insert_at = tokens[-1].end  # after the last token, never inside a trailing comment
    nesting = 0
    for index in range(where[1] + 1, len(tokens)):
        token = tokens[index]
        if token.kind == "punct" and token.text in _OPEN:
            nesting += 1
        elif token.kind == "punct" and token.text in _CLOSE:
            nesting -= 1
        if nesting:
            continue
        number = _limit_number(tokens, index)
        if number is not None:
            start, end, value = number
            if value <= limit:
                return text, False
            return text[:start] + str(limit) + text[end:], True
        if token.keyword == "VALUES":
            insert_at = token.start
            break
    # nothing before the insertion point is removed: a line end there may be a comment's end
    head, tail = text[:insert_at], text[insert_at:]
    before = "" if head and head[-1] in _WS else " "
    after = " " if tail and tail[0] not in _WS else ""
    return f"{head}{before}LIMIT {limit}{after}{tail}", True
