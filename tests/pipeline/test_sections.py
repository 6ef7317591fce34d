from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from fiscal_kg.pipeline.extract.glossary import find_glossary
from fiscal_kg.pipeline.numbers import find_quantities
from fiscal_kg.pipeline.sections import (
    Kind,
    classify_heading,
    contents_lines,
    list_marker,
    parse_outline,
)
from fiscal_kg.pipeline.text import SourceText

pytestmark = pytest.mark.fast  # `make test-fast`

TEXT = """第一部分 部门概况
一、主要职责
1.负责某项工作。
2.承办交办的其他事项。
二、部门决算单位构成
内设机构共有2个,分别是:办公室、财务科。
第二部分 部门决算情况说明
（一）收入支出决算总体情况说明
2019年度收入总计100万元。
（二）“三公”经费支出情况
(1)因公出国(境)费
无。
①公务接待费
（三）名词解释
1．基本支出:指为保障机构正常运转的支出。
"""


def test_outline_nests_any_numbering_style_and_classifies_headings() -> None:
    root = parse_outline(SourceText.from_string(TEXT))
    flat = [(node.level, node.kind, node.title) for node in root.walk()[1:]]
    assert flat == [
        (1, Kind.ORGANISATION, "部门概况"),
        (2, Kind.DUTIES, "主要职责"),
        (2, Kind.COMPOSITION, "部门决算单位构成"),
        (1, Kind.FINANCE, "部门决算情况说明"),
        (2, Kind.INCOME_EXPENDITURE, "收入支出决算总体情况说明"),
        (2, Kind.THREE_PUBLIC, "“三公”经费支出情况"),
        (3, Kind.THREE_PUBLIC, "因公出国(境)费"),
        (4, Kind.THREE_PUBLIC, "公务接待费"),
        (2, Kind.GLOSSARY, "名词解释"),
    ]
    duties = root.walk()[2]
    assert [item.number for item in duties.items] == [1, 2]
    glossary = root.walk()[-1]
    assert [item.number for item in glossary.items] == [1]


def test_classify_heading() -> None:
    assert classify_heading("一般公共预算财政拨款支出决算情况说明") is Kind.GENERAL_BUDGET
    assert classify_heading("2018年部门决算编制情况") is Kind.FINANCE
    assert classify_heading("人员基本情况") is Kind.STAFFING
    assert classify_heading("其他重要事项") is None
    # an agency's own name before 概况 is the overview; other 概况 are not
    assert classify_heading("鄂州市人民政府办公室概况") is Kind.ORGANISATION
    assert classify_heading("武汉图书馆概况") is Kind.ORGANISATION
    assert classify_heading("收入概况") is None
    assert classify_heading("“三公”经费概况") is Kind.THREE_PUBLIC


def test_a_numbered_heading_may_start_with_a_year() -> None:
    text = "一、其他重要事项\n6．2019年度部门整体绩效情况\n全年支出6.5万元。\n"
    root = parse_outline(SourceText.from_string(text))
    assert [(n.level, n.kind, n.title) for n in root.walk()[1:]] == [
        (1, Kind.OTHER, "其他重要事项"),
        (2, Kind.PERFORMANCE, "2019年度部门整体绩效情况")]
    # a decimal is not a number marker
    assert parse_outline(SourceText.from_string("6.5万元\n")).children == []


def test_circled_and_full_width_dot_numbering() -> None:
    text = "一、“三公”经费支出说明\n1．公务接待费\n①国内接待\n"
    root = parse_outline(SourceText.from_string(text))
    assert [(n.level, n.title) for n in root.walk()[1:]] == [
        (1, "“三公”经费支出说明"), (2, "公务接待费"), (3, "国内接待")]


def outline(text: str) -> list[tuple[int, Kind, str, int, str, list[str]]]:
    """(level, kind, title, line, heading as printed, body lines) of every section."""
    source = SourceText.from_string(text)
    return [(node.level, node.kind, node.title, node.line,
             source.norm[node.heading.start:node.heading.end] if node.heading else "",
             [source.norm[span.start:span.end] for span in node.body])
            for node in parse_outline(source).walk()[1:]]


def items(text: str) -> list[list[tuple[int, str, int, str]]]:
    """(number, marker style, line, text after the marker) of every section's items."""
    source = SourceText.from_string(text)
    return [[(item.number, item.marker, item.line, source.norm[item.text.start:item.text.end])
             for item in node.items] for node in parse_outline(source).walk()]


