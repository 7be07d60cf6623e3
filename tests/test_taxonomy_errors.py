"""Every mistake in ``survey.yml`` is reported at once, each with its path and line.

A curator's taxonomy file can hold unknown or misspelt keys, chapters and sections without
titles, duplicate or malformed ids, the reserved id ``other``, overrides naming unknown
sections, chapters or papers, bad ``seed_years`` and invalid YAML.  These tests run the real
pipeline (``generator.build.build`` on the small fixture corpus) and the command line
(``python -m generator.cli check``) and expect one ``survey.yml:LINE: message`` per mistake,
all in the same run: ``TaxonomyError`` (CLI exit 2) when the file cannot be used, problems in
the result (CLI exit 1) when it can.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import Result, build, read_inputs
from generator.taxonomy import TaxonomyError

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"

# Line numbers matter: the expected problems below name them.
BROKEN = """\
title: Broken survey
description: Every kind of mistake a curator makes, in one file.
colour: blue
chapters:
  - id: data
    intro: A chapter without a title.
    sections:
      - id: filtering
        title: Filtering
        intro: Keeping the good part of a crawl.
        cue: [data filtering]
  - id: data
    title: Data again
    intro: A second chapter with the same id.
    sections:
      - id: mixing
        intro: A section without a title.
        cues: [data mixing]
      - id: mixing
        title: Mixing again
        intro: The same section id twice.
        cues: data mixing
  - id: Bad_Id
    title: Bad id
    intro: An id that is not lowercase words.
    sections:
      - id: sub
        title: Sub
        intro: A section.
  - id: other
    title: Other
    intro: The reserved chapter id.
    sections: []
overrides:
  - paper: Curating Web Data with Learned Filters
    section: data/no-such-section
  - paper: A Paper That Does Not Exist
    section: data/filtering
    also: [no-such-chapter]
    because: I said so
seed_years:
  a_listing.txt: twenty
"""
BROKEN_PROBLEMS = [
    "survey.yml:3: unknown key 'colour' in taxonomy "
    "(allowed: title, description, chapters, overrides, seed_years, facts)",
    "survey.yml:5: chapter is missing 'title'",
    "survey.yml:11: unknown key 'cue' in section (allowed: id, title, intro, cues)",
    "survey.yml:12: duplicate chapter id 'data' (first on line 5)",
    "survey.yml:16: section is missing 'title'",
    "survey.yml:19: duplicate section id 'mixing' (first on line 16)",
    "survey.yml:22: cues must be a list",
    "survey.yml:23: chapter id 'Bad_Id' must be lowercase words joined by hyphens",
    "survey.yml:30: chapter id 'other' is reserved for unplaced papers",
    "survey.yml:33: chapter 'other' needs at least one section",
    "survey.yml:36: override names unknown section 'data/no-such-section' (use chapter-id/section-id)",
    "survey.yml:39: override names unknown chapter 'no-such-chapter'",
    "survey.yml:40: unknown key 'because' in override (allowed: paper, section, also)",
    "survey.yml:42: seed_years: 'twenty' is not a year",
]
UNKNOWN_PAPER = "survey.yml:37: override names unknown paper 'A Paper That Does Not Exist'"

# A usable taxonomy whose overrides name a paper twice and a paper that is not in the seeds.
USABLE = (MINI / "survey.yml").read_text(encoding="utf-8").split("overrides:")[0] + """\
overrides:
  - paper: Pruning Attention Heads Without Retraining
    section: efficiency/compression
  - paper: "pruning attention heads   without retraining"
    section: data/filtering
  - paper: Attention Is All You Need
    section: data/filtering
seed_years:
  a_listing.txt: 2025
"""


def project(tmp_path: Path, taxonomy: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI / "seeds", root / "seeds")
    (root / "survey.yml").write_text(taxonomy, encoding="utf-8")
    return root


def run_build(root: Path) -> Result:
    return build(read_inputs(root, templates=ROOT / "templates"))


def taxonomy_problems(root: Path) -> list[str]:
    with pytest.raises(TaxonomyError) as raised:
        run_build(root)
    return [str(p) for p in raised.value.problems]


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          cwd=root, timeout=300)


def test_every_structural_mistake_is_reported_with_its_line(tmp_path: Path) -> None:
    problems = taxonomy_problems(project(tmp_path, BROKEN))
    assert [p for p in problems if p != UNKNOWN_PAPER] == BROKEN_PROBLEMS


def test_unknown_papers_are_reported_in_the_same_run_as_structural_mistakes(tmp_path: Path) -> None:
    """One run lists every mistake in the file, the override of a paper not in the seeds included."""
    assert UNKNOWN_PAPER in taxonomy_problems(project(tmp_path, BROKEN))


def test_problems_of_a_usable_taxonomy_come_back_with_the_result(tmp_path: Path) -> None:
    result = run_build(project(tmp_path, USABLE))
    taxonomy = [p for p in result.problems if p.path == "survey.yml"]
    assert [str(p) for p in taxonomy] == [
        "survey.yml:33: second override for paper 'pruning attention heads without retraining'",
        "survey.yml:35: override names unknown paper 'Attention Is All You Need'",
    ]
    assert all(p.severity == "error" for p in taxonomy)
    pinned = next(p for p in result.survey.papers if p.title == "Pruning Attention Heads Without Retraining")
    assert result.survey.placements[pinned.slug].section_key == "efficiency/compression"  # the first override wins


def test_seed_years_naming_a_missing_seed_file_is_reported(tmp_path: Path) -> None:
    """A typo in a seed_years file name silently leaves that file's dates without a year."""
    taxonomy = (MINI / "survey.yml").read_text(encoding="utf-8").replace("a_listing.txt: 2025", "a_listng.txt: 2025")
    result = run_build(project(tmp_path, taxonomy))
    assert any(p.path == "survey.yml" and "a_listng.txt" in p.message for p in result.problems)


