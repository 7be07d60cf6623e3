"""The command line: exit codes, problem lines, and a build that never half-replaces site/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import MINI, ROOT
from tests.sitebuild import copy_project


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def test_check_on_a_clean_corpus_exits_zero() -> None:
    result = run_cli("--root", str(MINI), "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "4 papers in 2 chapters; 0 in Other" in result.stdout


def test_check_reports_seed_problems_with_path_and_line(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    taxonomy = (MINI / "survey.yml").read_text(encoding="utf-8")
    without_overrides = taxonomy[: taxonomy.index("overrides:")] + taxonomy[taxonomy.index("seed_years:"):]
    (project / "survey.yml").write_text(without_overrides, encoding="utf-8")
    (project / "seeds" / "a_listing.txt").write_text(
        (MINI / "seeds" / "a_listing.txt").read_text(encoding="utf-8") + "\nA Title Without Abstract\n",
        encoding="utf-8")
    plain = run_cli("--root", str(project), "check")
    strict = run_cli("--root", str(project), "check", "--strict")
    assert plain.returncode == 0 and strict.returncode == 1
    assert "seeds/a_listing.txt:33: title 'A Title Without Abstract' has no abstract; skipped" in plain.stderr
    assert "1 problem (0 errors, 1 warning) in 1 file" in plain.stderr


def test_build_swaps_in_a_good_site_and_keeps_it_when_the_next_build_fails(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    first = run_cli("--root", str(project), "build", "--strict")
    assert first.returncode == 0, first.stderr[-3000:]
    index = project / "site" / "index.html"
    before = index.read_text(encoding="utf-8")
    (project / "survey.yml").write_text("title: [\n", encoding="utf-8")
    failed = run_cli("--root", str(project), "build", "--strict")
    assert failed.returncode == 1
    assert "survey.yml:2: invalid YAML" in failed.stderr
    assert index.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_rebuild_rewrites_only_what_changed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    assert run_cli("--root", str(project), "build").returncode == 0
    site = project / "site"
    mtimes = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = run_cli("--root", str(project), "build")
    assert "0 files written, 0 removed" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == mtimes
    (project / "seeds" / "b_listing.txt").unlink()
    third = run_cli("--root", str(project), "build")
    assert third.returncode == 0
    assert not (site / "papers" / "pruning-attention-heads-without-retraining-1badebb3").exists()
    assert (site / "index.html").stat().st_mtime_ns != mtimes[site / "index.html"]
    assert (site / "assets" / "sort.js").stat().st_mtime_ns == mtimes[site / "assets" / "sort.js"]
