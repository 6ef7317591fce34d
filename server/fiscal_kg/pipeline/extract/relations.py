"""From drafts to figures: keys, sections, parents, change bases and share wholes."""

from __future__ import annotations

import re
from collections import Counter

from fiscal_kg.pipeline import lexicon
from fiscal_kg.pipeline.extract.figures import KIND_SECTION, Draft
from fiscal_kg.pipeline.iris import slug
from fiscal_kg.pipeline.numbers import Unit
from fiscal_kg.pipeline.records import Figure, Relation, Role, Section
from fiscal_kg.pipeline.sections import Kind


def resolve(drafts: list[Draft], fiscal_year: int, text: str) -> tuple[Figure, ...]:
    """Figures with keys, and with their relations expressed as keys."""
    for draft in drafts:  # an earlier year's figure is no part nor whole of this year's
        draft.prior_year = draft.prior_year or _of_earlier_year(draft, fiscal_year)
    sections = [_section_of(d) for d in drafts]
    keys = _keys(drafts, sections)
    by_id = {id(d): k for d, k in zip(drafts, keys, strict=True)}
    index = _Index(drafts, sections, text)
    parents = _restated_apart([_parent(d, s, index) for d, s in zip(drafts, sections, strict=True)],
                              drafts)
    complete = _complete(drafts, parents)
    categories = _categories(drafts, text)
    figures: list[Figure] = []
    parent_of = {id(d): p for d, p in zip(drafts, parents, strict=True)}
    for draft, section, key, parent in zip(drafts, sections, keys, parents, strict=True):
        concept = lexicon.CONCEPTS.get(draft.concept) if draft.concept else None
        relation = None
        if parent is not None and concept is not None:
            closed = parent.concept in lexicon.CLOSED and not concept.subset \
                and id(parent) in complete
            relation = Relation.COMPONENT if closed else Relation.INCLUDED
        elif parent is None and id(draft) in categories:  # '其中研究生学历7人，本科学历185人'
            parent, relation = categories[id(draft)], Relation.INCLUDED
        share_base = None
        summed = _summed(draft, drafts, index) if draft.role is Role.SHARE \
            and draft.base is None and draft.whole is None else []
        wholes = {id(parent_of.get(id(part))) for part in summed}
        whole_of_parts = parent_of.get(id(summed[0])) if summed else None
        if summed and (whole_of_parts is None or len(wholes) != 1):
            summed = []  # parts of different totals, or of none: no certain whole
        if summed and whole_of_parts is not None:
            share_base = by_id[id(whole_of_parts)]  # '经营收入X，附属单位上缴收入Y，两项合计占Z%'
        elif draft.role is Role.SHARE and draft.whole is not None:
            share_base = by_id[id(draft.whole)]  # '完成年初预算X万元的Y%'
        elif draft.role is Role.SHARE and draft.uncertain:
            pass  # its part is not the figure before it: no whole, no check
        elif draft.role is Role.SHARE and draft.whole_text:
            whole = _whole(draft, index)
            share_base = by_id[id(whole)] if whole is not None else None
        elif draft.role is Role.SHARE and draft.base is not None and not draft.of_budget:
            # '占88.9%' without naming the whole: a share of the total whose list the part
            # stands in ('支出合计X万元, 其中: 基本支出Y万元, 占60%'; '…支出X万元。其中: …');
            # with no such list the whole is not certain, and there is no check
            part = draft.base
            whole = parent_of.get(id(part)) if part.concept else None
            if whole is None:  # a part of a total of no certain concept ('支出合计X。其中: …')
                whole = _sentence_total(draft, drafts, index, text)
            share_base = by_id[id(whole)] if whole is not None else None
        item = draft.item
        figures.append(Figure(
            key=key,
            section=section,
            item=item,
            value=draft.value,
            unit=draft.unit,
            role=draft.role,
            sentence=draft.sentence,
            quantity=draft.quantity,
            concept=draft.concept,
            economic_code=(lexicon.economic_code(item)
                           if draft.concept == "operating-cost-item" else None),
            fund=concept.fund if concept else None,
            parent=by_id[id(parent)] if parent is not None else None,
            relation=relation,
            base=by_id[id(summed[0])] if summed else (
                by_id[id(draft.base)] if draft.base is not None else None),
            share_base=share_base,
            more_parts=tuple(by_id[id(part)] for part in summed[1:]),
            comparison_year=_year(draft.change_year, fiscal_year),
            statement=draft.statement,
            functional_code=draft.functional_code,
            phase=draft.phase,
            prior_year=draft.prior_year,
            of_year=draft.label_year if _of_earlier_year(draft, fiscal_year) else None,
        ))
    return tuple(figures)


