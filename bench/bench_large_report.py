"""Benchmark: one report that grows, to show what a build costs per line of amounts.

    .venv/bin/python bench/bench_large_report.py [--lines 0 1000 2000 4000] [--limit 600]
                                                  [--workdir DIR]

For each N it writes the seed report with N extra lines of amounts in its expenditure section
('其中：项目17支出18.17万元。', each a figure of its own), builds it alone with `fiscal-kg build`
into a fresh store and prints the wall time of the build, the figures read and the time of each
stage (the `stage` lines `build` prints for a slow or large file: extraction, mapping, SHACL
validation). A build over --limit seconds is stopped and shown as such. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parents[1]
SEED = HOME / "data" / "reports" / "ezhou-government-office-2018-final-accounts.txt"
AFTER_LINE = 34  # the expenditure section's paragraph


def padded(lines: int) -> str:
    text = SEED.read_text(encoding="utf-8").split("\n")
    extra = [f"其中：项目{i}支出{i % 900 + 1}.{i % 100:02d}万元。" for i in range(lines)]
    return "\n".join(text[:AFTER_LINE] + extra + text[AFTER_LINE:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[0, 1000, 2000, 4000])
    parser.add_argument("--limit", type=float, default=600.0, help="seconds a build may take")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fiscal-kg-large-"))
    work.mkdir(parents=True, exist_ok=True)
    fiscal_kg = Path(sys.executable).with_name("fiscal-kg")
    print(f"{'extra lines':>11} {'bytes':>9} {'figures':>8} {'build s':>8} "
          f"{'extract s':>9} {'map s':>6} {'validate s':>10}")
    for lines in args.lines:
        folder = work / f"report-{lines}"
        folder.mkdir(exist_ok=True)
        report = folder / "report.txt"
        report.write_text(padded(lines), encoding="utf-8")
        store = work / f"store-{lines}"
        shutil.rmtree(store, ignore_errors=True)
        started = time.monotonic()
        try:
            done = subprocess.run(
                [str(fiscal_kg), "build", str(report), "--store", str(store)],
                capture_output=True, text=True, timeout=args.limit, check=False,
                env={**os.environ, "FISCAL_KG_MAX_REPORT_BYTES": str(10**9)})
        except subprocess.TimeoutExpired:
            print(f"{lines:>11,} {report.stat().st_size:>9,} {'':>8} {'>' + str(args.limit):>8}")
            continue
        seconds = time.monotonic() - started
        if done.returncode != 0:
            print(f"{lines:>11,}: build failed: {done.stderr.strip()[-300:]}")
            continue
        figures = re.search(r": ([\d,]+) figures", done.stdout)
        stage = {m.group(1): m.group(2) for m in re.finditer(
            r"^stage .*?: (read|mapped|validated).*? in ([\d.]+) s", done.stderr, re.M)}
        print(f"{lines:>11,} {report.stat().st_size:>9,} "
              f"{figures.group(1) if figures else '?':>8} {seconds:>8.1f} "
              f"{stage.get('read', '-'):>9} {stage.get('mapped', '-'):>6} "
              f"{stage.get('validated', '-'):>10}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
