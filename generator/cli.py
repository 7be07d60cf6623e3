"""Command line: build the site safely, check the curators' input, print the curator's report.

``survey-atlas build`` runs MkDocs into a fresh folder beside ``site/`` and, only when the
build succeeded, brings ``site/`` up to date from it: changed files are replaced, files gone
from the build are removed, unchanged files are left alone (their mtimes too, so a rebuild with
nothing changed rewrites nothing and a deploy uploads only what changed).  A failed build (bad
taxonomy, ``--strict`` warnings, a crash) leaves the previous site untouched.
``survey-atlas check`` runs the input stages and placement (no extraction, no pages) and prints every input problem as
``path:line: message``, a summary and the papers left in "Other"; ``survey-atlas report``
prints the curator's report (the site's "Curation report" page).  This module is the only
place that prints and chooses exit codes: 0 when all is well, 1 when there are problems (with
``--strict``, also for warnings), 2 when the taxonomy cannot be used.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.build import TAXONOMY_FILE, Inputs, build, check_with_corrections, place, read_inputs
from generator.model import OTHER_CHAPTER, OTHER_ID, shown_chapters
from generator.problems import InputError, summarize
from generator.report import report_text
from generator.report_formats import report_markdown, report_yaml
from generator.wording import count

T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="survey-atlas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder (holds seeds/, survey.yml); default: the nearest folder, from here "
                             "upwards, that holds survey.yml")
    # --root is accepted after the command too ("survey-atlas check --root DIR").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="project folder")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", parents=[common], help="parse seeds and taxonomy, report problems")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    report = commands.add_parser("report", parents=[common],
                                 help="print the curator's report (also a page of the site)")
    report.add_argument("--format", choices=("text", "markdown", "yaml"), default="text",
                        help="text for reading; markdown or yaml with a survey.yml snippet for each suggestion")
    build_site = commands.add_parser("build", parents=[common], help="build site/ with MkDocs, safely")
    build_site.add_argument("--strict", action="store_true", help="fail on any warning (as mkdocs --strict)")
    build_site.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    build_site.add_argument("--no-cache", action="store_true",
                            help="recompute every stage; neither read nor write .survey-atlas-cache/")
    args = parser.parse_args(argv)
    if args.root is None:
        args.root = project_root(Path.cwd())
        if args.root is None:
            print(f"survey-atlas: no {TAXONOMY_FILE} in {Path.cwd()} or any folder above it; "
                  "run this in the project or pass --root", file=sys.stderr)
            return 2
    if args.command == "report":
        return run_report(args.root, args.format)
    if args.command == "build":
        try:
            return run_build(args.root, args.site_dir or args.root / "site", args.strict, cache=not args.no_cache)
        except KeyboardInterrupt:
            print("build interrupted; site left as it was", file=sys.stderr)
            return 130
    return run_check(args.root, args.strict)


# Builds write into SCRATCH/<pid> beside site/ (git-ignored), so an interrupted build cannot
# leave folders in the project; a build removes what builds killed outright left there.
SCRATCH = ".site-scratch"


def run_build(root: Path, site_dir: Path, strict: bool, cache: bool = True) -> int:
    """Build into a scratch folder beside ``site_dir`` and bring ``site_dir`` up to date from it
    only when MkDocs succeeds.  SIGINT and SIGTERM remove the scratch folder; ``site_dir`` stays
    as it was whenever the build does not finish."""
    show_mkdocs_log()
    site_dir = site_dir.resolve()
    scratch = site_dir.parent / SCRATCH
    remove_abandoned(scratch)
    fresh = scratch / str(os.getpid())
    fresh.mkdir(parents=True, exist_ok=True)
    previous = signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(fresh), strict=strict)
        if not cache and "survey-atlas" in config.plugins:
            config.plugins["survey-atlas"].config["cache"] = False
        mkdocs_build(config)
        with signals_held():  # an interruption now would leave site/ half old, half new
            changed, removed = sync_tree(fresh, site_dir)
    except (Abort, ConfigurationError, PluginError, OSError) as error:
        print(f"build of {root / 'mkdocs.yml'} failed, {site_dir} left as it was: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(fresh, ignore_errors=True)
        if scratch.is_dir() and not any(scratch.iterdir()):
            scratch.rmdir()
    print(f"built {site_dir}: {count(changed, 'file')} written, {removed} removed, the rest unchanged")
    return 0


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends; they take effect then."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends the build like Ctrl-C does, so that its scratch folder is removed."""
    raise KeyboardInterrupt("terminated")


