"""Name mentions: vocabulary names found in a paper, located in sentences, its own artefacts left out.

Benchmarks and models are looked up in the whole title and abstract at once (see
``names``) and mapped back to their sentences.  A name the paper itself introduces ("we
present CulturaX, ...") is not a benchmark it uses, so a name right after a creation verb
is dropped; names marked ``needs_cue`` count only when "dataset", "benchmark" and the like
follow.  Model names take a size written right after them ("Llama-2 7B").
"""

from __future__ import annotations

import re

from generator.extract.analysis import Analysis
from generator.extract.folding import contains_any, fold_case
from generator.extract.names import NameIndex, VocabEntry
from generator.extract.sentences import Located, locate
from generator.model import Fact

_DATASET_CUE_AFTER = re.compile(
    r"\s{0,3}(?:[\w-]{1,30}\s{1,3})?(?:dataset|datasets|data|benchmark|benchmarks|corpus|collection)\b", re.IGNORECASE
)
CREATION_VERB = re.compile(
    r"(?i)\b(?:we|our)\s+(?:\w+\s+){0,2}?(?:present|introduce|propose|build|construct|create|created|"
    r"curate|release|develop|collect|named|called)\b"
    r"|\b(?:introducing|presenting|proposing|dubbed|named|called)\b"
)
# Each creation verb contains one of these (case-folded): a cheap test first.
CREATION_KEYWORDS = (
    "present", "introduc", "propos", "build", "construct", "creat", "curate", "release", "develop", "collect",
    "named", "called", "dubbed",
)
_OWN_GAP_BLOCKERS = re.compile(r"(?i)\b(?:on|from|using|with|over|than|to|against|of|in)\b")
_OWN_GAP = 40
_SIZE_AFTER_NAME = re.compile(r"[\s\-]{0,2}(?P<size>\d+(?:\.\d+)?[MBT])(?![A-Za-z0-9])")


def find_located(analysis: Analysis, index: NameIndex) -> list[tuple[Located, VocabEntry]]:
    """Every name of ``index`` in the title and abstract, mapped to its sentence."""
    found: list[tuple[Located, VocabEntry]] = []
    sources = ((True, analysis.title, analysis.title_words), (False, analysis.abstract, analysis.abstract_words))
    for in_title, text, words in sources:
        matches = index.find(text, words=words)
        spans = [(match.start, match.end) for match in matches]
        by_start = {match.start: match.entry for match in matches}
        for located in locate(analysis.segments, spans, in_title):
            offset = max(located.segment.order, 0)
            found.append((located, by_start[located.start + offset]))
    return found


def extract_names(
    analysis: Analysis, index: NameIndex, own_names: frozenset[str], with_sizes: bool
) -> list[tuple[int, Fact]]:
    """Facts for the names of ``index`` a paper mentions, keyed by position; not ``own_names``."""
    found: list[tuple[int, Fact]] = []
    for located, entry in find_located(analysis, index):
        text, start = located.segment.text, located.start
        if entry.needs_cue and not _DATASET_CUE_AFTER.match(text, located.end):
            continue
        if entry.name in own_names or _introduced_here(text, start):
            continue
        end, value = located.end, entry.name
        if with_sizes:
            end, value = _attach_size(text, located.end, value)
        fact = Fact(text[start:end], value, None, None, text, start, end)
        found.append((located.segment.order + start, fact))
    return found


def _attach_size(text: str, end: int, name: str) -> tuple[int, str]:
    size = _SIZE_AFTER_NAME.match(text, end)
    if size is None:
        return end, name
    return size.end(), f"{name} {size.group('size')}"


def _introduced_here(text: str, pos: int) -> bool:
    """True when the name is the object of "we build/introduce ..." (own artefact)."""
    window_start = max(0, pos - _OWN_GAP)
    if not contains_any(fold_case(text[window_start:pos]), CREATION_KEYWORDS):
        return False
    verbs = list(CREATION_VERB.finditer(text, window_start, pos))
    if not verbs:
        return False
    gap = text[verbs[-1].end() : pos]
    return not _OWN_GAP_BLOCKERS.search(gap) and "," not in gap
