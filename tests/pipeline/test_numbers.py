from __future__ import annotations

import os
from decimal import Context, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fiscal_kg.pipeline.mapping import decimal_literal
from fiscal_kg.pipeline.numbers import (
    Unit,
    exact_amount,
    find_quantities,
    parse_cn_integer,
    unreadable_numbers,
)
from fiscal_kg.pipeline.text import normalise_width

pytestmark = pytest.mark.fast  # `make test-fast`


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
    ("下降百分之33.33,", "百分之33.33", "33.33", Unit.PERCENT, 0, False, "0.01"),
    ("增长百分之12", "百分之12", "12", Unit.PERCENT, 0, False, "1"),
    ("增长百分之三十三点三。", "百分之三十三点三", "33.3", Unit.PERCENT, 0, False, "0.1"),
    ("增长百分之一百二十,", "百分之一百二十", "120", Unit.PERCENT, 0, False, "1"),
    ("下降百分之零点五", "百分之零点五", "0.5", Unit.PERCENT, 0, False, "0.1"),
    ("占百分之五", "百分之五", "5", Unit.PERCENT, 0, False, "1"),
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
    "百分之5万元",  # no way of writing an amount: not read at all
    "百分之一二十",  # a range of numerals, not one number
    "百分之三十万",  # the numeral goes on: not a whole percentage
    "植树造林120万株", "改造3.5万亩",  # a unit word not known: no 万元
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


# --- what is kept of a printed quantity: number, scale, unit word, counting word ------------

@pytest.mark.parametrize(("text", "printed", "number", "value", "scale", "unit_text", "resolution"), [
    ("支出-12.34万元", "-12.34万元", "-12.34", "-123400", 4, "万元", "100"),
    (normalise_width("支出－12.34万元"), "-12.34万元", "-12.34", "-123400", 4, "万元", "100"),
    ("支出−12.34万元", "−12.34万元", "-12.34", "-123400", 4, "万元", "100"),  # U+2212
    ("结余-0.5元", "-0.5元", "-0.5", "-0.5", 0, "元", "0.1"),
    ("支出5千元", "5千元", "5", "5000", 3, "千元", "1000"),
    ("支出12.5千元", "12.5千元", "12.5", "12500", 3, "千元", "100"),
    ("总额1.2万亿元", "1.2万亿元", "1.2", "1200000000000", 12, "万亿元", "100000000000"),
    ("总额3亿元", "3亿元", "3", "300000000", 8, "亿元", "100000000"),
    ("支出12.3456万元", "12.3456万元", "12.3456", "123456", 4, "万元", "1"),
    ("收入1,234.5678万元", "1,234.5678万元", "1234.5678", "12345678", 4, "万元", "1"),
    ("支出1,234.56元", "1,234.56元", "1234.56", "1234.56", 0, "元", "0.01"),
    ("含项目结转资金4.8万。", "4.8万", "4.8", "48000", 4, "万", "1000"),
])
def test_money_in_every_scale_is_an_exact_decimal_in_yuan(
        text: str, printed: str, number: str, value: str, scale: int, unit_text: str,
        resolution: str) -> None:
    [quantity] = list(find_quantities(text))
    assert (quantity.printed, quantity.unit, quantity.scale, quantity.unit_text) == (
        printed, Unit.CNY, scale, unit_text)
    assert isinstance(quantity.value, Decimal) and isinstance(quantity.number, Decimal)
    assert (quantity.number, quantity.value, quantity.resolution) == (
        Decimal(number), Decimal(value), Decimal(resolution))
    assert quantity.value == quantity.number.scaleb(scale)  # the printed number, scaled
    assert (quantity.approximate, quantity.counter) == (False, "")
    assert text[quantity.span.start:quantity.span.end] == printed


