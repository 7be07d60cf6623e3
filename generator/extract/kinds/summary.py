"""Summary: the paper's contribution sentence ("we propose ..."), trimmed to ``SUMMARY_MAX_CHARS``.

The first sentence of the abstract's opening with a strong contribution verb ("propose",
"introduce", "present" ...) is chosen, else the first with a weaker one ("study",
"investigate", "show" ...).  Not shown in the facts panel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.extract.analysis import Analysis
from generator.extract.fact_field import FactField, single
from generator.extract.prefilter import keyword_registry
from generator.extract.sentences import ANALYSIS_WINDOW_CHARS, Segment
from generator.model import Fact

SUMMARY_MAX_CHARS = 300
_CONTRIBUTION = re.compile(
    r"(?i)\b(?:we|this\s+(?:paper|work|report|survey|study|review|article)|our\s+(?:paper|work))\s+"
    r"(?:\w+\s+){0,2}?(?:propose|proposes|introduce|introduces|present|presents|develop|develops|"
    r"release|design|build|construct|create|provide|provides|describe|describes|offer|offers)\b"
)
_WEAK_CONTRIBUTION = re.compile(
    r"(?i)\bwe\s+(?:\w+\s+)?(?:study|investigate|explore|examine|analy[sz]e|show|demonstrate|find|"
    r"consider|tackle|address)\b"
)
_CONTRIBUTION_KEYS = keyword_registry().register(
    "propose introduce present develop release design build construct create provide describe offer"
)
_WEAK_CONTRIBUTION_KEYS = keyword_registry().register(
    "study investigate explore examine analy show demonstrate find consider tackle address"
)


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    return single(_summary(analysis.opening))


def _summary(segments: Sequence[Segment]) -> Fact | None:
    body = [segment for segment in segments if not segment.is_title]
    chosen = next((s for s in body if _contains(s, _CONTRIBUTION, _CONTRIBUTION_KEYS)), None)
    if chosen is None:
        chosen = next((s for s in body if _contains(s, _WEAK_CONTRIBUTION, _WEAK_CONTRIBUTION_KEYS)), None)
    if chosen is None:
        return None
    text = chosen.text
    trimmed, end = _trim_to(text, SUMMARY_MAX_CHARS)
    return Fact(trimmed, trimmed, None, None, text, 0, end)


def _contains(segment: Segment, pattern: re.Pattern[str], keys: int) -> bool:
    """Does ``pattern`` occur in the analysed part of ``segment``?"""
    return segment.may_contain(keys) and pattern.search(segment.text, 0, ANALYSIS_WINDOW_CHARS) is not None


def _trim_to(text: str, limit: int) -> tuple[str, int]:
    """Cut to at most ``limit`` characters at a word boundary, marked with "…"."""
    if len(text) <= limit:
        return text, len(text)
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit - 1
    kept = text[:cut].rstrip(" ,;:")
    return kept + "…", len(kept)


FIELD = FactField("summary", None, many=False, position=110, extract=extract)
