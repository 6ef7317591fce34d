"""`fiscal-kg build --manifest FILE.csv` end to end: what the manifest says is in the store (read
back with SPARQL and from manifest.json), a bad manifest stops the build with its line and
column and leaves the store as it was."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from fiscal_kg.licences import CC_BY_4_0
from fiscal_kg.pipeline.manifest import COLUMNS
from fiscal_kg.store import open_store
from tests.conftest import CORPUS, SEED, parse_json_results, run_cli

AGENCY = "鄂州市人民政府办公室"
CODE = "11420700MB1575827T"  # a government body of 鄂州市; T is its check digit
SOURCE = "http://www.ezhou.gov.cn/zwgk/bmjs/2019/ezhou-office-2018.html"
PREFIXES = """PREFIX fk: <https://w3id.org/fiscal-kg/def/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX adms: <http://www.w3.org/ns/adms#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
"""
# fiscal-kg: FILE:LINE: PROBLEM [FIELD]
PROBLEM = re.compile(r"^(?:fiscal-kg: |  )(?P<file>[^:]+):(?P<line>\d+): (?P<problem>.+?)"
                     r"(?: \[(?P<field>\w+)\])?$")


def write_manifest(folder: Path, *rows: dict[str, str], name: str = "manifest.csv") -> Path:
    lines = [",".join(COLUMNS)] + [",".join(row.get(c, "") for c in COLUMNS) for row in rows]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Reports collected from a portal: the seed and another, beside their manifest."""
    reports = tmp_path / "collected"
    reports.mkdir()
    shutil.copy(SEED, reports / "ezhou-2018.txt")
    shutil.copy(CORPUS / "hubei-finance-2019.txt", reports / "hubei-2019.txt")
    return reports


def select(store: Path, query: str) -> list[dict[str, Any]]:
    results = open_store(store).query(PREFIXES + query)
    assert isinstance(results, ox.QuerySolutions)
    return parse_json_results(results.serialize(format=ox.QueryResultsFormat.JSON))


