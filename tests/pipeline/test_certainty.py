"""Precision before recall: what is read with certainty, what is left unread or unchecked.

Snippets in the template's style, as real reports of other provinces and years phrase them
(tests/corpus/real holds the reports they come from). Each test states what a researcher sees:
the figure and what it is a figure of, or no relation and so no check.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH, SKOS

from fiscal_kg.namespaces import FK, FKS, OBEU_MEASURE, QB
from fiscal_kg.pipeline import lexicon
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.mapping import map_report
from fiscal_kg.pipeline.records import Figure, Relation, Report, Role, Section
from fiscal_kg.pipeline.text import SourceText
from fiscal_kg.pipeline.validate import load_vocabulary, validate_graph
from tests.pipeline.test_extract import extract

pytestmark = pytest.mark.fast  # `make test-fast`


def named(report: Report, item: str) -> Figure:
    [figure] = [f for f in report.figures if f.item == item]
    return figure


def of(report: Report, key: str | None) -> str | None:
    """The item of the figure a key names."""
    return next((f.item for f in report.figures if f.key == key), None)


def findings(report: Report, context: Graph, shape: str) -> list[tuple[str, Decimal]]:
    """What one check flags in a report: the item of each figure it flags and the value it
    computed (the result's sh:value), read from the SHACL validation report."""
    graph = map_report(report, load_gazetteer(), Minter())
    results = validate_graph(graph, context, only=[FKS[shape]]).results
    flagged = []
    for result in results.subjects(SH.sourceShape, FKS[shape]):
        focus, value = results.value(result, SH.focusNode), results.value(result, SH.value)
        flagged.append((str(graph.value(focus, FK.item)), Decimal(str(value))))
    return flagged


# --- changes in every phrasing -----------------------------------------------------------------

def test_a_change_said_with_少_and_its_降幅_are_a_decrease_of_the_figure() -> None:
    report = extract("二、“三公”经费支出说明\n公务接待费支出2万元，比上年少1万元，降幅33.33%。\n")
    level = named(report, "公务接待费")
    change = named(report, "公务接待费比上年少")
    growth = named(report, "公务接待费降幅")
    assert (change.role, change.value, change.base, change.comparison_year) == (
        Role.CHANGE, Decimal(-10000), level.key, 2018)
    assert (growth.role, growth.value, growth.base) == (Role.GROWTH, Decimal("-33.33"), level.key)


def test_a_change_said_with_多_and_its_增幅_are_an_increase() -> None:
    report = extract("二、“三公”经费支出说明\n公务接待费支出2万元，比上年多1万元，增幅100%。\n")
    level = named(report, "公务接待费")
    assert (named(report, "公务接待费比上年多").value, named(report, "公务接待费增幅").value) == (
        Decimal(10000), Decimal(100))
    assert named(report, "公务接待费增幅").base == level.key


def test_少_or_多_without_a_comparison_is_no_change() -> None:
    report = extract("二、“三公”经费支出说明\n"
                     "公务接待费支出2万元，较少。公务用车运行维护费3万元，多1万元。\n")
    assert [f for f in report.figures if f.role in (Role.CHANGE, Role.GROWTH)] == []


def test_a_growth_written_in_words_is_a_percentage() -> None:
    report = extract("二、“三公”经费支出说明\n"
                     "公务接待费支出2万元，比上年减少1万元，下降百分之三十三点三。\n")
    growth = named(report, "公务接待费下降")
    assert (growth.role, growth.value, growth.base) == (
        Role.GROWTH, Decimal("-33.3"), named(report, "公务接待费").key)


def test_增减变化_keeps_the_sign_it_is_printed_with() -> None:
    report = extract("二、“三公”经费支出说明\n公务接待费支出2万元，比上年增减变化-1万元。\n")
    change = named(report, "公务接待费比上年增减变化")
    assert (change.role, change.value, change.comparison_year) == (Role.CHANGE, Decimal(-10000), 2018)


def test_a_change_since_the_budget_has_no_year() -> None:
    report = extract("二、“三公”经费支出说明\n公务接待费支出2万元，比年初预算减少1万元。\n")
    change = named(report, "公务接待费比年初预算减少")
    assert (change.value, change.base, change.comparison_year) == (
        Decimal(-10000), named(report, "公务接待费").key, None)


def test_a_change_since_the_figure_compared_with_is_of_the_year_s_figure() -> None:
    report = extract("二、“三公”经费支出说明\n"
                     "公务接待费支出2万元，与2017年公务接待费支出3万元相比减少1万元。\n")
    current, compared = [f for f in report.figures if f.item == "公务接待费"]
    assert (current.value, current.prior_year) == (Decimal(20000), False)
    assert (compared.value, compared.prior_year, compared.of_year) == (Decimal(30000), True, 2017)
    change = named(report, "公务接待费比2017年减少")
    assert (change.value, change.base, change.comparison_year) == (
        Decimal(-10000), current.key, 2017)


def test_a_change_after_a_number_of_no_certain_meaning_is_not_guessed() -> None:
    report = extract("二、“三公”经费支出说明\n公务接待费支出2万元，与3万元相比减少1万元。\n")
    assert [f for f in report.figures if f.role is Role.CHANGE and f.base is not None] == []


def test_both_totals_stated_respectively_change_respectively() -> None:
    report = extract("一、收入支出决算总体情况说明\n"
                     "2019年度收入、支出总计分别为100万元、90万元，分别比上年增加10万元、5万元，"
                     "增长11.11%、5.88%。\n")
    income, spending = named(report, "收入总计"), named(report, "支出总计")
    assert (income.value, spending.value) == (Decimal(1000000), Decimal(900000))
    changes = {f.item: (f.value, of(report, f.base)) for f in report.figures
               if f.role in (Role.CHANGE, Role.GROWTH)}
    assert changes == {
        "收入总计比上年增加": (Decimal(100000), "收入总计"),
        "支出总计比上年增加": (Decimal(50000), "支出总计"),
        "收入总计增长": (Decimal("11.11"), "收入总计"),
        "支出总计增长": (Decimal("5.88"), "支出总计"),
    }


def test_a_growth_that_does_not_match_its_change_is_flagged(context: Graph) -> None:
    right = extract("二、“三公”经费支出说明\n公务接待费支出12.00万元，比上年增加2.00万元，增长20.00%。\n")
    wrong = extract("二、“三公”经费支出说明\n公务接待费支出12.00万元，比上年增加2.00万元，增长25.00%。\n")
    assert findings(right, context, "GrowthMatches") == []
    # 2.00 more than 10.00 is 20 %, not the 25 % printed
    assert findings(wrong, context, "GrowthMatches") == [("公务接待费增长", Decimal(20))]


# --- parts and wholes ----------------------------------------------------------------------------

def test_a_part_in_parentheses_is_a_part_of_the_figure_it_qualifies() -> None:
    report = extract("二、支出决算情况说明\n"
                     "本年支出合计90万元，其中：基本支出60万元（其中人员经费50万元），项目支出30万元。\n")
    total, basic = named(report, "本年支出合计"), named(report, "基本支出")
    assert (named(report, "人员经费").parent, named(report, "人员经费").relation) == (
        basic.key, Relation.INCLUDED)
    assert named(report, "项目支出").parent == total.key
    assert {f.relation for f in report.figures if f.parent == total.key} == {Relation.COMPONENT}


def test_a_list_without_every_part_its_breakdown_requires_is_not_summed(context: Graph) -> None:
    without_works = extract("二、政府采购支出说明\n政府采购支出总额50万元，其中：政府采购货物支出20万元、"
                            "政府采购服务支出20万元。\n")
    assert {f.relation for f in without_works.figures if f.parent} == {Relation.INCLUDED}
    assert findings(without_works, context, "ComponentsAddUp") == []
    whole = extract("二、政府采购支出说明\n政府采购支出总额50万元，其中：政府采购货物支出20万元、"
                    "政府采购工程支出10万元、政府采购服务支出15万元。\n")
    assert {f.relation for f in whole.figures if f.parent} == {Relation.COMPONENT}
    assert findings(whole, context, "ComponentsAddUp") == [("政府采购支出总额", Decimal(450000))]


def test_a_cross_cutting_part_is_never_added_to_the_other_parts(context: Graph) -> None:
    clean = extract("二、政府采购支出说明\n政府采购支出总额96.80万元，其中：政府采购货物支出42.30万元，"
                    "政府采购服务支出54.50万元；授予中小企业合同金额96.80万元。\n")
    sme = named(clean, "授予中小企业合同金额")
    assert sme.parent == named(clean, "政府采购支出总额").key
    assert findings(clean, context, "PartsWithinTotal") == []
    too_much = extract("二、政府采购支出说明\n政府采购支出总额96.80万元，其中：政府采购货物支出42.30万元，"
                       "政府采购服务支出54.50万元；授予中小企业合同金额97.80万元。\n")
    assert findings(too_much, context, "PartsWithinTotal") == [("政府采购支出总额", Decimal(978000))]


def test_cross_cutting_concepts_are_the_lexicon_s_subsets() -> None:
    vocabulary = load_vocabulary()
    marked = {str(vocabulary.value(c, SKOS.notation))
              for c in vocabulary.subjects(FK.crossCutting, None)}
    assert marked == {c.notation for c in lexicon.CONCEPTS.values() if c.subset}
    assert "procurement-sme" in marked


def test_a_total_with_carry_overs_is_made_of_the_year_s_income_and_the_carry_over() -> None:
    report = extract("一、收入支出决算总体情况说明\n"
                     "2019年度收入总计100万元，其中：本年收入合计80万元，年初结转和结余20万元。\n")
    total = named(report, "收入总计")
    assert {(f.concept, f.relation) for f in report.figures if f.parent == total.key} == {
        ("income-current-year", Relation.COMPONENT), ("income-carryover", Relation.COMPONENT)}


def test_the_actual_staff_is_made_of_its_listed_kinds() -> None:
    report = extract("三、人员基本情况\n实有人数20人，其中：在职人员15人，离休人员1人，退休人员4人。\n")
    actual = named(report, "实有人数")
    assert actual.concept == "staff-actual"
    assert {f.concept for f in report.figures if f.parent == actual.key} == {
        "staff-active", "staff-retired-cadres", "staff-retired"}


def test_the_budget_a_share_completes_is_its_whole() -> None:
    report = extract("二、“三公”经费支出说明\n“三公”经费支出10万元，完成年初预算12万元的83.33%。\n")
    [spent] = [f for f in report.figures if f.phase == "executed" and f.role is Role.LEVEL]
    [budget] = [f for f in report.figures if f.phase == "approved"]
    [share] = [f for f in report.figures if f.role is Role.SHARE]
    assert (budget.value, share.base, share.share_base) == (Decimal(120000), spent.key, budget.key)
    assert (spent.item, budget.item) == ("三公经费", "三公经费")  # the budget of the same item


# --- names, headings, indicators -----------------------------------------------------------------

def test_a_threshold_is_part_of_the_name_of_what_there_is_none_of() -> None:
    report = extract("六、国有资产占用情况说明\n本部门共有车辆3辆，单价100万元（含）以上设备无。\n")
    none = [f for f in report.figures if f.role is Role.NONE]
    assert [(f.item, f.value) for f in none] == [("单价100万元(含)以上设备", Decimal(0))]
    assert [f.value for f in report.figures if f.unit.value == "CNY"] == []


def test_a_heading_ending_in_a_full_stop_is_followed_by_its_section_s_text() -> None:
    report = extract("一、人员基本情况\n编制人数10名。\n"
                     "二、国有资产占用情况说明。截至2019年12月31日，本部门共有车辆3辆。\n")
    vehicles = named(report, "车辆")
    assert (vehicles.section, vehicles.value) == (Section.ASSETS, Decimal(3))
    assert named(report, "编制人数").section is Section.STAFFING


def test_the_year_s_work_is_indicators_not_money_of_the_agency(context: Graph) -> None:
    report = extract("一、2019年度主要工作完成情况\n全年实现地区生产总值120.5亿元，比上年增长6.5%；"
                     "签约项目77个。\n二、“三公”经费支出说明\n公务接待费支出2万元。\n")
    indicators = [f for f in report.figures if f.section is Section.INDICATOR]
    assert {f.value for f in indicators} == {Decimal(12050000000), Decimal("6.5"), Decimal(77)}
    graph = map_report(report, load_gazetteer(), Minter())
    typed = set(graph.subjects(RDF.type, FK.Indicator))
    assert len(typed) == 3
    for figure in typed:
        assert (figure, RDF.type, QB.Observation) not in graph
        assert graph.value(figure, OBEU_MEASURE.amount) is None
        assert graph.value(figure, FK.budgetPhase) is None
    spent = [s for s in graph.subjects(RDF.type, QB.Observation)]
    assert len(spent) == 1 and graph.value(spent[0], OBEU_MEASURE.amount) is not None
    assert validate_graph(graph, context).violations == []


def test_the_agency_s_description_counts_its_people_and_units_and_its_work_apart() -> None:
    report = extract("一、部门基本情况\n学校内设处室6个，下属事业单位2个。教职工187人，其中专任教师182人。"
                     "2020年在校学生1862人，共36个教学班；全年争取上级补助资金1860.00万元，"
                     "组织职工技能培训1250人次，完成改革任务36项。实有车辆6辆。\n")
    sections = {f.item: f.section for f in report.figures}
    assert {item for item, section in sections.items() if section is Section.INDICATOR} == {
        "在校学生", "教学班", "全年争取上级补助资金", "组织职工技能培训", "完成改革任务"}
    for item in ("学校内设处室", "下属事业单位", "教职工", "专任教师"):
        assert sections[item] is Section.STAFFING, item
    assert sections["实有车辆"] is Section.ASSETS  # what it holds, not who works there


def test_a_rate_of_the_year_s_work_in_the_performance_section_is_an_indicator() -> None:
    report = extract("一、预算绩效管理工作开展情况\n本部门组织对11个项目开展绩效自评，涉及资金3,860.25万元，"
                     "预算执行率96.03%。截至2021年底，全市森林覆盖率达到42.6%。\n")
    sections = {f.item: f.section for f in report.figures}
    assert sections["全市森林覆盖率"] is Section.INDICATOR
    assert sections["预算执行率"] is Section.PERFORMANCE
    assert sections["涉及资金"] is Section.PERFORMANCE


def test_posts_are_counted_in_people_or_posts_and_nothing_else() -> None:
    report = extract("一、人员基本情况\n纳入本部门决算编制范围的单位4个。"
                     "本部门编制人数12人，其中：行政编制10人，工勤编制2个。车辆编制1辆。新增编制3个。\n")
    concepts = {f.item: f.concept for f in report.figures}
    assert concepts["编制人数"] == concepts["行政编制"] == concepts["工勤编制"] == "staff-authorised"
    assert [f.concept for f in report.figures if f.value == 4] == [None]  # the accounts' scope
    assert [f.concept for f in report.figures if f.unit.value == "count" and f.value == 1] == [None]
    assert [f.concept for f in report.figures if f.value == 3] == [None]  # a change, not the posts


def test_no_delegation_sent_and_no_vehicle_bought_are_statements_of_none() -> None:
    report = extract("二、“三公”经费支出说明\n1.因公出国（境）费支出0万元，全年未安排因公出国（境）团组。\n"
                     "2.公务用车购置费0万元，本年度未购置公务用车；公务用车运行维护费19.85万元。\n")
    none = {(f.item, f.concept, f.unit.value) for f in report.figures if f.role is Role.NONE}
    assert none == {("因公出国(境)团组", "abroad-groups", "count"),
                    ("购置公务用车", "vehicles-purchased", "count")}
    held = [f for f in report.figures if f.concept == "vehicles-held"]
    assert held == []  # none bought says nothing of the vehicles held


def test_none_of_a_fund_s_收支_is_none_of_its_income_and_of_its_expenditure() -> None:
    report = extract("一、政府性基金预算财政拨款收支决算情况说明\n"
                     "本单位2023年度无政府性基金预算财政拨款收支。\n")
    none = {(f.section, f.item) for f in report.figures if f.role is Role.NONE}
    assert none == {(Section.INCOME, "政府性基金预算财政拨款收入"),
                    (Section.EXPENDITURE, "政府性基金预算财政拨款支出")}


def test_the_grounds_of_the_body_are_assets_and_its_teachers_by_degree_staff() -> None:
    report = extract("一、XX中学概况\n学校占地面积5,000.00平方米，建筑面积4,360.49平方米。"
                     "专任教师18人，其中研究生学历2人，本科学历16人。\n")
    sections = {f.item: f.section for f in report.figures}
    assert sections["建筑面积"] is Section.ASSETS and sections["学校占地面积"] is Section.ASSETS
    assert {sections[i] for i in ("专任教师", "研究生学历", "本科学历")} == {Section.STAFFING}


def test_an_aggregate_of_the_region_is_an_indicator_wherever_it_is_stated() -> None:
    report = extract("一、支出决算情况说明\n本年支出合计120.00万元。"
                     "2019年全区实现社会消费品零售总额245.60亿元，增长10.2%。\n")
    sections = {f.item: (f.section, f.role) for f in report.figures}
    assert sections["本年支出合计"] == (Section.EXPENDITURE, Role.LEVEL)
    assert sections["全区实现社会消费品零售总额"] == (Section.INDICATOR, Role.LEVEL)
    assert sections["全区实现社会消费品零售总额增长"] == (Section.INDICATOR, Role.GROWTH)


def test_a_base_of_zero_and_all_the_others_are_no_statements_of_none() -> None:
    report = extract("二、“三公”经费支出说明\n公务用车购置费0万元，增长--（基数为0，不可比）。"
                     "“三公”经费2.39万元，全部为公务用车运行维护费，其他均为0元。\n")
    assert [f.item for f in report.figures if f.role is Role.NONE] == []


@pytest.mark.parametrize(("listing", "units"), [
    ("局机关内设18个处室，即：办公室、新闻宣传处（市政府公报编辑室）、机关党委（人事处）和工会。",
     ["办公室", "新闻宣传处(市政府公报编辑室)", "机关党委(人事处)", "工会"]),
    ("办公厅内设秘书处、综合处、研究室共3个处室。", ["秘书处", "综合处", "研究室"]),
    ("内设2个股室，分别为综合股和社区建设指导股，无下属单位。", ["综合股", "社区建设指导股"]),
    ("内设规划和自然资源科、办公室2个科室。", ["规划和自然资源科", "办公室"]),
])
def test_units_listed_inline_in_every_common_form(listing: str, units: list[str]) -> None:
    report = extract(f"一、部门基本情况\n{listing}\n")
    assert [u.name for u in report.units] == units


def test_a_school_named_in_a_heading_is_the_agency() -> None:
    source = SourceText.from_string("一、浙江省衢州第二中专概况\n（一）部门职责\n1.负责教学。\n"
                                    "二、2020年度收入支出决算总体情况说明\n收入总计100万元。\n", "t.txt")
    report = extract_report(source, load_gazetteer())
    assert (report.agency.name, report.fiscal_year) == ("浙江省衢州第二中专", 2020)


def test_a_budget_compared_with_and_the_change_said_with_少() -> None:
    report = extract("一、“三公”经费支出情况说明\n"
                     "公务接待费。2020年决算数为0.54万元，比预算数3.00万元少2.46万元。\n")
    spent, budget = [f for f in report.figures if f.item == "公务接待费"]
    assert (spent.phase, budget.phase, budget.value) == ("executed", "approved", Decimal(30000))
    change = named(report, "公务接待费比年初预算少")
    assert (change.value, change.base, change.comparison_year) == (Decimal(-24600), spent.key, None)


def test_both_totals_named_in_a_clause_of_no_number_change_each_its_own() -> None:
    report = extract("一、收入支出决算总体情况说明\n2023年度收入总计434.72万元，支出总计434.72万元。"
                     "收入支出总体与上年相比，增加58.21万元，增长15.46%。\n"
                     "二、收入决算情况说明\n收入总计和支出总计各减少1.00万元。\n")
    changes = {(f.section, f.item, of(report, f.base)) for f in report.figures
               if f.role in (Role.CHANGE, Role.GROWTH) and f.value > 0}
    assert changes == {(Section.INCOME, "收入总计增加", "收入总计"),
                       (Section.EXPENDITURE, "支出总计增加", "支出总计"),
                       (Section.INCOME, "收入总计增长", "收入总计"),
                       (Section.EXPENDITURE, "支出总计增长", "支出总计")}
    assert {f.item for f in report.figures if f.value == -10000} == {"收入总计各减少", "支出总计各减少"}


def test_a_long_classification_term_is_a_term_and_an_attachment_line_is_none() -> None:
    report = extract("一、名词解释\n1.财政拨款收入：指本级财政拨款。\n"
                     "2.其他支出（类）彩票公益金安排的支出（款）用于社会福利的彩票公益金支出（项）："
                     "指福利彩票公益金支出。\n"
                     "附件：XX局2018年度部门决算表.xls\n")
    assert [g.term for g in report.glossary] == [
        "财政拨款收入", "其他支出(类)彩票公益金安排的支出(款)用于社会福利的彩票公益金支出(项)"]


def test_a_rate_of_the_agency_is_a_share_of_a_whole_not_stated(context: Graph) -> None:
    report = extract("一、预算绩效情况说明\n本部门对12个项目开展绩效自评，自评覆盖率100%，预算执行率96.03%。"
                     "全市森林覆盖率达到42.6%。\n")
    rates = {f.item: (f.role, f.base, f.share_base) for f in report.figures if f.unit.value == "percent"}
    assert rates["自评覆盖率"] == rates["预算执行率"] == (Role.SHARE, None, None)
    assert rates["全市森林覆盖率"][0] is Role.LEVEL
    graph = map_report(report, load_gazetteer(), Minter())
    assert validate_graph(graph, context).violations == []


@pytest.mark.parametrize("statement", [
    "本部门2019年度无政府性基金预算财政拨款收入、支出。",
    "本部门2018年度无政府性基金预算财政拨款收入，也无使用政府性基金预算财政拨款安排的支出。",
    "本厅2023年度没有使用政府性基金预算财政拨款安排的收入和支出。",
])
def test_none_of_a_fund_s_income_and_spending_is_one_of_each_never_two_incomes(
        statement: str) -> None:
    report = extract(f"八、政府性基金预算财政拨款收入支出决算情况说明\n{statement}\n")
    none = [(f.section, f.concept) for f in report.figures if f.role is Role.NONE]
    assert sorted(none, key=str) == sorted([(Section.INCOME, "income-government-fund"),
                                            (Section.EXPENDITURE, None)], key=str)


def test_a_share_of_a_part_not_stated_as_a_figure_is_a_share_with_nothing_to_check() -> None:
    report = extract("一、“三公”经费支出说明\n“三公”经费支出决算中，公务用车购置及运行费支出决算占89.90%，"
                     "公务接待费支出决算占10.10%。\n")
    shares = [(f.item, f.role, f.base, f.share_base) for f in report.figures]
    assert shares == [("公务用车购置及运行费支出决算占", Role.SHARE, None, None),
                      ("公务接待费支出决算占", Role.SHARE, None, None)]


def test_counts_beside_the_money_of_a_money_section_are_the_year_s_work() -> None:
    report = extract("八、一般公共预算财政拨款会议费、培训费支出决算情况说明\n会议费支出决算4.26万元，"
                     "完成年初预算的85.20%；本年度共召开会议6个，参加会议420人次。\n")
    sections = {f.item: f.section for f in report.figures}
    assert sections["本年度共召开会议"] is sections["参加会议"] is Section.INDICATOR
    assert sections["会议费支出"] is Section.EXPENDITURE


# --- the fourth batch of real reports ------------------------------------------------------------

def _of_year(body: str, year: int) -> Report:
    return extract_report(SourceText.from_string(f"鄂州市测试局{year}年部门决算\n" + body, "t.txt"),
                          load_gazetteer())


def test_an_earlier_years_figure_is_no_whole_of_this_years_parts(context: Graph) -> None:
    report = _of_year("二、收入决算情况说明\n2024年度本年收入合计42,828.11万元，比2023年的40,616.05万元"
                      "增加2,212.06万元，增长5.4%。其中：财政拨款17,229.53万元，占40.2%；事业收入"
                      "25,598.58万元，占59.8%。\n", 2024)
    this_year, earlier = [f for f in report.figures if f.item == "本年收入合计"]
    assert (this_year.prior_year, earlier.prior_year, earlier.of_year) == (False, True, 2023)
    assert named(report, "财政拨款").parent == this_year.key
    assert named(report, "财政拨款占比").share_base == this_year.key
    assert findings(report, context, "ComponentsAddUp") == []
    assert findings(report, context, "ShareMatches") == []


def test_a_change_printed_with_its_sign_after_增加_减少_keeps_the_sign() -> None:
    report = extract("一、收入支出决算总体情况说明\n"
                     "年初结转和结余14.48万元，较上年决算数增加（减少）-6.12万元。"
                     "支出总计100万元，较上年增长（下降）-29.7%。\n")
    change = named(report, "年初结转和结余较上年决算数增加(减少)")
    growth = named(report, "支出总计较上年增长(下降)")
    assert (change.role, change.value, of(report, change.base)) == (
        Role.CHANGE, Decimal(-61200), "年初结转和结余")
    assert (growth.role, growth.value, of(report, growth.base)) == (
        Role.GROWTH, Decimal("-29.7"), "支出总计")


def test_both_years_totals_named_before_分别_are_one_of_each_side() -> None:
    report = extract("一、收入支出决算总体情况说明\n"
                     "其中，本年收入合计、本年支出合计分别为1,402.36万元、1,431.20万元，"
                     "分别比上年增加96.52万元、118.47万元，增长7.39%、9.02%。\n")
    values = {(f.section, f.item): f.value for f in report.figures}
    assert values == {
        (Section.INCOME, "本年收入合计"): Decimal("14023600.00"),
        (Section.EXPENDITURE, "本年支出合计"): Decimal("14312000.00"),
        (Section.INCOME, "本年收入合计比上年增加"): Decimal("965200.00"),
        (Section.EXPENDITURE, "本年支出合计比上年增加"): Decimal("1184700.00"),
        (Section.INCOME, "本年收入合计增长"): Decimal("7.39"),
        (Section.EXPENDITURE, "本年支出合计增长"): Decimal("9.02"),
    }


def test_level_with_the_budget_is_a_change_of_nothing_since_the_budget() -> None:
    report = extract("五、一般公共预算财政拨款支出决算情况说明\n行政单位医疗（项）。年初预算为45.82万元，"
                     "支出决算为45.82万元，完成年初预算的100%，与年初预算持平。\n")
    change = named(report, "行政单位医疗(项)与年初预算持平")
    base = next(f for f in report.figures if f.key == change.base)
    assert (change.role, change.value, change.comparison_year, base.phase) == (
        Role.CHANGE, Decimal(0), None, "executed")


def test_carry_overs_printed_after_the_spending_are_the_incomes() -> None:
    report = extract("五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出12,712.65万元。"
                     "年初财政拨款结转和结余586.14万元，年末财政拨款结转和结余401.85万元。\n")
    opening, closing = named(report, "年初财政拨款结转和结余"), named(report, "年末财政拨款结转和结余")
    assert (opening.section, opening.concept) == (Section.INCOME, "income-carryover")
    assert (closing.section, closing.concept) == (Section.EXPENDITURE, "expenditure-carryover")


def test_a_fund_named_in_a_label_is_no_budget_phase() -> None:
    report = extract("二、收入决算情况说明\n财政拨款收入9018.61万元（其中，一般公共预算9018.61万元，"
                     "政府性基金预算0万元）。\n")
    assert {(f.item, f.phase) for f in report.figures} == {
        ("财政拨款收入", "executed"), ("一般公共预算", "executed"), ("政府性基金预算", "executed")}


def test_vehicles_and_posts_of_the_agencys_description() -> None:
    report = extract("一、部门基本情况\n核定事业编制12名，其中：管理岗位2名，专业技术岗位9名。"
                     "实有在职人员11人（其中：高级职称4人）。车辆编制1辆，实有车辆1辆。\n")
    sections = {f.item: f.section for f in report.figures}
    assert (sections["管理岗位"], sections["专业技术岗位"], sections["高级职称"]) == (
        Section.STAFFING, Section.STAFFING, Section.STAFFING)
    assert (sections["车辆编制"], sections["实有车辆"]) == (Section.ASSETS, Section.ASSETS)


def test_no_data_and_no_carry_over_are_what_they_say() -> None:
    report = extract("八、政府性基金预算财政拨款收入支出决算情况说明\n政府性基金预算财政拨款收入110.00万元，"
                     "年末无结转和结余。本表无数据。\n")
    nothing = [(f.item, f.unit.value) for f in report.figures if f.role is Role.NONE]
    assert nothing == [("结转和结余", "CNY")]


# --- the fifth batch of real reports -------------------------------------------------------------

def test_a_rate_of_change_printed_with_its_sign() -> None:
    report = extract("十、机关运行经费支出说明\n机关运行经费支出146.18万元，比上年增（减）-6.42万元，"
                     "增（减）率-4.21%。\n")
    change, rate = named(report, "机关运行经费比上年增(减)"), named(report, "机关运行经费增(减)率")
    assert (change.role, change.value, rate.role, rate.value) == (
        Role.CHANGE, Decimal(-64200), Role.GROWTH, Decimal("-4.21"))


def test_level_with_a_years_actual_is_a_change_of_nothing() -> None:
    report = extract("七、“三公”经费支出决算情况说明\n"
                     "1.因公出国（境）费。2019年决算数为0万元，预算数为0万元，与2018年决算数持平。\n")
    change = named(report, "因公出国(境)费与2018年决算数持平")
    assert (change.role, change.value, change.comparison_year) == (Role.CHANGE, Decimal(0), 2018)


def test_a_funds_income_where_its_spending_is_explained_is_income() -> None:
    report = extract("五、政府性基金预算财政拨款支出决算情况说明\n"
                     "本部门未发生政府性基金预算财政拨款收入和支出。"
                     "年末一般公共预算财政拨款结转和结余461.24万元。\n")
    income = named(report, "政府性基金预算财政拨款收入")
    assert (income.section, income.concept, income.role) == (
        Section.INCOME, "income-government-fund", Role.NONE)
    closing = named(report, "年末一般公共预算财政拨款结转和结余")
    assert (closing.section, closing.concept) == (Section.EXPENDITURE, "expenditure-carryover")


def test_the_parts_listed_after_a_budget_are_budgets(context: Graph) -> None:
    report = extract("七、“三公”经费支出决算情况说明\n"
                     "“三公”经费年初预算28.60万元，其中：因公出国（境）费0万元、"
                     "公务用车购置及运行费20.00万元、公务接待费8.60万元。“三公”经费支出21.35万元，"
                     "其中：因公出国（境）费0万元、公务用车购置及运行费16.00万元、公务接待费5.35万元。\n")
    phases = [(f.item, f.phase) for f in report.figures if f.role is Role.LEVEL]
    assert phases == [("三公经费", "approved"), ("因公出国(境)费", "approved"),
                      ("公务用车购置及运行费", "approved"), ("公务接待费", "approved"),
                      ("三公经费", "executed"), ("因公出国(境)费", "executed"),
                      ("公务用车购置及运行费", "executed"), ("公务接待费", "executed")]
    assert findings(report, context, "ComponentsAddUp") == []


def test_a_paragraph_wrapped_over_lines_is_read_as_one(context: Graph) -> None:
    lines = ["2021 年度财政拨款收、支总计均为 4,189.60 万元,其中年初财政",
             "拨款结转和结余 203.18 万元,年末财政拨款结转和结余 170.30 万",
             "元。与 2020 年度相比,财政拨款收、支总计各减少 322.47 万元,下",
             "降 7.15%。主要原因是港口航道建设补助减少,相应支出有所减少。"]
    filler = ["本部门严格执行预算管理制度加强资金监管提高资金使用效益推进预算公开",
              "工作不断完善内部控制制度确保财政资金安全规范有效使用并接受社会监督"] * 6
    report = extract("四、财政拨款收入支出决算总体情况说明\n" + "\n".join(lines + filler) + "\n")
    opening = named(report, "年初财政拨款结转和结余")
    growth = next(f for f in report.figures if f.role is Role.GROWTH and f.section is Section.INCOME)
    assert (opening.value, opening.concept) == (Decimal("2031800.00"), "income-carryover")
    assert growth.value == Decimal("-7.15") and of(report, growth.base) == "财政拨款收入总计"
    assert findings(report, context, "GrowthMatches") == []


# --- the sixth batch of real reports -------------------------------------------------------------

def test_a_comparison_in_a_clause_of_its_own_is_against_the_years_actual(context: Graph) -> None:
    report = _of_year("七、政府性基金预算财政拨款支出决算情况说明\n"
                      "2023年度政府性基金预算财政拨款支出116.77万元，年初预算为120.00万元，完成年初预算的97.31%，全部为其他支出。与2022年相比，"
                      "增加12.35万元，增长11.83%。\n", 2023)
    spent, budget = [f for f in report.figures if f.role is Role.LEVEL]
    change = next(f for f in report.figures if f.role is Role.CHANGE)
    assert (budget.item, budget.phase) == (spent.item, "approved")  # the same item's budget
    assert (change.base, change.comparison_year) == (spent.key, 2022)
    assert findings(report, context, "GrowthMatches") == []


def test_words_borrowed_from_the_figure_outside_the_parenthesis() -> None:
    report = extract("七、“三公”经费支出决算情况说明\n国内公务接待共312批次（其中外事接待0批次），"
                     "4228人次（其中外事接待0人次）。\n")
    assert [(f.item, f.value) for f in report.figures] == [
        ("国内公务接待批次", 312), ("外事接待批次", 0), ("国内公务接待人次", 4228),
        ("外事接待人次", 0)]


# --- counts of people by a trait each has one of ------------------------------------------------

def test_people_by_degree_are_parts_of_the_count_before_them(context: Graph) -> None:
    report = extract("一、部门基本情况\n学校现有教职工187人，其中男教师79人，女教师108人，少数民族教师66人；"
                     "专任教师182人，其中研究生学历7人，本科学历185人，学历合格率达100%。\n")
    teachers = named(report, "专任教师")
    for part in ("研究生学历", "本科学历"):
        assert (named(report, part).parent, named(report, part).relation) == (
            teachers.key, Relation.INCLUDED)
    for other in ("男教师", "女教师", "少数民族教师", "专任教师"):  # traits that may overlap
        assert named(report, other).parent is None
    assert findings(report, context, "PartsWithinTotal") == [("专任教师", Decimal(192))]
    adds_up = extract("一、部门基本情况\n专任教师182人，其中研究生学历7人，本科学历165人。\n")
    assert findings(adds_up, context, "PartsWithinTotal") == []
    # a list after ';' or in a sentence of its own is of nothing certain
    apart = extract("一、部门基本情况\n专任教师182人；研究生学历7人，本科学历185人。\n")
    assert named(apart, "本科学历").parent is None


def test_a_share_of_two_parts_together_is_of_their_sum(context: Graph) -> None:
    text = ("二、收入决算情况说明\n本年收入合计42,828,112.97万元。其中：财政拨款17,229,526.68万元，占40.2%；"
            "经营收入16,348.77万元，附属单位上缴收入3,363.59万元，两项合计占{share}%；"
            "其他收入25,578,873.93万元，占59.7%。\n")
    report = extract(text.format(share="0.1"))
    share = named(report, "两项合计占")
    assert (of(report, share.base), [of(report, k) for k in share.more_parts],
            of(report, share.share_base)) == ("经营收入", ["附属单位上缴收入"], "本年收入合计")
    assert findings(report, context, "ShareMatches") == [("两项合计占", Decimal("0.046"))]
    assert findings(extract(text.format(share="0.05")), context, "ShareMatches") == []
    # three parts named, 'two together': not certain which two, no check
    three = extract("二、收入决算情况说明\n本年收入合计100万元。其中：事业收入50万元，经营收入30万元，"
                    "其他收入20万元，两项合计占50%。\n")
    assert named(three, "两项合计占").share_base is None
