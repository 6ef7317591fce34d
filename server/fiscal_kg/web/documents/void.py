"""The VoID description of the dataset (/.well-known/void): statistics and partitions from the
build's manifest, the SPARQL endpoint, the dumps, example resources, and one void:Linkset per
curated outward link set. A licence only when every report's source states the same one."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from fiscal_kg.config import Settings
from fiscal_kg.licences import common_licence
from fiscal_kg.namespaces import PREFIXES, VOCAB_BASE, VOID
from fiscal_kg.store.buildinfo import BuildInfo

VOCABULARIES = (VOCAB_BASE + "def/", "http://purl.org/linked-data/cube#",
                "http://data.openbudgets.eu/ontology/", "http://www.w3.org/ns/org#",
                "http://data.europa.eu/m8g/", "http://www.w3.org/2004/02/skos/core#",
                "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#",
                "http://purl.org/dc/terms/", "http://www.w3.org/ns/shacl#")


def _count(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def void_graph(settings: Settings, manifest: BuildInfo) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    public = settings.public_url
    document = URIRef(public + "/.well-known/void")
    dataset = URIRef(public + "/.well-known/void#dataset")
    graph.add((document, RDF.type, VOID.DatasetDescription))
    graph.add((document, DCTERMS.title, Literal("VoID description of fiscal-kg", lang="en")))
    graph.add((document, FOAF.primaryTopic, dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("fiscal-kg", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "Chinese government final-accounts reports (部门决算公开) as linked data.", lang="en")))
    graph.add((dataset, DCTERMS.modified, Literal(manifest.built_at, datatype=XSD.dateTime)))
    licence = common_licence(manifest.licences())
    if licence:  # only what every report's source states
        graph.add((dataset, DCTERMS.license, URIRef(licence)))
    else:
        graph.add((dataset, DCTERMS.rights, Literal(
            "No licence is claimed: the reports' sources state none, or not one and the same "
            "for all of them (see each report's dataset in /catalog).", lang="en")))
    graph.add((dataset, FOAF.homepage, URIRef(public + "/")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(public + "/sparql")))
    for dump in manifest.dumps:
        if dump.path.startswith("dumps/all."):  # the whole graph, in each form
            graph.add((dataset, VOID.dataDump, URIRef(f"{public}/{dump.path}")))
    graph.add((dataset, VOID.uriSpace, Literal(settings.base_iri + "id/")))
    for vocabulary in VOCABULARIES:
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    statistics = manifest.statistics
    union = statistics.get("union", {})
    for key, prop in (("triples", VOID.triples), ("entities", VOID.entities),
                      ("classes", VOID.classes), ("properties", VOID.properties),
                      ("distinct_subjects", VOID.distinctSubjects),
                      ("distinct_objects", VOID.distinctObjects)):
        if key in union:
            graph.add((dataset, prop, _count(union[key])))
    for cls, entities in statistics.get("classes", {}).items():
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(cls)))
        graph.add((partition, VOID.entities, _count(entities)))
    for prop, triples in statistics.get("properties", {}).items():
        partition = BNode()
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(prop)))
        graph.add((partition, VOID.triples, _count(triples)))
    for report in manifest.reports[:3]:
        graph.add((dataset, VOID.exampleResource, URIRef(report.agency_iri)))
        graph.add((dataset, VOID.exampleResource, URIRef(report.report)))
    for linkset in manifest.linksets:
        node = URIRef(f"{public}/.well-known/void#linkset-{linkset.name}")
        target = URIRef(linkset.target)
        graph.add((dataset, VOID.subset, node))
        graph.add((node, RDF.type, VOID.Linkset))
        graph.add((node, DCTERMS.title, Literal(linkset.title, lang="en")))
        graph.add((node, DCTERMS.source, Literal(f"data/links/{linkset.file}")))
        graph.add((node, VOID.subjectsTarget, dataset))
        graph.add((node, VOID.objectsTarget, target))
        graph.add((target, RDF.type, VOID.Dataset))
        for predicate in linkset.predicates:
            graph.add((node, VOID.linkPredicate, URIRef(predicate)))
        graph.add((node, VOID.triples, _count(linkset.links)))
    return graph
