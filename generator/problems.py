"""Problems found in the curators' input, and the exceptions that carry them.

Every stage that reads curator-written input (seed files, the taxonomy file) reports what
is wrong as a ``Problem`` tied to a ``path:line`` and keeps going, so the curator sees every
problem of a run at once.  Stages return their problems alongside their results; a stage
that cannot produce a result at all raises ``InputError`` carrying all of them.  Only the
CLI and the MkDocs plugin decide how to print them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: str
    line: int
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InputError(Exception):
    """Raised when input is too broken to continue; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(summarize(self.problems))


def summarize(problems: Iterable[Problem]) -> str:
    """A one-line count such as '3 problems (1 error, 2 warnings) in 2 files'."""
    items = list(problems)
    errors = sum(p.severity == "error" for p in items)
    warnings = len(items) - errors
    files = len({p.path for p in items})
    noun = "problem" if len(items) == 1 else "problems"
    return (
        f"{len(items)} {noun} ({errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}) in {files} file{'s' * (files != 1)}"
    )
