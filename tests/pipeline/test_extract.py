"""Extraction on small snippets written in the template's style."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.numbers import Unit
from fiscal_kg.pipeline.records import Figure, Identity, Relation, Report, Role
from fiscal_kg.pipeline.text import SourceText, decode_report

pytestmark = pytest.mark.fast  # `make test-fast`

HEAD = "鄂州市测试局2019年部门决算\n"


def extract(body: str) -> Report:
    return extract_report(SourceText.from_string(HEAD + body, "test.txt"),
                          load_gazetteer())


def by_item(report: Report) -> dict[str, Figure]:
    return {f.item: f for f in report.figures}


def test_agency_year_and_region_from_the_title() -> None:
    report = extract("一、人员基本情况\n编制人数10名。\n")
    assert (report.agency.name, report.fiscal_year, report.agency.region) == (
        "鄂州市测试局", 2019, "鄂州市")


def test_staffing_breakdown_stops_at_the_semicolon() -> None:
    report = extract("一、人员基本情况\n财政供养人数12名,其中:在职10名,离休2名;退休人员5名。\n")
    figures = by_item(report)
    funded = figures["财政供养人数"]
    assert figures["在职"].parent == funded.key
    assert figures["在职"].relation is Relation.COMPONENT
    assert figures["离休"].parent == funded.key
    assert figures["退休人员"].parent is None


def test_three_public_changes_belong_to_the_figure_outside_the_parenthesis() -> None:
    report = extract(
        "一、“三公”经费支出说明\n"
        "“三公”经费支出10.5万元,比2018年减少1.2万元。其中公务接待费支出2万元,与上年持平;"
        "公务用车购置及运行维护费8.5万元(其中公务用车运行费支出8.5万元),比2018年增加0.3万元。\n"
    )
    f = by_item(report)
    total = f["三公经费"]
    assert total.value == Decimal("105000")
    change = f["三公经费比2018年减少"]
    assert (change.role, change.value, change.base, change.comparison_year) == (
        Role.CHANGE, Decimal("-12000"), total.key, 2018)
    level = f["公务接待费与上年持平"]
    assert (level.role, level.value, level.base) == (Role.CHANGE, Decimal(0), f["公务接待费"].key)
    vehicles = f["公务用车购置及运行维护费"]
    assert f["公务用车购置及运行维护费比2018年增加"].base == vehicles.key
    assert f["公务用车运行费"].parent == vehicles.key
    assert f["公务接待费"].parent == total.key


def test_operating_cost_items_are_parts_with_economic_codes() -> None:
    report = extract("一、机关运行经费支出说明\n本部门机关运行经费支出30万元。主要包括办公费10万元、"
                     "维修(护)费5万元、奖励费1万元。\n")
    f = by_item(report)
    total = f["机关运行经费"]
    assert [(x.item, x.economic_code, x.relation) for x in report.figures if x.parent] == [
        ("办公费", "30201", Relation.INCLUDED),
        ("维修(护)费", "30213", Relation.INCLUDED),
        ("奖励费", None, Relation.INCLUDED),
    ]
    assert all(x.parent == total.key for x in report.figures if x.parent)


def test_procurement_shares_name_their_part_and_whole() -> None:
    report = extract("一、政府采购支出说明\n实际采购金额100万元。授予中小企业合同金额80万元,"
                     "占政府采购支出总额的80%。\n")
    f = by_item(report)
    share = f["授予中小企业合同金额占政府采购支出总额"]
    assert (share.role, share.unit, share.value) == (Role.SHARE, Unit.PERCENT, Decimal(80))
    assert share.base == f["授予中小企业合同金额"].key
    assert share.share_base == f["实际采购金额"].key


def test_statements_of_none_are_zero_and_marked() -> None:
    report = extract("一、部门决算单位构成\n本部门为二级预算单位,无二级单位。\n"
                     "二、国有资产占用情况说明\n专用设备无;通用设备3件。\n")
    f = by_item(report)
    assert (f["二级单位"].role, f["二级单位"].value) == (Role.NONE, Decimal(0))
    assert (f["专用设备"].role, f["专用设备"].unit) == (Role.NONE, Unit.COUNT)
    assert f["通用设备"].value == Decimal(3)


def test_a_statement_of_none_may_name_something_abroad() -> None:
    report = extract("一、“三公”经费支出说明\n本年度未发生因公出国（境）团组,"
                     "国内公务接待5批次。\n")
    f = by_item(report)
    abroad = f["因公出国(境)团组"]
    assert (abroad.role, abroad.unit, abroad.value) == (Role.NONE, Unit.COUNT, Decimal(0))


def test_unstated_figures_are_absent_not_zero() -> None:
    report = extract("一、“三公”经费支出说明\n“三公”经费支出10万元。\n")
    assert [f.item for f in report.figures] == ["三公经费"]


def test_unread_lines_are_reported_with_line_numbers() -> None:
    report = extract("一、其他说明\n本年度共有3项工作未列入。\n二、人员基本情况\n编制人数10名。\n")
    assert [(u.line, u.reason) for u in report.unread] == [
        (3, "its section is not one of the template's")]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"\x00\x01binary", "binary"),
    ("一、说明\n这是一首诗。\n".encode(), "not a final-accounts report"),
    ("一、人员基本情况\n编制人数10名。\n".encode(), "no recognisable agency"),
    ("一、部门决算单位构成\n鄂州市测试局为一级预算单位。\n".encode(), "no fiscal year"),
])
def test_bad_input_gets_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ReportError) as caught:
        text, _ = decode_report(data, "bad.txt")
        extract_report(SourceText.from_string(text, "bad.txt"), load_gazetteer())
    assert message in str(caught.value)
    assert str(caught.value).startswith("bad.txt")


def test_gb18030_is_decoded() -> None:
    text, encoding = decode_report((HEAD + "一、人员基本情况\n编制人数10名。\n").encode("gb18030"),
                                   "gbk.txt")
    assert encoding == "gb18030"
    assert text.startswith("鄂州市测试局")


def test_one_line_errors_name_the_file() -> None:
    for data in (b"", b"\x00\x01", "今天天气很好。".encode()):
        with pytest.raises(ReportError) as caught:
            text, _ = decode_report(data, "reports/x.txt")
            extract_report(SourceText.from_string(text, "reports/x.txt"), load_gazetteer())
        message = str(caught.value)
        assert message.startswith("reports/x.txt: ") and "\n" not in message


def test_amounts_in_yuan_wan_and_yi_with_and_without_separators() -> None:
    report = extract("一、收入支出决算总体情况说明\n收入总计1,234,567.89元，支出总计1234567.89元。"
                     "\n二、“三公”经费支出说明\n“三公”经费支出0.12亿元。\n")
    f = by_item(report)
    assert f["收入总计"].value == f["支出总计"].value == Decimal("1234567.89")
    assert f["三公经费"].value == Decimal("12000000")


def test_table_columns_budget_actual_and_prior_year() -> None:
    report = extract("一、“三公”经费支出说明\n金额单位：万元\n| 项目 | 预算数 | 决算数 | 上年数 |\n"
                     "| 公务接待费 | 5.00 | 4.20 | 6.00 |\n| 合计 | 5.00 | 4.20 | 6.00 |\n")
    rows = [(f.item, f.value, f.phase, f.prior_year) for f in report.figures]
    assert rows == [
        ("公务接待费(预算数)", Decimal("50000"), "approved", False),
        ("公务接待费", Decimal("42000"), "executed", False),
        ("公务接待费(上年数)", Decimal("60000"), "executed", True),
        ("合计(预算数)", Decimal("50000"), "approved", False),
        ("合计", Decimal("42000"), "executed", False),
        ("合计(上年数)", Decimal("60000"), "executed", True),
    ]
    by_key = {f.key: f for f in report.figures}
    assert {by_key[f.parent].item for f in report.figures if f.parent} == {
        "合计(预算数)", "合计", "合计(上年数)"}


def test_a_table_without_a_unit_is_not_read_and_is_reported() -> None:
    report = extract("一、“三公”经费支出说明\n| 项目 | 决算数 |\n| 公务接待费 | 4.20 |\n"
                     "| 合计 | 4.20 |\n")
    assert report.figures == ()
    assert [u.line for u in report.unread] == [4, 5]


def test_appropriation_overview_totals_are_not_the_totals_of_all_funds() -> None:
    """财政拨款收入支出决算总体情况: '财政拨款收入总计' contains '收入总计' but is only the
    appropriations; '财政拨款支出总计' is not appropriation income. '一般公共预算财政拨款支出合计'
    is the general budget's total, not the report's 支出合计."""
    report = extract(
        "一、收入支出决算总体情况\n2019年度收入总计300万元，支出总计300万元。\n"
        "二、财政拨款收入支出决算总体情况\n"
        "2019年度财政拨款收入总计250万元，财政拨款支出总计250万元。"
        "一般公共预算财政拨款支出合计240万元。\n")
    concepts = {f.item: (f.concept, f.value, f.fund) for f in report.figures}
    assert concepts == {
        "收入总计": ("income-total", Decimal("3000000.00"), None),
        "支出总计": ("expenditure-total", Decimal("3000000.00"), None),
        "财政拨款收入总计": ("appropriation-income-total", Decimal("2500000.00"),
                         "fiscal-appropriation"),
        "财政拨款支出总计": ("appropriation-expenditure-total", Decimal("2500000.00"),
                         "fiscal-appropriation"),
        "一般公共预算财政拨款支出合计": ("general-budget-expenditure", Decimal("2400000.00"), None),
    }


# --- identity, units and glossary of the fourth batch of real reports ---------------------------

def _read(text: str) -> Report:
    return extract_report(SourceText.from_string(text, "t.txt"), load_gazetteer())


_BODY = "一、部门职责\n负责有关工作。\n二、收入决算情况说明\n本年收入合计10万元。\n"


@pytest.mark.parametrize(("text", "identity"), [
    # a page's label before the name that ends in the name's own place
    ("安徽合肥合肥市第四人民医院2020年度单位决算\n" + _BODY, ("合肥市第四人民医院", "340100")),
    # a State Council ministry's name holds no place: it is the country's
    ("教育部2024年度部门决算\n" + _BODY, ("教育部", "100000")),
    # a name with no place: the place of the page's publisher
    ("发文日期: 2022-09-30 发布机构: 淄川区教育和体育局\n2021年淄博理工学校决算报告\n" + _BODY,
     ("淄博理工学校", "370302")),
    # '本级' printed bare after the name; '纳入…决算编制范围' names no agency
    ("保亭黎族苗族自治县审计局本级2023年度部门决算公开报告\n" + _BODY
     + "纳入保亭黎族苗族自治县审计局2023年度部门决算编制范围的单位共1个。\n",
     ("保亭黎族苗族自治县审计局", "469029")),
])
def test_the_agency_and_its_place_from_pages_as_published(text: str,
                                                           identity: tuple[str, str]) -> None:
    report = _read(text)
    assert (report.agency.name, report.agency.region_code) == identity


def test_a_publisher_of_no_place_and_a_name_of_no_place_leave_the_region_unknown() -> None:
    report = _read("发布机构: 市教育局\n2021年淄博理工学校决算报告\n" + _BODY)
    assert (report.agency.name, report.agency.region_code) == ("淄博理工学校", None)


def test_one_year_decided_by_a_slip_in_the_body_of_an_untitled_report_is_the_usual_one() -> None:
    body = ("一、部门基本情况\n纳入本部门2020年度决算编制的二级预算单位1个。\n二、收入决算情况说明\n"
            + "".join(f"2021年度收入{i}万元。\n" for i in range(1, 6)))
    report = _read("政协忠县委员会办公室是县政协的办事机构。\n" + body)
    assert report.fiscal_year == 2021


@pytest.mark.parametrize(("line", "units"), [
    ("我部门共有三个内设机构，即社会事务办公室组织机构、经济发展办公室组织机构、党群服务中心组织机构。",
     ["社会事务办公室组织机构", "经济发展办公室组织机构", "党群服务中心组织机构"]),
    ("固原市种子工作站是二级预算单位，下设办公室，检测室，试验室。", ["办公室", "检测室", "试验室"]),
    # '下设' before bodies of their own: subordinate units, not internal ones
    ("本局下设县审计中心、县经济责任审计服务站。", []),
    ("学校内设职能处室2个，具体为：党政办公室、教务处。", ["党政办公室", "教务处"]),
])
def test_internal_units_in_more_forms(line: str, units: list[str]) -> None:
    report = extract("一、机构设置\n" + line + "\n")
    assert [unit.name for unit in report.units] == units


def test_a_glossary_printed_as_a_table() -> None:
    report = extract("四、名词解释\n名词 | 解释\n财政拨款收入 | 指本级财政当年拨付的资金。\n"
                     "“三公”经费 | 指因公出国（境）费、公务用车购置及运行费：含购置费。\n")
    assert [(entry.term, entry.definition) for entry in report.glossary] == [
        ("财政拨款收入", "指本级财政当年拨付的资金。"),
        ("“三公”经费", "指因公出国（境）费、公务用车购置及运行费：含购置费。")]


@pytest.mark.parametrize(("line", "units"), [
    ("北京市地震局下辖办公室、人事教育处、科学技术处（政策法规处）3个管理部门，北京市地震预测研究中心等"
     "5个直属事业单位。", ["办公室", "人事教育处", "科学技术处(政策法规处)"]),
    ("本单位内部设园长办公室、综合部、教研部和教学部。", ["园长办公室", "综合部", "教研部", "教学部"]),
    ("局机关内设 3 个科室,分别是办公室、公交和地方 铁路管理科、财务科。",
     ["办公室", "公交和地方铁路管理科", "财务科"]),
])
def test_internal_units_in_the_fifth_batch_forms(line: str, units: list[str]) -> None:
    report = extract("一、机构设置\n" + line + "\n")
    assert [unit.name for unit in report.units] == units


def test_a_democratic_partys_committee_is_of_its_province() -> None:
    report = _read("九三学社辽宁省委员会2017年度部门决算\n" + _BODY)
    assert (report.agency.name, report.agency.region_code) == ("九三学社辽宁省委员会", "210000")


@pytest.mark.parametrize(("text", "identity"), [
    # an office named without its city: the district's city before it, so that it names one body
    ("发布机构: 咸安区温泉街道\n温泉街道办事处2022年度部门决算\n" + _BODY,
     ("咸宁市咸安区温泉街道办事处", "421202")),
    ("通州区生态环境局2024年度部门决算\n" + _BODY + "北京市通州区位于首都东部。\n",
     ("北京市通州区生态环境局", "110112")),
    # a county-level city's name stands alone
    ("冀村镇人民政府2021年度部门决算\n" + _BODY + "财政拨款收入：指汾阳市财政当年拨付的资金。\n",
     ("汾阳市冀村镇人民政府", "141182")),
    # a school's name is its own, wherever it is
    ("发布机构: 淄川区教育和体育局\n2021年淄博理工学校决算报告\n" + _BODY, ("淄博理工学校", "370302")),
])
def test_an_office_named_without_its_place_is_qualified(text: str,
                                                        identity: tuple[str, str]) -> None:
    report = _read(text)
    assert (report.agency.name, report.agency.region_code) == identity


@pytest.mark.parametrize(("text", "identity"), [
    # a title in a page's field; a short title beside it names the same body
    ("名  称: 陵水黎族自治县人民政府办公室2019年度部门决算公开情况的说明\n陵水县政府办2019年度部门决算\n"
     + _BODY, ("陵水黎族自治县人民政府办公室", "469028")),
    # one part published alone, under its own title
    ("双桥集镇人民政府2020年度一般公共预算财政拨款“三公”经费支出决算情况说明\n一、“三公”经费支出说明\n"
     "安徽省怀远县双桥集镇人民政府“三公”经费支出决算为25.7万元。\n", ("怀远县双桥集镇人民政府", "340321")),
    # a province by its short name before the place
    ("西藏昌都市财政局2023年度部门决算\n" + _BODY, ("西藏昌都市财政局", "540300")),
    # a page's link above the title is no part of it
    ("乐职院职工工资查询\n四川省乐山职业技术学院2016年部门决算编制说明\n" + _BODY,
     ("四川省乐山职业技术学院", "510000")),
])
def test_the_agency_from_titles_of_the_sixth_batch(text: str, identity: tuple[str, str]) -> None:
    report = _read(text)
    assert (report.agency.name, report.agency.region_code) == identity


def test_units_in_a_table_and_units_that_are_the_duties() -> None:
    table = extract("一、机构设置\n机关内设部门3个，具体如下：\n序号 | 内设部门 |\n1 | 办公室 |\n"
                    "2 | 组织部 |\n3 | 财务部 |\n纳入决算编制范围的单位共3个。\n")
    assert [unit.name for unit in table.units] == ["办公室", "组织部", "财务部"]
    duties = extract("一、主要职责\n(一)党群办公室(信访)。负责党群工作。\n(二)人事科。负责人事管理。\n"
                     "(三)计划财务科。负责预算和决算。\n")
    assert [unit.name for unit in duties.units] == ["党群办公室(信访)", "人事科", "计划财务科"]
    plain = extract("一、主要职责\n(一)负责全县教育工作。\n(二)人事科。负责人事管理。\n")
    assert plain.units == ()  # not every duty is a unit's: none is read as one


def test_the_one_unit_the_accounts_cover_names_the_agency() -> None:
    report = _read("目 录\n第一部分 市委宣传部门概况\n第二部分 2018年度部门决算表\n"
                   "第一部分 市委宣传部门部门概况\n一、部门主要职能\n"
                   "负责全市宣传工作。\n二、部门基本情况\n纳入本套部门决算汇编范围的单位共1个，即中共南昌市委宣传部"
                   "（本级）。本部门内设办公室、干部处2个处室。\n三、收入决算情况说明\n2018年度本年收入合计10万元。\n")
    assert (report.agency.name, report.agency.region_code, report.fiscal_year) == (
        "中共南昌市委宣传部", "360100", 2018)


def test_a_list_of_units_broken_over_two_lines_is_read_whole() -> None:
    report = extract("一、机构设置\n寿县县委组织部内设机构4个，即办公室、组织组、干部组、干部\n"
                     "监督室。2021年末核定行政编制22名。\n")
    assert [unit.name for unit in report.units] == ["办公室", "组织组", "干部组", "干部监督室"]
    below = extract("一、部门基本情况\n(一)机构设置\n本局机关内设科室2个，分别是：办公室、财务科。\n")
    assert [unit.name for unit in below.units] == ["办公室", "财务科"]


def test_a_report_of_no_title_is_of_the_year_its_body_names_most() -> None:
    body = ("一、部门基本情况\n本部门内设办公室、财务科2个科室。\n二、收入决算情况说明\n"
            "2021年度收入合计10911万元，较2020年度减少1376.32万元。\n2021年度支出合计12638.86万元。\n"
            "2021年度年末结转和结余3383.53万元。\n")
    report = _read("重庆市渝中区疾病预防控制中心系全额拨款事业单位。\n" + body)
    assert report.fiscal_year == 2021
    with pytest.raises(ReportError, match="no fiscal year"):  # two years as often: none is certain
        _read("重庆市渝中区疾病预防控制中心系全额拨款事业单位。\n一、收入决算情况说明\n"
              "2021年度收入10万元，2020年度收入9万元。\n")


def test_units_in_several_groups_each_with_its_count() -> None:
    report = extract(
        "一、机构设置\n县政协设有3个专门委员会：提案委员会、经济发展委员会、学习和联络委员会。\n"
        "县政协设有2个办事机构：政协忠县委员会办公室、提案联络委办公室。其中，政协忠县委员会办公室"
        "内设文秘科、行政科2个科室。\n")
    assert [(unit.position, unit.name) for unit in report.units] == [
        (1, "提案委员会"), (2, "经济发展委员会"), (3, "学习和联络委员会"), (4, "政协忠县委员会办公室"),
        (5, "提案联络委办公室"), (6, "文秘科"), (7, "行政科")]
    # a group whose count does not match its names, or the bodies under the agency, is no
    # group of internal units
    miscounted = extract("一、机构设置\n内设科室2个：办公室、财务科。另设有3个中心：甲中心、乙中心。\n")
    assert [unit.name for unit in miscounted.units] == ["办公室", "财务科"]
    subordinate = extract("一、机构设置\n内设科室2个：办公室、财务科。所属事业单位设有2个站：甲站、乙站。\n")
    assert [unit.name for unit in subordinate.units] == ["办公室", "财务科"]


def test_a_unit_printed_with_the_units_merged_into_it() -> None:
    report = extract("一、机构设置\n本院内设3个正科级机构：办公室（财务科、信息科合署）、"
                     "业务管理科（医务科、科教科、质量管理科、医院感染控制科合署）、护理部。\n")
    assert [unit.name for unit in report.units] == [
        "办公室(财务科、信息科合署)", "业务管理科(医务科、科教科、质量管理科、医院感染控制科合署)", "护理部"]


@pytest.mark.parametrize(("index", "region"), [
    ("113308810026303481/2021-138296", "330881"),  # the publisher's credit code: 江山市
    ("113308810026303482/2021-138296", "330000"),  # a wrong check character: no code
    ("11420700MB2858318L/2022", "330000"),  # a division outside the province the name gives
])
def test_the_region_from_the_credit_code_of_a_page_s_index_number(index: str, region: str) -> None:
    report = _read(f"索引号: | {index} | 主题分类: | 财政\n浙江省衢州第二中专2020年度部门决算\n" + _BODY)
    assert (report.agency.name, report.agency.region_code) == ("浙江省衢州第二中专", region)


def test_a_share_of_a_total_of_no_certain_concept_is_checked() -> None:
    report = extract("二、支出决算情况说明\n本部门2021年度支出合计12638.86万元，较上年决算数增加5117.19万元。"
                     "其中：基本支出1591.79万元，占21.59%；项目支出11047.07万元，占78.41%。\n")
    figures = by_item(report)
    whole = figures["支出合计"]
    assert figures["基本支出占比"].share_base == whole.key
    assert figures["项目支出占比"].share_base == whole.key


def test_a_body_named_by_its_level_alone_is_refused_unless_a_manifest_names_it() -> None:
    text = ("一、部门基本情况\n县政协设有2个办事机构：办公室、研究室。\n二、收入决算情况说明\n"
            "2021年度收入合计10万元。\n")
    with pytest.raises(ReportError, match=r"县政协.*--manifest"):
        _read(text)
    given = extract_report(SourceText.from_string(text, "t.txt"), load_gazetteer(),
                           Identity("政协忠县委员会办公室", 2021, "500233"))
    assert (given.agency.name, given.agency.region_code, given.fiscal_year) == (
        "政协忠县委员会办公室", "500233", 2021)


def test_a_university_run_mostly_by_a_province_is_of_the_province() -> None:
    report = _read("大连工业大学2021年度决算\n一、学校概况\n学校始建于1958年，1998年转为中央与地方共建、"
                   "以辽宁省管理为主的管理体制。\n二、收入决算情况说明\n本年收入合计10万元。\n")
    assert (report.agency.name, report.agency.region_code) == ("大连工业大学", "210000")
