"""Figures named: each draft read from a sentence gets its role (a figure, a change, a share,
an execution rate, a statement of none), its concept from the lexicon, its budget phase and the
figure it relates to, in document order (the drafts before it in its sentence, the report before
its sentence)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import overload

from fiscal_kg.pipeline import lexicon
from fiscal_kg.pipeline.extract.figures import VERBS, WEAK, Draft, changed, clean_label
from fiscal_kg.pipeline.numbers import Unit
from fiscal_kg.pipeline.records import Role
from fiscal_kg.pipeline.sections import Kind
from fiscal_kg.pipeline.text import Span

_GENERIC = re.compile(r"^(总)?(价值|面积|金额|原值|净值|账面(价值|净值|原值)|总额)$")
# 'X完成预算的76.0%': an execution rate, the share of the budget the figure before it reached
_EXECUTION = re.compile(r"^完成(年初|全年|调整)?预算(数)?的?$")
# a rate of the agency's own: a share of a whole not stated ('预算执行率', '自评覆盖率', '学历合格率')
_RATE = re.compile(r"(执行|完成|到位|合格)率$|(自评|评价)覆盖率$")
_SHARE_OF_NAMED = re.compile(r"^.{2,}占(比|比重)?$")
# the label of a figure compared with that names nothing but the comparison ('比', '较2020年')
_COMPARED_ONLY = re.compile(r"[与同和较比]?(\d{4}年度?|上年度?|上一年度?|去年)?的?")
# the words after a figure compared with that state the change ('…相比减少', '…少')
_SINCE_VERB = re.compile(rf"(?:相比|比较|对比)?各?(?P<verb>{VERBS})了?")
_BARE_TOTAL = re.compile(r"^(收入|支出)(决算)?(总计|合计)$")
_APPROPRIATION_TOTAL = re.compile(r"^财政拨款(收入|支出)(决算)?(总计|合计)$")
_DECREASE = frozenset({"减少", "下降", "降低", "节约", "压减", "降幅", "下降率", "少"})
_SHARE = re.compile(r"^占(?P<whole>.*?)(的)?(比重|比例|份额)?(为|达)?$")
_COMPARED_CLAUSE = re.compile(r"(与|同|较|比)(?P<year>上年(度)?|上一年(度)?|去年|\d{4}年(度)?)(决算数?)?"
                              r"(相比|比较)?,")


def classify(drafts: list[Draft], text: str) -> None:
    """Name each draft and give it a role and concept, in document order."""
    in_sentence: dict[Span, list[Draft]] = {}  # the drafts before, by sentence
    for index, draft in enumerate(drafts):
        same = in_sentence.setdefault(draft.sentence, [])
        before = [d for d in same if draft.side is None or d.side in (None, draft.side)]
        if draft.kind is Kind.WORK:
            _classify_indicator(draft, before)
        else:
            _classify_fiscal(draft, before, _Head(drafts, index), text)
        same.append(draft)


class _Head(Sequence["Draft"]):
    """The first `length` drafts, without copying them (a copy per draft is quadratic)."""

    def __init__(self, drafts: list[Draft], length: int) -> None:
        self.drafts, self.length = drafts, length

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Draft: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Draft]: ...

    def __getitem__(self, index: int | slice) -> Draft | Sequence[Draft]:
        if isinstance(index, slice):
            return self.drafts[:self.length][index]
        if not -self.length <= index < self.length:
            raise IndexError(index)
        return self.drafts[index % self.length]


def _last_level(before: list[Draft], depth: int | None = None) -> Draft | None:
    for draft in reversed(before):
        if draft.compared:
            continue
        if draft.role in (Role.LEVEL, Role.NONE) and (depth is None or draft.depth == depth):
            return draft
    return None


def _afterchanged(before: list[Draft]) -> bool:
    """Whether a change is the last figure before, with no other figure between."""
    for draft in reversed(before):
        if draft.role is Role.CHANGE and draft.quantity is not None:
            return True
        if draft.role in (Role.LEVEL, Role.NONE):
            return False
    return False


def _change_before(before: list[Draft]) -> Draft | None:
    """The figure the change just before a growth changes ('…增加194131元, 增长6.49%': the
    growth is of the same figure, or of none when the change's is not certain)."""
    for draft in reversed(before):
        if draft.role is Role.CHANGE and draft.quantity is not None:
            return draft.base
    return None


def _sentence_before(draft: Draft, earlier: Sequence[Draft], text: str) -> list[Draft]:
    """The figures of the sentence just before a draft's, on the same line."""
    previous = [d for d in earlier if d.sentence.end <= draft.sentence.start]
    if not previous:
        return []
    sentence = previous[-1].sentence
    if "\n" in text[sentence.end:draft.sentence.start]:
        return []
    return [d for d in previous if d.sentence == sentence]


def _applychanged(draft: Draft, match: re.Match[str], before: list[Draft],
                  earlier: Sequence[Draft] | None = None, text: str = "") -> None:
    verb = match.group("verb")
    draft.role = Role.GROWTH if draft.unit is Unit.PERCENT else Role.CHANGE
    if verb in _DECREASE:
        draft.value = draft.value.copy_negate()  # exact, whatever the context
    cmp = match.group("cmp") or ""
    draft.change_year = match.group("year") or (
        "上年" if cmp and "预算" not in cmp else None)
    if not cmp and text and draft.quantity is not None:
        # '与2022年相比, 增加12.35万元': the comparison in a clause of its own before the change
        clauses = list(_COMPARED_CLAUSE.finditer(text, draft.sentence.start,
                                                 draft.quantity.span.start))
        if clauses:
            draft.change_year = clauses[-1].group("year")
    subject = match.group("subject")
    if not subject and not any(d.role is Role.LEVEL for d in before) and earlier is not None:
        # '…支出决算为38.74万元。与2019年度相比, 减少21.36万元': the figure of the sentence before
        before = _sentence_before(draft, earlier, text) + before
    if not subject and draft.side is not None:
        # one side of a change stated for both: of that side's figure ('收入总计X, 支出总计Y。
        # 收入支出总体与上年相比, 增加Z')
        sided = [d for d in before if d.side == draft.side or (
            d.side is None and draft.side in (d.item or d.label) and d.role is Role.LEVEL)]
        before = sided or before
    if not subject and draft.role is Role.GROWTH and _afterchanged(before):
        draft.base = _change_before(before)
    elif not subject:
        # a change against a year is of the year's actual figure, not of its budget beside it
        # ('支出8.64万元, 年初预算10.50万元, …; 比上年减少1.12万元')
        levels = [d for d in before if d.unit is not Unit.PERCENT]
        actual = [d for d in levels if d.phase == "executed"] if draft.change_year else levels
        draft.base = _last_level(actual, draft.depth) or _last_level(actual) or next(
            (d.base for d in reversed(before)
             if d.role in (Role.CHANGE, Role.GROWTH) and d.base is not None), None)
        last = _last_level(before)
        if last is not None and last is draft.base and last.inline_part \
                and any(d.role is Role.LEVEL for d in before if d is not last):
            # '收入总计X, 其中年初结转Y, 较上年增加Z': the change of X or of Y? not certain
            draft.base = None
    elif earlier is not None:
        draft.base = _named_level(draft, subject.rstrip("各"), earlier)


def _since(compared: Draft) -> str | None:
    """What a figure compared with stands for, as a change names it: '2018年', '上年' or
    '年初预算'; None when not certain."""
    if compared.phase == "approved":
        return "年初预算"
    if compared.phase != "executed":
        return None
    if compared.label_year is not None:
        return f"{compared.label_year}年"
    return "上年" if compared.prior_year else None


def _named_level(draft: Draft, subject: str, earlier: Sequence[Draft]) -> Draft | None:
    """The last stated figure of the concept a change names ('一般公共预算财政拨款支出增加…')."""
    found = lexicon.match_rule(draft.kind, clean_label(subject), Unit.CNY, "")
    if found is None:
        return None
    concept = found[0].concept
    if not concept:
        return None
    for other in reversed(earlier):
        if other.concept == concept and other.role is Role.LEVEL and other.phase == draft.phase \
                and not other.compared:
            return other
    return None


def _classify_fiscal(draft: Draft, before: list[Draft], earlier: Sequence[Draft],
                     text: str) -> None:
    previous = before[-1] if before else None
    if draft.role is Role.CHANGE and draft.quantity is None:  # 与上年持平, 与年初预算持平
        if draft.change_year is None:  # against the budget: of the actual figure
            before = [d for d in before if d.phase == "executed"]
        draft.base = _last_level(before, draft.depth) or _last_level(before)
        if draft.base is not None:
            draft.unit = draft.base.unit
            draft.item = f"{draft.base.item}{draft.label}"
        else:
            draft.item = draft.label
        return
    if draft.quantity is not None and draft.unit is not Unit.PERCENT:
        _read_phase(draft, before)
        _phase_of_whole(draft, before, text)
    if draft.compared and previous is not None and previous.role is Role.LEVEL \
            and _COMPARED_ONLY.fullmatch(draft.label):
        # '公务接待费0.54万元, 比预算数3.00万元少…': the budget of the same item
        draft.label, draft.head = previous.label, previous.head
    if draft.unit is Unit.PERCENT and previous is not None and previous.completes \
            and not draft.label.strip("的"):
        _execution_share(draft, previous, before)
        return
    if _BARE_TOTAL.match(draft.label) and any(
            _APPROPRIATION_TOTAL.match(d.label) for d in before):
        # '财政拨款收入总计X万元、支出总计Y万元': the appropriations' expenditure total too
        draft.label = draft.head = f"财政拨款{draft.label}"
    # a label of no words of its own borrows those of the figure before it, outside any
    # parenthesis the figure is not in ('312批次(其中外事接待0批次), 4228人次': 国内公务接待)
    outer = next((d for d in reversed(before) if d.depth <= draft.depth), None)
    if outer is not None and _GENERIC.match(draft.label):
        draft.label = f"{outer.head}{draft.label}"
        draft.head = outer.head
    elif outer is not None and draft.label in WEAK:
        draft.label, draft.head = outer.label, outer.head
    match = changed(draft.label) if draft.quantity is not None else None
    bare = _SINCE_VERB.fullmatch(draft.label) if draft.quantity is not None else None
    if bare and before and before[-1].compared:
        # '与2018年公务接待费支出3万元相比减少1万元', '比预算数3.00万元少2.46万元': the change
        # since the figure compared with
        since = _since(before[-1])
        match = changed(f"比{since}{bare.group('verb')}") if since else None
        if match:
            draft.label = match.group()
    if match and draft.role is Role.LEVEL:
        _applychanged(draft, match, before, earlier, text)
        base = draft.base
        subject = match.group("subject")
        # named after its figure ('收入决算总计' + '各减少'), or as printed when the words name
        # more than the figure's item ('“三公”经费支出减少')
        if base is None or (subject and base.item in subject):
            draft.item = draft.label
        else:
            draft.item = f"{base.item}{draft.label[len(subject):]}"
        return
    if draft.unit is Unit.PERCENT and _EXECUTION.match(draft.label):
        draft.role = Role.SHARE
        draft.of_budget = True
        draft.base = _last_level(before, draft.depth) or _last_level(before)
        part = draft.base.item if draft.base else ""
        draft.item = f"{part}{draft.label.rstrip('的')}"
        return
    share = _SHARE.match(draft.label) if draft.unit is Unit.PERCENT else None
    if share:
        draft.role = Role.SHARE
        draft.base = _last_level(before, draft.depth) or _last_level(before)
        draft.uncertain = _named_between(draft, draft.base, text)
        draft.whole_text = share.group("whole")  # '' for '占88.9%': the part's own total
        part = draft.base.item if draft.base else ""
        draft.item = f"{part}占{draft.whole_text}" if draft.whole_text else f"{part}占比"
        return
    if draft.unit is Unit.PERCENT and draft.role is Role.LEVEL and (
            _RATE.search(draft.label) or _SHARE_OF_NAMED.match(draft.label)):
        # '预算执行率96.03%', '自评覆盖率100%': a share of a whole the report does not state;
        # '…“三公”经费支出决算中, 公务接待费支出决算占10.10%': of a part not stated as a figure
        draft.role = Role.SHARE  # no part, no whole: nothing to check it against
        draft.item = draft.label + draft.suffix
        return
    counter = draft.quantity.counter if draft.quantity else ""
    if draft.label in lexicon.TOTAL_WORDS and draft.kind in lexicon.SECTION_TOTALS:
        draft.concept = lexicon.SECTION_TOTALS[draft.kind]
        draft.item = draft.label + draft.suffix
        return
    found = lexicon.match_rule(draft.kind, draft.label, draft.unit, counter)
    if found is None and draft.role is Role.NONE:
        found = _match_any_unit(draft)
    if found is not None:
        rule, draft.item = found
        draft.item += draft.suffix
        draft.concept = rule.concept or None  # '': a label known to measure no certain concept
        if rule.concept == "expenditure-functional-class":
            draft.functional_code = lexicon.functional_code(draft.item)
        return
    draft.item = (draft.label or (draft.quantity.printed if draft.quantity else "")) + draft.suffix
    inherited = _last_level(before)
    if inherited is not None and inherited.concept:
        concept = lexicon.CONCEPTS[inherited.concept]
        if concept.list_member and inherited.unit is draft.unit:
            draft.concept = inherited.concept


# '三公经费年初预算为X', '年初预算为X, 支出决算为Y', '行政运行(项)支出决算数为Y': the budget phase a
# label names, after the item (which may be left to the words before: the sentence's subject)
_PHASE = re.compile(
    r"^(?P<subject>.*?)(?:(?P<revised>调整(?:后)?(?:的)?预算(?:数)?)|"
    # not the fund a label names ('一般公共预算', '政府性基金预算', '国有资本经营预算')
    r"(?P<approved>(?<!公共)(?<!基金)(?<!经营)(?:年初|全年|年度|部门)?预算"
    r"(?:数|安排数?|批复数?|金额)?)|"
    r"(?P<executed>(?:实际)?(?:支出)?决算(?:数|金额)?|实际支出(?:数)?|实际(?:发生|完成)(?:数|额)?))"
    r"(?:为|是|共|共计|合计)?$")


def _execution_share(draft: Draft, budget: Draft, before: list[Draft]) -> None:
    """'…支出6.84万元, 完成年初预算8.00万元的85.50%': the share of the budget the figure reached."""
    draft.role = Role.SHARE
    draft.whole = budget
    draft.base = next((d for d in reversed(before) if d is not budget and d.role is Role.LEVEL
                       and d.phase == "executed" and d.unit is budget.unit and not d.compared),
                      None)
    part = draft.base.item if draft.base else budget.item
    draft.item = f"{part}{budget.completes}"


def _read_phase(draft: Draft, before: list[Draft]) -> None:
    """The budget phase a label states, and the item without it; an item left unnamed is the
    one the words before name (the previous figure's item in the sentence, or a sentence of its
    own before it: '1.…行政运行(项)。年初预算为X万元, 支出决算为Y万元')."""
    match = _PHASE.match(draft.label)
    if match is None or re.search(r"纳入|列入|编入|进入", match.group("subject")):
        return  # '纳入年初部门预算X万元': an amount put into the budget, not a budget
    subject = match.group("subject")
    if subject == "完成" and not match.group("executed"):
        # '完成年初预算8.00万元的85.50%': the budget of the figure before, and how much of it
        subject = ""
        draft.completes = draft.label
    executed = match.group("executed") or ""
    if subject and re.match(r"(实际)?支出", executed):
        subject += "支出"  # '一般公共预算财政拨款支出决算为X': the item keeps its 支出
    subject = clean_label(subject)
    if match.group("revised"):
        draft.phase = "revised"
    elif match.group("approved"):
        draft.phase = "approved"
    elif not subject and not before and not draft.context:
        return  # a bare '决算为X' with nothing to name it: left as it is
    if not subject:
        named = next((d for d in reversed(before) if d.quantity is not None and d.named), None)
        if named is None and before and before[-1].role is Role.LEVEL \
                and before[-1].unit is draft.unit and before[-1].phase == "executed":
            named = before[-1]  # '…支出116.77万元, 年初预算为120.00万元': the same item's budget
        subject = named.label if named is not None else draft.context
    if not subject:
        return
    draft.label = draft.head = subject
    draft.named = True


def _phase_of_whole(draft: Draft, before: list[Draft], text: str) -> None:
    """The parts listed after a budget ('“三公”经费年初预算28.60万元, 其中: 因公出国(境)费0万元、
    公务接待费8.60万元') are budgets too, when their own words name no phase."""
    if draft.phase != "executed" or _PHASE.match(draft.label) or draft.quantity is None:
        return
    for whole in reversed(before):  # back over the parts listed before it, to the whole
        if whole.role is not Role.LEVEL or whole.quantity is None or whole.unit is not draft.unit:
            continue
        between = text[whole.quantity.span.end:draft.quantity.span.start]
        if re.search(r"[;。]|决算|预算|实际", between):
            return
        if "其中" in between:
            if whole.phase != "executed":
                draft.phase = whole.phase
            return


def _named_between(share: Draft, part: Draft | None, text: str) -> bool:
    """Whether words naming something else stand between a share and the figure before it
    ('本年收入合计X万元, 全部为财政拨款收入, 占100%': the 100% is not the share of X)."""
    if part is None or part.quantity is None or share.quantity is None:
        return part is None
    between = text[part.quantity.span.end:share.quantity.span.start]
    words = re.sub(r"占[^,;。]*$", "", between)
    return len(re.findall(r"[\u4e00-\u9fff]", words)) >= 2


def _match_any_unit(draft: Draft) -> tuple[lexicon.Rule, str] | None:
    for unit in (Unit.COUNT, Unit.CNY):
        for counter in ("", "个", "辆"):
            found = lexicon.match_rule(draft.kind, draft.label, unit, counter)
            if found is not None:
                draft.unit = unit
                return found
    return None


def _classify_indicator(draft: Draft, before: list[Draft]) -> None:
    """A headline indicator keeps its clause as item; a growth clause gets a sign and a base."""
    match = changed(draft.label)
    if match:
        _applychanged(draft, match, before)
