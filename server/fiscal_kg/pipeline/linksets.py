"""Outward link sets, kept as curated CSV files in data/links/ (each link with its source and the
date it was checked), turned into the `graph/links` graph and described as VoID link sets.

Our own IRIs are written relative in the files: 'def/...' under the vocabulary's base, 'id/...'
under the data's base (a setting); every other IRI is absolute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from fiscal_kg import namespaces as ns
from fiscal_kg.errors import FiscalKGError
from fiscal_kg.pipeline.datafiles import rows
from fiscal_kg.pipeline.gazetteer import Gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.resources import LINKS_DIR

RELATIONS = {"exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch,
             "broadMatch": SKOS.broadMatch, "narrowMatch": SKOS.narrowMatch,
             "relatedMatch": SKOS.relatedMatch}
COLUMNS = ("subject", "relation", "object", "source", "checked")


@dataclass(frozen=True)
class Link:
    subject: URIRef
    relation: URIRef
    object: URIRef
    source: str
    checked: str


@dataclass(frozen=True)
class LinkSet:
    name: str  # e.g. 'places-wikidata'
    title: str
    target: str  # the IRI of the dataset linked to (void:objectsTarget)
    file: str
    links: tuple[Link, ...]


# file stem -> (title, target dataset)
FILES = {
    "currency": ("The currency to the EU authority table of currencies",
                 "http://publications.europa.eu/resource/authority/currency"),
    "units-qudt": ("Units of measure to QUDT units", "http://qudt.org/vocab/unit"),
    "functional-cofog": ("Functional classes to COFOG divisions", "http://linked.data.gov.au/def/cofog"),
    "economic-glossary": ("Economic classification codes to the glossary concepts", "glossary"),
    "aggregates-glossary": ("Reporting aggregates to the glossary concepts", "glossary"),
}


def _resolve(value: str, minter: Minter, where: str) -> URIRef:
    if value.startswith("def/"):
        return URIRef(ns.VOCAB_BASE + value)
    if value.startswith("id/"):
        return URIRef(minter.base + value)
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    raise FiscalKGError(f"{where}: {value!r} is neither 'def/...', 'id/...' nor an http(s) IRI")


def _read(path: Path, minter: Minter) -> tuple[Link, ...]:
    links = []
    for where, row in rows(path, COLUMNS):
        if row["relation"] not in RELATIONS:
            raise FiscalKGError(f"{where}: unknown relation {row['relation']!r}")
        if not row["source"] or not row["checked"]:
            raise FiscalKGError(f"{where}: every link needs its source and the date checked")
        try:
            date.fromisoformat(row["checked"])
        except ValueError:
            raise FiscalKGError(f"{where}: checked must be a date (YYYY-MM-DD), "
                                f"not {row['checked']!r}") from None
        links.append(Link(_resolve(row["subject"], minter, where), RELATIONS[row["relation"]],
                          _resolve(row["object"], minter, where), row["source"], row["checked"]))
    return tuple(links)


def link_files(directory: Path = LINKS_DIR) -> list[Path]:
    """The files the link sets and the gazetteer are read from."""
    return [directory / "places.csv", *(directory / f"{stem}.csv" for stem in FILES)]


def load_linksets(gazetteer: Gazetteer, minter: Minter,
                  directory: Path = LINKS_DIR) -> list[LinkSet]:
    """Every curated link set: the places' Wikidata and GeoNames links, and the CSV files."""
    wikidata, geonames = [], []
    for place in gazetteer.places:
        subject = minter.place(place.code, place.name)
        if place.wikidata:
            wikidata.append(Link(subject, SKOS.exactMatch, ns.WD[place.wikidata], place.source,
                                 place.checked))
        if place.geonames:
            relation = SKOS.exactMatch if place.geonames_relation == "exact" else SKOS.closeMatch
            geonames.append(Link(subject, relation, ns.GEONAMES[f"{place.geonames}/"],
                                 place.source, place.checked))
    sets = [
        LinkSet("places-wikidata", "Places to Wikidata", "http://www.wikidata.org/",
                "places.csv", tuple(wikidata)),
        LinkSet("places-geonames", "Places to GeoNames", "https://sws.geonames.org/",
                "places.csv", tuple(geonames)),
    ]
    for stem, (title, target) in FILES.items():
        path = directory / f"{stem}.csv"
        target_iri = ns.VOCAB_BASE + "def/glossary" if target == "glossary" else target
        sets.append(LinkSet(stem, title, target_iri, path.name, _read(path, minter)))
    return sets


def map_links(linksets: list[LinkSet]) -> Graph:
    """The links graph: one triple per curated link."""
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    for linkset in linksets:
        for link in linkset.links:
            graph.add((link.subject, link.relation, link.object))
    return graph
