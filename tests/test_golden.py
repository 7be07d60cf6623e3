"""Rendered pages of the fixture corpus match the reviewed golden files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.golden import GOLDEN, ROOT, golden_files, render_mini


def test_rendered_pages_match_golden_files() -> None:
    pages = golden_files(render_mini().pages)
    on_disk = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(on_disk), "pages added or removed: run `python -m tests.golden` and review"
    for src_uri, content in pages.items():
        assert content == on_disk[src_uri], f"{src_uri} differs from its golden file: run `python -m tests.golden`"


def test_mini_corpus_reports_no_problems() -> None:
    assert render_mini().problems == ()


def test_golden_files_hold_outside_a_git_checkout(tmp_path: Path) -> None:
    """As in a ``git archive`` export: the project's files without any git history."""
    for part in ("generator", "templates", "tests", "pyproject.toml"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
        else:
            shutil.copy(source, tmp_path / part)
    environment = dict(os.environ, GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_golden.py",
                             "-k", "not outside_a_git_checkout"],
                            capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" in result.stdout
