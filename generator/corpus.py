"""Read Hugging Face "Daily Papers" listing dumps into papers.

A seed file is the text of one listing page: a few header lines ("Daily Papers", "byAK and
the research community", …), the page date ("Sep 2"), then for each paper a title line and
an abstract line, optionally followed by a metadata block: a byline (``• 6 authors`` or an
organisation such as ``ontocord Ontocord.AI``), a ``·`` line and a date with an optional
upvote count (``Sep 28, 2023 3``).  Paragraphs are separated by blank lines.  This module
turns such text into ``Entry`` records (one per occurrence) and merges entries with the same
normalised title into ``Paper`` records that remember every ``(file, line)`` they came from.
Everything here is pure: callers hand in text and get data and problems back.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace

from generator.latex import plain_text
from generator.model import MONTHS, Paper, PaperDate, Source
from generator.problems import Problem
from generator.slugs import slug_for_title

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
DATE_RE = re.compile(
    r"^(?P<month>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d{1,7}))?$"
)
AUTHORS_RE = re.compile(r"^•\s*(?P<count>\d{1,5})\s+authors?$")
DOT_LINE = "·"
# Listing dates outside these years are typos, not papers.
MIN_YEAR, MAX_YEAR = 1900, 2200
# A paragraph this long is prose, never a title: real titles stay under 200 characters.
LONG_TEXT = 200
# A short abstract still reads as a sentence of at least this many words.
MIN_SENTENCE_WORDS = 6
# A title longer than this is almost surely an abstract whose title line went missing.
MAX_TITLE = 400
# A file full of bad bytes would drown the report; say how many more there were instead.
# How many bad byte sequences the one problem line of a badly encoded file names.
SHOWN_BAD_BYTES = 3
# Byte-order marks of the wide encodings, UTF-32 first: its little-endian mark starts with UTF-16's.
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
             (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
BOM = b"\xef\xbb\xbf"
LINE_BREAK_RE = re.compile(rb"\r\n|\r|\n")
# Noise in scraped text, dropped before anything else reads it: control characters (Unicode
# category Cc, U+0000-U+001F and U+007F-U+009F) except the tab and the line feed, byte order
# marks, and characters XML 1.0 cannot carry (the feed is XML).  One regex pass over the whole
# text: a per-character category test cost seconds on a 20,000-paper corpus.
NOISE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Entry:
    """One paper as it appears in one seed file."""

    title: str
    abstract: str
    source: Source
    authors: int | None = None
    organization: str | None = None
    date: PaperDate | None = None
    upvotes: int | None = None


@dataclass(frozen=True)
class SeedPage:
    """A parsed seed file: its page date (if any) and its entries."""

    path: str
    page_date: PaperDate | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank lines; ``line`` is the 1-based number of its first line."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def normalize_title(title: str) -> str:
    """The key under which titles are merged: NFKC, case-folded, whitespace collapsed, and
    invisible format characters (zero-width spaces, direction marks) dropped."""
    if title.isascii():
        # Most titles: NFKC changes no ASCII text and ASCII has no format characters, so skip
        # the per-character category test.
        return " ".join(title.casefold().split())
    visible = "".join(ch for ch in unicodedata.normalize("NFKC", title) if unicodedata.category(ch) != "Cf")
    return " ".join(visible.casefold().split())


def clean_text(text: str) -> str:
    """Unify line endings to ``\\n`` and drop noise characters (see ``NOISE_RE``)."""
    return NOISE_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split text on blank lines, for any of the three line-ending conventions.

    Inside a line, runs of whitespace become one space, and outer whitespace goes.
    """
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(clean_text(text).split("\n"), 1):
        line = " ".join(raw.split())
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            paragraphs.append(Paragraph(start, tuple(current)))
            current = []
    if current:
        paragraphs.append(Paragraph(start, tuple(current)))
    return paragraphs


