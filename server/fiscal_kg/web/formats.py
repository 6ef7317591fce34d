"""Response formats: what each query form can be answered in, and content negotiation.

Each format carries its media type, file extension, `format=` aliases and the engine's own
serializer format. Negotiation uses werkzeug's Accept parser (q-values, wildcards); a query
form only ever competes among its own formats, so one Accept header may list both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept

from fiscal_kg.store.interface import N_TRIPLES, SPARQL_JSON


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    extension: str
    aliases: tuple[str, ...]  # extra names for `format=` and extra media types it answers
    results: ox.QueryResultsFormat | None = None  # for SELECT / ASK
    rdf: ox.RdfFormat | None = None  # for CONSTRUCT / DESCRIBE and RDF documents

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("json", "xml", "turtle", "trig", "n-triples", "n-quads"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


JSON = Format("json", SPARQL_JSON, "srj", ("application/json",),
              results=ox.QueryResultsFormat.JSON)
XML = Format("xml", "application/sparql-results+xml", "srx", ("application/xml", "text/xml"),
             results=ox.QueryResultsFormat.XML)
CSV = Format("csv", "text/csv", "csv", (), results=ox.QueryResultsFormat.CSV)
TSV = Format("tsv", "text/tab-separated-values", "tsv", (), results=ox.QueryResultsFormat.TSV)
TURTLE = Format("ttl", "text/turtle", "ttl", ("turtle", "application/x-turtle",
                                              "application/turtle", "n3", "text/n3",
                                              "text/rdf+n3"), rdf=ox.RdfFormat.TURTLE)
NTRIPLES = Format("nt", N_TRIPLES, "nt", ("ntriples", "n-triples", "text/plain"),
                  rdf=ox.RdfFormat.N_TRIPLES)
JSONLD = Format("jsonld", "application/ld+json", "jsonld", ("json-ld", "json", "application/json",
                                                            "application/x-json+ld"),
                rdf=ox.RdfFormat.JSON_LD)
RDFXML = Format("rdf", "application/rdf+xml", "rdf", ("rdfxml", "xml", "application/xml",
                                                      "text/xml"), rdf=ox.RdfFormat.RDF_XML)
NQUADS = Format("nq", "application/n-quads", "nq", ("nquads", "n-quads"),
                rdf=ox.RdfFormat.N_QUADS)
TRIG = Format("trig", "application/trig", "trig", (), rdf=ox.RdfFormat.TRIG)
HTML = Format("html", "text/html", "html", ("application/xhtml+xml",))

SOLUTION_FORMATS = (JSON, XML, CSV, TSV)
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG)


def formats_for(form: str | None, *, html: bool = True) -> tuple[Format, ...]:
    """The formats a query form can be answered in, the preferred one first."""
    base = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else SOLUTION_FORMATS
    return (*base, HTML) if html else base


ALL_FORMATS = (*SOLUTION_FORMATS, *GRAPH_FORMATS, HTML)


def by_name(value: str, candidates: tuple[Format, ...]) -> Format | None:
    """A format named by `format=`: a key, an alias or a media type, or a comma-separated
    list of them (as SPARQLWrapper sends: 'application/ld+json,application/x-json+ld')."""
    for name in value.split(","):
        name = name.split(";")[0].strip().lower()
        for fmt in candidates:
            if name in (fmt.key, fmt.extension, fmt.media_type, *fmt.aliases):
                return fmt
    return None


def negotiate(accept: MIMEAccept, candidates: tuple[Format, ...]) -> Format | None:
    """The best candidate for an Accept header; the first candidate when there is none.

    A media type a format answers as an alias (application/json for SPARQL JSON) counts as
    that format, but a format's own media type wins over another format's alias.
    """
    if not accept:
        return candidates[0]
    offered: list[str] = []
    owner: dict[str, Format] = {}
    for fmt in candidates:
        if fmt.media_type not in owner:
            offered.append(fmt.media_type)
            owner[fmt.media_type] = fmt
    for fmt in candidates:
        for alias in fmt.aliases:
            if "/" in alias and alias not in owner:
                offered.append(alias)
                owner[alias] = fmt
    best = accept.best_match(offered)
    return owner[best] if best is not None else None
