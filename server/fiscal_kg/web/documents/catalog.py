"""The DCAT-AP 3 catalogue of the service: one dcat:Dataset per report, a dcat:DatasetSeries per
agency, a distribution per dump, and the SPARQL endpoint as a dcat:DataService.

Built from the build's manifest alone (reports with their places, dumps with their sizes and
checksums, what a build manifest said of each report), once per build. Controlled values come
from the EU vocabularies DCAT-AP names (data themes, file types, languages, access rights,
frequencies, countries), with the descriptions DCAT-AP's range shapes expect beside them.

Licences: a report's dataset and its downloads carry the licence its source states (from the
build manifest); where the source states none, no licence is claimed and `dct:rights` says so.
What covers several reports (the whole graph, its downloads, the SPARQL endpoint) carries a
licence only when every report states the same one. The catalogue's own metadata is ours, under
CC BY 4.0.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from fiscal_kg.config import Settings
from fiscal_kg.licences import ADMS_LICENCE_TYPE, CC_BY_4_0, common_licence, describe_licence
from fiscal_kg.namespaces import ADMS, PREFIXES, SPDX
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.store.buildinfo import BuildInfo, DumpInfo, ReportInfo

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # open: rdflib's closed one predates DCAT 3
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
# dct:rights where no licence can be claimed: (fragment of /catalog, zh, en)
NO_LICENCE = ("no-licence", "来源未声明许可：本目录不为这些数据声明任何许可。",
              "The source states no licence: none is claimed for these data.")
LICENCES_DIFFER = ("licences-differ",
                   "各报告的来源声明的许可不同，或有的未声明许可：整体不声明许可，见各报告的数据集。",
                   "The reports' sources state different licences, or some state none: no "
                   "licence is claimed for them together; each report's dataset says its own.")
FILE_TYPES = {"ttl": "RDF_TURTLE", "nt": "RDF_N_TRIPLES", "jsonld": "JSON_LD", "nq": "RDF_N_QUADS",
              "csv": "CSV", "json": "JSON"}
THEMES = ("GOVE", "ECON")
LEVEL_TYPES = {"country": "NationalAuthority", "province": "RegionalAuthority",
               "prefecture": "LocalAuthority", "county": "LocalAuthority"}


def _concept(graph: Graph, iri: URIRef, scheme: str, label: str) -> URIRef:
    """An EU (or ADMS) vocabulary value, described as DCAT-AP's range shapes expect."""
    graph.add((iri, RDF.type, SKOS.Concept))
    graph.add((iri, SKOS.inScheme, URIRef(scheme)))
    graph.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
    graph.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
    graph.add((URIRef(scheme), DCTERMS.title, Literal(scheme.rstrip("/").rsplit("/", 1)[-1],
                                                      lang="en")))
    return iri