@pytest.mark.parametrize(("text", "printed", "value", "counter", "approximate"), [
    ("下属单位3所", "3所", 3, "所", False),
    ("内设机构5处", "5处", 5, "处", False),
    ("出国团组2个", "2个", 2, "个", False),
    ("因公出国2团组", "2团组", 2, "团组", False),
    ("因公出国2个团组", "2个团组", 2, "个团组", False),
    ("接待5批次", "5批次", 5, "批次", False),
    ("编制人数87名", "87名", 87, "名", False),
    ("围绕十余个重点项目", "十余个", 10, "个", True),
    ("培训一千二百余人", "一千二百余人", 1200, "人", True),
    ("开展两千多人次", "两千多人次", 2000, "人次", True),
    ("建成一百零五余个", "一百零五余个", 105, "个", True),
    ("文稿200余篇", "200余篇", 200, "篇", True),
])
def test_counts_keep_their_counting_word_and_whether_they_are_approximate(
        text: str, printed: str, value: int, counter: str, approximate: bool) -> None:
    [quantity] = list(find_quantities(text))
    assert (quantity.printed, quantity.value, quantity.number, quantity.unit) == (
        printed, Decimal(value), Decimal(value), Unit.COUNT)
    assert (quantity.counter, quantity.unit_text, quantity.scale) == (counter, counter, 0)
    assert (quantity.approximate, quantity.resolution) == (approximate, Decimal(0))
    assert text[quantity.span.start:quantity.span.end] == printed


@pytest.mark.parametrize("text", [
    "一万二千余人",  # 万 is not read: '二千余人' alone would be a wrong number
    "一二百余人",  # a range, not a number
    "数十余个",
    "零余个",
    "十个部门",  # plain Chinese numerals are names more often than counts
    "共三百余",  # no counting word
])
def test_a_chinese_numeral_that_is_not_certain_is_not_read(text: str) -> None:
    assert list(find_quantities(text)) == []


def test_quantities_come_in_the_order_printed_whatever_their_numerals() -> None:
    text = "百余人次参加3期培训,其中一二百余人为新录用人员,培训3期百余人次,编写十余篇"
    assert [(q.printed, q.value) for q in find_quantities(text)] == [
        ("百余人次", 100), ("3期", 3), ("3期", 3), ("百余人次", 100), ("十余篇", 10)]


def test_chinese_integers_that_are_not_one_number() -> None:
    assert [parse_cn_integer(t) for t in ("一百零五", "一千二百", "两千", "十一")] == [
        105, 1200, 2000, 11]
    assert [parse_cn_integer(t) for t in ("一二百", "三五", "零", "", "十万")] == [
        None, None, None, None, None]


@pytest.mark.parametrize(("text", "read"), [
    ("单价50万元以上通用设备3台", ["3台"]),
    ("单价10万元及以上的设备2台", ["2台"]),
    ("采购单价5千元以下的办公设备10台", ["10台"]),
    ("支出50万元,以上费用均为基本支出", ["50万元"]),
    ("共计3个月", []),
    ("增长3个百分点,其中2个项目", ["2个"]),
    ("用时5分钟,得分92分", ["92分"]),
])
def test_thresholds_and_words_that_follow_a_count_are_not_figures(text: str, read: list[str]) -> None:
    assert [q.printed for q in find_quantities(text)] == read


def test_only_the_text_between_start_and_end_is_read() -> None:
    text = "支出12万元。编写十余篇,3e5万元,增长3个百分点"
    first = text.index("。") + 1
    assert [q.printed for q in find_quantities(text, 0, first)] == ["12万元"]
    assert [q.printed for q in find_quantities(text, first)] == ["十余篇"]
    # a word that would make a count no count ('3个百分点') is looked for before `end` only
    end = text.index("百分点")
    assert [q.printed for q in find_quantities(text, first, end)] == ["十余篇", "3个"]


# --- the bounds of what is stored exactly ----------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("资产99999999.999999999999万亿元", "99999999999999999999"),  # under 10^20 yuan
    ("支出0.000000000000000001元", "0.000000000000000001"),  # 18 decimal places
    ("支出0.0000000000000000000001万元", "0.000000000000000001"),  # 18 in yuan
    ("收入12345678901234567890元", "12345678901234567890"),  # 20 digits
])
def test_the_largest_and_finest_numbers_stored_exactly_are_read(text: str, value: str) -> None:
    [quantity] = list(find_quantities(text))
    assert quantity.value == Decimal(value)
    assert list(unreadable_numbers(text)) == []


TOO_LARGE = "is too large to be stored exactly (10^20 or more)"
TOO_FINE = "decimal places in its unit, more than the 18 a figure is stored with"
TOO_LONG = "digits, more than the 20 a figure is stored with exactly"
SCIENTIFIC = "is in scientific notation, which a report does not use: its meaning is not certain"
LONG_ONES = "1111111111…111111 (25 characters)"


