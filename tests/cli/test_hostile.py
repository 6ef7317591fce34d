"""`fiscal-kg build` against hostile but fair input: huge files, odd names and encodings,
numbers no decimal holds, a build killed mid-way, a disk that fills, a store it cannot write."""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fiscal_kg import build as build_module
from fiscal_kg import reading
from fiscal_kg.resources import HOME
from tests.conftest import CORPUS, SEED, run_cli


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
    monkeypatch.setattr(reading, "LARGE_REPORT", 1000)  # the seed counts as large
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


def _children(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _build_under_way(tmp_path: Path) -> tuple[subprocess.Popen[bytes], set[int], Path]:
    """A real `fiscal-kg build` of twelve files on two workers, caught while they read (the
    copies fail as second reports of their agency and year, after being read like the rest)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for copy in range(3):
        for path in sorted(CORPUS.glob("*.txt"))[:4]:
            shutil.copy(path, reports / f"{copy}-{path.name}")
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-m", "fiscal_kg.cli", "build", str(reports), "--store", str(store),
         "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        if len(workers) >= 2 and list((store / "builds").glob(".staging-*")):
            break
        time.sleep(0.1)
    if process.poll() is not None or len(workers) < 2:
        process.kill()
        pytest.fail("the build ended before it could be stopped")
    time.sleep(1.0)  # the workers are reading reports
    if process.poll() is not None:
        pytest.fail("the build ended before it could be stopped")
    return process, workers, store


def _all_gone(pids: set[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    return not any(_alive(pid) for pid in pids)


LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")


@LINUX
def test_a_killed_build_takes_its_workers_along_and_the_next_build_goes_ahead(
        tmp_path: Path) -> None:
    first, workers, store = _build_under_way(tmp_path)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert _all_gone(workers), "the killed build's workers live on"
    started = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "fiscal_kg.cli", "build", str(SEED), "--store", str(store)],
        capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120, check=False)
    assert second.returncode == 0, second.stderr
    assert time.monotonic() - started < 60
    assert f"fiscal-kg: a build (process {first.pid}) of {store} died without finishing; " \
           f"removed what it left: builds/.staging-{first.pid}-" in second.stderr
    assert list((store / "builds").glob(".staging-*")) == []
    assert os.readlink(store / "current").startswith("builds/")


@LINUX
def test_a_terminated_build_stops_its_workers_and_cleans_up(tmp_path: Path) -> None:
    build, workers, store = _build_under_way(tmp_path)
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=30) == 128 + signal.SIGTERM
    assert _all_gone(workers)
    assert list((store / "builds").glob(".staging-*")) == []
    assert not (store / "current").exists()
    assert (store / ".lock").read_text(encoding="utf-8") == ""  # no holder left named


def _home(tmp_path: Path) -> Path:
    """A copy of the project's inputs (ontology, shapes, link sets, divisions, queries) to change."""
    home = tmp_path / "home"
    for folder in ("ontology", "shapes", "queries", "data/links", "data/divisions"):
        shutil.copytree(HOME / folder, home / folder)
    return home


def _build_id(home: Path, store: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "fiscal_kg.cli", "build", str(SEED), "--store", str(store),
         "--quiet"], capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "FISCAL_KG_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    manifest = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    return str(manifest["build_id"])


def test_the_build_id_changes_with_every_input_of_the_graph(tmp_path: Path) -> None:
    home = _home(tmp_path)
    store = tmp_path / "store"
    first = _build_id(home, store)
    links = home / "data/links/currency.csv"
    links.write_text(links.read_text(encoding="utf-8").replace("2026-11-28", "2026-11-29"),
                     encoding="utf-8")
    second = _build_id(home, store)
    places = home / "data/links/places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("Hubei Province", "Hubei"),
                      encoding="utf-8")
    third = _build_id(home, store)
    assert len({first, second, third}) == 3
    manifest = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    inputs = {entry["path"]: entry["sha256"] for entry in manifest["inputs"]}
    assert inputs["data/links/places.csv"] == hashlib.sha256(places.read_bytes()).hexdigest()
    assert {"ontology/codelists.ttl", "shapes/core.shapes.ttl", "shapes/cross-report.ttl",
            "data/links/currency.csv", "data/links/aggregates-glossary.csv"} <= set(inputs)


