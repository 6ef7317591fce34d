"""From drafts to figures: keys, sections, parents, change bases and share wholes."""

from __future__ import annotations

import re
from collections import Counter

from fiscal_kg.pipeline import lexicon
from fiscal_kg.pipeline.extract.figures import KIND_SECTION, _Draft
from fiscal_kg.pipeline.iris import slug
from fiscal_kg.pipeline.numbers import Unit
from fiscal_kg.pipeline.records import Figure, Relation, Role, Section


def resolve(drafts: list[_Draft], fiscal_year: int) -> tuple[Figure, ...]:
    """Figures with keys, and with their relations expressed as keys."""
    sections = [_section_of(d) for d in drafts]
    keys = _keys(drafts, sections)
    by_id = {id(d): k for d, k in zip(drafts, keys, strict=True)}
    index = _Index(drafts, sections)
    parents = [_parent(d, s, index) for d, s in zip(drafts, sections, strict=True)]
    complete = _complete(drafts, parents)
    figures: list[Figure] = []
    for draft, section, key, parent in zip(drafts, sections, keys, parents, strict=True):
        concept = lexicon.CONCEPTS.get(draft.concept) if draft.concept else None
        relation = None
        if parent is not None and concept is not None:
            closed = parent.concept in lexicon.CLOSED and not concept.subset \
                and id(parent) in complete
            relation = Relation.COMPONENT if closed else Relation.INCLUDED
        share_base = None
        if draft.role is Role.SHARE and draft.whole_text:
            whole = _whole(draft, index)
            share_base = by_id[id(whole)] if whole is not None else None
        elif draft.role is Role.SHARE and draft.base is not None and not draft.of_budget:
            # '占88.9%' without naming the whole: a share of the part's own total
            whole = parents[index.position(draft.base)]
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
            base=by_id[id(draft.base)] if draft.base is not None else None,
            share_base=share_base,
            comparison_year=_year(draft.change_year, fiscal_year),
            statement=draft.statement,
            functional_code=draft.functional_code,
            phase=draft.phase,
            prior_year=draft.prior_year,
        ))
    return tuple(figures)


def _complete(drafts: list[_Draft], parents: list[_Draft | None]) -> set[int]:
    """The closed parents whose required parts are all stated (ids of their drafts)."""
    children: dict[int, set[str]] = {}
    for draft, parent in zip(drafts, parents, strict=True):
        if parent is not None and draft.concept is not None:
            children.setdefault(id(parent), set()).add(draft.concept)
    complete = set()
    for draft in drafts:
        stated = children.get(id(draft))
        if stated is None or draft.concept is None:
            continue
        if lexicon.REQUIRED.get(draft.concept, frozenset()) <= stated:
            complete.add(id(draft))
    return complete


def _section_of(draft: _Draft) -> Section:
    if draft.kind in KIND_SECTION:
        return KIND_SECTION[draft.kind]
    if draft.concept is not None:
        return lexicon.CONCEPTS[draft.concept].section
    if draft.base is not None and draft.base.concept is not None:
        return lexicon.CONCEPTS[draft.base.concept].section
    return Section.INCOME if "收入" in draft.item else Section.EXPENDITURE


def _keys(drafts: list[_Draft], sections: list[Section]) -> list[str]:
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

    def __init__(self, drafts: list[_Draft], sections: list[Section]) -> None:
        self.sections = sections
        self.positions: dict[int, int] = {}
        self.levels: dict[str, list[tuple[int, _Draft]]] = {}
        for position, draft in enumerate(drafts):
            self.positions.setdefault(id(draft), position)
            if draft.concept is not None and draft.role is Role.LEVEL:
                self.levels.setdefault(draft.concept, []).append((position, draft))

    def position(self, draft: _Draft) -> int:
        return self.positions[id(draft)]


def _parent(draft: _Draft, section: Section, index: _Index) -> _Draft | None:
    """The figure this one is part of: the nearest stated figure of a parent concept."""
    if draft.concept is None or draft.role not in (Role.LEVEL, Role.NONE):
        return None
    concept = lexicon.CONCEPTS[draft.concept]
    position = index.position(draft)
    for parent_concept in concept.parents:
        candidates = [
            (at, other) for at, other in index.levels.get(parent_concept, ())
            if other.unit is draft.unit and other.phase == draft.phase
            and other.prior_year == draft.prior_year
            and _in_scope(concept.scope, draft, other, section, index.sections[at])
        ]
        if candidates:
            before = [c for c in candidates if c[0] < position]
            return (before[-1] if before else candidates[0])[1]
    return None


def _in_scope(scope: str, draft: _Draft, other: _Draft, section: Section,
              other_section: Section) -> bool:
    if scope == "group":
        return other.sentence == draft.sentence and other.group == draft.group
    return other_section is section


def _whole(share: _Draft, index: _Index) -> _Draft | None:
    """The figure a share is a share of, named by the words after 占 ('政府采购支出总额')."""
    assert share.whole_text is not None
    found = lexicon.match_rule(share.kind, share.whole_text, Unit.CNY, "")
    if found is None:
        return None
    concept = found[0].concept
    position = index.position(share)
    candidates = [(i, d) for i, d in index.levels.get(concept, []) if d.phase == share.phase]
    if not candidates:
        return None
    before = [c for c in candidates if c[0] < position]
    return (before[-1] if before else candidates[0])[1]


def _year(text: str | None, fiscal_year: int) -> int | None:
    if text is None:
        return None
    digits = re.match(r"\d{4}", text)
    return int(digits.group()) if digits else fiscal_year - 1
