"""Build a copy of the project with MkDocs in a temporary folder, for end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench import harness

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path, seeds: Path | None = None, taxonomy: Path | None = None) -> Path:
    """Copy what a build reads (``bench.harness.PROJECT_PARTS``) from this checkout into ``target``.

    Optionally swap in other seeds (a folder) or taxonomy (a survey.yml file).
    """
    return harness.copy_project(ROOT, target, seeds=seeds, taxonomy=taxonomy)


def mkdocs_build(
    project: Path, strict: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of the copied project; ``env`` adds variables (e.g. SITE_URL)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    if strict:
        command.append("--strict")
    environment = dict(os.environ) | (env or {})
    return subprocess.run(command, capture_output=True, text=True, cwd=project, timeout=900, env=environment)


MINI = ROOT / "tests" / "fixtures" / "mini"


def build_mini_site(folder: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A plain (not strict) build of the mini corpus in ``folder``: its site folder and the run."""
    project = copy_project(folder / "project", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site", result
