"""Checks across the reports of one agency (shapes/cross-report.ttl), run by the build over the
whole store: a figure restated in a later report, and a change against an earlier year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from fiscal_kg.build import build
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.store import open_store
from tests.conftest import CORPUS, parse_json_results, run_cli

SHAPES = "https://w3id.org/fiscal-kg/shapes/"


def two_years(directory: Path, restated: str = "40.00") -> Path:
    """The 2019 report, and a 2020 report of the same agency that repeats 2019's levels as its
    own (so every change it states against 2019 is wrong) and states 2019's reception costs
    again in a 上年数 column."""
    directory.mkdir()
    text = (CORPUS / "hubei-finance-2019.txt").read_text(encoding="utf-8")
    (directory / "a-2019.txt").write_text(text, encoding="utf-8")
    later = text.replace("２０１９", "２０２０").replace("2019", "2020").replace(
        "全年因公出国（境）团组3个",
        f"金额单位：万元\n| 项目 | 决算数 | 上年数 |\n| 公务接待费 | 36.78 | {restated} |\n"
        "全年因公出国（境）团组3个", 1)
    (directory / "b-2020.txt").write_text(later, encoding="utf-8")
    return directory


def consistency(store: Path) -> list[dict[str, object]]:
    done = run_cli("query", "consistency", "--store", str(store), "--format", "json")
    assert done.code == 0, done.err
    return parse_json_results(done.out)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("cross")
    outcome = build([two_years(where / "reports")], where / "store", Minter())
    assert outcome.published and not outcome.failed
    return where / "store"


def test_a_restated_figure_that_differs_is_reported(store: Path) -> None:
    [row] = [r for r in consistency(store) if r["check"] == SHAPES + "SameFigureAcrossReports"]
    assert str(row["report"]).endswith("/湖北省财政厅/2020")
    assert (row["stated"], row["computed"]) == (Decimal("400000"), Decimal("367800"))
    assert "2019" in str(row["message"]) and "367800" in str(row["message"])


def test_changes_against_the_earlier_report_are_checked(store: Path) -> None:
    rows = [r for r in consistency(store) if r["check"] == SHAPES + "ChangeMatchesEarlierReport"]
    found = {(r["stated"], r["computed"]) for r in rows}
    # 2020 repeats 2019's levels, so each change computed from the two reports is 0
    assert found == {(Decimal("234500"), Decimal("0")), (Decimal("-123400"), Decimal("0")),
                     (Decimal("-103400"), Decimal("0")), (Decimal("-70000"), Decimal("0")),
                     (Decimal("50000"), Decimal("0"))}
    assert all(str(r["report"]).endswith("/2020") for r in rows)
    assert all("is 0." in str(r["message"]) for r in rows)


def test_results_are_in_their_own_validation_graph(store: Path) -> None:
    database = open_store(store).oxigraph
    graph = ox.NamedNode(Minter().graph("validation/cross-report"))
    results = database.query("SELECT (COUNT(?r) AS ?n) WHERE { ?r a sh:ValidationResult ;"
                             " sh:sourceShape ?s ; sh:focusNode ?f ; fk:report ?report }",
                             prefixes={"sh": "http://www.w3.org/ns/shacl#",
                                       "fk": "https://w3id.org/fiscal-kg/def/"},
                             default_graph=[graph])
    assert isinstance(results, ox.QuerySolutions)
    assert [int(s["n"].value) for s in results] == [6]


def test_agreeing_reports_give_no_result(tmp_path: Path) -> None:
    # the two Hubei reports of the corpus agree: 2020's change against 2019 matches 2019's level
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("hubei-finance-2019.txt", "hubei-finance-2020.html"):
        (reports / name).write_bytes((CORPUS / name).read_bytes())
    outcome = build([reports], tmp_path / "store", Minter())
    assert outcome.published
    checks = {str(r["check"]) for r in consistency(tmp_path / "store")}
    assert not {SHAPES + "SameFigureAcrossReports", SHAPES + "ChangeMatchesEarlierReport"} & checks
    # ...and one of them was compared: drop the tolerance and the change shows up as equal
    database = open_store(tmp_path / "store").oxigraph
    [pair] = list(database.query("""
        SELECT ?stated ?level WHERE {
          ?change fk:comparisonYear ?y ; fk:value ?stated ; fk:changeOf ?l ; fk:report ?r .
          ?r fk:fiscalYear ?ry FILTER (STR(?ry) = "2020") }""",
        prefixes={"fk": "https://w3id.org/fiscal-kg/def/"}, use_default_graph_as_union=True))
    assert Decimal(pair["stated"].value) == Decimal("-845600")
