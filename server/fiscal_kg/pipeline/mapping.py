"""Report records -> RDF: one graph per report, plus the shared places graph.

Provenance: every figure, duty, unit listing and definition points to the sentence it was read
from, a Web Annotation `oa:SpecificResource` over the report with a position selector (code
points, start inclusive, end exclusive) and a quote selector (the exact text).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, XSD

from fiscal_kg import namespaces as ns
from fiscal_kg.namespaces import FK, OA
from fiscal_kg.pipeline.gazetteer import Gazetteer, Place
from fiscal_kg.pipeline.iris import Minter, code, scheme, slug
from fiscal_kg.pipeline.lexicon import CONCEPTS, GLOSSARY_EN
from fiscal_kg.pipeline.numbers import Unit
from fiscal_kg.pipeline.records import Figure, Publication, Relation, Report, Role, Section
from fiscal_kg.pipeline.text import Span, normalise_width
from fiscal_kg.pipeline.validate import load_vocabulary

_EXPENDITURE_SECTIONS = frozenset({Section.EXPENDITURE, Section.THREE_PUBLIC,
                                   Section.OPERATING_COSTS, Section.PROCUREMENT})
_QUOTE_CONTEXT = 16
YEAR_IRI = "http://reference.data.gov.uk/id/year/{year}"
_PHASES = {"executed": ("决算", "executed"), "approved": ("预算", "approved budget"),
           "revised": ("调整预算", "revised budget")}
# who keeps the register of unified social credit codes (under the market regulator)
CREDIT_CODE_AGENCY = "全国组织机构统一社会信用代码数据服务中心"


@lru_cache(maxsize=1)
def code_labels() -> dict[tuple[str, str], str]:
    """(code IRI, language) -> skos:prefLabel, from the vocabulary (parsed once per process,
    as the validation of each report parses it)."""
    return {(str(s), o.language or ""): str(o)
            for s, o in load_vocabulary().subject_objects(SKOS.prefLabel)
            if isinstance(o, Literal)}


def _qualifiers(figure: Figure) -> list[tuple[str, str]]:
    """(code list, notation) of the figure's classification codes and fund."""
    return [(scheme_name, notation) for scheme_name, notation in (
        ("economic", figure.economic_code), ("functional", figure.functional_code),
        ("fund", figure.fund)) if notation]


def _listed(figure: Figure) -> bool:
    """A figure of a concept that lists several items (the vehicles by use): its item tells
    the quantity."""
    concept = CONCEPTS.get(figure.concept or "")
    return concept is not None and concept.list_member


