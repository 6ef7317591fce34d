"""The text of a report being written (`Doc`): numbered headings, lines, entries and tables, money
printed in the report's unit and style (`Money`), and the figure each statement adds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Figure = list[str]  # [section, words, value, unit(, phase, role)]

_CN = "一二三四五六七八九十"
FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def chinese_numeral(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value else "0"
    return text


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    unit: str  # 万元 or 元
    thousands: bool
    strip: bool  # '28万元' rather than '28.00万元'

    def number(self, fen: int, unit: str | None = None) -> str:
        unit = unit or self.unit
        value = Decimal(fen) / (Decimal(1000000) if unit == "万元" else Decimal(100))
        if self.strip:
            text = _plain(value)
            if self.thousands and "." in text:
                head, tail = text.split(".")
                return f"{int(head):,}.{tail}"
            return f"{int(text):,}" if self.thousands and "." not in text else text
        return f"{value:,.2f}" if self.thousands else f"{value:.2f}"

    def resolution(self, fen: int, unit: str | None = None) -> int:
        """One step of the last printed digit, in fen."""
        text = self.number(fen, unit)
        decimals = len(text.split(".")[1]) if "." in text else 0
        return (1000000 if (unit or self.unit) == "万元" else 100) // int(10 ** decimals)

    def __call__(self, fen: int, unit: str | None = None) -> str:
        return self.number(fen, unit) + (unit or self.unit)


def yuan(fen: int) -> str:
    return _plain(Decimal(fen) / 100)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


_STYLES = ("part", "cn", "cn-paren", "arabic", "arabic-paren", "circled")


class Doc:
    """The lines of a report being written, and the figures it states."""

    def __init__(self, rng: random.Random, scheme: list[str], money: Money) -> None:
        self.rng = rng
        self.scheme = scheme  # numbering style of each heading depth
        self.money = money
        self.blocks: list[str | Table] = []
        self.kinds: list[str] = []  # 'heading', 'body', 'entry', 'title', 'note'
        self.figures: list[Figure] = []
        self.counters = [0] * 8
        self.chain: list[str] = []  # styles of the headings open now
        self.variant = {s: rng.randrange(3) for s in _STYLES}  # how each style is printed

    # numbering
    def marker(self, style: str, n: int) -> str:
        v = self.variant[style]
        if style == "part":
            return f"第{chinese_numeral(n)}部分" + ("　", " ", "  ")[v]
        if style == "cn":
            return f"{chinese_numeral(n)}、"
        if style == "cn-paren":
            return (f"（{chinese_numeral(n)}）", f"({chinese_numeral(n)})", f"（{chinese_numeral(n)}）")[v]
        if style == "arabic":
            return (f"{n}、", f"{n}.", f"{n}．")[v]
        if style == "arabic-paren":
            return (f"（{n}）", f"({n})", f"（{n}）")[v]
        return chr(0x2460 + n - 1)

    def heading(self, depth: int, title: str, inline: str | None = None) -> None:
        self.counters[depth] += 1
        for deeper in range(depth + 1, len(self.counters)):
            self.counters[deeper] = 0
        style = self.scheme[depth]
        self.chain = self.scheme[:depth + 1]
        marker = self.marker(style, self.counters[depth])
        if marker.endswith((".", "．")) and title[:1].isdigit():
            title = title.lstrip("0123456789年度")  # '6.2019年…' would read as the number 6.2019
        text = marker + title
        if inline is not None:
            text += "：" + inline
        self.blocks.append(text)
        self.kinds.append("heading")

    def entry_style(self) -> str:
        free = [s for s in _STYLES if s not in self.chain and s != "part"]
        return self.rng.choice(free)

    def entries(self, texts: list[str]) -> None:
        style = self.entry_style()
        for n, text in enumerate(texts, start=1):
            self.blocks.append(self.marker(style, n) + text)
            self.kinds.append("entry")

    def line(self, text: str, kind: str = "body") -> None:
        self.blocks.append(text)
        self.kinds.append(kind)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Table(header, rows))
        self.kinds.append("table")

    # figures
    def fig(self, section: str, words: str, value: int | Decimal | str, unit: str = "CNY",
            phase: str = "executed", role: str = "level") -> None:
        """A stated figure; money values are given in fen."""
        if unit == "CNY" and isinstance(value, int):
            text = yuan(value)
        else:
            text = _plain(Decimal(value))
        words = words.translate(_NORM)
        entry = [section, words, text, unit]
        if phase != "executed" or role != "level" or text == "0":
            entry += [phase, role]
        self.figures.append(entry)


_NORM = str.maketrans("（）：，；０１２３４５６７８９．％", "():,;0123456789.%")


def stated_change(doc: Doc, section: str, base_item: str, now: int, before: int, *,
            against: str = "上年", growth: bool = False) -> str:
    """'比上年增加12.30万元' (and its figures), or '与上年持平' when nothing changed."""
    diff = now - before
    if diff == 0:
        doc.fig(section, f"{base_item}与上年持平", 0, "CNY", role="change")
        return "与上年持平"
    verb = "增加" if diff > 0 else "减少"
    text = f"比{against}{verb}{doc.money(abs(diff))}"
    doc.fig(section, f"{base_item}比{against}{verb}", diff, role="change")
    if growth and before > 0:
        rate = percent(abs(diff), before)
        if rate > 0:
            word = "增长" if diff > 0 else "下降"
            text += f"，{word}{rate}%"
            doc.fig(section, f"{base_item}{word}", rate if diff > 0 else -rate, "percent",
                    role="growth")
    return text

