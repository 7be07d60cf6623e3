"""Incremental-behaviour checks for ``scale.py --checks``: rebuild, serve loop, one more seed.
On a synthetic corpus (400 papers unless told): (1) build twice with nothing changed and compare
every file of ``site/`` by modification time and content hash: are files rewritten, and are they
byte-identical?  This is done with ``mkdocs build`` and with ``survey-atlas build``.  (2) start
``mkdocs serve`` with live reload, wait for the first build, leave it alone for 20 seconds and
count its "Building documentation" log lines (more than one means it rebuilds on its own); this
runs both with and without ``PYTHONDONTWRITEBYTECODE``, since a fresh ``__pycache__`` written
into the watched ``generator/`` folder is a classic trigger.  (3) add one listing file of new
papers and diff ``site/`` before and after: which pages are added and which existing ones
change, and for changed paper pages which of their sections changed.  Every check builds one
copy (``harness.make_project``) of the project snapshot that ``scale.py`` passes in, never the
working tree.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import harness, synth
from bench.harness import say

SERVE_QUIET_SECONDS = 20
NEW_SEED_PAPERS = 30
SECTION_RE = re.compile(r'<h2 id="([^"]+)"')


def snapshot(site: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``site``: modification time (ns) and SHA-1 of its bytes."""
    return {
        str(p.relative_to(site)): (p.stat().st_mtime_ns, hashlib.sha1(p.read_bytes()).hexdigest())
        for p in sorted(site.rglob("*")) if p.is_file()
    }


# First matching prefix names a file's category in the summaries.
CATEGORIES = (
    ("assets/", "theme assets"), ("data/", "exports (data/)"), ("chapters/", "chapter pages"),
    ("search/", "Material's (empty) search index"), ("pagefind/", "Pagefind index"), ("tags/", "tag pages"),
)


def category(path: str) -> str:
    if path.startswith("papers/") and path != "papers/index.html":
        return "paper pages"
    return next((name for prefix, name in CATEGORIES if path.startswith(prefix)), path)


def build(project: Path, label: str) -> float:
    """``mkdocs build`` of ``project``; its wall-clock seconds."""
    _, run = harness.run_mkdocs(project, label)
    return run.wall


def rebuild_check(project: Path) -> dict[str, Any]:
    build(project, "check-first")
    before = snapshot(project / "site")
    time.sleep(1.1)
    build(project, "check-second")
    after = snapshot(project / "site")
    rewritten = [p for p in after if p in before and after[p][0] != before[p][0]]
    changed = [p for p in after if p in before and after[p][1] != before[p][1]]
    return {
        "files": len(after),
        "rewritten": len(rewritten),
        "rewritten_by_category": dict(Counter(category(p) for p in rewritten)),
        "content_changed": changed[:20],
        "content_changed_count": len(changed),
        "added": sorted(set(after) - set(before))[:20],
        "removed": sorted(set(before) - set(after))[:20],
    }


def cli_rebuild_check(project: Path) -> dict[str, Any]:
    """The same with ``survey-atlas build`` (builds aside, then copies only changed files).

    ``python -m`` from the project folder, so the CLI is the project's own ``generator.cli``.
    """
    command = [sys.executable, "-m", "generator.cli", "build", "--root", str(project)]
    site = project / "site"
    first = harness.run_measured(command, project, "cli-first")
    if first.code != 0:
        return {"error": first.stderr[-2000:]}
    before = snapshot(site)
    time.sleep(1.1)
    second = harness.run_measured(command, project, "cli-second")
    after = snapshot(site)
    rewritten = [p for p in after if p in before and after[p][0] != before[p][0]]
    return {
        "files": len(after),
        "rewritten": len(rewritten),
        "rewritten_files": rewritten[:20],
        "output": second.stdout.strip().splitlines()[-1:] if second.stdout.strip() else [],
    }




def serve_check(project: Path, write_bytecode: bool) -> dict[str, Any]:
    """Count builds of an untouched ``mkdocs serve`` over ``SERVE_QUIET_SECONDS`` after the first."""
    for cache in project.rglob("__pycache__"):
        for file in cache.iterdir():
            file.unlink()
        cache.rmdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    log = project / ".bench-logs" / f"serve-{'pyc' if write_bytecode else 'nopyc'}.log"
    log.parent.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{harness.free_port()}",
               "-f", str(project / "mkdocs.yml")]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 600
            while "Serving on" not in log.read_text() and time.monotonic() < deadline:
                if process.poll() is not None:
                    break
                time.sleep(0.5)
            served = time.monotonic()
            time.sleep(SERVE_QUIET_SECONDS)
            quiet = time.monotonic() - served
        finally:
            harness.stop_server(process, timeout=30)
    text = log.read_text()
    builds = sum(1 for line in text.splitlines() if "Building documentation" in line)
    return {
        "bytecode_written": write_bytecode,
        "builds": builds,
        "rebuilds_while_untouched": max(0, builds - 1),
        "watched_seconds": round(quiet, 1),
        "change_lines": [line for line in text.splitlines() if "Detected" in line or "changes" in line][:10],
    }


