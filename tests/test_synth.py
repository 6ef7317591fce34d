"""The synthetic corpus (fiscal_kg.synth): every generated report is read exactly as its
expected figures say, the same seed gives the same bytes, the corpus spreads over regions, kinds
and years, and a store built from generated reports reports exactly the injected discrepancies."""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from fiscal_kg.build import build
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.mapping import map_report
from fiscal_kg.pipeline.quality import load_expected, score_report
from fiscal_kg.pipeline.text import read_source
from fiscal_kg.queries import stored_queries
from fiscal_kg.store import open_store
from fiscal_kg.synth import SynthReport, add_arguments, generate, run, write_corpus
from tests.conftest import parse_json_results

GAZETTEER = load_gazetteer()
NAMES = GAZETTEER.names()
# (seed, number of reports) of the corpora whose every report is extracted
CORPORA = {1: 30, 2: 10, 3: 10, 11: 10}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[Path]]:
    folder = tmp_path_factory.mktemp("synth")
    return {seed: write_corpus(folder / str(seed), n, seed) for seed, n in CORPORA.items()}


@pytest.fixture(scope="module")
def thousand() -> tuple[list[SynthReport], float]:
    started = time.perf_counter()
    reports = generate(1000, seed=1)
    return reports, time.perf_counter() - started


def assert_read_exactly(path: Path) -> None:
    """The extractor reads the report as its expected.json says: every figure, nothing else."""
    data, expected = load_expected(path.with_name(f"{path.stem}.expected.json"))
    assert data["file"] == path.name
    report = extract_report(read_source(path), GAZETTEER)
    assert (report.agency.name, report.fiscal_year, report.agency.budget_level) == (
        data["agency"], data["year"], data["budget_level"])
    place = GAZETTEER.by_name(report.agency.region or "")
    assert place is not None and place.code == data["region"]
    assert [u.name for u in report.units] == data["units"]
    assert [g.term for g in report.glossary] == data["glossary"]
    assert [d.text for d in report.duties] == data["duties"]
    score = score_report(report, expected, data["file"])
    assert score.missed == [] and score.extra == [], (path.name, score.missed, [
        (f.section.value, f.item, f.value, f.unit.value, f.phase, f.role.value)
        for _, f in score.extra])
    assert report.unread == ()
    assert len(report.figures) == len(expected) > 20


@pytest.mark.parametrize(("seed", "index"), [
    (seed, index) for seed, n in CORPORA.items() for index in range(n)])
def test_every_generated_figure_is_read_and_nothing_else(
        corpora: dict[int, list[Path]], seed: int, index: int) -> None:
    assert_read_exactly(corpora[seed][index])


def _variants(report: SynthReport) -> set[tuple[str, str]]:
    layout = report.expected["synthetic"]["layout"]
    return {(key, str(value)) for key, value in layout.items() if key != "order"}


def test_every_layout_variant_is_read(tmp_path: Path) -> None:
    """One report for each layout variant drawn in 400 reports: each is read exactly."""
    reports = generate(400, seed=7)
    seen: set[tuple[str, str]] = set()
    chosen = []
    for report in reports:
        new = _variants(report) - seen
        if new:
            chosen.append(report)
            seen |= new
    variants: dict[str, set[str]] = {}
    for key, value in seen:
        variants.setdefault(key, set()).add(value)
    assert len(variants["headings"]) == 6
    assert variants["tables"] == {"pipe", "columns"}
    assert variants["html"] == variants["full_width"] == variants["crlf"] == {"True", "False"}
    assert variants["encoding"] == {"utf-8", "utf-8-sig", "gb18030"}
    assert variants["income"] >= {"combined", "separate", "seed", "table", "table with budget"}
    assert variants["staffing"] == {"breakdown", "short", "seed", "listed"}
    assert {"prose", "execution", "none"} <= variants["three_public"]
    assert any(v.startswith("table:") and "上年决算数" in v for v in variants["three_public"])
    assert variants["operating_costs"] == {"prose", "items", "lines", "table", "none"}
    assert variants["procurement"] == {"prose", "seed", "table", "none"}
    assert variants["money"] >= {"万元", "万元, thousands", "元", "元, thousands"}
    assert variants["budget_level"] == {"stated", "not stated"}
    for report in chosen:
        path = tmp_path / report.filename
        path.write_bytes(report.data)
        path.with_name(f"{path.stem}.expected.json").write_text(report.expected_json, "utf-8")
        assert_read_exactly(path)


