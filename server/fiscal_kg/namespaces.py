"""Namespaces of the vocabularies the graph uses, in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, XSD

VOCAB_BASE = "https://w3id.org/fiscal-kg/"
"""Where the ontology, code lists and shapes live. Fixed: a vocabulary's IRIs never move."""

DEFAULT_DATA_BASE = VOCAB_BASE
"""Default base of the data IRIs (agencies, reports, figures); a setting, see config."""

FK = Namespace(VOCAB_BASE + "def/")
FKS = Namespace(VOCAB_BASE + "shapes/")
CODE = Namespace(VOCAB_BASE + "def/")  # code lists: CODE["section/staffing"]

CV = Namespace("http://data.europa.eu/m8g/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
OA = Namespace("http://www.w3.org/ns/oa#")
OBEU = Namespace("http://data.openbudgets.eu/ontology/")
OBEU_DIMENSION = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_ATTRIBUTE = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
OBEU_CODELIST = Namespace("http://data.openbudgets.eu/resource/codelist/")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
EU_CURRENCY = Namespace("http://publications.europa.eu/resource/authority/currency/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
COFOG = Namespace("http://linked.data.gov.au/def/cofog/")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VANN = Namespace("http://purl.org/vocab/vann/")
XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")

CODE_LISTS = ("section", "concept", "role", "unit", "fund", "functional", "economic",
              "budget-level", "identifier-scheme")
"""The code lists under the ontology's namespace, each with a prefix of its own (fk-section:),
since a prefixed name cannot hold the '/' of `fk:section/income` unescaped."""

PREFIXES: dict[str, str] = {
    "fk": str(FK),
    **{f"fk-{name}": f"{FK}{name}/" for name in CODE_LISTS},
    "fks": str(FKS),
    "cv": str(CV),
    "adms": str(ADMS),
    "oa": str(OA),
    "obeu": str(OBEU),
    "obeu-dimension": str(OBEU_DIMENSION),
    "obeu-measure": str(OBEU_MEASURE),
    "obeu-attribute": str(OBEU_ATTRIBUTE),
    "obeu-codelist": str(OBEU_CODELIST),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "sdmx-measure": str(SDMX_MEASURE),
    "qudt-unit": str(QUDT_UNIT),
    "currency": str(EU_CURRENCY),
    "wd": str(WD),
    "geonames": str(GEONAMES),
    "cofog": str(COFOG),
    "void": str(VOID),
    "spdx": str(SPDX),
    "vann": str(VANN),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "qb": str(QB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "sh": str(SH),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


def sparql_prologue(*names: str) -> str:
    """PREFIX lines for a query; all known prefixes when no names are given."""
    chosen = names or tuple(PREFIXES)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in chosen)
