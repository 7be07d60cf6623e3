"""The command line: exit codes, problem lines, and a build that never half-replaces site/."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINI, ROOT
from tests.sitebuild import copy_project


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def test_check_on_a_clean_corpus_exits_zero() -> None:
    result = run_cli("--root", str(MINI), "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "4 papers in 2 chapters; 0 in Other" in result.stdout
    assert "placed with low confidence (survey-atlas report lists them)" in result.stdout


def test_report_prints_yaml_that_parses_with_low_confidence_first() -> None:
    result = run_cli("--root", str(MINI), "report", "--format", "yaml")
    assert result.returncode == 0, result.stderr
    assert list(yaml.safe_load(result.stdout))[0] == "low_confidence"


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
    assert "survey.yml:1: invalid YAML: unclosed [" in failed.stderr
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


def start_build(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(project), "build"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for_scratch(project: Path, build: subprocess.Popen[str]) -> Path:
    """The build's scratch folder, once MkDocs has started writing into it."""
    folder = project / ".site-scratch" / str(build.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (folder.is_dir() and any(folder.rglob("*.html"))):
        assert build.poll() is None, build.stdout and build.stdout.read()
        time.sleep(0.05)
    assert folder.is_dir(), "the build never wrote into its scratch folder"
    return folder


def site_state(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_no_scratch_and_the_site_as_it_was(tmp_path: Path, stop: signal.Signals) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    assert run_cli("--root", str(project), "build").returncode == 0
    before = site_state(project / "site")
    build = start_build(project)
    wait_for_scratch(project, build)
    build.send_signal(stop)
    output, _ = build.communicate(timeout=120)
    assert build.returncode != 0
    assert "Traceback" not in output and "build interrupted; site left as it was" in output
    assert not (project / ".site-scratch").exists()
    assert site_state(project / "site") == before


def test_a_killed_builds_scratch_is_removed_by_the_next_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    build = start_build(project)
    left = wait_for_scratch(project, build)
    build.kill()
    build.communicate(timeout=60)
    assert left.is_dir(), "SIGKILL leaves the scratch folder behind"
    assert not (project / "site").exists(), "site/ is untouched by a build that did not finish"
    assert run_cli("--root", str(project), "build").returncode == 0
    assert not (project / ".site-scratch").exists()
    assert (project / "site" / "index.html").is_file()
    assert ".site-scratch/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


BROKEN = {
    "missing": lambda path: path.unlink(),
    "empty": lambda path: path.write_text("", encoding="utf-8"),
    # Tests may run as root, who reads any file: a folder in the file's place cannot be read.
    "unreadable": lambda path: (path.unlink(), path.mkdir()),
}


@pytest.mark.parametrize("state", sorted(BROKEN))
@pytest.mark.parametrize(("command", "broken"), [
    ("check", "survey.yml"), ("report", "survey.yml"), ("build", "survey.yml"), ("build", "mkdocs.yml"),
])
def test_a_broken_input_file_is_one_line_and_a_failing_exit_never_a_traceback(
        tmp_path: Path, command: str, broken: str, state: str) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    BROKEN[state](project / broken)
    result = run_cli("--root", str(project), command)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert broken in result.stderr or (broken == "survey.yml" and "taxonomy" in result.stderr), result.stderr[-2000:]
    assert not (project / "site").exists()


def test_commands_find_the_project_from_a_folder_inside_it_or_say_it_is_missing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    inside = subprocess.run([sys.executable, "-m", "generator.cli", "check"], capture_output=True, text=True,
                            cwd=project / "seeds", timeout=300)
    assert inside.returncode == 0 and "4 papers in 2 chapters" in inside.stdout, inside.stderr
    outside = subprocess.run([sys.executable, "-m", "generator.cli", "check"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=300)
    assert outside.returncode == 2 and "Traceback" not in outside.stderr
    assert outside.stderr.strip() == (f"survey-atlas: no survey.yml in {tmp_path} or any folder above it; "
                                      "run this in the project or pass --root")
