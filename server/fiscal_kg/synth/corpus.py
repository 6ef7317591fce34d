"""The corpus: `generate` N reports with the figures they state (`SynthReport`), `write_corpus`
them into a folder."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fiscal_kg.synth.expected import dump_expected
from fiscal_kg.synth.figures import Year, draw_series
from fiscal_kg.synth.plan import plan_corpus
from fiscal_kg.synth.report import ReportWriter

DISCREPANCY_RATE = 0.03  # share of reports that state one total that is not the sum of its parts


@dataclass(frozen=True)
class SynthReport:
    """A generated report: its file name, its text and the figures it states."""

    filename: str
    text: str
    expected: dict[str, Any]
    encoding: str = "utf-8"  # of the file: utf-8, utf-8-sig or gb18030

    @property
    def data(self) -> bytes:
        text = self.text.replace("\n", "\r\n") if self.expected["synthetic"]["layout"].get(
            "crlf") else self.text
        return text.encode(self.encoding)

    @property
    def expected_json(self) -> str:
        return dump_expected(self.expected)


def generate(n: int, seed: int = 1) -> list[SynthReport]:
    """N reports of about N/4 agencies, each in several years, with the figures they state."""
    if n < 0:
        raise ValueError("the number of reports must not be negative")
    rng = random.Random(seed)
    plan = plan_corpus(n, rng)
    series: dict[str, dict[int, Year]] = {}
    reports: list[SynthReport] = []
    kinds = ["three-public", "operating-costs", "procurement", "staffing"]
    for index, (agency, year) in enumerate(plan, start=1):
        if agency.name not in series:
            series[agency.name] = draw_series(agency, random.Random(rng.getrandbits(64)))
        report_rng = random.Random(rng.getrandbits(64))
        discrepancy = report_rng.choice(kinds) if report_rng.random() < DISCREPANCY_RATE else None
        writer = ReportWriter(agency, series[agency.name], year, report_rng, discrepancy)
        text, expected = writer.write()
        if discrepancy is not None and writer.found is None:
            # the layout drawn has no place for this discrepancy: write the report without it
            writer = ReportWriter(agency, series[agency.name], year,
                                  random.Random(report_rng.getrandbits(64)), None)
            text, expected = writer.write()
        html_page = writer.layout["html"]
        encoding = "utf-8"
        if not html_page:
            draw = report_rng.random()
            encoding = "gb18030" if draw < 0.04 else "utf-8-sig" if draw < 0.06 else "utf-8"
            writer.layout["crlf"] = report_rng.random() < 0.05
        writer.layout["encoding"] = encoding
        filename = f"{index:04d}-{agency.name}-{year}.{'html' if html_page else 'txt'}"
        expected["file"] = filename
        expected["synthetic"]["seed"] = seed
        reports.append(SynthReport(filename, text, expected, encoding))
    return reports


def write_corpus(directory: Path, n: int, seed: int = 1, expected: bool = True) -> list[Path]:
    """Write N reports (and, if asked, <stem>.expected.json beside each); the report paths.

    `fiscal-kg build DIR` reads only the *.txt and *.html files of the folder."""
    return write_reports(directory, generate(n, seed), expected)


def write_reports(directory: Path, reports: list[SynthReport], expected: bool) -> list[Path]:
    """Write the reports (and, if asked, their expected data) into the directory; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for report in reports:
        path = directory / report.filename
        path.write_bytes(report.data)
        if expected:
            (directory / f"{path.stem}.expected.json").write_text(report.expected_json,
                                                                   encoding="utf-8")
        paths.append(path)
    return paths
