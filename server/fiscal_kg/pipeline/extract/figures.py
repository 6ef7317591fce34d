"""Figures read: every stated number of a section, as a draft with its label and sentence.

For each quantity in a sentence the *label* is the text before it, back to the previous quantity
or clause mark, cleaned of scope words (2018年, 本单位, 其中). Statements of none (无二级单位,
专用设备无) become drafts of value 0 marked as such; one number stated for two totals
(收入、支出总计均为…) becomes one draft per side. Naming the drafts (role, concept, phase, the
figure a change or share is of) is `classify`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from fiscal_kg.pipeline import lexicon
from fiscal_kg.pipeline.extract.tables import read_tables
from fiscal_kg.pipeline.numbers import COUNT_WORDS, Quantity, Unit, find_quantities
from fiscal_kg.pipeline.records import Role, Section
from fiscal_kg.pipeline.sections import Kind
from fiscal_kg.pipeline.text import SourceText, Span, split_sentences, unspaced

KIND_SECTION: dict[Kind, Section] = {
    Kind.ORGANISATION: Section.STAFFING,
    Kind.COMPOSITION: Section.STAFFING,
    Kind.STAFFING: Section.STAFFING,
    Kind.WORK: Section.INDICATOR,
    Kind.INCOME: Section.INCOME,
    Kind.EXPENDITURE: Section.EXPENDITURE,
    Kind.GENERAL_BUDGET: Section.EXPENDITURE,
    Kind.THREE_PUBLIC: Section.THREE_PUBLIC,
    Kind.OPERATING_COSTS: Section.OPERATING_COSTS,
    Kind.PROCUREMENT: Section.PROCUREMENT,
    Kind.ASSETS: Section.ASSETS,
    Kind.PERFORMANCE: Section.PERFORMANCE,
}
# Kinds whose numbers are read as figures; the others (duties, glossary, tables) are not.
FIGURE_KINDS = frozenset(KIND_SECTION) | {
    Kind.FINANCE, Kind.INCOME_EXPENDITURE, Kind.APPROPRIATION,
}

_DELIMITERS = ",;:、()。!?"
_QUOTES = str.maketrans("", "", "“”\"‘’'「」『』")
_LEAD = re.compile(
    r"^(其中|含|包含|包括|主要包括|主要有|主要为|分别是|分别为|另有|另|以及|和|及|"
    r"与(?!(上年|上一年|去年|\d{4}年).*相比)|并|对|为|"
    r"共有|共计|共|合计|总计|累计|涉及(?=\d)|截至\S*?日)"
)
_SCOPE = re.compile(
    r"^(\d{4}年(度)?(?![末底初])|我单位|本单位|我部门|本部门|我办|本办|单位|部门)"
)
_EXISTENTIAL = re.compile(r"^在(?P<place>.+)有$")  # '在莲花池小区有' -> '莲花池小区'
_TRAIL = re.compile(r"(为|是|达到|达|共计|共有|共|约|有|的)$")
WEAK = frozenset({"", "其中", "分别", "另"})
_CLASSIFIERS = frozenset(COUNT_WORDS) - {"名", "人", "人次", "批次", "字", "次", "分"}
# the words that state a change; 少 / 多 only after a comparison ('比上年少…'); '增加(减少)'
# and '增长(下降)' print the sign with the number ('增加(减少)-6.12万元')
VERBS = (r"增加\(减少\)|增长\(下降\)|增\(减\)率?|增加|增长|减少|下降|降低|上升|节约|压减|增减变化|"
         r"增减率?|增幅|降幅|增长率|下降率|少|多")
_CHANGE = re.compile(
    r"^(?P<subject>.*?)(?P<cmp>(比|较|与|同)(?P<year>上年(度)?|上一年(度)?|去年|\d{4}年(度)?)"
    r"(\([^()]{1,8}\))?(同期)?(决算数?)?(相比)?|(比|较)(年初|全年|调整)?预算(数)?|同比|环比)?各?"
    rf"(?P<verb>{VERBS})了?$"
)
_SHORT_VERBS = frozenset({"少", "多"})  # a change only after a comparison ('比上年少…')


def changed(label: str) -> re.Match[str] | None:
    """How a label states a change ('比上年减少', '降幅', '比上年少'), or None."""
    match = _CHANGE.match(label)
    if match is None or (match.group("verb") in _SHORT_VERBS and not match.group("cmp")):
        return None
    return match


# '收入、支出决算总计9,876.54万元', '收、支总计各增加…', '收支较上年增加…': one number stated for
# both totals
_BOTH = re.compile(r"(?P<this>本年)?收入(?P<total>总计|合计)[、和与及](?:本年)?支出(?P=total)|"
                   r"收入[、和与及]?支出(?=决算|总计|合计|均|各|总体)|收入[、和与及]支出|收[、和与及]支(?!出)|"
                   r"收支(?=决算|总计|合计|较|比|均|各|总额)")
# what there is none of names both sides when it ends in 收支 ('无政府性基金预算财政拨款收支')
_BOTH_NONE = re.compile(_BOTH.pattern + r"|收支$")
_LEVEL_OFF = re.compile(
    r"(与|和|同|较)(?P<year>上年(度)?|上一年(度)?|去年|\d{4}年(度)?)(决算数?)?(相比)?(基本)?持平|"
    r"(决算数?)?(与|和|同|较)(年初|全年|调整)?预算(数)?(相比)?(基本)?持平"  # 与年初预算持平
)
# '与2017年决算总收入2794494元相比', '同上年的X万元比较': the number compared with
# ('比年初预算12.00万元减少3.36万元': the budget is compared with, the change follows)
_COMPARED_BEFORE = re.compile(r"^[,;:]?(与|同|和|较|比)")
_COMPARED_AFTER = re.compile(rf"\s*(相比|比较|对比|{VERBS})")
_PREVIOUS = re.compile(r"上年|上一年|去年")
# the year a label names, but not a date ('截至2018年12月31日') nor the year's end (2017年末)
_LABEL_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年度?(?![末底初]|\d{1,2}月)")
# Statements that there is none: '无二级单位', '专用设备无', '未发生政府采购支出', '不涉及…',
# '未安排因公出国(境)团组', '未购置公务用车' (none purchased: '购置公务用车'),
# '…为0', and lists: '因公出国(境)费、公务接待费…均为0'.
_NONE_LIST = re.compile(r"(?P<list>[^,;。:]{2,80}?)均(为|是)(0|零|无)(?![\d.])")
# A name may hold '(境)': '未发生因公出国(境)团组', and a threshold's '(含)': '单价100万元(含)以上设备无'.
_NONE = re.compile(
    r"(?<![有])(未发生|不涉及|没有|无|未(安排|组织|派出)(?=因公出国)|未(?=购置))(?P<after>(?:[^,;。、:()\s无]|\((境|含|含本数)\)){2,24}?)(?=[,;。、]|$)"
    r"|(?P<before>(?:[^,;。、:()\s]|\((境|含|含本数)\)){2,20}?)(为|是)?(无|零|(?<![\d.])0)(?=[,;。、]|$)"
)
_AND_SPENDING = re.compile(r"[、和及与]支出(?=[,;。、及和]|$)")
_THRESHOLD = re.compile(r"单价\d+(\.\d+)?万?元(\((含|含本数)\))?(及)?以(上|下)")
# not what there is none of: '无偿', '基数为0' (a growth that cannot be computed), '其他均为0'
_NOT_NONE = re.compile(r"^(偿|法|需|论|关|误|效|须|异|疑|任何|责任)|^其他$|基数$|^数据$")
_MONEY_WORDS = re.compile(r"资金|经费|费|金额|收入|支出|款|价值|结转|结余")


@dataclass
class Draft:
    """A figure being read: mutable until the section is done."""

    quantity: Quantity | None
    sentence: Span
    kind: Kind
    depth: int
    group: int
    label: str
    head: str
    item: str = ""
    role: Role = Role.LEVEL
    unit: Unit = Unit.COUNT
    value: Decimal = Decimal(0)
    concept: str | None = None
    change_year: str | None = None
    base: Draft | None = None
    whole_text: str | None = None
    statement: Span | None = None
    phase: str = "executed"
    suffix: str = ""  # added to the item after naming: a table column, '(预算数)'
    functional_code: str | None = None
    side: str | None = None  # '收入' or '支出' when one number is stated for both
    of_budget: bool = False  # a SHARE of the (unstated) budget: '完成预算的76%'
    prior_year: bool = False  # a table's 上年数 column: a figure of the year before
    uncertain: bool = False  # a SHARE whose part is not certainly the figure before it
    table: Span | None = None  # the lines of the table a cell was read from
    label_year: int | None = None  # a year printed in the label ('2017年决算总收入')
    context: str = ""  # the item named by a sentence before it on its line, without a number
    named: bool = False  # its item was read apart from the phase its label states
    compared: bool = False  # the figure compared with ('与2017年决算总收入X元相比'): not the year's
    inline_part: bool = False  # stated as '…X万元, 其中Y万元': a part named inline after its whole
    completes: str = ""  # '完成年初预算': the budget of the figure before, reached by the share after
    whole: Draft | None = None  # SHARE: the figure it is a share of, when the sentence says so

    @property
    def start(self) -> int:
        if self.quantity is not None:
            return self.quantity.span.start
        return self.statement.start if self.statement else self.sentence.start




def clean_label(text: str) -> str:
    """The name part of the text before a number.

    >>> clean_label("2018年本部门政府采购计划金额"), clean_label("其中:在职")
    ('政府采购计划金额', '在职')
    >>> clean_label("本单位在莲花池小区有"), clean_label("2017年末结转资金")
    ('莲花池小区', '2017年末结转资金')
    """
    label = unspaced(text.translate(_QUOTES))  # '财政拨 款' of a wrapped line
    label = label.lstrip(" " + _DELIMITERS).rstrip(" " + _DELIMITERS.replace(")", ""))
    if label.endswith(")") and label.count("(") < label.count(")"):
        label = label[:-1]
    if label in lexicon.TOTAL_WORDS:
        return label
    previous = None
    while previous != label:
        previous = label
        label = _LEAD.sub("", label).lstrip(":")
        label = _SCOPE.sub("", label)
        label = _EXISTENTIAL.sub(r"\g<place>", label)
        label = _TRAIL.sub("", label).strip()
    return label


def _boundary(text: str, start: int, stop: int) -> int:
    """Offset after the last clause mark in text[start:stop].

    A short parenthesis without digits is part of a name ('因公出国(境)费', '维修(护)费').
    """
    index = stop - 1
    while index >= start:
        char = text[index]
        if char == ")":
            opening = text.rfind("(", start, index)
            inner = text[opening + 1:index] if opening >= 0 else ""
            short_name = len(inner) <= 6 and not re.search(r"[\d,;:、]", inner)
            code = re.fullmatch(r"\d{3,7}类?", inner)  # '一般公共服务支出(201类)'
            if opening >= 0 and (short_name or code):
                index = opening - 1
                continue
        if char in _DELIMITERS:
            return index + 1
        index -= 1
    return start


def _noun_after(text: str, start: int, stop: int) -> str:
    """The noun right after a counting word: '2套办公用房、…' -> '办公用房'."""
    end = start
    while end < stop and text[end] not in _DELIMITERS and not text[end].isdigit():
        end += 1
    noun = text[start:end]
    cut = re.search(r"和|及|与|的|开展|进行|在|等", noun)
    return (noun[:cut.start()] if cut else noun).translate(_QUOTES).strip()


def read_section(source: SourceText, kind: Kind, spans: list[Span]) -> list[Draft]:
    """Drafts of the figures stated in a section's text (its tables too), in document order."""
    cells, used, _unread = read_tables(source, spans)
    drafts = [Draft(
        quantity=cell.quantity, sentence=cell.row, kind=kind, depth=0, group=0,
        label=clean_label(cell.label), head=cell.label, unit=cell.quantity.unit,
        value=cell.quantity.value, phase=cell.phase, suffix=cell.item[len(cell.label):],
        prior_year=cell.prior_year, table=cell.table,
    ) for cell in cells]
    for span in spans:
        if span in used:
            continue
        subject = ""  # a sentence of the line that names an item and states no number
        for sentence in split_sentences(source, span):
            found = _read_sentence(source, kind, sentence)
            for draft in found:
                draft.context = subject
            drafts.extend(found)
            if not found:
                subject = _subject_of(source.norm[sentence.start:sentence.end])
    drafts.sort(key=lambda d: d.start)
    return drafts