@pytest.mark.parametrize(("text", "refused"), [
    ("资产100000000万亿元", [("100000000万亿元", f"the number 100000000 {TOO_LARGE}")]),
    ("资产1000000000万亿", [("1000000000万亿", f"the number 1000000000 {TOO_LARGE}")]),
    ("资产-100000000万亿元", [("-100000000万亿元", f"the number 100000000 {TOO_LARGE}")]),
    ("支出0.0000000000000000001元",
     [("0.0000000000000000001元", f"the number 0.0000000000000000001 has 19 {TOO_FINE}")]),
    ("2018年支出0.00000000000000000000001万元",
     [("0.00000000000000000000001万元",
       f"the number 0.00000000…000001 (25 characters) has 19 {TOO_FINE}")]),
    ("编号" + "1" * 24, [("1" * 24, f"the number {'1' * 24} has 24 {TOO_LONG}")]),
    ("编号" + "1" * 25, [("1" * 25, f"the number {LONG_ONES} has 25 {TOO_LONG}")]),
    ("1e5万元", [("1e5", f"the number 1e5 {SCIENTIFIC}")]),  # at the start of the text
    ("支出" + "1" * 25 + "e5万元", [  # named once, as scientific notation
        ("1" * 25 + "e5", f"the number 1111111111…1111e5 (27 characters) {SCIENTIFIC}")]),
    ("支出1e" + "9" * 25 + "万元", [  # its exponent is not named again
        ("1e" + "9" * 25, f"the number 1e99999999…999999 (27 characters) {SCIENTIFIC}")]),
    ("办公费1e5万元,印刷费" + "2" * 25 + "元", [
        ("1e5", f"the number 1e5 {SCIENTIFIC}"),
        ("2" * 25, f"the number 2222222222…222222 (25 characters) has 25 {TOO_LONG}")]),
    ("1" * 25 + "元.", [("1" * 25, f"the number {LONG_ONES} has 25 {TOO_LONG}")]),
    ("X" + "1" * 25, [("1" * 25, f"the number {LONG_ONES} has 25 {TOO_LONG}")]),
    # the digits after an exponent mark or a point are no number of their own
    ("e" + "1" * 25, []),
    ("E" + "1" * 25, []),
    ("." + "1" * 25, []),
    ("比例0.0000000000000000001", []),  # no unit, no scale: not a quantity
    # more than 20 digits, though in range and of 18 decimals at most
    ("支出1234567890.12345678901元", [
        ("1234567890.12345678901", "the number 1234567890.12345678901 has 21 digits, more than "
                                    "the 20 a figure is stored with exactly")]),
    ("办公费" + "1" * 25 + "万元,资产100000000万亿元", [
        ("1" * 25, f"the number {LONG_ONES} has 25 {TOO_LONG}"),
        ("100000000万亿元", f"the number 100000000 {TOO_LARGE}")]),
])
def test_a_number_that_is_not_stored_exactly_is_named_once_with_its_place(
        text: str, refused: list[tuple[str, str]]) -> None:
    assert [(text[r.span.start:r.span.end], r.reason) for r in unreadable_numbers(text)] == refused
    assert list(find_quantities(text)) == []


def test_unreadable_numbers_are_looked_for_between_start_and_end() -> None:
    text = "2018年支出3e5万元。资产100000000万亿元。编号" + "1" * 25 + "。办公费4e2万元"
    first, second, third = (i + 1 for i, char in enumerate(text) if char == "。")
    assert [text[r.span.start:r.span.end] for r in unreadable_numbers(text, 0, first)] == ["3e5"]
    assert [text[r.span.start:r.span.end] for r in unreadable_numbers(text, first, second)] == [
        "100000000万亿元"]
    assert [text[r.span.start:r.span.end] for r in unreadable_numbers(text, second, third)] == [
        "1" * 25]
    assert [text[r.span.start:r.span.end] for r in unreadable_numbers(text, third)] == ["4e2"]