def manifest_json(store: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((store / "current" / "manifest.json").read_text("utf-8"))
    return data


def problems(stderr: str) -> list[tuple[str, int, str | None]]:
    """(file name, line, column) of every problem a refused manifest names."""
    found = []
    for line in stderr.splitlines():
        match = PROBLEM.match(line)
        if match:
            found.append((Path(match["file"]).name, int(match["line"]), match["field"]))
    return found


def test_the_manifest_s_files_are_built_with_what_it_says(folder: Path, tmp_path: Path) -> None:
    manifest = write_manifest(
        folder,
        {"file": "ezhou-2018.txt", "agency": AGENCY, "year": "2018", "region_code": "420700",
         "credit_code": CODE, "source_url": SOURCE, "licence": "CC-BY-4.0"},
        {"file": "hubei-2019.txt"})
    store = tmp_path / "store"
    done = run_cli("build", "--manifest", str(manifest), "--store", str(store), "--quiet")
    assert done.code == 0, done.err
    # the URL: the report's source and what it was derived from
    [row] = select(store, """SELECT ?source ?derived ?licence WHERE {
        ?r a fk:Report ; fk:agency/skos:prefLabel "鄂州市人民政府办公室"@zh ;
           dcterms:source ?source ; prov:wasDerivedFrom ?derived ; dcterms:license ?licence }""")
    assert row == {"source": SOURCE, "derived": SOURCE, "licence": CC_BY_4_0.url}
    # the credit code: the agency's adms:Identifier in the unified social credit code scheme
    [row] = select(store, """SELECT ?notation ?scheme WHERE {
        ?a a fk:Agency ; skos:prefLabel "鄂州市人民政府办公室"@zh ; adms:identifier ?id .
        ?id a adms:Identifier ; skos:notation ?notation ; dcterms:type ?scheme }""")
    assert row == {"notation": CODE,
                   "scheme": "https://w3id.org/fiscal-kg/def/identifier-scheme/uscc"}
    # the other row says nothing: no source, no licence, no identifier
    assert select(store, """SELECT ?r WHERE { ?r a fk:Report ; dcterms:source ?s }""") == [
        {"r": "https://w3id.org/fiscal-kg/id/report/鄂州市人民政府办公室/2018"}]
    assert len(select(store, "SELECT ?a WHERE { ?a adms:identifier ?id }")) == 1
    # manifest.json: the build manifest used, and each report's row
    recorded = manifest_json(store)
    assert recorded["build_manifest"] == {
        "path": str(manifest), "rows": 2,
        "sha256": hashlib.sha256(manifest.read_bytes()).hexdigest()}
    reports = {r["agency"]: r for r in recorded["reports"]}
    assert {k: reports[AGENCY][k] for k in ("manifest_line", "credit_code", "source_url",
                                            "licence")} == {
        "manifest_line": 2, "credit_code": CODE, "source_url": SOURCE,
        "licence": CC_BY_4_0.url}
    assert {k: reports["湖北省财政厅"][k] for k in ("manifest_line", "credit_code", "source_url",
                                              "licence")} == {
        "manifest_line": 3, "credit_code": None, "source_url": None, "licence": None}


def test_the_manifest_s_identity_wins_and_a_disagreement_is_a_warning(
        folder: Path, tmp_path: Path) -> None:
    manifest = write_manifest(folder, {"file": "ezhou-2018.txt", "agency": "鄂州市政府办公室",
                                       "year": "2018", "region_code": "420700"})
    store = tmp_path / "store"
    done = run_cli("build", str(folder / "ezhou-2018.txt"), "--manifest", str(manifest),
                   "--store", str(store))
    assert done.code == 0, done.err
    query = run_cli("query", "reports", "--store", str(store), "--format", "json")
    [report] = parse_json_results(query.out)
    assert (report["agencyName"], report["fiscalYear"]) == ("鄂州市政府办公室", "2018")
    # the warning, in the report's validation results: what the text says, what was given
    rows = select(store, """SELECT ?severity ?value ?message WHERE {
        ?result sh:sourceShape <https://w3id.org/fiscal-kg/shapes/IdentityAgreesWithText> ;
                sh:resultSeverity ?severity ; sh:value ?value ; sh:resultMessage ?message }""")
    assert [(r["severity"].rsplit("#")[-1], r["value"]) for r in rows] == [("Warning", AGENCY)]
    assert "鄂州市政府办公室" in rows[0]["message"]
    assert manifest_json(store)["reports"][0]["warnings"] == 2  # and the seed's own arithmetic
    # and the build's own account of it
    assert f"warning: {rows[0]['message']}" in done.out.decode("utf-8").splitlines()[1]


def test_the_year_and_region_given_win_too(folder: Path, tmp_path: Path) -> None:
    manifest = write_manifest(folder, {"file": "ezhou-2018.txt", "year": "2019",
                                       "region_code": "420100"})
    store = tmp_path / "store"
    assert run_cli("build", "--manifest", str(manifest), "--store", str(store)).code == 0
    [row] = select(store, """SELECT ?year ?code WHERE { ?r a fk:Report ; fk:fiscalYear ?year ;
        fk:agency/dcterms:spatial ?place . ?place fk:adminCode ?code }""")
    assert row == {"year": "2019", "code": "420100"}
    warned = select(store, """SELECT ?value WHERE { ?result sh:sourceShape
        <https://w3id.org/fiscal-kg/shapes/IdentityAgreesWithText> ; sh:value ?value }""")
    assert sorted(r["value"] for r in warned) == ["2018", "420700"]


def test_a_text_that_names_no_agency_is_read_with_the_manifest_s(
        folder: Path, tmp_path: Path) -> None:
    (folder / "untitled.txt").write_text("一、部门基本情况\n(一)人员基本情况\n编制人数10名。\n",
                                         encoding="utf-8")
    store = tmp_path / "store"
    alone = run_cli("build", str(folder / "untitled.txt"), "--store", str(store), "--quiet")
    assert alone.code == 1 and "no recognisable agency" in alone.out.decode("utf-8")
    manifest = write_manifest(folder, {"file": "untitled.txt", "agency": "鄂州市测试局",
                                       "year": "2019"})
    done = run_cli("build", "--manifest", str(manifest), "--store", str(store), "--quiet")
    assert done.code == 0, done.out.decode("utf-8") + done.err
    [report] = manifest_json(store)["reports"]
    assert (report["agency"], report["fiscal_year"], report["region_code"]) == (
        "鄂州市测试局", 2019, "420700")


def test_files_named_beside_the_manifest_are_built_and_its_other_rows_noted(
        folder: Path, tmp_path: Path) -> None:
    manifest = write_manifest(
        folder, {"file": "ezhou-2018.txt", "credit_code": CODE},
        {"file": "elsewhere/missing.txt", "year": "2019"})  # not built: no need to exist
    store = tmp_path / "store"
    done = run_cli("build", str(folder / "ezhou-2018.txt"), str(folder / "hubei-2019.txt"),
                   "--manifest", str(manifest), "--store", str(store), "--quiet")
    assert done.code == 0, done.err
    lines = [line for line in done.err.splitlines() if "not being built" in line]
    assert len(lines) == 1 and "line 3" in lines[0] and "missing.txt" in lines[0]
    reports = {r["agency"]: r["manifest_line"] for r in manifest_json(store)["reports"]}
    assert reports == {AGENCY: 2, "湖北省财政厅": None}  # built as before


@pytest.mark.parametrize(("cells", "field"), [
    ({"credit_code": CODE[:17] + "X"}, "credit_code"),  # the check digit of CODE is T
    ({"year": "二〇一八"}, "year"),
    ({"region_code": "999999"}, "region_code"),
    ({"source_url": "file:///etc/passwd"}, "source_url"),
    ({"licence": "all rights reserved"}, "licence"),
])
def test_a_bad_manifest_stops_the_build_and_keeps_the_store(
        folder: Path, tmp_path: Path, cells: dict[str, str], field: str) -> None:
    store = tmp_path / "store"
    assert run_cli("build", str(SEED), "--store", str(store), "--quiet").code == 0
    before = os.readlink(store / "current")
    manifest = write_manifest(folder, {"file": "hubei-2019.txt"},
                              {"file": "ezhou-2018.txt", **cells})
    done = run_cli("build", "--manifest", str(manifest), "--store", str(store))
    assert done.code == 1 and done.out == b""
    assert problems(done.err) == [("manifest.csv", 3, field)]
    assert "Traceback" not in done.err and done.err.rstrip().endswith("left as it was")
    assert os.readlink(store / "current") == before


def test_an_unknown_column_is_named(folder: Path, tmp_path: Path) -> None:
    manifest = folder / "manifest.csv"
    manifest.write_text("file,agency,统一社会信用代码\nezhou-2018.txt,,\n", encoding="utf-8")
    done = run_cli("build", "--manifest", str(manifest), "--store", str(tmp_path / "store"))
    assert done.code == 1
    assert problems(done.err) == [("manifest.csv", 1, "统一社会信用代码")]
    assert not (tmp_path / "store").exists()


def test_validate_takes_the_manifest_too(folder: Path) -> None:
    manifest = write_manifest(folder, {"file": "ezhou-2018.txt", "year": "2017"})
    done = run_cli("validate", "--manifest", str(manifest))
    assert done.code == 0, done.err
    out = done.out.decode("utf-8").splitlines()
    assert out[0].startswith("ok") and f"{AGENCY} 2017" in out[0]
    assert any("fiscal year 2018" in line and "2017" in line for line in out[1:])


def test_an_agency_given_two_credit_codes_stores_the_first_report_only(tmp_path: Path) -> None:
    """Two reports of one agency (named by their texts), the manifest giving each a code."""
    folder = tmp_path / "collected"
    folder.mkdir()
    shutil.copy(CORPUS / "hubei-finance-2019.txt", folder / "2019.txt")
    shutil.copy(CORPUS / "hubei-finance-2020.html", folder / "2020.html")
    manifest = write_manifest(folder, {"file": "2019.txt", "credit_code": "11420000MB1536450M"},
                              {"file": "2020.html", "credit_code": "11420000MB0000012B"})
    store = tmp_path / "store"
    done = run_cli("build", "--manifest", str(manifest), "--store", str(store), "--workers", "1")
    assert done.code == 1
    failed = [line for line in done.out.decode("utf-8").splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "2020.html" in failed[0] and "an agency has one" in failed[0]
    assert [r["fiscal_year"] for r in manifest_json(store)["reports"]] == [2019]
    [row] = select(store, "SELECT ?code WHERE { ?a adms:identifier/skos:notation ?code }")
    assert row == {"code": "11420000MB1536450M"}