def test_pages_and_gb18030_files_are_read_as_such(tmp_path: Path) -> None:
    reports = generate(200, seed=1)
    page = next(r for r in reports if r.filename.endswith(".html"))
    gbk = next(r for r in reports if r.encoding == "gb18030")
    for report in (page, gbk):
        (tmp_path / report.filename).write_bytes(report.data)
    source = read_source(tmp_path / page.filename)
    assert page.data.startswith(b"<!DOCTYPE html>") and source.media_type == "text/html"
    assert "<p>" not in source.raw and source.raw.startswith(page.expected["agency"])
    source = read_source(tmp_path / gbk.filename)
    assert source.encoding == "gb18030" and source.raw == gbk.text


def test_a_term_printed_in_full_width_names_the_same_concept_with_the_same_label(
        corpora: dict[int, list[Path]]) -> None:
    """'因公出国（境）费' in a glossary is the concept of '因公出国(境)费' (the seed's spelling):
    one Chinese label for both, and the English one of the template's term."""
    minter = Minter()
    path = next(p for p in corpora[1] if "因公出国（境）费：" in read_source(p).raw)
    report = extract_report(read_source(path), GAZETTEER)
    assert "因公出国(境)费" in [g.term for g in report.glossary]  # the term as read: ASCII ( )
    graph = map_report(report, GAZETTEER, minter)
    concept = minter.term("因公出国(境)费")
    assert set(graph.objects(concept, SKOS.prefLabel)) == {
        Literal("因公出国(境)费", lang="zh"), Literal("Official travel abroad", lang="en")}


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    write_corpus(tmp_path / "a", 25, seed=5)
    write_corpus(tmp_path / "b", 25, seed=5)
    write_corpus(tmp_path / "c", 25, seed=6)
    a, b, c = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert len(a) == 50 and a == b
    assert a != c and set(a.values()).isdisjoint(c.values())
    assert [r.data for r in generate(25, seed=5)] == [b for n, b in a.items() if "expected" not in n]


def test_output_does_not_depend_on_hash_randomisation() -> None:
    def digest(reports: list[SynthReport]) -> str:
        return hashlib.sha256(b"".join(r.data + r.expected_json.encode() for r in reports)).hexdigest()

    code = ("import hashlib; from fiscal_kg.synth import generate; "
            "print(hashlib.sha256(b''.join(r.data + r.expected_json.encode() "
            "for r in generate(60, seed=3))).hexdigest())")
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert other == digest(generate(60, seed=3))


def test_the_corpus_spreads_over_regions_kinds_and_years(
        thousand: tuple[list[SynthReport], float]) -> None:
    reports = thousand[0][:300]
    agencies = Counter(r.expected["agency"] for r in reports)
    assert 300 / 5 <= len(agencies) <= 300 / 3
    several = [a for a, n in agencies.items() if n >= 2]
    assert len(several) >= 0.85 * len(agencies)
    assert len({(r.expected["agency"], r.expected["year"]) for r in reports}) == 300
    assert len({r.filename for r in reports}) == 300
    years = Counter(r.expected["year"] for r in reports)
    assert min(years) >= 2015 and max(years) <= 2024 and len(years) >= 8
    regions = {r.expected["region"] for r in reports}
    levels = Counter(place.level for place in GAZETTEER.places if place.code in regions)
    assert len(regions) >= 25 and levels["province"] >= 15 and levels["prefecture"] >= 6
    assert levels["county"] >= 1
    kinds = {kind for name in agencies for kind in (
        "财政", "教育", "卫生健康", "交通", "审计", "人民政府办公", "公安", "农业农村", "民政", "水",
        "统计", "图书馆", "疾病预防控制中心") if kind in name}
    assert len(kinds) >= 10
    for report in reports:
        data = report.expected
        name, region = data["agency"], GAZETTEER.by_code(data["region"])
        assert region is not None and name.startswith(region.name)
        if name.endswith("厅"):  # 厅 only in a province or autonomous region
            assert region.level == "province" and region.name.endswith(("省", "自治区"))
        if region.level != "province":
            assert not name.endswith("厅")
        if name.endswith(("卫生健康委员会", "卫生健康局", "农业农村厅", "农业农村局")):
            assert data["year"] >= 2018  # they were founded in 2018
        institution = name.endswith(("图书馆", "疾病预防控制中心"))
        operating = [f for f in data["figures"] if f[0] == "operating-costs"]
        if institution:
            assert data["budget_level"] in (2, None)
            assert operating in ([], [["operating-costs", "机关运行经费", "0", "CNY", "executed",
                                       "none"]])


