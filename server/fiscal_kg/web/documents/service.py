"""The SPARQL 1.1 Service Description of /sparql, with VoID statistics of its dataset.

Built as an rdflib graph, written by the engine's serializer in whatever RDF format was asked.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from fiscal_kg import __version__
from fiscal_kg.config import Settings
from fiscal_kg.namespaces import VOID
from fiscal_kg.store.buildinfo import BuildInfo
from fiscal_kg.web import formats
from fiscal_kg.web.documents.rdfout import write_graph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

RESULT_FORMATS = {
    formats.JSON: FORMATS.SPARQL_Results_JSON, formats.XML: FORMATS.SPARQL_Results_XML,
    formats.CSV: FORMATS.SPARQL_Results_CSV, formats.TSV: FORMATS.SPARQL_Results_TSV,
    formats.TURTLE: FORMATS.Turtle, formats.NTRIPLES: FORMATS["N-Triples"],
    formats.JSONLD: FORMATS["JSON-LD"], formats.RDFXML: FORMATS.RDF_XML,
    formats.NQUADS: FORMATS["N-Quads"], formats.TRIG: FORMATS.TriG,
}


def _statistics(graph: Graph, node: BNode, stats: dict[str, Any]) -> None:
    for key, prop in (("triples", VOID.triples), ("entities", VOID.entities),
                      ("classes", VOID.classes), ("properties", VOID.properties),
                      ("distinct_subjects", VOID.distinctSubjects),
                      ("distinct_objects", VOID.distinctObjects)):
        if key in stats:
            graph.add((node, prop, Literal(int(stats[key]), datatype=XSD.integer)))


def description_graph(settings: Settings, manifest: BuildInfo) -> Graph:
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    endpoint = URIRef(settings.public_url + "/sparql")
    service = URIRef(settings.public_url + "/sparql#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, endpoint))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    graph.add((service, DCTERMS.title, Literal("fiscal-kg SPARQL endpoint", lang="en")))
    graph.add((service, DCTERMS.description, Literal(
        "Read-only SPARQL 1.1 query service over Chinese government final-accounts reports. "
        "The default graph is the union of all named graphs; SERVICE and updates are refused.",
        lang="en")))
    graph.add((service, DCTERMS.hasVersion, Literal(__version__)))
    for iri in RESULT_FORMATS.values():
        graph.add((service, SD.resultFormat, iri))
    dataset = BNode("dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(manifest.build_id)))
    statistics = manifest.statistics
    default = BNode("default-graph")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    _statistics(graph, default, statistics.get("union", {"triples": manifest.triples}))
    per_graph = statistics.get("graphs", {})
    for index, name in enumerate(manifest.graphs):
        named = BNode(f"named-{index}")
        inner = BNode(f"graph-{index}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        _statistics(graph, inner, per_graph.get(name, {}))
    return graph


def service_description(settings: Settings, manifest: BuildInfo,
                        rdf: ox.RdfFormat) -> bytes:
    return write_graph(description_graph(settings, manifest), rdf,
                       {"sd": str(SD), "void": str(VOID)})
