"""Synthetic seed corpora for the scaling benchmark, in the real Daily Papers listing layouts.
The real seed files in ``seeds/`` are parsed with the project's own parser into a pool of
papers (title, abstract, optional byline/date/upvotes).  A corpus of ``n`` papers takes every
pool paper once as it is, then variants: the title with most of its longer words
swapped for words from other real titles (so titles are distinct and rarely near-duplicates)
and the abstract lightly perturbed (about a third of its sentences, never the first, replaced
by sentences from other real abstracts).  ``write_seeds`` lays the papers out in listing files
like the real ones: the page header, a page date, ``title`` / ``abstract`` paragraphs and, in
about a third of the files, metadata blocks (``• 6 authors`` or an organisation, ``·``, a date
with an optional upvote count).  About 7% of entries repeat a paper from an earlier file, as the
real seeds do.  Everything is seeded, so the same size always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.corpus import merge_entries, normalize_title, parse_seed
from generator.model import Paper
from generator.slugs import slug_for_title

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
SWAPPABLE_RE = re.compile(r"^[A-Za-z]{4,}$")
ORGANIZATIONS = (
    ("ontocord", "Ontocord.AI"), ("google", "Google"), ("meta-llama", "Meta Llama"),
    ("allenai", "Ai2"), ("nvidia", "NVIDIA"), ("microsoft", "Microsoft"), ("Qwen", "Qwen"),
    ("deepseek-ai", "DeepSeek"), ("HuggingFaceTB", "Hugging Face Smol Models Research"),
)
SWAP_SHARE = 0.85
SENTENCE_SWAP_SHARE = 0.3
DUPLICATE_SHARE = 0.07
METADATA_FILE_SHARE = 1 / 3
METADATA_ENTRY_SHARE = 0.85
PAPERS_PER_FILE = (30, 150)


@dataclass(frozen=True)
class SynthPaper:
    """One synthetic paper and the metadata block it may carry in a listing."""

    title: str
    abstract: str
    authors: int | None
    organization: tuple[str, str] | None
    date: tuple[int, int, int | None] | None
    upvotes: int | None

    @property
    def slug(self) -> str:
        return slug_for_title(normalize_title(self.title))


@dataclass(frozen=True)
class SeedStats:
    files: int
    entries: int
    papers: int
    duplicates: int
    with_metadata: int
    bytes: int


def load_pool(seeds_dir: Path) -> tuple[Paper, ...]:
    """The real papers, parsed and merged by the project's own corpus module."""
    entries = []
    for path in sorted(seeds_dir.glob("*.txt")):
        page, _ = parse_seed(path.name, path.read_text(encoding="utf-8"))
        entries += page.entries
    papers, _ = merge_entries(entries)
    return papers


def make_corpus(pool: Sequence[Paper], n: int, seed: int = 7) -> list[SynthPaper]:
    """``n`` papers with distinct titles (and slugs): the pool first, then variants of it."""
    rng = random.Random(seed)
    vocabulary = sorted({w for p in pool for w in p.title.split() if SWAPPABLE_RE.match(w)})
    sentences = [s for p in pool for s in SENTENCE_RE.split(p.abstract)[1:] if len(s) > 40]
    seen_titles: set[str] = set()
    seen_slugs: set[str] = set()
    papers: list[SynthPaper] = []
    index = 0
    while len(papers) < n:
        base = pool[index % len(pool)]
        variant = index // len(pool)
        index += 1
        if variant == 0:
            title, abstract = base.title, base.abstract
        else:
            title = _variant_title(base.title, vocabulary, rng)
            abstract = _variant_abstract(base.abstract, sentences, rng)
        key = normalize_title(title)
        slug = slug_for_title(key)
        if key in seen_titles or slug in seen_slugs:
            continue
        seen_titles.add(key)
        seen_slugs.add(slug)
        papers.append(_with_metadata(title, abstract, base if variant == 0 else None, rng))
    return papers


def _variant_title(title: str, vocabulary: Sequence[str], rng: random.Random) -> str:
    words = title.split()
    swappable = [i for i, w in enumerate(words) if SWAPPABLE_RE.match(w)]
    chosen = [i for i in swappable if rng.random() < SWAP_SHARE] or swappable[:1]
    for i in chosen:
        word = rng.choice(vocabulary)
        words[i] = word.capitalize() if words[i][0].isupper() else word.lower()
    if len(chosen) < 2:
        words += ["for", rng.choice(vocabulary).capitalize(), rng.choice(vocabulary).capitalize()]
    return " ".join(words)