INVALID_YAML = [
    # The mistake is the "[" never closed on line 2 (PyYAML notices it at the end of the file).
    pytest.param("title: x\nchapters: [\n  - id: a\n", ("survey.yml:2: invalid YAML: unclosed [",),
                 id="unclosed-flow-sequence"),
    pytest.param("title: x\n\tdescription: y\n", ("survey.yml:2: invalid YAML",), id="tab-indent"),
    pytest.param("title: x\ndescription: y\nchapters:\n  - id: a\n   title: b\n", ("survey.yml:5: invalid YAML",),
                 id="bad-indent"),
    # The quote opens on line 1; PyYAML notices it is never closed at the end of the file.
    pytest.param("title: \"unterminated\ndescription: y\n",
                 ("survey.yml:1: invalid YAML: unclosed quote",), id="unterminated-quote"),
    pytest.param("a: b: c\n", ("survey.yml:1: invalid YAML",), id="nested-colon"),
    pytest.param("title: x\ntitle: y\n", ("survey.yml:2: duplicate key 'title' in taxonomy",), id="duplicate-key"),
    pytest.param("- just\n- a list\n", ("survey.yml:1: taxonomy must be a mapping",), id="not-a-mapping"),
    pytest.param("", ("survey.yml:1: taxonomy file is empty",), id="empty"),
    pytest.param("# only a comment\n", ("survey.yml:1: taxonomy file is empty",), id="only-comment"),
]


@pytest.mark.parametrize(("text", "expected"), INVALID_YAML)
def test_unusable_files_are_reported_with_their_line(tmp_path: Path, text: str, expected: tuple[str, ...]) -> None:
    problems = taxonomy_problems(project(tmp_path, text))
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_one_line(tmp_path: Path) -> None:
    """``path:line: message`` output is read line by line (editors, CI annotations, grep)."""
    multi_line = []
    for case in INVALID_YAML:
        text = case.values[0]
        assert isinstance(text, str)
        with pytest.raises(TaxonomyError) as raised:
            build(read_inputs(project(tmp_path / case.id, text), templates=ROOT / "templates"))
        multi_line += [str(p) for p in raised.value.problems if "\n" in str(p)]
    assert multi_line == []


def test_yaml_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = BROKEN.replace("title: Broken survey", f"title: !!python/object/apply:os.system ['touch {marker}']")
    problems = taxonomy_problems(project(tmp_path, text))
    assert not marker.exists()
    assert "survey.yml:1: taxonomy 'title' must be non-empty text" in problems


def test_cli_check_exits_two_and_prints_every_problem(tmp_path: Path) -> None:
    root = project(tmp_path, BROKEN)
    result = cli(ROOT, "--root", str(root), "check")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    for problem in BROKEN_PROBLEMS:
        assert f"ERROR   -  {problem}" in lines
    assert lines[-1].endswith("; nothing else was checked")
    assert result.stdout == ""


def test_cli_check_accepts_root_after_the_command(tmp_path: Path) -> None:
    """``survey-atlas check --root DIR`` is how curators call it; it must not be a usage error."""
    root = project(tmp_path, BROKEN)
    result = cli(ROOT, "check", "--root", str(root))
    assert result.returncode == 2
    assert f"ERROR   -  {BROKEN_PROBLEMS[0]}" in result.stderr.splitlines()


def test_cli_check_exits_one_for_override_errors_in_a_usable_taxonomy(tmp_path: Path) -> None:
    root = project(tmp_path, USABLE)
    result = cli(ROOT, "--root", str(root), "check")
    assert result.returncode == 1
    assert "ERROR   -  survey.yml:35: override names unknown paper 'Attention Is All You Need'" in result.stderr
    assert "4 papers in 2 chapters" in result.stdout


def test_cli_check_reports_invalid_yaml_with_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, "title: x\nchapters: [\n  - id: a\n")
    result = cli(root, "--root", str(root), "check")
    assert result.returncode == 2
    assert result.stderr.startswith("ERROR   -  survey.yml:2: invalid YAML: unclosed [")