def test_the_root_is_the_whole_document() -> None:
    root = parse_outline(SourceText.from_string("XX局2019年度部门决算\n\n一、部门概况\n"))
    assert (root.kind, root.title, root.level, root.line, root.heading) == (
        Kind.DOCUMENT, "", 0, 0, None)
    assert [(node.title, node.line) for node in root.children] == [("部门概况", 3)]


# --- headings that state a figure keep it --------------------------------------------------

def test_a_heading_whose_sentence_states_a_figure_is_found_and_keeps_the_figure() -> None:
    text = ("二、收入支出决算总体情况说明\n"
            "（一）收入总计1,234.56万元。\n"
            "（二）支出总计1234.56万元。\n"
            "（三）“三公”经费支出12.5万元\n"
            "1.公务接待费2.5万元\n"
            "三、名词解释\n")
    assert outline(text) == [
        (1, Kind.INCOME_EXPENDITURE, "收入支出决算总体情况说明", 1, "二、收入支出决算总体情况说明", []),
        (2, Kind.INCOME_EXPENDITURE, "收入总计1,234.56万元", 2, "(一)收入总计1,234.56万元。",
         ["收入总计1,234.56万元。"]),
        (2, Kind.INCOME_EXPENDITURE, "支出总计1234.56万元", 3, "(二)支出总计1234.56万元。",
         ["支出总计1234.56万元。"]),
        (2, Kind.THREE_PUBLIC, "“三公”经费支出12.5万元", 4, "(三)“三公”经费支出12.5万元",
         ["“三公”经费支出12.5万元"]),
        (3, Kind.THREE_PUBLIC, "公务接待费2.5万元", 5, "1.公务接待费2.5万元", ["公务接待费2.5万元"]),
        (1, Kind.GLOSSARY, "名词解释", 6, "三、名词解释", []),
    ]


def test_the_figure_of_a_heading_line_is_in_the_text_its_section_covers() -> None:
    source = SourceText.from_string("二、收入支出决算总体情况说明\n（一）收入总计1234.56万元。\n")
    [_, node] = parse_outline(source).walk()[1:]
    assert [(q.printed, q.value) for span in node.body
            for q in find_quantities(source.norm, span.start, span.end)] == [
        ("1234.56万元", Decimal("12345600"))]


def test_a_numbered_sentence_is_no_heading() -> None:
    text = ("三、“三公”经费支出情况\n"
            "（一）因公出国（境）费0万元；\n"
            "（二）公务用车购置及运行费10.28万元，其中：公务用车购置费0万元。\n"
            "（三）公务接待费7.18万元,全部为国内公务接待\n")
    assert outline(text) == [(1, Kind.THREE_PUBLIC, "“三公”经费支出情况", 1, "三、“三公”经费支出情况", [
        "(一)因公出国(境)费0万元;", "(二)公务用车购置及运行费10.28万元,其中:公务用车购置费0万元。",
        "(三)公务接待费7.18万元,全部为国内公务接待"])]
    assert items(text)[1] == [
        (1, "cn-paren", 2, "因公出国(境)费0万元;"),
        (2, "cn-paren", 3, "公务用车购置及运行费10.28万元,其中:公务用车购置费0万元。"),
        (3, "cn-paren", 4, "公务接待费7.18万元,全部为国内公务接待")]


def test_a_title_of_32_characters_is_a_heading_and_one_of_33_is_not() -> None:
    title = "甲乙丙丁" * 8  # names no section
    assert len(title) == 32
    assert [n[2] for n in outline(f"一、{title}\n")] == [title]
    assert outline(f"一、{title}乙\n") == []


def test_a_title_naming_a_section_may_be_up_to_64_characters_long() -> None:
    """A central body's long name before the section's ('国家中医药管理局2016年度…说明')."""
    title = "一般公共预算财政拨款支出决算具体情况说明" + "甲" * 44
    assert len(title) == 64
    assert [(n[1], n[2]) for n in outline(f"一、{title}\n")] == [(Kind.GENERAL_BUDGET, title)]
    assert outline(f"一、{title}乙\n") == []