def series_key(figure: Figure) -> tuple[str, ...] | None:
    """What a level figure measures, whatever the year: concept, budget phase, unit, and any
    classification code and fund; and the item, for a concept that lists several items (the
    vehicles by use). None for a figure that is not a level of a concept."""
    if figure.role is not Role.LEVEL or not figure.concept:
        return None
    key = [figure.concept, figure.phase, figure.unit.value]
    key.extend(f"{scheme_name}-{notation}" for scheme_name, notation in _qualifiers(figure))
    if _listed(figure):
        key.append(normalise_width(figure.item))
    return tuple(key)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in plain notation: 841800.00 -> '841800', 4.8E+4 -> '48000'.

    Exact whatever its digits (normalize() would round to the decimal context's 28 digits).
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


class ReportMapper:
    """Maps one report into its graph."""

    def __init__(self, report: Report, gazetteer: Gazetteer, minter: Minter,
                 publication: Publication | None = None) -> None:
        self.report = report
        self.publication = publication or Publication()
        self.gazetteer = gazetteer
        self.mint = minter
        self.graph = Graph()
        for prefix, namespace in ns.PREFIXES.items():
            self.graph.bind(prefix, namespace)
        agency = report.agency.name
        year = report.fiscal_year
        self.agency = minter.agency(agency)
        self.report_iri = minter.report(agency, year)
        self.dataset = minter.dataset(agency, year)
        self._spans: dict[Span, URIRef] = {}
        self._series: dict[str, URIRef] = {}

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal) -> None:
        self.graph.add((s, p, o))

    # --- provenance ---------------------------------------------------------------------------

    def span(self, span: Span) -> URIRef:
        """The specific resource of a span of the report text (minted once per span)."""
        if span in self._spans:
            return self._spans[span]
        source = self.report.source
        iri = self.mint.text(self.report.agency.name, self.report.fiscal_year, span.start, span.end)
        position = URIRef(f"{iri}#position")
        quote = URIRef(f"{iri}#quote")
        self.add(iri, RDF.type, OA.SpecificResource)
        self.add(iri, OA.hasSource, self.report_iri)
        self.add(iri, OA.hasSelector, position)
        self.add(iri, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(source.text(span)))
        prefix = source.raw[max(0, span.start - _QUOTE_CONTEXT):span.start]
        suffix = source.raw[span.end:span.end + _QUOTE_CONTEXT]
        if prefix:
            self.add(quote, OA.prefix, Literal(prefix))
        if suffix:
            self.add(quote, OA.suffix, Literal(suffix))
        self.add(iri, FK.text, Literal(source.text(span)))
        self.add(iri, FK.line, Literal(source.line_of(span.start), datatype=XSD.integer))
        self._spans[span] = iri
        return iri

    # --- the whole report ---------------------------------------------------------------------

    def map(self) -> Graph:
        self._report()
        self._agency()
        self._duties()
        self._units()
        self._series_of_figures()
        for figure in self.report.figures:
            self._figure(figure)
        self._glossary()
        return self.graph

    def _report(self) -> None:
        report, source = self.report, self.report.source
        iri, agency_name, year = self.report_iri, report.agency.name, report.fiscal_year
        self.add(iri, RDF.type, FK.Report)
        self.add(iri, RDF.type, FOAF.Document)
        self.add(iri, RDF.type, PROV.Entity)
        title = f"{agency_name}{year}年度部门决算"
        self.add(iri, DCTERMS.title, Literal(title, lang="zh"))
        self.add(iri, DCTERMS.title,
                 Literal(f"Final accounts {year} of {agency_name}", lang="en"))
        self.add(iri, RDFS.label, Literal(title, lang="zh"))
        self.add(iri, FK.agency, self.agency)
        self.add(iri, DCTERMS.publisher, self.agency)
        self.add(iri, FK.fiscalYear, Literal(str(year), datatype=XSD.gYear))
        # the same year as an integer: `?report fk:year 2018` matches (a gYear is no number)
        self.add(iri, FK.year, Literal(int(year), datatype=XSD.integer))
        self.add(iri, DCTERMS.temporal, URIRef(YEAR_IRI.format(year=year)))
        self.add(iri, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh"))
        self.add(iri, DCTERMS.format, Literal(source.media_type))
        self.add(iri, FK.sha256, Literal(source.sha256, datatype=XSD.hexBinary))
        self.add(iri, FK.characterEncoding, Literal(source.encoding))
        self.add(iri, FK.fileName, Literal(source.path.replace("\\", "/").rsplit("/", 1)[-1]))
        self.add(iri, FK.dataset, self.dataset)
        self.add(self.dataset, RDF.type, QB.DataSet)
        self.add(self.dataset, QB.structure, FK.dsd)
        self.add(self.dataset, RDFS.label, Literal(f"{title}数字", lang="zh"))
        self.add(self.dataset, RDFS.label,
                 Literal(f"Figures of the final accounts {year} of {agency_name}", lang="en"))
        self.add(self.dataset, PROV.wasDerivedFrom, iri)
        self.add(self.dataset, FK.report, iri)
        if report.year_span is not None:
            self.add(iri, FK.evidence, self.span(report.year_span))
        self._published(iri)
        self._identity_in_text(iri)

    def _published(self, iri: URIRef) -> None:
        """Where the report was published (the original the file is a copy of) and the licence
        its source states, as a build manifest gives them."""
        publication = self.publication
        if publication.source_url:
            original = URIRef(publication.source_url)
            self.add(iri, DCTERMS.source, original)
            self.add(iri, PROV.wasDerivedFrom, original)
        if publication.licence:
            self.add(iri, DCTERMS.license, URIRef(publication.licence))

    def _identity_in_text(self, iri: URIRef) -> None:
        """What the text says of each part of an identity given beside it (which won), for
        the recommended shapes to check against what was given."""
        said = self.report.text_identity
        if said is None:
            return
        if said.agency is not None:
            self.add(iri, FK.agencyNameInText, Literal(said.agency))
        if said.fiscal_year is not None:
            self.add(iri, FK.fiscalYearInText, Literal(str(said.fiscal_year), datatype=XSD.gYear))
        if said.region_code is not None:
            self.add(iri, FK.regionCodeInText, Literal(said.region_code))

    def _agency(self) -> None:
        agency = self.report.agency
        iri = self.agency
        self.add(iri, RDF.type, FK.Agency)
        self.add(iri, RDF.type, ns.CV.PublicOrganisation)
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, SKOS.prefLabel, Literal(agency.name, lang="zh"))
        self.add(iri, RDFS.label, Literal(agency.name, lang="zh"))
        if agency.region:
            place = self.gazetteer.by_code(agency.region_code or "")
            region = self.mint.place(place.code if place else None, agency.region)
            self.add(iri, DCTERMS.spatial, region)
            if place is None:  # an unknown place still gets a name
                self.add(region, RDF.type, FK.Place)
                self.add(region, SKOS.prefLabel, Literal(agency.region, lang="zh"))
        if agency.budget_level is not None and agency.level_span is not None:
            self.add(iri, FK.budgetUnitLevel, code("budget-level", str(agency.budget_level)))
            self.add(iri, FK.evidence, self.span(agency.level_span))
        if self.publication.credit_code:
            self._credit_code(iri, self.publication.credit_code)

    def _credit_code(self, agency: URIRef, credit_code: str) -> None:
        """The agency's national identifier: its unified social credit code (ADMS)."""
        identifier = self.mint.identifier(self.report.agency.name, "uscc")
        self.add(agency, ns.ADMS.identifier, identifier)
        self.add(identifier, RDF.type, ns.ADMS.Identifier)
        self.add(identifier, SKOS.notation, Literal(credit_code))
        self.add(identifier, DCTERMS.type, code("identifier-scheme", "uscc"))
        self.add(identifier, ns.ADMS.schemeAgency, Literal(CREDIT_CODE_AGENCY, lang="zh"))
        self.add(identifier, RDFS.label, Literal(f"统一社会信用代码 {credit_code}", lang="zh"))
        self.add(identifier, RDFS.label,
                 Literal(f"unified social credit code {credit_code}", lang="en"))

    def _duties(self) -> None:
        name, year = self.report.agency.name, self.report.fiscal_year
        for duty in self.report.duties:
            iri = self.mint.duty(name, year, duty.number)
            self.add(self.agency, FK.duty, iri)
            self.add(iri, RDF.type, FK.Duty)
            self.add(iri, FK.number, Literal(duty.number, datatype=XSD.integer))
            self.add(iri, FK.text, Literal(duty.text, lang="zh"))
            self.add(iri, RDFS.label, Literal(f"{name}职能{duty.number}", lang="zh"))
            self.add(iri, FK.report, self.report_iri)
            self.add(iri, FK.sourceSentence, self.span(duty.span))

    def _units(self) -> None:
        name, year = self.report.agency.name, self.report.fiscal_year
        for unit in self.report.units:
            iri = self.mint.unit(name, unit.name)
            listing = self.mint.listing(name, year, unit.position)
            self.add(iri, RDF.type, FK.InternalUnit)
            self.add(iri, RDF.type, ORG.OrganizationalUnit)
            self.add(iri, SKOS.prefLabel, Literal(unit.name, lang="zh"))
            self.add(iri, RDFS.label, Literal(unit.name, lang="zh"))
            self.add(iri, ORG.unitOf, self.agency)
            self.add(self.agency, ORG.hasUnit, iri)
            self.add(self.report_iri, FK.listsUnit, listing)
            self.add(listing, RDF.type, FK.UnitListing)
            self.add(listing, FK.listedUnit, iri)
            self.add(listing, FK.position, Literal(unit.position, datatype=XSD.integer))
            self.add(listing, FK.report, self.report_iri)
            self.add(listing, RDFS.label,
                     Literal(f"{unit.position}. {unit.name}", lang="zh"))
            self.add(listing, FK.sourceSentence, self.span(unit.span))

    # --- figures ------------------------------------------------------------------------------

    def _series_of_figures(self) -> None:
        """Each level figure joins its agency's series of the quantity it states (series_key)
        where the report states that quantity for the year once, or restates it (the same
        value again, under the same item or for a concept that is one quantity per report,
        such as 车辆保有量 in a sentence and again in a table). A concept stated for several
        items with different values, or under different names, gives no series (a concept that
        lists items, like the vehicles by use, has the item in its key). The series pairs
        the figures of different reports that state the same quantity: the checks across
        reports compare them."""
        groups: dict[tuple[tuple[str, ...], bool], list[Figure]] = {}
        for figure in self.report.figures:
            if (key := series_key(figure)) is not None:
                groups.setdefault((key, figure.prior_year), []).append(figure)
        for (key, _), figures in groups.items():
            if len(figures) > 1:
                concept = CONCEPTS.get(figures[0].concept or "")
                one_item = len({f.item for f in figures}) == 1
                if (len({f.value for f in figures}) > 1
                        or not (one_item or (concept is not None and concept.unique))):
                    continue
            for figure in figures:
                self._series[figure.key] = self._declare_series(figure, key)

    def _declare_series(self, figure: Figure, key: tuple[str, ...]) -> URIRef:
        name, labels = self.report.agency.name, code_labels()
        iri = self.mint.series(name, key)
        if (iri, RDF.type, FK.Series) not in self.graph:
            parts = [code("concept", figure.concept or "")]
            parts.extend(code(scheme_name, notation) for scheme_name, notation in _qualifiers(figure))
            zh = "，".join(labels.get((str(p), "zh"), str(p).rsplit("/", 1)[-1]) for p in parts)
            en = ", ".join(labels.get((str(p), "en"), str(p).rsplit("/", 1)[-1]) for p in parts)
            if _listed(figure):
                zh, en = f"{zh}：{figure.item}", f"{en}: {figure.item}"
            if figure.phase != "executed":  # the final accounts' own phase goes unsaid
                phase_zh, phase_en = _PHASES.get(figure.phase, (figure.phase, figure.phase))
                zh, en = f"{zh}（{phase_zh}）", f"{en} ({phase_en})"
            self.add(iri, RDF.type, FK.Series)
            self.add(iri, RDFS.label, Literal(f"{name}：{zh}", lang="zh"))
            self.add(iri, RDFS.label, Literal(f"{en} of {name}", lang="en"))
            # no fk:concept or fk:item of its own: queries take those for figures
            self.add(iri, ns.OBEU_DIMENSION.organization, self.agency)
        return iri

    def figure_iri(self, key: str) -> URIRef:
        return self.mint.figure(self.report.agency.name, self.report.fiscal_year, key)

    def _figure(self, figure: Figure) -> None:
        iri = self.figure_iri(figure.key)
        value = decimal_literal(figure.value)
        self.add(iri, RDF.type, FK.Figure)
        # a headline indicator of the year's work (a city's GDP, loans signed, meetings held)
        # is no money of the agency: no observation of the accounts, no amount, no budget phase
        indicator = figure.section is Section.INDICATOR
        if indicator:
            self.add(iri, RDF.type, FK.Indicator)
        else:
            self.add(iri, RDF.type, QB.Observation)
            self.add(iri, QB.dataSet, self.dataset)
        money = figure.unit is Unit.CNY and not indicator
        current = figure.phase == "executed" and not figure.prior_year
        if money and figure.role in (Role.LEVEL, Role.NONE) and current:
            if figure.section in _EXPENDITURE_SECTIONS or figure.concept == "performance-executed":
                self.add(iri, RDF.type, FK.Expenditure)
                self.add(iri, ns.OBEU_DIMENSION.operationCharacter,
                         ns.OBEU_CODELIST["operation-character/expenditure"])
            elif figure.section is Section.INCOME:
                self.add(iri, RDF.type, FK.Income)
                self.add(iri, ns.OBEU_DIMENSION.operationCharacter,
                         ns.OBEU_CODELIST["operation-character/revenue"])
        self.add(iri, FK.report, self.report_iri)
        self.add(iri, PROV.wasDerivedFrom, self.report_iri)
        self.add(iri, ns.OBEU_DIMENSION.organization, self.agency)
        year = figure.of_year or self.report.fiscal_year - (1 if figure.prior_year else 0)
        self.add(iri, ns.OBEU_DIMENSION.fiscalYear, URIRef(YEAR_IRI.format(year=year)))
        if not indicator:
            self.add(iri, ns.OBEU_DIMENSION.budgetPhase,
                     ns.OBEU_CODELIST[f"budget-phase/{figure.phase}"])
        self.add(iri, FK.section, code("section", figure.section.value))
        self.add(iri, FK.item, Literal(figure.item))
        self.add(iri, RDFS.label, Literal(figure.item, lang="zh"))
        self.add(iri, FK.role, code("role", figure.role.value))
        self.add(iri, FK.value, value)
        self.add(iri, ns.SDMX_ATTRIBUTE.unitMeasure, code("unit", figure.unit.value))
        if money:
            self.add(iri, ns.OBEU_MEASURE.amount, value)
            self.add(iri, ns.OBEU_ATTRIBUTE.currency, ns.EU_CURRENCY.CNY)
        self.add(iri, FK.sourceSentence, self.span(figure.sentence))
        if figure.key in self._series:
            self.add(iri, FK.series, self._series[figure.key])
        if figure.quantity is not None:
            q = figure.quantity
            self.add(iri, FK.statedText, Literal(self.report.source.text(q.span)))
            self.add(iri, FK.statedNumber, decimal_literal(q.number))
            self.add(iri, FK.statedScale, Literal(q.scale, datatype=XSD.integer))
            self.add(iri, FK.statedUnit, Literal(q.unit_text))
            self.add(iri, FK.resolution, decimal_literal(q.resolution))
            self.add(iri, FK.statedAt, self.span(q.span))
            if q.approximate:
                self.add(iri, FK.approximate, Literal(True))
        elif figure.statement is not None:
            self.add(iri, FK.statedText, Literal(self.report.source.text(figure.statement)))
            self.add(iri, FK.statedAt, self.span(figure.statement))
            self.add(iri, FK.resolution, Literal("0", datatype=XSD.decimal))
        self._figure_links(iri, figure)

    def _figure_links(self, iri: URIRef, figure: Figure) -> None:
        if figure.concept:
            self.add(iri, FK.concept, code("concept", figure.concept))
        if figure.economic_code:
            self.add(iri, FK.economicClassification, code("economic", figure.economic_code))
        if figure.functional_code:
            self.add(iri, FK.functionalClassification, code("functional", figure.functional_code))
        if figure.fund:
            self.add(iri, FK.fund, code("fund", figure.fund))
        if figure.parent and figure.relation:
            prop = FK.componentOf if figure.relation is Relation.COMPONENT else FK.includedIn
            self.add(iri, prop, self.figure_iri(figure.parent))
        if figure.base:
            prop = FK.shareOf if figure.role is Role.SHARE else FK.changeOf
            self.add(iri, prop, self.figure_iri(figure.base))
        for part in figure.more_parts:
            self.add(iri, FK.shareOf, self.figure_iri(part))
        if figure.share_base:
            self.add(iri, FK.shareBase, self.figure_iri(figure.share_base))
        if figure.comparison_year is not None:
            self.add(iri, FK.comparisonYear,
                     Literal(str(figure.comparison_year), datatype=XSD.gYear))

    # --- glossary -----------------------------------------------------------------------------

    def _glossary(self) -> None:
        name, year = self.report.agency.name, self.report.fiscal_year
        for entry in self.report.glossary:
            concept = (code("functional", entry.code) if entry.code
                       else self.mint.term(entry.term))
            definition = URIRef(f"{self.report_iri}/definition/{slug(entry.term)}")
            # the label of the shared concept, as its IRI: '因公出国（境）费' is '因公出国(境)费'
            term_label = normalise_width(entry.term).replace("“", "").replace("”", "").replace(
                '"', "")
            self.add(concept, RDF.type, FK.GlossaryConcept)
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.inScheme, scheme("glossary"))
            if not entry.code:  # code-list concepts have their labels in the vocabulary
                self.add(concept, SKOS.prefLabel, Literal(term_label, lang="zh"))
                english = GLOSSARY_EN.get(term_label)
                if english:
                    self.add(concept, SKOS.prefLabel, Literal(english, lang="en"))
            self.add(concept, SKOS.definition, Literal(entry.definition, lang="zh"))
            self.add(definition, RDF.type, FK.Definition)
            self.add(definition, FK["term"], Literal(entry.term))
            self.add(definition, FK.defines, concept)
            self.add(definition, SKOS.definition, Literal(entry.definition, lang="zh"))
            self.add(definition, FK.number, Literal(entry.number, datatype=XSD.integer))
            self.add(definition, FK.report, self.report_iri)
            self.add(definition, RDFS.label, Literal(f"{term_label}({name}{year})", lang="zh"))
            self.add(definition, FK.sourceSentence, self.span(entry.span))


