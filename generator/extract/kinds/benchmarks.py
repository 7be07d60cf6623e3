"""Benchmarks and datasets: names from ``vocab/benchmarks.yml``, plus unlisted ones found by phrasing.

Listed names count wherever they appear, except the paper's own artefact (the name part
of its title, "CulturaX: ...", or a name right after "we introduce").  Unlisted names are
read from phrasings such as "the MahaSent dataset" or "datasets such as ToCa, SS1M and
ST+MJ", unless the paper creates them or they are model names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, all_texts, dedupe
from generator.extract.folding import contains_any, fold_case
from generator.extract.mentions import CREATION_KEYWORDS, CREATION_VERB, extract_names
from generator.extract.sentences import ANALYSIS_WINDOW_CHARS, Segment, locate
from generator.extract.vocabulary import Vocabulary
from generator.model import Fact

# "the MahaSent dataset": a name-like token directly before "dataset".
_NAMED_DATASET = re.compile(
    r"the(?<![A-Za-z0-9_]the)\s+(?P<name>[A-Z][A-Za-z]{0,30}[A-Z0-9][A-Za-z0-9+\-]{0,30})\s+(?:dataset|benchmark|corpus)\b"
)
# "datasets, including ToCa, SS1M, and ST+MJ": a list of name-like tokens.
_DATASET_LIST = re.compile(
    r"(?:datasets|benchmarks|corpora)\W{0,3}(?:\s*,)?\s*(?:including|such\s+as|like|namely|e\.g\.,?)\s+"
    r"(?P<items>[A-Z][\w+\- ]{0,60}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-Z][\w+\- ]{0,60}){0,9})"
)
# One list item: a capitalised word, or a few ("Long Range Arena").
_LIST_ITEM = re.compile(r"[A-Z][\w+\-]{0,40}(?: [A-Z][\w+\-]{0,40}){0,3}")
_POSSESSIVE = re.compile(r"['’]s\b")
_NAME_TOKEN = re.compile(r"[A-Z][\w+\-]{0,40}")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    vocab = analysis.vocabulary
    own = _own_artefact_names(analysis.title[:ANALYSIS_WINDOW_CHARS], vocab)
    found = extract_names(analysis, vocab.benchmarks, own, with_sizes=False)
    known = {fact.value.lower() for _, fact in found if isinstance(fact.value, str)}
    found += _pattern_benchmarks(analysis, known)
    return dedupe(found, lambda fact: fact.value)


def _own_artefact_names(title: str, vocab: Vocabulary) -> frozenset[str]:
    """Benchmark names that the paper itself introduces (its title's name part)."""
    prefix = title.split(":", 1)[0] if ":" in title else ""
    return frozenset(match.entry.name for match in vocab.benchmarks.find(prefix))


def _pattern_benchmarks(analysis: Analysis, known: set[str]) -> list[tuple[int, Fact]]:
    """Dataset names not in the vocabulary, found by phrasing ("the X dataset")."""
    segments: Sequence[Segment] = analysis.segments
    vocab = analysis.vocabulary
    candidates = locate(segments, _pattern_name_spans(analysis.abstract), in_title=False)
    if not candidates:
        return []  # most papers: spare the scan for creation verbs below
    created = _created_names(analysis.abstract[:ANALYSIS_WINDOW_CHARS])
    title_name = analysis.title.split(":", 1)[0].strip().lower()
    found: list[tuple[int, Fact]] = []
    for located in candidates:
        text, start, end = located.segment.text, located.start, located.end
        name = text[start:end]
        lowered = name.lower()
        if lowered in known or lowered in created or lowered == title_name:
            continue
        if vocab.models.match_at(text, start) is not None or vocab.benchmarks.match_at(text, start):
            continue
        known.add(lowered)
        canonical = vocab.benchmarks.canonical.get(lowered, name)  # "Once" -> "ONCE"
        fact = Fact(name, canonical, None, None, text, start, end)
        found.append((located.segment.order + start, fact))
    return found


def _pattern_name_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span("name") for match in _NAMED_DATASET.finditer(text)]
    # Substring tests first: most abstracts name no list of datasets.
    lists = _DATASET_LIST.finditer(text) if contains_any(text, ("datasets", "benchmarks", "corpora")) else ()
    for match in lists:
        if match.start() and text[match.start() - 1].isalnum():
            continue  # "subdatasets": not the word "datasets"
        base = match.start("items")
        for item in _LIST_ITEM.finditer(match.group("items")):
            if _POSSESSIVE.match(text, base + item.end()):
                continue  # "OpenAI's WIT": an organisation, not a dataset
            spans.append((base + item.start(), base + item.end()))
    return sorted(set(spans))


def _created_names(abstract: str) -> set[str]:
    """Name-like tokens after a creation verb, up to the end of its sentence."""
    names: set[str] = set()
    if not contains_any(fold_case(abstract), CREATION_KEYWORDS):
        return names
    resume = 0
    for verb in CREATION_VERB.finditer(abstract):
        if verb.start() < resume:
            continue
        stop = _SENTENCE_END.search(abstract, verb.end())
        resume = stop.end() if stop else len(abstract)
        names.update(token.group().lower() for token in _NAME_TOKEN.finditer(abstract, verb.end(), resume))
    return names


FIELD = FactField("benchmarks", "Benchmarks and datasets", many=True, position=70, extract=extract,
                  csv=CsvColumn("benchmarks", all_texts))