# Curators' most common YAML slips, each with the line of the mistake and the fix in its message.
SLIPS = [
    pytest.param("  - paper: Scaling Laws: A Study of Everything\n    section: data/filtering\n",
                 "survey.yml:{first}: invalid YAML: a ': ' inside an unquoted value at column 24; "
                 "quote the title, e.g. paper: \"…: …\"", id="colon-in-title"),
    pytest.param("  - paper Pruning Attention Heads Without Retraining\n    section: data/filtering\n",
                 "survey.yml:{first}: invalid YAML: this line has no 'key: value' colon", id="missing-colon"),
    pytest.param("  - paper: \"Pruning Attention Heads Without Retraining\n    section: data/filtering\n",
                 "survey.yml:{first}: invalid YAML: unclosed quote (opened at column 12", id="unclosed-quote"),
    pytest.param("  - paper: Pruning Attention Heads Without Retraining\n    section: data/filtering\n"
                 "    also: [data\n",
                 "survey.yml:{third}: invalid YAML: unclosed [ (opened at column 11", id="unclosed-bracket"),
    pytest.param("  - paper: Pruning Attention Heads Without Retraining\n        section: data/filtering\n",
                 "survey.yml:{second}: invalid YAML: this line is indented deeper than the key above it",
                 id="over-indented"),
]


@pytest.mark.parametrize(("overrides", "expected"), SLIPS)
def test_yaml_slips_point_at_the_mistake_and_say_how_to_fix_it(tmp_path: Path, overrides: str, expected: str) -> None:
    head = USABLE.split("overrides:")[0] + "overrides:\n"
    first = head.count("\n") + 1
    problems = taxonomy_problems(project(tmp_path, head + overrides))
    assert len(problems) == 1 and "\n" not in problems[0], problems
    assert problems[0].startswith(expected.format(first=first, second=first + 1, third=first + 2)), problems


def test_an_unknown_override_paper_gets_the_closest_titles(tmp_path: Path) -> None:
    taxonomy = USABLE.replace("Attention Is All You Need", "Pruning Atention Heads Without Retrain")
    result = run_build(project(tmp_path, taxonomy))
    assert "survey.yml:35: override names unknown paper 'Pruning Atention Heads Without Retrain'; " \
           "did you mean 'Pruning Attention Heads Without Retraining'?" in [str(p) for p in result.problems]


ONE_UNKNOWN_OVERRIDE = USABLE.split("overrides:")[0] + """\
overrides:
  - paper: Pruning Attention Heads Without Retraining
    section: efficiency/compression
  - paper: Attention Is All You Need
    section: data/filtering
seed_years:
  a_listing.txt: 2025
"""


def test_one_problem_is_one_line_with_one_severity_in_check_the_plugin_and_strict_mode(tmp_path: Path) -> None:
    """The unknown override is an ERROR line in ``check`` (exit 1), the same ERROR line in a plain
    MkDocs build (which still builds the site), and counted once by strict mode."""
    from tests.sitebuild import copy_project, mkdocs_build

    site_project = copy_project(tmp_path / "site-project", seeds=MINI / "seeds")
    (site_project / "survey.yml").write_text(ONE_UNKNOWN_OVERRIDE, encoding="utf-8")
    line = "ERROR   -  survey.yml:33: override names unknown paper 'Attention Is All You Need'"
    checked = cli(site_project, "check")
    assert checked.returncode == 1 and line in checked.stderr.splitlines(), checked.stderr
    plain = mkdocs_build(site_project, strict=False)
    assert plain.returncode == 0 and (site_project / "site" / "index.html").is_file()
    logged = [row for row in plain.stderr.splitlines() if "survey.yml:33" in row]
    assert [" ".join(row.split()) for row in logged] == [" ".join(line.split())]
    strict = mkdocs_build(site_project, strict=True)
    assert strict.returncode == 1
    assert "Aborted with 1 errors in strict mode!" in strict.stdout + strict.stderr  # not "1 errors, 1 warnings"


def test_check_counts_the_chapters_the_site_lists(tmp_path: Path) -> None:
    """``check`` and the home page agree: Other counts as a chapter when papers are in it."""
    root = project(tmp_path, USABLE.replace("\n  - paper: Pruning Attention Heads Without Retraining\n"
                                            "    section: efficiency/compression", "\n  - paper: "
                                            "Pruning Attention Heads Without Retraining\n    section: other/unsorted"))
    result = run_build(root)
    home = next(page for page in result.pages if page.src_uri == "index.md").full_content
    listed = home.count('<li><a href="chapters/')
    checked = cli(root, "check")
    assert listed == 3
    assert f"4 papers in {listed} chapters; 1 in Other" in checked.stdout, checked.stdout
    assert "1 paper<" in home or "1 paper\n" in home or ">1 paper" in home