def test_magnitudes_are_those_of_real_reports(thousand: tuple[list[SynthReport], float]) -> None:
    staff, totals, three = [], [], []
    for report in thousand[0]:
        for section, words, value, _unit, *rest in report.expected["figures"]:
            if rest and rest[0] != "executed":
                continue
            if section == "staffing" and words in ("编制人数", "在职", "在职人员"):
                staff.append(int(value))
            if words in ("收入总计", "收入决算总计", "全年收入"):
                totals.append(Decimal(value))
            if section == "three-public" and words in ("三公经费", "合计") and not rest:
                three.append(Decimal(value))
    assert 10 <= min(staff) and max(staff) <= 600
    assert 1e6 <= min(totals) < 1e7 and 1e9 < max(totals) < 1e10
    assert 1e4 <= min(three) < 1e5 and 1e6 < max(three) < 1e7


def test_a_few_reports_state_a_total_that_is_not_the_sum_of_its_parts(
        thousand: tuple[list[SynthReport], float]) -> None:
    reports, seconds = thousand
    assert seconds < 10
    wrong = [r for r in reports if "discrepancy" in r.expected]
    assert 10 <= len(wrong) <= 50
    assert {r.expected["discrepancy"]["section"] for r in wrong} == {
        "three-public", "operating-costs", "procurement", "staffing"}
    for report in reports:
        consistency = report.expected["consistency"]
        if "discrepancy" not in report.expected:
            assert consistency == []
            continue
        found = report.expected["discrepancy"]
        assert consistency == [[found["check"], found["stated"], found["computed"]]]
        assert Decimal(found["stated"]) != Decimal(found["computed"])
        figure = next(f for f in report.expected["figures"]
                      if f[1] == found["item"] and Decimal(f[2]) == Decimal(found["stated"]))
        assert figure[0] == found["section"]


def test_generated_reports_build_into_one_store_with_exactly_their_discrepancies(
        tmp_path: Path) -> None:
    reports = generate(150, seed=1)
    chosen: list[SynthReport] = []
    for wanted in (lambda r: "discrepancy" in r.expected, lambda r: r.filename.endswith(".html"),
                   lambda r: r.encoding == "gb18030",
                   lambda r: r.expected["agency"] in {c.expected["agency"] for c in chosen}):
        for report in reports:
            if len(chosen) < 6 and report not in chosen and wanted(report):
                chosen.append(report)  # the last: the same agencies in other years
                if len(chosen) < 3:
                    break
    assert len(chosen) == 6
    folder = tmp_path / "reports"
    folder.mkdir()
    for report in chosen:
        path = folder / report.filename
        path.write_bytes(report.data)
        path.with_name(f"{path.stem}.expected.json").write_text(report.expected_json, "utf-8")
    assert len(list(folder.iterdir())) == 12
    outcome = build([folder], tmp_path / "store", Minter())
    assert outcome.published and outcome.failed == []
    assert sorted(f.path.name for f in outcome.files) == sorted(r.filename for r in chosen)
    store = open_store(tmp_path / "store")
    queries = stored_queries()

    def rows(name: str) -> list[dict[str, object]]:
        results = store.query(queries[name].text)
        assert isinstance(results, ox.QuerySolutions)
        return parse_json_results(results.serialize(format=ox.QueryResultsFormat.JSON))

    assert sorted((r["agencyName"], int(str(r["fiscalYear"]))) for r in rows("reports")) == sorted(
        (r.expected["agency"], r.expected["year"]) for r in chosen)
    assert len(rows("figures")) == sum(len(r.expected["figures"]) for r in chosen)
    found = sorted((str(r["report"]).split("/id/report/")[1], str(r["check"]).rsplit("/", 1)[1],
                    r["stated"], r["computed"]) for r in rows("consistency"))
    expected = sorted((f"{r.expected['agency']}/{r.expected['year']}", check, Decimal(stated),
                       Decimal(computed))
                      for r in chosen for check, stated, computed in r.expected["consistency"])
    assert found == expected and len(found) >= 1


def test_the_command_writes_the_corpus_and_one_summary_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args(["12", "--out", str(tmp_path / "a"), "--seed", "3"])) == 0
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    reports = generate(12, seed=3)
    agencies = len({r.expected["agency"] for r in reports})
    years = len({r.expected["year"] for r in reports})
    figures = sum(len(r.expected["figures"]) for r in reports)
    assert f"12 report(s), {agencies} agencies, {years} years" in line
    assert f"{figures:,} figures in " in line and " s " in line
    written = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert written == sorted([r.filename for r in reports] + [
        f"{Path(r.filename).stem}.expected.json" for r in reports])
    assert run(parser.parse_args(["4", "--out", str(tmp_path / "b"), "--no-expected"])) == 0
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        r.filename for r in generate(4)]
    assert [p.read_bytes() for p in sorted((tmp_path / "b").iterdir())] == [
        r.data for r in generate(4)]
