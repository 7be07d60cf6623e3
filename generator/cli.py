"""Command line: check the curators' input and print the state of the survey.

``survey-atlas check`` runs the whole pipeline without MkDocs and prints every input problem
as ``path:line: message`` followed by a summary and the papers left in "Other";
``survey-atlas report`` prints the curator's report (the site's "Curation report" page).  It is the
only place that prints and chooses exit codes: 0 when the input is clean, 1 when there are
problems (with ``--strict``, also for warnings), 2 when the taxonomy cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.build import build, read_inputs
from generator.problems import InputError, summarize
from generator.report import report_text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="survey-atlas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (holds seeds/, survey.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="parse seeds and taxonomy, report problems")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    commands.add_parser("report", help="print the curator's report (also a page of the site)")
    args = parser.parse_args(argv)
    if args.command == "report":
        return run_report(args.root)
    return run_check(args.root, args.strict)


def run_report(root: Path) -> int:
    try:
        result = build(read_inputs(root))
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    print(report_text(result.report, result.survey), end="")
    return 0


def run_check(root: Path, strict: bool) -> int:
    try:
        result = build(read_inputs(root))
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"taxonomy unusable: {summarize(error.problems)}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(problem, file=sys.stderr)
    papers = result.survey.papers
    print(f"{len(papers)} papers in {len(result.survey.taxonomy.chapters)} chapters; "
          f"{len(result.unplaced)} in Other ({100 * len(result.unplaced) / max(len(papers), 1):.1f}%)")
    for paper in result.unplaced:
        print(f"  Other: {paper.title}")
    if result.problems:
        print(summarize(result.problems), file=sys.stderr)
    errors = any(p.severity == "error" for p in result.problems)
    return 1 if errors or (strict and result.problems) else 0


if __name__ == "__main__":
    sys.exit(main())
