"""Deterministic fact extraction from a paper's title and abstract.

Turns the free text of a Daily Papers entry into structured, source-anchored facts for the
survey site's comparison tables: code/model/data links, parameter counts, training-data
scale, compute, context length, named benchmarks and models, headline results, plus one
primary kind, one primary modality and a one-sentence summary.  Everything is rule based
(regular expressions over sentences plus the curated vocabularies in
``generator/vocab/*.yml``), pure and deterministic: the only disk access is loading those
vocabularies once.  Every fact records the sentence it came from and the character span of
the matched text, so a reader can always check a number against the abstract.  The rules
favour precision: when a number's role is unclear it is left out, because a wrong value in
a comparison table is worse than an empty cell.

The fact fields form a registry (``FIELDS``): one module per field in ``kinds/``, each
declaring its name, label, one-or-many, position, extractor and CSV column.  An extractor
reads one per-paper ``Analysis`` (segments, vocabulary and the shared number pass), so work
several fields need is done once.  This module is the public API.
"""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField
from generator.extract.fields import FIELDS, no_facts
from generator.extract.folding import contains_any, fold_case
from generator.extract.kinds.kind import KINDS
from generator.extract.kinds.modality import MODALITIES
from generator.extract.kinds.summary import SUMMARY_MAX_CHARS
from generator.extract.own_names import own_names
from generator.extract.ownership import KIND_DEFAULT_ROLES, with_default_role, with_roles
from generator.extract.sentences import ANALYSIS_WINDOW_CHARS, split_sentences
from generator.extract.units import sizes_in_names
from generator.extract.vocabulary import VocabularyError, load_vocabulary
from generator.model import Facts

__all__ = [
    "ANALYSIS_WINDOW_CHARS",
    "FIELDS",
    "KINDS",
    "MODALITIES",
    "SUMMARY_MAX_CHARS",
    "CsvColumn",
    "FactField",
    "VocabularyError",
    "contains_any",
    "extract_facts",
    "fold_case",
    "load_vocabulary",
    "paper_own_names",
    "no_facts",
    "split_sentences",
]


def paper_own_names(title: str, abstract: str) -> tuple[str, ...]:
    """What the paper calls its own model or system, as the role rules read it (``own_names.py``)."""
    return own_names(title or "", abstract or "", load_vocabulary().models)


def extract_facts(title: str, abstract: str) -> Facts:
    """Extract every fact field of the registry from a paper's title and abstract."""
    vocabulary = load_vocabulary()
    analysis = Analysis(title or "", abstract or "", vocabulary)
    found = {field.name: field.extract(analysis) for field in FIELDS}
    # A dataset named with its size ("trained on CC3M") states a data size; read what is written out first.
    written = {fact.value for fact in found["data_scale"]}
    named = sizes_in_names(found["benchmarks"], vocabulary.sized)
    unwritten = tuple(fact for fact in named if fact.value not in written)
    found["data_scale"] += with_roles(unwritten, "data_scale", analysis.own_names)
    # A size no word of its sentence explains belongs, in a systems or benchmark paper, to the
    # model the paper runs or evaluates, and in a survey to the work it surveys.
    kind = found["kind"][0].value if found["kind"] else None
    for field, defaults in KIND_DEFAULT_ROLES.items():
        if isinstance(kind, str) and kind in defaults:
            found[field] = with_default_role(found[field], field, defaults[kind], analysis.own_names)
    return Facts(found)