_LIST_MARK = re.compile(r"^\s*(\(?[0-9一二三四五六七八九十]{1,3}[).、]|[①-⑳])\s*")
_CLASS_CHAIN = re.compile(r"(?P<name>[^()]{2,30}?)\((?:类|款|项)\)")


def _subject_of(sentence: str) -> str:
    """The item a sentence without numbers names, for the sentences after it on its line
    ('1.一般公共服务支出(类)财政事务(款)行政运行(项)。年初预算为…': '行政运行(项)')."""
    text = _LIST_MARK.sub("", sentence).rstrip("。:;, ")
    if not text or len(text) > 60 or re.search(r"\d", text):
        return ""
    chain = list(_CLASS_CHAIN.finditer(text))
    if chain:
        last = chain[-1]
        return f"{last.group('name')}({text[last.end('name') + 1:last.end() - 1]})"
    return text if len(text) <= 30 else ""


def _read_sentence(source: SourceText, kind: Kind, sentence: Span) -> list[Draft]:
    text = source.norm
    drafts: list[Draft] = []
    cursor = sentence.start
    for quantity in find_quantities(text, sentence.start, sentence.end):
        qs = quantity.span
        label_start = max(cursor, _boundary(text, cursor, qs.start))
        for both in ("收入、", "收、"):  # '收入、支出决算总计', '收、支总计': both totals, not a list
            if label_start - len(both) >= cursor and text[label_start - len(both):label_start] == both:
                label_start = max(cursor, _boundary(text, cursor, label_start - len(both)))
                break
        raw_label = text[label_start:qs.start]
        if not raw_label.strip() and label_start > cursor and text[label_start - 1] == ":":
            # 'item: amount', one item per line: the name stands before the colon
            label_start = max(cursor, _boundary(text, cursor, label_start - 1))
            raw_label = text[label_start:qs.start]
        after_stop = _next_stop(text, qs.end, sentence.end)
        noun = ""
        if quantity.counter in _CLASSIFIERS:
            noun = _noun_after(text, qs.end, after_stop)
        year = _LABEL_YEAR.search(raw_label)
        draft = Draft(
            quantity=quantity, sentence=sentence, kind=kind,
            depth=text.count("(", sentence.start, qs.start) - text.count(")", sentence.start, qs.start),
            group=text.count(";", sentence.start, qs.start),
            label=clean_label(raw_label), head="", unit=quantity.unit, value=quantity.value,
            label_year=int(year.group("year")) if year else None,
        )
        if noun and not draft.label.endswith(noun):
            draft.label = f"{draft.label}{noun}"
            cursor = qs.end + len(noun)
        else:
            cursor = qs.end
        draft.head = noun or draft.label
        draft.inline_part = bool(re.match(r"[,;]?其中(?![:,])", raw_label.strip()))
        if _COMPARED_BEFORE.match(raw_label.strip()) and _COMPARED_AFTER.match(text, cursor):
            draft.compared = True
            draft.prior_year = draft.label_year is None and bool(_PREVIOUS.search(raw_label))
        drafts.append(draft)
    if kind is not Kind.WORK and _BOTH.search(text, sentence.start, sentence.end):
        drafts = _twins(drafts, text)
    if kind is Kind.WORK:
        _name_indicators(text, sentence, drafts)
    else:
        for none in _statements_of_none(source, kind, sentence, drafts):
            if _BOTH_NONE.search(none.label):
                # '无政府性基金预算财政拨款收入和支出', '…收支': one for each side
                for side in ("收入", "支出"):
                    named = _one_side(side, none.label, _BOTH_NONE)
                    drafts.append(replace(none, label=named, head=named, side=side))
            else:
                drafts.append(none)
        drafts.sort(key=lambda d: d.start)
    return drafts


