"""The README's module tree and fact-field table are what the code says (``python -m tests.readme``)."""

from __future__ import annotations

import pytest

from generator.extract import FIELDS
from tests.readme import README, generated_blocks, module_tree, with_blocks


def test_readme_blocks_match_the_code() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_blocks(text, generated_blocks()) == text, "README is stale: run `python -m tests.readme`"


def test_every_module_has_a_summary_line() -> None:
    lines = module_tree()
    assert any(line.startswith("model.py") for line in lines)
    missing = [line.split()[0] for line in lines if len(line.split()) < 2]
    assert missing == [], f"modules without a docstring: {missing}"


def test_every_fact_field_is_in_the_readme_table() -> None:
    table = generated_blocks()["fact-fields"]
    assert [f"| `{field.name}` |" in table for field in FIELDS] == [True] * len(FIELDS)


def test_a_missing_block_is_reported() -> None:
    with pytest.raises(ValueError, match="modules"):
        with_blocks("no blocks here", {"modules": "x"})
