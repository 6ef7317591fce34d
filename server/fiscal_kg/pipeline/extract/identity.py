"""Which agency a report is of: its name, wherever and however the report prints it.

Reports name their agency in a title (`2020年度XX局部门决算`, `XX局2020年度部门决算公开`,
`XX局2020年单位决算情况说明`, the year and the name on two lines, after a cover page, notices or a
table of contents), in a heading (`第一部分 XX局概况`, `第三部分XX所2016年度部门决算情况说明`), or
only in the body (`XX局为一级预算单位`, `XX局是县政府工作部门`, `XX局的主要职责是`). Each of these
places gives a candidate; a candidate must look like the name of a body (it ends in 局, 厅,
委员会, 办公室, 中心, 学校, 医院 …, and holds no template words or unfilled placeholders such as
`XX部门`), and the name the report gives most often, in the most telling places, wins.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from fiscal_kg.errors import ReportError
from fiscal_kg.pipeline.credit_code import credit_code_problem
from fiscal_kg.pipeline.gazetteer import COUNTRY, Gazetteer, Place
from fiscal_kg.pipeline.records import Agency
from fiscal_kg.pipeline.text import SourceText, Span

_CN = "\u4e00-\u9fff"
_NAME = rf"[{_CN}()]{{3,40}}?"
_YEAR = r"(?:19|20)\d{2}\s*年度?"
_ACCOUNTS = r"(?:部门|单位)?(?:整体)?决算"
_PART = r"(?:第[一二三四五六七八九十]+(?:部分|章)|[一二三四五六七八九十]+[、.])\s*"
# a qualifier printed after the name: (本级), (汇总), (部门), (机关), or 本级 bare
_QUALIFIER = r"(?:\s*\((?:本级|汇总|部门|机关|本部|含下属单位)\)|本级)?"

# a title may follow '附件3:', a page's field name ('名  称:', '标题:') and an unfilled
# placeholder of the template ('XX部门')
_TITLE_START = r"(?:^|\n)[ \t]*(?:附件\d*:?\s*)?(?:(?:名\s*称|标\s*题)\s*:\s*)?(?:X{2,}(?:部门|单位)?)?"
# (weight, pattern); each pattern has a group 'name', the title patterns a group 'year'
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    # a title: the year before or after the name, then 决算
    (6, re.compile(rf"{_TITLE_START}(?P<year>{_YEAR})\s*(?P<name>{_NAME}){_QUALIFIER}\s*"
                   rf"{_ACCOUNTS}")),
    (6, re.compile(rf"{_TITLE_START}(?P<name>{_NAME})(?:部门|单位)?{_QUALIFIER}\s*"
                   rf"(?P<year>{_YEAR})\s*{_ACCOUNTS}")),
    # the title of one part published alone ('XX镇人民政府2020年度一般公共预算财政拨款“三公”经费
    # 支出决算情况说明'): a line that ends there
    (5, re.compile(rf"{_TITLE_START}(?P<name>{_NAME}){_QUALIFIER}\s*(?P<year>{_YEAR})"
                   rf"(?!度?\s*{_ACCOUNTS})[^\n。,;:]{{2,40}}?决算(?:情况)?(?:说明|公开)?[ \t]*(?=\n|$)")),
    # a heading that names the agency: '第三部分 XX所2016年度部门决算情况说明', 'XX局概况'
    (3, re.compile(rf"(?:^|\n)[ \t]*{_PART}(?P<year>{_YEAR})?\s*(?P<name>{_NAME})(?:部门|单位)?"
                   rf"{_QUALIFIER}\s*{_YEAR}?\s*{_ACCOUNTS}")),
    (4, re.compile(rf"(?:^|\n)[ \t]*{_PART}(?P<name>{_NAME}){_QUALIFIER}(?:部门|单位)?(?:基本)?"
                   r"(?:概况|基本情况)[ \t]*(?=\n|$)")),
    # the budget unit sentence
    (4, re.compile(rf"(?P<name>{_NAME})\s*(?:是|为|系)[一二三四五12345]级预算单位")),
    # the one unit the accounts cover ('纳入本套部门决算汇编范围的单位共1个, 即中共南昌市委宣传部(本级)')
    (3, re.compile(rf"(?:纳入|列入)[^。\n]{{0,20}}决算[^。\n]{{0,8}}范围的单位共?(?:1|一)个[,:]?\s*"
                   rf"(?:即|为|是|包括)?[:]?\s*(?P<name>{_NAME}){_QUALIFIER}(?=[。,;\s]|$)")),
    # the body: 'XX局(简称)是/为…部门|单位|机构', 'XX局的主要职责', 'XX局机关设/内设…'
    (2, re.compile(rf"(?:^|\n|[。:])[ \t]*(?P<name>{_NAME})(?:\([^()\n]{{1,30}}\))?"
                   rf"(?:是|为|系)[^。\n]{{0,40}}(?:部门|单位|机构|机关)")),
    (2, re.compile(rf"(?:^|\n|[。:])[ \t]*(?P<name>{_NAME})的?主要职(?:责|能)")),
    (1, re.compile(rf"(?:^|\n)[ \t]*(?P<name>{_NAME})(?:机关)?(?:内设|设有?|下设)")),
    (1, re.compile(rf"(?:单位名称|部门名称|预算单位)[:\s]+(?P<name>{_NAME})[ \t]*(?=\n|$)")),
)
# what the name of a body ends with
_BODY = re.compile(
    r"(?:局|厅|委|委员会|办公室|办公厅|办|院|中心|学校|小学|中学|大学|学院|幼儿园|中专|中职|职高|技校|高中|医院|卫生院|"
    r"保健院|所|站|部|会|馆|处|队|社|团|政府|常委会|政协|党校|台|园|场|署|司|科|宫|庭|检察院|"
    r"法院|纪委|监委|学会|协会|联合会|研究院|研究所|基金会|总队|支队|大队)$")
# words of the template or of a page, never part of a body's name
_NOT_NAME = re.compile(
    r"XX|决算|预算|目录|部分|概况|情况|说明|公开|附件|报表|名词|解释|收入|支出|经费|本单位|本部门|"
    r"我单位|我部门|单位名称|部门名称|主要职|职责|职能|机构设置|内设机构|下属|所属|二级|"
    r"全年|年度|当前位置|首页|通知|公告|来源|纳入|编制范围")
# an unfilled template placeholder before the name: 'XX部门常州市…小学'
_PLACEHOLDER = re.compile(r"^(?:X{2,}[部门单位]*)+")


@dataclass
class _Candidate:
    name: str
    span: Span
    patterns: set[int] = field(default_factory=set)  # which patterns found it
    year: int | None = None  # the year a title or heading prints beside it

    @property
    def score(self) -> int:
        return sum(_PATTERNS[index][0] for index in self.patterns)


def find_agency(source: SourceText, gazetteer: Gazetteer) -> tuple[Agency, int | None]:
    """The reporting agency (its place, and its budget-unit level where the report states it),
    and the fiscal year its title gives, if it has one."""
    text = source.norm
    candidates: dict[str, _Candidate] = {}
    for index, (_weight, pattern) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            _note(candidates, index, match, None)
    for joined, spans in _joined_titles(source):
        for index in (0, 1):
            title = _PATTERNS[index][1].search(joined)
            if title is not None:
                _note(candidates, index, title, spans)
    if not candidates:
        raise ReportError(
            source.path,
            "no recognisable agency: no title such as '<agency><year>年度部门决算' or "
            "'<year>年度<agency>部门决算', no heading '<agency>概况' and no sentence naming it "
            "('<agency>为一级预算单位', '<agency>是…部门')",
            field="agency",
        )
    best = max(candidates.values(), key=lambda c: (c.score, len(c.name), -c.span.start))
    name, cut = _undoubled(best.name, gazetteer)
    span = Span(best.span.start + cut, best.span.end) if cut else best.span
    level, level_span = _level(text, name)
    place = gazetteer.find(name, text) or _affiliation(text, name, gazetteer) \
        or _publisher(text, gazetteer) or _township_county(name, text, gazetteer)
    if place is not None and place.level == "province":
        place = _indexed(text, place, gazetteer) or place
    if place is None and _GENERIC.match(name):
        raise ReportError(
            source.path,
            f"the agency is named only as '{name}', of no place the report names: which "
            "county's, city's or province's body it is is not certain; give its name (and region "
            "code) in a build manifest (--manifest)",
            field="agency",
        )
    if place is not None and gazetteer.find(name) is None:
        name = _qualified(name, place, gazetteer)
    agency = Agency(name, span, place.name if place else None, level, level_span,
                    place.code if place else None)
    return agency, best.year


# a body named by its level alone ('县政协', '市财政局', '区委宣传部'): every county, city or district
# has one
_GENERIC = re.compile(r"^(?:省|市|县|区|州|盟|旗|镇|乡)(?!级)")
# an office of government, whose name many places share ('生态环境局', '温泉街道办事处'); a school's
# or a hospital's name is its own
_OFFICE = re.compile(r"(?:局|委员会|办公室|办事处|人民政府|政府|常委会)$")


def _qualified(name: str, place: Place, gazetteer: Gazetteer) -> str:
    """An office's name with the places it leaves out, down to its county ('温泉街道办事处' of
    咸安区: '咸宁市咸安区温泉街道办事处'; '通州区生态环境局' of Beijing: '北京市通州区生态环境局';
    '冀村镇人民政府' of 汾阳市: '汾阳市冀村镇人民政府'), so that it names one body in the country (its
    IRI is minted from it); any other name as printed."""
    if not _OFFICE.search(name) or place.level not in ("prefecture", "county"):
        return name
    chain = [p for p in gazetteer.chain(place.code) if p.level != "country"]
    above = chain[1] if len(chain) > 1 else None  # its prefecture, or a municipality
    # a district's name is shared (朝阳区, 通州区): its city before it; a county's or a county-level
    # city's stands alone
    district = place.level == "county" and place.name.endswith("区")
    parts = [above.name] if above is not None and district else []
    if not name.startswith(place.name):
        parts.append(place.name)
    return "".join(parts) + name


def _undoubled(name: str, gazetteer: Gazetteer) -> tuple[str, int]:
    """A name with a page's label before it that ends in its own place ('安徽合肥' before
    '合肥市第四人民医院'): the name, and how many characters were cut."""
    for cut in range(2, len(name) - 3):
        place = gazetteer.find(name[cut:])
        if place is None or place.code == COUNTRY:
            continue
        stem = place.name[:-1] if len(place.name) > 2 else place.name
        if len(stem) >= 2 and name[:cut].endswith(stem):
            return name[cut:], cut
    return name, 0


_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|苏木)(?:人民政府|党委|办事处)?$")


def _township_county(name: str, text: str, gazetteer: Gazetteer) -> Place | None:
    """The county of a township or subdistrict whose name holds no place ('冀村镇人民政府'): the
    one county the report names ('指汾阳市财政当年拨付的资金'); None when it names none or several."""
    if not _TOWNSHIP.search(name):
        return None
    named = {place.code: place for place in gazetteer.counties() if place.name in text}
    return next(iter(named.values())) if len(named) == 1 else None


# a web page's publisher ('发布机构: 淄川区教育和体育局'): a report of an agency whose name holds no
# place is published by the agency itself or the body above it, in the same place
_PUBLISHER = re.compile(rf"(?:发布机构|发文机关|发布单位|信息来源|来源)\s*:\s*(?P<name>[{_CN}()]{{2,30}})")


def _publisher(text: str, gazetteer: Gazetteer) -> Place | None:
    for match in _PUBLISHER.finditer(text, 0, 3000):
        place = gazetteer.find(match.group("name"), text)
        if place is not None and place.code != COUNTRY:
            return place
    return None


# a government page's index number (索引号) opens with its publisher's unified social credit code
_INDEX = re.compile(r"索引号\s*[:|\]]?\s*\|?\s*(?P<code>[0-9A-Z]{18})(?![0-9A-Z])")


def _indexed(text: str, place: Place, gazetteer: Gazetteer) -> Place | None:
    """The division within `place` whose code a page's index number carries in its publisher's
    credit code ('索引号: 113308810026303481/…', check character right: 330881 of 浙江省), when
    the name gives only the province; a report is published by its agency or the body above
    it, in the same place."""
    for match in _INDEX.finditer(text, 0, 3000):
        code = match.group("code")
        if credit_code_problem(code) is not None:
            continue
        found = gazetteer.by_code(code[2:8])
        if found is not None and place in gazetteer.ancestors(found):
            return found
    return None


def _note(candidates: dict[str, _Candidate], index: int, match: re.Match[str],
          joined: list[Span] | None) -> None:
    """A name found by pattern `index` (in the text, or in two `joined` lines)."""
    name, start = _clean(match.group("name"), match.start("name"))
    if name is None:
        return
    span = Span(start, start + len(name)) if joined is None else _span_of(joined, start, name)
    candidate = candidates.setdefault(name, _Candidate(name, span))
    candidate.patterns.add(index)
    year = match.groupdict().get("year")
    if year and index in (0, 1, 2) and candidate.year is None:
        candidate.year = int(re.sub(r"\D", "", year))


def _affiliation(text: str, name: str, gazetteer: Gazetteer) -> Place | None:
    """The place of the body an agency whose name holds none belongs to ('XX小学是厦门市思明区
    教育局所属的…': 思明区), or of the government that mostly runs it ('…共建、以辽宁省管理为主':
    辽宁省)."""
    pattern = re.escape(name) + rf"[^。\n]{{0,6}}?(?:是|为|系|隶属于?|归属)(?P<parent>{_NAME})" \
        r"(?:所属|直属|下属|主管|管理)"
    for match in itertools.chain(re.finditer(pattern, text), _RUN_BY.finditer(text)):
        place = gazetteer.find(match.group("parent"), text)
        if place is not None:
            return place
    return None


# a body run jointly, mostly by one government ('中央与地方共建、以辽宁省管理为主的管理体制')
_RUN_BY = re.compile(rf"以(?P<parent>[{_CN}]{{2,12}}?)(?:人民政府)?(?:管理|领导)为主")


def _clean(raw: str, start: int) -> tuple[str | None, int]:
    """A candidate name without placeholders and qualifiers, or None when it is none."""
    name = raw
    placeholder = _PLACEHOLDER.match(name)
    if placeholder:
        name, start = name[placeholder.end():], start + placeholder.end()
    name = re.sub(r"\((?:本级|汇总|部门|机关|本部)\)$", "", name)
    if len(name) < 3 or ("(" in name and ")" not in name) or _NOT_NAME.search(name) \
            or not _BODY.search(name):
        return None, start
    return name, start


def _joined_titles(source: SourceText) -> list[tuple[str, list[Span]]]:
    """Two neighbouring short lines near the top joined: a title printed over two lines."""
    lines: list[Span] = []
    for _number, span in source.lines():
        line = source.norm[span.start:span.end]
        if line.strip():
            start = span.start + len(line) - len(line.lstrip())
            lines.append(Span(start, start + len(line.strip())))
        if len(lines) == 40:
            break
    joined = []
    for first, second in itertools.pairwise(lines):
        alone = source.norm[second.start:second.end]
        if any(_PATTERNS[index][1].search("\n" + alone) for index in (0, 1)):
            continue  # the second line is a title by itself: the line above is no part of it
        if 2 <= first.end - first.start <= 40 and 2 <= second.end - second.start <= 40:
            joined.append((source.norm[first.start:first.end] + source.norm[second.start:second.end],
                           [first, second]))
    return joined


def _span_of(spans: list[Span], offset: int, name: str) -> Span:
    """Where a name found in two joined lines stands in the text (over the line break)."""
    first = spans[0]
    first_len = first.end - first.start
    start = first.start + offset if offset < first_len else spans[1].start + offset - first_len
    end_offset = offset + len(name)
    end = first.start + end_offset if end_offset <= first_len else \
        spans[1].start + end_offset - first_len
    return Span(start, max(start, end))


_LEVEL = re.compile(r"(?:是|为|系)(?P<level>[一二三四五12345])级预算单位")
_CN_LEVEL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def _level(text: str, name: str) -> tuple[int | None, Span | None]:
    """The budget-unit level the report states for the agency ('XX局为一级预算单位')."""
    for match in re.finditer(re.escape(name) + r"\s*" + _LEVEL.pattern, text):
        level = match.group("level")
        return _CN_LEVEL.get(level) or int(level), Span(match.start(), match.end())
    return None, None
