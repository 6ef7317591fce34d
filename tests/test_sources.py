"""data/SOURCES lists every source document with its sha256; the link sets are well formed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.resources import DATA_DIR, HOME, REPORTS_DIR


def sources() -> dict[str, str]:
    text = (DATA_DIR / "SOURCES").read_text(encoding="utf-8")
    files = re.findall(r"^file:\s+(\S+)\nsha256:\s+([0-9a-f]{64})", text, flags=re.M)
    return dict(files)


def test_every_report_is_listed_with_its_sha256() -> None:
    listed = sources()
    on_disk = sorted(p.relative_to(DATA_DIR).as_posix() for p in REPORTS_DIR.iterdir())
    assert sorted(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() == digest


def test_the_seed_is_copied_byte_for_byte() -> None:
    seed = HOME.parent / "shared" / "seed" / "ezhou-government-office-2018-final-accounts.txt"
    copy = REPORTS_DIR / seed.name
    if seed.exists():  # beside the project in the workplace; not in every clone
        assert copy.read_bytes() == seed.read_bytes()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == sources()[f"reports/{seed.name}"]


def test_every_link_subject_is_a_place_of_the_gazetteer() -> None:
    assert all(len(p.code) == 6 for p in load_gazetteer().places)
    assert Path(DATA_DIR / "links" / "places.csv").exists()
