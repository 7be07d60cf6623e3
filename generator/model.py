"""The records every stage shares: papers, the taxonomy, placements, facts, the survey, pages.

Each stage is a function from some of these frozen records to others (``corpus`` makes
``Paper``, ``taxonomy`` makes ``Taxonomy``, ``assign`` makes ``Placement``, ``extract`` makes
``Facts``, ``render`` makes ``Page``).  They live here, and nowhere else, so that a stage
imports the records it reads without importing the stage that made them; this module imports
no other module of the generator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

# A benchmark named by this many papers gets a page comparing their results on it.
MIN_BENCHMARK_PAPERS = 2
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "—"

# --- Papers (generator/corpus.py) ------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Source:
    """Where an entry was read: the seed file's name and the title's line number."""

    file: str
    line: int


@dataclass(frozen=True)
class PaperDate:
    """A listing date; ``year`` is None when the page did not say and we cannot know."""

    month: int
    day: int
    year: int | None = None

    @property
    def iso(self) -> str | None:
        return None if self.year is None else f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def display(self) -> str:
        text = f"{MONTHS[self.month - 1]} {self.day}"
        return text if self.year is None else f"{text}, {self.year}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month, self.day)


@dataclass(frozen=True)
class Paper:
    """A unique paper, merged from every entry that shares its normalised title."""

    slug: str
    title: str
    abstract: str
    sources: tuple[Source, ...]
    authors: int | None = None
    organization: str | None = None
    date: PaperDate | None = None
    upvotes: int | None = None


# --- The curated taxonomy (generator/taxonomy.py) --------------------------------------------

OTHER_ID = "other"


@dataclass(frozen=True)
class Section:
    chapter_id: str
    id: str
    title: str
    intro: str
    cues: tuple[str, ...]

    @property
    def key(self) -> str:
        """Globally unique ``chapter/section`` identifier."""
        return f"{self.chapter_id}/{self.id}"


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    intro: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Override:
    """Pin a paper (by exact title or slug) to a section, with optional secondary chapters."""

    paper: str
    section: str
    also: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class FactCorrection:
    """A curator's word on one fact of one paper (``facts:`` in ``survey.yml``): hide it, mark
    it verified, or give it another role.  ``fact`` is the fact's text as the site shows it."""

    paper: str
    field: str
    fact: str
    hide: bool
    verified: bool
    role: str | None
    line: int


@dataclass(frozen=True)
class Taxonomy:
    title: str
    description: str
    chapters: tuple[Chapter, ...]
    overrides: tuple[Override, ...]
    seed_year_lines: tuple[tuple[str, int, int], ...] = ()
    fact_corrections: tuple[FactCorrection, ...] = ()

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(s for c in self.chapters for s in c.sections)

    def chapter(self, chapter_id: str) -> Chapter:
        return next(c for c in self.chapters if c.id == chapter_id)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def page_year(self, seed_file: str) -> int | None:
        return {name: year for name, year, _ in self.seed_year_lines}.get(seed_file)


OTHER_SECTION = Section(
    OTHER_ID, "unsorted", "Unsorted",
    "Papers the automatic placement could not match to any section with confidence. "
    "Curators move them with an override or add a section for them.", (),
)
OTHER_CHAPTER = Chapter(
    OTHER_ID, "Other",
    "Papers that fit none of the curated chapters well enough to be placed automatically. "
    "The curation report suggests new sections for them.",
    (OTHER_SECTION,),
)


def shown_chapters(chapters: Sequence[Chapter], counts: Mapping[str, int]) -> list[Chapter]:
    """The chapters the site lists (and ``survey-atlas check`` counts): every curated chapter,
    and Other when any paper is in it."""
    return [c for c in chapters if c.id != OTHER_ID or counts.get(OTHER_ID, 0)]

# --- Placement (generator/assign.py) and related papers (generator/related.py) ---------------

Confidence = Literal["high", "low", "override"]


@dataclass(frozen=True)
class Placement:
    """Where a paper sits and why."""

    chapter: str
    section: str
    chapters: tuple[str, ...]
    score: float
    runner_up: str | None
    runner_up_score: float
    terms: tuple[str, ...]
    confidence: Confidence
    # Similarity, cue terms left out, to the nearest labelled paper of its section (0 if none).
    fit: float = 0.0
    # Why the placement is low confidence ("" when it is not).
    reason: str = ""

    @property
    def section_key(self) -> str:
        return f"{self.chapter}/{self.section}"


