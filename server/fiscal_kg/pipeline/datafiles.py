"""The project's data files: CSV tables with a fixed header (data/links, data/divisions)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from fiscal_kg.errors import FiscalKGError


def rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """Each row of a CSV file whose header must be exactly `columns`, with where it stands
    ('places.csv:12'), for the messages that name a bad row."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise FiscalKGError(f"{path}:1: expected the columns {', '.join(columns)}")
        for row in reader:
            yield f"{path}:{reader.line_num}", row