def test_a_title_may_end_with_a_full_stop_or_a_colon() -> None:
    assert [(n[2], n[4], n[5]) for n in outline("五、部门概况。\n（一）其他事项：\n")] == [
        ("部门概况", "五、部门概况。", []), ("其他事项", "(一)其他事项:", [])]


def test_a_title_before_a_colon_keeps_the_text_after_it_as_body() -> None:
    text = ("（一）收入支出决算总体情况：2019年度收入总计100万元。\n"
            "（二）机构设置：\n"
            "（三）其他说明：本年无。\n")
    assert outline(text) == [
        (1, Kind.INCOME_EXPENDITURE, "收入支出决算总体情况", 1, "(一)收入支出决算总体情况",
         ["2019年度收入总计100万元。"]),
        # nothing after the colon: no body of its own
        (1, Kind.COMPOSITION, "机构设置", 2, "(二)机构设置", ["(三)其他说明:本年无。"])]
    # a title that names no section before a colon and a sentence: a numbered paragraph
    assert items(text) == [[], [], [(3, "cn-paren", 3, "其他说明:本年无。")]]


def test_a_line_that_is_only_a_marker_is_no_heading() -> None:
    assert outline("一、部门概况\n（三）\n") == [
        (1, Kind.ORGANISATION, "部门概况", 1, "一、部门概况", ["(三)"])]


# --- indented headings -----------------------------------------------------------------------

def test_indented_headings_and_lines_keep_their_places() -> None:
    text = ("一、部门概况\n"
            "\u3000\u3000（一）主要职责\n"
            "  1.负责某项工作。\n"
            "  （二）收入支出决算总体情况：2019年度收入总计100万元。\n"
            "\t二、名词解释\n")
    assert outline(text) == [
        (1, Kind.ORGANISATION, "部门概况", 1, "一、部门概况", []),
        (2, Kind.DUTIES, "主要职责", 2, "(一)主要职责", ["1.负责某项工作。"]),
        (2, Kind.INCOME_EXPENDITURE, "收入支出决算总体情况", 4, "(二)收入支出决算总体情况",
         ["2019年度收入总计100万元。"]),
        (1, Kind.GLOSSARY, "名词解释", 5, "二、名词解释", []),
    ]
    assert items(text)[2] == [(1, "arabic", 3, "负责某项工作。")]


def test_list_marker() -> None:
    assert list_marker("  (三)年初结转和结余:指…") == 5
    assert list_marker("年初结转和结余:指…") is None
    assert list_marker("12.基本支出:指…") == 3
    assert list_marker("   ⑫ 项目支出") == 5
    assert list_marker("第十二部分 名词解释") == 6
    assert list_marker("（一）") is None  # nothing after the marker


# --- numbered items --------------------------------------------------------------------------

def test_items_are_numbered_as_printed_in_every_style() -> None:
    text = ("一、部门职责\n"
            "1.甲。\n12、乙。\n(3)丙。\n⑫丁。\n⑳戊。\n①己。\n（十二）庚。\n（十一）辛。\n（一二）壬。\n")
    assert [(number, style) for number, style, _, _ in items(text)[1]] == [
        (1, "arabic"), (12, "arabic"), (3, "arabic-paren"), (12, "circled"), (20, "circled"),
        (1, "circled"), (12, "cn-paren"), (11, "cn-paren"), (0, "cn-paren")]
    assert [line for _, _, line, _ in items(text)[1]] == list(range(2, 11))


# --- entry lists: duties and the glossary ----------------------------------------------------

TERMS = ["财政拨款收入", "事业收入", "经营收入", "其他收入", "使用非财政拨款结余", "年初结转和结余",
         "结余分配", "年末结转和结余", "基本支出", "项目支出", "经营支出", "“三公”经费"]
CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


@pytest.mark.parametrize("marker", [
    lambda i: f"{i}.", lambda i: f"{i}．", lambda i: f"{i}、", lambda i: f"({i})",
    lambda i: f"（{i}）", lambda i: f"{CN[i - 1]}、", lambda i: f"（{CN[i - 1]}）",
    lambda i: chr(ord("①") + i - 1)],
    ids=["1.", "1．", "1、", "(1)", "（1）", "一、", "（一）", "①"])