def map_report(report: Report, gazetteer: Gazetteer, minter: Minter,
               publication: Publication | None = None) -> Graph:
    """The graph of one report, with what a build manifest says of its publication."""
    return ReportMapper(report, gazetteer, minter, publication).map()


def map_places(gazetteer: Gazetteer, minter: Minter,
               places: Iterable[Place] | None = None) -> Graph:
    """The places graph: administrative divisions and their hierarchy (their verified outward
    links are a link set: pipeline/linksets.py); `places`, or every division."""
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    for place in gazetteer.divisions if places is None else places:
        _map_place(graph, place, minter)
    return graph


def _map_place(graph: Graph, place: Place, minter: Minter) -> None:
    iri = minter.place(place.code, place.name)
    graph.add((iri, RDF.type, FK.Place))
    graph.add((iri, RDF.type, DCTERMS.Location))
    graph.add((iri, SKOS.prefLabel, Literal(place.name, lang="zh")))
    graph.add((iri, RDFS.label, Literal(place.name, lang="zh")))
    if place.name_en:
        graph.add((iri, SKOS.prefLabel, Literal(place.name_en, lang="en")))
    graph.add((iri, SKOS.notation, Literal(place.code)))
    graph.add((iri, FK.adminCode, Literal(place.code)))
    graph.add((iri, DCTERMS.type, Literal(place.level)))
    if place.parent:
        graph.add((iri, DCTERMS.isPartOf, minter.place(place.parent, "")))
    graph.add((iri, DCTERMS.source, Literal(place.source)))  # its links are in graph/links
