"""The mapping compared as graphs: a one-figure report against its graph written by hand."""

from __future__ import annotations

import hashlib

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from fiscal_kg.namespaces import FK, OBEU_DIMENSION
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter, code
from fiscal_kg.pipeline.mapping import map_report
from fiscal_kg.pipeline.text import SourceText

TEXT = "鄂州市测试局2019年部门决算\n一、部门基本情况\n(一)人员基本情况\n编制人数10名。\n"
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()

EXPECTED = """
@prefix fk: <https://w3id.org/fiscal-kg/def/> .
@prefix id: <http://example.org/kg/id/> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix obeu-dimension: <http://data.openbudgets.eu/ontology/dsd/dimension/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://example.org/kg/id/report/鄂州市测试局/2019> a fk:Report , foaf:Document , prov:Entity ;
    dcterms:title "鄂州市测试局2019年度部门决算"@zh , "Final accounts 2019 of 鄂州市测试局"@en ;
    rdfs:label "鄂州市测试局2019年度部门决算"@zh ;
    fk:agency <http://example.org/kg/id/agency/鄂州市测试局> ;
    dcterms:publisher <http://example.org/kg/id/agency/鄂州市测试局> ;
    fk:fiscalYear "2019"^^xsd:gYear ;
    fk:year 2019 ;
    dcterms:temporal <http://reference.data.gov.uk/id/year/2019> ;
    dcterms:language <http://id.loc.gov/vocabulary/iso639-1/zh> ;
    dcterms:format "text/plain" ;
    fk:sha256 "%(sha)s"^^xsd:hexBinary ;
    fk:characterEncoding "utf-8" ;
    fk:fileName "test.txt" ;
    fk:dataset <http://example.org/kg/id/dataset/鄂州市测试局/2019> ;
    fk:evidence <http://example.org/kg/id/report/鄂州市测试局/2019/text/6-10> .

<http://example.org/kg/id/dataset/鄂州市测试局/2019> a qb:DataSet ;
    qb:structure fk:dsd ;
    rdfs:label "鄂州市测试局2019年度部门决算数字"@zh ,
        "Figures of the final accounts 2019 of 鄂州市测试局"@en ;
    prov:wasDerivedFrom <http://example.org/kg/id/report/鄂州市测试局/2019> ;
    fk:report <http://example.org/kg/id/report/鄂州市测试局/2019> .

<http://example.org/kg/id/agency/鄂州市测试局> a fk:Agency , cv:PublicOrganisation , org:Organization ;
    skos:prefLabel "鄂州市测试局"@zh ;
    rdfs:label "鄂州市测试局"@zh ;
    dcterms:spatial <http://example.org/kg/id/place/420700> .

<http://example.org/kg/id/report/鄂州市测试局/2019/figure/staffing/编制人数> a fk:Figure , qb:Observation ;
    qb:dataSet <http://example.org/kg/id/dataset/鄂州市测试局/2019> ;
    fk:report <http://example.org/kg/id/report/鄂州市测试局/2019> ;
    prov:wasDerivedFrom <http://example.org/kg/id/report/鄂州市测试局/2019> ;
    obeu-dimension:organization <http://example.org/kg/id/agency/鄂州市测试局> ;
    obeu-dimension:fiscalYear <http://reference.data.gov.uk/id/year/2019> ;
    obeu-dimension:budgetPhase <http://data.openbudgets.eu/resource/codelist/budget-phase/executed> ;
    fk:section <https://w3id.org/fiscal-kg/def/section/staffing> ;
    fk:item "编制人数" ;
    rdfs:label "编制人数"@zh ;
    fk:role <https://w3id.org/fiscal-kg/def/role/level> ;
    fk:value "10"^^xsd:decimal ;
    sdmx-attribute:unitMeasure <https://w3id.org/fiscal-kg/def/unit/count> ;
    fk:concept <https://w3id.org/fiscal-kg/def/concept/staff-authorised> ;
    fk:sourceSentence <http://example.org/kg/id/report/鄂州市测试局/2019/text/35-43> ;
    fk:statedAt <http://example.org/kg/id/report/鄂州市测试局/2019/text/39-42> ;
    fk:statedText "10名" ;
    fk:statedNumber "10"^^xsd:decimal ;
    fk:statedScale 0 ;
    fk:statedUnit "名" ;
    fk:resolution "0"^^xsd:decimal ;
    fk:series <http://example.org/kg/id/agency/鄂州市测试局/series/staff-authorised/executed/count> .

<http://example.org/kg/id/agency/鄂州市测试局/series/staff-authorised/executed/count> a fk:Series ;
    rdfs:label "鄂州市测试局：编制人数"@zh , "authorised staff of 鄂州市测试局"@en ;
    obeu-dimension:organization <http://example.org/kg/id/agency/鄂州市测试局> .
"""

