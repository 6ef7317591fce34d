"""Publishing a build: `current` switched to it, the build it replaces kept as the previous."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fiscal_kg.store import layout


def _staged(store: Path, serial: str) -> layout.BuildDir:
    staged = layout.new_build_dir(store, serial)
    (staged.path / "oxigraph").mkdir()
    staged.manifest_path.write_text(json.dumps({"build_uuid": serial}), encoding="utf-8")
    return staged


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "move-aside"])
def test_a_rebuild_of_the_current_id_replaces_it_and_keeps_it_as_the_previous(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr(layout, "_exchange", lambda _first, _second: False)
    store = tmp_path / "store"
    store.mkdir()
    layout.publish(store, _staged(store, "one"), "abc")
    layout.publish(store, _staged(store, "two"), "abc")
    assert os.readlink(store / "current") == "builds/abc"
    assert layout.current_build(store).manifest() == {"build_uuid": "two"}
    [kept] = [p for p in (store / "builds").iterdir() if p.name != "abc"]
    assert kept.name.startswith(".old-abc-")
    assert json.loads((kept / "manifest.json").read_text(encoding="utf-8")) == {
        "build_uuid": "one"}
    layout.publish(store, _staged(store, "three"), "def")  # the one before the previous goes
    assert sorted(p.name for p in (store / "builds").iterdir()) == ["abc", "def"]
    assert layout.current_build(store).manifest() == {"build_uuid": "three"}