# a share of the parts just named, together: '两项合计占0.1%', '以上三项合计占比12%'
_SUMMED = re.compile(r"^(?:这|此|以上|上述)?(?P<n>两|二|三|四|五|[2-9])项(?:合计|共计|共)?占")
_SMALL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


def _summed(share: Draft, drafts: list[Draft], index: _Index) -> list[Draft]:
    """The parts a share of several parts together is of: the figures right before it in its
    sentence, as many as it says, each a level with the same unit and a certain concept; none
    when they are not exactly that."""
    match = _SUMMED.match(share.label)
    if match is None:
        return []
    count = _SMALL.get(match.group("n")) or int(match.group("n"))
    at = index.position(share)
    start = max(share.sentence.start, *(index.text.rfind(mark, 0, share.start)
                                        for mark in (";", "；", ":", "：")))
    group = [d for d in drafts[:at] if d.start >= start and d.sentence == share.sentence]
    parts = [d for d in group if d.role is Role.LEVEL]
    if len(parts) != count or any(
            p.role is not Role.LEVEL or p.sentence != share.sentence or p.concept is None
            or p.unit is not Unit.CNY or p.phase != share.phase or p.prior_year for p in parts):
        return []
    return parts


# counts of people by a trait each has one of (their highest degree or title): parts of the
# count a list of them follows ('专任教师182人，其中研究生学历7人，本科学历185人') that together
# cannot exceed it; other traits (男, 女, 少数民族, 党员) may overlap and are not parts
_CATEGORY = re.compile(r"(?:学历|学位|职称)$")


def _categories(drafts: list[Draft], text: str) -> dict[int, Draft]:
    """The count each count of people by degree or title is part of: the count right before
    the list, which '其中' opens, in the same clause group (up to ';'), the list holding
    nothing else."""
    found: dict[int, Draft] = {}
    counts = [d for d in drafts if d.unit is Unit.COUNT and d.quantity is not None
              and d.role is Role.LEVEL and d.depth == 0 and not d.prior_year]
    for at, draft in enumerate(counts):
        if draft.concept is not None or not _CATEGORY.search(draft.label):
            continue
        back = at - 1
        while back >= 0 and counts[back].concept is None \
                and _CATEGORY.search(counts[back].label) and counts[back].sentence == draft.sentence:
            back -= 1
        if back < 0:
            continue
        whole = counts[back]
        assert whole.quantity is not None and draft.quantity is not None
        between = text[whole.quantity.span.end:draft.quantity.span.start]
        if whole.sentence == draft.sentence and _CATEGORY.search(whole.label) is None \
                and between.lstrip(" ,，").startswith("其中") and not re.search(r"[;；。]", between):
            found[id(draft)] = whole
    return found


def _restated_apart(parents: list[Draft | None], drafts: list[Draft]) -> list[Draft | None]:
    """A part stated again under the same whole ('基本支出' in the totals, and again at the head
    of its own section) is the same part, not one more: only its first statement is a part."""
    seen: set[tuple[int, str, str]] = set()
    kept: list[Draft | None] = []
    for draft, parent in zip(drafts, parents, strict=True):
        if parent is not None and draft.concept is not None:
            key = (id(parent), draft.concept, draft.item)
            if key in seen:
                parent = None
            seen.add(key)
        kept.append(parent)
    return kept


def _complete(drafts: list[Draft], parents: list[Draft | None]) -> set[int]:
    """The closed parents whose parts are certainly all stated (ids of their drafts): the parts
    the breakdown requires, at least two parts, one of them a number, and no figure in the list
    of parts that could not be named (an unnamed line of a list may be one more part)."""
    children: dict[int, list[int]] = {}
    for position, (draft, parent) in enumerate(zip(drafts, parents, strict=True)):
        if parent is not None and draft.concept is not None:
            children.setdefault(id(parent), []).append(position)
    complete = set()
    for draft in drafts:
        positions = children.get(id(draft))
        if positions is None or draft.concept is None:
            continue
        parts = [drafts[at] for at in positions]
        stated = {part.concept for part in parts}
        if not lexicon.REQUIRED.get(draft.concept, frozenset()) <= stated:
            continue
        if len(parts) < 2 or all(part.quantity is None for part in parts):
            continue
        if not _unnamed_in_list(drafts, positions, draft):
            complete.add(id(draft))
    return complete