def parse_date(text: str, page_year: int | None = None) -> tuple[PaperDate, int | None] | None:
    """Parse ``Mon D[, YYYY] [upvotes]``; None if it is not a date or not a real day."""
    match = DATE_RE.match(text)
    if not match or match["month"] not in MONTHS:
        return None
    month = MONTHS.index(match["month"]) + 1
    day = int(match["day"])
    year = int(match["year"]) if match["year"] else page_year
    if not _is_real_day(month, day, year) or (year is not None and not MIN_YEAR <= year <= MAX_YEAR):
        return None
    upvotes = int(match["upvotes"]) if match["upvotes"] else None
    return PaperDate(month, day, year), upvotes


def looks_like_date(text: str) -> bool:
    return bool(DATE_RE.match(text))


def _is_real_day(month: int, day: int, year: int | None) -> bool:
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if year is not None and month == 2 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        days = 28
    return 1 <= day <= days


def is_metadata(paragraph: Paragraph) -> bool:
    """A metadata block holds a ``·`` line, an authors line or a date line."""
    return any(
        line == DOT_LINE or AUTHORS_RE.match(line) or looks_like_date(line) for line in paragraph.lines
    )


def is_prose(paragraph: Paragraph) -> bool:
    """Abstract-like: long, or a sentence of several words ending in a full stop.

    Titles may end in "?" or "!" ("Do We Need Tokenizers?"), so only a full stop counts.
    """
    text = paragraph.text
    return len(text) >= LONG_TEXT or (text.endswith(".") and len(text.split()) >= MIN_SENTENCE_WORDS)


def is_title_like(paragraph: Paragraph) -> bool:
    return len(paragraph.lines) == 1 and not is_prose(paragraph) and not is_metadata(paragraph)


@dataclass(frozen=True)
class Metadata:
    authors: int | None = None
    organization: str | None = None
    date: PaperDate | None = None
    upvotes: int | None = None


def parse_metadata(
    path: str, paragraph: Paragraph, page_year: int | None
) -> tuple[Metadata, list[Problem]]:
    """Read a byline / ``·`` / date block, reporting any line we do not understand."""
    meta = Metadata()
    problems: list[Problem] = []
    lines = paragraph.lines
    for offset, line in enumerate(lines):
        number = paragraph.line + offset
        if line == DOT_LINE:
            continue
        if authors := AUTHORS_RE.match(line):
            meta = replace(meta, authors=int(authors["count"]))
        elif looks_like_date(line):
            parsed = parse_date(line, page_year)
            if parsed is None:
                problems.append(Problem(path, number, f"impossible date {line!r}; date left unknown"))
            else:
                meta = replace(meta, date=parsed[0], upvotes=parsed[1])
        elif offset + 1 < len(lines) and lines[offset + 1] == DOT_LINE:
            meta = replace(meta, organization=_organization_name(line))
        else:
            problems.append(Problem(path, number, f"unrecognised metadata line {line!r}; ignored"))
    return meta, problems


def _organization_name(line: str) -> str:
    """``ontocord Ontocord.AI`` is the organisation's handle then its display name."""
    handle, _, name = line.partition(" ")
    return name.strip() if name.strip() and handle.isascii() and handle.islower() else line


