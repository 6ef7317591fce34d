"""What an entity page shows: the entity's statements, inverse links (counted, paged), labels in
the reader's language, blank nodes inline, and for figures their source and validation.

All queries bind the entity's IRI as a value (never pasted into the text) and go to the store
in one or two round trips. A bound variable must be projected by the query (and by any
subquery that uses it): Oxigraph then evaluates it as a constant.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib.namespace import OWL

from fiscal_kg.namespaces import ADMS, FK, PREFIXES
from fiscal_kg.store.interface import SPARQL_JSON, Job, Outcome, Row, Store, bind_iri
from fiscal_kg.web.presentation.linking import TEXT, Linker, format_amount, pick_label
from fiscal_kg.web.problems import require

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_SOURCE = "http://purl.org/dc/terms/source"
DCT_TYPE = "http://purl.org/dc/terms/type"
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
SKOS_EXAMPLE = "http://www.w3.org/2004/02/skos/core#example"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
OWL_ONTOLOGY = str(OWL.Ontology)
RDFS_IS_DEFINED_BY = "http://www.w3.org/2000/01/rdf-schema#isDefinedBy"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# what a term's page shows first: (the word's key, the properties it is read from)
TERM_FACTS = (("label", (RDFS + "label", SKOS + "prefLabel")),
              ("definition", (SKOS + "definition", RDFS + "comment")),
              ("notation", (SKOS_NOTATION,)),
              ("domain", (RDFS + "domain",)), ("range", (RDFS + "range",)),
              ("broader", (RDFS + "subClassOf", RDFS + "subPropertyOf", SKOS + "broader")))
PROPERTY_KINDS = (str(OWL.ObjectProperty), str(OWL.DatatypeProperty),
                  "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property")
PAGE_SIZE = 20

OUTGOING = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"
NESTED = """SELECT DISTINCT ?s ?b ?bp ?bo WHERE {
  ?s ?p ?b .
  FILTER (isBlank(?b) || STRSTARTS(STR(?b), CONCAT(STR(?s), "#")))
  ?b ?bp ?bo }"""
# Every query is DISTINCT: the default graph is the union of the report graphs, in which an
# agency's triples come once per report.
# Labels are looked up one IRI at a time (all in one round trip): a join of the entity's
# neighbours with every label of the store would grow with the store.
# A resource's text (a duty's, a sentence's) names it only where it has no label: it comes
# marked (?text), and is kept as a label of the language TEXT.
LABEL = """SELECT DISTINCT ?x ?label ?text WHERE {
  { ?x rdfs:label|skos:prefLabel ?label } UNION { ?x fk:text ?label BIND (1 AS ?text) } }"""
# Inverse links are grouped by the linking property and the kind of the linking resource (its
# most general class of the ontology: a figure, a series, a listing...; none for others), and
# each group is paged in the order of the list it belongs to (a listing's position, a duty's
# number), then by IRI: the same links on the same page on every store.
KINDS = tuple(FK + name for name in (
    "Report", "Figure", "Series", "UnitListing", "Duty", "InternalUnit", "Agency", "Definition",
    "GlossaryConcept", "FiscalConcept", "Fund", "Place", "ArithmeticCheck"))
_KIND_FILTER = "FILTER (?kind IN (" + ", ".join(f"<{k}>" for k in KINDS) + "))"
INVERSE_COUNTS = """SELECT ?s ?p ?n ?label WHERE {
  { SELECT ?s ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x ?p ?s } GROUP BY ?s ?p }
  OPTIONAL { ?p rdfs:label ?label } }
  ORDER BY DESC(?n) STR(?p)"""
# The links of one property counted by kind: asked only of a property with at most KIND_LIMIT
# links (finding each link's kind costs a lookup per link; a hub such as fk-unit:CNY, linked
# from every money figure, is paged as one group).
KIND_COUNTS = """SELECT ?s ?p ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x ?p ?s OPTIONAL { ?x a ?kind KIND_FILTER } } GROUP BY ?s ?p ?kind""".replace(
    "KIND_FILTER", _KIND_FILTER)
KIND_LIMIT = 2000
KIND_LABELS = ("SELECT ?x ?label WHERE { VALUES ?x { " + " ".join(f"<{k}>" for k in KINDS)
               + " } ?x rdfs:label ?label }")
# A property with at most WHOLE_LIMIT links is read whole, with each link's kind, position and
# label, in one query, and grouped and paged here (fewer round trips than a query per group).
WHOLE_LIMIT = 300
ALL_LINKS = """SELECT DISTINCT ?s ?p ?x ?kind ?position ?label ?text WHERE {
  ?x ?p ?s
  OPTIONAL { ?x a ?kind KIND_FILTER }
  OPTIONAL { ?x fk:position|fk:number ?position }
  OPTIONAL { { ?x rdfs:label|skos:prefLabel ?label } UNION { ?x fk:text ?label BIND (1 AS ?text) } }
}""".replace("KIND_FILTER", _KIND_FILTER)
# The page size and offset are integers computed here, never request text; blank nodes last
# (stores order them apart from IRIs each its own way, and label them each its own way).
INVERSE_PAGE = """SELECT DISTINCT ?s ?p ?x ?position ?label ?text WHERE {
  { SELECT DISTINCT ?s ?p ?x ?position WHERE {
      ?x ?p ?s . %s }
    ORDER BY isBlank(?x) ?position STR(?x) STR(?p) LIMIT %d OFFSET %d }
  OPTIONAL { { ?x rdfs:label|skos:prefLabel ?label } UNION { ?x fk:text ?label BIND (1 AS ?text) } }
}"""
# the kinds whose resources stand at a place in a list, and the pattern that finds it
LISTED = {FK + "UnitListing": " ?x fk:position ?position .", FK + "Duty": " ?x fk:number ?position ."}
_OF_NO_KIND = "FILTER NOT EXISTS { ?x a ?kind " + _KIND_FILTER + " }"
# Where the objects of the entity's statements stand in the lists they come from: a duty's
# number and text, a listing's position (each with its report's year), and an internal unit's
# position in each report's list. Two queries, each starting from the entity: a UNION or a
# property variable beside the listings lets the store start from every listing it holds.
POSITIONS = """SELECT DISTINCT ?s ?o ?number ?position ?year ?text WHERE {
  ?s ?p ?o . FILTER (isIRI(?o))
  OPTIONAL { ?o fk:number ?number }
  OPTIONAL { ?o fk:position ?position }
  OPTIONAL { ?o fk:text ?text }
  OPTIONAL { ?o fk:report ?report . ?report fk:fiscalYear ?year } }"""
UNIT_POSITIONS = """SELECT DISTINCT ?s ?o ?position ?year WHERE {
  ?s org:hasUnit ?o .
  ?listing fk:listedUnit ?o ; fk:position ?position ; fk:report ?report .
  ?report fk:fiscalYear ?year }"""
MEMBERS = """SELECT DISTINCT ?s ?c ?notation ?label ?definition WHERE {
  ?c skos:inScheme ?s .
  OPTIONAL { ?c skos:notation ?notation }
  OPTIONAL { ?c skos:prefLabel ?label }
  OPTIONAL { ?c skos:definition ?definition } }
  ORDER BY ?notation STR(?c) LIMIT 500"""
VALIDATION = """SELECT DISTINCT ?s ?shape ?severity ?message ?value ?name WHERE {
  ?result sh:focusNode ?s ; sh:sourceShape ?shape ; sh:resultSeverity ?severity ;
          sh:resultMessage ?message .
  OPTIONAL { ?result sh:value ?value }
  OPTIONAL { ?shape sh:name ?name } }"""
SOURCE = """SELECT DISTINCT ?s ?text ?s0 ?s1 ?a0 ?a1 ?report ?line ?original WHERE {
  ?s fk:sourceSentence ?sentence ; fk:report ?report .
  ?sentence fk:text ?text ; oa:hasSelector ?ps .
  ?ps oa:start ?s0 ; oa:end ?s1 .
  OPTIONAL { ?sentence fk:line ?line }
  OPTIONAL { ?report dcterms:source ?original FILTER (isIRI(?original)) }
  OPTIONAL { ?s fk:statedAt ?at . ?at oa:hasSelector ?pa . ?pa oa:start ?a0 ; oa:end ?a1 } }"""
IS_GRAPH = "ASK { GRAPH ?s { ?a ?b ?c } }"
# The classes and properties an ontology defines, for its page (all of them, in one table each).
VOCABULARY = """SELECT DISTINCT ?s ?term ?kind ?label ?definition ?domain ?range WHERE {
  ?term rdfs:isDefinedBy ?s ; a ?kind .
  FILTER (?kind IN (owl:Class, rdfs:Class, owl:ObjectProperty, owl:DatatypeProperty, rdf:Property))
  OPTIONAL { ?term rdfs:label ?label }
  OPTIONAL { ?term skos:definition ?definition }
  OPTIONAL { ?term rdfs:domain ?domain }
  OPTIONAL { ?term rdfs:range ?range } }"""
# A series: each report's figures of the quantity, by year.
SERIES = """SELECT DISTINCT ?s ?figure ?year ?value ?unit ?item ?report ?reportYear ?resolution
WHERE {
  ?figure fk:series ?s ; obeu-dimension:fiscalYear ?y ; fk:value ?value ;
          sdmx-attribute:unitMeasure ?unit ; fk:item ?item ; fk:report ?report .
  ?report fk:fiscalYear ?reportYear .
  OPTIONAL { ?figure fk:resolution ?resolution }
  BIND (STRAFTER(STR(?y), "/year/") AS ?year) }
  ORDER BY ?year ?reportYear STR(?figure)"""
# Mapping links of the entity itself, of the place it covers (an agency's dct:spatial) and of
# the places those lie in: an agency page shows where its city and province link to.
OUTWARD = """SELECT DISTINCT ?s ?via ?depth ?relation ?target WHERE {
  VALUES ?relation { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
                     skos:relatedMatch owl:sameAs }
  { ?s ?relation ?target BIND (?s AS ?via) BIND (0 AS ?depth) }
  UNION { ?s dcterms:spatial ?via . ?via ?relation ?target BIND (1 AS ?depth) }
  UNION { ?s dcterms:spatial/dcterms:isPartOf+|dcterms:isPartOf+ ?via .
          ?via ?relation ?target BIND (2 AS ?depth) } }
  ORDER BY ?depth STR(?via) STR(?relation) STR(?target)"""


@dataclass
class Term:
    kind: str  # uri, literal, bnode
    value: str
    language: str | None = None
    datatype: str | None = None
    label: str | None = None
    href: str | None = None
    nested: list[Statement] = field(default_factory=list)
    position: int | None = None  # in the list the resource belongs to (a duty's number)
    year: int | None = None  # of the report whose list that is
    detail: str | None = None  # its text (a duty's), shown beside its label

    @property
    def shown(self) -> str:
        return self.label or self.value


@dataclass
class Statement:
    prop: Term
    objects: list[Term]


@dataclass
class InverseGroup:
    prop: Term
    kind: Term | None  # the ontology class the linking resources are of, if any
    count: int
    items: list[Term]
    page: int
    pages: int

    @property
    def key(self) -> str:
        """The group's name in a page's query string (page:KEY=N)."""
        return self.prop.value + ("|" + self.kind.value if self.kind else "")


@dataclass
class Description:
    iri: str
    label: str
    exists: bool
    types: list[Term] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    inverse: list[InverseGroup] = field(default_factory=list)
    validation: list[dict[str, Any]] = field(default_factory=list)
    source: dict[str, Any] | None = None
    values: dict[str, list[Term]] = field(default_factory=dict)  # property IRI -> objects
    is_graph: bool = False
    members: list[dict[str, Any]] = field(default_factory=list)  # of a concept scheme
    series: list[dict[str, Any]] = field(default_factory=list)  # of an fk:Series, by year
    # mapping links of the entity and of its places: {via, relation, target} terms
    links: list[dict[str, Term]] = field(default_factory=list)
    # national identifiers (adms:identifier): {scheme, notation}
    identifiers: list[dict[str, str]] = field(default_factory=list)
    original: str | None = None  # the published original of the report (or of its report)
    # of an ontology: its classes and properties ({term, name, labels, definition, domain,
    # range, property}), each in one list
    classes: list[dict[str, Any]] = field(default_factory=list)
    properties: list[dict[str, Any]] = field(default_factory=list)
    # of a class, property or code-list value: how it is written in SPARQL, and an example query
    sparql_name: str | None = None
    example: str | None = None
    facts: list[tuple[str, list[Term]]] = field(default_factory=list)  # (word key, values)

    def value_of(self, prop: str) -> str | None:
        found = self.values.get(prop)
        return found[0].value if found else None

    def has_type(self, iri: str) -> bool:
        return any(t.value == iri for t in self.types)


def _iris(rows: list[dict[str, Any]], names: tuple[str, ...]) -> list[str]:
    return [row[name]["value"] for row in rows for name in names
            if name in row and row[name]["type"] == "uri"]


def _rows(outcome: Outcome) -> list[Row]:
    return require(outcome).solutions()


def _select(query: str, iri: str, **extra: str) -> Job:
    bindings = [bind_iri("s", iri)]
    bindings += [bind_iri(k, v) for k, v in extra.items()]
    return Job(query=query, results_format=SPARQL_JSON,
               bindings=tuple(bindings), count=False)


class Describer:
    """Builds the description of one IRI for one reader's language."""

    def __init__(self, backend: Store, linker: Linker, language: str) -> None:
        self.backend = backend
        self.linker = linker
        self.language = language
        self.labels: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def _load_labels(self, iris: list[str]) -> None:
        """The labels of these IRIs, one query each, in one round trip."""
        wanted = [i for i in dict.fromkeys(iris) if i not in self.labels]
        if not wanted:
            return
        jobs = [Job(query=LABEL, results_format=SPARQL_JSON,
                    bindings=(bind_iri("x", i),), count=False) for i in wanted]
        for target, outcome in zip(wanted, self.backend.run_many(jobs), strict=True):
            found = self.labels[target]
            for row in _rows(outcome):
                found.append(_label_pair(row))

    def term(self, binding: dict[str, str]) -> Term:
        kind = binding["type"]
        if kind == "typed-literal":
            kind = "literal"
        term = Term(kind, binding["value"], binding.get("xml:lang"), binding.get("datatype"))
        if kind == "uri":
            term.label = pick_label(self.labels.get(term.value, []), self.language) \
                or year_name(term.value)
            term.href = self.linker.href(term.value)
        return term

    def describe(self, iri: str, inverse_pages: dict[str, int] | None = None) -> Description:
        (outgoing, nested, counts, validation, source, outward, positions, unit_positions,
         kind_labels, is_graph) = self.backend.run_many([
            _select(OUTGOING, iri), _select(NESTED, iri), _select(INVERSE_COUNTS, iri),
            _select(VALIDATION, iri), _select(SOURCE, iri), _select(OUTWARD, iri),
            _select(POSITIONS, iri), _select(UNIT_POSITIONS, iri),
            Job(query=KIND_LABELS, results_format=SPARQL_JSON, count=False),
            Job(query=IS_GRAPH, results_format=SPARQL_JSON,
                bindings=(bind_iri("s", iri),), count=False),
        ])
        out_rows, count_rows = _rows(outgoing), _rows(counts)
        for row in _rows(kind_labels):  # the inverse groups' kinds: labelled in this round trip
            self.labels[row["x"]["value"]].append((row["label"]["value"],
                                                   row["label"].get("xml:lang", "")))
        self._load_labels([iri] + _iris(out_rows, ("p", "o")) + _iris(_rows(nested), ("bp", "bo"))
                          + [iri for iri in _iris(_rows(source), ("report",))]
                          + _iris(_rows(outward), ("via", "relation", "target")))
        graph = is_graph.boolean() if is_graph.ok else False
        description = Description(
            iri=iri, label=pick_label(self.labels.get(iri, []), self.language) or iri,
            exists=bool(out_rows or count_rows or graph), is_graph=graph)
        if not description.exists:
            return description
        self._statements(description, out_rows, _rows(nested),
                         _rows(positions) + _rows(unit_positions))
        self._inverse(description, iri, count_rows, inverse_pages or {})
        description.validation = [
            {"shape": r["shape"]["value"], "name": r.get("name", {}).get("value"),
             "severity": r["severity"]["value"].rsplit("#", 1)[-1],
             "message": r["message"]["value"],
             "value": r.get("value", {}).get("value")} for r in _rows(validation)]
        description.links = [{name: self.term(row[name]) for name in ("via", "relation", "target")}
                             for row in _rows(outward)]
        for link in description.links:
            link["target"].label = link["target"].label or external_name(link["target"].value)
        source_rows = _rows(source)
        if source_rows:
            description.source = self._source(source_rows[0])
        description.identifiers = _identifiers(description)
        description.original = _original(description, source_rows)
        if description.has_type("http://www.w3.org/2004/02/skos/core#ConceptScheme"):
            description.members = self._members(iri)
        if description.has_type(OWL_ONTOLOGY):
            self._vocabulary(description)
        self._how_to_query(description)
        if description.has_type(FK + "Series"):
            description.series = self._series(iri)
        return description

    def _vocabulary(self, description: Description) -> None:
        """Every class and property the ontology defines, with both labels, its definition in
        the reader's language, domain and range (the paged 'defined by' list is dropped)."""
        rows = _rows(self.backend.run(_select(VOCABULARY, description.iri)))
        self._load_labels(_iris(rows, ("domain", "range")))
        terms: dict[str, dict[str, Any]] = {}
        for row in rows:
            iri = row["term"]["value"]
            entry = terms.setdefault(iri, {"term": self.term(row["term"]), "name": compact(iri),
                                           "labels": {}, "definitions": {}, "domain": {},
                                           "range": {}, "property": False})
            entry["property"] |= row["kind"]["value"] != str(OWL.Class) and \
                row["kind"]["value"] != "http://www.w3.org/2000/01/rdf-schema#Class"
            for key, name in (("label", "labels"), ("definition", "definitions")):
                if key in row:
                    entry[name].setdefault(row[key].get("xml:lang", ""), set()).add(
                        row[key]["value"])
            for key in ("domain", "range"):
                if key in row:
                    entry[key].setdefault(row[key]["value"], self.term(row[key]))
        for entry in terms.values():
            # an IRI that is both a property and a code list (fk:concept) has two of each: all
            # are shown, in one order on every store
            for name in ("labels", "definitions"):
                entry[name] = {lang: " / ".join(sorted(texts))
                               for lang, texts in entry[name].items()}
            definitions = entry["definitions"]
            entry["definition"] = definitions.get(self.language) or definitions.get("en") \
                or next(iter(definitions.values()), "")
            entry["domain"] = sorted(entry["domain"].values(), key=_object_order)
            entry["range"] = sorted(entry["range"].values(), key=_object_order)
        ordered = sorted(terms.values(), key=lambda e: e["name"].lower())
        description.classes = [e for e in ordered if not e["property"]]
        description.properties = [e for e in ordered if e["property"]]
        description.inverse = [g for g in description.inverse
                               if g.prop.value != RDFS_IS_DEFINED_BY]

    def _how_to_query(self, description: Description) -> None:
        """For a term of a vocabulary or a code-list value: its name as typed in SPARQL, and
        a query that uses it (the term's own skos:example, else one made for its kind)."""
        iri = description.iri
        name = compact(iri)
        if name == iri or description.has_type(OWL_ONTOLOGY):
            return
        description.sparql_name = name
        for key, props in TERM_FACTS:
            found = [t for p in props
                     for t in sorted(description.values.get(p, []), key=_object_order)]
            if found:
                description.facts.append((key, found))
        examples = sorted(t.value for t in description.values.get(SKOS_EXAMPLE, [])
                          if t.kind == "literal")
        if examples:
            description.example = examples[0]
        elif description.has_type(str(OWL.Class)):
            description.example = (f"SELECT ?x ?label WHERE {{\n  ?x a {name} .\n"
                                   "  OPTIONAL { ?x rdfs:label ?label }\n} LIMIT 20")
        elif any(description.has_type(k) for k in PROPERTY_KINDS):
            description.example = (f"SELECT ?x ?label ?value WHERE {{\n  ?x {name} ?value .\n"
                                    "  OPTIONAL { ?x rdfs:label ?label }\n} LIMIT 20")
        elif description.has_type(SKOS_CONCEPT):
            description.example = (
                f"SELECT ?x ?label ?p WHERE {{\n  ?x ?p {name} .\n"
                "  OPTIONAL { ?x rdfs:label ?label }\n} LIMIT 20")

    def _series(self, iri: str) -> list[dict[str, Any]]:
        rows = _rows(self.backend.run(_select(SERIES, iri)))
        return [{"year": row["year"]["value"],
                 "shown": format_amount(Decimal(row["value"]["value"]),
                                        row["unit"]["value"].rsplit("/", 1)[-1],
                                        decimal_of_row(row, "resolution")),
                 "item": row["item"]["value"], "figure": self.linker.href(row["figure"]["value"]),
                 "report": self.linker.href(row["report"]["value"]),
                 "report_year": row["reportYear"]["value"]} for row in rows]

    def _members(self, iri: str) -> list[dict[str, Any]]:
        rows = _rows(self.backend.run(_select(MEMBERS, iri)))
        members: dict[str, dict[str, Any]] = {}
        for row in rows:
            concept = row["c"]["value"]
            entry = members.setdefault(concept, {"labels": [], "definitions": [],
                                                 "notation": row.get("notation", {}).get("value"),
                                                 "href": self.linker.href(concept),
                                                 "iri": concept})
            for key, name in (("label", "labels"), ("definition", "definitions")):
                if key in row:
                    pair = (row[key]["value"], row[key].get("xml:lang", ""))
                    if pair not in entry[name]:
                        entry[name].append(pair)
        for entry in members.values():
            entry["label"] = pick_label(entry.pop("labels"), self.language) or entry["iri"]
            definitions = entry.pop("definitions")
            entry["definitions"] = [text for text, _ in definitions]
        return list(members.values())

    def _statements(self, description: Description, rows: list[dict[str, Any]],
                    nested_rows: list[dict[str, Any]],
                    position_rows: list[dict[str, Any]]) -> None:
        nested: dict[str, list[tuple[Term, Term]]] = defaultdict(list)
        for row in nested_rows:
            nested[row["b"]["value"]].append((self.term(row["bp"]), self.term(row["bo"])))
        # (year, position, text) of each object in the lists it belongs to, the latest first
        places: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
        for row in position_rows:
            found = row.get("position") or row.get("number")
            position = _integer(found["value"]) if found else None
            if position is not None:
                places[row["o"]["value"]].append(
                    (_integer(row.get("year", {}).get("value", "")) or 0, position,
                     row.get("text", {}).get("value")))
        grouped: dict[str, list[Term]] = defaultdict(list)
        props: dict[str, Term] = {}
        for row in rows:
            prop, obj = self.term(row["p"]), self.term(row["o"])
            if obj.value in nested and (obj.kind == "bnode" or "#" in obj.value):
                obj.nested = _group(nested[obj.value])
            if obj.kind == "bnode" and not obj.nested:
                continue  # a blank node with nothing to show (of a list, or described apart)
            if places.get(obj.value):
                obj.year, obj.position, obj.detail = max(places[obj.value],
                                                          key=lambda p: (p[0], -p[1]))
            props.setdefault(prop.value, prop)
            grouped[prop.value].append(obj)
        description.values = dict(grouped)
        description.types = sorted(grouped.pop(RDF_TYPE, []), key=lambda t: t.shown)
        order = sorted(grouped, key=lambda p: (_rank(p), props[p].shown))
        description.statements = [Statement(props[p], sorted(grouped[p], key=_object_order))
                                  for p in order]

    def _inverse(self, description: Description, iri: str, counts: list[dict[str, Any]],
                 pages: dict[str, int]) -> None:
        """Inverse links grouped by property and kind, each group paged. A property with few
        links is read whole in one query and paged here; one with more, counted by kind and
        paged by the store; one with very many (more than KIND_LIMIT), paged as one group."""
        by_property: dict[str, int] = {}
        for row in counts:
            if "label" in row:
                self.labels[row["p"]["value"]].append((row["label"]["value"],
                                                       row["label"].get("xml:lang", "")))
            by_property[row["p"]["value"]] = int(row["n"]["value"])
        small = [p for p, n in by_property.items() if n <= WHOLE_LIMIT]
        counted = [p for p, n in by_property.items() if WHOLE_LIMIT < n <= KIND_LIMIT]
        # (property, kind) -> count; kind "" for all the links of a property not split by kind,
        # None for the links of no kind
        totals: dict[tuple[str, str | None], int] = {
            (p, ""): n for p, n in by_property.items() if n > KIND_LIMIT}
        whole: dict[tuple[str, str | None], dict[str, Term]] = defaultdict(dict)
        first = [self._job(ALL_LINKS, iri, p) for p in small] + \
            [self._job(KIND_COUNTS, iri, p) for p in counted]
        for outcome in self.backend.run_many(first) if first else []:
            for row in _rows(outcome):
                if "n" in row:  # a count by kind
                    kind = row["kind"]["value"] if "kind" in row else None
                    totals[(row["p"]["value"], kind)] = int(row["n"]["value"])
                    continue
                key = (row["p"]["value"], row["kind"]["value"] if "kind" in row else None)
                item = self._link(whole[key], row)
                if "position" in row and key[1] in LISTED:
                    item.position = _integer(row["position"]["value"])
        for key, links in whole.items():
            totals[key] = len(links)
        groups, jobs, paged = [], [], []
        for (prop_iri, kind_iri), count in totals.items():
            prop = self.term({"type": "uri", "value": prop_iri})
            kind_term = self.term({"type": "uri", "value": kind_iri}) if kind_iri else None
            total_pages = max(1, -(-count // PAGE_SIZE))
            group = InverseGroup(prop, kind_term, count, [], 1, total_pages)
            # page:PROPERTY (the links before groups had kinds) pages each group of it
            group.page = min(max(1, pages.get(group.key, pages.get(prop_iri, 1))), total_pages)
            groups.append(group)
            if (prop_iri, kind_iri) in whole:
                ordered = sorted(whole[(prop_iri, kind_iri)].values(), key=_link_order)
                group.items = ordered[(group.page - 1) * PAGE_SIZE:group.page * PAGE_SIZE]
                continue
            # the kind is one of KINDS, never request text; a filter: the store then starts
            # from the links, not from every resource of the kind
            of_kind = "" if kind_iri == "" else \
                f"FILTER EXISTS {{ ?x a <{kind_iri}> }}" + LISTED.get(kind_iri, "") if kind_iri \
                else _OF_NO_KIND
            jobs.append(Job(query=INVERSE_PAGE % (of_kind, PAGE_SIZE, (group.page - 1) * PAGE_SIZE),
                            results_format=SPARQL_JSON,
                            bindings=(bind_iri("s", iri), bind_iri("p", prop.value)),
                            count=False))
            paged.append(group)
        for group, outcome in zip(paged, self.backend.run_many(jobs) if jobs else [],
                                  strict=True):
            items: dict[str, Term] = {}
            for row in _rows(outcome):
                item = self._link(items, row)
                if "position" in row:
                    item.position = _integer(row["position"]["value"])
            # in the page query's order (an outer join need not keep a subquery's order)
            group.items = sorted(items.values(), key=_link_order)
        for group in groups:
            for item in group.items:  # labels seen after the item's term was made
                if item.kind == "uri":
                    item.label = pick_label(self.labels.get(item.value, []), self.language)
        # by the property's name, the groups of one property together, the largest first
        order = {p: i for i, p in enumerate(by_property)}
        description.inverse = sorted(groups, key=lambda g: (order[g.prop.value], -g.count,
                                                            g.kind.value if g.kind else ""))

    def _job(self, query: str, iri: str, prop: str) -> Job:
        return Job(query=query, results_format=SPARQL_JSON,
                   bindings=(bind_iri("s", iri), bind_iri("p", prop)), count=False)

    def _link(self, items: dict[str, Term], row: dict[str, Any]) -> Term:
        """The linking resource of a row, made once, with the row's label noted."""
        value = row["x"]["value"]
        if "label" in row:
            pair = _label_pair(row)
            if pair not in self.labels[value]:
                self.labels[value].append(pair)
        if value not in items:
            items[value] = self.term(row["x"])
        return items[value]

    def _source(self, row: dict[str, Any]) -> dict[str, Any]:
        text = row["text"]["value"]
        start = int(row["s0"]["value"])
        source: dict[str, Any] = {"report": self.term(row["report"]), "text": text,
                                  "line": row.get("line", {}).get("value"),
                                  "before": text, "mark": "", "after": ""}
        if "a0" in row:
            a0, a1 = int(row["a0"]["value"]) - start, int(row["a1"]["value"]) - start
            if 0 <= a0 <= a1 <= len(text):
                source.update(before=text[:a0], mark=text[a0:a1], after=text[a1:])
        return source


def _label_pair(row: dict[str, Any]) -> tuple[str, str]:
    """(label, language) of a row; a resource's text comes with the language TEXT."""
    return (row["label"]["value"], TEXT if "text" in row else row["label"].get("xml:lang", ""))


def _link_order(term: Term) -> tuple[Any, ...]:
    """The order of a group of inverse links, as the page query sorts them: blank nodes last,
    then by position (none first, as SPARQL orders an unbound value), then by IRI."""
    return (term.kind == "bnode", term.position is not None, term.position or 0, term.value)


def _object_order(term: Term) -> tuple[Any, ...]:
    """Literals first (by language), then resources in the order of their list (the latest
    report's list first), then by what is shown."""
    if term.position is not None:
        return (1, -(term.year or 0), term.position, term.shown, term.value)
    return (0 if term.kind == "literal" else 2, term.language or "", term.shown, term.value)


def decimal_of_row(row: dict[str, Any], name: str) -> Decimal | None:
    try:
        return Decimal(row[name]["value"]) if name in row else None
    except ArithmeticError:
        return None


def _integer(text: str) -> int | None:
    try:
        return int(Decimal(text))
    except (ArithmeticError, ValueError):
        return None


def _identifiers(description: Description) -> list[dict[str, str]]:
    """The entity's national identifiers (its own '#' resources): scheme and notation."""
    found = []
    for term in description.values.get(str(ADMS.identifier), []):
        nested = {statement.prop.value: statement.objects for statement in term.nested}
        notations, schemes = nested.get(SKOS_NOTATION, []), nested.get(DCT_TYPE, [])
        if notations:
            found.append({"notation": notations[0].value,
                          "scheme": schemes[0].shown if schemes else ""})
    return found


def _original(description: Description, source_rows: list[dict[str, Any]]) -> str | None:
    """The published original (an http or https address): a report's own dct:source, else
    that of the report the entity was read from."""
    candidates = [t.value for t in description.values.get(DCT_SOURCE, []) if t.kind == "uri"] \
        if description.has_type(FK + "Report") else \
        [row["original"]["value"] for row in source_rows[:1] if "original" in row]
    for candidate in candidates:
        if candidate.startswith(("http://", "https://")):
            return str(candidate)
    return None


def _group(pairs: list[tuple[Term, Term]]) -> list[Statement]:
    grouped: dict[str, list[Term]] = defaultdict(list)
    props: dict[str, Term] = {}
    for prop, obj in pairs:
        props.setdefault(prop.value, prop)
        grouped[prop.value].append(obj)
    return [Statement(props[p], grouped[p]) for p in sorted(grouped)]


_FIRST = (str(FK.item), str(FK.value), "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#definition")


def _rank(prop: str) -> int:
    return _FIRST.index(prop) if prop in _FIRST else len(_FIRST)


YEARS = "http://reference.data.gov.uk/id/year/"


def year_name(iri: str) -> str | None:
    """The year a year's IRI names (the fiscal-year dimension of a figure).

    >>> year_name("http://reference.data.gov.uk/id/year/2021")
    '2021'
    """
    rest = iri[len(YEARS):] if iri.startswith(YEARS) else ""
    return rest if rest.isdigit() else None


EXTERNAL = (("http://www.wikidata.org/entity/", "Wikidata "), ("https://sws.geonames.org/", "GeoNames "),
            ("http://linked.data.gov.au/def/cofog/", "COFOG "),
            ("http://publications.europa.eu/resource/authority/currency/", "EU currency "),
            ("http://qudt.org/vocab/unit/", "QUDT unit "))


def external_name(iri: str) -> str | None:
    """'Wikidata Q148' for a known outward target, else None.

    >>> external_name("https://sws.geonames.org/1814991/")
    'GeoNames 1814991'
    """
    for prefix, name in EXTERNAL:
        if iri.startswith(prefix):
            return name + iri[len(prefix):].strip("/")
    return None


# a local name that a SPARQL prefixed name can hold as it is (no escapes, no '%')
_LOCAL = re.compile(r"[\w:]([\w.:\-\u00b7]*[\w:\-\u00b7])?")


def compact(iri: str) -> str:
    """A prefixed name for an IRI of a known vocabulary, as it is typed in SPARQL; an IRI of a
    known vocabulary that no prefixed name can hold as it is, in angle brackets.

    >>> compact("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    >>> compact("https://w3id.org/fiscal-kg/def/section/three-public")
    'fk-section:three-public'
    >>> compact("http://data.openbudgets.eu/resource/codelist/budget-phase/executed")
    '<http://data.openbudgets.eu/resource/codelist/budget-phase/executed>'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(PREFIXES[best]):]
        return f"{best}:{local}" if not local or _LOCAL.fullmatch(local) else f"<{iri}>"
    return iri


def decimal_of(term: Term | None) -> Decimal | None:
    if term is None:
        return None
    try:
        return Decimal(term.value)
    except ArithmeticError:
        return None
