"""The fact-field registry: one module per fact kind in ``generator/extract/kinds``, found on import.

The registry (``generator.extract.FIELDS``) is what the facts panel, ``papers.json`` and the
CSV export list, in its order; these tests pin that order, the labels and the CSV columns,
check that names, positions and columns are unique, that the registry holds exactly the
modules of the kinds folder, that a module dropped into a kinds package becomes a field, and
that the number pass shared by three fields runs once per paper.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import exports
from generator.extract import FIELDS, FactField, extract_facts, kinds, no_facts
from generator.extract import analysis as analysis_module
from generator.extract.fields import discover_fields
from generator.model import Facts

# (name, label, many, CSV column): the registry as papers.json, the panel and the CSV expect it.
EXPECTED = [
    ("kind", "Kind", False, "kind"),
    ("modality", "Modality", False, "modality"),
    ("parameters", "Parameters", True, "parameters"),
    ("data_scale", "Training data", True, "data_scale"),
    ("compute", "Compute", True, None),
    ("context_length", "Context length", True, None),
    ("benchmarks", "Benchmarks and datasets", True, "benchmarks"),
    ("models", "Models", True, None),
    ("results", "Headline results", True, "headline_result"),
    ("code", "Code and resources", True, "code"),
    ("summary", None, False, None),
]


def test_registry_order_labels_and_columns() -> None:
    assert [(f.name, f.label, f.many, f.csv.name if f.csv else None) for f in FIELDS] == EXPECTED


def test_names_positions_and_columns_are_unique() -> None:
    names = [field.name for field in FIELDS]
    positions = [field.position for field in FIELDS]
    columns = [field.csv.name for field in FIELDS if field.csv is not None]
    assert len(set(names)) == len(names)
    assert len(set(positions)) == len(positions)
    assert positions == sorted(positions)
    assert len(set(columns)) == len(columns)
    assert len(set(exports.CSV_COLUMNS)) == len(exports.CSV_COLUMNS)  # none clashes with a paper column


def test_registry_lists_exactly_the_modules_of_the_kinds_folder() -> None:
    folder = Path(kinds.__file__).parent
    modules = {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    assert {field.name for field in FIELDS} == modules


def test_every_field_is_filled() -> None:
    facts = extract_facts("Llama 2: 7B Models", "We release Llama 2, trained on 2T tokens. Code: github.com/a/b.")
    assert list(facts.by_field) == [field.name for field in FIELDS]
    assert list(no_facts().by_field) == [field.name for field in FIELDS]
    assert all(no_facts()[field.name] == () for field in FIELDS)
    for field in FIELDS:
        assert isinstance(facts[field.name], tuple)
        assert field.many or len(facts[field.name]) <= 1


def test_the_number_pass_runs_once_per_paper(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    real = analysis_module.number_facts

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(analysis_module, "number_facts", counting)
    facts = extract_facts("A 7B Model", "We train a 7B model on 2T tokens with a 128K context window.")
    assert len(calls) == 1
    assert facts["parameters"] and facts["data_scale"] and facts["context_length"]


def write_kind(folder: Path, name: str, position: int, label: str | None = "A label") -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(f"""\
        from generator.extract.fact_field import FactField
        from generator.model import Fact


        def extract(analysis):
            return (Fact({name!r}, len(analysis.title), None, None, analysis.title, 0, 1),)


        FIELD = FactField({name!r}, {label!r}, many=False, position={position}, extract=extract)
    """), encoding="utf-8")


@pytest.fixture()
def kinds_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty package ``extra_kinds`` on ``sys.path``, to drop kind modules into."""
    folder = tmp_path / "extra_kinds"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "extra_kinds", raising=False)
    importlib.invalidate_caches()
    yield folder
    for name in [name for name in sys.modules if name.startswith("extra_kinds")]:
        del sys.modules[name]


def test_a_module_dropped_into_a_kinds_package_is_a_field(kinds_package: Path) -> None:
    write_kind(kinds_package, "second", position=20)
    write_kind(kinds_package, "first", position=10, label=None)
    fields = discover_fields(importlib.import_module("extra_kinds"))
    assert [(field.name, field.label) for field in fields] == [("first", None), ("second", "A label")]
    assert all(isinstance(field, FactField) for field in fields)


def test_two_fields_may_not_share_a_position(kinds_package: Path) -> None:
    write_kind(kinds_package, "one", position=10)
    write_kind(kinds_package, "two", position=10)
    with pytest.raises(ValueError, match="share position 10"):
        discover_fields(importlib.import_module("extra_kinds"))


def test_a_kind_module_must_declare_its_field_under_its_own_name(kinds_package: Path) -> None:
    write_kind(kinds_package, "one", position=10)
    (kinds_package / "helper.py").write_text("X = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="extra_kinds.helper must declare FIELD"):
        discover_fields(importlib.import_module("extra_kinds"))


def test_extractors_return_facts() -> None:
    facts = extract_facts("A Survey of Vision Transformers", "This survey reviews 120 vision models.")
    assert isinstance(facts, Facts)
    kind = facts.first("kind")
    assert kind is not None and kind.value == "survey"