def _twins(drafts: list[Draft], text: str) -> list[Draft]:
    """A sentence about '收入、支出' states a number for each side: from the figure whose label
    names both ('收入、支出总计均为X', '收、支总计各增加Y', '收支较上年增加…') on, a number stands for
    both sides, and two numbers with '分别' one for each ('收入、支出总计分别增加A、B, 增长a%、b%').
    Figures before it, and after it those with a name of their own, are of one side only."""
    kept: list[Draft] = []
    started = respectively = False
    first = drafts[0] if drafts else None
    if first is not None and first.quantity is not None and not _BOTH.search(first.label):
        # '收入支出总体与上年相比, 增加58.21万元': named in a clause of no number before
        both = _BOTH.search(text, first.sentence.start, first.quantity.span.start)
        started = both is not None
        if both is not None and both.end() > first.quantity.span.start - len(first.label):
            # the label was cut at the '、' of the names ('本年收入合计、本年支出合计分别为A、B')
            whole = clean_label(text[both.start():first.quantity.span.start])
            drafts = [replace(first, label=whole, head=whole), *drafts[1:]]
    index = 0
    while index < len(drafts):
        draft = drafts[index]
        # '…分别为A、B, 分别比上年增加C、D': '分别' again, before a change of each side
        again = started and draft.label.startswith("分别") and not _BOTH.search(draft.label)
        label = draft.label.removeprefix("分别") if again else draft.label
        if _BOTH.search(label):
            started, respectively = True, "分别" in label
        elif again:
            respectively = True
        change = changed(label)
        if not started or not (_BOTH.search(label) or label in WEAK
                               or (change and not change.group("subject"))):
            kept.append(draft)
            index += 1
            continue
        group = [draft]  # 'A、B': one number of each side, when said to be so
        while index + len(group) < len(drafts) and _listed_next(group[-1], drafts[index + len(group)],
                                                                 text):
            group.append(drafts[index + len(group)])
        if respectively and len(group) == 2:
            for side, member in zip(("收入", "支出"), group, strict=True):
                named = _one_side(side, label)  # the second number has no label of its own
                kept.append(replace(member, label=named, head=named, side=side))
        else:
            for member in group:
                for side in ("收入", "支出"):
                    named = _one_side(side, member.label)
                    kept.append(replace(member, label=named, head=named, side=side))
        index += len(group)
    return kept


