"""`fiscal-kg build`: reports -> records -> graphs -> SHACL -> a new store, atomically.

Files are read, mapped and validated in worker processes (both cores), each on its own; a file
that fails is reported with what went wrong and where, and the others go on. Each good
report's graph goes straight into a new, not yet visible store; at the end the store is
switched to atomically. With `strict`, one failed file keeps the previous store. A build in
which no file could be read never replaces the store.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fiscal_kg import __version__
from fiscal_kg.config import Settings
from fiscal_kg.errors import FiscalKGError, StoreError, display
from fiscal_kg.licences import common_licence
from fiscal_kg.pipeline.gazetteer import Gazetteer, load_gazetteer
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.linksets import LinkSet, link_files, load_linksets, map_links
from fiscal_kg.pipeline.manifest import Manifest
from fiscal_kg.pipeline.mapping import map_places
from fiscal_kg.pipeline.validate import load_vocabulary
from fiscal_kg.reading import (
    FileResult,
    find_reports,
    read_reports,
    shapes_and_context,
)
from fiscal_kg.resources import DIVISIONS, HOME, ONTOLOGY_DIR, SHAPES_DIR
from fiscal_kg.store import layout
from fiscal_kg.store.crosscheck import cross_check, load_cross_report
from fiscal_kg.store.dumps import dump_records, write_dumps
from fiscal_kg.store.statistics import UnionTally, dataset_statistics


@dataclass
class BuildResult:
    store: Path
    files: list[FileResult] = field(default_factory=list)
    build_id: str | None = None
    published: bool = False
    triples: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]


def build(paths: list[Path], store: Path, minter: Minter, *, strict: bool = False,
          workers: int | None = None,
          progress: Callable[[FileResult, int, int], None] | None = None,
          max_report_bytes: int | None = None, stages: bool = False,
          notify: Callable[[str], None] | None = None,
          manifest: Manifest | None = None) -> BuildResult:
    """Build a store from report files. Returns what happened; raises only on store errors.

    `max_report_bytes` (default: the setting FISCAL_KG_MAX_REPORT_BYTES) refuses larger files;
    `stages` prints a line per stage of a large or slow file on stderr; `notify` is told of
    what a build that died left behind (and was cleared away), and of the rows of a build
    `manifest` that name no file being built. The manifest's rows give the files they name
    their identity and publication; with no `paths`, its files are the ones built.
    """
    if max_report_bytes is None:
        max_report_bytes = Settings.from_env().max_report_bytes
    started = time.monotonic()
    outcome = BuildResult(store)
    if not paths and manifest is not None:
        paths = [entry.file for entry in manifest.entries]
    files = find_reports(paths)
    if not files:
        raise FiscalKGError(f"no report files (*.txt, *.html) in {', '.join(map(str, paths))}")
    if manifest is not None and notify is not None:
        _note_unused_rows(manifest, files, notify)
    workers = workers or min(2, os.cpu_count() or 1)
    try:
        return _build(files, store, minter, outcome, started, strict=strict, workers=workers,
                      progress=progress, max_report_bytes=max_report_bytes, stages=stages,
                      notify=notify, manifest=manifest)
    except OSError as exc:
        raise store_error(store, exc) from None


def _note_unused_rows(manifest: Manifest, files: list[Path],
                      notify: Callable[[str], None]) -> None:
    """Say which rows of the manifest name files that are not being built (a misspelt or
    misplaced path would otherwise lose its row without a word)."""
    built = {path.resolve() for path in files}
    unused = [entry for entry in manifest.entries if entry.file not in built]
    if unused:
        shown = ", ".join(f"line {e.line} ({display(e.file)})" for e in unused[:5])
        more = f" and {len(unused) - 5} more" if len(unused) > 5 else ""
        notify(f"{display(manifest.path)}: {len(unused)} row(s) name files that are not being "
               f"built: {shown}{more}")


def store_error(store: Path, exc: OSError) -> StoreError:
    """What a user reads when the store cannot be written: where, why and what to do."""
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC or "No space left" in str(exc):
        advice = "the disk is full: free space and build again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "choose a --store you can write to, or make this one writable"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        advice = "a file is in the way: choose another --store or remove the file"
    else:
        advice = "fix that and build again"
    return StoreError(f"cannot write the store at {store}: {reason}{where}; {advice}; "
                      f"the previous store was left as it was")


def _build(files: list[Path], store: Path, minter: Minter, outcome: BuildResult,
           started: float, *, strict: bool, workers: int,
           progress: Callable[[FileResult, int, int], None] | None,
           max_report_bytes: int, stages: bool,
           notify: Callable[[str], None] | None, manifest: Manifest | None) -> BuildResult:
    with layout.build_lock(store, notify):
        staged = layout.new_build_dir(store, f"{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            database = ox.Store(str(staged.database))
            seen: dict[tuple[str, int], Path] = {}
            codes: dict[str, FileResult] = {}  # agency -> the first report giving its code
            batch = _Batch(database)
            digest = hashlib.sha256(f"{__version__}\n{minter.base}\n".encode())
            if manifest is not None:
                digest.update(f"manifest {manifest.sha256}\n".encode())
            with contextlib.closing(read_reports(files, minter, workers, stages=stages,
                                                 max_bytes=max_report_bytes,
                                                 manifest=manifest)) as reading:
                for index, result in enumerate(reading, start=1):
                    if result.ok:
                        assert result.agency is not None and result.fiscal_year is not None
                        key = (result.agency, result.fiscal_year)
                        if key in seen:
                            result.error = (f"{display(result.path)}: a second report of "
                                            f"{key[0]} for {key[1]} (the first is "
                                            f"{display(seen[key])})")
                        elif (other := _other_code(result, codes)) is not None:
                            result.error = other
                        else:
                            seen[key] = result.path
                            batch.add(result.quads)
                            digest.update(f"{result.sha256}\n".encode())
                    result.quads = b""  # in the batch, or not wanted: let go
                    outcome.files.append(result)
                    if progress is not None:
                        progress(result, index, len(files))
            batch.flush()
            good = [f for f in outcome.files if f.ok]
            if not good or (strict and outcome.failed):
                del database, batch  # closed before its directory goes
                layout.discard(staged)
                outcome.seconds = time.monotonic() - started
                return outcome
            inputs = build_inputs()
            for entry in inputs:
                digest.update(f"{entry['path']} {entry['sha256']}\n".encode())
            outcome.build_id = digest.hexdigest()[:16]
            serial = uuid.uuid4().hex  # this run's: a rebuild of the same inputs differs
            outcome.triples = _finish(staged, database, good, minter, outcome.build_id, serial,
                                      inputs, manifest)
            del database, batch
            layout.publish(store, staged, f"{outcome.build_id}-{serial[:12]}")
        except BaseException as exc:
            # close the database before removing its directory (RocksDB's threads may still
            # write into it, and it keeps its lock in this process): let go of every
            # reference, also those of the failed calls' frames
            traceback.clear_frames(exc.__traceback__)
            database = batch = None  # type: ignore[assignment]  # noqa: F841
            layout.discard(staged)
            raise
    outcome.published = True
    outcome.seconds = time.monotonic() - started
    return outcome


def _other_code(result: FileResult, codes: dict[str, FileResult]) -> str | None:
    """Why a report cannot be stored when the build manifest gave its agency another credit
    code for an earlier report (an agency has one), else None; notes the code."""
    code = result.publication.credit_code
    if code is None or result.agency is None:
        return None
    first = codes.setdefault(result.agency, result)
    if first.publication.credit_code == code:
        return None
    return (f"{display(result.path)}: the build manifest gives {result.agency} the credit code "
            f"{code} (line {result.manifest_line}) and {first.publication.credit_code} for "
            f"{display(first.path)} (line {first.manifest_line}); an agency has one")


def build_inputs() -> list[dict[str, str]]:
    """Every file besides the reports that the graph is made from, with its SHA-256: the
    ontology and code lists, the shapes (with the checks across reports), the gazetteer and
    the link sets. With the reports, the version and the base IRI they make the build id."""
    files = [*sorted(ONTOLOGY_DIR.glob("*.ttl")), *sorted(SHAPES_DIR.glob("*.ttl")),
             *link_files(), DIVISIONS]
    inputs = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FiscalKGError(f"{path}: cannot read an input of the build: "
                                f"{exc.strerror}") from None
        name = path.relative_to(HOME).as_posix() if path.is_relative_to(HOME) else str(path)
        inputs.append({"path": name, "sha256": hashlib.sha256(data).hexdigest()})
    return inputs


def _load(store: ox.Store, data: bytes, name: str) -> None:
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))


class _Batch:
    """Reports' quads, bulk-loaded a few megabytes at a time (one bulk load per report costs
    about three times as much)."""

    SIZE = 32_000_000

    def __init__(self, database: ox.Store) -> None:
        self.database = database
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, quads: bytes) -> None:
        self.parts.append(quads)
        self.size += len(quads)
        if self.size >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.database.bulk_load(b"".join(self.parts), format=ox.RdfFormat.N_QUADS)
        self.parts, self.size = [], 0


def _finish(staged: layout.BuildDir, database: ox.Store, good: list[FileResult],
            minter: Minter, build_id: str, serial: str, inputs: list[dict[str, str]],
            build_manifest: Manifest | None) -> int:
    """The shared graphs, the dumps, the statistics and the manifest of a build."""
    _context_graph, shapes = shapes_and_context(minter)
    vocabulary = load_vocabulary()
    _load(database, vocabulary.serialize(format="nt", encoding="utf-8"),
          minter.graph("vocabulary"))
    cross_report = load_cross_report()
    _load(database, (shapes + cross_report).serialize(format="nt", encoding="utf-8"),
          minter.graph("shapes"))
    gazetteer = load_gazetteer()
    places = {place.code: place for place in gazetteer.places}
    for result in good:  # and the places of the reports' agencies, with the places above
        places.update((p.code, p) for p in gazetteer.chain(result.region_code or ""))
    _load(database, map_places(gazetteer, minter, list(places.values())).serialize(
        format="nt", encoding="utf-8"), minter.graph("places"))
    linksets = load_linksets(gazetteer, minter)
    _load(database, map_links(linksets).serialize(format="nt", encoding="utf-8"),
          minter.graph("links"))
    # the checks across reports, over everything loaded (reports' own graphs are validated)
    _load(database, cross_check(database, cross_report).serialize(format="nt", encoding="utf-8"),
          minter.graph("validation/cross-report"))
    database.flush()
    triples = len(database)
    union = UnionTally()
    dumps = write_dumps(staged.path, database, minter,
                        [(r.agency, r.fiscal_year) for r in good
                         if r.agency is not None and r.fiscal_year is not None], union,
                        common_licence(r.publication.licence for r in good))
    manifest: dict[str, Any] = {
        "build_id": build_id,
        "build_uuid": serial,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fiscal_kg_version": __version__,
        "base_iri": minter.base,
        "triples": triples,
        "graphs": sorted(str(g.value) for g in database.named_graphs()),
        "statistics": dataset_statistics(database, union),
        "inputs": inputs,
        "build_manifest": build_manifest.describe() if build_manifest is not None else None,
        "reports": [_describe(result, minter, gazetteer) for result in good],
        "dumps": dump_records(dumps),
        "linksets": [_linkset(linkset) for linkset in linksets],
    }
    staged.manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    return triples


def _describe(result: FileResult, minter: Minter, gazetteer: Gazetteer) -> dict[str, Any]:
    """A report as the manifest records it (`fiscal_kg.store.buildinfo.ReportInfo`)."""
    assert result.agency is not None and result.fiscal_year is not None
    name, year = result.agency, result.fiscal_year
    region = gazetteer.by_code(result.region_code or "")
    located = gazetteer.located(result.region_code or "")
    return {
        "file": str(result.path),
        "sha256": result.sha256,
        "encoding": result.encoding,
        "media_type": result.media_type,
        "agency": name,
        "fiscal_year": year,
        "report": str(minter.report(name, year)),
        "agency_iri": str(minter.agency(name)),
        "region": result.region,
        "region_code": result.region_code,
        "region_level": region.level if region else None,
        "spatial": {"geonames": located.geonames, "name": located.name,
                    "latitude": located.latitude, "longitude": located.longitude}
        if located is not None and located.geonames else None,
        "graph": str(minter.dataset(name, year)),
        "triples": result.triples,
        **result.counts,
        "warnings": len(result.findings),
        "unread_lines": len(result.unread),
        "manifest_line": result.manifest_line,
        "credit_code": result.publication.credit_code,
        "source_url": result.publication.source_url,
        "licence": result.publication.licence,
    }


def _linkset(linkset: LinkSet) -> dict[str, Any]:
    """A curated link set as the manifest records it (`fiscal_kg.store.buildinfo.LinksetInfo`)."""
    return {"name": linkset.name, "title": linkset.title, "target": linkset.target,
            "file": linkset.file, "links": len(linkset.links),
            "predicates": sorted({str(link.relation) for link in linkset.links})}
