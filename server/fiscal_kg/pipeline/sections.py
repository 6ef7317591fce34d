"""The report's outline: numbered headings, their kind, and the text each one covers.

The Ministry of Finance template fixes what the sections are, not how they are numbered or
ordered. Headings are found by their numbering marker (一、 (一) （一） 1. 1、 1． (1) ① 第一部分),
nested by the order in which marker styles appear (the usual outline rule: a style seen before
closes the deeper ones), and classified by keywords in the heading text. A heading that states a
figure ('（一）收入总计1,234.56万元。') covers its own line too, so that the figure is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from fiscal_kg.pipeline.numbers import find_quantities, parse_cn_integer
from fiscal_kg.pipeline.text import SourceText, Span


class Kind(StrEnum):
    """What a section of the template is about."""

    DOCUMENT = "document"
    ORGANISATION = "organisation"  # 部门基本情况 / 主要职责及内设机构
    DUTIES = "duties"  # 主要职能 / 主要职责
    COMPOSITION = "composition"  # 单位构成 / 内设机构
    STAFFING = "staffing"  # 人员基本情况
    WORK = "work"  # 完成的主要工作 (headline indicators)
    FINANCE = "finance"  # 部门决算编制情况 / 决算情况说明 (umbrella)
    INCOME_EXPENDITURE = "income-expenditure"  # 收入支出决算总体情况
    INCOME = "income"
    EXPENDITURE = "expenditure"
    APPROPRIATION = "appropriation"  # 财政拨款收入支出决算总体情况
    GENERAL_BUDGET = "general-budget"  # 一般公共预算财政拨款支出决算情况
    THREE_PUBLIC = "three-public"
    OPERATING_COSTS = "operating-costs"
    PROCUREMENT = "procurement"
    ASSETS = "assets"
    PERFORMANCE = "performance"
    TABLES = "tables"
    GLOSSARY = "glossary"
    OTHER = "other"


# Tried in order; the first whose pattern is found in the heading wins.
_KEYWORDS: tuple[tuple[Kind, str], ...] = (
    (Kind.GLOSSARY, r"名词解释|名词说明|术语"),
    (Kind.THREE_PUBLIC, r"三公"),
    (Kind.OPERATING_COSTS, r"机关运行经费|运行经费"),
    (Kind.PROCUREMENT, r"政府采购"),
    (Kind.ASSETS, r"国有资产|资产占用|资产情况"),
    (Kind.PERFORMANCE, r"绩效"),
    (Kind.TABLES, r"决算表|附表"),
    (Kind.GENERAL_BUDGET, r"一般公共预算财政拨款支出"),
    (Kind.APPROPRIATION, r"财政拨款(收入支出|收支)"),
    (Kind.INCOME_EXPENDITURE, r"收入支出决算|收支决算|收入支出.*总体情况|收支总体情况"),
    (Kind.INCOME, r"收入决算|收入情况|收入说明"),
    (Kind.EXPENDITURE, r"支出决算|支出情况|支出说明"),
    (Kind.WORK, r"主要工作|工作任务|工作完成|工作情况|工作开展"),
    (Kind.STAFFING, r"人员(基本)?情况|人员构成|人员编制|编制人数"),
    (Kind.COMPOSITION, r"单位构成|内设机构|机构设置"),
    (Kind.DUTIES, r"主要职能|主要职责|职能职责|部门职责"),
    # '部门概况', and '<agency>概况' (an agency's name ends in 局, 厅, 委员会, 办公室, 中心…)
    (Kind.ORGANISATION,
     r"基本情况|部门概况|单位概况|(部|局|厅|委|会|办|室|院|馆|所|站|中心|处|府|社|队|学|校)概况$"),
    (Kind.FINANCE, r"决算编制|决算情况|部门决算|决算公开"),
)
# A heading about duties *and* units ('主要职责及内设机构') is the organisation umbrella.
_UMBRELLA = re.compile(r"(职责|职能).*(内设机构|机构)")
# Inside these sections numbered lines are entries (duties, terms), never headings, unless
# their numbering style is one already open above them and they do not read as an entry (a
# glossary's term, a colon or a dash, and its definition: '五、“三公”经费：指…').
_ENTRY_LISTS = frozenset({"duties", "glossary"})
_ENTRY_SHAPE = re.compile(r"(:|——|是指).{6,}")

_CN_NUMERAL = "一二三四五六七八九十"
_PART = rf"第[{_CN_NUMERAL}]+部分"
_BARE_PART = re.compile(_PART)  # a part's marker alone on its line (with fullmatch)
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"{_PART}[、:.\s]*")),
    # a part whose 第 a conversion lost ('四部分 名词解释'): only before a part's title
    ("part", re.compile(rf"[{_CN_NUMERAL}]+部分[、:.\s]*"
                        r"(?=\S{0,24}?(?:概况|基本情况|决算|名词解释|附件|附表)\S{0,12}$)")),
    ("cn", re.compile(rf"[{_CN_NUMERAL}]+\s*[、.]\s*")),
    ("cn-paren", re.compile(rf"[(][{_CN_NUMERAL}]+[)]\s*[、.]?\s*")),
    ("arabic-paren", re.compile(r"[(]\d{1,2}[)]\s*[、.]?\s*")),
    ("circled", re.compile(r"[①-⑳]\s*[、.]?\s*")),
    # '6.' but not '6.5'; '6.2019年度…' (a heading that starts with a year) is '6.'
    ("arabic", re.compile(r"\d{1,2}\s*(?:、|[.](?!\d)|[.](?=(?:19|20)\d{2}年))\s*")),
)
_MAX_TITLE = 32
_INLINE_TITLE = re.compile(rf"([^:。,;]{{2,{_MAX_TITLE}}}):")
_INLINE_SENTENCE_TITLE = re.compile(rf"([^:。,;\d]{{2,{_MAX_TITLE}}})。(?=\S)")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3})")  # the thousands separators of '1,234.56万元'


@dataclass
class OutlineNode:
    """A heading and the text it covers (its own lines, not its subsections')."""

    kind: Kind
    title: str
    level: int
    line: int
    heading: Span | None
    body: list[Span] = field(default_factory=list)  # spans of body text, in order
    items: list[Item] = field(default_factory=list)  # numbered paragraphs in the body
    children: list[OutlineNode] = field(default_factory=list)

    def walk(self) -> list[OutlineNode]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass(frozen=True)
class Item:
    """A numbered paragraph that is not a heading ('1.负责…', '(一)财政拨款收入:指…')."""

    number: int
    marker: str
    line: int
    text: Span  # the text after the marker


def classify_heading(title: str) -> Kind | None:
    """The section kind a heading names, or None when it names none.

    >>> classify_heading("3、“三公”经费支出说明"), classify_heading("主要职责及内设机构")
    (<Kind.THREE_PUBLIC: 'three-public'>, <Kind.ORGANISATION: 'organisation'>)
    """
    if _UMBRELLA.search(title):
        return Kind.ORGANISATION
    for kind, pattern in _KEYWORDS:
        if re.search(pattern, title):
            return kind
    return None


def _marker(line: str) -> tuple[str, re.Match[str]] | None:
    for style, pattern in _MARKERS:
        match = pattern.match(line)
        if match and match.end() < len(line):
            return style, match
    return None


def list_marker(line: str) -> int | None:
    """The offset after a line's numbering marker (and the spaces before it), if it has one.

    >>> list_marker("  (三)年初结转和结余:指…"), list_marker("年初结转和结余:指…")
    (5, None)
    """
    lead = len(line) - len(line.lstrip())
    found = _marker(line.lstrip())
    return lead + found[1].end() if found else None


def _number_of(marker_text: str) -> int:
    digits = re.search(r"\d+", marker_text)
    if digits:
        return int(digits.group())
    circled = re.search(r"[①-⑳]", marker_text)
    if circled:
        return ord(circled.group()) - ord("①") + 1
    return parse_cn_integer("".join(re.findall(rf"[{_CN_NUMERAL}]+", marker_text))) or 0


_TOC = re.compile(r"目\s*录\s*$")
# a line no table of contents holds: a sentence with a comma or that goes on after its full
# stop, or an amount ('收入总计434.72万元'); an entry may end with '。' ('一、…总体情况。')
_SENTENCE = re.compile(r"。(?=\S)|,|\d(万|亿)?元|\d%")
_LEADER = re.compile(r"[\s.·…_\-]+|PAGEREF\s*\S+|\d+$")


# an entry of a table of contents: dots leading to its page ('一、部门主要职责 ......3', '…3-15')
_DOTTED = re.compile(r"(\.{3,}|…{2,}|·{3,})\s*\d+(\s*[-–]\s*\d*)?\s*$")


def contents_lines(source: SourceText) -> set[int]:
    """The line numbers of a table of contents (目录) before the body: from its heading to the
    line before the body repeats one of its entries ('第一部分 部门概况……3' then '第一部分 部门
    概况'), or to the line above the first sentence when the body repeats none. Its entries are
    not the report's sections. No repeat, no table of contents; without a heading, a run of at
    least three entries with dots leading to their pages."""
    lines = [(number, source.norm[span.start:span.end]) for number, span in source.lines()]
    return _contents_under_heading(lines) or _dotted_contents(lines) or _headless_contents(lines)


_HEADLESS_ENTRIES = 8  # a table of contents lists the sections or the tables: more than this


def _headless_contents(lines: list[tuple[int, str]]) -> set[int]:
    """A table of contents whose heading was lost (a picture, or a page's conversion): at the top,
    a run of numbered headings with no sentence among them, longer than any report opens with,
    up to the line before the body repeats one of them or the heading above the first sentence."""
    first = next((i for i, (_n, line) in enumerate(lines[:60]) if _marker(line.strip())), None)
    if first is None:
        return set()
    start = lines[first][0]
    contents = _contents_under_heading([(start - 1, "目录"), *lines[first:]]) - {start - 1}
    entries = [n for n, line in lines[first:] if n in contents and _marker(line.strip())]
    return contents if len(entries) >= _HEADLESS_ENTRIES else set()


def _dotted_contents(lines: list[tuple[int, str]]) -> set[int]:
    dotted = [number for number, line in lines[:80] if _DOTTED.search(line.strip())]
    if len(dotted) < 3:
        return set()
    return set(range(dotted[0], dotted[-1] + 1))


def _contents_under_heading(lines: list[tuple[int, str]]) -> set[int]:
    for index, (_number, line) in enumerate(lines[:60]):
        if not _TOC.search(line.strip()) or len(line.strip()) > 20:
            continue
        seen: set[str] = set()
        previous: tuple[int, str] | None = None  # the line before, when a bare marker
        last = lines[index][0]  # the last line with text so far
        for later, text in lines[index + 1:index + 120]:
            key = _LEADER.sub("", text)
            key = _LEADER.sub("", key)  # dots, then the page number they led to
            if not key:
                continue
            if key in seen:
                return set(range(lines[index][0], later))
            if _SENTENCE.search(text) and seen:
                # a sentence before any entry was repeated: the body began with the heading
                # just above it (a short table of contents whose entries the body does not repeat)
                return set(range(lines[index][0], last))
            if previous is not None and previous[1] + key in seen:
                # '第一部分' on its line, its title on the next: the body repeats an entry
                return set(range(lines[index][0], previous[0]))
            seen.add(key)
            previous = (later, key) if _BARE_PART.fullmatch(key) else None
            last = later
        return set()
    return set()


def parse_outline(source: SourceText) -> OutlineNode:
    """The section tree of a report (a table of contents before the body is not part of it)."""
    root = OutlineNode(Kind.DOCUMENT, "", 0, 0, None)
    stack: list[tuple[str | None, OutlineNode]] = [(None, root)]  # the open sections' styles
    contents = contents_lines(source)
    lines = list(source.lines())
    taken: int | None = None  # a line read as the title of the bare marker above it
    listing: str | None = None  # the style of a list a body line opened ('具体为:' then '1.…')
    opens = False  # the last line was body text that opens a list
    for index, (number, span) in enumerate(lines):
        line = source.norm[span.start:span.end]
        stripped = line.strip()
        if not stripped or number == taken:
            continue
        if number in contents:
            root.body.append(span)
            continue
        lead = len(line) - len(line.lstrip())
        found = _marker(line.lstrip())
        heading = _heading(stripped, found)
        if heading is not None and (opens or listing == heading[0]) \
                and classify_heading(heading[1]) is None:
            heading = None  # an entry of a list the body opened ('内设职能处室8个, 具体为:')
            listing = found[0] if found else None
        elif heading is not None:
            listing = None
        opens = heading is None and stripped.endswith(":")
        below = _title_below(source, lines, index, contents) if _BARE_PART.fullmatch(stripped) \
            else None
        if below is not None:  # '第一部分' alone, its title on the next line
            taken, title = below
            heading = ("part", title, len(stripped), None)
        current = stack[-1][1]
        if heading is None:
            _add_body(current, span, found, lead, number)
            continue
        style, title, title_len, body_start = heading
        # '一、主要职能' then '(一)主要职能': a subsection that names the list again, before any
        # entry, is a heading (and its style then opens the way for '(二)重点工作完成情况')
        again = not current.items and classify_heading(title) is current.kind
        if current.kind in _ENTRY_LISTS and not again and (not _closes(style, stack) or (
                current.kind is Kind.GLOSSARY and _ENTRY_SHAPE.search(stripped))):
            _add_body(current, span, found, lead, number)
            continue
        while _closes(style, stack) or (style == "part" and len(stack) > 1):
            stack.pop()  # a part is a part of the report, whatever was open above it
        parent = stack[-1][1]
        kind = classify_heading(title) or _inherit(parent.kind)
        start = span.start + lead
        section = OutlineNode(kind, title, len(stack), number, Span(start, start + title_len))
        if body_start is not None and start + body_start < span.end:
            section.body.append(Span(start + body_start, span.end))
        parent.children.append(section)
        stack.append((style, section))
    return root


def _title_below(source: SourceText, lines: list[tuple[int, Span]], index: int,
                 contents: set[int]) -> tuple[int, str] | None:
    """The title of a part's bare marker ('第一部分' alone on its line) printed on the next line
    ('林芝市第二高级中学概况'): a short line with no marker of its own and no sentence in it, that
    names a section; (its line number, the title), or None."""
    for number, span in lines[index + 1:index + 3]:
        text = source.norm[span.start:span.end].strip()
        if not text:
            continue
        if number in contents or _marker(text) is not None or len(text) > 2 * _MAX_TITLE \
                or re.search(r"[。;,:]", text) or classify_heading(text) is None:
            return None
        return number, text
    return None


def _closes(style: str, stack: list[tuple[str | None, OutlineNode]]) -> bool:
    """A heading of a style already open closes everything from that level down (the root, of
    no style, is never closed)."""
    return any(open_style == style for open_style, _ in stack)


def _inherit(kind: Kind) -> Kind:
    return Kind.OTHER if kind is Kind.DOCUMENT else kind


def _heading(line: str, found: tuple[str, re.Match[str]] | None) -> tuple[str, str, int, int | None] | None:
    """(style, title, title length, offset of inline body) when the line is a heading."""
    if found is None:
        return None
    style, match = found
    rest = line[match.end():]
    # 'Title:body' on one line: a short title before a colon is a heading with inline text.
    # 'Title。body' too ('3.国有资产占用情况。截至2020年12月31日…'), when the title names a section
    colon = _INLINE_TITLE.match(rest) or _INLINE_SENTENCE_TITLE.match(rest)
    if colon and classify_heading(colon.group(1)) is not None:
        body = match.end() + colon.end()
        return style, colon.group(1), colon.end() - 1 + match.end(), body
    # a heading may end with '。' or ':' ('五、名詞解釋。', '（一）机构设置：')
    title = re.sub(r"[。:]$", "", rest)  # `line` is stripped; a marker takes the spaces after it
    # a longer title is a heading when it names a section ('国家中医药管理局2016年度一般公共预算
    # 财政拨款基本支出决算情况说明': a central body's name is long)
    short = len(title) <= _MAX_TITLE or (
        len(title) <= 2 * _MAX_TITLE and classify_heading(title) is not None)
    if short and not re.search(r"[。;,:]", _GROUPED.sub("", title)):
        # a heading that states a figure ('（一）收入总计1,234.56万元。') is its own body too
        stated = next(find_quantities(title), None) is not None
        return style, title, len(line), match.end() if stated else None
    return None


def _add_body(section: OutlineNode, span: Span, found: tuple[str, re.Match[str]] | None,
              lead: int, number: int) -> None:
    start = span.start + lead
    section.body.append(Span(start, span.end))
    if found is not None:
        style, match = found
        section.items.append(
            Item(_number_of(match.group()), style, number, Span(start + match.end(), span.end))
        )
