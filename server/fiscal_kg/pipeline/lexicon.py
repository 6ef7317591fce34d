"""The template's vocabulary: which printed labels name which fiscal concept.

Each concept (a SKOS concept in `ontology/concepts.ttl`, keyed by its notation) has the section
it belongs to, the parent concepts it is a part of (tried in order; the first one the report
states is the parent), and whether the parts of a parent add up to it (a *closed* breakdown,
checked with =) or only make up some of it (checked with <=). Rules map a label to a concept;
they are tried in order within the section kinds they apply to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fiscal_kg.pipeline.numbers import Unit
from fiscal_kg.pipeline.records import Section
from fiscal_kg.pipeline.sections import Kind


@dataclass(frozen=True)
class Concept:
    notation: str
    section: Section
    parents: tuple[str, ...] = ()
    # 'group': the parent must be stated in the same clause group (up to ';' or '。');
    # 'section': anywhere in the report.
    scope: str = "section"
    fund: str | None = None
    list_member: bool = False  # unrecognised labels right after it are more of the same
    unique: bool = False  # every figure of this concept in a report states the same quantity
    subset: bool = False  # cuts across its parent's breakdown: always a part, never a component
    # its parts are only those listed after 其中 ('实有人数138人, 其中: 在职61人, 退休52人'; not
    # '实有人员30人, 离退休人员41人', where the retired are beside the staff)
    listed_parts: bool = False


# One fund's appropriation is a part of all appropriations; where the report lists it without
# them ('本年收入合计X, 其中: 一般公共预算财政拨款收入Y, 事业收入Z'), of the year's income.
_APPROPRIATION_PARENTS = ("income-appropriation", "income-current-year", "income-total")

# Staff counts are parts of the staff funded (财政供养人数, whose parts add up to it) or of the
# staff on the books (实有人数: what it counts varies, so its parts only do not exceed it).
_STAFF_PARENTS = ("staff-funded", "staff-actual")

CONCEPTS: dict[str, Concept] = {c.notation: c for c in (
    # staffing and composition
    Concept("staff-authorised", Section.STAFFING),
    Concept("staff-funded", Section.STAFFING),
    Concept("staff-actual", Section.STAFFING, listed_parts=True),
    Concept("staff-active", Section.STAFFING, _STAFF_PARENTS, "group"),
    Concept("staff-off-establishment", Section.STAFFING, _STAFF_PARENTS, "group"),
    Concept("staff-retired-cadres", Section.STAFFING, _STAFF_PARENTS, "group"),
    Concept("staff-retired", Section.STAFFING, _STAFF_PARENTS, "group"),
    Concept("units-internal", Section.STAFFING),
    Concept("units-secondary", Section.STAFFING),
    # income
    Concept("income-total", Section.INCOME, unique=True),
    Concept("appropriation-income-total", Section.INCOME, unique=True,
            fund="fiscal-appropriation"),
    Concept("income-current-year", Section.INCOME, ("income-total",)),
    Concept("income-appropriation", Section.INCOME, ("income-current-year", "income-total"),
            fund="fiscal-appropriation"),
    Concept("income-general-budget", Section.INCOME, _APPROPRIATION_PARENTS,
            fund="general-public-budget"),
    Concept("income-government-fund", Section.INCOME, _APPROPRIATION_PARENTS,
            fund="government-fund-budget"),
    Concept("income-state-capital", Section.INCOME, _APPROPRIATION_PARENTS,
            fund="state-capital-budget"),
    Concept("income-public-institution", Section.INCOME, ("income-current-year", "income-total")),
    Concept("income-operating", Section.INCOME, ("income-current-year", "income-total")),
    Concept("income-superior-subsidy", Section.INCOME, ("income-current-year", "income-total")),
    Concept("income-affiliate", Section.INCOME, ("income-current-year", "income-total")),
    Concept("income-other", Section.INCOME, ("income-current-year", "income-total")),
    Concept("income-carryover", Section.INCOME, ("income-total",), fund="carryover"),
    Concept("income-carryover-project", Section.INCOME, ("income-carryover",), "group",
            fund="carryover", subset=True),
    # expenditure
    Concept("expenditure-total", Section.EXPENDITURE, unique=True),
    Concept("appropriation-expenditure-total", Section.EXPENDITURE, unique=True,
            fund="fiscal-appropriation"),
    Concept("expenditure-current-year", Section.EXPENDITURE, ("expenditure-total",)),
    Concept("expenditure-basic", Section.EXPENDITURE,
            ("expenditure-current-year", "expenditure-total")),
    Concept("expenditure-project", Section.EXPENDITURE,
            ("expenditure-current-year", "expenditure-total")),
    Concept("expenditure-to-superior", Section.EXPENDITURE,
            ("expenditure-current-year", "expenditure-total")),
    Concept("expenditure-operating", Section.EXPENDITURE,
            ("expenditure-current-year", "expenditure-total")),
    Concept("expenditure-affiliate-subsidy", Section.EXPENDITURE,
            ("expenditure-current-year", "expenditure-total")),
    Concept("expenditure-personnel", Section.EXPENDITURE, ("expenditure-basic",)),
    Concept("expenditure-public-funds", Section.EXPENDITURE, ("expenditure-basic",)),
    Concept("expenditure-carryover", Section.EXPENDITURE, ("expenditure-total",)),
    Concept("expenditure-carryover-project", Section.EXPENDITURE, ("expenditure-carryover",),
            "group", subset=True),
    Concept("general-budget-expenditure", Section.EXPENDITURE),
    Concept("expenditure-functional-class", Section.EXPENDITURE,
            ("general-budget-expenditure",), list_member=True),
    # "三公" costs
    Concept("three-public-total", Section.THREE_PUBLIC),
    Concept("three-public-abroad", Section.THREE_PUBLIC, ("three-public-total",)),
    Concept("three-public-reception", Section.THREE_PUBLIC, ("three-public-total",)),
    Concept("three-public-vehicles", Section.THREE_PUBLIC, ("three-public-total",)),
    Concept("three-public-vehicle-operation", Section.THREE_PUBLIC, ("three-public-vehicles",)),
    Concept("three-public-vehicle-purchase", Section.THREE_PUBLIC, ("three-public-vehicles",)),
    Concept("abroad-groups", Section.THREE_PUBLIC),
    Concept("abroad-persons", Section.THREE_PUBLIC),
    Concept("reception-batches", Section.THREE_PUBLIC),
    Concept("reception-persons", Section.THREE_PUBLIC),
    Concept("vehicles-purchased", Section.THREE_PUBLIC),
    Concept("vehicles-held", Section.ASSETS, unique=True),
    # 机关运行经费
    Concept("operating-costs-total", Section.OPERATING_COSTS),
    Concept("operating-cost-item", Section.OPERATING_COSTS, ("operating-costs-total",),
            list_member=True),
    # procurement
    Concept("procurement-planned", Section.PROCUREMENT),
    Concept("procurement-actual", Section.PROCUREMENT),
    Concept("procurement-goods", Section.PROCUREMENT, ("procurement-actual",)),
    Concept("procurement-works", Section.PROCUREMENT, ("procurement-actual",)),
    Concept("procurement-services", Section.PROCUREMENT, ("procurement-actual",)),
    Concept("procurement-sme", Section.PROCUREMENT, ("procurement-actual",), subset=True),
    Concept("procurement-small-micro", Section.PROCUREMENT,
            ("procurement-sme", "procurement-actual"), subset=True),
    # state assets
    Concept("premises-count", Section.ASSETS),
    Concept("premises-area", Section.ASSETS),
    Concept("premises-value", Section.ASSETS),
    Concept("vehicles-value", Section.ASSETS),
    Concept("vehicles-by-use", Section.ASSETS, ("vehicles-held",), "group", list_member=True),
    Concept("special-equipment-count", Section.ASSETS),
    Concept("special-equipment-value", Section.ASSETS),
    Concept("general-equipment-count", Section.ASSETS),
    Concept("general-equipment-value", Section.ASSETS),
    Concept("furniture-count", Section.ASSETS),
    Concept("furniture-value", Section.ASSETS),
    # budget performance
    Concept("performance-projects", Section.PERFORMANCE),
    Concept("performance-amount", Section.PERFORMANCE),
    Concept("performance-initial-budget", Section.PERFORMANCE),
    Concept("performance-addition", Section.PERFORMANCE, list_member=True),
    Concept("performance-executed", Section.PERFORMANCE),
    Concept("performance-executed-general-budget", Section.PERFORMANCE,
            ("performance-executed",), fund="general-public-budget", subset=True),
    Concept("performance-score", Section.PERFORMANCE),
)}

# Parents whose stated parts make up the whole of them: sum(parts) = parent. (Vehicles held
# are not: a report names some kinds of vehicle, '车辆21辆, 其中执法执勤用车3辆、特种专业技术用车14辆',
# without saying the others are none.)
CLOSED = frozenset({
    "staff-funded", "income-total", "income-current-year", "income-appropriation",
    "expenditure-total", "expenditure-current-year", "expenditure-basic",
    "three-public-total", "three-public-vehicles", "procurement-actual",
    "general-budget-expenditure",
})

# The parts a closed breakdown must state before its sum can be checked for equality; when
# one is missing the stated parts are only checked not to exceed the total. ('收入总计' with its
# 本年收入合计 but without 年初结转 is not an error of the report.)
REQUIRED: dict[str, frozenset[str]] = {
    "income-total": frozenset({"income-carryover"}),
    "expenditure-total": frozenset({"expenditure-carryover"}),
    "three-public-total": frozenset({"three-public-abroad", "three-public-reception",
                                     "three-public-vehicles"}),
    "three-public-vehicles": frozenset({"three-public-vehicle-operation",
                                        "three-public-vehicle-purchase"}),
    "procurement-actual": frozenset({"procurement-goods", "procurement-works", "procurement-services"}),
    "expenditure-current-year": frozenset({"expenditure-basic", "expenditure-project"}),
}

# A table's or list's 合计 / 总计 row is the total of the section it stands in.
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "总额", "合 计", "总 计"})
SECTION_TOTALS: dict[Kind, str] = {
    Kind.THREE_PUBLIC: "three-public-total",
    Kind.OPERATING_COSTS: "operating-costs-total",
    Kind.PROCUREMENT: "procurement-actual",
    Kind.INCOME: "income-total",
    Kind.EXPENDITURE: "expenditure-total",
    Kind.GENERAL_BUDGET: "general-budget-expenditure",
}

# Concepts whose figures must be equal (收入总计 = 支出总计) are linked by fk:balances in
# ontology/codelists.ttl, which the arithmetic shapes read.


@dataclass(frozen=True)
class Rule:
    concept: str
    kinds: frozenset[Kind]
    pattern: re.Pattern[str]
    units: frozenset[Unit]
    counters: frozenset[str] = frozenset()  # counting words required, if any
    with_counter: bool = False  # the item is the label followed by its counting word
    whole_label: bool = False  # the item is the whole label, not only the matched words
    suffix: str = ""  # a noun the item ends with ('因公出国(境)' + '团组')


_INCOME = frozenset({Kind.INCOME, Kind.INCOME_EXPENDITURE, Kind.APPROPRIATION, Kind.FINANCE})
_EXPENDITURE = frozenset({Kind.EXPENDITURE, Kind.INCOME_EXPENDITURE, Kind.APPROPRIATION,
                          Kind.GENERAL_BUDGET, Kind.FINANCE})
_STAFF = frozenset({Kind.STAFFING, Kind.COMPOSITION, Kind.ORGANISATION})
_MONEY = frozenset({Unit.CNY})
_COUNT = frozenset({Unit.COUNT})


def _r(concept: str, kinds: frozenset[Kind] | Kind, pattern: str,
       units: frozenset[Unit] = _MONEY, counters: str = "", *, with_counter: bool = False,
       whole_label: bool = False, suffix: str = "") -> Rule:
    kind_set = frozenset({kinds}) if isinstance(kinds, Kind) else kinds
    return Rule(concept, kind_set, re.compile(pattern), units,
                frozenset(counters.split()) if counters else frozenset(), with_counter,
                whole_label, suffix)


_TP = Kind.THREE_PUBLIC
_AS = Kind.ASSETS
_PF = Kind.PERFORMANCE
_PR = Kind.PROCUREMENT
_OC = Kind.OPERATING_COSTS

# the fund a carry-over may name ('年末一般公共预算财政拨款结转和结余')
_FUND = "(一般公共预算|政府性基金预算|国有资本经营预算)"

# people are counted in 人 or 名: '车辆编制6辆', '编制范围的单位4个' are no staff
_PERSONS = "人 名"

RULES: tuple[Rule, ...] = (
    # staffing
    # '在职事业编制人员': serving staff on the establishment, not the posts
    _r("staff-active", _STAFF, r"在职.{0,4}编制(内)?(人数|人员)", _COUNT, _PERSONS, whole_label=True),
    _r("staff-actual", _STAFF, r"^(年末|年底)?实有(人数|人员)$", _COUNT, _PERSONS),
    # posts may be counted in 个 ('事业编制1个'), but not the scope of the accounts ('决算编制范围的
    # 单位4个') nor posts added ('新增编制3个', a change)
    _r("staff-authorised", _STAFF,
       r"(?<!新增)(?<!增加)(?<!减少)(核定)?((行政|事业|工勤|参公|机关|全额|差额|自收自支)+)?"
       r"编制(人数|数|人员)?(?!外|范围)",
       _COUNT, f"{_PERSONS} 个"),
    _r("staff-funded", _STAFF, r"财政供养(人数|人员)?", _COUNT, _PERSONS),
    _r("staff-off-establishment", _STAFF, r"不占编(人数|人员)?", _COUNT, _PERSONS),
    _r("staff-active", _STAFF, r"在职(在编)?(人数|人员)?", _COUNT, _PERSONS),
    _r("staff-retired-cadres", _STAFF, r"离休(人数|人员|干部)?", _COUNT, _PERSONS),
    _r("staff-retired", _STAFF, r"(纳入养老统筹)?(的)?退休(人数|人员|干部)?", _COUNT, _PERSONS),
    _r("units-internal", _STAFF, r"内设(机构|科室)", _COUNT),
    _r("units-secondary", _STAFF, r"二级(预算)?单位", _COUNT),
    # income; the appropriation totals (财政拨款收入支出决算总体情况) come first: their labels
    # contain 收入总计 / 支出总计, which are the totals of all funds
    _r("appropriation-income-total", _INCOME, r"(?<!预算)财政拨款收入(决算)?(总计|合计)"),
    _r("appropriation-expenditure-total", _EXPENDITURE,
       r"(?<!预算)财政拨款支出(决算)?(总计|合计)"),
    # in 财政拨款收入支出决算总体情况, '收入总计…, 支出总计…' are the appropriations' totals
    _r("appropriation-income-total", Kind.APPROPRIATION, r"^收入(决算)?总计$"),
    _r("appropriation-expenditure-total", Kind.APPROPRIATION, r"^支出(决算)?总计$"),
    # the carry-overs before the appropriations: '年初财政拨款结转和结余' is no 财政拨款收入; they
    # are the carry-overs wherever they are printed (after the spending of the appropriations too)
    _r("income-carryover", _INCOME | _EXPENDITURE,
       rf"(上年|年初|\d{{4}}年(末|底)){_FUND}?(财政拨款)?结转(和结余)?(资金)?|使用非财政拨款结余"),
    _r("expenditure-carryover", _EXPENDITURE,
       rf"年末{_FUND}?(财政拨款)?结转(和结余)?(资金)?|结转下年"),
    # an income of a fund named as such where its spending is explained ('无政府性基金预算财政拨款
    # 收入和支出' under the fund's spending): the income, whatever section prints it
    _r("income-general-budget", _EXPENDITURE, r"一般公共预算(财政)?拨款收入"),
    _r("income-government-fund", _EXPENDITURE, r"政府性基金预算(财政)?拨款收入"),
    _r("income-state-capital", _EXPENDITURE, r"国有资本经营预算(财政)?拨款收入"),
    _r("income-current-year", _INCOME, r"本年(度)?收入(合计)?"),
    # a bare 收入合计 is the year's income in the template, the total with the carry-over in
    # some reports: which one it is is not certain, so it measures no concept
    _r("", _INCOME, r"^收入(决算)?合计$"),
    # '总收入' / '总支出' of the older reports are the year's income in some (a hospital's
    # 总收入合计 = 财政拨款 + 医疗收入 + 其他收入) and the totals in others: no certain concept
    _r("", _INCOME, r"总收入(?!.*总计)"),
    _r("income-total", _INCOME, r"全年(总)?收入|收入(决算)?总计"),
    _r("income-general-budget", _INCOME, r"一般公共预算(财政)?拨款(收入)?(?!支出)"),
    # not '使用政府性基金预算财政拨款安排的支出': a spending of the fund
    _r("income-government-fund", _INCOME, r"政府性基金预算(财政)?拨款(收入)?(?!.*支出)"),
    _r("income-state-capital", _INCOME, r"国有资本经营预算(财政)?拨款(收入)?(?!.*支出)"),
    _r("income-appropriation", _INCOME, r"(本年(度)?)?财政拨款(收入)?(?!支出)"),
    _r("income-public-institution", _INCOME, r"事业收入"),
    _r("income-operating", _INCOME, r"经营收入"),
    _r("income-superior-subsidy", _INCOME, r"上级补助收入"),
    _r("income-affiliate", _INCOME, r"附属单位上缴收入"),
    _r("income-other", _INCOME, r"其他收入"),
    _r("income-carryover-project", _INCOME, r"项目结转(资金)?"),
    _r("income-carryover", _INCOME,
       r"(上年|年初|\d{4}年(末|底))结转(和结余)?(资金)?|使用非财政拨款结余"),
    # expenditure
    # before 支出合计: '一般公共预算财政拨款支出合计' is this section's total, not the report's
    _r("general-budget-expenditure", frozenset({Kind.GENERAL_BUDGET, Kind.APPROPRIATION}),
       r"一般公共预算财政拨款(支出)?(合计|总额|总计)?(?!收入)"),
    _r("expenditure-current-year", _EXPENDITURE, r"本年(度)?支出(合计)?"),
    _r("", _EXPENDITURE, r"^支出(决算)?合计$"),  # as 收入合计
    _r("", _EXPENDITURE, r"总支出(?!.*总计)"),
    _r("expenditure-total", _EXPENDITURE, r"全年(总)?支出|支出(决算)?总计"),
    _r("expenditure-basic", _EXPENDITURE, r"基本支出"),
    _r("expenditure-project", _EXPENDITURE, r"项目支出"),
    _r("expenditure-to-superior", _EXPENDITURE, r"上缴上级支出"),
    _r("expenditure-operating", _EXPENDITURE, r"经营支出"),
    _r("expenditure-affiliate-subsidy", _EXPENDITURE, r"对附属单位补助支出"),
    _r("expenditure-personnel", _EXPENDITURE, r"人员经费"),
    _r("expenditure-public-funds", _EXPENDITURE, r"(日常)?公用经费"),
    _r("expenditure-carryover-project", _EXPENDITURE, r"项目结转(资金)?"),
    _r("expenditure-carryover", _EXPENDITURE, r"年末结转(和结余)?(资金)?|结转下年"),
    _r("expenditure-functional-class", frozenset({Kind.GENERAL_BUDGET, Kind.APPROPRIATION}),
       r"[^\d()]{2,20}?支出\(2\d{2}类?\)|" + "|".join(
           ["一般公共服务", "外交", "国防", "公共安全", "教育", "科学技术", "文化旅游体育与传媒",
            "文化体育与传媒", "社会保障和就业", "卫生健康", "医疗卫生与计划生育", "节能环保",
            "城乡社区", "农林水", "交通运输", "资源勘探工业信息等", "商业服务业等",
            "自然资源海洋气象等", "住房保障", "粮油物资储备", "灾害防治及应急管理",
            "其他"]) + r"支出", whole_label=True),
    # "三公"
    _r("three-public-vehicles", _TP, r"公务用车购置及运行(维护)?费(用)?"),
    _r("three-public-vehicle-operation", _TP, r"公务用车运行(维护)?费(用)?"),
    _r("three-public-vehicle-purchase", _TP, r"公务用车购置费(用)?"),
    _r("three-public-reception", _TP, r"公务接待费(用)?"),
    _r("three-public-abroad", _TP, r"因公出国(\(境\))?费(用)?"),
    _r("three-public-total", _TP, r"三公经费"),
    _r("abroad-groups", _TP, r"因公出国(\(境\))?", _COUNT, "团组 个团组 批次 批 个",
       suffix="团组"),
    _r("abroad-persons", _TP, r"因公出国(\(境\))?", _COUNT, "人次 人", with_counter=True),
    _r("reception-batches", _TP, r"(国内|国外|外事)?(公务)?接待", _COUNT, "批次 批",
       with_counter=True),
    _r("reception-persons", _TP, r"(国内|国外|外事)?(公务)?接待", _COUNT, "人次 人",
       with_counter=True),
    _r("vehicles-purchased", frozenset({_TP, _AS}),
       r"(车辆|公务用车)购置(数|数量)?|购置(公务用)?车(辆)?(数)?", _COUNT, "辆 台"),
    _r("vehicles-held", frozenset({_TP, _AS}),
       r"(车辆|公务用车)保有(量|数)|保有(公务用)?车(辆)?|^(公务用)?车辆$|^(公务用)?车$",
       _COUNT, "辆 台"),
    # 机关运行经费: the total, then every other amount is one of its items
    _r("operating-costs-total", _OC, r"机关运行经费"),
    _r("operating-cost-item", _OC, r".+", whole_label=True),
    # procurement
    _r("procurement-planned", _PR, r"(政府)?采购计划(金额|总额)?|计划采购(金额)?"),
    _r("procurement-small-micro", _PR, r"授予小微企业合同(金额)?"),
    _r("procurement-sme", _PR, r"授予中小企业合同(金额)?"),
    _r("procurement-goods", _PR, r"(政府采购)?货物(类)?(采购)?(支出|金额)?"),
    _r("procurement-works", _PR, r"(政府采购)?工程(类)?(采购)?(支出|金额)?"),
    _r("procurement-services", _PR, r"(政府采购)?服务(类)?(采购)?(支出|金额)?"),
    _r("procurement-actual", _PR,
       r"实际采购(金额|总额)?|政府采购(支出)?总额|采购总额|政府采购支出|实际支出"),
    # state assets
    _r("premises-area", _AS, r"(办公用房|房屋|用房)?.*面积", frozenset({Unit.M2}),
       whole_label=True),
    _r("premises-value", _AS, r"(办公用房|房屋|用房).*(价值|原值|金额)"),
    _r("premises-count", _AS, r"(办公用房|房屋|用房)", _COUNT, whole_label=True),
    _r("vehicles-value", _AS, r"车(辆)?.*(价值|原值|金额)"),
    _r("special-equipment-value", _AS, r"专用设备.*(价值|原值|金额)"),
    _r("special-equipment-count", _AS, r"专用设备", _COUNT),
    _r("general-equipment-value", _AS, r"通用设备.*(价值|原值|金额)"),
    _r("general-equipment-count", _AS, r"通用设备", _COUNT),
    _r("furniture-value", _AS, r"家(俱|具).*(价值|原值|金额)"),
    _r("furniture-count", _AS, r"家(俱|具)", _COUNT),
    _r("vehicles-by-use", _AS,
       r"(主要领导干部|机要通信|应急保障|执法执勤|特种专业技术|离退休干部|其他)用车",
       _COUNT, "辆 台"),
    # budget performance
    _r("performance-projects", _PF, r"项目", _COUNT, "个 项", whole_label=True),
    _r("performance-amount", _PF, r"涉及(金额|资金)|^资金$|^金额$"),
    _r("performance-initial-budget", _PF, r"(纳入)?年初(部门)?预算"),
    _r("performance-addition", _PF, r"年中追加|追加", whole_label=True),
    _r("performance-executed-general-budget", _PF, r"一般公共预算执行数"),
    _r("performance-executed", _PF, r"(年末)?(实际)?执行数|执行金额"),
    _r("performance-score", _PF, r"(自评)?得分|评分|自评分", frozenset({Unit.SCORE})),
)

# Economic classification (部门预算支出经济分类, 2018) of the line items of 机关运行经费.
ECONOMIC_CODES: tuple[tuple[str, str], ...] = (
    ("30201", r"办公费"),
    ("30202", r"印刷费"),
    ("30203", r"咨询费"),
    ("30204", r"手续费"),
    ("30205", r"水费"),
    ("30206", r"电费"),
    ("30207", r"邮电费"),
    ("30208", r"取暖费"),
    ("30209", r"物业管理费"),
    ("30211", r"差旅费"),
    ("30212", r"因公出国(\(境\))?费(用)?"),
    ("30213", r"维修(\(护\))?费|维护费"),
    ("30214", r"租赁费"),
    ("30215", r"会议费"),
    ("30216", r"培训费"),
    ("30217", r"公务接待费"),
    ("30218", r"专用材料费"),
    ("30226", r"劳务费"),
    ("30227", r"委托业务费"),
    ("30228", r"工会经费"),
    ("30229", r"福利费"),
    ("30231", r"公务用车运行维护费"),
    ("30239", r"其他交通费(用)?"),
    ("30240", r"税金及附加费(用)?"),
    ("30299", r"其他商品和服务支出"),
    ("31002", r"办公设备购置(费)?"),
    ("31007", r"信息网络及软件购置更新"),
)
_ECONOMIC = tuple((code, re.compile(rf"^({pattern})$")) for code, pattern in ECONOMIC_CODES)

# Functional classification codes (类) named in labels such as '一般公共服务支出(201类)'.
FUNCTIONAL_CODE = re.compile(r"\((?P<code>2\d{2})类?\)")
FUNCTIONAL_NAMES: dict[str, str] = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207", "社会保障和就业支出": "208", "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210", "节能环保支出": "211", "城乡社区支出": "212",
    "农林水支出": "213", "交通运输支出": "214", "资源勘探工业信息等支出": "215",
    "商业服务业等支出": "216", "自然资源海洋气象等支出": "220", "住房保障支出": "221",
    "粮油物资储备支出": "222", "灾害防治及应急管理支出": "224",
}


def functional_code(item: str) -> str | None:
    """The functional classification class of an item: printed '(201类)' or a known name.

    >>> functional_code("一般公共服务支出(201类)"), functional_code("卫生健康支出")
    ('201', '210')
    """
    match = FUNCTIONAL_CODE.search(item)
    if match:
        return match.group("code")
    return FUNCTIONAL_NAMES.get(FUNCTIONAL_CODE.sub("", item).strip())


def economic_code(item: str) -> str | None:
    """The economic classification code of a 机关运行经费 line item, if the name is known.

    >>> economic_code("维修(护)费"), economic_code("其他交通费用"), economic_code("奖金")
    ('30213', '30239', None)
    """
    for code, pattern in _ECONOMIC:
        if pattern.match(item):
            return code
    return None


def match_rule(kind: Kind, label: str, unit: Unit, counter: str) -> tuple[Rule, str] | None:
    """The first rule of a section kind that names this label, and the item it gives."""
    spending_only = "支出" in label and "收入" not in label
    for rule in RULES:
        if kind not in rule.kinds or unit not in rule.units:
            continue
        if spending_only and rule.concept and CONCEPTS[rule.concept].section is Section.INCOME:
            continue  # '使用政府性基金预算财政拨款安排的支出' is no income
        if rule.counters and counter not in rule.counters:
            continue
        match = rule.pattern.search(label)
        if match is None:
            continue
        item = label if rule.whole_label else match.group()
        if rule.with_counter:
            item += counter
        elif rule.suffix and not item.endswith(rule.suffix):
            item += rule.suffix
        return rule, item
    return None


# English names of the glossary terms the template prescribes (名词解释), for labels in English.
GLOSSARY_EN: dict[str, str] = {
    "财政拨款收入": "Fiscal appropriation income",
    "基本支出": "Basic expenditure",
    "项目支出": "Project expenditure",
    "三公经费": "“Three public” costs",
    "因公出国(境)费": "Official travel abroad",
    "因公出国(境)费用": "Official travel abroad",
    "公务接待费": "Official reception",
    "公务用车购置及运行费": "Official vehicle purchase and operation",
    "公务用车购置及运行维护费": "Official vehicle purchase and operation",
    "机关运行经费": "Operating costs of government bodies",
    "上年结转": "Carry-over from the previous year",
    "年初结转和结余": "Carry-over and balance at the start of the year",
    "上年结转和结余": "Carry-over and balance from the previous year",
    "年末结转和结余": "Carry-over and balance at the end of the year",
    "事业收入": "Public institution income",
    "经营收入": "Operating income",
    "其他收入": "Other income",
    "结余分配": "Distribution of surplus",
}
