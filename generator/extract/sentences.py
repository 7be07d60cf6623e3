"""Sentences and segments: the title and the abstract's sentences, which facts are read from.

``split_sentences`` finds sentence spans without splitting after abbreviations, initials,
inside numbers or inside URLs.  ``make_segments`` turns a title and abstract into
``Segment`` records (the title first, then each sentence with its offset, its links and its
keyword mask); ``locate`` maps spans found in the whole title or abstract back to them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.extract.folding import fold_case
from generator.extract.links import find_links
from generator.extract.prefilter import keyword_registry

# Kind, modality and summary are judged from the title and the start of the
# abstract; this bounds their cost on pathological, megabyte-long input.
ANALYSIS_WINDOW_CHARS = 20_000

# Words whose trailing period never ends a sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "al", "vs", "cf", "approx", "resp", "fig", "figs",
        "eq", "eqs", "sec", "no", "nos", "dr", "mr", "ms", "prof", "st", "w.r.t",
        "a.k.a", "incl", "viz", "ca", "ref", "refs", "tab",
    }
)
# A period (or ! ?) followed by whitespace, a glued capitalised word
# ("assistant.Based"), or two or more line breaks.  Same matches as
# r"[.!?]+(?=\s|$)|(?<=[a-z][a-z])\.(?=[A-Z][a-z])|\n\s*\n", but the leading
# character class lets the regex engine jump from candidate to candidate
# (about 7x faster); the look-behinds tell which alternative applies.
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*(?=\s|$)"  # "[.!?]+" before whitespace or the end
    r"|(?<=[a-z][a-z]\.)(?=[A-Z][a-z])"  # "assistant.Based"
    r"|(?<=\n)\s*\n)"  # a blank line
)
_MAX_WORD_LOOKBACK = 40


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in ``text``, whitespace trimmed.

    Does not split after abbreviations ("e.g.", "i.e.", "et al.", "vs."),
    initials, inside numbers ("1.5B") or inside URLs.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not match.group().startswith("\n") and not _ends_sentence(text, match):
            continue
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    word = word_before(text, match.start())
    if match.group().startswith(".") and _is_abbreviation(word):
        return False
    if "://" in word or word.startswith(("www.", "github.com", "huggingface.co")):
        # A period inside a URL only ends the sentence when a space follows.
        return match.end() >= len(text) or text[match.end()].isspace()
    following = text[match.end() : match.end() + 3].lstrip()
    # Lower-case continuation ("e.g. the") means the period was not final.
    return not following or not following[0].islower()


def word_before(text: str, pos: int) -> str:
    r"""The word (up to 40 characters) that ends at ``pos``: what follows the
    last whitespace, "(" or "[".

    String methods give the same result as searching r"[^\s(\[]{0,40}$"
    from ``pos - 40`` to ``pos``, without trying every start in between.
    """
    start, end = max(0, pos - _MAX_WORD_LOOKBACK), min(max(pos, 0), len(text))
    if start >= end:
        return ""
    if text[end - 1] == "\n":
        end -= 1  # like that "$": a final line break may follow the word
    piece = text[start:end]
    if not piece or piece[-1].isspace():
        return ""
    tail = piece.rsplit(None, 1)[-1]  # str.split() and \s agree on whitespace
    return tail[max(tail.rfind("("), tail.rfind("[")) + 1 :]


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower().lstrip("(\"'")
    if lowered in _ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted forms ("U.S.") are not ends.
    if len(lowered) == 1:
        return lowered.isalpha()
    return "." in lowered and len(lowered) <= 5 and lowered.replace(".", "").isalpha()


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        spans.append((start, start + len(stripped)))


@dataclass(frozen=True)
class Segment:
    """A sentence of the abstract, or the title, that facts are read from."""

    text: str
    order: int  # position used for ordering: title first, then abstract offset
    is_title: bool
    links: tuple[tuple[int, int], ...]  # URL spans, local to ``text``
    # For keyword pre-filters: the text case-folded (same length), and which
    # registered keyword sets occur in its analysed part.
    folded: str = field(repr=False, compare=False)
    keyword_mask: int = field(repr=False, compare=False)

    def may_contain(self, bit: int) -> bool:
        """False when this segment holds none of the keywords registered as ``bit``."""
        return not bit or bool(self.keyword_mask & bit)


@dataclass(frozen=True)
class Located:
    """A match found in the whole title or abstract, mapped to its sentence."""

    segment: Segment
    start: int  # local to segment.text
    end: int


def make_segments(title: str, abstract: str) -> list[Segment]:
    """The title (if any) and the abstract's sentences, in order."""
    mask = keyword_registry().mask
    segments: list[Segment] = []
    if title.strip():
        links = tuple(m.span() for m in find_links(title))
        folded_title = fold_case(title)
        segments.append(Segment(title, -1, True, links, folded_title, mask(folded_title[:ANALYSIS_WINDOW_CHARS])))
    spans = split_sentences(abstract)
    found = find_links(abstract)
    folded = fold_case(abstract)  # once for all sentences: folding keeps offsets
    index = 0
    for start, end in spans:
        local: list[tuple[int, int]] = []
        while index < len(found) and found[index].start() < end:
            if found[index].start() >= start:
                local.append((found[index].start() - start, min(found[index].end(), end) - start))
            index += 1
        piece = folded[start:end]
        keywords = mask(piece[:ANALYSIS_WINDOW_CHARS])
        segments.append(Segment(abstract[start:end], start, False, tuple(local), piece, keywords))
    return segments


def locate(segments: Sequence[Segment], spans: Iterable[tuple[int, int]], in_title: bool) -> list[Located]:
    """Map spans found in the whole title or abstract to their sentences.

    Spans that cross a sentence boundary are dropped.
    """
    pool = [segment for segment in segments if segment.is_title == in_title]
    starts = [max(segment.order, 0) for segment in pool]
    located: list[Located] = []
    for start, end in spans:
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            continue
        segment = pool[index]
        offset = starts[index]
        if end - offset <= len(segment.text):
            located.append(Located(segment, start - offset, end - offset))
    return located