def add_seed_check(project: Path, pool: Sequence[Any], size: int) -> dict[str, Any]:
    """Add one listing file of new papers; which files of ``site/`` appear or change."""
    build(project, "add-before")
    before = snapshot(project / "site")
    html_before = {p: (project / "site" / p).read_text(encoding="utf-8")
                   for p in before if p.startswith("papers/") and p.endswith(".html")}
    papers = synth.make_corpus(pool, size + NEW_SEED_PAPERS)[size:]
    synth.write_seeds(papers, project / "seeds", first_number=900, tag="added", duplicates=False)
    build(project, "add-after")
    after = snapshot(project / "site")
    changed = [p for p in after if p in before and after[p][1] != before[p][1]]
    added = sorted(set(after) - set(before))
    sections: Counter[str] = Counter()
    for path in changed:
        if path in html_before:
            old, new = _sections(html_before[path]), _sections((project / "site" / path).read_text(encoding="utf-8"))
            for name in sorted(set(old) | set(new)):
                if old.get(name) != new.get(name):
                    sections[name] += 1
    existing_papers = sum(1 for p in before if category(p) == "paper pages" and p.endswith(".html"))
    return {
        "new_papers": len(papers),
        "added_files": len(added),
        "added_by_category": dict(Counter(category(p) for p in added)),
        "changed_files": len(changed),
        "changed_by_category": dict(Counter(category(p) for p in changed)),
        "existing_paper_pages": existing_papers,
        "changed_paper_sections": dict(sections.most_common()),
        "unchanged_files": sum(1 for p in after if p in before and after[p][1] == before[p][1]),
    }


def _sections(html: str) -> dict[str, str]:
    """Paper page HTML split at each ``<h2 id=…>``; the part before the first is 'head'."""
    parts = SECTION_RE.split(html)
    found = {"head": parts[0]}
    for index in range(1, len(parts) - 1, 2):
        found[parts[index]] = parts[index + 1]
    return found


def run_all(source: Path, workdir: Path, pool: Sequence[Any], size: int) -> dict[str, Any]:
    """All checks on a copy of the project snapshot ``source`` with a synthetic corpus of ``size`` papers."""
    say(f"[checks {size}] rebuild with nothing changed")
    project, _, _ = harness.make_project(source, workdir, size, pool, "checks")
    results: dict[str, Any] = {"size": size, "rebuild": rebuild_check(project)}
    say(f"[checks {size}] rebuild with survey-atlas build")
    shutil.rmtree(project / "site")
    results["cli_rebuild"] = cli_rebuild_check(project)
    for write_bytecode in (True, False):
        say(f"[checks {size}] mkdocs serve, bytecode {'written' if write_bytecode else 'not written'}")
        results[f"serve_{'pyc' if write_bytecode else 'nopyc'}"] = serve_check(project, write_bytecode)
    say(f"[checks {size}] one more seed file")
    results["add_seed"] = add_seed_check(project, pool, size)
    results["summary"] = summary(results)
    return results


def summary(results: dict[str, Any]) -> str:
    rebuild, add = results["rebuild"], results["add_seed"]
    lines = [
        f"Rebuild with nothing changed ({results['size']} papers): {rebuild['rewritten']} of {rebuild['files']} "
        f"files rewritten (new mtime) {rebuild['rewritten_by_category']}; {rebuild['content_changed_count']} "
        f"differ in content {rebuild['content_changed'][:5]}.",
    ]
    cli = results.get("cli_rebuild", {})
    if "files" in cli:
        lines.append(f"Rebuild with `survey-atlas build`: {cli['rewritten']} of {cli['files']} files rewritten "
                     f"{cli['rewritten_files'][:5]} {cli['output']}")
    for key in ("serve_pyc", "serve_nopyc"):
        serve = results[key]
        lines.append(
            f"mkdocs serve ({'writing' if serve['bytecode_written'] else 'not writing'} bytecode): "
            f"{serve['builds']} builds, {serve['rebuilds_while_untouched']} while untouched for "
            f"{serve['watched_seconds']} s {serve['change_lines'][:3]}"
        )
    lines.append(
        f"One more seed file ({add['new_papers']} new papers): {add['added_files']} files added "
        f"{add['added_by_category']}; {add['changed_files']} existing files changed {add['changed_by_category']} "
        f"({add['unchanged_files']} unchanged); in changed paper pages (of {add['existing_paper_pages']}), "
        f"sections changed: {add['changed_paper_sections']}"
    )
    return "\n".join(lines)
