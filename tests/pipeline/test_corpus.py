"""Reports of other agencies, regions, years and layouts (tests/corpus, written for these tests
in the template's style), against the figures written down by hand beside each."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.quality import load_expected, score_report
from fiscal_kg.pipeline.text import read_source
from tests.conftest import CORPUS, parse_json_results, run_cli

EXPECTED = sorted(CORPUS.glob("*.expected.json"))


@pytest.mark.parametrize("path", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_every_stated_figure_is_read_and_nothing_else(path: Path) -> None:
    data, expected = load_expected(path)
    source = read_source(CORPUS / data["file"])
    report = extract_report(source, load_gazetteer())
    assert (report.agency.name, report.fiscal_year, report.agency.budget_level) == (
        data["agency"], data["year"], data["budget_level"])
    assert report.agency.region_code == data["region"]
    assert [u.name for u in report.units] == data["units"]
    if data["glossary"] is not None:
        assert [g.term for g in report.glossary] == data["glossary"]
    score = score_report(report, expected, data["file"])
    assert score.missed == [] and score.extra == [], (score.missed, [
        (f.section.value, f.item, f.value) for _, f in score.extra])


def test_html_and_gbk_are_recognised() -> None:
    page = read_source(CORPUS / "hubei-finance-2020.html")
    assert page.media_type == "text/html"
    assert "&nbsp;" not in page.raw and "<p>" not in page.raw and "_hmt" not in page.raw
    assert page.raw.splitlines()[0] == "湖北省财政厅2020年度部门决算"
    gbk = read_source(CORPUS / "huangshi-audit-2018.gbk.txt")
    assert gbk.encoding == "gb18030" and gbk.raw.startswith("黄石市审计局")


def query(store: Path, name: str) -> list[dict[str, object]]:
    result = run_cli("query", name, "--store", str(store), "--format", "json")
    assert result.code == 0, result.err
    return parse_json_results(result.out)


def test_many_reports_in_one_store(corpus_store: Path) -> None:
    reports = query(corpus_store, "reports")
    assert sorted((r["agencyName"], r["fiscalYear"]) for r in reports) == sorted(
        (json.loads(p.read_text("utf-8"))["agency"], str(json.loads(p.read_text("utf-8"))["year"]))
        for p in EXPECTED)
    hubei = {r["agency"] for r in reports if r["agencyName"] == "湖北省财政厅"}
    assert len(hubei) == 1  # the same agency in two years is one entity
    assert len([r for r in reports if r["agencyName"] == "湖北省财政厅"]) == 2
    figures = query(corpus_store, "figures")
    expected_total = sum(len(json.loads(p.read_text("utf-8"))["figures"]) for p in EXPECTED)
    assert len(figures) == expected_total
    units = query(corpus_store, "units")
    assert {u["unitName"] for u in units} >= {"预算处", "督查室"}


def test_consistency_flags_the_real_errors_and_nothing_that_holds(corpus_store: Path) -> None:
    rows = query(corpus_store, "consistency")
    found = sorted((str(r["report"]).split("/id/report/")[1], str(r["check"]).rsplit("/", 1)[1],
                    r["stated"], r["computed"]) for r in rows)
    assert found == [
        ("武汉市江岸区图书馆/2020", "ComponentsAddUp", Decimal("3210000"), Decimal("3200000")),
        # 880.00 more than the year before, of 7,920.00: 880 / 7,040 = 12.5 %, printed 12.7 %
        ("襄阳市卫生健康委员会/2019", "GrowthMatches", Decimal("12.7"), Decimal("12.5")),
        ("鄂州市人民政府办公室/2018", "PartsWithinTotal", Decimal("2645300"),
         Decimal("2707000")),
    ]


def test_budget_columns_are_figures_of_the_approved_phase(corpus_store: Path) -> None:
    rows = run_cli("query", str(CORPUS / "phases.rq"), "--store", str(corpus_store),
                   "--format", "json")
    assert rows.code == 0, rows.err
    phases = {(r["item"], r["phase"]) for r in parse_json_results(rows.out)}
    assert ("合计(预算数)", "http://data.openbudgets.eu/resource/codelist/budget-phase/approved") \
        in phases
    assert ("合计", "http://data.openbudgets.eu/resource/codelist/budget-phase/executed") in phases