@dataclass(frozen=True)
class Neighbour:
    """A related paper: its slug, the score that ranked it and why it is related, in a few
    words ("same section · both evaluate on C4 · data filtering")."""

    slug: str
    score: float
    reason: str = ""


# --- Facts (generator/extract/) --------------------------------------------------------------

# Whose number a quantity is (generator/extract/ownership.py).
Role = Literal["own", "base", "compared", "other"]
ROLES: tuple[Role, ...] = ("own", "base", "compared", "other")


@dataclass(frozen=True)
class Fact:
    """One extracted value, anchored to the sentence it was read from."""

    text: str
    value: float | str | None
    unit: str | None
    qualifier: str | None
    source: str
    start: int
    end: int
    # Whose number it is (``roles.py``): own, base, compared or other; None for facts that are
    # not model sizes, data sizes or compute.
    role: str | None = None
    # Checked by a curator (``facts:`` in ``survey.yml``).
    verified: bool = False


@dataclass(frozen=True)
class Facts:
    """All facts of one paper, by fact field, each field's facts in the order they appear.

    The fields are those of the registry in ``generator/extract/fields.py``, which fills every
    one (an empty tuple when nothing was found); asking for a field it does not know is a
    ``KeyError``, so a misspelt field name fails loudly instead of reading as "no facts".
    """

    by_field: Mapping[str, tuple[Fact, ...]]

    def __getitem__(self, name: str) -> tuple[Fact, ...]:
        return self.by_field[name]

    def first(self, name: str) -> Fact | None:
        """The field's first fact; a one-valued field's only one."""
        found = self.by_field[name]
        return found[0] if found else None


@dataclass(frozen=True)
class Claim:
    """A headline result as a structured claim (``claims.py``): its value and unit (``%`` or
    ``x``), the metric and benchmark it is on and what it is compared with, when the clause
    says, and the result fact it was read from (its sentence and span)."""

    value: float
    unit: str
    metric: str | None
    benchmark: str | None
    comparison: str | None
    result: Fact


# --- What's new (generator/whatsnew.py) ------------------------------------------------------

EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class Arrival:
    """When a paper arrived: with ``seed_file``, the first seed file that listed it, which was
    committed at ``when``; ``listed`` is the date it is grouped under: its own listing date when
    the year is known, else that file's listing page date, when the page gives one."""

    slug: str
    seed_file: str
    when: str | None  # ISO 8601 commit time of the seed file, None when not committed yet
    listed: PaperDate | None = None

    @property
    def key(self) -> tuple[str | None, PaperDate | None, str | None]:
        """Papers with the same key arrived together: with one commit, under one listing date (a
        date without a year, or none, is told apart by its file)."""
        dated = self.listed is not None and self.listed.year is not None
        return (self.when, self.listed, None if dated else self.seed_file)


@dataclass(frozen=True)
class WhatsNew:
    arrivals: tuple[Arrival, ...]
    from_history: bool

    @property
    def updated(self) -> str:
        dated = [a.when for a in self.arrivals if a.when]
        return max(dated) if dated else EPOCH


# --- The analysed survey and its pages (generator/render/) -----------------------------------


# How a Markdown page's source marks the place of its block number N (render/blocks.py).
BLOCK_PLACEHOLDER = "<!--sa-block-{}-->"


