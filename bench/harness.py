"""Measuring helpers the benchmark scripts share: project copies, measured subprocesses, builds.

``scale.py`` takes one snapshot of the project at the start of a run and builds every corpus
in a copy of that snapshot, so a run measures one version of the code even if the working tree
changes meanwhile; ``checks.py`` and ``profiling.py`` build copies of the same snapshot, and
``tests/sitebuild.py`` copies the working tree for end-to-end tests.  What a build reads is
listed once (``PROJECT_PARTS``), and every copy names its source folder and its target
explicitly: nothing here falls back to the working tree.  Each build runs in its own
subprocess (``run_measured``: CPU seconds from ``wait4``, wall clock, peak RSS, output kept in
the project's ``.bench-logs/``); ``run_mkdocs`` runs ``mkdocs build`` through the timing driver
``timed_mkdocs.py`` and refuses a build that imported a ``generator`` package from outside the
project it was asked to build.  The benchmark scripts import from here and never from each
other (``scale.py`` alone starts the others), so there is no import cycle among them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import synth
from bench.timed_mkdocs import OUR_HOOK, OUR_PACKAGE, PACKAGE_LINE

__all__ = ["BENCH", "OURS", "OUR_HOOK", "OUR_PACKAGE", "PACKAGE_LINE", "PROJECT_PARTS", "REPORT_PACKAGE", "ROOT",
           "Run", "check_built_from", "copy_project", "make_project", "run_measured", "run_mkdocs", "say"]

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# What a build reads, relative to a project folder; "seeds" and "survey.yml" may come from elsewhere.
PROJECT_PARTS = ("mkdocs.yml", "survey.yml", "docs", "overrides", "templates", "generator", "seeds")
# Our MkDocs integration in tables and summaries: the hook module or the plugin class (timed_mkdocs.is_ours).
OURS = "our plugin"
# Appended to a ``python -c`` script: reports on stderr which ``generator`` package the process imported.
REPORT_PACKAGE = (
    "\nimport sys as _sys\n_package = _sys.modules.get('generator')\n"
    f"print({PACKAGE_LINE!r} + str(getattr(_package, '__file__', None)), file=_sys.stderr)\n"
)


@dataclass
class Run:
    """A finished subprocess: wall seconds, exit code, peak RSS, CPU seconds and its output."""

    wall: float
    code: int
    rss_mb: float
    cpu: float
    stdout: str
    stderr: str


def say(message: str) -> None:
    """A progress line on stderr with the time of day."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def copy_project(source: Path, target: Path, *, seeds: Path | None = None, taxonomy: Path | None = None) -> Path:
    """Copy ``PROJECT_PARTS`` of the project folder ``source`` into ``target`` (no ``__pycache__``).

    ``seeds`` (a folder) and ``taxonomy`` (a file) replace ``source``'s own seeds and survey.yml.
    """
    replaced: Mapping[str, Path | None] = {"seeds": seeds, "survey.yml": taxonomy}
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        origin = replaced.get(part) or source / part
        if origin.is_dir():
            shutil.copytree(origin, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(origin, target / part)
    return target


def make_project(source: Path, workdir: Path, size: int, pool: Sequence[Any],
                 label: str = "project") -> tuple[Path, list[synth.SynthPaper], synth.SeedStats]:
    """A copy of ``source`` in ``workdir/LABEL-SIZE`` whose seeds are a synthetic corpus of ``size`` papers."""
    papers = synth.make_corpus(pool, size)
    seeds = workdir / f"seeds-{label}-{size}"
    stats = synth.write_seeds(papers, seeds)
    return copy_project(source, workdir / f"{label}-{size}", seeds=seeds), papers, stats


def run_measured(command: Sequence[str], cwd: Path, log_name: str, env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; its peak RSS comes from ``wait4`` on that very child."""
    logs = cwd / ".bench-logs"
    logs.mkdir(exist_ok=True)
    out_path, err_path = logs / f"{log_name}.out", logs / f"{log_name}.err"
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    with out_path.open("w") as out, err_path.open("w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, process.returncode, usage.ru_maxrss / 1024, cpu, out_path.read_text(), err_path.read_text())


def check_built_from(project: Path, run: Run) -> None:
    """Fail if the run reported (``PACKAGE_LINE``) a ``generator`` package from outside ``project``."""
    for line in run.stderr.splitlines():
        if line.startswith(PACKAGE_LINE):
            used = line[len(PACKAGE_LINE):].strip()
            if used != "None" and not Path(used).resolve().is_relative_to(project.resolve()):
                raise RuntimeError(f"the build of {project} imported {used}, not the project's own generator")


def run_mkdocs(project: Path, label: str, extra: Sequence[str] = ()) -> tuple[dict[str, Any], Run]:
    """``mkdocs build`` of ``project`` through the timing driver; returns its timings and the run."""
    out = project / ".bench-logs" / f"{label}.json"
    (project / ".bench-logs").mkdir(exist_ok=True)
    command = [sys.executable, str(BENCH / "timed_mkdocs.py"), str(out), "build", "-f",
               str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra]
    run = run_measured(command, project, label)
    if run.code != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{run.stderr[-3000:]}")
    check_built_from(project, run)
    return json.loads(out.read_text()), run


def free_port() -> int:
    """A local TCP port nobody listens on (for ``mkdocs serve``)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop_server(process: subprocess.Popen[Any], timeout: float = 60) -> None:
    """Stop ``mkdocs serve`` as Ctrl-C does, or kill it when it does not stop in time."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
