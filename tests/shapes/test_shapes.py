"""Each shape with a conforming and a violating fixture.

The conforming fixture is the seed report's graph (or the seed with one figure set right, for
the one check the seed itself fails); the violating fixture is the seed's graph with one
change that breaks exactly what the shape checks. Only the shape under test is run.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SH, SKOS, XSD

from fiscal_kg.namespaces import ADMS, FK, FKS, OA, OBEU_ATTRIBUTE, OBEU_MEASURE, SDMX_ATTRIBUTE
from fiscal_kg.pipeline.iris import code
from fiscal_kg.pipeline.mapping import decimal_literal
from fiscal_kg.pipeline.validate import load_shapes, validate_graph
from fiscal_kg.resources import SHAPES_DIR

Mutation = Callable[[Graph], None]


def figure(graph: Graph, section: str, item: str) -> URIRef:
    found = sorted((s for s in graph.subjects(FK.item, Literal(item))
                    if (s, FK.section, code("section", section)) in graph), key=str)
    assert len(found) >= 1, (section, item)
    subject = found[0]
    assert isinstance(subject, URIRef)
    return subject


def set_value(graph: Graph, subject: URIRef, value: str) -> None:
    graph.remove((subject, FK.value, None))
    graph.set((subject, FK.value, decimal_literal(Decimal(value))))
    if (subject, OBEU_MEASURE.amount, None) in graph:
        graph.set((subject, OBEU_MEASURE.amount, decimal_literal(Decimal(value))))


def one(graph: Graph, predicate: URIRef, obj: URIRef) -> URIRef:
    subject = next(iter(sorted(graph.subjects(predicate, obj))))
    assert isinstance(subject, URIRef)
    return subject


def position_selector(graph: Graph, span: object) -> URIRef:
    for selector in graph.objects(span, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            assert isinstance(selector, URIRef)
            return selector
    raise AssertionError(span)


def nothing(_graph: Graph) -> None:
    """The seed as it is."""


def fix_operating_costs(graph: Graph) -> None:
    set_value(graph, figure(graph, "operating-costs", "机关运行经费"), "2707000")


def add_abroad_change(value: str) -> Mutation:
    def mutate(graph: Graph) -> None:
        abroad = figure(graph, "three-public", "因公出国(境)费用")
        change = URIRef(f"{abroad}/change-test")
        template = figure(graph, "three-public", "公务接待费比2017年减少")
        for p, o in graph.predicate_objects(template):
            if p not in (FK.changeOf, FK.value, FK.item, OBEU_MEASURE.amount):
                graph.add((change, p, o))
        graph.add((change, FK.changeOf, abroad))
        graph.add((change, FK.item, Literal("因公出国(境)费用比2017年减少")))
        set_value(graph, change, value)
    return mutate


def add_reception_growth(value: str) -> Mutation:
    """A growth stated with the change of 公务接待费 (0.92万元, 0.93万元 less than 2017: of
    1.85万元, -50.27 %)."""
    def mutate(graph: Graph) -> None:
        change = figure(graph, "three-public", "公务接待费比2017年减少")
        growth = URIRef(f"{change}/growth-test")
        for p, o in graph.predicate_objects(change):
            if p not in (FK.value, FK.item, FK.role, FK.resolution, OBEU_MEASURE.amount,
                         OBEU_ATTRIBUTE.currency, SDMX_ATTRIBUTE.unitMeasure):
                graph.add((growth, p, o))
        graph.add((growth, FK.role, code("role", "growth")))
        graph.add((growth, SDMX_ATTRIBUTE.unitMeasure, code("unit", "percent")))
        graph.add((growth, FK.item, Literal("公务接待费下降")))
        graph.add((growth, FK.resolution, Literal("0.01", datatype=XSD.decimal)))
        graph.add((growth, FK.value, Literal(value, datatype=XSD.decimal)))
    return mutate


def _report(graph: Graph) -> URIRef:
    return one(graph, RDF.type, FK.Report)


def _agency(graph: Graph) -> URIRef:
    return one(graph, RDF.type, FK.Agency)


def add_credit_code(notation: str) -> Mutation:
    """The agency's unified social credit code, as a build manifest gives it."""
    def mutate(graph: Graph) -> None:
        identifier = URIRef(f"{_agency(graph)}#uscc")
        graph.add((_agency(graph), ADMS.identifier, identifier))
        graph.add((identifier, RDF.type, ADMS.Identifier))
        graph.add((identifier, SKOS.notation, Literal(notation)))
        graph.add((identifier, DCTERMS.type, code("identifier-scheme", "uscc")))
    return mutate


