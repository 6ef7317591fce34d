"""The command line end to end, including bad input and the store left intact."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from tests.conftest import SEED, parse_json_results, run_cli


def fiscal_kg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "fiscal_kg.cli", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=300)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    done = fiscal_kg("build", str(SEED), "--store", str(path))
    assert done.returncode == 0, done.stderr
    return path


def current(store: Path) -> str:
    return os.readlink(store / "current")


def test_build_writes_store_dumps_validation_and_manifest(store: Path) -> None:
    build = store / "current"
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    [report] = manifest["reports"]
    assert (report["agency"], report["fiscal_year"], report["figures"]) == (
        "鄂州市人民政府办公室", 2018, 156)
    dataset = Dataset()
    dataset.parse(data=gzip.decompress((build / "dumps/all.nq.gz").read_bytes()),
                  format="nquads")
    assert len(list(dataset.quads())) == manifest["triples"]  # quads, over all graphs
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert set(manifest["graphs"]) <= names
    union = Graph().parse(build / "dumps/all.ttl", format="turtle")
    assert len(union) == len({(s, p, o) for s, p, o, _ in dataset.quads()})
    validation = Graph().parse(build / "dumps/validation.ttl", format="turtle")
    assert len(validation) > 0
    # every file the manifest lists is there, with its size and checksum
    records = {d["path"]: d for d in manifest["dumps"]}
    assert {"dumps/all.ttl", "dumps/all.nt.gz", "dumps/all.jsonld", "dumps/all.nq.gz",
            "dumps/figures.csv", "dumps/datapackage.json",
            "dumps/reports/鄂州市人民政府办公室/2018.ttl"} <= set(records)
    for path, record in records.items():
        data = (build / path).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (record["bytes"], record["sha256"])


def test_rebuilding_the_same_inputs_gives_the_same_build_id(store: Path) -> None:
    before = json.loads((store / "current" / "manifest.json").read_text())["build_id"]
    done = fiscal_kg("build", str(SEED), "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert json.loads((store / "current" / "manifest.json").read_text())["build_id"] == before
    assert current(store).startswith(f"builds/{before}-")  # a directory of its own


@pytest.mark.parametrize(("content", "problem"), [
    ("", "the file is empty"),
    ("一、部门基本情况\n(一)人员基本情况\n编制人数10名。\n", "no recognisable agency"),
    ("今天天气很好。\n", "not a final-accounts report"),
])
def test_a_malformed_report_fails_and_leaves_the_store_intact(
        store: Path, tmp_path: Path, content: str, problem: str) -> None:
    bad = tmp_path / "bad-report.txt"
    bad.write_text(content, encoding="utf-8")
    before = current(store)
    alone = fiscal_kg("build", str(bad), "--store", str(store))
    assert alone.returncode == 1 and current(store) == before
    assert problem in alone.stdout and "left as it was" in alone.stderr
    done = fiscal_kg("build", str(SEED), str(bad), "--store", str(store), "--strict")
    assert done.returncode == 1
    assert f"{bad}" in done.stdout + done.stderr
    assert problem in done.stdout
    assert "left as it was" in done.stderr
    assert current(store) == before
    query = run_cli("query", "reports", "--store", str(store), "--format", "json")
    assert len(parse_json_results(query.out)) == 1


def test_a_batch_goes_on_past_a_bad_file_and_stores_the_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    fresh = tmp_path / "fresh"
    done = fiscal_kg("build", str(SEED), str(bad), "--store", str(fresh))
    assert done.returncode == 1
    assert "binary" in done.stdout
    assert "1 of 2 report(s) failed and are not in the store" in done.stderr
    query = run_cli("query", "reports", "--store", str(fresh), "--format", "json")
    assert [r["fiscalYear"] for r in parse_json_results(query.out)] == ["2018"]


def test_validate_reports_the_arithmetic_warning_without_storing(tmp_path: Path) -> None:
    done = fiscal_kg("validate", str(SEED))
    assert done.returncode == 0, done.stderr
    assert "warning: 机关运行经费" in done.stdout


def test_query_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = run_cli("query", "reports", "--store", str(tmp_path / "none"))
    assert result.code == 1
    assert "run `fiscal-kg build --store" in result.err


def test_unknown_query_lists_the_stored_ones(store: Path) -> None:
    result = run_cli("query", "nonsense", "--store", str(store))
    assert result.code == 1
    for name in ("reports", "units", "figures", "glossary", "consistency"):
        assert name in result.err


def test_bad_sparql_is_a_clear_error(store: Path, tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?x WHERE { ?x", encoding="utf-8")
    result = run_cli("query", str(query), "--store", str(store))
    assert result.code == 1
    assert "not valid SPARQL" in result.err


def test_refuses_to_write_into_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = fiscal_kg("build", str(SEED), "--store", str(tmp_path))
    assert done.returncode == 1
    assert "is not a fiscal-kg store" in done.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_synth_is_a_subcommand(tmp_path: Path) -> None:
    done = run_cli("synth", "3", "--out", str(tmp_path / "corpus"), "--no-expected", "--seed", "2")
    assert done.code == 0, done.err
    assert "3 report(s)" in done.out.decode("utf-8")
    assert len([p for p in (tmp_path / "corpus").iterdir() if p.suffix in (".txt", ".html")]) == 3