def test_a_rebuild_of_the_same_inputs_is_switched_to_and_told_apart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run_cli("build", str(SEED), "--store", str(store), "--quiet")
    assert first.code == 0, first.err
    before = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    second = run_cli("build", str(SEED), "--store", str(store), "--quiet")
    assert second.code == 0, second.err
    after = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert after["build_id"] == before["build_id"]
    assert after["build_uuid"] != before["build_uuid"]
    assert os.readlink(store / "current") == \
        f"builds/{after['build_id']}-{after['build_uuid'][:12]}"
    # the build it replaced is kept as it was (a server may have it open), in its own directory
    kept = store / "builds" / f"{before['build_id']}-{before['build_uuid'][:12]}"
    assert json.loads((kept / "manifest.json").read_text(encoding="utf-8")) == before


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one build of the seed, to see that a failed build leaves it as it was."""
    store = tmp_path_factory.mktemp("built") / "store"
    done = run_cli("build", str(SEED), "--store", str(store), "--quiet")
    assert done.code == 0, done.err
    return store


def _as_it_was(store: Path, link: str) -> bool:
    builds = sorted(p.name for p in (store / "builds").iterdir())
    return os.readlink(store / "current") == link and not [
        b for b in builds if b.startswith(".staging-")]


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("fiscal-kg: ")]
    return line


def test_a_file_in_the_store_s_place_is_one_clear_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.write_text("mine", encoding="utf-8")
    done = run_cli("build", str(SEED), "--store", str(store), "--quiet")
    assert done.code == 1
    assert _one_line(done.err) == (f"fiscal-kg: {store} is a file, not a store directory: "
                                   f"choose another --store or remove the file")
    inside = run_cli("build", str(SEED), "--store", str(store / "sub"), "--quiet")
    assert inside.code == 1
    assert _one_line(inside.err).startswith(f"fiscal-kg: cannot write the store at {store}/sub")
    assert store.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("where", ["database", "dumps"])
def test_a_full_disk_is_one_clear_line_and_the_store_is_left_as_it_was(
        built: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """ENOSPC at the two places a build writes: Oxigraph (RocksDB says it in its message,
    without an errno) and the dumps (an OSError with errno and file name)."""
    link = os.readlink(built / "current")

    def full(*_args: object, **_kwargs: object) -> None:
        if where == "database":
            raise OSError("IO error: No space left on device")
        raise OSError(errno.ENOSPC, "No space left on device", str(built / "dumps/all.ttl"))

    monkeypatch.setattr(build_module, "write_dumps" if where == "dumps" else "cross_check", full)
    done = run_cli("build", str(SEED), str(CORPUS / "hubei-finance-2019.txt"), "--store",
                   str(built), "--quiet")
    assert done.code == 1
    line = _one_line(done.err)
    assert line.startswith(f"fiscal-kg: cannot write the store at {built}")
    assert "No space left on device" in line
    assert "the disk is full: free space and build again" in line
    assert line.endswith("the previous store was left as it was")
    assert _as_it_was(built, link)


def _read_only(path: Path) -> Iterator[None]:
    """Make a directory unwritable, also for root (the immutable attribute) where possible."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield
        finally:
            path.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("running as root without the immutable attribute: nothing is read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_store_is_one_clear_line_and_left_as_it_was(built: Path) -> None:
    link = os.readlink(built / "current")
    with contextlib.contextmanager(_read_only)(built / "builds"):
        done = run_cli("build", str(SEED), "--store", str(built), "--quiet")
    assert done.code == 1
    line = _one_line(done.err)
    assert line.startswith(f"fiscal-kg: cannot write the store at {built}")
    assert "choose a --store you can write to" in line
    assert _as_it_was(built, link)


def test_store_errors_are_mapped_to_what_to_do() -> None:
    """The mapping itself, for the errors a test cannot provoke everywhere (a read-only file
    system as root, a file in the way deep inside)."""
    store = Path("/srv/store")
    cases = {
        OSError(errno.EROFS, "Read-only file system", "/srv/store/.lock"):
            "choose a --store you can write to",
        PermissionError(errno.EACCES, "Permission denied", "/srv/store/builds"):
            "choose a --store you can write to",
        OSError(errno.ENOSPC, "No space left on device"): "the disk is full",
        OSError("IO error: No space left on device"): "the disk is full",
        NotADirectoryError(errno.ENOTDIR, "Not a directory", "/srv/store/builds"):
            "a file is in the way",
    }
    for error, advice in cases.items():
        message = str(build_module.store_error(store, error))
        assert message.startswith("cannot write the store at /srv/store"), message
        assert advice in message, message
        assert message.endswith("the previous store was left as it was")


@pytest.mark.parametrize(("printed", "reason"), [
    ("1e99999万元", "the number 1e99999 is in scientific notation, which a report does not use: "
                   "its meaning is not certain"),
    ("1" * 10_000 + "万元", "the number 1111111111…111111 (10,000 characters) has 10,000 digits, "
                          "more than the 20 a figure is stored with exactly"),
])
def test_a_number_no_figure_holds_is_an_unread_line_and_the_rest_is_read(
        tmp_path: Path, printed: str, reason: str) -> None:
    report = tmp_path / "report.txt"
    report.write_text(SEED.read_text(encoding="utf-8").replace("办公费20.41万元", f"办公费{printed}"),
                      encoding="utf-8")
    done = run_cli("validate", str(report))
    out = done.out.decode("utf-8")
    assert done.code == 0, done.err
    assert f"unread {report}:41: {reason}: 2018年度本部门机关运行经费支出264.53万元。" in out
    assert ": 155 figures," in out  # the seed's 156 less 办公费; 印刷费 and the others are read
    assert "11111111111111111111111111111" not in out.replace(reason, "")


def test_a_symlink_loop_in_a_report_folder_is_named_and_fails(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / SEED.name)
    (reports / "loop.txt").symlink_to("loop.txt")
    (reports / "gone.html").symlink_to("nowhere.html")
    done = run_cli("build", str(reports), "--store", str(tmp_path / "store"), "--workers", "1")
    out = done.out.decode("utf-8")
    assert done.code == 1
    assert f"FAILED {reports / 'loop.txt'}: cannot read the file: Too many levels of symbolic " \
           f"links" in out.splitlines()
    assert f"FAILED {reports / 'gone.html'}: cannot read the file: No such file or directory" \
        in out.splitlines()
    assert "2 of 3 report(s) failed and are not in the store" in done.err
    assert (tmp_path / "store" / "current").exists()  # the seed is stored


def test_a_file_name_with_a_newline_stays_on_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "two\nlines\x1b[31m.txt"
    bad.write_text("今天天气很好。\n", encoding="utf-8")
    done = run_cli("validate", str(bad))
    assert done.code == 1
    [line] = done.out.decode("utf-8").splitlines()
    assert line.startswith(f"FAILED {tmp_path}/two\\nlines\\x1b[31m.txt: ")
    assert "not a final-accounts report" in line


@pytest.mark.parametrize(("encoding", "bom", "shown"), [
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
])
def test_a_utf16_report_is_decoded_and_says_so(
        tmp_path: Path, encoding: str, bom: bytes, shown: str) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(bom + SEED.read_text(encoding="utf-8").encode(encoding))
    done = run_cli("validate", str(report))
    assert done.code == 0, done.out
    [first] = [line for line in done.out.decode("utf-8").splitlines() if line.startswith("ok ")]
    assert f"ok     {report}: 鄂州市人民政府办公室 2018: 156 figures," in first
    assert first.endswith(f", decoded as {shown}")


def test_binary_with_nul_bytes_is_still_binary(tmp_path: Path) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 40)
    done = run_cli("validate", str(blob))
    assert done.code == 1
    assert "the file is binary (it contains NUL bytes), not a report text" in done.out.decode()
