"""Every figure of the seed report, through the `figures` stored query, against values written
here by hand from the report text (data/reports/ezhou-government-office-2018-final-accounts.txt).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Row, parse_json_results, run_cli

D = Decimal
# (section, item, value, unit), in the order the report prints them (fiscal sections).
FISCAL: list[tuple[str, str, Decimal, str]] = [
    # 一、(二) 部门预算单位构成, (三) 人员基本情况
    ("staffing", "二级单位", D(0), "count"),  # 无二级单位
    ("staffing", "内设机构", D(18), "count"),
    ("staffing", "编制人数", D(87), "count"),
    ("staffing", "财政供养人数", D(82), "count"),
    ("staffing", "在职", D(76), "count"),
    ("staffing", "不占编", D(4), "count"),
    ("staffing", "离休人数", D(2), "count"),
    ("staffing", "纳入养老统筹退休人员", D(38), "count"),
    # 三、1 收入决算情况
    ("income", "全年收入", D("25928900"), "CNY"),  # 2592.89万元
    ("income", "本年度财政拨款收入", D("25154600"), "CNY"),  # 2515.46万元
    ("income", "2017年末结转资金", D("774300"), "CNY"),  # 77.43万元
    ("income", "项目结转资金", D(0), "CNY"),  # 无项目结转资金
    # 三、2 支出决算情况
    ("expenditure", "全年支出", D("25928900"), "CNY"),
    ("expenditure", "本年度支出", D("25307400"), "CNY"),  # 2530.74万元
    ("expenditure", "基本支出", D("20115600"), "CNY"),  # 2011.56万元
    ("expenditure", "项目支出", D("5191800"), "CNY"),  # 519.18万元
    ("expenditure", "年末结转", D("621500"), "CNY"),  # 62.15万元
    ("expenditure", "项目结转资金", D("48000"), "CNY"),  # 4.8万
    # 三、3 “三公”经费
    ("three-public", "因公出国(境)人次", D(1), "count"),
    ("three-public", "国内公务接待批次", D(16), "count"),
    ("three-public", "国内公务接待人次", D(121), "count"),
    ("three-public", "车辆购置数", D(1), "count"),
    ("three-public", "车辆保有量", D(13), "count"),
    ("three-public", "三公经费", D("841800"), "CNY"),  # 84.18万元
    ("three-public", "三公经费比2017年减少", D("-87600"), "CNY"),  # 8.76万元
    ("three-public", "公务接待费", D("9200"), "CNY"),  # 0.92万元
    ("three-public", "公务接待费比2017年减少", D("-9300"), "CNY"),  # 0.93万元
    ("three-public", "公务用车购置及运行维护费", D("797800"), "CNY"),  # 79.78万元
    ("three-public", "公务用车运行费", D("602600"), "CNY"),  # 60.26万元
    ("three-public", "公务用车购置费", D("195200"), "CNY"),  # 19.52万元
    ("three-public", "公务用车购置及运行维护费比2017年增加", D("16400"), "CNY"),  # 1.64万元
    ("three-public", "因公出国(境)费用", D("34800"), "CNY"),  # 3.48万元
    # 三、4 机关运行经费
    ("operating-costs", "机关运行经费", D("2645300"), "CNY"),  # 264.53万元
    ("operating-costs", "办公费", D("204100"), "CNY"),
    ("operating-costs", "印刷费", D("5400"), "CNY"),
    ("operating-costs", "咨询费", D("6500"), "CNY"),
    ("operating-costs", "手续费", D("10000"), "CNY"),
    ("operating-costs", "水费", D("300"), "CNY"),
    ("operating-costs", "电费", D("66800"), "CNY"),
    ("operating-costs", "邮电费", D("70500"), "CNY"),
    ("operating-costs", "物业管理费", D("2000"), "CNY"),
    ("operating-costs", "差旅费", D("94200"), "CNY"),
    ("operating-costs", "维修(护)费", D("67000"), "CNY"),
    ("operating-costs", "培训费", D("83200"), "CNY"),
    ("operating-costs", "公务接待费", D("7100"), "CNY"),
    ("operating-costs", "劳务费", D("65900"), "CNY"),
    ("operating-costs", "委托业务费", D("280000"), "CNY"),  # 28万元
    ("operating-costs", "工会经费", D("210900"), "CNY"),
    ("operating-costs", "福利费", D("250400"), "CNY"),
    ("operating-costs", "公务用车运行维护费", D("537100"), "CNY"),
    ("operating-costs", "其他交通费用", D("621600"), "CNY"),
    ("operating-costs", "其他商品和服务支出", D("62300"), "CNY"),
    ("operating-costs", "办公设备购置", D("50800"), "CNY"),
    ("operating-costs", "信息网络及软件购置更新", D("10900"), "CNY"),
    # 三、5 政府采购
    ("procurement", "政府采购计划金额", D("1698500"), "CNY"),
    ("procurement", "实际采购金额", D("1686700"), "CNY"),
    ("procurement", "政府采购货物支出", D("1197700"), "CNY"),
    ("procurement", "政府采购服务支出", D("489000"), "CNY"),  # 48.9万元
    ("procurement", "授予中小企业合同金额", D("1504700"), "CNY"),
    ("procurement", "授予中小企业合同金额占政府采购支出总额", D("89.2"), "percent"),
    ("procurement", "授予小微企业合同金额", D("1305600"), "CNY"),
    ("procurement", "授予小微企业合同金额占政府采购支出总额", D("77.4"), "percent"),
    # 三、6 国有资产占用
    ("assets", "莲花池小区办公用房", D(2), "count"),
    ("assets", "北京市宣武区南菜园街办公用房", D(1), "count"),
    ("assets", "办公用房面积", D("933.96"), "m2"),
    ("assets", "办公用房价值", D("5537700"), "CNY"),
    ("assets", "车辆", D(13), "count"),
    ("assets", "车辆总价值", D("2898300"), "CNY"),
    ("assets", "专用设备", D(0), "count"),  # 专用设备无
    ("assets", "通用设备", D(342), "count"),
    ("assets", "通用设备总价值", D("1233100"), "CNY"),
    ("assets", "家俱", D(111), "count"),
    ("assets", "家俱价值", D("867100"), "CNY"),
    ("assets", "车辆", D(13), "count"),  # 截至2018年12月31日,本单位共有车辆13辆
    ("assets", "主要领导干部用车", D(1), "count"),
    ("assets", "机要通信用车", D(5), "count"),
    ("assets", "离退休干部用车", D(1), "count"),
    ("assets", "其他用车", D(6), "count"),
    # 三、7 预算绩效
    ("performance", "一般公共预算项目支出", D(9), "count"),
    ("performance", "涉及金额", D("3591900"), "CNY"),
    ("performance", "纳入年初部门预算", D("3591900"), "CNY"),
    ("performance", "年中追加项目项目经费电子政务办", D("298000"), "CNY"),
    ("performance", "督查室网络信息建设费", D("415000"), "CNY"),
    ("performance", "汉办经费", D("160000"), "CNY"),
    ("performance", "烟草专项", D("300000"), "CNY"),
    ("performance", "其他项目", D("426900"), "CNY"),  # 42.69万
    ("performance", "年末实际执行数", D("5191800"), "CNY"),
    ("performance", "一般公共预算执行数", D("5191800"), "CNY"),
    ("performance", "自评得分", D(92), "score"),
]

# The headline indicators of 二、2018年完成的主要工作任务: (value, unit, words of its item).
INDICATORS: list[tuple[Decimal, str, str]] = [
    (D("98000000000"), "CNY", "地区生产总值"),  # 980亿元
    (D(8), "percent", "比上年增长"),
    (D("7.8"), "percent", "规模以上工业增加值"),
    (D(13), "percent", "消费品零售总额"),
    (D("9.3"), "percent", "一般公共预算收入"),
    (D(12), "percent", "高新技术产业增加值"),
    (D(77), "count", "亿元以上项目"),
    (D(100), "count", "市级重点项目"),  # 百余个
    (D(54), "count", "企业"),
    (D(6), "count", "招商项目"),
    (D("6095000000"), "CNY", "贷款合同"),  # 60.95亿元
    (D("13094000000"), "CNY", "授信协议"),  # 130.94亿元
    (D(43), "count", "小微企业"),
    (D("77210000"), "CNY", "保证保险"),  # 7721万元
    (D("10.82"), "percent", "存款余额"),
    (D("14.41"), "percent", "贷款余额"),
    (D(389), "count", "议定事项"),
    (D(401), "count", "提案"),
    (D(52), "count", "领导批示事项"),
    (D(8), "count", "上级督查活动"),
    (D(69), "count", "重点督查"),
    (D(92), "count", "问题"),
    (D(2), "count", "主要领导批示表扬"),
    (D(3), "count", "分管领导批示表扬"),
    (D(20), "count", "调研报告"),
    (D(2), "count", "省级刊物"),
    (D(1), "count", "重点课题"),
    (D(200), "count", "文稿"),  # 200余篇
    (D(900000), "count", "字"),  # 90万余字
    (D(6), "count", "政府公报"),
    (D(13), "count", "政务资讯"),
    (D(1917), "count", "收集信息"),
    (D(52), "count", "政务信息"),
    (D(600), "count", "经验做法"),  # 600多条
    (D(49), "count", "省办采用"),
    (D(2), "count", "国办采用"),
    (D(45), "count", "应急周报"),
    (D(7), "count", "值班快报"),
    (D(33), "count", "应急演练"),
    (D("-8.36"), "percent", "发文同比减少"),
    (D(3000), "count", "公文"),  # 3000余件
    (D(100), "percent", "办结率"),
    (D(500), "count", "接待活动"),  # 500余次
    (D(4961), "count", "投诉建议"),
    (D("99.1"), "percent", "办复率"),
    (D(58), "count", "行政复议申请"),
    (D(53), "count", "审结"),
    (D(20000), "count", "政务信息"),  # 2万条
    (D(9), "count", "信息公开申请"),
    (D(54), "count", "政府网站"),
    (D(4), "count", "督查测评"),
    (D(10), "count", "学法"),  # 10余次
    (D(10000), "count", "宣传资料"),  # 1万余份
    (D(20000), "count", "短信"),  # 2万余条
    (D(7), "count", "规章"),
    (D(10), "count", "规范性文件"),
    (D(1), "count", "政府规章"),
    (D(2), "count", "规范性文件"),
    (D(10), "count", "行政处罚"),  # 10余件
    (D(3), "count", "行政检查计划"),
    (D(30), "count", "行政执法不规范问题"),  # 30余个
    (D(25), "count", "执法单位"),
    (D(60), "count", "执法案卷"),
    (D(200), "count", "执法问题"),  # 200余个
    (D(159), "count", "证明事项"),
    (D(40), "count", "合同"),  # 40余份
    (D(50), "count", "法律意见书"),  # 50余份
]


@pytest.fixture(scope="module")
def figure_rows(seed_store: Path) -> list[Row]:
    result = run_cli("query", "figures", "--store", str(seed_store), "--format", "json")
    assert result.code == 0, result.err
    return parse_json_results(result.out)


def test_every_fiscal_figure_is_stated_with_its_value(figure_rows: list[Row]) -> None:
    fiscal = [(r["section"], r["item"], r["value"], r["unit"])
              for r in figure_rows if r["section"] != "indicator"]
    assert fiscal == FISCAL


def test_every_headline_indicator_is_stated(figure_rows: list[Row]) -> None:
    indicators = [r for r in figure_rows if r["section"] == "indicator"]
    assert [(r["value"], r["unit"]) for r in indicators] == [(v, u) for v, u, _ in INDICATORS]
    for row, (_, _, words) in zip(indicators, INDICATORS, strict=True):
        assert words in row["item"], (row["item"], words)
        assert row["item"] in row["source"] or row["item"].split(",")[-1] in row["source"]


def test_every_figure_names_its_report_and_the_sentence_it_came_from(
        figure_rows: list[Row], seed_source: object) -> None:
    text = Path("data/reports/ezhou-government-office-2018-final-accounts.txt")
    raw = (Path(__file__).parents[1] / text).read_text(encoding="utf-8")
    assert len(figure_rows) == len(FISCAL) + len(INDICATORS)
    for row in figure_rows:
        assert row["report"].endswith("/id/report/鄂州市人民政府办公室/2018")
        assert row["source"] in raw


def test_values_are_decimals_in_yuan_never_floats(figure_rows: list[Row]) -> None:
    for row in figure_rows:
        assert isinstance(row["value"], Decimal)
    money = {r["item"]: r["value"] for r in figure_rows if r["section"] == "three-public"}
    assert money["三公经费"] == Decimal("84.18") * 10_000


def test_approximate_figures_are_marked(run_query) -> None:  # type: ignore[no-untyped-def]
    rows = run_query("""
        SELECT ?text WHERE { ?f fk:approximate true ; fk:statedText ?text }""")
    printed = sorted(r["text"] for r in rows)
    assert printed == sorted(["百余个", "200余篇", "90万余字", "600多条", "3000余件", "500余次",
                              "10余次", "1万余份", "2万余条", "10余件", "30余个", "200余个",
                              "40余份", "50余份"])


def test_printed_figure_and_scale_are_kept(run_query) -> None:  # type: ignore[no-untyped-def]
    rows = run_query("""
        SELECT ?text ?number ?scale ?unit ?start ?end WHERE {
          ?f fk:item "三公经费" ; fk:statedText ?text ; fk:statedNumber ?number ;
             fk:statedScale ?scale ; fk:statedUnit ?unit ; fk:statedAt/oa:hasSelector ?s .
          ?s oa:start ?start ; oa:end ?end }""")
    assert len(rows) == 1
    row = rows[0]
    assert (row["text"], row["number"], row["scale"], row["unit"]) == (
        "84.18万元", Decimal("84.18"), 4, "万元")
    raw = Path(__file__).parents[1].joinpath(
        "data/reports/ezhou-government-office-2018-final-accounts.txt").read_text("utf-8")
    assert raw[int(row["start"]):int(row["end"])] == "84.18万元"


def test_operating_cost_items_carry_their_economic_codes(run_query) -> None:  # type: ignore[no-untyped-def]
    rows = run_query("""
        SELECT ?item ?code WHERE {
          ?f fk:concept <https://w3id.org/fiscal-kg/def/concept/operating-cost-item> ;
             fk:item ?item ; fk:economicClassification ?c . ?c skos:notation ?code }""")
    codes = {r["item"]: r["code"] for r in rows}
    assert codes == {
        "办公费": "30201", "印刷费": "30202", "咨询费": "30203", "手续费": "30204",
        "水费": "30205", "电费": "30206", "邮电费": "30207", "物业管理费": "30209",
        "差旅费": "30211", "维修(护)费": "30213", "培训费": "30216", "公务接待费": "30217",
        "劳务费": "30226", "委托业务费": "30227", "工会经费": "30228", "福利费": "30229",
        "公务用车运行维护费": "30231", "其他交通费用": "30239",
        "其他商品和服务支出": "30299", "办公设备购置": "31002",
        "信息网络及软件购置更新": "31007",
    }
