"""Keyword pre-filter: which registered keyword sets a sentence contains, as one bit mask.

Case-insensitive regexes that start with "\\b" or an alternation of words cannot skip ahead
to a likely start, so they are slow even on text they do not match.  Each such regex
registers keywords of which any match contains at least one (``KeywordRegistry.register``
returns the set's bit); every sentence gets the mask of the sets it contains
(``KeywordRegistry.mask``), and a sentence whose mask lacks a regex's bit is not scanned.
The rules register their keyword sets when their modules are imported, on the one registry
``keyword_registry()`` returns.
"""

from __future__ import annotations

import functools
import re

_KEYWORD = re.compile(r"[a-z0-9\-]{2,}")  # lower case (as folded text is), no whitespace
# Bounds on the cache of chunk bits: memory stays bounded on endless new words.
_MAX_CHUNK_BITS = 100_000
_MAX_CACHED_CHUNK = 60


class KeywordRegistry:
    """Registered keyword sets, and the bits of the sets that occur in a piece of folded text."""

    def __init__(self) -> None:
        self._bits: dict[tuple[str, ...], int] = {}  # every registered keyword set -> its bit
        self._by_head: dict[str, list[tuple[str, int]]] = {}  # first two characters -> (keyword, bit)
        # Whitespace-separated chunk of folded text -> bits of the keyword sets
        # it contains.  Words repeat from paper to paper, so each is scanned once.
        self._chunk_bits: dict[str, int] = {}

    def register(self, keywords: str) -> int:
        """Register space-separated keywords; returns their bit (0 for none: "always possible").

        Registering the same set twice gives the same bit.
        """
        words = tuple(keywords.split())
        if not all(_KEYWORD.fullmatch(word) for word in words):
            raise ValueError(f"keywords must be 2+ lower-case letters, digits or hyphens: {keywords!r}")
        if not words or words in self._bits:
            return self._bits.get(words, 0)
        bit = self._bits[words] = 1 << len(self._bits)
        for word in words:
            self._by_head.setdefault(word[:2], []).append((word, bit))
        self._chunk_bits.clear()  # cached chunks do not know the new set
        return bit

    def mask(self, folded: str) -> int:
        """Bits of the registered keyword sets that occur in ``folded`` (case-folded text)."""
        mask = 0
        cached = self._chunk_bits.get
        # No keyword holds whitespace, so each occurrence lies within one chunk.
        for chunk in folded.split():
            bits = cached(chunk)
            mask |= self._scan_chunk(chunk) if bits is None else bits
        return mask

    def _scan_chunk(self, chunk: str) -> int:
        bits = 0
        by_head = self._by_head
        for start in range(len(chunk) - 1):
            for keyword, bit in by_head.get(chunk[start : start + 2], ()):
                if chunk.startswith(keyword, start):
                    bits |= bit
        if len(chunk) <= _MAX_CACHED_CHUNK:  # bounded memory on endless new words
            if len(self._chunk_bits) >= _MAX_CHUNK_BITS:
                self._chunk_bits.clear()
            self._chunk_bits[chunk] = bits
        return bits


@functools.cache
def keyword_registry() -> KeywordRegistry:
    """The registry every rule registers its keywords with, and sentences are masked by."""
    return KeywordRegistry()
