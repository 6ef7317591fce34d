from __future__ import annotations

from decimal import Context, Decimal, localcontext

import pytest

from fiscal_kg.pipeline.mapping import decimal_literal
from fiscal_kg.pipeline.numbers import Unit, find_quantities, parse_cn_integer, unreadable_numbers
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


# --- numbers a figure cannot hold exactly: refused and named, never rounded -----------------

def test_a_number_of_more_digits_than_a_figure_holds_is_refused_and_named() -> None:
    digits = "1" * 10_000
    text = f"办公费{digits}万元,印刷费0.54万元。"
    assert [q.printed for q in find_quantities(text)] == ["0.54万元"]
    [refused] = list(unreadable_numbers(text))
    assert text[refused.span.start:refused.span.end] == digits
    assert refused.reason == ("the number 1111111111…111111 (10,000 characters) has 10,000 "
                              "digits, more than the 20 a figure is stored with exactly")


@pytest.mark.parametrize(("text", "named"), [
    ("办公费1e99999万元,印刷费0.54万元。", "1e99999"),
    ("办公费1e5万元,印刷费0.54万元。", "1e5"),
    ("办公费1.2E3元,印刷费0.54万元。", "1.2E3"),
    ("办公费3e-2万元,印刷费0.54万元。", "3e-2"),
    ("办公费3E+2万元,印刷费0.54万元。", "3E+2"),
])
def test_scientific_notation_is_refused_and_the_sentence_s_other_figures_are_read(
        text: str, named: str) -> None:
    assert [q.printed for q in find_quantities(text)] == ["0.54万元"]
    assert [r.reason for r in unreadable_numbers(text)] == [
        f"the number {named} is in scientific notation, which a report does not use: its "
        f"meaning is not certain"]


@pytest.mark.parametrize(("text", "reason"), [
    ("支出12345678901234567890万亿元", "is too large to be stored exactly (10^20 or more)"),
    ("支出0.0000000000000000001元", "has 19 decimal places in its unit, more than the 18"),
    ("支出123456789012345678901元", "has 21 digits, more than the 20"),
])
def test_a_value_the_store_cannot_hold_exactly_is_refused(text: str, reason: str) -> None:
    assert list(find_quantities(text)) == []
    [refused] = list(unreadable_numbers(text))
    assert reason in refused.reason


def test_the_largest_numbers_read_are_exact_whatever_the_decimal_context() -> None:
    """20 digits times 10^12 has 33: the default context (28 digits) would round it."""
    with localcontext(Context(prec=5)):
        [quantity] = list(find_quantities("支出12345678.901234567891万元"))
        assert (quantity.number, quantity.value) == (
            Decimal("12345678.901234567891"), Decimal("123456789012.34567891"))
        assert str(decimal_literal(quantity.value)) == "123456789012.34567891"
        [big] = list(find_quantities("资产99999999.999999999999万亿元"))
        assert str(decimal_literal(big.value)) == "99999999999999999999"


def test_ordinary_numbers_and_dates_are_not_refused() -> None:
    text = ("2018年12月31日,支出2,592.89万元,编号12345678901234567890,增长8%,"
            "第1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16项。")
    assert list(unreadable_numbers(text)) == []
