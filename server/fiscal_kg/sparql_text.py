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


# --- for a remote store: what Oxigraph's `prefixes=` and `substitutions=` do, in the text -----

def term_text(kind: str, value: str, language: str | None = None) -> str:
    """An IRI or a plain (or language-tagged) literal in SPARQL syntax.

    >>> term_text("iri", "https://w3id.org/fiscal-kg/id/place/420700")
    '<https://w3id.org/fiscal-kg/id/place/420700>'
    >>> term_text("literal", 'say "接待"\\n', "zh")
    '"say \\\\"接待\\\\"\\\\n"@zh'
    """
    if kind == "iri":
        if re.search(r'[<>"{}|^`\\\x00-\x20]', value):
            raise ValueError(f"not an IRI that SPARQL can write: {value!r}")
        return f"<{value}>"
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"' + (f"@{language}" if language else "")


def with_prologue(text: str, prefixes: dict[str, str], base: str | None = None) -> str:
    """The query with PREFIX lines for the known prefixes it uses without declaring them
    (and a BASE, when given), so that any SPARQL endpoint reads it as Oxigraph would with
    `prefixes=`.

    >>> print(with_prologue("SELECT * { ?s skos:prefLabel ?o ; a fk:Figure }",
    ...                     {"fk": "https://w3id.org/fiscal-kg/def/", "skos": "http://s/", "x": "x:"}))
    PREFIX fk: <https://w3id.org/fiscal-kg/def/>
    PREFIX skos: <http://s/>
    SELECT * { ?s skos:prefLabel ?o ; a fk:Figure }
    """
    tokens = tokenize(text)
    declared = {tokens[i + 1].text.split(":", 1)[0] for i, t in enumerate(tokens[:-1])
                if t.keyword == "PREFIX"}
    used = sorted({t.text.split(":", 1)[0] for t in tokens if t.kind == "word" and ":" in t.text})
    lines = [f"BASE <{base}>"] if base else []
    lines += [f"PREFIX {p}: <{prefixes[p]}>" for p in used if p in prefixes and p not in declared]
    return "\n".join([*lines, text])


def substitute(text: str, values: dict[str, str]) -> str:
    """The query with variables bound to constants (given in SPARQL syntax), as Oxigraph's
    `substitutions=` evaluates them: in patterns, templates and expressions the constant stands
    for the variable; a SELECT (or subquery) that projects the variable keeps it and gets
    `VALUES ?v { constant }` at the start of its pattern, so it is bound to the constant there.

    >>> print(substitute("SELECT ?s ?n { { SELECT ?s (COUNT(?x) AS ?n) "
    ...                  "WHERE { ?x ?p ?s } GROUP BY ?s } }", {"s": "<e:a>"}))
    SELECT ?s ?n { VALUES ?s { <e:a> } { SELECT ?s (COUNT(?x) AS ?n) WHERE { VALUES ?s { <e:a> } \
?x ?p <e:a> } GROUP BY ?s } }
    >>> substitute("CONSTRUCT { $s ?p ?o } WHERE { $s ?p ?o FILTER(?o != ?s) }", {"s": "<x:y>"})
    'CONSTRUCT { <x:y> ?p ?o } WHERE { <x:y> ?p ?o FILTER(?o != <x:y>) }'
    """
    tokens = tokenize(text)
    out: list[str] = []
    position = 0
    projecting = False  # between SELECT and its pattern's '{', outside parentheses
    projected: list[str] = []  # substituted variables this SELECT projects
    paren = 0
    modifier = False  # in GROUP BY or ORDER BY: the variable stays (it is bound by VALUES)
    for token in tokens:
        keyword = token.keyword
        if keyword == "SELECT":
            projecting, paren, projected = True, 0, []
        elif keyword in ("GROUP", "ORDER"):
            modifier = True
        elif keyword in ("HAVING", "LIMIT", "OFFSET", "VALUES") or token.text in "{}":
            modifier = False
        if token.text == "(":
            paren += 1
        elif token.text == ")":
            paren -= 1
        if token.text == "{" and projecting:
            projecting = False
            if projected:
                out.append(text[position:token.end])
                out.append("".join(f" VALUES ?{name} {{ {values[name]} }}" for name in projected))
                position = token.end
            continue
        if token.kind != "var" or token.text[1:] not in values:
            continue
        name = token.text[1:]
        if projecting and paren == 0:
            projected.append(name)
            continue
        if modifier and paren == 0:
            continue
        out.append(text[position:token.start])
        out.append(values[name])
        position = token.end
    out.append(text[position:])
    return "".join(out)


def split_dataset(text: str) -> tuple[str, list[str], list[str]]:
    """The query without its FROM / FROM NAMED clauses, and their graphs (default, named): to
    send them as the protocol's default-graph-uri / named-graph-uri, which mean the same and
    which every endpoint honours (Oxigraph's server ignores FROM under a union default graph).

    >>> split_dataset("SELECT * FROM <g:a> FROM NAMED <g:b> WHERE { ?s ?p ?o }")
    ('SELECT *   WHERE { ?s ?p ?o }', ['g:a'], ['g:b'])
    """
    tokens = tokenize(text)
    defaults: list[str] = []
    named: list[str] = []
    cuts: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens) and tokens[index].text != "{":
        if tokens[index].keyword == "FROM":
            is_named = index + 1 < len(tokens) and tokens[index + 1].keyword == "NAMED"
            graph = tokens[index + 1 + is_named] if index + 1 + is_named < len(tokens) else None
            if graph is None or graph.kind != "iri":
                return text, [], []  # a prefixed name or worse: leave it to the endpoint
            (named if is_named else defaults).append(graph.text[1:-1])
            cuts.append((tokens[index].start, graph.end))
            index += 2 + is_named
            continue
        index += 1
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text, defaults, named