def _unnamed_in_list(drafts: list[Draft], positions: list[int], whole: Draft) -> bool:
    """Whether a figure that could be one more part stands among the parts of `whole`, or after
    the last of them in its sentence: a number of the same unit and phase, at the parts' depth,
    whose label names no concept."""
    first, last = positions[0], positions[-1]
    depth = drafts[first].depth
    end = last
    while end + 1 < len(drafts) and drafts[end + 1].sentence == drafts[last].sentence:
        end += 1
    for other in drafts[first:end + 1]:
        if other.quantity is None or other.role is not Role.LEVEL or other.concept:
            continue
        if other.unit is whole.unit and other.phase == whole.phase and other.depth == depth \
                and other.prior_year == whole.prior_year and other.label_year is None:
            return True
    return False


# what a count of the performance section counts when it is about the evaluation itself
_EVALUATION = re.compile(r"项目|绩效|评价|评估|自评|专项|[优良中差]|执行|预算|资金|得分")


# what a figure of the agency's own description counts when it counts its units or its people
_ORGANISATION = re.compile(r"单位|机构|部门|科|处|股|(?<!公)司|室|所|中心|站|院|队|团|组|局|"
                           r"人员|人数|编|教师|职工|干部|主任|聘用|学历|岗位|职称|病区|学校|中学|小学|幼儿园|车")
_ORGANISATION_KINDS = frozenset({Kind.ORGANISATION, Kind.COMPOSITION, Kind.STAFFING})
# sections about money, whose counts of no concept count the year's work
_MONEY_KINDS = frozenset({Kind.INCOME, Kind.EXPENDITURE, Kind.GENERAL_BUDGET, Kind.FINANCE,
                          Kind.INCOME_EXPENDITURE, Kind.APPROPRIATION})


# '全区实现社会消费品零售总额245.6亿元', '全县一般公共预算收入完成5.06亿元': the region's, not the agency's
_REGIONAL = re.compile(r"^(全|我|本)(国|省|区|市|州|盟|县|旗|镇|乡)(?!级)")


def _regional(draft: Draft) -> bool:
    """Whether a figure is an aggregate of the agency's region (or a change of one)."""
    figure = draft.base if draft.role in (Role.CHANGE, Role.GROWTH) and draft.base else draft
    return figure.concept is None and figure.unit is not Unit.PERCENT \
        and bool(_REGIONAL.match(figure.item or figure.label))


_ACCOUNTS = (Section.INCOME, Section.EXPENDITURE)


def _section_of(draft: Draft) -> Section:
    if _regional(draft) or (draft.concept is None and draft.role is Role.LEVEL
                            and _counts_work(draft)):
        return Section.INDICATOR
    if draft.kind in _ORGANISATION_KINDS and (draft.unit is Unit.M2 or (
            draft.quantity is not None and draft.quantity.counter == "辆")):
        return Section.ASSETS  # '建筑面积43,604.93平方米', '实有车辆1辆': what it holds
    concept = lexicon.CONCEPTS[draft.concept] if draft.concept is not None else None
    if concept is not None and concept.section in _ACCOUNTS \
            and KIND_SECTION.get(draft.kind) in _ACCOUNTS:
        return concept.section  # '年初财政拨款结转和结余' after the spending is the income's
    if draft.kind in KIND_SECTION:
        return KIND_SECTION[draft.kind]
    if draft.concept is not None:
        return lexicon.CONCEPTS[draft.concept].section
    if draft.base is not None and draft.base.concept is not None:
        return lexicon.CONCEPTS[draft.base.concept].section
    return Section.INCOME if "收入" in draft.item else Section.EXPENDITURE


