"""Every mistake in a vocabulary file (``generator/vocab/*.yml``) is reported at once, with its line.

A curator extends the benchmark and model vocabularies by editing YAML, so the files are
checked like ``survey.yml``: a list of entries with a text ``name``, a list of text
``aliases`` that start with a letter, and boolean ``case_sensitive`` / ``needs_cue``; no
unknown keys, and no name or alias given twice.  Each mistake is one ``path:line: message``;
``load_vocabulary`` raises ``VocabularyError`` with every problem of both files.  The shipped
vocabulary is clean, and adding a benchmark stays a YAML edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.extract import VocabularyError, extract_facts, load_vocabulary
from generator.extract.units import UNIT_FAMILY
from generator.extract.vocabulary import VOCAB_DIR, VOCAB_FILES, read_vocabulary
from generator.problems import InputError

PATH = "vocab/benchmarks.yml"


def problems_of(text: str) -> list[str]:
    _, problems = read_vocabulary(PATH, text)
    return [str(problem) for problem in problems]


def test_shipped_vocabulary_is_clean() -> None:
    for name in VOCAB_FILES:
        path = VOCAB_DIR / name
        items, problems = read_vocabulary(str(path), path.read_text(encoding="utf-8"))
        assert problems == [], [str(problem) for problem in problems]
        assert len(items) > 100
    vocab = load_vocabulary()
    assert vocab.benchmarks.canonical["imagenet"] == "ImageNet"


def test_a_clean_file_gives_entries_in_order() -> None:
    items, problems = read_vocabulary(PATH, """\
- name: MMLU
  aliases: [MMLU, Massive Multitask Language Understanding]
- name: MATH
  aliases: [MATH]
  case_sensitive: true
- name: Self-Instruct
  aliases: [Self-Instruct]
  needs_cue: true
""")
    assert problems == []
    assert [(item.name, item.line, item.case_sensitive, item.needs_cue) for item in items] == [
        ("MMLU", 1, False, False), ("MATH", 3, True, False), ("Self-Instruct", 6, False, True)
    ]
    assert items[0].aliases == ("MMLU", "Massive Multitask Language Understanding")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "~\n"])
def test_an_empty_file_has_no_names_and_no_problems(text: str) -> None:
    assert read_vocabulary(PATH, text) == ([], [])


# (file text, the problems expected in it)
MISTAKES = {
    "top level is a mapping": (
        "name: ImageNet\naliases: [ImageNet]\n",
        [f"{PATH}:1: a vocabulary file must be a list of entries ('- name: ...')"],
    ),
    "top level is text": ("ImageNet\n", [f"{PATH}:1: a vocabulary file must be a list of entries ('- name: ...')"]),
    "entry is not a mapping": (
        "- name: A\n- ImageNet\n",
        [f"{PATH}:2: an entry must be a mapping with 'name' and 'aliases'"],
    ),
    "unknown key": (
        "- name: A\n  alias: [A]\n",
        [f"{PATH}:2: unknown key 'alias' in entry (allowed: name, aliases, case_sensitive, needs_cue, unit)"],
    ),
    "duplicate key": ("- name: A\n  name: B\n", [f"{PATH}:2: duplicate key 'name' in entry"]),
    "missing name": ("- aliases: [A]\n", [f"{PATH}:1: entry is missing 'name'"]),
    "empty name": ("- name: ''\n", [f"{PATH}:1: 'name' must be non-empty text"]),
    "null name": ("- aliases: [A]\n  name:\n", [f"{PATH}:2: 'name' must be non-empty text"]),
    "name is a list": ("- name: [A, B]\n", [f"{PATH}:1: 'name' must be text"]),
    "name is a number": ("- name: 2012\n", [f"{PATH}:1: 'name' must be text: write '2012' in quotes"]),
    "aliases is text": ("- name: A\n  aliases: A\n", [f"{PATH}:2: 'aliases' must be a list of names"]),
    "alias is a boolean": (
        "- name: A\n  aliases:\n    - A\n    - No\n",
        [f"{PATH}:4: an alias must be text: write 'No' in quotes"],
    ),
    "alias is empty": ("- name: A\n  aliases: [A, '  ']\n", [f"{PATH}:2: an alias must be non-empty text"]),
    "alias starts with a digit": (
        "- name: A\n  aliases:\n    - A\n    - 300W\n",
        [f"{PATH}:4: alias '300W' cannot be looked up: an alias must start with a letter"],
    ),
    "no spelling can be looked up": (
        "- name: 3DMatch\n  aliases: ['3D-Match']\n",
        [
            f"{PATH}:1: '3DMatch' can never be found: give it an alias that starts with a letter",
            f"{PATH}:2: alias '3D-Match' cannot be looked up: an alias must start with a letter",
        ],
    ),
    "flag is text": ("- name: A\n  case_sensitive: 'yes'\n", [f"{PATH}:2: 'case_sensitive' must be true or false"]),
    "flag is a list": ("- name: A\n  needs_cue: [true]\n", [f"{PATH}:2: 'needs_cue' must be true or false"]),
    "alias listed twice": (
        "- name: A\n  aliases:\n    - A\n    - Alpha\n    - Alpha\n",
        [f"{PATH}:5: alias 'Alpha' is listed twice in 'A'"],
    ),
    "duplicate name": (
        "- name: ImageNet\n- name: CIFAR-10\n- name: imagenet\n",
        [f"{PATH}:3: duplicate name 'imagenet' (first on line 1)"],
    ),
    "alias of two entries": (
        "- name: COCO\n  aliases: [COCO, MS COCO]\n- name: COCO-2017\n  aliases: [ms-coco]\n",
        [f"{PATH}:4: alias 'ms-coco' of 'COCO-2017' is also a spelling of 'COCO' (line 2)"],
    ),
    "name is another entry's alias": (
        "- name: ImageNet\n  aliases: [ImageNet, ILSVRC]\n- name: ILSVRC\n",
        [f"{PATH}:3: name 'ILSVRC' is also an alias of 'ImageNet' (line 2)"],
    ),
    "invalid YAML": (
        "- name: A\n  aliases: [A, B\n- name: C\n",
        [f"{PATH}:2: invalid YAML: unclosed [ (opened at column 12, never closed)"],
    ),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_mistake_is_reported_with_its_line(mistake: str) -> None:
    text, expected = MISTAKES[mistake]
    assert problems_of(text) == expected


def test_variants_and_the_name_among_its_aliases_are_fine() -> None:
    # The name repeated in its aliases, and spellings that differ only by separators or
    # case, within one entry, are the documented way to list variants.
    text = "- name: ImageNet\n  aliases: [ImageNet, ImageNet-1k, ImageNet 1k, imagenet1k]\n"
    assert problems_of(text) == []


def test_every_mistake_in_a_file_is_reported() -> None:
    text = """\
