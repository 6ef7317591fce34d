"""Print the mutation score of `make mutation` and the surviving mutants; fail under 90%.

Run in the staging folder after `mutmut run`. A mutant that made the tests time out or crash
was detected; one no test covers counts as a survivor.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

THRESHOLD = 90.0


def main() -> int:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    subprocess.run([mutmut, "export-cicd-stats"], check=True, capture_output=True)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    detected = stats["killed"] + stats["timeout"] + stats["segfault"]
    counted = stats["total"] - stats["skipped"]
    score = 100.0 * detected / counted if counted else 0.0
    results = subprocess.run([mutmut, "results"], check=True, capture_output=True,
                             text=True).stdout.splitlines()
    survivors = "\n".join(line.strip() for line in results
                          if line.strip().endswith(("survived", "no tests")))
    print(f"mutation score of the query checks: {score:.1f}% ({detected} of {counted} mutants "
          f"detected; {stats['survived']} survived, {stats['no_tests']} not covered)")
    if survivors:
        print("surviving mutants (`cd build/mutation && mutmut show NAME` shows one):")
        print(survivors)
    return 0 if score >= THRESHOLD else 1


if __name__ == "__main__":
    sys.exit(main())