def test_a_glossary_of_more_than_nine_entries_keeps_them_all(marker: Callable[[int], str]) -> None:
    text = ("第二部分 2019年度部门决算情况说明\n"
            "十、名词解释\n"
            + "".join(f"{marker(i)}{term}：指某某单位取得的某某收入或者支出。\n"
                      for i, term in enumerate(TERMS, 1))
            + "第三部分 附件\n")
    source = SourceText.from_string(text)
    root = parse_outline(source)
    assert [(n.level, n.title) for n in root.walk()[1:]] == [
        (1, "2019年度部门决算情况说明"), (2, "名词解释"), (1, "附件")]
    [glossary] = [n for n in root.walk() if n.kind is Kind.GLOSSARY]
    assert [item.number for item in glossary.items] == list(range(1, 13))
    entries = find_glossary(source, root)
    assert [(entry.number, entry.term) for entry in entries] == list(enumerate(TERMS, 1))
    assert [entry.definition for entry in entries[9:]] == ["指某某单位取得的某某收入或者支出。"] * 3


def test_a_numbered_heading_closes_a_duties_list_even_with_a_colon() -> None:
    text = ("一、部门职责\n"
            "1.负责某项工作：具体包括甲乙丙丁等等。\n"
            "二、机构设置：内设3个科室，分别是办公室、财务科、业务科。\n")
    assert [(n[0], n[1], n[2]) for n in outline(text)] == [
        (1, Kind.DUTIES, "部门职责"), (1, Kind.COMPOSITION, "机构设置")]


# --- a table of contents before the body -----------------------------------------------------

CONTENTS = ("XX县审计局2019年度部门决算\n"
            "目  录\n"
            "第一部分 XX县审计局概况……3 \n"
            "\n"
            "第二部分 2019年度部门决算情况说明…………5\n"
            "第三部分 名词解释 ··· 9\n"
            "XX县审计局2019年度部门决算\n"
            "第一部分 XX县审计局概况\n"
            "一、部门职责\n"
            "第二部分 2019年度部门决算情况说明\n")


def test_a_table_of_contents_is_not_the_outline() -> None:
    source = SourceText.from_string(CONTENTS)
    assert contents_lines(source) == {2, 3, 4, 5, 6, 7}
    root = parse_outline(source)
    assert [(n.level, n.title, n.line) for n in root.walk()[1:]] == [
        (1, "XX县审计局概况", 8), (2, "部门职责", 9), (1, "2019年度部门决算情况说明", 10)]
    # the title and the contents (its blank line aside) are the document's own text
    assert [source.norm[s.start:s.end] for s in root.body] == [
        "XX县审计局2019年度部门决算", "目  录", "第一部分 XX县审计局概况……3 ",
        "第二部分 2019年度部门决算情况说明…………5", "第三部分 名词解释 ··· 9",
        "XX县审计局2019年度部门决算"]


def test_a_part_s_title_on_the_line_below_its_marker() -> None:
    source = SourceText.from_string(
        "XX中学2020年度部门决算\n目 录\n第一部分 XX中学概况\n第二部分 名词解释\n\n"
        "第一部分\nXX中学概况\n学校现有教职工18人。\n一、部门职责\n1.负责教学。\n"
        "第二部分\n名词解释\n1.基本支出:指保障运转的支出。\n第三部分\n学校现有教职工18人。\n")
    assert contents_lines(source) == {2, 3, 4, 5}  # up to the bare marker that repeats an entry
    root = parse_outline(source)
    assert [(n.level, n.kind, n.title, n.line) for n in root.walk()[1:]] == [
        (1, Kind.ORGANISATION, "XX中学概况", 6), (2, Kind.DUTIES, "部门职责", 9),
        (1, Kind.GLOSSARY, "名词解释", 11)]
    organisation = root.children[0]
    # the title line is the heading's, not the body's; a bare marker before a sentence is text
    assert [source.norm[s.start:s.end] for s in organisation.body] == ["学校现有教职工18人。"]
    assert "第三部分" in [source.norm[s.start:s.end] for s in root.walk()[-1].body]


def test_a_table_of_contents_without_its_heading_is_a_run_of_entries_leading_to_pages() -> None:
    source = SourceText.from_string(
        "第一部分 部门概况 ............3-15\n一、部门主要职责 ........3\n二、部门决算单位基本情况 ....4\n"
        "四、一般公共预算财政拨款基本支出决算情况说明.23-\n五、“三公”经费支出决算情况\n"
        "第四部分 名词解释 ........27-29\n\n厦门市人大常委会办公厅是综合办事机构。\n"
        "二、部门决算单位基本情况\n本部门核定行政编制98名。\n")
    assert contents_lines(source) == {1, 2, 3, 4, 5, 6}
    assert [(n.kind, n.line) for n in parse_outline(source).walk()[1:]] == [(Kind.ORGANISATION, 9)]


