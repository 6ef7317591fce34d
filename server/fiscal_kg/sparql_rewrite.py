"""Query text rewritten for a remote store: what Oxigraph's `prefixes=` and `substitutions=`
do, and what the protocol's dataset parameters mean, written into the text itself so that
any SPARQL endpoint evaluates the query as the embedded store would. Tokens come from
`fiscal_kg.sparql_text`, which reads text as the engine does.
"""

from __future__ import annotations

import re

from fiscal_kg.sparql_text import tokenize


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
    used = sorted({t.text.split(":", 1)[0] for t in tokens if t.kind == "pname"})
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