def decode_seed(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a seed file's bytes: UTF-16 or UTF-32 when a byte-order mark says so, otherwise
    UTF-8, replacing every bad byte sequence and reporting them in one line.

    One linear pass with Python's own "replace" semantics (one U+FFFD per bad sequence); the
    error handler only records where each sequence was.  Returns None for a binary file.
    """
    for mark, codec in WIDE_BOMS:
        if data.startswith(mark):
            return _decode_wide(path, data, codec)
    if b"\x00" in data:
        line = count_lines(data[: data.index(b"\x00")])
        return None, [Problem(path, line, "binary file (NUL byte); skipped", "error")]
    bom = len(BOM) if data.startswith(BOM) else 0
    found: list[int] = []
    token = _BAD_SEQUENCES.set(found)
    try:
        text = data[bom:].decode("utf-8", RECORDING_HANDLER)
    finally:
        _BAD_SEQUENCES.reset(token)
    return text, [_bad_bytes_problem(path, data, [bom + start for start in found])] if found else []


def _decode_wide(path: str, data: bytes, codec: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode(codec), []
    except UnicodeDecodeError as error:
        name = codec.upper()
        return None, [Problem(path, 1, f"starts with a {name} byte-order mark but is not valid {name} "
                                       f"(byte {error.start}); skipped: save the file as UTF-8", "error")]


def _record_bad_sequence(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _BAD_SEQUENCES.get().append(error.start)
    return "\ufffd", error.end


RECORDING_HANDLER = "survey-atlas-record"
# The handler is global to the codecs module; the list it appends to is per decode call.
_BAD_SEQUENCES: ContextVar[list[int]] = ContextVar("bad_sequences")
codecs.register_error(RECORDING_HANDLER, _record_bad_sequence)


def count_lines(data: bytes) -> int:
    """The 1-based number of the line ``data`` ends on, for LF, CRLF and lone CR endings."""
    return len(LINE_BREAK_RE.findall(data)) + 1


def _bad_bytes_problem(path: str, data: bytes, offsets: list[int]) -> Problem:
    """One line for every invalid UTF-8 sequence of a file: how many, where the first three are."""
    shown = ", ".join(_byte_position(data, offset) for offset in offsets[:SHOWN_BAD_BYTES])
    more = ", …" if len(offsets) > SHOWN_BAD_BYTES else ""
    count = f"{len(offsets)} invalid byte sequence{'s' * (len(offsets) != 1)}"
    message = f"not valid UTF-8: {count} ({shown}{more}) replaced by U+FFFD; save the file as UTF-8"
    return Problem(path, count_lines(data[: offsets[0]]), message)


def _byte_position(data: bytes, offset: int) -> str:
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    column = offset - line_start + 1  # in bytes, as an editor's hex view counts them
    return f"0x{data[offset]:02x} at line {count_lines(data[:offset])} column {column}"


def parse_seed(
    name: str, text: str, page_year: int | None = None, path: str | None = None
) -> tuple[SeedPage, list[Problem]]:
    """Parse one seed file's text into entries and the problems met on the way.

    ``name`` is recorded in each entry's source; ``path`` (default: the name) labels problems.
    ``page_year`` is the year of the listing page when the curator knows it (dates shown
    without a year belong to it); otherwise such dates keep an unknown year.
    """
    path = path or name
    paragraphs = split_paragraphs(text)
    problems: list[Problem] = []
    index = _skip_header(paragraphs)
    if paragraphs and index == 0 and not looks_like_date(paragraphs[0].text):
        problems.append(Problem(path, paragraphs[0].line,
                                "no listing header or page date: not a Daily Papers listing; skipped"))
        return SeedPage(name, None, ()), problems
    page_date = None
    if index < len(paragraphs) and looks_like_date(paragraphs[index].text):
        parsed = parse_date(paragraphs[index].text, page_year)
        if parsed is None:
            problems.append(Problem(path, paragraphs[index].line, "impossible page date; ignored"))
        else:
            page_date = parsed[0]
        index += 1
    entries: list[Entry] = []
    while index < len(paragraphs):
        index = _read_entry(path, paragraphs, index, page_year, entries, problems)
    entries = [replace(e, source=Source(name, e.source.line)) for e in entries]
    if not entries:
        problems.append(Problem(path, 1, "no papers found: is this a Daily Papers listing?"))
    return SeedPage(name, page_date, tuple(entries)), problems


def _skip_header(paragraphs: Sequence[Paragraph]) -> int:
    index = 0
    while index < len(paragraphs) and all(
        line.casefold() in HEADER_LINES for line in paragraphs[index].lines
    ):
        index += 1
    return index


def _read_entry(
    path: str,
    paragraphs: Sequence[Paragraph],
    index: int,
    page_year: int | None,
    entries: list[Entry],
    problems: list[Problem],
) -> int:
    """Read the entry starting at ``paragraphs[index]``; return the index after it."""
    title = paragraphs[index]
    if is_metadata(title):
        problems.append(Problem(path, title.line, "metadata with no paper before it; ignored"))
        return index + 1
    if len(title.text) > MAX_TITLE:
        problems.append(Problem(path, title.line, "text with no title before it; ignored"))
        return index + 1
    if len(title.lines) > 1:
        problems.append(Problem(path, title.line, "title spans several lines; joined"))
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    if following is None or is_metadata(following) or _is_next_title(paragraphs, index + 1):
        problems.append(Problem(path, title.line, f"title {title.text[:80]!r} has no abstract; skipped"))
        return index + 1
    meta, next_index = Metadata(), index + 2
    if next_index < len(paragraphs) and is_metadata(paragraphs[next_index]):
        meta, meta_problems = parse_metadata(path, paragraphs[next_index], page_year)
        problems.extend(meta_problems)
        next_index += 1
    entries.append(
        Entry(
            title=title.text,
            abstract=following.text,
            source=Source(path, title.line),
            authors=meta.authors,
            organization=meta.organization,
            date=meta.date,
            upvotes=meta.upvotes,
        )
    )
    return next_index


def _is_next_title(paragraphs: Sequence[Paragraph], index: int) -> bool:
    """True when the paragraph at ``index`` is a title whose abstract follows it."""
    candidate = paragraphs[index]
    after = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    return is_title_like(candidate) and after is not None and is_prose(after) and not is_metadata(after)


def merge_entries(entries: Iterable[Entry]) -> tuple[tuple[Paper, ...], list[Problem]]:
    """Merge entries with the same normalised title; papers come back sorted by slug."""
    groups: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: e.source):
        groups.setdefault(normalize_title(entry.title), []).append(entry)
    papers: list[Paper] = []
    problems: list[Problem] = []
    for group in groups.values():
        paper, conflicts = _merge_group(group)
        papers.append(paper)
        problems.extend(conflicts)
    slugs: dict[str, Paper] = {}
    for paper in sorted(papers, key=lambda p: p.sources[0]):
        if paper.slug in slugs:
            first = slugs[paper.slug].sources[0]
            problems.append(
                Problem(paper.sources[0].file, paper.sources[0].line,
                        f"title's page address collides with {first.file}:{first.line}; skipped",
                        "error")
            )
            continue
        slugs[paper.slug] = paper
    return tuple(sorted(slugs.values(), key=lambda p: p.slug)), problems


def _merge_group(group: Sequence[Entry]) -> tuple[Paper, list[Problem]]:
    """Merge one title's entries, keeping the most informative value of each field."""
    first = group[0]
    abstracts = sorted({e.abstract for e in group}, key=lambda a: (-len(a), a))
    problems = [
        Problem(e.source.file, e.source.line,
                f"same title as {first.source.file}:{first.source.line} but a different abstract; "
                "kept the longest")
        for e in group
        if e.abstract != first.abstract
    ]
    dates = [e.date for e in group if e.date is not None]
    paper = Paper(
        slug=slug_for_title(normalize_title(first.title)),
        title=plain_text(first.title),
        abstract=plain_text(abstracts[0]),
        sources=tuple(e.source for e in group),
        authors=next((e.authors for e in group if e.authors is not None), None),
        organization=next((e.organization for e in group if e.organization), None),
        # A date with a known year beats one without; among those, the first seen wins.
        date=min(dates, key=lambda d: d.year is None) if dates else None,
        upvotes=max((e.upvotes for e in group if e.upvotes is not None), default=None),
    )
    return paper, problems
