"""The agency, its budget-unit level, duties and internal units; the report's fiscal year."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.numbers import parse_cn_integer
from fiscal_kg.pipeline.records import Duty, OrgUnit
from fiscal_kg.pipeline.sections import Kind, OutlineNode
from fiscal_kg.pipeline.text import SourceText, Span, unspaced

_LEVEL = re.compile(
    r"(?P<name>[^,;。:、()\s]{4,40}?)(是|为|系)(?P<level>[一二三四五12345])级预算单位"
)
_TITLE = re.compile(
    r"^\s*(?P<name>[^\d,;。:、\s]{4,40}?)\s*(?P<year>(19|20)\d{2})\s*年度?\s*(部门|单位)?决算"
)
_YEAR = re.compile(r"(?P<year>(19|20)\d{2})\s*年度?\s*(部门|单位)?决算")
_WORK_YEAR = re.compile(r"(?P<year>(19|20)\d{2})\s*年度?")
_UNITS = re.compile(
    r"内设(机构|科室|处室)(共有|共|有)?(\d+个)?[,:]?\s*(分别(是|为)|包括|为|即|有)\s*[:]?"
    r"(?P<list>[^。]+)"
)
_CN_LEVEL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def find_year(source: SourceText, root: OutlineNode,
              title_year: int | None = None) -> tuple[int, Span]:
    """The fiscal year: the year of the title when it has one ('2018年度部门决算公开'), else
    '<year>年(度)部门决算' wherever it is printed, else the most frequent year in the headings
    ('2017年决算总收入' names the year before: it does not count beside a title). A single
    '<year>年度决算' in the body of a report with no title, where another year is printed three
    times as often and at least five times, is a slip of the report: the other year is its year."""
    text = source.norm
    years = Counter[int]()
    spans: dict[int, Span] = {}
    if title_year is not None:
        match = re.search(rf"{title_year}\s*年度?", text)
        if match is not None:
            return title_year, Span(match.start(), match.start() + 4)
    for match in _YEAR.finditer(text):
        year = int(match.group("year"))
        years[year] += 1
        spans.setdefault(year, Span(match.start("year"), match.end("year")))
    if not years:
        for section in root.walk():
            if section.heading is None:
                continue
            heading = text[section.heading.start:section.heading.end]
            for match in _WORK_YEAR.finditer(heading):
                year = int(match.group("year"))
                years[year] += 1
                offset = section.heading.start
                spans.setdefault(year, Span(offset + match.start("year"),
                                            offset + match.end("year")))
    if not years:  # no title and no year in a heading: the year the body speaks of, if one is
        spoken = Counter(int(m.group("year")) for m in re.finditer(r"(?P<year>(?:19|20)\d{2})年度", text))
        ranked = spoken.most_common(2)
        if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            usual = ranked[0][0]
            match = re.search(rf"{usual}年度", text)
            assert match is not None
            return usual, Span(match.start(), match.start() + 4)
        raise ReportError(
            source.path, "no fiscal year: no '<year>年部门决算', no year in any heading and no "
                         "year the text names far more often than any other ('<year>年度')",
            field="fiscal year",
        )
    year = max(years, key=lambda y: (years[y], y))
    if years[year] == 1:  # one '<year>决算' in the body against a report that speaks of another
        spoken = Counter(int(m.group("year")) for m in _WORK_YEAR.finditer(text))
        usual, times = spoken.most_common(1)[0]
        if usual != year and times >= 5 and times >= 3 * spoken[year]:
            match = next(m for m in _WORK_YEAR.finditer(text) if int(m.group("year")) == usual)
            return usual, Span(match.start("year"), match.end("year"))
    return year, spans[year]


def find_duties(source: SourceText, root: OutlineNode) -> tuple[Duty, ...]:
    """The duties of the 主要职能 sections, in the report's order, numbered by their place in it
    (a report may number two lists from 1). A duty's own sub-list ('3.直接进行下列审计: (1)…(2)…',
    in another numbering style than the duties) belongs to it: its text runs to the end of the
    last sub-item."""
    duties: list[Duty] = []
    for section in root.walk():
        if section.kind is not Kind.DUTIES or not section.items:
            continue
        style = section.items[0].marker
        for item in section.items:
            if item.marker != style and duties:
                last = duties[-1]
                span = Span(last.span.start, item.text.end)
                duties[-1] = Duty(last.number, source.text(span).strip(), span)
                continue
            duties.append(Duty(len(duties) + 1, source.text(item.text).strip(), item.text))
    return tuple(duties)


def find_units(source: SourceText, root: OutlineNode) -> tuple[tuple[OrgUnit, ...], Span | None]:
    """The internal units (内设机构) as listed, with their 1-based positions, in every common
    form: inline after the count or a word that opens a list ('内设机构3个, 即A、B、C', '内设6个
    科室: A、B…', '内设A、B、C等9个科室'), or one per line below it (numbered or not: '内设科室7个:'
    then '办公室', '计划财务科' …), or a single unit."""
    text = source.norm
    lines = [span for _number, span in source.lines()]
    starts = [span.start for span in lines]
    sections = [s for s in root.walk()
                if s.kind in (Kind.COMPOSITION, Kind.ORGANISATION, Kind.STAFFING)]
    sections += [s for s in root.walk() if s.kind is Kind.DUTIES]  # '按照上述职责, …内设…'
    for section in sections:
        own = [*section.body]
        if section.heading is not None:  # '（二）机构设置：学校内设6个处室，分别是…'
            own.insert(0, lines[bisect.bisect_right(starts, section.heading.start) - 1])
        found: list[tuple[tuple[OrgUnit, ...], Span]] = []
        for span in own:
            for match in _UNITS_OPEN.finditer(text, span.start, span.end):
                group = _group(source, lines, starts, span, match)
                if group is None:
                    continue
                if not found:
                    found.append(group)
                elif group[1].start >= found[-1][1].end \
                        and _counted(source, match, group[0]) and not _SUBORDINATE.search(
                            text[_sentence_start(text, match.start()):match.start()]):
                    # '设有7个专门委员会: …' then '设有6个办事机构: …': each group its own count
                    found.append(group)
        if found:
            units = tuple(OrgUnit(unit.name, position, unit.span) for position, unit in
                          enumerate((u for group, _span in found for u in group), start=1))
            return units, Span(found[0][1].start, found[-1][1].end)
    for section in sections:  # '下设办公室, 检测室, 试验室': rooms, not subordinate bodies
        for span in section.body:
            for match in _ROOMS_OPEN.finditer(text, span.start, span.end):
                rooms = _inline_units(source, match.end(), span.end)
                if rooms and (_INTERNAL_COUNT.match(text, rooms[-1].span.end, span.end)
                              or all(_ROOM.search(unit.name) for unit in rooms)):
                    return rooms, Span(match.start(), rooms[-1].span.end)
    return _units_as_duties(source, root)


def _group(source: SourceText, lines: list[Span], starts: list[int], span: Span,
           match: re.Match[str]) -> tuple[tuple[OrgUnit, ...], Span] | None:
    """The units a list opened by `match` names (inline, in brackets, or one per line below),
    and the list's span; None when it opens none."""
    text = source.norm
    within = _UNITS_WITHIN.match(text, match.end(), span.end)
    if match.group("count") and within:  # '内设机构1个(办公室)'
        units = _split_units(source, within.start("list"), within.end("list"))
        if units:
            return units, Span(match.start(), units[-1].span.end)
    # after a count, only a word that opens a list opens one ('内设科室44个, 其中职能科室16个…'
    # lists none)
    listed = "、" in text[match.end():span.end]  # a list begun on this line
    end = _list_end(source, lines, starts, span) if listed else span.end
    inline = () if match.group("count") and not match.group("opens") else \
        _inline_units(source, match.end(), end)
    if inline:
        return inline, Span(match.start(), inline[-1].span.end)
    if text[match.end():span.end].strip():
        return None  # the line goes on with something else: not a list below
    after = bisect.bisect_right(starts, span.start)
    below = _units_below(source, [line for line in lines[after:after + 60]
                                  if text[line.start:line.end].strip()])
    if below:
        return below, Span(match.start(), below[-1].span.end)
    return None