def _variant_abstract(abstract: str, sentences: Sequence[str], rng: random.Random) -> str:
    parts = SENTENCE_RE.split(abstract)
    for i in range(1, len(parts)):
        if rng.random() < SENTENCE_SWAP_SHARE:
            parts[i] = rng.choice(sentences)
    return " ".join(parts)


def _with_metadata(title: str, abstract: str, real: Paper | None, rng: random.Random) -> SynthPaper:
    if real is not None and (real.authors is not None or real.organization or real.date):
        date = (real.date.month, real.date.day, real.date.year) if real.date else None
        organization = next(((h, n) for h, n in ORGANIZATIONS if n == real.organization), None)
        if real.organization and organization is None:
            organization = ("org", real.organization)
        return SynthPaper(title, abstract, real.authors, organization, date, real.upvotes)
    by_organization = rng.random() < 0.2
    return SynthPaper(
        title, abstract,
        authors=None if by_organization else rng.randint(1, 30),
        organization=rng.choice(ORGANIZATIONS) if by_organization else None,
        date=(rng.randint(1, 12), rng.randint(1, 28), rng.choice((None, 2022, 2023, 2024, 2025))),
        upvotes=rng.choice((None, rng.randint(1, 400))),
    )


def seed_name(number: int, tag: str = "bench") -> str:
    return f"{number:03d}_{hashlib.sha1(f'{tag}-{number}'.encode()).hexdigest()[:16]}.txt"


def write_seeds(papers: Sequence[SynthPaper], folder: Path, seed: int = 11, first_number: int = 0,
                tag: str = "bench", duplicates: bool = True) -> SeedStats:
    """Write the papers as listing files into ``folder``; every paper appears at least once."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[SynthPaper] = []
    files = entries = dups = with_meta = size = 0
    position = 0
    number = first_number
    while position < len(papers):
        count = rng.randint(*PAPERS_PER_FILE)
        chunk = list(papers[position : position + count])
        position += len(chunk)
        extra = [rng.choice(written) for _ in range(round(len(chunk) * DUPLICATE_SHARE))] if (
            duplicates and written) else []
        written += chunk
        listing = chunk + extra
        rng.shuffle(listing)
        metadata_style = rng.random() < METADATA_FILE_SHARE
        text, meta_count = _listing(listing, metadata_style, rng)
        data = text.encode("utf-8")
        (folder / seed_name(number, tag)).write_bytes(data)
        number += 1
        files += 1
        entries += len(listing)
        dups += len(extra)
        with_meta += meta_count
        size += len(data)
    return SeedStats(files, entries, len(papers), dups, with_meta, size)


def _listing(papers: Sequence[SynthPaper], metadata_style: bool, rng: random.Random) -> tuple[str, int]:
    header = ["new", "Get trending papers in your email inbox!", "Subscribe"]
    if rng.random() < 0.5:
        header.append("Daily Papers")
    header += ["byAK and the research community", f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"]
    paragraphs = list(header)
    meta_count = 0
    for paper in papers:
        paragraphs += [paper.title, paper.abstract]
        if metadata_style and rng.random() < METADATA_ENTRY_SHARE:
            block = _metadata_block(paper)
            if block:
                paragraphs.append(block)
                meta_count += 1
    return "\n\n".join(paragraphs) + "\n", meta_count


def _metadata_block(paper: SynthPaper) -> str | None:
    lines = []
    if paper.organization:
        handle, name = paper.organization
        lines.append(f"{handle} {name}")
    elif paper.authors is not None:
        lines.append(f"  • {paper.authors} author{'s' * (paper.authors != 1)}")
    if paper.date is None:
        return "\n".join(lines + ["·"]) if lines else None
    month, day, year = paper.date
    date = f"{MONTHS[month - 1]} {day}" + (f", {year}" if year else "")
    if paper.upvotes is not None:
        date += f" {paper.upvotes}"
    return "\n".join(lines + ["·", date])