def name_in_text(name: str) -> Mutation:
    """The agency's name as the text gives it, beside the one a build manifest gave."""
    return lambda g: g.add((_report(g), FK.agencyNameInText, Literal(name)))


CASES: dict[str, tuple[Mutation, Mutation]] = {
    # core: structure
    "ReportShape": (nothing, lambda g: g.remove((_report(g), FK.sha256, None))),
    "AgencyShape": (nothing, lambda g: g.add(
        (_agency(g), SKOS.prefLabel, Literal("另一个名称", lang="zh")))),
    "InternalUnitShape": (nothing, lambda g: g.remove(
        (one(g, RDF.type, FK.InternalUnit), ORG.unitOf, None))),
    "UnitListingShape": (nothing, lambda g: g.set(
        (one(g, RDF.type, FK.UnitListing), FK.position, Literal(0)))),
    "DutyShape": (nothing, lambda g: g.remove((one(g, RDF.type, FK.Duty), FK.text, None))),
    "FigureShape": (nothing, lambda g: g.add(
        (figure(g, "staffing", "编制人数"), FK.value, Literal("88", datatype=XSD.decimal)))),
    # the city's GDP (980亿元) stated as money of the agency
    "IndicatorShape": (nothing, lambda g: g.add(
        (sorted(g.subjects(RDF.type, FK.Indicator), key=str)[0], OBEU_MEASURE.amount,
         Literal("98000000000", datatype=XSD.decimal)))),
    "FigurePartShape": (nothing, lambda g: g.set(
        (figure(g, "staffing", "在职"), FK.componentOf,
         figure(g, "three-public", "三公经费")))),
    "FigureInSentenceShape": (nothing, lambda g: g.set(
        (position_selector(g, g.value(figure(g, "three-public", "三公经费"), FK.statedAt)),
         OA.start, Literal(0, datatype=XSD.nonNegativeInteger)))),
    "TextSpanShape": (nothing, lambda g: g.remove(
        (one(g, RDF.type, OA.TextQuoteSelector), RDF.type, OA.TextQuoteSelector))),
    "TextSpanLengthShape": (nothing, lambda g: g.set(
        (one(g, RDF.type, OA.TextPositionSelector), OA.end,
         Literal(99999, datatype=XSD.nonNegativeInteger)))),
    "DefinitionShape": (nothing, lambda g: g.remove(
        (one(g, RDF.type, FK.Definition), FK.defines, None))),
    # a figure of another value put into a series the report already states for its year
    "SeriesShape": (nothing, lambda g: g.add(
        (figure(g, "three-public", "三公经费"), FK.series,
         g.value(figure(g, "staffing", "编制人数"), FK.series)))),
    "GlossaryConceptShape": (nothing, lambda g: g.remove(
        (URIRef("https://w3id.org/fiscal-kg/id/glossary/基本支出"), SKOS.definition, None))),
    "PlaceShape": (nothing, lambda g: g.add(
        (URIRef("https://w3id.org/fiscal-kg/id/place/420700"), FK.adminCode, Literal("4207")))),
    # the check digit of 11420700MB1575827 is T (weights 3^i mod 31, mod 31)
    "CreditCodeShape": (add_credit_code("11420700MB1575827T"),
                        add_credit_code("11420700MB1575827X")),
    # recommended
    "AgencyRecommendedShape": (nothing, lambda g: g.remove((_agency(g), DCTERMS.spatial, None))),
    "OperatingCostItemShape": (nothing, lambda g: g.remove(
        (figure(g, "operating-costs", "办公费"), FK.economicClassification, None))),
    "GlossaryEnglishShape": (nothing, lambda g: g.remove(
        (URIRef("https://w3id.org/fiscal-kg/id/glossary/基本支出"), SKOS.prefLabel,
         Literal("Basic expenditure", lang="en")))),
    "ReportHasFiguresShape": (nothing, lambda g: [
        g.remove((s, RDF.type, FK.Figure)) for s in list(g.subjects(RDF.type, FK.Figure))]),
    "IdentityAgreesWithText": (name_in_text("鄂州市人民政府办公室"), name_in_text("鄂州市政府办公室")),
    # arithmetic
    "ComponentsAddUp": (nothing, lambda g: set_value(
        g, figure(g, "three-public", "公务接待费"), "19200")),
    "PartsWithinTotal": (fix_operating_costs, nothing),
    "ShareMatches": (nothing, lambda g: set_value(
        g, figure(g, "procurement", "授予中小企业合同金额占政府采购支出总额"), "80")),
    # the vehicles held, stated in a sentence and in a table of the assets section; the
    # 公务用车 held under “三公” may count fewer than every vehicle, and are not compared
    "SameQuantityAgrees": (lambda g: set_value(g, figure(g, "three-public", "车辆保有量"), "12"),
                           lambda g: set_value(g, figure(g, "assets", "车辆"), "12")),
    "TotalsBalance": (nothing, lambda g: set_value(
        g, figure(g, "expenditure", "全年支出"), "25928000")),
    # -0.93 + 1.64 - 9.47 = -8.76 (万元) holds; -1.00 for 因公出国 does not
    "ChangesAddUp": (add_abroad_change("-94700"), add_abroad_change("-10000")),
    # -0.93 / (0.92 + 0.93) = -50.27 %; a printed -50.2 (truncated) holds too, -40 does not
    "GrowthMatches": (add_reception_growth("-50.27"), add_reception_growth("-40")),
    "UnitsCounted": (nothing, lambda g: set_value(g, figure(g, "staffing", "内设机构"), "17")),
}

