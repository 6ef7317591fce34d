"""Print the mutation score of each module `make mutation` mutates and the surviving mutants;
fail (exit status 1) when a module is under its threshold.

Run in the staging folder after `mutmut run`. A mutant that made the tests time out or crash
was detected; one no test covers counts as a survivor; a skipped one is not counted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# module -> (what it is, least score in %)
THRESHOLDS = {
    "fiscal_kg.sparql_text": ("the query checks", 90.0),
    "fiscal_kg.pipeline.numbers": ("the number reader", 85.0),
    "fiscal_kg.pipeline.sections": ("the outline", 85.0),
}
DETECTED = {"killed", "timeout", "segfault"}
NOT_COUNTED = {"skipped"}


def module_of(mutant: str) -> str | None:
    """The module a mutant's name ('fiscal_kg.pipeline.numbers.x_parse__mutmut_3') is in."""
    return next((module for module in THRESHOLDS if mutant.startswith(module + ".")), None)


def score_modules(statuses: dict[str, str]) -> list[tuple[str, float, int, int, list[str]]]:
    """(module, score, detected, counted, survivors) of each module, from mutants' statuses."""
    scores = []
    for module in THRESHOLDS:
        mine = {name: status for name, status in statuses.items() if module_of(name) == module}
        counted = [name for name, status in mine.items() if status not in NOT_COUNTED]
        detected = sum(1 for name in counted if mine[name] in DETECTED)
        survivors = [f"{name}: {mine[name]}" for name in counted if mine[name] not in DETECTED]
        score = 100.0 * detected / len(counted) if counted else 0.0
        scores.append((module, score, detected, len(counted), survivors))
    return scores


def main() -> int:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    lines = subprocess.run([mutmut, "results", "--all", "true"], check=True, capture_output=True,
                           text=True).stdout.splitlines()
    statuses = dict(line.strip().split(": ", 1) for line in lines if ": " in line)
    scores = score_modules(statuses)
    failed = False
    for module, score, detected, counted, _survivors in scores:
        what, threshold = THRESHOLDS[module]
        below = score < threshold
        failed |= below
        print(f"mutation score of {what} ({module}): {score:.1f}% ({detected} of {counted} "
              f"mutants detected; threshold {threshold:g}%{', NOT MET' if below else ''})")
    for module, _score, _detected, _counted, survivors in scores:
        if survivors:
            print(f"surviving mutants of {module} (`cd build/mutation && mutmut show NAME`):")
            print("\n".join(f"    {line}" for line in survivors))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
