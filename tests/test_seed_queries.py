"""The stored queries other than `figures`, on the seed store, through the CLI's JSON output."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Row, parse_json_results, run_cli

BASE = "https://w3id.org/fiscal-kg/"
AGENCY = BASE + "id/agency/鄂州市人民政府办公室"
REPORT = BASE + "id/report/鄂州市人民政府办公室/2018"
UNITS = ["应急办(总值班室)", "督查室", "秘书一科", "秘书二科", "秘书三科", "秘书四科", "秘书五科",
         "秘书六科", "文书科", "信息办", "12345市长专线办", "行政科", "人教科", "休干科", "国动办",
         "金融办", "法制办", "市政府小车队"]


def stored(store: Path, name: str) -> tuple[list[str], list[Row]]:
    import json

    result = run_cli("query", name, "--store", str(store), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)["head"]["vars"], parse_json_results(result.out)


def test_reports(seed_store: Path) -> None:
    names, rows = stored(seed_store, "reports")
    assert names == ["report", "agency", "agencyName", "fiscalYear", "region"]
    assert rows == [{"report": REPORT, "agency": AGENCY, "agencyName": "鄂州市人民政府办公室",
                     "fiscalYear": "2018", "region": BASE + "id/place/420700"}]


def test_units_in_the_order_listed(seed_store: Path) -> None:
    names, rows = stored(seed_store, "units")
    assert names == ["agency", "unit", "unitName", "position"]
    assert [r["unitName"] for r in rows] == UNITS
    assert [r["position"] for r in rows] == list(range(1, 19))
    assert {r["agency"] for r in rows} == {AGENCY}
    assert rows[0]["unit"] == AGENCY + "/unit/应急办(总值班室)"


def test_glossary_has_all_thirteen_terms_and_the_five_codes(seed_store: Path) -> None:
    names, rows = stored(seed_store, "glossary")
    assert names == ["concept", "term", "definition", "code"]
    assert [(r["term"], r["code"]) for r in rows] == [
        ("财政拨款收入", None), ("基本支出", None), ("项目支出", None),
        ("一般公共服务支出", "201"), ("公共安全支出", "204"), ("社会保障和就业支出", "208"),
        ("医疗卫生与计划生育支出", "210"), ("住房保障支出", "221"), ("“三公”经费", None),
        ("因公出国(境)费", None), ("公务接待费", None), ("公务用车购置及运行费", None),
        ("机关运行经费", None),
    ]
    by_term = {r["term"]: r for r in rows}
    assert by_term["一般公共服务支出"]["concept"] == BASE + "def/functional/201"
    assert by_term["机关运行经费"]["definition"] == (
        "指单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。")


def test_consistency_lists_the_one_real_discrepancy(seed_store: Path) -> None:
    """The 21 items of 机关运行经费 add up to 270.70万元, the report states 264.53万元.
    Every other identity of the seed holds (income = expenditure, 三公, vehicles, staff,
    procurement and its shares), so nothing else is listed."""
    names, rows = stored(seed_store, "consistency")
    assert names == ["report", "check", "stated", "computed", "severity", "message"]
    assert len(rows) == 1
    row = rows[0]
    assert row["report"] == REPORT
    assert row["check"] == BASE + "shapes/PartsWithinTotal"
    assert row["stated"] == Decimal("2645300")
    assert row["computed"] == Decimal("2707000")
    assert row["severity"] == "http://www.w3.org/ns/shacl#Warning"
    assert "机关运行经费" in row["message"]


def test_three_public_by_region_sums_each_figure_once(seed_store: Path,
                                                      corpus_store: Path) -> None:
    names, rows = stored(seed_store, "three-public-by-region")
    assert names == ["province", "provinceName", "year", "total", "reports"]
    assert rows == [{"province": BASE + "id/place/420000", "provinceName": "湖北省",
                     "year": "2018", "total": Decimal("841800"), "reports": 1}]  # 84.18万元
    _, rows = stored(corpus_store, "three-public-by-region")
    by_year = {r["year"]: (r["total"], r["reports"]) for r in rows}
    # Hubei's 2019 and 2020 reports are two years of one agency: its region is described in
    # both report graphs, and still each figure counts once
    assert by_year["2018"] == (Decimal("841800") + Decimal("120000"), 2)  # Ezhou, Huangshi
    assert by_year["2020"] == (Decimal("1205000"), 2)  # Hubei finance (approved 160万 left out)
    assert by_year["2019"] == (Decimal("1567800") + Decimal("456000"), 2)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "table"])
def test_query_formats(seed_store: Path, fmt: str) -> None:
    import csv
    import io

    result = run_cli("query", "reports", "--store", str(seed_store), "--format", fmt)
    assert result.code == 0
    text = result.out.decode("utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["agencyName"] == "鄂州市人民政府办公室"
    elif fmt == "tsv":
        header, first = text.splitlines()[:2]
        assert header.split("\t") == ["?report", "?agency", "?agencyName", "?fiscalYear",
                                      "?region"]
        assert first.split("\t")[2] == '"鄂州市人民政府办公室"@zh'
    else:
        assert text.splitlines()[0].split() == ["report", "agency", "agencyName",
                                                "fiscalYear", "region"]
        assert text.splitlines()[-1] == "(1 row)"


def test_query_file(seed_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?f a fk:Figure }", encoding="utf-8")
    result = run_cli("query", str(query), "--store", str(seed_store), "--format", "json")
    assert result.code == 0, result.err
    assert parse_json_results(result.out) == [{"n": 156}]
