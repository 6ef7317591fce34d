"""The ontology, its code lists and the shapes: every term declared, labelled and defined."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from fiscal_kg.namespaces import FK
from fiscal_kg.pipeline import lexicon
from fiscal_kg.pipeline.iris import code
from fiscal_kg.pipeline.validate import load_shapes, load_vocabulary
from fiscal_kg.resources import ONTOLOGY_DIR

ONTOLOGY = URIRef(str(FK))


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "fiscal-kg.ttl")


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def test_versioned_header() -> None:
    graph = ontology()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{FK}0.1.0")
    assert str(graph.value(ONTOLOGY, OWL.versionInfo)) == "0.1.0"


def test_every_term_used_is_declared_labelled_and_defined(seed_graph: Graph) -> None:
    used = set()
    for g in (seed_graph, load_vocabulary(), load_shapes()):
        for s, p, o in g:
            for term in (s, p, o):
                if isinstance(term, URIRef) and str(term).startswith(str(FK)) \
                        and "/" not in str(term)[len(str(FK)):] \
                        and term not in (ONTOLOGY, URIRef(f"{FK}0.1.0")):
                    used.add(term)
    assert used
    vocabulary = load_vocabulary()
    for term in sorted(used):
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in vocabulary, f"{term} is not declared"
        label = SKOS.prefLabel if (term, RDF.type, SKOS.ConceptScheme) in vocabulary else RDFS.label
        assert langs(vocabulary, term, label) == {"zh", "en"}, term
        assert langs(vocabulary, term, SKOS.definition) >= {"zh", "en"}, term


def test_every_code_list_concept_has_notation_and_labels() -> None:
    graph = load_vocabulary()
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        assert graph.value(concept, SKOS.notation) is not None, concept
        assert langs(graph, concept, SKOS.prefLabel) == {"zh", "en"}, concept
        assert graph.value(concept, SKOS.inScheme) is not None, concept


def test_lexicon_concepts_match_the_code_list() -> None:
    graph = load_vocabulary()
    for notation, concept in lexicon.CONCEPTS.items():
        iri = code("concept", notation)
        assert (iri, RDF.type, FK.FiscalConcept) in graph, notation
        assert set(graph.objects(iri, SKOS.broader)) == {
            code("concept", p) for p in concept.parents}, notation
    for pattern_code, _ in lexicon.ECONOMIC_CODES:
        assert (code("economic", pattern_code), RDF.type, SKOS.Concept) in graph


