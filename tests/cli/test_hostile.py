"""`fiscal-kg build` against hostile but fair input: huge files, odd names and encodings,
numbers no decimal holds, a build killed mid-way, a disk that fills, a store it cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscal_kg import build as build_module
from tests.conftest import SEED, run_cli


def test_a_report_over_the_size_limit_is_refused_and_named_with_its_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FISCAL_KG_MAX_REPORT_BYTES", "10000")
    done = run_cli("build", str(SEED), "--store", str(tmp_path / "store"))
    out = done.out.decode("utf-8")
    assert done.code == 1
    size = f"{SEED.stat().st_size:,}"
    assert f"FAILED {SEED}: the file ({size} bytes) is larger than FISCAL_KG_MAX_REPORT_BYTES " \
           f"(10,000 bytes" in out
    assert not (tmp_path / "store" / "current").exists()


def test_a_large_report_prints_each_stage_with_its_time_unless_quiet(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "LARGE_REPORT", 1000)  # the seed counts as large
    done = run_cli("build", str(SEED), "--store", str(tmp_path / "store"))
    assert done.code == 0, done.err
    stages = [line for line in done.err.splitlines() if line.startswith("stage  ")]
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in stages] == [
        "read", "mapped", "validated"]
    assert stages[0].startswith(f"stage  {SEED}: read 7,058 characters, 156 figures in ")
    assert stages[0].endswith(" s; mapping")
    assert stages[1].endswith(" s; validating") and " triples in " in stages[1]
    quiet = run_cli("build", str(SEED), "--store", str(tmp_path / "store"), "--quiet")
    assert quiet.code == 0, quiet.err
    assert "stage" not in quiet.err
