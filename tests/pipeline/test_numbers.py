from __future__ import annotations

from decimal import Decimal

import pytest

from fiscal_kg.pipeline.numbers import Unit, find_quantities, parse_cn_integer
from fiscal_kg.pipeline.text import normalise_width


@pytest.mark.parametrize(("text", "printed", "value", "unit", "scale", "approximate", "resolution"), [
    ("支出84.18万元", "84.18万元", "841800", Unit.CNY, 4, False, "100"),
    ("收入2,592.89万元", "2,592.89万元", "25928900", Unit.CNY, 4, False, "100"),
    ("总值980亿元", "980亿元", "98000000000", Unit.CNY, 8, False, "100000000"),
    ("金额1234567元", "1234567元", "1234567", Unit.CNY, 0, False, "1"),
    ("含项目结转资金4.8万。", "4.8万", "48000", Unit.CNY, 4, False, "1000"),
    ("共计121 人次", "121 人次", "121", Unit.COUNT, 0, False, "0"),
    ("占总额的89.2%", "89.2%", "89.2", Unit.PERCENT, 0, False, "0.1"),
    ("面积933.96平方米", "933.96平方米", "933.96", Unit.M2, 0, False, "0.01"),
    ("得分为92分,", "92分", "92", Unit.SCORE, 0, False, "0"),
    ("文稿200余篇", "200余篇", "200", Unit.COUNT, 0, True, "0"),
    ("90万余字", "90万余字", "900000", Unit.COUNT, 4, True, "10000"),
    ("信息600多条", "600多条", "600", Unit.COUNT, 0, True, "0"),
    ("围绕百余个市级重点项目", "百余个", "100", Unit.COUNT, 0, True, "0"),
    (normalise_width("支出１２．５万元"), "12.5万元", "125000", Unit.CNY, 4, False, "1000"),
])
def test_quantity(text: str, printed: str, value: str, unit: Unit, scale: int,
                  approximate: bool, resolution: str) -> None:
    [quantity] = list(find_quantities(text))
    assert quantity.printed == printed
    assert quantity.value == Decimal(value)
    assert (quantity.unit, quantity.scale, quantity.approximate) == (unit, scale, approximate)
    assert quantity.resolution == Decimal(resolution)
    assert text[quantity.span.start:quantity.span.end] == printed


@pytest.mark.parametrize("text", [
    "2018年部门决算", "12345市长专线办", "武汉地铁11号线", "改革开放40周年", "“5.12”宣传日",
    "坚持24小时值守", "增长3个百分点", "第1次会议", "签约亿元以上项目", "截至2018年12月31日",
    "三大攻坚战", "四个意识", "十大标志性战役",
])
def test_not_a_quantity(text: str) -> None:
    assert list(find_quantities(text)) == []


def test_chinese_integers() -> None:
    assert [parse_cn_integer(t) for t in ("百", "二十", "十二", "三千", "两百")] == [
        100, 20, 12, 3000, 200]