def test_an_entry_of_a_table_of_contents_may_end_with_a_full_stop() -> None:
    source = SourceText.from_string(
        "XX局2021年度部门决算\n目 录\n第一部分:XX局概况\n一、2021 年度收入支出决算总体情况。\n"
        "第四部分:名词解释\n第一部分:XX局概况\n一、主要职能\n")
    assert contents_lines(source) == {2, 3, 4, 5}


def test_two_lines_with_dots_are_no_table_of_contents() -> None:
    source = SourceText.from_string("一、说明 ......3\n二、附表 ......4\n三、部门职责\n")
    assert contents_lines(source) == set()


def test_a_table_of_contents_the_body_does_not_repeat_ends_above_the_first_sentence() -> None:
    source = SourceText.from_string(
        "XX中心2023年度部门决算\n目 录\n九、国有资本经营预算财政拨款收入支出决算情况说明\n十二、其他事项\n"
        "第一部分 单位概况\n一、主要职能\n贯彻落实方针政策,承担政务服务。\n二、机构设置及人员情况\n"
        "实有人数11人。\n九、国有资本经营预算财政拨款收入支出决算情况说明\n本单位无国有资本经营预算。\n")
    assert contents_lines(source) == {2, 3, 4, 5}
    kinds = [(n.kind, n.line) for n in parse_outline(source).walk()[1:]]
    assert (Kind.DUTIES, 6) in kinds and (Kind.STAFFING, 8) in kinds


@pytest.mark.parametrize(("below", "title"), [
    ("XX中学概况", "XX中学概况"),
    ("\nXX中学概况", "XX中学概况"),  # a blank line between
    ("\n\nXX中学概况", None),  # two: the marker stands alone
    ("XX中学概况,学校位于城东", None),  # a sentence, not a title
    ("学校基本情况,说明如下", None),  # a sentence, even one that names a section
    ("二、部门职责", None),  # a heading of its own
    ("学" * 61 + "校概况", "学" * 61 + "校概况"),  # 64 characters
    ("学" * 62 + "校概况", None),  # 65
])
def test_what_a_bare_part_marker_takes_as_its_title(below: str, title: str | None) -> None:
    source = SourceText.from_string(f"第一部分\n{below}\n学校现有教职工18人。\n")
    titles = [n.title for n in parse_outline(source).walk()[1:]]
    assert (titles[0] if titles and titles[0] != "部门职责" else None) == title


@pytest.mark.parametrize(("heading", "found"), [
    ("目录", True), ("目 录", True),
    ("鄂州市人民政府办公室2018部门决算目录", True),  # 20 characters
    ("鄂州市人民政府办公室2018年部门决算目录", False),  # 21: a sentence that ends with 目录
    ("部门决算公开目录如下", False),
])
def test_the_heading_of_a_table_of_contents(heading: str, found: bool) -> None:
    text = CONTENTS.replace("目  录", heading)
    # without its heading, the table is still its entries with dots leading to pages (3-6),
    # but not the line above them, nor the blank line after the first
    assert contents_lines(SourceText.from_string(text)) == (
        set(range(2, 8)) if found else {3, 4, 5, 6})


def test_a_table_of_contents_is_looked_for_in_the_first_60_lines_only() -> None:
    lead = "".join(f"说明{i}\n" for i in range(58))
    assert contents_lines(SourceText.from_string(lead + CONTENTS)) == set(range(60, 66))
    # past line 60 a heading opens none; the entries leading to pages are still found
    assert contents_lines(SourceText.from_string(lead + "另\n" + CONTENTS)) == {62, 63, 64, 65}


def test_contents_without_a_repeated_entry_are_only_their_entries_with_dots() -> None:
    text = "目录\n第一部分 部门概况……3\n第二部分 决算说明……5\n第三部分 名词解释……9\n"
    assert contents_lines(SourceText.from_string(text)) == {2, 3, 4}  # not the rest, if any
    assert outline(text) == []
    plain = "目录\n第一部分 部门概况\n第二部分 决算说明\n第三部分 名词解释\n"
    assert contents_lines(SourceText.from_string(plain)) == set()
    assert [n[2] for n in outline(plain)] == ["部门概况", "决算说明", "名词解释"]


