"""Quantities as printed: '84.18万元', '121 人次', '89.2%', '933.96平方米', '1万余份', '百余个'.

A quantity is a number (with a minus: '-12.34万元'), an optional scale (千, 万, 亿, 万亿), an
optional approximation mark (余, 多) and a unit word from a closed list. Numbers not followed by a
unit word (years, dates, names such as '12345市长专线' or '11号线') are not quantities. Money is
converted to yuan as a Decimal, keeping the printed number and its power-of-ten scale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import (
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum

from fiscal_kg.pipeline.text import Span


class Unit(StrEnum):
    """The unit of a figure's value; the value is the notation used in queries."""

    CNY = "CNY"
    COUNT = "count"
    PERCENT = "percent"
    M2 = "m2"
    SCORE = "score"


SCALES = {"": 0, "千": 3, "万": 4, "亿": 8, "万亿": 12}  # the power of ten of a scale word

# Unit words, longest first within each group. Counting words (量词) give Unit.COUNT.
_MONEY_WORDS = ("元",)
_AREA_WORDS = ("平方米", "平米", "㎡", "m²", "m2")
_PERCENT_WORDS = ("%",)
_SCORE_WORDS = ("分",)
COUNT_WORDS = (
    "人次", "批次", "团组", "个团组", "名", "人", "个", "项", "次", "篇", "期", "条", "件", "家", "份",
    "部", "字", "辆", "台", "套", "所", "处", "座", "册", "户", "间", "张", "宗", "笔", "批", "架",
    "艘", "场", "起", "组", "栋", "幢",
)
# Words that, right after a count word, show the number was not a count ('3个百分点', '5分钟').
_NOT_AFTER = {
    "个": ("百分点", "月"),
    "分": ("钟", "之"),
    "部": ("分", "门"),
    "人": ("民",),
    "名": ("称", "单"),
    "期": ("间", "末", "初"),
    "次": ("年", "日"),
    "项": ("目",),
    "条": ("例", "件"),
    "家": ("庭",),
}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_UNIT_ALTERNATION = "|".join(
    re.escape(word)
    for word in sorted(
        (*_MONEY_WORDS, *_AREA_WORDS, *_PERCENT_WORDS, *_SCORE_WORDS, *COUNT_WORDS),
        key=len,
        reverse=True,
    )
)

QUANTITY_RE = re.compile(
    r"(?<![\d.A-Za-z第])"
    r"(?P<per>百分之)?"  # '百分之33.3': a percentage written in words
    r"(?P<sign>[-−])?"  # '-12.34万元' ('－' is '-' once normalised), or U+2212
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s?(?P<scale>万亿|千|万|亿)?"
    r"(?P<approx>余|多)?"
    r"\s?(?P<unit>" + _UNIT_ALTERNATION + r")?"
)
# Chinese-numeral quantities are read only when marked approximate ('百余个', '一千二百余人'):
# plain Chinese numerals are far more often names ('三大攻坚战', '四个意识'). A numeral that
# goes on before what is read ('一万二千余人', '数十余个') is not read at all.
CN_APPROX_RE = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万亿数几])"
    r"(?P<number>[零〇一二两三四五六七八九十百千]+)(?P<approx>余|多)(?P<unit>"
    + "|".join(re.escape(w) for w in sorted(COUNT_WORDS, key=len, reverse=True))
    + r")"
)
# '百分之三十三点三': a percentage in Chinese numerals, read whole or not at all
CN_PERCENT_RE = re.compile(
    r"百分之(?P<number>[零〇一二两三四五六七八九十百]+)(?:点(?P<fraction>[零〇一二三四五六七八九]+))?"
    r"(?![零〇一二两三四五六七八九十百千万亿点])"
)


# What a figure's number may be, so that it is stored and computed with exactly as printed:
# Python's decimal arithmetic keeps 28 significant digits (more are rounded, silently), and
# Oxigraph's xsd:decimal holds 18 digits after the point and less than 1.7 x 10^20. A number of
# more digits, or whose value in yuan is out of that range, is not read (an unread line).
MAX_DIGITS = 20
MAX_DECIMALS = 18
MAX_VALUE = Decimal(10) ** 20
_EXACT = Context(prec=2 * MAX_DIGITS + 20, traps=[Inexact, Overflow, InvalidOperation])

# '1e5万元', '1.2E3元': scientific notation is no way of reports; what it means is not certain
SCIENTIFIC_RE = re.compile(r"(?<![\dA-Za-z.])\d+(?:\.\d+)?[eE][+-]?\d+")
_DIGIT_RUN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")  # as QUANTITY_RE


@dataclass(frozen=True)
class Unreadable:
    """A number that is not read as a figure, and why."""

    span: Span
    reason: str


def shown(number: str) -> str:
    """A number as a message shows it: a long one by its ends and its length."""
    return number if len(number) <= 24 else f"{number[:10]}…{number[-6:]} ({len(number):,} characters)"


