"""The mapping compared as graphs: a one-figure report against its graph written by hand."""

from __future__ import annotations

import hashlib

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter
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
    fk:resolution "0"^^xsd:decimal .
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
    report = extract_report(SourceText.from_string(TEXT, "test.txt"), load_gazetteer().names())
    actual = map_report(report, load_gazetteer(), Minter("http://example.org/kg/"))
    expected = Graph().parse(
        data=EXPECTED % {"sha": SHA} + "".join(span(*s) for s in SPANS), format="turtle")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        raise AssertionError(
            "only in the mapping:\n" + only_actual.serialize(format="nt")
            + "\nonly expected:\n" + only_expected.serialize(format="nt"))
