"""The curator's corrections to extracted facts: hide a wrong fact, mark one verified, fix a role.

Corrections live under ``facts:`` in ``survey.yml`` (read by ``taxonomy.py``), one entry per fact,
naming the paper (title or slug), the fact field and the fact's text as the site shows it.
Applying them is a stage after extraction.  A correction that names no paper, no field or no
fact of that paper is reported at its line, with the closest titles or the facts the paper
does have, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from generator.extract import FIELDS
from generator.extract.ownership import ROLE_FIELDS
from generator.model import Fact, FactCorrection, Facts, Paper
from generator.problems import Problem, did_you_mean


def apply_corrections(
    path: str, facts: Mapping[str, Facts], corrections: Sequence[FactCorrection],
    lookup: Callable[[str], str | None], papers: Sequence[Paper],
) -> tuple[dict[str, Facts], list[Problem]]:
    """The facts with every usable correction applied, and a problem for each unusable one."""
    corrected = dict(facts)
    problems: list[Problem] = []
    field_names = [field.name for field in FIELDS]
    for correction in corrections:
        slug = lookup(correction.paper)
        if slug is None:
            problems.append(Problem(path, correction.line, unknown_paper(correction.paper, papers), "error"))
            continue
        if correction.field not in field_names:
            problems.append(Problem(path, correction.line, f"fact field {correction.field!r} is none of "
                                                            f"{', '.join(field_names)}", "error"))
            continue
        if correction.role and correction.field not in ROLE_FIELDS:
            problems.append(Problem(path, correction.line, f"only {', '.join(ROLE_FIELDS)} facts have a role",
                                    "error"))
            continue
        found = corrected[slug][correction.field]
        matching = [fact for fact in found if same_text(fact.text, correction.fact)]
        if not matching:
            have = ", ".join(repr(fact.text) for fact in found) or "none"
            problems.append(Problem(path, correction.line, f"{correction.paper!r} has no {correction.field} fact "
                                                            f"{correction.fact!r} (it has: {have})", "error"))
            continue
        kept = tuple(corrected_fact(fact, correction) if fact in matching else fact
                     for fact in found if not (fact in matching and correction.hide))
        corrected[slug] = Facts({**corrected[slug].by_field, correction.field: kept})
    return corrected, problems


def corrected_fact(fact: Fact, correction: FactCorrection) -> Fact:
    return replace(fact, verified=fact.verified or correction.verified, role=correction.role or fact.role)


def same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def unknown_paper(name: str, papers: Sequence[Paper]) -> str:
    return f"fact correction names unknown paper {name!r}{did_you_mean(name, [paper.title for paper in papers])}"
