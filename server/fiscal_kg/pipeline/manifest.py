"""The build manifest: a CSV file that says, per report file, what its text may not (or may get
wrong): whose report it is, for which year, where, the agency's unified social credit code,
where the report was published and under which licence.

    file,agency,year,region_code,credit_code,source_url,licence
    2019/finance.txt,湖北省财政厅,2019,420000,11420000MB1234567X,https://...,CC-BY-4.0

A header row names the columns; only `file` is required, in any order; a cell may be empty.
`file` is relative to the manifest's folder. The file is UTF-8 (with or without a byte-order
mark) or, as spreadsheets in Chinese save CSV, GB18030. Every problem is reported with the
manifest's line and the column, all of them at once, before anything is built.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from fiscal_kg.errors import ManifestError, ReportError, display
from fiscal_kg.licences import describe_licence, known_licence, licence_names
from fiscal_kg.pipeline.credit_code import credit_code_problem
from fiscal_kg.pipeline.gazetteer import Gazetteer, load_gazetteer
from fiscal_kg.pipeline.records import Identity, Publication
from fiscal_kg.pipeline.text import normalise_width

COLUMNS = ("file", "agency", "year", "region_code", "credit_code", "source_url", "licence")
FIRST_YEAR = 1990  # the first final accounts were published long after; earlier is a typo


@dataclass(frozen=True)
class ManifestEntry:
    """One row: the report file (resolved) and what the manifest says of it."""

    file: Path
    line: int
    identity: Identity
    publication: Publication


@dataclass(frozen=True)
class Manifest:
    path: Path
    sha256: str
    entries: tuple[ManifestEntry, ...]

    @cached_property
    def _by_file(self) -> dict[Path, ManifestEntry]:
        return {entry.file: entry for entry in self.entries}

    def entry_for(self, report: Path) -> ManifestEntry | None:
        """The row of a report file, whichever way its path is written."""
        return self._by_file.get(_resolved(report))

    def describe(self) -> dict[str, object]:
        """What the build's manifest.json records of it."""
        return {"path": str(self.path), "sha256": self.sha256, "rows": len(self.entries)}


def _resolved(path: Path) -> Path:
    return Path(path).expanduser().resolve(strict=False)