# a list of bodies under the agency, not its internal units
_SUBORDINATE = re.compile(r"下属|所属|直属|二级|事业单位")
_COUNT = re.compile(r"(\d+|[一二三四五六七八九十]+)\s*个")


def _integer(digits: str) -> int | None:
    return int(digits) if digits.isdigit() else parse_cn_integer(digits)


def _sentence_start(text: str, index: int) -> int:
    return max(text.rfind(mark, 0, index) for mark in ("。", ";", "\n")) + 1


def _counted(source: SourceText, match: re.Match[str], units: tuple[OrgUnit, ...]) -> bool:
    """Whether a list states its count, before it ('设有6个办事机构: …') or after it ('内设A、B、C
    3个科室'), and names that many units."""
    text = source.norm
    count = match.group("count")
    if not count:
        after = units[-1].span.end
        tail = _COUNT.match(text[after:after + 8].lstrip(" 等共"))
        count = tail.group(0) if tail else None
    counted = _COUNT.match(count) if count else None
    stated = _integer(counted.group(1)) if counted else None
    return stated == len(units)


# a duty that is a unit's: '(一)党群办公室(信访)。负责局机关…'
_UNIT_DUTY = re.compile(r"(?P<name>[^,;:。()]{2,20}(?:\([^()]{1,10}\))?)[。:]\s*负责")