class CatalogBuilder:
    def __init__(self, settings: Settings, manifest: BuildInfo) -> None:
        self.settings = settings
        self.manifest = manifest
        self.public = settings.public_url
        self.minter = Minter(settings.base_iri)
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.graph.bind("adms", ADMS)
        self.graph.bind("vcard", VCARD)
        self.modified = Literal(manifest.built_at, datatype=XSD.dateTime)
        self.catalog = URIRef(self.public + "/catalog")
        self.service = URIRef(self.public + "/sparql#service")
        self.publisher = URIRef(self.minter.base + "id/publisher/fiscal-kg")
        licences = manifest.licences()
        self.common = common_licence(licences)  # every report's source states this one
        self.stated = any(licences)

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal) -> None:
        self.graph.add((s, p, o))

    def texts(self, s: URIRef | BNode, p: URIRef, zh: str, en: str) -> None:
        self.add(s, p, Literal(zh, lang="zh"))
        self.add(s, p, Literal(en, lang="en"))

    def build(self) -> Graph:
        self._catalog()
        self._service()
        series: dict[str, URIRef] = {}
        for report in self.manifest.reports:
            agency = report.agency
            if agency not in series:
                series[agency] = self._series(report)
            self._dataset(report, series[agency])
        self._all_reports()
        # the catalogue and the whole graph cover the places of all the reports
        places = {p for p in self.graph.objects(None, DCTERMS.spatial) if isinstance(p, URIRef)}
        for place in places:
            self.add(self.catalog, DCTERMS.spatial, place)
            self.add(URIRef(self.minter.base + "id/dataset/all"), DCTERMS.spatial, place)
        return self.graph

    # --- the catalogue, its publisher and its service ----------------------------------------

    def _catalog(self) -> None:
        c = self.catalog
        self.add(c, RDF.type, DCAT.Catalog)
        self.texts(c, DCTERMS.title, "财政决算知识图谱数据目录", "fiscal-kg catalogue")
        self.texts(c, DCTERMS.description,
                   "各部门决算公开报告的关联数据：每份报告的全部数字，带原文出处与校验结果。",
                   "Chinese government final-accounts reports (部门决算公开) as linked data: every "
                   "figure a report states, with the sentence it came from and validation results.")
        self.add(c, DCTERMS.publisher, self._agent(self.publisher, "fiscal-kg", "fiscal-kg",
                                                   "NonProfitOrganisation"))
        homepage = URIRef(self.public + "/")
        self.add(c, FOAF.homepage, homepage)
        self.add(homepage, RDF.type, FOAF.Document)
        for code in ("ZHO", "ENG"):
            self.add(c, DCTERMS.language, self._language(code))
        self.add(c, DCTERMS.license, self._licence(CC_BY_4_0.url))  # our metadata
        self.add(c, DCAT.themeTaxonomy, URIRef(EU + "data-theme"))
        self.add(URIRef(EU + "data-theme"), RDF.type, SKOS.ConceptScheme)
        self.add(URIRef(EU + "data-theme"), DCTERMS.title, Literal("Data theme", lang="en"))
        self.add(c, DCTERMS.modified, self.modified)
        self.add(c, DCTERMS.issued, self.modified)
        self.add(c, DCAT.service, self.service)

    def _agent(self, iri: URIRef, zh: str, en: str, kind: str) -> URIRef:
        self.add(iri, RDF.type, FOAF.Agent)
        self.add(iri, FOAF.name, Literal(zh, lang="zh"))
        if en != zh:
            self.add(iri, FOAF.name, Literal(en, lang="en"))
        self.add(iri, DCTERMS.type, _concept(self.graph, URIRef(PUBLISHER_TYPE + kind),
                                            PUBLISHER_TYPE.rstrip("/") + "/1.0", kind))
        return iri

    def _language(self, code: str) -> URIRef:
        iri = _concept(self.graph, URIRef(EU + f"language/{code}"), EU + "language", code)
        self.add(iri, RDF.type, DCTERMS.LinguisticSystem)
        return iri

    def _licence(self, url: str) -> URIRef:
        """A licence document: its title and ADMS licence types where it is a known one."""
        licence = describe_licence(url)
        iri = URIRef(licence.url)
        self.add(iri, RDF.type, DCTERMS.LicenseDocument)
        for kind in licence.types:
            self.add(iri, DCTERMS.type, _concept(self.graph, URIRef(ADMS_LICENCE_TYPE + kind),
                                                 ADMS_LICENCE_TYPE + "1.0", kind))
        self.add(iri, RDFS.label, Literal(licence.title or licence.url, lang="en"))
        return iri

    def _rights(self, kind: tuple[str, str, str]) -> URIRef:
        """A rights statement of the catalogue's: why no licence is claimed."""
        fragment, zh, en = kind
        iri = URIRef(f"{self.catalog}#{fragment}")
        self.add(iri, RDF.type, DCTERMS.RightsStatement)
        self.texts(iri, RDFS.label, zh, en)
        return iri

    def _licensed(self, subject: URIRef, licence: str | None) -> None:
        """The licence of one report's data, or the statement that its source states none."""
        if licence:
            self.add(subject, DCTERMS.license, self._licence(licence))
        else:
            self.add(subject, DCTERMS.rights, self._rights(NO_LICENCE))

    def _licensed_together(self, subject: URIRef) -> None:
        """The licence of what covers every report: theirs, when they all state the same."""
        if self.common or not self.stated:
            self._licensed(subject, self.common)
        else:
            self.add(subject, DCTERMS.rights, self._rights(LICENCES_DIFFER))

    def _country(self) -> URIRef:
        return self._location(_concept(self.graph, URIRef(EU + "country/CHN"), EU + "country",
                                       "China"))

    def _location(self, iri: URIRef) -> URIRef:
        self.add(iri, RDF.type, DCTERMS.Location)
        return iri

    def _contact(self) -> BNode:
        contact = BNode()
        self.add(contact, RDF.type, VCARD.Organization)
        self.add(contact, RDF.type, VCARD.Kind)
        self.add(contact, VCARD.fn, Literal("fiscal-kg"))
        self.add(contact, VCARD.hasURL, URIRef(self.public + "/"))
        return contact

    def _service(self) -> None:
        s, endpoint = self.service, URIRef(self.public + "/sparql")
        self.add(s, RDF.type, DCAT.DataService)
        self.texts(s, DCTERMS.title, "SPARQL查询服务", "SPARQL endpoint")
        self.texts(s, DCTERMS.description, "SPARQL 1.1 查询协议，只读。",
                   "SPARQL 1.1 Protocol, read-only; the default graph is the union of all reports.")
        self.add(s, DCAT.endpointURL, endpoint)
        self.add(s, DCAT.endpointDescription, endpoint)
        self.add(s, DCTERMS.conformsTo, self._standard(
            "https://www.w3.org/TR/sparql11-protocol/", "SPARQL 1.1 Protocol"))
        self._licensed_together(s)
        self.add(s, DCTERMS.publisher, self.publisher)
        self.add(s, DCTERMS.accessRights, self._public())
        self.add(s, DCAT.contactPoint, self._contact())
        self.add(s, DCAT.keyword, Literal("SPARQL", lang="en"))
        self.add(s, DCAT.keyword, Literal("部门决算", lang="zh"))
        for theme in THEMES:
            self.add(s, DCAT.theme, self._theme(theme))

    def _standard(self, iri: str, title: str) -> URIRef:
        standard = URIRef(iri)
        self.add(standard, RDF.type, DCTERMS.Standard)
        self.add(standard, DCTERMS.title, Literal(title, lang="en"))
        return standard

    def _theme(self, code: str) -> URIRef:
        return _concept(self.graph, URIRef(EU + f"data-theme/{code}"), EU + "data-theme", code)

    def _public(self) -> URIRef:
        iri = _concept(self.graph, URIRef(EU + "access-right/PUBLIC"), EU + "access-right",
                       "public")
        self.add(iri, RDF.type, DCTERMS.RightsStatement)
        return iri

    def _yearly(self) -> URIRef:
        iri = _concept(self.graph, URIRef(EU + "frequency/ANNUAL"), EU + "frequency", "annual")
        self.add(iri, RDF.type, DCTERMS.Frequency)
        return iri

    # --- series, datasets, distributions --------------------------------------------------------

    def _places(self, report: ReportInfo) -> list[URIRef]:
        """dct:spatial values DCAT-AP knows: the nearest place that has a GeoNames record (with
        its coordinates as centroid), else the country."""
        spatial = report.spatial
        if spatial is None:
            return [self._country()]
        location = self._location(URIRef(f"https://sws.geonames.org/{spatial.geonames}/"))
        self.add(location, RDFS.label, Literal(spatial.name, lang="zh"))
        if spatial.latitude and spatial.longitude:
            self.add(location, DCAT.centroid, Literal(
                f"POINT({spatial.longitude} {spatial.latitude})", datatype=WKT))
        return [location]

    def _series(self, report: ReportInfo) -> URIRef:
        agency = report.agency
        series = URIRef(self.minter.base + f"id/series/{report.agency_iri.rsplit('/', 1)[-1]}")
        self.add(series, RDF.type, DCAT.DatasetSeries)
        self.texts(series, DCTERMS.title, f"{agency}部门决算（各年度）",
                   f"Final accounts of {agency}, year by year")
        self.texts(series, DCTERMS.description, f"{agency}历年部门决算公开报告的数据。",
                   f"The yearly final-accounts reports of {agency} as data.")
        self.add(series, DCTERMS.publisher, self._publisher(report))
        self.add(series, DCTERMS.accrualPeriodicity, self._yearly())
        self.add(series, DCAT.contactPoint, self._contact())
        for place in self._places(report):
            self.add(series, DCTERMS.spatial, place)
        return series

    def _publisher(self, report: ReportInfo) -> URIRef:
        kind = LEVEL_TYPES.get(report.region_level or "", "LocalAuthority")
        return self._agent(URIRef(report.agency_iri), report.agency, report.agency, kind)

    def _terms(self, d: URIRef) -> None:
        """What every dataset of the catalogue shares: themes, access, yearly updates,
        language and the build's date."""
        for theme in THEMES:
            self.add(d, DCAT.theme, self._theme(theme))
        self.add(d, DCTERMS.accessRights, self._public())
        self.add(d, DCTERMS.accrualPeriodicity, self._yearly())
        self.add(d, DCTERMS.language, self._language("ZHO"))
        self.add(d, DCTERMS.modified, self.modified)

    def _dataset(self, report: ReportInfo, series: URIRef) -> None:
        d = URIRef(report.graph)
        agency, year = report.agency, report.fiscal_year
        self.add(d, RDF.type, DCAT.Dataset)
        self.add(d, DCTERMS.identifier, Literal(report.graph))
        self.texts(d, DCTERMS.title, f"{agency}{year}年度部门决算数据",
                   f"Final accounts {year} of {agency} (data)")
        self.texts(d, DCTERMS.description,
                   f"{agency}{year}年度部门决算公开报告中陈述的{report.figures}个数字、"
                   f"{report.units}个内设机构及名词解释，每个数字链接到其原文句子。",
                   f"The {report.figures} figures, {report.units} internal units and the "
                   f"glossary stated in the {year} final-accounts report of {agency}, each figure "
                   f"linked to the sentence it came from.")
        self.add(d, DCTERMS.publisher, self._publisher(report))
        for place in self._places(report):
            self.add(d, DCTERMS.spatial, place)
        self.add(d, DCTERMS.temporal, self._period(year, year))
        for zh, en in (("部门决算", "final accounts"), ("财政", "public finance"),
                       ("三公经费", "three public costs"), (agency, str(year))):
            self.add(d, DCAT.keyword, Literal(zh, lang="zh"))
            self.add(d, DCAT.keyword, Literal(en, lang="en"))
        self._terms(d)
        self._licensed(d, report.licence)
        self.add(d, DCTERMS.issued, self.modified)
        self.add(d, DCAT.contactPoint, self._contact())
        self.add(d, PROV.wasDerivedFrom, URIRef(report.report))
        if report.source_url:
            self._original(d, report, report.source_url)
        self.add(d, DCAT.inSeries, series)
        landing = URIRef(self.public + "/" + report.report[len(self.minter.base):])
        self.add(d, DCAT.landingPage, landing)
        self.add(landing, RDF.type, FOAF.Document)
        self.add(self.catalog, DCAT.dataset, d)
        self.add(self.service, DCAT.servesDataset, d)
        for dump in self.manifest.dumps:
            if dump.graph == report.graph:
                self.add(d, DCAT.distribution, self._distribution(
                    dump, lambda dist: self._licensed(dist, report.licence)))

    def _original(self, d: URIRef, report: ReportInfo, source_url: str) -> None:
        """The published original the report was read from: a page of the dataset, and its
        provenance in words."""
        original = URIRef(source_url)
        self.add(d, FOAF.page, original)
        self.add(original, RDF.type, FOAF.Document)
        self.texts(original, DCTERMS.title, "发布原文", "the published original")
        provenance = BNode()
        self.add(d, DCTERMS.provenance, provenance)
        self.add(provenance, RDF.type, DCTERMS.ProvenanceStatement)
        self.texts(provenance, RDFS.label,
                   f"数据读自{report.agency}发布的报告原文 {original}（SHA-256 {report.sha256}）。",
                   f"Read from the report {report.agency} published at {original} "
                   f"(SHA-256 {report.sha256}).")

    def _period(self, first: int, last: int) -> BNode:
        period = BNode()
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        self.add(period, DCAT.startDate, Literal(f"{first}-01-01", datatype=XSD.date))
        self.add(period, DCAT.endDate, Literal(f"{last}-12-31", datatype=XSD.date))
        return period

    def _stable(self) -> URIRef:
        return _concept(self.graph, URIRef(EU + "planned-availability/STABLE"),
                        EU + "planned-availability", "stable")

    def _all_reports(self) -> None:
        d = URIRef(self.minter.base + "id/dataset/all")
        self.add(d, RDF.type, DCAT.Dataset)
        self.add(d, DCTERMS.identifier, Literal(str(d)))
        self.texts(d, DCTERMS.title, "全部报告", "All reports")
        self.texts(d, DCTERMS.description,
                   "所有报告、词汇、代码表、地名与校验结果合并而成的整个图。",
                   "The whole graph: every report with the vocabulary, code lists, places, "
                   "link sets and validation results; also the tabular export of every figure.")
        self.add(d, DCTERMS.publisher, self.publisher)
        self._terms(d)
        self._licensed_together(d)
        years = sorted(int(r.fiscal_year) for r in self.manifest.reports)
        if years:
            self.add(d, DCTERMS.temporal, self._period(years[0], years[-1]))
        self.add(d, DCAT.keyword, Literal("部门决算", lang="zh"))
        self.add(d, DCAT.keyword, Literal("final accounts", lang="en"))
        self.add(d, DCAT.contactPoint, self._contact())
        self.add(self.catalog, DCAT.dataset, d)
        self.add(self.service, DCAT.servesDataset, d)
        for report in self.manifest.reports:
            self.add(d, DCTERMS.hasPart, URIRef(report.graph))
        for dump in self.manifest.dumps:
            if dump.graph is None:
                self.add(d, DCAT.distribution, self._distribution(dump, self._licensed_together))
        sparql = URIRef(str(d) + "/distribution/sparql")
        self.add(d, DCAT.distribution, sparql)
        self.add(sparql, RDF.type, DCAT.Distribution)
        self.texts(sparql, DCTERMS.title, "SPARQL查询", "SPARQL endpoint")
        self.texts(sparql, DCTERMS.description, "通过SPARQL 1.1协议查询整个图。",
                   "The whole graph, queried with the SPARQL 1.1 Protocol.")
        self.add(sparql, DCTERMS.format, _concept(self.graph, URIRef(EU + "file-type/SPARQLQ"),
                                                  EU + "file-type", "SPARQLQ"))
        self.add(URIRef(EU + "file-type/SPARQLQ"), RDF.type, DCTERMS.MediaTypeOrExtent)
        self.add(sparql, DCATAP.availability, self._stable())
        self.add(sparql, DCAT.accessURL, URIRef(self.public + "/sparql"))
        self.add(sparql, DCAT.accessService, self.service)
        self._licensed_together(sparql)

    def _distribution(self, dump: DumpInfo, licensed: Callable[[URIRef], None]) -> URIRef:
        """A download; `licensed` gives it its dataset's licence (or says there is none)."""
        url = URIRef(f"{self.public}/{dump.path}")
        dist = URIRef(f"{url}#distribution")
        self.add(dist, RDF.type, DCAT.Distribution)
        self.add(dist, DCTERMS.title, Literal(dump.title, lang="en"))
        self.add(dist, DCTERMS.description, Literal(dump.title, lang="en"))
        self.add(dist, DCAT.accessURL, url)
        self.add(dist, DCAT.downloadURL, url)
        self.add(dist, DCAT.mediaType, self._media(dump.media_type))
        if dump.compress:
            self.add(dist, DCAT.compressFormat, self._media(dump.compress))
        file_type = URIRef(EU + f"file-type/{FILE_TYPES[dump.format]}")
        self.add(dist, DCTERMS.format, _concept(self.graph, file_type, EU + "file-type",
                                                FILE_TYPES[dump.format]))
        self.add(file_type, RDF.type, DCTERMS.MediaTypeOrExtent)
        self.add(dist, DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger))
        checksum = BNode()
        self.add(dist, SPDX.checksum, checksum)
        self.add(checksum, RDF.type, SPDX.Checksum)
        # SPDX's own individual, in its namespace (http://spdx.org/rdf/terms#), as DCAT-AP's
        # namespace table and its earlier releases' shapes write it; DCAT-AP 3.0.x's
        # controlled-vocabulary shape asks for an https form that SPDX does not define
        sha256 = SPDX.checksumAlgorithm_sha256
        self.add(checksum, SPDX.algorithm, sha256)
        self.add(sha256, RDF.type, SPDX.ChecksumAlgorithm)
        self.add(checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary))
        licensed(dist)
        self.add(dist, DCTERMS.modified, self.modified)
        self.add(dist, DCTERMS.issued, self.modified)
        self.add(dist, DCATAP.availability, self._stable())
        self.add(dist, ADMS.status, _concept(self.graph, URIRef(EU + "distribution-status/COMPLETED"),
                                             EU + "distribution-status", "completed"))
        return dist

    def _media(self, media_type: str) -> URIRef:
        iri = URIRef(IANA + media_type)
        self.add(iri, RDF.type, DCTERMS.MediaType)
        return iri


def catalog_graph(settings: Settings, manifest: BuildInfo) -> Graph:
    return CatalogBuilder(settings, manifest).build()