def test_a_number_that_cannot_be_computed_exactly_is_refused() -> None:
    assert exact_amount("1", 1_000_000, Unit.CNY) == "the number 1 cannot be computed with exactly"
    assert exact_amount("1234567890.12345678901", 0, Unit.CNY) == (
        "the number 1234567890.12345678901 has 21 digits, more than the 20 a figure is stored "
        "with exactly")
    assert exact_amount("1,234.5", 4, Unit.CNY) == (
        Decimal("1234.5"), Decimal("12345000"), Decimal("1000"))
    assert exact_amount("12", 0, Unit.COUNT) == (Decimal(12), Decimal(12), Decimal(0))


# --- any amount as a report prints it --------------------------------------------------------

SCALE_WORDS = {"元": 0, "千元": 3, "万元": 4, "亿元": 8, "万亿元": 12}


@settings(max_examples=int(os.environ.get("FISCAL_KG_EXAMPLES", "300")), deadline=None)
@given(integer=st.integers(min_value=0, max_value=10**7), decimals=st.integers(0, 4),
       fraction=st.integers(0, 9999), word=st.sampled_from(sorted(SCALE_WORDS)),
       minus=st.sampled_from(["", "-", "－", "−"]), grouped=st.booleans(),
       label=st.sampled_from(["支出", "收入合计", "比上年", "其中:"]),
       after=st.sampled_from(["", "。", ",主要用于", "(其中基本支出", "、"]))
def test_property_any_printed_amount_is_read_exactly_in_yuan(
        integer: int, decimals: int, fraction: int, word: str, minus: str, grouped: bool,
        label: str, after: str) -> None:
    number = (f"{integer:,}" if grouped else str(integer)) + (
        f".{fraction % 10 ** decimals:0{decimals}d}" if decimals else "")
    printed = f"{minus}{number}{word}"
    text = normalise_width(f"{label}{printed}{after}")
    [quantity] = list(find_quantities(text))
    stated = Decimal(number.replace(",", "")) * (-1 if minus else 1)
    assert quantity.printed == normalise_width(printed)
    assert (quantity.number, quantity.scale, quantity.unit_text) == (
        stated, SCALE_WORDS[word], word)
    assert quantity.value == stated.scaleb(SCALE_WORDS[word])
    assert quantity.resolution == Decimal(1).scaleb(SCALE_WORDS[word] - decimals)
    assert list(unreadable_numbers(text)) == []


def test_a_number_with_a_unit_word_not_known_is_unread_and_named() -> None:
    [unread] = list(unreadable_numbers("全年完成植树造林120万株,含资金4.8万。"))
    assert "株" in unread.reason and (unread.span.start, unread.span.end) == (8, 13)
    assert [q.printed for q in find_quantities("资金4.8万以上,共3万和5万元")] == ["4.8万", "3万", "5万元"]


def test_a_percentage_in_words_is_read_whole() -> None:
    [quantity] = list(find_quantities("下降百分之十二点三四,"))
    assert (quantity.value, quantity.number, quantity.unit, quantity.unit_text, quantity.counter,
            quantity.resolution, quantity.printed) == (
        Decimal("12.34"), Decimal("12.34"), Unit.PERCENT, "百分之", "", Decimal("0.01"), "百分之十二点三四")
    assert [q.value for q in find_quantities("下降百分之〇点五")] == [Decimal("0.5")]
    [whole] = list(find_quantities("增长百分之三十"))
    assert (whole.value, str(whole.value), whole.resolution) == (Decimal(30), "30", Decimal(1))


@pytest.mark.parametrize("text", ["资金4.8万以上", "资金4.8万以下", "约4.8万左右", "共3万和",
                                  "共3万及", "共3万与", "共3万或"])
def test_a_scale_before_a_word_that_is_no_unit_is_万元(text: str) -> None:
    [quantity] = list(find_quantities(text))
    assert quantity.unit is Unit.CNY and quantity.scale == 4
    assert list(unreadable_numbers(text)) == []


def test_every_number_of_a_unit_not_known_is_named_within_the_bounds_asked() -> None:
    text = "植树120万株,造林3万亩。补助5万元"
    assert [text[u.span.start:u.span.end] for u in unreadable_numbers(text)] == ["120万株", "3万亩"]
    assert list(unreadable_numbers(text, 0, 6)) == []  # '120万' ends where the text asked for does
    assert [q.printed for q in find_quantities(text, 0, 6)] == ["120万"]
