"""The paper's own names: what it calls the model or system it introduces ("Pensez", "CodeGen2").

A size written right after one of these names ("Pensez 7B", "CodeGen2-16B", "Foo-VL-7B") is a
model size of the paper's own model, even when the name is in no vocabulary.  The names come
from the title's prefix before a colon ("Pensez: Less Data, Better Reasoning") and from the
abstract's "we present X" / "X, named Y" phrasing.  A prefix that already carries a size
("InfiMM-WebMath-40B: ...") names a dataset by its size and gives no name, and so does a
title or an introduction that says the paper presents a dataset or benchmark ("PIN: A ...
Dataset"): "PIN-14M" is a dataset's size, not a model's.  Names found in the abstract must
look like names (an acronym, CamelCase or a digit) and must not be a known model family, so
that "we propose a LLaMA-based ..." does not make every Llama size the paper's own.
"""

from __future__ import annotations

import re

from generator.extract.names import NameIndex

# Longest title prefix (in words) taken as a name: "Encoder-Decoder Gemma", "Kimi k1.5".
MAX_PREFIX_WORDS = 3
SIZE_IN_NAME = re.compile(r"\d(?:\.\d+)?[MBT]\b")
# "we present Foo-VL", "named Foo", "dubbed Foo": the name stops before a hyphenated number.
INTRODUCED = re.compile(
    r"\b(?:[Ww]e (?:present|introduce|propose|release|develop|open-source)|[Ii]ntroducing|named|called|dubbed)"
    r"\s+(?P<name>[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z][A-Za-z0-9.]*)*)"
)
# Each introduction contains one of these: a cheap test before the regex.
INTRODUCING_WORDS = ("present", "introduc", "propose", "release", "develop", "open-source", "named", "called",
                     "dubbed")
# A title or an introduction that names a dataset, not a model.
DATASET_WORDS = re.compile(r"(?i)\b(?:datasets?|corpus|corpora|benchmarks?)\b")
DATASET_AFTER = re.compile(r"(?i)[^.;:]{0,40}?\b(?:datasets?|corpus|corpora|benchmarks?|collection)\b")
GENERIC_WORDS = frozenset({"A", "An", "The", "This", "Our", "We", "It", "Its", "In", "On", "To", "For", "New"})


def own_names(title: str, abstract: str, models: NameIndex) -> tuple[str, ...]:
    """The names a paper gives its own model or system, longest first."""
    names = set(_title_names(title))
    if any(word in abstract for word in INTRODUCING_WORDS):
        for match in INTRODUCED.finditer(abstract):
            name = match.group("name").rstrip(".")
            if DATASET_AFTER.match(abstract, match.end()):
                continue  # "we present PIN-14M, an open-source dataset"
            if looks_like_name(name) and models.match_at(name, 0, relaxed_end=True) is None:
                names.add(name)
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


def _title_names(title: str) -> list[str]:
    prefix, colon, rest = title.partition(":")
    prefix = prefix.strip()
    words = prefix.split()
    if not colon or not words or len(words) > MAX_PREFIX_WORDS or SIZE_IN_NAME.search(prefix):
        return []
    if DATASET_WORDS.search(rest):
        return []  # "PIN: A Knowledge-Intensive Dataset ...": "PIN-14M" is a dataset's size
    if len(words) == 1:
        return [prefix] if prefix[0].isalpha() and prefix not in GENERIC_WORDS else []
    # "Kimi k1.5", "Encoder-Decoder Gemma": the whole prefix; its first word only if it is a name.
    return [prefix] + ([words[0]] if looks_like_name(words[0]) else [])


def looks_like_name(word: str) -> bool:
    """Acronyms, CamelCase and names with digits ("APOLLO", "CodeGen2", "bert2BERT"), not "Scaling"."""
    return sum(char.isupper() for char in word) >= 2 or (any(char.isdigit() for char in word) and word[0].isalpha())


def is_own_name(compound: str, names: tuple[str, ...]) -> bool:
    """Whether ``compound`` (the name written before a size) is, or extends, one of ``names``:
    "CodeGen2", "Foo-VL" for "Foo", "StarCoder2" for "StarCoder"."""
    for name in names:
        if compound == name or compound.endswith("-" + name):  # "Flan-UL2" for "UL2"
            return True
        if compound.startswith(name) and compound[len(name)] in "-._ 0123456789":
            return True
        if "-" in compound and name.startswith(compound + "-"):  # "GLM-4.1V-9B" for "GLM-4.1V-Thinking"
            return True
    return False