def _too_many_digits(number_text: str) -> str | None:
    """Why a printed number has too many digits to be stored exactly, or None."""
    digits = len(number_text.replace(",", "").replace(".", "").lstrip("0"))
    if digits > MAX_DIGITS:
        return (f"the number {shown(number_text)} has {digits:,} digits, more than the "
                f"{MAX_DIGITS} a figure is stored with exactly")
    return None


def exact_amount(number_text: str, scale: int, unit: Unit) -> tuple[Decimal, Decimal, Decimal] | str:
    """(printed number, value, resolution) of a printed number, computed exactly; or why it
    cannot be: too many digits, or a value the store cannot hold exactly."""
    too_long = _too_many_digits(number_text)
    if too_long is not None:
        return too_long
    plain = number_text.replace(",", "")
    try:
        with localcontext(_EXACT):  # an inexact result raises instead of rounding
            number = Decimal(plain)
            value = number * (Decimal(10) ** scale)
            resolution = _resolution(plain, scale, unit)
            decimals = max(_decimals(value), _decimals(resolution))
            too_large = value.copy_abs() >= MAX_VALUE
    except ArithmeticError:
        return f"the number {shown(number_text)} cannot be computed with exactly"
    if too_large:
        return f"the number {shown(number_text)} is too large to be stored exactly (10^20 or more)"
    if decimals > MAX_DECIMALS:
        return (f"the number {shown(number_text)} has {decimals} decimal places in its unit, "
                f"more than the {MAX_DECIMALS} a figure is stored with")
    return number, value, resolution


def _decimals(value: Decimal) -> int:
    """Digits after the point that are not trailing zeros (negative: zeros before the point)."""
    return -int(value.normalize().as_tuple().exponent)  # a finite number: its exponent is an int


def unreadable_numbers(text: str, start: int = 0, end: int | None = None) -> Iterator[Unreadable]:
    """The numbers of text[start:end] that look like quantities but are not read, and why:
    scientific notation, more digits than a figure is stored with, an out-of-range value, a
    unit word not known ('120万株')."""
    stop = len(text) if end is None else end
    for match in SCIENTIFIC_RE.finditer(text, start, stop):
        yield Unreadable(Span(match.start(), match.end()),
                         f"the number {shown(match.group())} is in scientific notation, "
                         f"which a report does not use: its meaning is not certain")
    for match in _DIGIT_RUN_RE.finditer(text, start, stop):
        if SCIENTIFIC_RE.match(text, match.start()) or (
                match.start() > 0 and text[match.start() - 1] in "eE."):
            continue
        too_long = _too_many_digits(match.group())
        if too_long is not None:
            yield Unreadable(Span(match.start(), match.end()), too_long)
    for match in QUANTITY_RE.finditer(text, start, stop):
        if match.group("unit") is None and match.group("scale") is None:
            continue
        unknown = _unknown_unit(text, match, stop)
        if unknown is not None:
            yield Unreadable(Span(match.start(), match.end() + 1),
                             f"{match.group()}{unknown}: '{unknown}' is no unit the reader knows, "
                             f"and the number is not read as 万元")
            continue
        if _too_many_digits(match.group("number")) is not None:
            continue  # named above
        # the unit word changes a count's resolution, never whether its number can be stored
        outcome = exact_amount(match.group("number"), SCALES[match.group("scale") or ""],
                               Unit.CNY)
        if isinstance(outcome, str):
            yield Unreadable(Span(match.start(), match.end()), outcome)


@dataclass(frozen=True)
class Quantity:
    """A number as the report prints it, and its value in the figure's unit."""

    value: Decimal  # in yuan for money; negative when printed with a minus ('-12.34万元')
    number: Decimal  # the printed number, e.g. 84.18 (-12.34 of '-12.34万元')
    scale: int  # power of ten the printed number is multiplied by (万 = 4)
    unit: Unit
    unit_text: str  # the printed unit word, e.g. '万元', '名', '%'
    printed: str  # the whole printed quantity, e.g. '84.18万元'
    approximate: bool  # printed with 余 or 多: 'more than'
    resolution: Decimal  # the value of one step of the last printed digit, in the figure's unit
    span: Span
    counter: str  # the counting word for counts ('家', '人次'), else ''


def parse_cn_integer(text: str) -> int | None:
    """Read a simple Chinese numeral: '百' -> 100, '二十' -> 20, '三千' -> 3000, '十二' -> 12,
    '一百零五' -> 105; None for what is not one number ('一二百' is a range, '零')."""
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            if digit:  # a digit after a digit other than 零
                return None
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total or None


def _unit_of(word: str) -> Unit:
    if word in _MONEY_WORDS:
        return Unit.CNY
    if word in _AREA_WORDS:
        return Unit.M2
    if word in _PERCENT_WORDS:
        return Unit.PERCENT
    if word in _SCORE_WORDS:
        return Unit.SCORE
    return Unit.COUNT


def _resolution(number_text: str, scale: int, unit: Unit) -> Decimal:
    """How far the printed number may be from the true value, one step of its last digit.

    Counts and scores printed in full are exact (0); '2万条' or '84.18万元' are rounded.
    """
    decimals = len(number_text.split(".")[1]) if "." in number_text else 0
    if unit in (Unit.COUNT, Unit.SCORE) and scale == 0 and decimals == 0:
        return Decimal(0)
    return Decimal(10) ** (scale - decimals)