def utf8(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


@dataclass(frozen=True, init=False)
class Page:
    """A generated file: its path relative to the docs directory and its content.

    ``html``, when set, is the page body as finished HTML: MkDocs then reads only the front
    matter from ``content`` and the plugin puts ``html`` in place of the Markdown output.  Paper
    pages are built this way because Markdown's raw-HTML handling of their panels was the
    largest MkDocs cost at 20,000 papers (95 s of CPU against 15 s for bare pages).  ``blocks``
    are finished HTML regions of a Markdown page, each standing in ``content`` as a placeholder
    that the plugin replaces after Markdown (``render/blocks.py``).

    The texts are kept as UTF-8 (the ``encoded*`` fields; ``content``, ``html`` and ``blocks``
    decode them).  Python stores a whole str at two bytes a character as soon as it holds one
    character beyond Latin-1 (a dash, an arrow), and every site page and export is held until
    MkDocs writes it: at 10,000 papers they took 534 MB as str and 285 MB as UTF-8, the largest
    part of the build's peak memory.  MkDocs takes the bytes as they are (``File.generated``).
    """

    src_uri: str
    in_nav: bool
    # For a page its builder can take from an earlier build: the hash of what it is rendered
    # from (``RenderInput.render_key``), under which the stage cache keeps its rendering.
    render_key: str | None
    encoded: bytes
    encoded_html: bytes | None
    encoded_blocks: tuple[bytes, ...]

    def __init__(self, src_uri: str, content: str | bytes, in_nav: bool = True, html: str | bytes | None = None,
                 blocks: Iterable[str | bytes] = (), render_key: str | None = None) -> None:
        given = {"src_uri": src_uri, "in_nav": in_nav, "render_key": render_key, "encoded": utf8(content),
                 "encoded_html": None if html is None else utf8(html),
                 "encoded_blocks": tuple(utf8(block) for block in blocks)}
        for name, value in given.items():
            object.__setattr__(self, name, value)

    @property
    def content(self) -> str:
        return self.encoded.decode("utf-8")

    @property
    def html(self) -> str | None:
        return None if self.encoded_html is None else self.encoded_html.decode("utf-8")

    @property
    def blocks(self) -> tuple[str, ...]:
        return tuple(block.decode("utf-8") for block in self.encoded_blocks)

    @property
    def full_content(self) -> str:
        """``content`` with its blocks in place of their placeholders: the page's whole source."""
        text = self.content
        for number, block in enumerate(self.blocks):
            text = text.replace(BLOCK_PLACEHOLDER.format(number), block, 1)
        return text


@dataclass(frozen=True)
class Survey:
    """Everything the renderer needs, produced by the earlier stages."""

    taxonomy: Taxonomy
    chapters: tuple[Chapter, ...]
    papers: tuple[Paper, ...]
    placements: Mapping[str, Placement]
    facts: Mapping[str, Facts]
    tags: Mapping[str, tuple[str, ...]]
    related: Mapping[str, tuple[Neighbour, ...]]
    claims: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict)

    @cached_property
    def by_slug(self) -> dict[str, Paper]:
        """Papers by slug, built once (every paper page looks its related papers up here)."""
        return {p.slug: p for p in self.papers}

    def section_title(self, key: str | None) -> str:
        """``Chapter › Section`` for a ``chapter/section`` key."""
        if key is None:
            return DASH
        chapter_id, _, section_id = key.partition("/")
        chapter = next(c for c in self.chapters if c.id == chapter_id)
        section = next(s for s in chapter.sections if s.id == section_id)
        return f"{chapter.title} › {section.title}"

    @cached_property
    def by_section(self) -> dict[str, list[Paper]]:
        """Papers per ``chapter/section`` key, most upvoted first, grouped in one pass."""
        groups: dict[str, list[Paper]] = {}
        for paper in sorted(self.papers, key=lambda p: (-(p.upvotes or 0), p.title.casefold(), p.slug)):
            groups.setdefault(self.placements[paper.slug].section_key, []).append(paper)
        return groups

    @cached_property
    def chapter_counts(self) -> Counter[str]:
        """Number of papers whose primary placement is each chapter."""
        return Counter(p.chapter for p in self.placements.values())

    def papers_in(self, section: Section) -> list[Paper]:
        return self.by_section.get(section.key, [])

    def chapter_of(self, paper: Paper) -> Chapter:
        return next(c for c in self.chapters if c.id == self.placements[paper.slug].chapter)

    @cached_property
    def by_tag(self) -> dict[str, list[Paper]]:
        """The papers carrying each tag, in corpus order, by tag name (sorted)."""
        tagged: dict[str, list[Paper]] = {}
        for paper in self.papers:
            for tag in self.tags.get(paper.slug, ()):
                tagged.setdefault(tag, []).append(paper)
        return dict(sorted(tagged.items()))

    def in_chapter(self, chapter_id: str) -> list[Paper]:
        """The papers whose primary placement is a chapter, in corpus order."""
        return [p for p in self.papers if self.placements[p.slug].chapter == chapter_id]

    @cached_property
    def by_benchmark(self) -> dict[str, list[Paper]]:
        """The papers naming each benchmark, for benchmarks named by at least two papers (those
        get a page), by name."""
        named: dict[str, list[Paper]] = {}
        for paper in self.papers:
            for name in dict.fromkeys(str(fact.value) for fact in self.facts[paper.slug]["benchmarks"]):
                named.setdefault(name, []).append(paper)
        return {name: papers for name, papers in sorted(named.items()) if len(papers) >= MIN_BENCHMARK_PAPERS}

    @property
    def unplaced(self) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if self.placements[p.slug].chapter == OTHER_ID)