# Helper shapes used through sh:node / sh:or by the shapes above; they have no targets.
HELPERS = {"MoneyShape", "InSectionScheme", "InUnitScheme", "InRoleScheme",
           "InBudgetLevelScheme"}


def shape_names(kind: str) -> set[str]:
    shapes = load_shapes()
    targets = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf,
               SH.target)
    named = set()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        name = str(shape).removeprefix(str(FKS))
        has_target = any((shape, t, None) in shapes for t in targets)
        if (kind == "targeted") == has_target:
            named.add(name)
    return named


def test_every_shape_has_fixtures() -> None:
    assert shape_names("targeted") == set(CASES)
    assert shape_names("helper") == HELPERS


CORE = {str(s).removeprefix(str(FKS)) for s in Graph().parse(
    SHAPES_DIR / "core.shapes.ttl").subjects(RDF.type, SH.NodeShape)}


def results_of(graph: Graph, context: Graph, name: str) -> list[str]:
    """The messages of one shape's results; each with the severity of its file."""
    outcome = validate_graph(graph, context, only=[FKS[name]])
    findings = [f for f in outcome.findings if f.shape == str(FKS[name])]
    severity = "Violation" if name in CORE else "Warning"
    assert {f.severity for f in findings} <= {severity}, findings
    return [f.message for f in findings]


@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_conforming_and_violating(name: str, seed_graph: Graph, context: Graph) -> None:
    conforming, violating = CASES[name]
    good = Graph() + seed_graph
    conforming(good)
    assert results_of(good, context, name) == []
    bad = Graph() + seed_graph
    violating(bad)
    assert results_of(bad, context, name) != []


def test_violation_severity_stops_and_warning_does_not(seed_graph: Graph, context: Graph) -> None:
    """Structure errors are Violations; the seed's arithmetic discrepancy is only a Warning."""
    outcome = validate_graph(seed_graph, context)
    assert outcome.violations == []
    assert [f.shape for f in outcome.warnings] == [str(FKS.PartsWithinTotal)]
    broken = Graph() + seed_graph
    broken.remove((_report(broken), FK.sha256, None))
    assert [f.shape for f in validate_graph(broken, context).violations] == [str(FKS.ReportShape)]


def test_warning_message_states_stated_and_computed(seed_graph: Graph, context: Graph) -> None:
    outcome = validate_graph(seed_graph, context, only=[FKS.PartsWithinTotal])
    results = outcome.results
    [result] = list(results.subjects(RDF.type, SH.ValidationResult))
    assert results.value(result, SH.value) == Literal("2707000", datatype=XSD.decimal)
    assert "2645300" in str(results.value(result, SH.resultMessage))
