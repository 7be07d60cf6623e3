"""Every YAML snippet in the README works when a curator pastes it: it parses, and merged into
the real ``survey.yml`` it builds the real corpus with no problem at all.  A snippet that defines
chapters is checked as a taxonomy of its own (it stands for the curator's own chapters)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build, read_inputs
from generator.taxonomy import read_taxonomy
from tests.conftest import ROOT

SNIPPET = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def readme_snippets() -> list[str]:
    return SNIPPET.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def merged(real: dict[str, Any], snippet: dict[str, Any]) -> dict[str, Any]:
    """The real taxonomy with the snippet's overrides, fact corrections and seed years added."""
    out = dict(real)
    for key, value in snippet.items():
        if key == "chapters":
            continue
        if isinstance(value, dict):
            out[key] = {**(out.get(key) or {}), **value}
        else:
            out[key] = list(out.get(key) or []) + list(value)
    return out


def test_the_readme_has_its_snippets() -> None:
    keys = {key for text in readme_snippets() for key in yaml.safe_load(text)}
    assert {"chapters", "overrides", "facts", "seed_years"} <= keys


@pytest.mark.parametrize("snippet", readme_snippets(), ids=lambda text: text.split(":")[0])
def test_a_readme_snippet_works_in_the_real_project(snippet: str, tmp_path: Path) -> None:
    data = yaml.safe_load(snippet)
    if "chapters" in data:
        own = yaml.safe_dump({"title": "T", "description": "D", "chapters": data["chapters"]}, sort_keys=False)
        taxonomy, problems = read_taxonomy("survey.yml", own)
        assert taxonomy is not None and problems == []
    real = yaml.safe_load((ROOT / "survey.yml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "survey.yml").write_text(yaml.safe_dump(merged(real, data), sort_keys=False), encoding="utf-8")
    result = build(read_inputs(tmp_path, templates=ROOT / "templates", seed_added={}))
    assert [str(problem) for problem in result.problems] == []