def remove_abandoned(scratch: Path) -> None:
    """Remove the scratch folders of builds that are no longer running (killed with SIGKILL)."""
    if not scratch.is_dir():
        return
    for folder in scratch.iterdir():
        if not (folder.name.isdigit() and process_alive(int(folder.name))):
            shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: leave its folder alone
    return True


def show_mkdocs_log() -> None:
    """Print MkDocs' log lines (our problems among them) as the ``mkdocs`` command does."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def sync_tree(source: Path, target: Path) -> tuple[int, int]:
    """Make ``target`` equal ``source``, touching only files that differ; return (written, removed)."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    written = 0
    for relative in sorted(wanted):
        new, old = source / relative, target / relative
        if old.is_file() and old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes():
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)  # atomic per file: a reader sees the old page or the new one
        written += 1
    stale = [p for p in target.rglob("*") if p.is_file() and p.relative_to(target) not in wanted]
    for path in stale:
        path.unlink()
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return written, len(stale)


def project_root(start: Path) -> Path | None:
    """The nearest folder, ``start`` or above it, that holds the taxonomy file."""
    return next((folder for folder in (start, *start.parents) if (folder / TAXONOMY_FILE).is_file()), None)


def explained(run: Callable[[Inputs], T], root: Path) -> T | None:
    """``run`` on the project's inputs, or None after printing why they cannot be used."""
    try:
        return run(read_inputs(root))
    except OSError as error:
        print(f"{error.filename or root}: cannot read it ({error.strerror or error})", file=sys.stderr)
        return None
    except UnicodeDecodeError as error:
        print(f"{root / TAXONOMY_FILE}: not UTF-8 (byte {error.start}); save it as UTF-8", file=sys.stderr)
        return None
    except InputError as error:
        for problem in error.problems:
            print(problem.labelled(), file=sys.stderr)
        print(f"{summarize(error.problems)}; nothing else was checked", file=sys.stderr)
        return None


def run_report(root: Path, form: str = "text") -> int:
    result = explained(build, root)
    if result is None:
        return 2
    writers = {"text": report_text, "markdown": report_markdown, "yaml": report_yaml}
    print(writers[form](result.report, result.survey), end="")
    return 0


def run_check(root: Path, strict: bool) -> int:
    """The input stages and placement only: nothing is extracted or rendered."""
    checked = explained(check_with_corrections, root)
    if checked is None:
        return 2
    for problem in checked.problems:
        print(problem.labelled(), file=sys.stderr)
    placements = place(checked)
    papers = checked.papers
    unplaced = [p for p in papers if placements[p.slug].chapter == OTHER_ID]
    counts = Counter(p.chapter for p in placements.values())
    chapters = shown_chapters(checked.taxonomy.chapters + (OTHER_CHAPTER,), counts)
    low = sum(placements[p.slug].confidence == "low" for p in papers) - len(unplaced)
    print(f"{count(len(papers), 'paper')} in {count(len(chapters), 'chapter')}; "
          f"{len(unplaced)} in Other ({100 * len(unplaced) / max(len(papers), 1):.1f}%); "
          f"{low} placed with low confidence (survey-atlas report lists them)")
    for paper in unplaced:
        print(f"  Other: {paper.title}")
    if checked.problems:
        print(summarize(checked.problems), file=sys.stderr)
    errors = any(p.severity == "error" for p in checked.problems)
    return 1 if errors or (strict and checked.problems) else 0


if __name__ == "__main__":
    sys.exit(main())
