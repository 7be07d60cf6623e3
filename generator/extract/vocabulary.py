"""Vocabulary: load and validate the curated name lists in ``generator/vocab/*.yml``.

``benchmarks.yml`` names benchmarks, datasets and corpora; ``models.yml`` names base models
and model families.  Each file is a list of entries: a canonical ``name``, its ``aliases``,
and the flags ``case_sensitive`` and ``needs_cue``.  Adding a name is an edit to a file,
never to code.  The files are checked like the taxonomy: every problem (unknown or missing
keys, wrong types, a name or alias given twice, an alias that cannot be looked up) is
collected with its ``path:line`` before ``VocabularyError`` is raised, so a curator fixes
them all in one pass.  Loading is cached: the files are read once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from generator.extract.names import ALIAS_SPLIT, NameIndex, NameSpelling, VocabEntry, alias_key, build_index
from generator.extract.units import UNIT_FAMILY, size_in_name
from generator.problems import InputError, Problem
from generator.yamlerror import compose

VOCAB_DIR = Path(__file__).resolve().parent.parent / "vocab"
VOCAB_FILES = ("benchmarks.yml", "models.yml")
# Keys of an entry, and whether it must be there.
ENTRY_KEYS: Mapping[str, bool] = {"name": True, "aliases": False, "case_sensitive": False, "needs_cue": False,
                                   "unit": False}
_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


class VocabularyError(InputError):
    """A vocabulary file cannot be used; ``problems`` says every reason."""


@dataclass(frozen=True)
class VocabItem:
    """One checked entry of a vocabulary file."""

    name: str
    aliases: tuple[str, ...]
    case_sensitive: bool = False
    needs_cue: bool = False
    line: int = 0
    # The unit of the size a dataset's name carries ("CC3M": 3M image-text pairs).
    unit: str | None = None

    def spellings(self) -> list[NameSpelling]:
        """The name, then each alias, as the name index looks for them."""
        entry = VocabEntry(self.name, self.needs_cue)
        return [NameSpelling(alias, self.case_sensitive, entry) for alias in (self.name, *self.aliases)]


@dataclass(frozen=True)
class Vocabulary:
    """The compiled name indexes: benchmarks and datasets, and models."""

    benchmarks: NameIndex
    models: NameIndex
    # Datasets whose name carries their size, by name: the unit of that size.
    sized: Mapping[str, str] = field(default_factory=dict)


@functools.cache
def load_vocabulary(vocab_dir: str | None = None) -> Vocabulary:
    """Load, check and compile ``benchmarks.yml`` and ``models.yml`` (cached).

    Raises ``VocabularyError`` with every problem of both files.
    """
    directory = Path(vocab_dir) if vocab_dir else VOCAB_DIR
    items: list[list[VocabItem]] = []
    problems: list[Problem] = []
    for name in VOCAB_FILES:
        path = directory / name
        found, file_problems = read_vocabulary(str(path), path.read_text(encoding="utf-8"))
        items.append(found)
        problems += file_problems
    if problems:
        raise VocabularyError(problems)
    benchmarks, models = items
    sized = {item.name: item.unit for item in benchmarks if item.unit is not None}
    return Vocabulary(benchmarks=_index(benchmarks), models=_index(models), sized=sized)


def _index(items: Sequence[VocabItem]) -> NameIndex:
    return build_index(spelling for item in items for spelling in item.spellings())


def read_vocabulary(path: str, text: str) -> tuple[list[VocabItem], list[Problem]]:
    """The entries of a vocabulary file that could be read, and every problem in it (in line order)."""
    root, syntax = compose(path, text)
    if syntax:
        return [], syntax
    if root is None or isinstance(root, yaml.ScalarNode) and root.tag == _NULL_TAG:
        return [], []  # an empty file: no names
    check = _Checker(path)
    if not isinstance(root, yaml.SequenceNode):
        check.report(root, "a vocabulary file must be a list of entries ('- name: ...')")
        return [], sorted(check.problems)
    items = [item for node in root.value if (item := check.entry(node)) is not None]
    check.duplicates()
    return items, sorted(check.problems)


class _Noted(NamedTuple):
    """A spelling (name or alias) as written, its node, the name of its entry, and whether it is the name."""

    text: str
    node: yaml.Node
    owner: str
    is_name: bool


class _Checker:
    """Walks the composed YAML tree of one file, converting entries while recording located problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.noted: list[_Noted] = []  # every spelling of every entry, for ``duplicates``

    def report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message, "error"))

    def entry(self, node: yaml.Node) -> VocabItem | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "an entry must be a mapping with 'name' and 'aliases'")
            return None
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in ENTRY_KEYS:
                self.report(key_node, f"unknown key {key!r} in entry (allowed: {', '.join(ENTRY_KEYS)})")
            elif key in fields:
                self.report(key_node, f"duplicate key {key!r} in entry")
            else:
                fields[key] = value_node
        if "name" not in fields:
            self.report(node, "entry is missing 'name'")
        name = self.text(fields.get("name"), "'name'")
        alias_nodes = self.sequence(fields.get("aliases"), "'aliases'")
        aliases = [self.text(alias, "an alias") for alias in alias_nodes]
        case_sensitive = self.flag(fields.get("case_sensitive"), "case_sensitive")
        needs_cue = self.flag(fields.get("needs_cue"), "needs_cue")
        if name is None or any(alias is None for alias in aliases):
            return None
        texts = tuple(alias for alias in aliases if alias is not None)
        unit = self.unit(fields.get("unit"), name)
        item = VocabItem(name, texts, case_sensitive, needs_cue, node.start_mark.line + 1, unit)
        self.spelling_checks(item, fields["name"], alias_nodes)
        return item

    def unit(self, node: yaml.Node | None, name: str | None) -> str | None:
        """A size unit, for a name that ends in a size (``CC3M``, ``LAION-400M``)."""
        unit = self.text(node, "'unit'")
        if node is None or unit is None:
            return None
        if unit not in UNIT_FAMILY:
            self.report(node, f"unit {unit!r} is none of {', '.join(UNIT_FAMILY)}")
            return None
        if name is not None and size_in_name(name) is None:
            self.report(node, f"{name!r} does not end in a size such as 3M or 400M, so it needs no unit")
            return None
        return unit

    def text(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, f"{what} must be text")
        elif node.tag == _NULL_TAG or not node.value.strip():
            self.report(node, f"{what} must be non-empty text")
        elif node.tag != _STR_TAG:
            self.report(node, f"{what} must be text: write {node.value!r} in quotes")
        else:
            return str(node.value)
        return None

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"{what} must be a list of names")
            return []
        return list(node.value)

    def flag(self, node: yaml.Node | None, key: str) -> bool:
        if node is None:
            return False
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL_TAG:
            self.report(node, f"{key!r} must be true or false")
            return False
        return bool(yaml.constructor.SafeConstructor.bool_values[node.value.lower()])

    def spelling_checks(self, item: VocabItem, name_node: yaml.Node, alias_nodes: list[yaml.Node]) -> None:
        """Aliases that can never be looked up or are listed twice; spellings noted for ``duplicates``.

        Within an entry only an exact repeat is a mistake ("ImageNet-1k" beside "ImageNet 1k" just
        documents a variant); the name may be listed among its own aliases.
        """
        findable = alias_key(item.name) is not None
        listed: set[str] = set()
        keys = {_spelling_key(item.name)}
        self.noted.append(_Noted(item.name, name_node, item.name, True))
        for alias, node in zip(item.aliases, alias_nodes, strict=True):
            if alias_key(alias) is None:
                self.report(node, f"alias {alias!r} cannot be looked up: an alias must start with a letter")
                continue
            findable = True
            if alias.strip() in listed:
                self.report(node, f"alias {alias!r} is listed twice in {item.name!r}")
            listed.add(alias.strip())
            key = _spelling_key(alias)
            if key not in keys:  # one spelling per entry and key for ``duplicates``
                keys.add(key)
                self.noted.append(_Noted(alias, node, item.name, False))
        if not findable:
            self.report(name_node, f"{item.name!r} can never be found: give it an alias that starts with a letter")

    def duplicates(self) -> None:
        """A name or alias that two entries share, ignoring case and separators (which entry a
        match belongs to would depend on the order of the file)."""
        first: dict[str, _Noted] = {}
        for noted in self.noted:
            earlier = first.setdefault(_spelling_key(noted.text), noted)
            if earlier is noted:
                continue
            line = earlier.node.start_mark.line + 1
            if noted.is_name and earlier.is_name:
                self.report(noted.node, f"duplicate name {noted.text!r} (first on line {line})")
            elif noted.is_name:
                self.report(noted.node, f"name {noted.text!r} is also an alias of {earlier.owner!r} (line {line})")
            else:
                also = f"is also a spelling of {earlier.owner!r} (line {line})"
                self.report(noted.node, f"alias {noted.text!r} of {noted.owner!r} {also}")


def _spelling_key(spelling: str) -> str:
    """What two spellings that find the same text share: lower case, one space between parts."""
    return " ".join(part for part in ALIAS_SPLIT.split(spelling.strip().lower()) if part)