def _counts_work(draft: Draft) -> bool:
    """Whether a level figure of no concept counts the year's work where it stands: in the
    performance section, not the evaluation itself ('全年召开常委会会议8次', '全市森林覆盖率达到
    42.6%'); beside the money of a section about money ('全年召开会议3次, 参加会议260人次' beside
    the 会议费); in the agency's description, what the body does ('在校学生2,315人',
    '完成改革任务36项')."""
    if draft.kind is Kind.PERFORMANCE:
        return draft.unit in (Unit.COUNT, Unit.PERCENT) and not _EVALUATION.search(draft.item)
    if draft.kind in _MONEY_KINDS:
        return draft.unit is Unit.COUNT
    return draft.kind in _ORGANISATION_KINDS and _is_work(draft)


def _is_work(draft: Draft) -> bool:
    """Whether a figure of the agency's description counts its work, not its units or people:
    money, or a count whose words name no unit, post or person ('在校学生', '教学班'), or a
    count of attendances (人次)."""
    if draft.quantity is None:
        return False
    if draft.unit is Unit.CNY:
        return True
    if draft.unit is not Unit.COUNT or draft.quantity.counter == "辆":
        return False  # vehicles are the agency's assets
    if not draft.label or draft.quantity.printed in draft.item:
        return False  # no words of its own: what it counts is not certain
    return draft.quantity.counter == "人次" or not _ORGANISATION.search(draft.item)


def _keys(drafts: list[Draft], sections: list[Section]) -> list[str]:
    """Stable keys from section and item (and, for indicators, the printed quantity)."""
    keys: list[str] = []
    seen: Counter[str] = Counter()
    for draft, section in zip(drafts, sections, strict=True):
        key = f"{section.value}/{slug(draft.item)}"
        if section is Section.INDICATOR and draft.quantity is not None:
            key += f"/{slug(draft.quantity.printed)}"
        elif key in seen and draft.quantity is not None:
            key += f"/{slug(draft.quantity.printed)}"
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


class _Index:
    """The drafts' positions, and the level drafts of each concept in document order: looking
    a figure's parent or whole up among all drafts, for every draft, grows with the square of
    the report's figures."""

    def __init__(self, drafts: list[Draft], sections: list[Section], text: str) -> None:
        self.drafts = drafts
        self.sections = sections
        self.text = text
        self.positions: dict[int, int] = {}
        self.levels: dict[str, list[tuple[int, Draft]]] = {}
        for position, draft in enumerate(drafts):
            self.positions.setdefault(id(draft), position)
            if draft.concept is not None and draft.role is Role.LEVEL:
                self.levels.setdefault(draft.concept, []).append((position, draft))

    def position(self, draft: Draft) -> int:
        return self.positions[id(draft)]

    def qualified(self, draft: Draft) -> Draft | None:
        """The figure of the sentence, one parenthesis out, that a parenthesised one follows."""
        for other in reversed(self.drafts[:self.position(draft)]):
            if other.sentence != draft.sentence:
                return None
            if other.depth < draft.depth - 1:
                return None
            if other.depth == draft.depth - 1 and other.role is Role.LEVEL:
                return other  # its share or change may stand between ('X万元, 占90%(其中…')
        return None


def _parent(draft: Draft, section: Section, index: _Index) -> Draft | None:
    """The figure this one is part of: the nearest stated figure of a parent concept.

    A figure in parentheses right after another ('财政拨款收入X万元(其中: 中央财政拨款Y万元, …)')
    is a part of that figure or of nothing: never of the total the sentence lists."""
    if draft.concept is None or draft.role not in (Role.LEVEL, Role.NONE):
        return None
    concept = lexicon.CONCEPTS[draft.concept]
    position = index.position(draft)
    if draft.depth > 0 and draft.table is None:
        qualified = index.qualified(draft)
        if qualified is None or qualified.concept not in concept.parents \
                or qualified.unit is not draft.unit or qualified.phase != draft.phase:
            return None
        return qualified
    for parent_concept in concept.parents:
        candidates = [
            (at, other) for at, other in index.levels.get(parent_concept, ())
            if other.unit is draft.unit and other.phase == draft.phase
            and other.prior_year == draft.prior_year
            and _in_scope(concept.scope, draft, other, section, index.sections[at], index.text)
        ]
        if candidates:
            before = [c for c in candidates if c[0] < position]
            return (before[-1] if before else candidates[0])[1]
    return None


