"""The store's build lock: its holder named, a live holder respected, a dead one's lock and
leftovers taken over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fiscal_kg.errors import StoreError
from fiscal_kg.store import layout

HOLD = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


Holding = tuple[Path, "subprocess.Popen[str]"]


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[Holding]:
    """A process (not a build) that holds the lock of tmp_path/store, as a dead build's
    orphaned worker would."""
    store = tmp_path / "store"
    store.mkdir()
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(store / ".lock")],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    yield store, process
    process.kill()
    process.wait()
    process.stdout.close()


def _record(store: Path, pid: int, started: str | None = None) -> None:
    with (store / ".lock").open("r+") as handle:  # the holder keeps its flock on this file
        handle.truncate()
        handle.write(json.dumps({"pid": pid, "started": started,
                                 "host": os.uname().nodename}))


def test_a_lock_held_for_a_live_build_is_respected_and_names_it(holder: Holding) -> None:
    store, process = holder
    _record(store, process.pid)
    with pytest.raises(StoreError) as error, layout.build_lock(store):
        pass
    assert f"another build (process {process.pid} on " in str(error.value)
    assert "wait until it has finished" in str(error.value)


def test_a_lock_held_for_a_dead_build_is_taken_over_and_its_leftovers_removed(holder: Holding) -> None:
    store, _process = holder
    dead = _dead_pid()
    _record(store, dead)
    staging = store / "builds" / f".staging-{dead}-{dead}"
    (staging / "oxigraph").mkdir(parents=True)
    told: list[str] = []
    with layout.build_lock(store, told.append):
        record = json.loads((store / ".lock").read_text())
        assert record["pid"] == os.getpid()
        assert not staging.exists()
    assert told == [
        f"the lock of {store} was held for process {dead}, which has died (by processes it "
        f"left behind): taken over",
        f"a build (process {dead}) of {store} died without finishing; removed what it left: "
        f"builds/.staging-{dead}-{dead}"]
    assert (store / ".lock").read_text() == ""  # released: no holder named
    with layout.build_lock(store, told.append):  # and taken again without a word
        pass
    assert len(told) == 2


def test_a_reused_process_id_is_not_taken_for_the_dead_holder(holder: Holding) -> None:
    store, process = holder
    _record(store, process.pid, started="1")  # that id now runs a process started later
    told: list[str] = []
    with layout.build_lock(store, told.append):
        pass
    assert "taken over" in told[0]


def test_a_file_in_the_store_s_place_is_named(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.write_text("not a directory", encoding="utf-8")
    with pytest.raises(StoreError) as error, layout.build_lock(store):
        pass
    assert str(error.value) == (f"{store} is a file, not a store directory: choose another "
                                f"--store or remove the file")