def read_manifest(path: Path, gazetteer: Gazetteer | None = None, *,
                  files_must_exist: bool = True) -> Manifest:
    """Read and check a build manifest. Raises ManifestError with every problem found (file,
    line and column); with `files_must_exist`, a row whose file is missing is one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(path, [ReportError(path, f"cannot read the build manifest: "
                                                     f"{exc.strerror}")]) from None
    text = _decode(data, path)
    checker = _RowChecker(path, gazetteer or load_gazetteer())
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _check_header(reader, checker)
        if not checker.problems:
            for row in reader:
                checker.check(row, reader.line_num, files_must_exist)
    except csv.Error as exc:
        checker.fail(reader.line_num, f"not a CSV file the csv module can read: {exc}")
    if not checker.problems and not checker.entries:
        checker.fail(1, "the build manifest lists no report")
    if checker.problems:
        raise ManifestError(path, checker.problems)
    return Manifest(path, hashlib.sha256(data).hexdigest(), tuple(checker.entries))


def _decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManifestError(path, [ReportError(path, "the build manifest is neither UTF-8 nor "
                                                 "GB18030 text")])


def _check_header(reader: csv.DictReader[str], checker: _RowChecker) -> None:
    names = reader.fieldnames
    if not names:
        checker.fail(1, "the build manifest is empty: it needs a header row naming its "
                        f"columns ({', '.join(COLUMNS)})")
        return
    cleaned = [_column(name) for name in names]
    reader.fieldnames = cleaned
    for index, name in enumerate(cleaned):
        if name not in COLUMNS:
            checker.fail(1, f"unknown column {name!r}: the columns are {', '.join(COLUMNS)}",
                         name or None)
        elif name in cleaned[:index]:
            checker.fail(1, f"the column {name!r} is named twice", name)
    if "file" not in cleaned:
        checker.fail(1, "no column 'file': each row names the report file it is about", "file")


def _column(name: str) -> str:
    return normalise_width(name).strip().lower()


class _RowChecker:
    """Checks rows one by one, keeping every problem with its line and column."""

    def __init__(self, path: Path, gazetteer: Gazetteer) -> None:
        self.path = path
        self.folder = _resolved(path).parent
        self.gazetteer = gazetteer
        self.problems: list[ReportError] = []
        self.entries: list[ManifestEntry] = []
        self.lines: dict[Path, int] = {}  # file -> the line that names it
        self.codes: dict[str, tuple[str, int]] = {}  # agency -> (credit code, line)

    def fail(self, line: int, problem: str, field: str | None = None) -> None:
        self.problems.append(ReportError(self.path, problem, line, field))

    def check(self, row: dict[str | None, str | list[str] | None], line: int,
              files_must_exist: bool) -> None:
        if None in row:
            self.fail(line, f"the row has more cells than the header has columns "
                            f"({len(COLUMNS)} at most)")
            return
        cells = {str(k): _cell(v) for k, v in row.items()}
        before = len(self.problems)
        file = self._file(cells.get("file", ""), line, files_must_exist)
        identity = Identity(self._agency(cells.get("agency", ""), line),
                            self._year(cells.get("year", ""), line),
                            self._region(cells.get("region_code", ""), line))
        publication = Publication(self._credit_code(cells.get("credit_code", ""), line),
                                  self._url(cells.get("source_url", ""), line),
                                  self._licence(cells.get("licence", ""), line))
        if publication.credit_code and identity.agency:
            self._same_code(identity.agency, publication.credit_code, line)
        if file is not None and len(self.problems) == before:
            self.entries.append(ManifestEntry(file, line, identity, publication))

    def _file(self, value: str, line: int, must_exist: bool) -> Path | None:
        if not value:
            self.fail(line, "no file: each row names the report file it is about", "file")
            return None
        file = _resolved(self.folder / value)
        if file in self.lines:
            self.fail(line, f"{value} is named again (first on line {self.lines[file]})", "file")
            return None
        self.lines[file] = line
        if must_exist and not file.is_file():
            self.fail(line, f"no such report file: {display(file)}", "file")
        return file

    def _agency(self, value: str, line: int) -> str | None:
        if not value:
            return None
        name = normalise_width(value).strip()
        if not name.isprintable() or len(name) > 100:
            self.fail(line, f"{value!r} is not an agency's name (one line, at most 100 "
                            "characters)", "agency")
            return None
        return name

    def _year(self, value: str, line: int) -> int | None:
        if not value:
            return None
        text = normalise_width(value).strip().removesuffix("年度").removesuffix("年")
        this_year = date.today().year
        if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= this_year:
            self.fail(line, f"{value!r} is not a fiscal year: four digits, {FIRST_YEAR} to "
                            f"{this_year}", "year")
            return None
        return int(text)

    def _region(self, value: str, line: int) -> str | None:
        if not value:
            return None
        code = normalise_width(value).strip()
        if not re.fullmatch(r"\d{6}", code):
            self.fail(line, f"{value!r} is not an administrative division code (six digits, "
                            "GB/T 2260, e.g. 420700)", "region_code")
            return None
        if self.gazetteer.by_code(code) is None:
            self.fail(line, f"{code} is not a division of data/divisions/divisions.csv (the "
                            "NBS list of 2023) nor of data/links/places.csv", "region_code")
            return None
        return code

    def _credit_code(self, value: str, line: int) -> str | None:
        if not value:
            return None
        code = normalise_width(value).strip().upper()
        problem = credit_code_problem(code)
        if problem is not None:
            self.fail(line, f"{value!r}: {problem}", "credit_code")
            return None
        return code

    def _same_code(self, agency: str, code: str, line: int) -> None:
        """One agency has one code: two rows may not give it two."""
        first = self.codes.setdefault(agency, (code, line))
        if first[0] != code:
            self.fail(line, f"{agency} has the credit code {first[0]} on line {first[1]} and "
                            f"{code} here", "credit_code")

    def _url(self, value: str, line: int) -> str | None:
        if not value:
            return None
        problem = url_problem(value)
        if problem is not None:
            self.fail(line, f"{value!r}: {problem}", "source_url")
            return None
        return value

    def _licence(self, value: str, line: int) -> str | None:
        if not value:
            return None
        known = known_licence(value)
        if known is not None:
            return known.url
        if url_problem(value) is not None:
            self.fail(line, f"{value!r} is neither a licence's URL (http or https) nor one of "
                            f"{', '.join(licence_names())}", "licence")
            return None
        return describe_licence(value).url  # a well-known licence at another of its addresses


def _cell(value: str | list[str] | None) -> str:
    if isinstance(value, list):  # only under the None key, refused before
        return ""
    return unicodedata.normalize("NFC", value or "").strip()


def url_problem(value: str) -> str | None:
    """Why a text is not an http(s) URL that can stand in the graph, or None."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return f"only http and https addresses are taken, not {parts.scheme or 'a relative one'}"
    if not parts.netloc:
        return "the address names no host"
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        return f"not a valid IRI ({exc})"
    return None