def test_a_subsection_that_names_its_list_again_is_a_heading_and_so_is_the_next() -> None:
    text = ("一、主要职能\n(一)主要职能\n1.贯彻落实财政方针。\n2.承担财政收支管理。\n"
            "(二)2022年重点工作完成情况\n全县完成一般公共预算收入4.82亿元。\n"
            "二、部门职责\n(一)负责政府采购管理\n(二)负责国有资产管理\n")
    assert [(n[0], n[1], n[2]) for n in outline(text)] == [
        (1, Kind.DUTIES, "主要职能"), (2, Kind.DUTIES, "主要职能"),
        (2, Kind.WORK, "2022年重点工作完成情况"), (1, Kind.DUTIES, "部门职责")]


# --- layouts of the fourth batch of real reports -------------------------------------------------

_HEADLESS = ["一部分 单位概况", "一、单位职责", "二、机构设置", "第二部分 2021年度单位决算表",
             "一、收入支出决算总表", "二、收入决算表", "三、支出决算表", "第三部分 2021年度单位决算情况说明",
             "一、收入支出决算总体情况说明", "二、收入决算情况说明", "四部分 名词解释"]


def test_a_table_of_contents_whose_heading_was_lost_is_a_long_run_of_entries() -> None:
    text = "\n".join(["淄博理工学校2021年度决算", *_HEADLESS, "一部分 单位概况", "一、单位职责",
                      "学校现有教职工356人。"]) + "\n"
    assert contents_lines(SourceText.from_string(text)) == set(range(2, 13))
    # up to the heading above the first sentence when the body repeats no entry as printed
    cut = "\n".join(["淄博理工学校2021年度决算", *_HEADLESS, "第一部", "、单位职责",
                     "学校是重点职业学校，现有教职工356人。"]) + "\n"
    assert contents_lines(SourceText.from_string(cut)) == set(range(2, 14))


def test_a_short_run_of_headings_at_the_top_is_the_body_not_a_table_of_contents() -> None:
    seven = "\n".join([*_HEADLESS[:7], "一、收入支出决算总表", "本年收入合计10万元。"]) + "\n"
    assert contents_lines(SourceText.from_string(seven)) == set()
    assert contents_lines(SourceText.from_string("一、部门概况\n（一）职能\n负责全县审计工作。\n")) \
        == set()


def test_a_part_whose_第_was_lost_is_a_part_before_a_parts_title_only() -> None:
    text = "一部分 基本情况\n一、部门职责\n负责审计。\n四部分 名词解释\n1.财政拨款收入：指拨付的资金。\n" \
           "一部分资金用于设备购置。\n"
    assert [(level, kind, title) for level, kind, title, *_ in outline(text)] == [
        (1, Kind.ORGANISATION, "基本情况"), (2, Kind.DUTIES, "部门职责"),
        (1, Kind.GLOSSARY, "名词解释")]


def test_a_part_closes_whatever_was_open_above_it() -> None:
    text = "二、机构设置\n内设办公室。\n1.人员情况\n实有3人。\n第二部分 2021年度单位决算表\n"
    assert [(level, title) for level, _kind, title, *_ in outline(text)] == [
        (1, "机构设置"), (2, "人员情况"), (1, "2021年度单位决算表")]


def test_a_numbered_list_that_a_body_line_opens_is_entries_not_headings() -> None:
    text = ("二、机构设置\n学校内设职能处室3个，具体为：\n1.党政办公室\n2.教务处\n3.总务处\n"
            "三、收入决算情况说明\n本年收入合计10万元。\n")
    assert [(level, title) for level, _kind, title, *_ in outline(text)] == [
        (1, "机构设置"), (1, "收入决算情况说明")]
    assert items(text)[1] == [(1, "arabic", 3, "党政办公室"), (2, "arabic", 4, "教务处"),
                              (3, "arabic", 5, "总务处")]
    # a numbered title that names a section is a heading all the same
    named = "二、支出决算情况说明\n主要用于以下方面：\n1.基本支出情况\n基本支出8万元。\n"
    assert [title for _level, _kind, title, *_ in outline(named)] == ["支出决算情况说明", "基本支出情况"]
