"""Preview and searchable-floor measurements for ``scale.py``: what a curator waits for.

*Preview*: ``mkdocs serve`` on a copy of the project; once its first build is served, the
curator's two everyday edits are made one after the other (a section introduction in
``survey.yml``; a new listing file of 20 papers) and each rebuild is timed from the edit to
MkDocs' "Documentation built" line, by the wall clock and by the CPU time the serve process and
its children (Pagefind) used meanwhile, read from ``/proc``.  A rebuild is compared with the
floor's build of the same papers in the same run.

*Searchable floor*: the bare floor build plus Pagefind over its pages, the least a searchable
static site of these papers costs; printed beside the bare floor.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import harness, synth
from bench.harness import Run, run_measured, say

NEW_SEED_PAPERS = 20
BUILT_RE = re.compile(r"Documentation built in ([0-9.]+) seconds")
SERVE_TIMEOUT_S = 900
WATCHER_SETTLE_S = 3.0
# The first section introduction of survey.yml: "intro:" lines indented under a section.
SECTION_INTRO_RE = re.compile(r"^(\s{6,}intro: >-\n\s+)", re.MULTILINE)


@dataclass(frozen=True)
class Rebuild:
    """One serve rebuild after an edit: wall seconds from the edit to the built line, the CPU
    seconds the serve process and its children spent meanwhile, and MkDocs' own figure."""

    edit: str
    wall_s: float
    cpu_s: float
    reported_s: float


def searchable_floor(floor: Path, floor_run: Run) -> dict[str, float]:
    """Pagefind over the floor's built site; the floor build plus this run, wall and CPU."""
    # Written beside the site, not into it, so the floor's site and index sizes stay comparable.
    command = [sys.executable, "-m", "pagefind", "--site", str(floor / "site"), "--output-path",
               str(floor / "pagefind-index"), "--quiet"]
    run = run_measured(command, floor, "floor-pagefind")
    if run.code != 0:
        raise RuntimeError(f"pagefind failed on the floor site:\n{run.stderr[-2000:]}")
    return {"pagefind_cpu_s": run.cpu, "pagefind_wall_s": run.wall,
            "cpu_s": floor_run.cpu + run.cpu, "wall_s": floor_run.wall + run.wall}


def measure_preview(project: Path, pool: Sequence[Any], size: int) -> dict[str, Any]:
    """Serve ``project``; time the rebuild after a section-intro edit, then after a new seed."""
    log_path = project / ".bench-logs" / "serve-preview.log"
    log_path.parent.mkdir(exist_ok=True)
    address = f"127.0.0.1:{harness.free_port()}"
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", address,
               "-f", str(project / "mkdocs.yml")]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for_builds(process, log_path, 1)
            wait_until_served(address)
            say(f"[preview {size}] first build served; editing a section introduction")
            rebuilds = [timed_rebuild(process, log_path, 2, "survey.yml section intro",
                                      lambda: edit_section_intro(project / "survey.yml"))]
            say(f"[preview {size}] {rebuilds[-1].wall_s:.1f} s wall; adding a seed of {NEW_SEED_PAPERS} papers")
            rebuilds.append(timed_rebuild(process, log_path, 3, f"new seed of {NEW_SEED_PAPERS} papers",
                                          lambda: add_seed(project, pool, size)))
            say(f"[preview {size}] {rebuilds[-1].wall_s:.1f} s wall")
        finally:
            harness.stop_server(process, timeout=60)
    return {"papers": size, "rebuilds": [asdict(r) for r in rebuilds]}


def wait_until_served(address: str) -> None:
    """Wait until the server answers, then a little longer: the file watcher starts after the
    "Serving on" line, and an edit made before it watches would never be noticed."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{address}/", timeout=5):
                break
        except OSError:
            time.sleep(0.2)
    time.sleep(WATCHER_SETTLE_S)


def timed_rebuild(process: subprocess.Popen[bytes], log: Path, builds: int, edit: str,
                  make_edit: Any) -> Rebuild:
    cpu_before = process_cpu(process.pid)
    started = time.perf_counter()
    make_edit()
    reported = wait_for_builds(process, log, builds)
    return Rebuild(edit, time.perf_counter() - started, process_cpu(process.pid) - cpu_before, reported)


def wait_for_builds(process: subprocess.Popen[bytes], log: Path, count: int) -> float:
    """Wait until the log holds ``count`` "Documentation built" lines; MkDocs' figure for the last."""
    deadline = time.monotonic() + SERVE_TIMEOUT_S
    while time.monotonic() < deadline:
        found = BUILT_RE.findall(log.read_text(errors="replace"))
        if len(found) >= count:
            return float(found[count - 1])
        if process.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)
    raise RuntimeError(f"no build {count} within {SERVE_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def process_cpu(pid: int) -> float:
    """User + system seconds of ``pid`` and its waited-for children (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(fields[i]) for i in (11, 12, 13, 14))
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def edit_section_intro(taxonomy: Path) -> None:
    text = taxonomy.read_text(encoding="utf-8")
    edited, count = SECTION_INTRO_RE.subn(lambda m: m.group(1) + "Edited for the preview benchmark. ", text, count=1)
    if count != 1:
        raise RuntimeError(f"{taxonomy}: no section introduction to edit")
    taxonomy.write_text(edited, encoding="utf-8")


def add_seed(project: Path, pool: Sequence[Any], size: int) -> None:
    papers = synth.make_corpus(pool, size + NEW_SEED_PAPERS)[size:]
    synth.write_seeds(papers, project / "seeds", first_number=950, tag="preview", duplicates=False)