def _units_as_duties(source: SourceText, root: OutlineNode) -> tuple[tuple[OrgUnit, ...],
                                                                     Span | None]:
    """The internal units of a duties list whose every entry is a unit's ('(三)人事科。负责…'):
    the units, in the list's order; none when any entry is not."""
    for section in root.walk():
        if section.kind is not Kind.DUTIES or len(section.items) < 2:
            continue
        units: list[OrgUnit] = []
        for item in section.items:
            match = _UNIT_DUTY.match(source.norm, item.text.start, item.text.end)
            if match is None or not _UNIT_END.search(match.group("name")):
                break
            units.append(OrgUnit(match.group("name"), len(units) + 1,
                                 Span(match.start("name"), match.end("name"))))
        else:
            return tuple(units), Span(units[0].span.start, units[-1].span.end)
    return (), None


# '下设' and '下辖' list subordinate bodies as often as internal units: a list is read as the
# internal units when its count names them so ('下辖办公室、…10个管理部门') or all are rooms and
# offices ('下设办公室, 检测室, 试验室')
_ROOMS_OPEN = re.compile(r"下(?:设|辖)(?!\d|[一二三四五六七八九十]+个)")
_ROOM = re.compile(r"(?:室|科|股|组|办)$")
_INTERNAL_COUNT = re.compile(r"\s*(?:等|共)?\s*(?:\d+|[一二三四五六七八九十]+)个"
                             r"(?:管理|职能|内设|业务)(?:部门|处室|科室|股室|机构)")


# where a list of internal units opens: '内设' (or '机关设', '本级设'), what it sets up and how
# many ('内设8个职能司(室)'), and a word that opens the list ('即', '分别是', '包括'); or
# '机构设置如下'
_UNITS_OPEN = re.compile(
    r"(?:内设|内部设(?:有|置)?|设有|(?:机关|本级|单位)设|机构设置(?:情况)?(?:如下)?[:]?$)"
    r"(?:(?:职能)?(?:机构|科室|处室|股室|部门|工作机构)(?:共有|共|有)?)?"
    r"\s*(?P<count>(?:\d+|[一二三四五六七八九十]+)\s*个(?:[^,:;。\d()]{0,8}(?:\([^()]{1,2}\))?)?)?"
    r"\s*(?:,\s*)?(?P<opens>(?:分别(?:是|为)|具体(?:是|为|如下)|包括|即|为|有|如下)?\s*:|分别(?:是|为)|"
    r"具体(?:是|为)|包括|即|如下)?")
_UNITS_WITHIN = re.compile(r"\((?P<list>[^()]{2,60})\)")
# what a unit's name ends with
_UNIT_NAME = re.compile(
    r"^(?!\d+$)[^,;:。()、]{1,28}(?:\([^()]{1,40}\))?$")
_UNIT_END = re.compile(
    r"(?:室|科|处|股|部|中心|办|委|委员会|队|所|站|组|司|局|馆|院|会|厅|团|社|库|台|仓|机构)"
    r"(?:\([^()]{1,40}\))?$")
_LIST_MARK = re.compile(r"^(?:\(?[0-9一二三四五六七八九十]{1,3}[).、]|[①-⑳])\s*")