def _in_scope(scope: str, draft: Draft, other: Draft, section: Section,
              other_section: Section, text: str) -> bool:
    """Whether `other` may be the whole `draft` is a part of. A part stands in its whole's
    sentence (or its 'group' up to ';'), or in a list that sentence opens ('…X万元。其中: …');
    in a table, in the whole's table. Anywhere else the two may be different things (the same
    words in another section, the budget beside the actual, one fund beside all funds), and a
    check on them would be a guess."""
    whole = lexicon.CONCEPTS.get(other.concept) if other.concept else None
    if whole is not None and whole.listed_parts:
        if other.sentence != draft.sentence or other.quantity is None or draft.quantity is None:
            return False
        between = text[other.quantity.span.end:draft.quantity.span.start]
        if "其中" not in _outside_parentheses(between) or re.search(r"[;。]", between):
            return False
    if scope == "group":
        return other.sentence == draft.sentence and other.group == draft.group
    if other_section is not section:
        return False
    if draft.table is not None or other.table is not None:
        return draft.table is not None and draft.table == other.table
    if other.sentence == draft.sentence:
        return True
    start = draft.sentence.start
    return bool(_LIST_OPENER.match(text, start)) and other.sentence.end <= start \
        and "\n" not in text[other.sentence.end:start] \
        and not re.search(r"[。!?]", text[other.sentence.end:start].strip())


# how a sentence that lists the parts of the total before it begins
_LIST_OPENER = re.compile(r"其中|主要包括|包括|主要有|主要为|主要用于|分别(是|为)|具体(包括|为|是)|含|"
                          r"[^,:;。\d]{2,20}中[,:]")  # '本年支出合计中, 基本支出…'


def _sentence_total(share: Draft, drafts: list[Draft], index: _Index,
                    text: str) -> Draft | None:
    """The level figure a sentence opens with, when the share's part follows it in a list it
    opens ('支出合计X万元, 其中: 基本支出Y万元, 占60%')."""
    part = share.base
    assert part is not None
    sentence = share.sentence
    if text[sentence.start:sentence.start + 2] == "其中":  # '…收入合计X万元。其中: …'
        before = [d for d in drafts if d.sentence.end <= sentence.start and d.quantity is not None
                  and "\n" not in text[d.sentence.end:sentence.start]]
        if not before:
            return None
        totals = [d for d in drafts if d.sentence == before[-1].sentence and d.role is Role.LEVEL
                  and d.quantity is not None and d.unit is part.unit]
        # '收入总计X, 其中年初结转Y; 本年收入Z。其中: …': which one the list is of is not certain
        return totals[0] if len(totals) == 1 and totals[0].phase == part.phase else None
    first = next((d for d in drafts if d.sentence == sentence and d.role is Role.LEVEL
                  and d.quantity is not None), None)
    if first is None or first is part or first.unit is not part.unit \
            or index.position(first) > index.position(part) or first.phase != part.phase:
        return None
    assert first.quantity is not None and part.quantity is not None
    between = text[first.quantity.span.end:part.quantity.span.start]
    return first if "其中" in _outside_parentheses(between) else None


def _outside_parentheses(text: str) -> str:
    """The text without what stands in parentheses ('占90%(其中: 中央…)': not a list of the
    sentence's total)."""
    kept, depth = [], 0
    for char in text:
        depth += (char == "(") - (char == ")") if char in "()" else 0
        if depth == 0 and char != ")":
            kept.append(char)
    return "".join(kept)


def _whole(share: Draft, index: _Index) -> Draft | None:
    """The figure a share is a share of, named by the words after 占 ('政府采购支出总额')."""
    assert share.whole_text is not None
    found = lexicon.match_rule(share.kind, share.whole_text, Unit.CNY, "")
    if found is None:
        return None
    concept = found[0].concept
    position = index.position(share)
    candidates = [(i, d) for i, d in index.levels.get(concept, [])
                  if d.phase == share.phase and d.prior_year == share.prior_year]
    if not candidates:
        return None
    before = [c for c in candidates if c[0] < position]
    return (before[-1] if before else candidates[0])[1]


def _of_earlier_year(draft: Draft, fiscal_year: int) -> bool:
    """A level figure whose label names an earlier year ('与2017年决算总收入2794494元相比' in a
    report of 2018) is that year's figure, not the report's."""
    return draft.role is Role.LEVEL and draft.label_year is not None \
        and draft.label_year < fiscal_year


def _year(text: str | None, fiscal_year: int) -> int | None:
    if text is None:
        return None
    digits = re.match(r"\d{4}", text)
    return int(digits.group()) if digits else fiscal_year - 1