- name: ImageNet
  aliases: [ImageNet, 1k]
  case_sensitive: maybe
- name: CIFAR-10
  aliasses: [CIFAR10]
- aliases: [SVHN]
- name: ImageNet
"""
    assert problems_of(text) == [
        f"{PATH}:2: alias '1k' cannot be looked up: an alias must start with a letter",
        f"{PATH}:3: 'case_sensitive' must be true or false",
        f"{PATH}:5: unknown key 'aliasses' in entry (allowed: name, aliases, case_sensitive, needs_cue, unit)",
        f"{PATH}:6: entry is missing 'name'",
        f"{PATH}:7: duplicate name 'ImageNet' (first on line 1)",
    ]


def copy_vocabulary(tmp_path: Path) -> Path:
    folder = tmp_path / "vocab"
    shutil.copytree(VOCAB_DIR, folder)
    return folder


def test_loading_reports_the_problems_of_both_files_together(tmp_path: Path) -> None:
    folder = copy_vocabulary(tmp_path)
    with (folder / "benchmarks.yml").open("a", encoding="utf-8") as handle:
        handle.write("- name: ImageNet\n  aliases: [ImageNet]\n")
    models = folder / "models.yml"
    models.write_text(models.read_text(encoding="utf-8") + "- nme: GPT-5\n", encoding="utf-8")
    lines = len(models.read_text(encoding="utf-8").splitlines())
    with pytest.raises(VocabularyError) as raised:
        load_vocabulary(str(folder))
    error = raised.value
    assert isinstance(error, InputError)
    reported = [str(problem) for problem in error.problems]
    assert len(reported) == 3, reported
    assert reported[0].startswith(f"{folder / 'benchmarks.yml'}:") and "duplicate name 'ImageNet'" in reported[0]
    assert reported[1:] == [
        f"{models}:{lines}: entry is missing 'name'",
        f"{models}:{lines}: unknown key 'nme' in entry (allowed: name, aliases, case_sensitive, needs_cue, unit)",
    ]
    assert str(error) == "3 problems (3 errors, 0 warnings) in 2 files"


def test_adding_a_benchmark_is_a_yaml_edit(tmp_path: Path) -> None:
    folder = copy_vocabulary(tmp_path)
    with (folder / "benchmarks.yml").open("a", encoding="utf-8") as handle:
        handle.write("- name: Zorblax-Bench\n  aliases: [Zorblax-Bench, ZorblaxBench]\n")
    vocab = load_vocabulary(str(folder))
    text = "We evaluate on zorblax bench and on ImageNet."
    assert [match.entry.name for match in vocab.benchmarks.find(text)] == ["Zorblax-Bench", "ImageNet"]
    # The shipped vocabulary, which extract_facts uses, does not know it.
    assert [fact.value for fact in extract_facts("A Paper", text)["benchmarks"]] == ["ImageNet"]


def test_a_unit_must_be_known_and_belong_to_a_name_that_ends_in_a_size() -> None:
    text = ("- name: CC3M\n  unit: image-text pairs\n"
            "- name: LAION-400M\n  unit: parsecs\n"
            "- name: ImageNet\n  unit: images\n")
    assert problems_of(text) == [
        "vocab/benchmarks.yml:4: unit 'parsecs' is none of " + ", ".join(UNIT_FAMILY),
        "vocab/benchmarks.yml:6: 'ImageNet' does not end in a size such as 3M or 400M, so it needs no unit",
    ]


def test_a_dataset_named_with_its_size_is_a_data_size_of_its_unit() -> None:
    facts = extract_facts("A Paper", "We train on CC3M and CC12M and evaluate on ImageNet-21k.")
    assert [(f.text, f.value, f.unit, f.role) for f in facts["data_scale"]] == [
        ("CC3M", 3e6, "image-text pairs", "own"), ("CC12M", 12e6, "image-text pairs", "own")]
    written = extract_facts("A Paper", "We train on CC3M, that is 3M image-text pairs.")
    assert [f.value for f in written["data_scale"]] == [3e6], "a size also written out is counted once"
