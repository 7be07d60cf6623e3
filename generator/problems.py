"""Problems found in the curators' input, and the exceptions that carry them.

Every stage that reads curator-written input (seed files, the taxonomy file) reports what
is wrong as a ``Problem`` tied to a ``path:line`` and keeps going, so the curator sees every
problem of a run at once.  Stages return their problems alongside their results; a stage
that cannot produce a result at all raises ``InputError`` carrying all of them.  Only the
CLI and the MkDocs plugin decide how to print them.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.wording import count

Severity = Literal["error", "warning"]
# One severity, shown the same way everywhere: the MkDocs plugin logs a problem at this level
# (strict mode fails on either), and ``survey-atlas check`` prints the same label.
# An error is an instruction of the curator's that could not be carried out (an override or a
# fact correction naming no paper) or a taxonomy that cannot be used; a warning is input that
# was read as well as it could be (a seed line without a date, a skipped file).
LOG_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: str
    line: int
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def labelled(self) -> str:
        """The line as MkDocs logs it (``ERROR   -  survey.yml:12: …``), for the CLI to print."""
        return f"{logging.getLevelName(LOG_LEVELS[self.severity]):<7} -  {self}"


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
    return (f"{count(len(items), 'problem')} ({count(errors, 'error')}, {count(warnings, 'warning')}) "
            f"in {count(files, 'file')}")


def did_you_mean(name: str, candidates: Sequence[str], limit: int = 3) -> str:
    """'; did you mean 'A' or 'B'?' naming the candidates closest to ``name`` (any case), or ''."""
    folded = {candidate.casefold(): candidate for candidate in candidates}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=limit, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(folded[c]) for c in close)}?" if close else ""
