"""The curator's fact corrections (``facts:`` in ``survey.yml``): read with their lines, applied
after extraction, and every unusable one reported at its line with a hint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.build import build, read_inputs
from generator.taxonomy import read_taxonomy
from tests.golden import MINI, MINI_SEED_ADDED, ROOT

CORRECTIONS = """
facts:
  - paper: "Curating Web Data with Learned Filters"
    field: parameters
    fact: 1.3B
    verified: true
  - paper: quantizing large language models to four bits
    field: parameters
    fact: 13B
    role: compared
  - paper: "Sparse Mixture of Experts for Efficient Pre-training"
    field: parameters
    fact: 2.7B
    hide: true
"""


def build_with(tmp_path: Path, extra: str):  # type: ignore[no-untyped-def]
    (tmp_path / "seeds").mkdir()
    for seed in (MINI / "seeds").iterdir():
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "survey.yml").write_text((MINI / "survey.yml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return build(read_inputs(tmp_path, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED))


def facts_of(result, title: str, field: str):  # type: ignore[no-untyped-def]
    paper = next(p for p in result.survey.papers if p.title == title)
    return result.survey.facts[paper.slug][field]


def test_corrections_hide_verify_and_fix_roles(tmp_path: Path) -> None:
    result = build_with(tmp_path, CORRECTIONS)
    assert result.problems == ()
    curated = facts_of(result, "Curating Web Data with Learned Filters", "parameters")
    assert [(f.text, f.verified) for f in curated] == [("1.3B", True)]
    quantized = facts_of(result, "Quantizing Large Language Models to Four Bits", "parameters")
    assert [(f.text, f.role) for f in quantized] == [("7B", "base"), ("13B", "compared")]
    sparse = facts_of(result, "Sparse Mixture of Experts for Efficient Pre-training", "parameters")
    assert [f.text for f in sparse] == ["42.8B"]
    pages = {page.src_uri: page for page in result.pages}
    chapter = next(uri for uri, page in pages.items()
                   if uri.startswith("chapters/") and "Curating Web" in page.full_content)
    assert 'class="sa-verified"' in pages[chapter].full_content


def test_unusable_corrections_are_reported_at_their_lines_with_hints(tmp_path: Path) -> None:
    result = build_with(tmp_path, """
facts:
  - paper: "Curating Web Data with Learned Filter"
    field: parameters
    fact: 1.3B
    verified: true
  - paper: "Curating Web Data with Learned Filters"
    field: params
    fact: 1.3B
    verified: true
  - paper: "Curating Web Data with Learned Filters"
    field: parameters
    fact: 70B
    verified: true
""")
    offset = len((MINI / "survey.yml").read_text(encoding="utf-8").splitlines())
    messages = {(p.line - offset, p.message) for p in result.problems}
    assert messages == {
        (3, "fact correction names unknown paper 'Curating Web Data with Learned Filter'; "
            "did you mean 'Curating Web Data with Learned Filters'?"),
        (7, "fact field 'params' is none of kind, modality, parameters, data_scale, compute, context_length, "
            "benchmarks, models, results, code, summary"),
        (11, "'Curating Web Data with Learned Filters' has no parameters fact '70B' (it has: '1.3B')"),
    }
    assert all(str(p).startswith("survey.yml:") for p in result.problems)


UNUSABLE = """
facts:
  - paper: "Curating Web Data with Learned Filter"
    field: parameters
    fact: 1.3B
    verified: true
  - paper: "Curating Web Data with Learned Filters"
    field: parameters
    fact: 70B
    verified: true
"""


def test_check_reports_the_same_correction_problems_as_the_build(tmp_path: Path) -> None:
    """``survey-atlas check`` extracts facts only for corrected papers, but finds every unusable
    correction the build finds, with the same line and severity."""
    (tmp_path / "build").mkdir()
    (tmp_path / "check").mkdir()
    result = build_with(tmp_path / "build", UNUSABLE)
    build_with(tmp_path / "check", "")
    (tmp_path / "check" / "survey.yml").write_text((tmp_path / "build" / "survey.yml").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(tmp_path / "check"), "check"],
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1
    expected = [problem.labelled() for problem in result.problems]
    assert len(expected) == 2
    assert [line for line in checked.stderr.splitlines() if "survey.yml:" in line] == expected


def test_malformed_corrections_are_taxonomy_problems_with_lines() -> None:
    text = (MINI / "survey.yml").read_text(encoding="utf-8") + """
facts:
  - paper: X
    field: parameters
    fact: 7B
    role: teacher
  - paper: X
    field: parameters
    fact: 7B
    hide: maybe
  - paper: X
    field: parameters
    fact: 7B
"""
    offset = len((MINI / "survey.yml").read_text(encoding="utf-8").splitlines())
    _, problems = read_taxonomy("survey.yml", text)
    assert {(p.line - offset, p.message) for p in problems} == {
        (6, "role 'teacher' is none of own, base, compared, other"),
        (10, "'hide' must be true or false"),
        (11, "a fact correction needs hide: true, verified: true or a role"),
    }