def _one_side(side: str, label: str, both: re.Pattern[str] = _BOTH) -> str:
    """A label that names both sides as it names one ('收入总计和支出总计各减少' -> '收入总计各减少')."""
    return both.sub(lambda m: (m.group("this") or "") + side + (m.group("total") or ""), label)


def _listed_next(first: Draft, second: Draft, text: str) -> bool:
    """Whether `second` is printed right after `first` with only '、' between ('A万元、B万元')."""
    if first.quantity is None or second.quantity is None:
        return False
    return text[first.quantity.span.end:second.quantity.span.start].strip() == "、"


def _next_stop(text: str, start: int, stop: int) -> int:
    for index in range(start, stop):
        if text[index].isdigit():
            return index
    return stop


def _statements_of_none(source: SourceText, kind: Kind, sentence: Span,
                        drafts: list[Draft]) -> list[Draft]:
    text = source.norm
    found: list[Draft] = []
    taken: list[Span] = [d.quantity.span for d in drafts if d.quantity is not None]

    def add(name: str, start: int, end: int) -> None:
        if not name or _NOT_NONE.match(name) or re.search(r"\d", _THRESHOLD.sub("", name)):
            return  # digits in a name are a number, but for a threshold ('单价50万元以上')
        if any(start < t.end and t.start < end for t in taken):
            return
        label = clean_label(name)
        unit = Unit.CNY if _MONEY_WORDS.search(label) else Unit.COUNT
        found.append(Draft(
            quantity=None, sentence=sentence, kind=kind,
            depth=text.count("(", sentence.start, start) - text.count(")", sentence.start, start),
            group=text.count(";", sentence.start, start),
            label=label, head=label, role=Role.NONE, unit=unit, value=Decimal(0),
            statement=Span(start, end),
        ))
        taken.append(Span(start, end))

    for match in _NONE_LIST.finditer(text, sentence.start, sentence.end):
        listed = match.group("list")
        offset = match.start("list")
        for part in re.finditer(r"[^、]+", listed):
            name = part.group().strip()
            start = offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
            add(name, start, start + len(name))
        taken.append(Span(match.start(), match.end()))
    for match in _NONE.finditer(text, sentence.start, sentence.end):
        name = match.group("after") or match.group("before")
        add(name or "", match.start(), match.end())
        spending = _AND_SPENDING.match(text, match.end(), sentence.end)
        if name and match.group("after") and name.endswith("收入") and spending:
            # '无政府性基金预算财政拨款收入、支出': none of its spending either
            add(name[:-2] + "支出", spending.start() + 1, spending.end())
    for match in _LEVEL_OFF.finditer(text, sentence.start, sentence.end):
        found.append(Draft(
            quantity=None, sentence=sentence, kind=kind, depth=0,
            group=text.count(";", sentence.start, match.start()),
            label=match.group(), head="", role=Role.CHANGE, unit=Unit.CNY, value=Decimal(0),
            change_year=match.group("year"), statement=Span(match.start(), match.end()),
        ))
    return found


_ENUMERATOR = re.compile(r"^([一二三四五六七八九十]+是)")


def _clause(text: str, sentence: Span, position: int) -> tuple[int, int]:
    start = position
    while start > sentence.start and text[start - 1] not in ",;:":
        start -= 1
    end = position
    while end < sentence.end and text[end] not in ",;:。!?":
        end += 1
    return start, end


def _name_indicators(text: str, sentence: Span, drafts: list[Draft]) -> None:
    """Name each figure of the work section by its clause as printed ('签约亿元以上项目77个').

    A clause that starts with a comparison ('比上年增长8%') is named together with the clause
    before it, which holds its subject.
    """
    for draft in drafts:
        assert draft.quantity is not None
        start, end = _clause(text, sentence, draft.quantity.span.start)
        clause = _ENUMERATOR.sub("", text[start:end].strip())
        rest = clause.replace(draft.quantity.printed, "")
        needs_subject = re.match(r"(比|较|同比|环比)", clause) or len(re.sub(r"\W", "", rest)) < 2
        if needs_subject and start - 1 > sentence.start:
            previous_start, _ = _clause(text, sentence, start - 1)
            clause = f"{_ENUMERATOR.sub('', text[previous_start:start - 1].strip())},{clause}"
        draft.item = clause
