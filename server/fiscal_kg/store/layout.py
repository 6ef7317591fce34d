"""The on-disk layout of a store directory, and its atomic replacement.

    STORE/
      current -> builds/<build-id>-<serial>   symlink, swapped atomically (os.replace)
      builds/<build-id>-<serial>/
        oxigraph/                      the Oxigraph database (opened read-only to serve)
        dumps/                         RDF dumps and the tabular export (store/dumps.py)
        manifest.json                  build id, inputs and their sha256, counts, statistics,
                                       and every dump with its size and sha256
      .lock                            held while a build writes; names its holder

A build writes a new directory and only then points `current` at it: a reader never sees a
half-written store, and a failed build leaves `current` as it was. A directory is named by the
build id and the run's serial (the manifest's `build_uuid`), so it is never reused: a rebuild
of the same inputs gets a directory of its own, and a server that has a build open goes on
reading that build's files until it lets go. The previous build is kept (a server may still
have it open); older ones are removed.

The lock is an flock on `.lock`, which the kernel releases when its holder dies; the file
records the holder (process id, start time, host) while a build runs. A build that finds a
holder recorded finds that the build before it died: it says so and removes what that build
left (`builds/.staging-*`). A lock still held although its recorded holder is dead (held by
processes the dead build left behind) is taken over by replacing the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fiscal_kg.errors import StoreError
from fiscal_kg.store.buildinfo import BuildInfo

CURRENT = "current"
BUILDS = "builds"
LOCK = ".lock"
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

    def info(self) -> BuildInfo:
        """The manifest, typed; StoreError when it is unreadable or not a build's."""
        return BuildInfo.from_json(self.manifest(), str(self.manifest_path))


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


@dataclass(frozen=True)
class Holder:
    """The build process that holds (or held) a store's lock."""

    pid: int
    started: str | None  # the process's start time (/proc/PID/stat), against reused ids
    host: str

    @classmethod
    def me(cls) -> Holder:
        return cls(os.getpid(), _start_time(os.getpid()), socket.gethostname())

    def alive(self) -> bool:
        """Whether the holder still runs (a holder on another machine is taken to)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        started = _start_time(self.pid)
        if started == "zombie":
            return False
        return self.started is None or started is None or started == self.started


def _start_time(pid: int) -> str | None:
    """A process's start time since boot (clock ticks), "zombie" for a dead one; None if
    there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return "zombie" if fields[0] in ("Z", "X") else fields[19]


def _read_holder(handle: IO[str]) -> Holder | None:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "null")
        return Holder(int(data["pid"]), data.get("started"), str(data["host"])) if data else None
    except (ValueError, TypeError, KeyError):
        return None


def _write_holder(handle: IO[str], holder: Holder | None) -> None:
    handle.seek(0)
    handle.truncate()
    if holder is not None:
        handle.write(json.dumps({"pid": holder.pid, "started": holder.started,
                                 "host": holder.host}) + "\n")
    handle.flush()


@contextlib.contextmanager
def build_lock(store: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Only one build writes to a store at a time; what a dead build left is cleared away.

    `notify` is told, in a sentence, of a dead build's lock taken over or its leftovers removed.
    """
    tell = notify or (lambda _message: None)
    _make_store(store)
    handle = _acquire(store, tell)
    try:
        dead = _read_holder(handle)
        _write_holder(handle, Holder.me())
        if dead is not None and dead.pid != os.getpid():
            left = _remove_leftovers(store)
            tell(f"a build (process {dead.pid}) of {store} died without finishing"
                 + (f"; removed what it left: {', '.join(left)}" if left else ""))
        yield
    finally:
        with contextlib.suppress(OSError):
            _write_holder(handle, None)  # finished, well or not: nothing left behind
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _make_store(store: Path) -> None:
    if store.exists() and not store.is_dir():
        raise StoreError(f"{store} is a file, not a store directory: choose another --store "
                         f"or remove the file")
    store.mkdir(parents=True, exist_ok=True)


def _acquire(store: Path, tell: Callable[[str], None]) -> IO[str]:
    """The store's lock file, flock'd by this process."""
    path = store / LOCK
    for _attempt in range(20):
        handle = path.open("a+", encoding="utf-8")  # not inherited by spawned workers
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(handle)
            if holder is None or holder.alive():
                handle.close()
                who = f" (process {holder.pid} on {holder.host})" if holder else ""
                raise StoreError(f"another build{who} is writing to {store}: wait until it "
                                 f"has finished") from None
            if _replace_lock(store, handle, holder):
                tell(f"the lock of {store} was held for process {holder.pid}, which has died "
                     f"(by processes it left behind): taken over")
            handle.close()
            continue
        if _same_file(handle, path):
            return handle
        handle.close()  # replaced since it was opened: lock the new one
    raise StoreError(f"could not take the lock {path}: it keeps being replaced")


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except OSError:
        return False


def _replace_lock(store: Path, handle: IO[str], dead: Holder) -> bool:
    """Put a new lock file (naming the dead holder) in place of the one `handle` has open,
    unless another build did so first. Builds taking over at once take turns (an flock on
    the store directory)."""
    directory = os.open(store, os.O_RDONLY)
    try:
        fcntl.flock(directory, fcntl.LOCK_EX)
        if not _same_file(handle, store / LOCK):
            return False
        fresh = store / f"{LOCK}.{os.getpid()}"
        with fresh.open("w", encoding="utf-8") as new:
            _write_holder(new, dead)
        os.replace(fresh, store / LOCK)
        return True
    finally:
        os.close(directory)


def _remove_leftovers(store: Path) -> list[str]:
    """The staging directories of builds that did not finish (only with the lock held)."""
    removed = []
    builds = store / BUILDS
    if builds.is_dir():
        for child in sorted(builds.iterdir()):
            if child.name.startswith(".staging-"):
                shutil.rmtree(child, ignore_errors=True)
                removed.append(f"{BUILDS}/{child.name}")
    return removed


def new_build_dir(store: Path, name: str) -> BuildDir:
    """A fresh, empty directory to write a build into (not yet visible to readers)."""
    _check_is_store(store)
    staging = store / BUILDS / f".staging-{name}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return BuildDir(staging)


def publish(store: Path, staged: BuildDir, name: str) -> BuildDir:
    """Make a staged build the current one, atomically; prune builds older than the previous.

    `name` is new for every build (the build id and the run's serial): a directory is never
    reused, so a server that holds a build open keeps reading that build's files, and a new
    path is a new build even when its id is the same."""
    builds = store / BUILDS
    final = builds / name
    previous = (store / CURRENT).resolve() if (store / CURRENT).exists() else None
    if final.exists():
        raise StoreError(f"{final} exists already: a build directory is never reused")
    os.replace(staged.path, final)
    link_tmp = store / f".{CURRENT}.tmp"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(Path(BUILDS) / name)
    os.replace(link_tmp, store / CURRENT)
    _prune(builds, keep={final.resolve(), previous})
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
    ours = {CURRENT, BUILDS, LOCK, f".{CURRENT}.tmp"}
    foreign = [p.name for p in store.iterdir()
               if p.name not in ours and not p.name.startswith(f"{LOCK}.")]
    if foreign:
        raise StoreError(
            f"{store} is not a fiscal-kg store (it holds {', '.join(sorted(foreign)[:5])}): "
            f"choose an empty or new directory"
        )
