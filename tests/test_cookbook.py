"""The query cookbook: the questions researchers ask first, as stored queries, answered on the
seed through the CLI's JSON output and checked against what the seed report prints; their
descriptions in both languages; their place first among the stored queries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fiscal_kg.queries import _header, stored_queries
from tests.test_seed_queries import AGENCY, REPORT, UNITS, stored

pytestmark = pytest.mark.fast

COOKBOOK = ["three-public", "units-by-report", "operating-costs", "agency-links",
            "figure-sources", "discrepancies"]
FIGURE = REPORT + "/figure/"


def test_the_cookbook_comes_first_in_its_order_with_both_languages() -> None:
    queries = list(stored_queries().values())
    assert [q.name for q in queries[:len(COOKBOOK)]] == COOKBOOK
    assert all(q.cookbook is None for q in queries[len(COOKBOOK):])
    for query in queries:
        assert set(query.descriptions) == {"en", "zh"}, query.name
        assert query.describe("zh") != query.describe("en")
        # the description speaks to the reader: how a query works is a note after it
        assert "DISTINCT" not in query.describe("en") + query.describe("zh"), query.name
        assert query.description == query.describe("en")


def test_a_header_ends_at_its_first_empty_comment_line() -> None:
    descriptions, cookbook = _header(
        "# en: What is it?\n#   One row each.\n# zh: 是什么？\n#   每项一行。\n# cookbook: 7\n"
        "#\n# (DISTINCT in a subquery.)\nSELECT * {}")
    assert descriptions == {"en": "What is it? One row each.", "zh": "是什么？每项一行。"}
    assert cookbook == 7
    assert _header("# Every figure.\n# One row each.\nSELECT * {}") == (
        {"en": "Every figure. One row each."}, None)


def test_three_public_total_and_its_parts(seed_store: Path) -> None:
    names, rows = stored(seed_store, "three-public")
    assert names == ["report", "agency", "agencyName", "year", "total", "figure", "item", "value",
                     "partOf"]
    assert {(r["report"], r["agency"], r["agencyName"], r["year"], r["total"]) for r in rows} \
        == {(REPORT, AGENCY, "鄂州市人民政府办公室", "2018", Decimal(841800))}
    assert [(r["item"], r["value"], r["partOf"]) for r in rows] == [
        ("三公经费", 841800, None),  # in the order printed
        ("公务接待费", 9200, "三公经费"),
        ("公务用车购置及运行维护费", 797800, "三公经费"),
        ("公务用车运行费", 602600, "公务用车购置及运行维护费"),
        ("公务用车购置费", 195200, "公务用车购置及运行维护费"),
        ("因公出国(境)费用", 34800, "三公经费"),
    ]
    parts = sum(r["value"] for r in rows if r["partOf"] == "三公经费")
    assert parts == rows[0]["total"]


def test_units_of_each_report_in_its_order(seed_store: Path) -> None:
    names, rows = stored(seed_store, "units-by-report")
    assert names == ["report", "agency", "year", "position", "unit", "unitName"]
    assert [r["unitName"] for r in rows] == UNITS
    assert [r["position"] for r in rows] == list(range(1, 19))
    assert {(r["report"], r["year"]) for r in rows} == {(REPORT, "2018")}


def test_operating_cost_items_with_codes_and_whether_they_add_up(seed_store: Path) -> None:
    names, rows = stored(seed_store, "operating-costs")
    assert names == ["report", "year", "item", "code", "codeName", "value", "total",
                     "sumOfItems", "addsUp"]
    assert len(rows) == 21
    assert rows[0]["item"] == "办公费" and rows[0]["code"] == "30201"
    assert rows[-1]["item"] == "信息网络及软件购置更新"
    assert {(r["total"], r["sumOfItems"], r["addsUp"]) for r in rows} == {
        (Decimal(2645300), Decimal(2707000), "false")}  # 270.70万元 of items, 264.53万元 stated
    assert sum(r["value"] for r in rows) == Decimal(2707000)
    by_item = {r["item"]: r for r in rows}
    assert (by_item["公务接待费"]["code"], by_item["公务接待费"]["value"]) == ("30217", 7100)


def test_the_region_of_an_agency_and_its_outward_links(seed_store: Path) -> None:
    names, rows = stored(seed_store, "agency-links")
    assert names == ["agency", "agencyName", "place", "placeName", "via", "relation", "target"]
    place = "https://w3id.org/fiscal-kg/id/place/"
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert {(r["agency"], r["place"], r["placeName"]) for r in rows} == {
        (AGENCY, place + "420700", "鄂州市")}
    assert {(r["via"], r["relation"], r["target"]) for r in rows} == {
        (place + "420700", skos + "closeMatch", "https://sws.geonames.org/6642286/"),
        (place + "420000", skos + "exactMatch", "http://www.wikidata.org/entity/Q46862"),
        (place + "420000", skos + "exactMatch", "https://sws.geonames.org/1806949/"),
        (place + "100000", skos + "exactMatch", "http://www.wikidata.org/entity/Q148"),
        (place + "100000", skos + "exactMatch", "https://sws.geonames.org/1814991/")}


def test_a_figure_with_the_sentence_it_came_from(seed_store: Path) -> None:
    names, rows = stored(seed_store, "figure-sources")
    assert names == ["report", "figure", "item", "value", "statedText", "sentence", "line",
                     "original"]
    [fee] = [r for r in rows if r["figure"] == FIGURE + "operating-costs/手续费"]
    assert (fee["value"], fee["statedText"]) == (10000, "1.00万元")
    assert "手续费1.00万元" in fee["sentence"] and fee["line"] == 41
    lines = [r["line"] for r in rows]
    assert lines == sorted(lines)


def test_every_discrepancy_of_a_report(seed_store: Path) -> None:
    names, rows = stored(seed_store, "discrepancies")
    assert names == ["report", "figure", "item", "stated", "computed", "checkName", "severity",
                     "message"]
    assert [(r["report"], r["figure"], r["item"], r["stated"], Decimal(r["computed"]))
            for r in rows] == [
        (REPORT, FIGURE + "operating-costs/机关运行经费", "机关运行经费", 2645300,
         Decimal(2707000))]
    assert rows[0]["checkName"] and "2707000" in rows[0]["message"]
