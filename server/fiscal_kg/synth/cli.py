"""The command `fiscal-kg synth`: its arguments, and writing the corpus with one line of summary."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fiscal_kg.synth.corpus import generate, write_reports


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `fiscal-kg synth`."""
    parser.add_argument("n", type=int, metavar="N", help="number of reports")
    parser.add_argument("--out", type=Path, required=True, help="directory to write them to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--no-expected", dest="expected", action="store_false",
                        help="do not write <report>.expected.json beside each report")


def run(args: argparse.Namespace) -> int:
    """`fiscal-kg synth N --out DIR [--seed S] [--no-expected]`: write the corpus, print one line."""
    started = time.monotonic()
    reports = generate(args.n, args.seed)
    directory: Path = args.out
    write_reports(directory, reports, args.expected)
    agencies = {r.expected["agency"] for r in reports}
    years = sorted({r.expected["year"] for r in reports})
    figures = sum(len(r.expected["figures"]) for r in reports)
    span = f" ({years[0]}-{years[-1]})" if years else ""
    print(f"synth  {directory}: {len(reports)} report(s), {len(agencies)} agencies, "
          f"{len(years)} years{span}, {figures:,} figures in {time.monotonic() - started:.1f} s "
          f"(seed {args.seed})")
    return 0