def _list_end(source: SourceText, lines: list[Span], starts: list[int], span: Span) -> int:
    """Where a list that starts on a line ends: at the line's end, or, when the line breaks off
    in the middle of the list ('…干部组、干部' then '监督室、…。'), at the end of the next line."""
    text = source.norm
    line = text[span.start:span.end].rstrip()
    if not line or line[-1] in "。;:" or re.search(r"(?:等|共)?\d+个[^、]{0,6}$", line):
        return span.end
    after = bisect.bisect_right(starts, span.start)
    if after >= len(lines):
        return span.end
    following = lines[after]
    continued = text[following.start:following.end].strip()
    if not continued or _LIST_MARK.match(continued) \
            or not re.match(r"[^,;:。、]{1,20}[、。;]", continued):
        return span.end  # the next line goes on with no name of the list
    return following.end


def _inline_units(source: SourceText, start: int, end: int) -> tuple[OrgUnit, ...]:
    """Units listed on the rest of the line, up to the sentence's end or '等N个…'."""
    text = source.norm
    stop = end
    for mark in ("。", ";"):
        found = text.find(mark, start, end)
        if found != -1:
            stop = min(stop, found)
    tail = re.search(r"(?:等|共|共计|合计)?\s*(?:\d+|[一二三四五六七八九十]+)个(?:职能|内设|管理|业务)?"
                     r"(?:机构|科室|处室|股室|部门|工作机构|单位)?", text[start:stop])
    if tail:
        stop = start + tail.start()
    units = _split_units(source, start, stop)
    ended = next((i for i, u in enumerate(units) if not _UNIT_END.search(u.name)), None)
    if ended is None:
        return units
    after = units[ended].span.start
    if ended and text[max(0, after - 4):after].rstrip(" 及").endswith(","):
        return units[:ended]  # 'A和B, 无下属单位': the sentence goes on after the list
    return ()


def _units_below(source: SourceText, lines: list[Span]) -> tuple[OrgUnit, ...]:
    """Units one per line (numbered or not, or a table's rows: '序号 | 内设部门' then
    '1 | 办公室'), up to the first line that is not one."""
    units: list[OrgUnit] = []
    for index, span in enumerate(lines):
        line = source.norm[span.start:span.end]
        if "|" in line:
            cell = _unit_cell(line)
            if cell is None and index == 0:
                continue  # the table's header
            if cell is None:
                break
            start = span.start + cell[0]
            units.append(OrgUnit(cell[1], len(units) + 1, Span(start, start + len(cell[1]))))
            continue
        mark = _LIST_MARK.match(line.strip())
        lead = len(line) - len(line.lstrip()) + (mark.end() if mark else 0)
        name = line[lead:].strip().rstrip("。;,")
        if not name or not _UNIT_NAME.match(name) or not _UNIT_END.search(name):
            break
        start = span.start + lead
        units.append(OrgUnit(name, len(units) + 1,
                             Span(start, start + len(name))))
    return tuple(units)


def _unit_cell(line: str) -> tuple[int, str] | None:
    """The cell of a table row that names a unit (offset in the line, name), or None."""
    offset = 0
    found = None
    for cell in line.split("|"):
        name = cell.strip()
        if name and _UNIT_NAME.match(name) and _UNIT_END.search(name) and not name.isdigit():
            found = (offset + cell.index(name), name)
        offset += len(cell) + 1
    return found


def _split_units(source: SourceText, start: int, end: int) -> tuple[OrgUnit, ...]:
    units: list[OrgUnit] = []
    text = source.norm
    cursor = start
    depth = 0
    for index in range(start, end + 1):
        char = text[index] if index < end else "、"
        depth += char == "("
        depth -= char == ")"
        # 'A、B和C': '和' / '及' after a whole unit's name ends it ('机关党委(人事处)和工会'),
        # not inside a name ('规划和自然资源局')
        joins = char in "和及" and depth == 0 and index > cursor \
            and bool(_UNIT_END.search(text[cursor:index]))
        if (char in "、,;" or joins) and depth == 0:
            name_start, name_end = cursor, index
            while name_start < name_end and text[name_start] in " 及":
                name_start += 1
            while name_end > name_start and text[name_end - 1] in " 等":
                name_end -= 1
            if name_end > name_start:
                if not _UNIT_NAME.match(text[name_start:name_end]):
                    return ()
                units.append(OrgUnit(unspaced(text[name_start:name_end]),
                                     len(units) + 1, Span(name_start, name_end)))
            cursor = index + 1
    return tuple(units)
