"""Domain errors. Each says what went wrong and where (file, line, field)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def display(path: Path | str) -> str:
    """A path as a one-line message shows it: control characters (a newline, an escape
    sequence) in a file name written as escapes, everything else as it is."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class FiscalKGError(Exception):
    """Base class of every error the tool reports to a user."""


@dataclass
class ReportError(FiscalKGError):
    """A report that cannot be read or lacks a fact the graph cannot do without."""

    path: Path | str
    problem: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = display(self.path)
        if self.line is not None:
            where += f":{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}: {self.problem}{field}"


class ManifestError(FiscalKGError):
    """A build manifest that cannot be used: every problem found, each with its line and
    field. Raised before anything is built, so the store stays as it was."""

    def __init__(self, path: Path | str, problems: list[ReportError]) -> None:
        self.path = path
        self.problems = problems
        if len(problems) == 1:
            text = str(problems[0])
        else:
            text = f"{display(path)}: {len(problems)} problems in the build manifest:\n  " + \
                "\n  ".join(str(problem) for problem in problems)
        super().__init__(f"{text}\nnothing was built; the store was left as it was")


class ValidationFailed(FiscalKGError):
    """SHACL found violations: the graph must not be stored."""

    def __init__(self, source: str, violations: list[str]) -> None:
        self.source = source
        self.violations = violations
        shown = "\n  ".join(violations[:20])
        more = f"\n  ... and {len(violations) - 20} more" if len(violations) > 20 else ""
        super().__init__(f"{source}: {len(violations)} SHACL violation(s):\n  {shown}{more}")


class StoreError(FiscalKGError):
    """The store is missing, unreadable or being replaced."""


class QueryError(FiscalKGError):
    """A stored query name that does not exist, or a query file that cannot be read."""