def find_quantities(text: str, start: int = 0, end: int | None = None) -> Iterator[Quantity]:
    """Every quantity in text[start:end], with spans as offsets into `text`.

    >>> [q.printed for q in find_quantities("编制人数87名;在2018年支出1,234.5万元,增长8%")]
    ['87名', '1,234.5万元', '8%']
    >>> q = next(find_quantities("含项目结转资金4.8万。"))
    >>> (q.value, q.unit.value, q.scale)
    (Decimal('48000.0'), 'CNY', 4)
    """
    stop = len(text) if end is None else end
    found: list[Quantity] = []
    scientific = [m.span() for m in SCIENTIFIC_RE.finditer(text, start, stop)]
    for match in QUANTITY_RE.finditer(text, start, stop):
        if any(match.start() in range(a, b) for a, b in scientific):
            continue  # the exponent of '3e-2万元' is no amount
        quantity = _from_match(text, match, stop)
        if quantity is not None:
            found.append(quantity)
    for match in CN_PERCENT_RE.finditer(text, start, stop):
        percent = _cn_percent(match)
        if percent is not None and not _inside_any(match.start(), found):
            found.append(percent)
    for match in CN_APPROX_RE.finditer(text, start, stop):
        value = parse_cn_integer(match.group("number"))
        if value is None or _inside_any(match.start(), found):
            continue
        unit_text = match.group("unit")
        found.append(Quantity(
            value=Decimal(value), number=Decimal(value), scale=0, unit=Unit.COUNT,
            unit_text=unit_text, printed=match.group(), approximate=True,
            resolution=Decimal(0), span=Span(match.start(), match.end()), counter=unit_text,
        ))
    yield from sorted(found, key=lambda q: q.span.start)


def _cn_percent(match: re.Match[str]) -> Quantity | None:
    """'百分之三十三点三' -> 33.3 %; None when the numeral is not one number."""
    whole = 0 if match.group("number") in ("零", "〇") else parse_cn_integer(match.group("number"))
    if whole is None:
        return None
    fraction = "".join(str(_CN_DIGITS[c]) for c in match.group("fraction") or "")
    number = Decimal(f"{whole}.{fraction}" if fraction else str(whole))
    return Quantity(
        value=number, number=number, scale=0, unit=Unit.PERCENT, unit_text="百分之",
        printed=match.group(), approximate=False,
        resolution=Decimal(10) ** -len(fraction) if fraction else Decimal(1),
        span=Span(match.start(), match.end()), counter="",
    )


def _inside_any(offset: int, quantities: list[Quantity]) -> bool:
    return any(offset in range(q.span.start, q.span.end) for q in quantities)


def _unknown_unit(text: str, match: re.Match[str], stop: int) -> str | None:
    """The word after a number with a scale but no unit ('120万株'), when it may be a unit
    word the reader does not know: the number is then no amount of 万元."""
    if match.group("unit") is not None or match.group("scale") is None or match.group("per"):
        return None
    after = re.match(r"[\u4e00-\u9fff]", text[match.end():stop])
    if after is None or text.startswith(("以上", "以下", "左右", "和", "及", "与", "或"), match.end(), stop):
        return None
    return after.group()


def _from_match(text: str, match: re.Match[str], stop: int) -> Quantity | None:
    unit_word = match.group("unit")
    scale_word = match.group("scale")
    number_text = match.group("number")
    if match.group("per"):
        if unit_word or scale_word or match.group("approx"):
            return None  # '百分之5万元' is no way of writing
        unit_word = "%"
    elif unit_word is None:
        if scale_word is None:
            return None  # a bare number: a year, a code, part of a name
        if _unknown_unit(text, match, stop):
            return None  # '120万株', '3万亩': a unit word not known, not 万元
        unit_word = ""  # '4.8万' in a money sentence: 万 stands for 万元
    if any(text.startswith(bad, match.end(), stop) for bad in _NOT_AFTER.get(unit_word, ())):
        return None
    if unit_word == "元" and re.match(r"(\((含|含本数)\))?(及)?以(上|下)", text[match.end():stop]):
        return None  # '单价50万元以上通用设备', '亿元以上项目': a threshold, not an amount
    unit = _unit_of(unit_word) if unit_word else Unit.CNY
    scale = SCALES[scale_word or ""]
    exact = exact_amount(number_text, scale, unit)
    if isinstance(exact, str):
        return None  # not read: reported as an unread line (unreadable_numbers)
    number, value, resolution = exact
    if match.group("sign"):  # copy_negate is exact: unary minus rounds to the context's precision
        number, value = number.copy_negate(), value.copy_negate()
    end = match.end()
    return Quantity(
        value=value,
        number=number,
        scale=scale,
        unit=unit,
        unit_text="百分之" if match.group("per") else (scale_word or "") + unit_word,
        printed=text[match.start():end],
        approximate=match.group("approx") is not None,
        resolution=resolution,
        span=Span(match.start(), end),
        counter=unit_word if unit is Unit.COUNT else "",
    )
