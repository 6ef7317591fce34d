"""Publishing a build: `current` switched to a directory of its own, the build it replaces kept
as the previous, older ones removed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fiscal_kg.errors import StoreError
from fiscal_kg.store import layout


def _staged(store: Path, serial: str) -> layout.BuildDir:
    staged = layout.new_build_dir(store, serial)
    (staged.path / "oxigraph").mkdir()
    staged.manifest_path.write_text(json.dumps({"build_uuid": serial}), encoding="utf-8")
    return staged


def test_a_rebuild_of_the_same_id_gets_a_directory_of_its_own(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    layout.publish(store, _staged(store, "one"), "abc-one")
    layout.publish(store, _staged(store, "two"), "abc-two")
    assert os.readlink(store / "current") == "builds/abc-two"
    assert layout.current_build(store).manifest() == {"build_uuid": "two"}
    # the build it replaced is kept, untouched, for a server that may still read it
    assert json.loads((store / "builds" / "abc-one" / "manifest.json").read_text("utf-8")) == {
        "build_uuid": "one"}
    layout.publish(store, _staged(store, "three"), "def-three")  # the one before the previous goes
    assert sorted(p.name for p in (store / "builds").iterdir()) == ["abc-two", "def-three"]
    assert layout.current_build(store).manifest() == {"build_uuid": "three"}


def test_a_build_directory_is_never_reused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    layout.publish(store, _staged(store, "one"), "abc-one")
    with pytest.raises(StoreError, match="never reused"):
        layout.publish(store, _staged(store, "again"), "abc-one")
    assert layout.current_build(store).manifest() == {"build_uuid": "one"}
