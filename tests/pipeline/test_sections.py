from __future__ import annotations

from fiscal_kg.pipeline.sections import Kind, classify_heading, parse_outline
from fiscal_kg.pipeline.text import SourceText

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
