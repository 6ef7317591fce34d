"""The on-disk layout of a store directory, and its atomic replacement.

    STORE/
      current -> builds/<build-id>     symlink, swapped atomically (os.replace)
      builds/<build-id>/
        oxigraph/                      the Oxigraph database (opened read-only to serve)
        dumps/                         RDF dumps and the tabular export (store/dumps.py)
        manifest.json                  build id, inputs and their sha256, counts, statistics,
                                       and every dump with its size and sha256
      .lock                            held while a build writes

A build writes a new `builds/<id>` directory and only then points `current` at it: a reader
never sees a half-written store, and a failed build leaves `current` as it was. The previous
build is kept (a server may still have it open); older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fiscal_kg.errors import StoreError

CURRENT = "current"
BUILDS = "builds"
MANIFEST = "manifest.json"
DATABASE = "oxigraph"


@dataclass(frozen=True)
class BuildDir:
    """One build of the store."""

    path: Path

    @property
    def database(self) -> Path:
        return self.path / DATABASE

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def manifest(self) -> dict[str, Any]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.manifest_path}: unreadable build manifest ({exc})") from None
        if not isinstance(data, dict):
            raise StoreError(f"{self.manifest_path}: the manifest is not a JSON object")
        return data

    @property
    def build_id(self) -> str:
        return self.path.name


def current_build(store: Path) -> BuildDir:
    """The build the store's `current` link points at; StoreError if there is none."""
    link = store / CURRENT
    if not link.exists():
        raise StoreError(
            f"no store at {store}: run `fiscal-kg build --store {store}` first"
        )
    build = BuildDir(link.resolve())
    if not build.database.is_dir() or not build.manifest_path.is_file():
        raise StoreError(f"the store at {store} is incomplete ({build.path} lacks its database)")
    return build


@contextlib.contextmanager
def build_lock(store: Path) -> Iterator[None]:
    """Only one build writes to a store at a time."""
    store.mkdir(parents=True, exist_ok=True)
    with (store / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another build is writing to {store}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_build_dir(store: Path, build_id: str) -> BuildDir:
    """A fresh, empty directory to write a build into (not yet visible to readers)."""
    _check_is_store(store)
    staging = store / BUILDS / f".staging-{build_id}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return BuildDir(staging)


def publish(store: Path, staged: BuildDir, build_id: str) -> BuildDir:
    """Make a staged build the current one, atomically; prune builds older than the previous."""
    builds = store / BUILDS
    final = builds / build_id
    previous = (store / CURRENT).resolve() if (store / CURRENT).exists() else None
    if final.exists():
        if previous == final.resolve():  # rebuilding the current build: move it aside first
            aside = builds / f".old-{build_id}-{os.getpid()}"
            os.replace(final, aside)
            previous = aside
        else:
            shutil.rmtree(final)
    os.replace(staged.path, final)
    link_tmp = store / f".{CURRENT}.tmp"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(Path(BUILDS) / build_id)
    os.replace(link_tmp, store / CURRENT)
    _prune(builds, keep={final.resolve(), previous.resolve() if previous else None})
    return BuildDir(final)


def discard(staged: BuildDir) -> None:
    shutil.rmtree(staged.path, ignore_errors=True)


def _prune(builds: Path, keep: set[Path | None]) -> None:
    for child in builds.iterdir():
        if child.resolve() not in keep and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)


def _check_is_store(store: Path) -> None:
    """Refuse to write into a directory that holds something other than a store."""
    if not store.exists():
        return
    ours = {CURRENT, BUILDS, ".lock", f".{CURRENT}.tmp"}
    foreign = [p.name for p in store.iterdir() if p.name not in ours]
    if foreign:
        raise StoreError(
            f"{store} is not a fiscal-kg store (it holds {', '.join(sorted(foreign)[:5])}): "
            f"choose an empty or new directory"
        )