# Quote selectors carry 16 characters of context on each side (fewer at the ends).
SPANS = [(6, 10, "2019", 1, "鄂州市测试局", "年部门决算\\n一、部门基本情况\\n("),
         (35, 43, "编制人数10名。", 4, "门基本情况\\n(一)人员基本情况\\n", "\\n"),
         (39, 42, "10名", 4, "况\\n(一)人员基本情况\\n编制人数", "。\\n")]


def span(start: int, end: int, exact: str, line: int, prefix: str, suffix: str) -> str:
    iri = f"<http://example.org/kg/id/report/鄂州市测试局/2019/text/{start}-{end}"
    return f"""
{iri}> a oa:SpecificResource ;
    oa:hasSource <http://example.org/kg/id/report/鄂州市测试局/2019> ;
    oa:hasSelector {iri}#position> , {iri}#quote> ;
    fk:text "{exact}" ;
    fk:line {line} .
{iri}#position> a oa:TextPositionSelector ;
    oa:start "{start}"^^xsd:nonNegativeInteger ; oa:end "{end}"^^xsd:nonNegativeInteger .
{iri}#quote> a oa:TextQuoteSelector ;
    oa:exact "{exact}" ; oa:prefix "{prefix}" ; oa:suffix "{suffix}" .
"""


def test_mapping_of_a_one_figure_report() -> None:
    report = extract_report(SourceText.from_string(TEXT, "test.txt"), load_gazetteer())
    actual = map_report(report, load_gazetteer(), Minter("http://example.org/kg/"))
    expected = Graph().parse(
        data=EXPECTED % {"sha": SHA} + "".join(span(*s) for s in SPANS), format="turtle")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        raise AssertionError(
            "only in the mapping:\n" + only_actual.serialize(format="nt")
            + "\nonly expected:\n" + only_expected.serialize(format="nt"))


def test_series_pair_only_figures_that_state_one_quantity(seed_graph: Graph) -> None:
    """A level figure joins its agency's series where the report's figures of that quantity
    and year agree: 车辆保有量 stated three times as 13 is one series; the vehicles by use
    (a concept that lists items) have a series per item; the two premises (one concept, two
    counts) get none."""

    def series_of(concept: str) -> set[object]:
        figures = {f for f in seed_graph.subjects(FK.concept, code("concept", concept))
                   if (f, FK.role, code("role", "level")) in seed_graph}
        assert figures, concept
        return {seed_graph.value(f, FK.series) for f in figures}

    [held] = series_of("vehicles-held")
    assert held is not None
    assert (held, RDF.type, FK.Series) in seed_graph
    assert len(set(seed_graph.subjects(FK.series, held))) == 3
    by_use = series_of("vehicles-by-use")
    assert len(by_use) == 4 and None not in by_use
    assert {str(s).rsplit("/", 1)[-1] for s in by_use} == {
        "主要领导干部用车", "机要通信用车", "离退休干部用车", "其他用车"}
    assert series_of("premises-count") == {None}
    # only levels are paired, and within a report and year a series holds one value
    values: dict[tuple[object, object], set[object]] = {}
    for figure, series in seed_graph.subject_objects(FK.series):
        assert seed_graph.value(figure, FK.role) == code("role", "level")
        year = seed_graph.value(figure, OBEU_DIMENSION.fiscalYear)
        values.setdefault((series, year), set()).add(seed_graph.value(figure, FK.value))
    assert len(values) > 40
    assert all(len(v) == 1 for v in values.values())
