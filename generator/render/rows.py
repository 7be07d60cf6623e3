"""Typed view-models: the tables, rows, cells and links templates print, built from the survey.

A template reads exactly the fields of these frozen dataclasses, so a misspelt field fails the
render (``StrictUndefined``) instead of printing nothing.  Every paper table (a section's
comparison table, a listing) is a ``Table``: a paper column, then the columns of a column
registry that have a value in at least one row.  A cell shows a text, sorts by exactly what it
shows (``sort``), and a cell read from the abstract links to its sentence on the paper's page,
with that sentence as its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator import escape
from generator.extract.sentences import split_sentences
from generator.extract.units import family_of, family_rank
from generator.model import DASH, Chapter, Fact, Facts, Paper, Section, Survey
from generator.urls import benchmark_url, chapter_url, paper_url, relative, tag_id, url


@dataclass(frozen=True, slots=True)
class CodeLink:
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class NameLink:
    """A name in a cell, linking to its own page when it has one (a benchmark's)."""

    label: str
    href: Markup | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text (or its links), the value it sorts by (None: by its text), a
    link on the text and a tooltip."""

    text: str = DASH
    sort: str | None = None
    href: Markup | None = None
    title: str | None = None
    links: tuple[CodeLink, ...] = ()
    # Cells of one group sort among themselves (data sizes by unit family); "" for no group.
    group: str = ""
    # Names shown instead of ``text``, each with its own link; ``href`` then leads to the sentence.
    names: tuple[NameLink, ...] = ()
    # Every fact the cell shows was checked by a curator.
    verified: bool = False

    @property
    def empty(self) -> bool:
        return self.text == DASH and not self.links


EMPTY = Cell()
# Search engines cut longer descriptions; contribution sentences are at most 300 characters.
DESCRIPTION_MAX_CHARS = 300
FACTS_PANEL = "facts"  # the id of the facts panel on a paper's page (paper.html.j2)


@dataclass(frozen=True, slots=True)
class CellContext:
    """What a column's cell is made from: the paper, its facts, the survey and the page it is on."""

    survey: Survey
    paper: Paper
    facts: Facts
    here: str


@dataclass(frozen=True)
class Column:
    """A table column: header, how it sorts (``text`` or ``number``) and how a row's cell is made."""

    key: str
    label: str
    sort_type: str
    cell: Callable[[CellContext], Cell]

    def __reduce__(self) -> tuple[Callable[[str], Column], tuple[str]] | tuple[type[Column], tuple[object, ...]]:
        # A registered column pickles as its key (its cell maker may be a closure, which pickle
        # cannot write); pages are cached under a hash of their pickled values (pagetype.py).
        if COLUMNS.get(self.key) is self:
            return column_named, (self.key,)
        return Column, (self.key, self.label, self.sort_type, self.cell)


@dataclass(frozen=True, slots=True)
class PaperCell:
    """The first column: the paper's title linking to its page, with an optional summary line and byline."""

    paper: Paper
    url: Markup
    summary: str = ""
    byline: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    paper: PaperCell
    cells: tuple[Cell, ...]
    # ``data-filter-<key>`` attributes of the row, which the listing filters read (render/facets.py).
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """A table of papers; ``kind`` (``comparison`` or ``listing``) names its style."""

    kind: str
    columns: tuple[Column, ...]
    rows: list[Row]
    # The rows carry filter attributes and the page offers filters above the table.
    filterable: bool = False


def table(survey: Survey, papers: Sequence[Paper], here: str, columns: Sequence[Column], *,
          detailed: bool) -> Table:
    """The rows of ``papers`` on the page at ``here``; a column empty in every row is left out.
    ``detailed`` rows (a comparison table's) show the paper's one-line summary and byline under
    its title."""
    cells: list[list[Cell]] = []
    heads: list[PaperCell] = []
    for paper in papers:
        context = CellContext(survey, paper, survey.facts[paper.slug], here)
        cells.append([column.cell(context) for column in columns])
        link = relative(here, paper_url(paper.slug))
        heads.append(PaperCell(paper, link, one_line_summary(context.facts), byline(paper)) if detailed
                     else PaperCell(paper, link))
    shown = [i for i in range(len(columns)) if any(not row[i].empty for row in cells)]
    return Table("comparison" if detailed else "listing", tuple(columns[i] for i in shown),
                 [Row(head, tuple(row[i] for i in shown)) for head, row in zip(heads, cells, strict=True)])


# --- cells --------------------------------------------------------------------------------------


def sentence_anchor(paper: Paper, sentence: str) -> str | None:
    """The id of ``sentence`` in the abstract on the paper's page (None when it is not in the
    abstract: a fact read from the title)."""
    offset = paper.abstract.find(sentence) if sentence else -1
    return sentence_id(offset) if offset >= 0 else None


def sentence_id(offset: int) -> str:
    """The id of the abstract's sentence that starts at character ``offset``."""
    return f"sentence-{offset}"


def fact_cell(context: CellContext, facts: Sequence[Fact], text: str, sort: str | None = None,
              group: str = "") -> Cell:
    """A cell showing ``text`` read from ``facts``: it links to the first fact's sentence."""
    if not facts:
        return EMPTY
    first = facts[0]
    href = sentence_href(context.here, context.paper, first.source)
    verified = all(fact.verified for fact in facts)
    return Cell(text=text, sort=sort, href=href, title=first.source, group=group, verified=verified)


def sentence_href(here: str, paper: Paper, sentence: str) -> Markup:
    """The link from the page at ``here`` to ``sentence`` on the paper's page; a sentence that is
    not in the abstract (the title) leads to the facts panel, which shows it with its facts."""
    page = relative(here, paper_url(paper.slug))
    return Markup(f"{page}#{sentence_anchor(paper, sentence) or FACTS_PANEL}")


def shown_quantities(facts: Sequence[Fact]) -> tuple[list[Fact], str]:
    """The quantities a table shows: the paper's own, or else those of the model or data it
    starts from, marked "on"; never a baseline's or anyone else's."""
    own = [fact for fact in facts if fact.role == "own"]
    if own:
        return own, ""
    return [fact for fact in facts if fact.role == "base"], "on "


def params_cell(context: CellContext) -> Cell:
    shown, prefix = shown_quantities(context.facts["parameters"])
    if not shown:
        return EMPTY
    return fact_cell(context, shown, prefix + joined(shown), max_value(displayed(shown)))


def data_cell(context: CellContext) -> Cell:
    """The data sizes shown; the cell sorts among the cells of its first size's unit family, by
    the largest size of that family it shows."""
    shown, prefix = shown_quantities(context.facts["data_scale"])
    if not shown:
        return EMPTY
    family = family_of(shown[0].unit)
    sorted_by = [fact for fact in displayed(shown) if family_of(fact.unit) == family]
    group = f"{family_rank(shown[0].unit)}-{family}"
    return fact_cell(context, shown, prefix + joined(shown), max_value(sorted_by), group)


def displayed(facts: Sequence[Fact], limit: int = 3) -> list[Fact]:
    """The facts whose text ``joined`` shows (the first ``limit`` distinct texts)."""
    texts = distinct_texts(facts)[:limit]
    return [f for f in facts if f.text in texts]


def distinct_texts(facts: Sequence[Fact]) -> list[str]:
    return list(dict.fromkeys(f.text for f in facts))


def first_fact(name: str) -> Callable[[CellContext], Cell]:
    def cell(context: CellContext) -> Cell:
        fact = context.facts.first(name)
        return fact_cell(context, (fact,), fact.text) if fact else EMPTY

    return cell


def date_cell(context: CellContext) -> Cell:
    date = context.paper.date
    if date is None:
        return EMPTY
    # A date without a year sorts with the unknown dates, after every dated one.
    sort = "{:04d}{:02d}{:02d}".format(*date.sort_key) if date.year else ""
    return Cell(date.display, sort)


def upvotes_cell(context: CellContext) -> Cell:
    upvotes = context.paper.upvotes
    return EMPTY if upvotes is None else Cell(str(upvotes), str(upvotes))


def code_cell(context: CellContext) -> Cell:
    links = tuple(code_links(context.facts))
    return Cell(links=links) if links else EMPTY


def chapter_cell(context: CellContext) -> Cell:
    chapter = context.survey.chapter_of(context.paper)
    return Cell(chapter.title, href=relative(context.here, chapter_url(chapter.id)))


def benchmarks_cell(context: CellContext) -> Cell:
    """The benchmarks the paper names, each linking to its page when it has one (two or more
    papers name it); the cell's sentence link goes to where the first is named."""
    facts = context.facts["benchmarks"]
    if not facts:
        return EMPTY
    pages = context.survey.by_benchmark
    names = list(dict.fromkeys(str(f.value) for f in facts))
    shown = [NameLink(name, relative(context.here, benchmark_url(name)) if name in pages else None)
             for name in names[:BENCHMARKS_SHOWN]]
    if len(names) > BENCHMARKS_SHOWN:
        shown.append(NameLink(f"+{len(names) - BENCHMARKS_SHOWN} more", None))
    cell = fact_cell(context, facts, ", ".join(name.label for name in shown))
    return Cell(cell.text, href=cell.href, title=cell.title, names=tuple(shown), verified=cell.verified)


BENCHMARKS_SHOWN = 4
PARAMS = Column("params", "Params", "number", params_cell)
DATA = Column("data", "Data", "number", data_cell)
BENCHMARKS = Column("benchmarks", "Benchmarks", "text", benchmarks_cell)
RESULT = Column("result", "Headline result", "text", first_fact("results"))
KIND = Column("kind", "Kind", "text", first_fact("kind"))
MODALITY = Column("modality", "Modality", "text", first_fact("modality"))
DATE = Column("date", "Date", "text", date_cell)
UPVOTES = Column("upvotes", "Upvotes", "number", upvotes_cell)
CODE = Column("code", "Code", "text", code_cell)
CHAPTER = Column("chapter", "Chapter", "text", chapter_cell)

# A section's comparison table: the comparable facts first, so that at desktop width they show
# without scrolling; then what describes the paper.
COMPARISON_COLUMNS = (PARAMS, DATA, BENCHMARKS, RESULT, KIND, MODALITY, DATE, UPVOTES, CODE)
# A listing of papers by title.
LISTING_COLUMNS = (CHAPTER, DATE, UPVOTES, PARAMS, CODE)
COLUMNS = {column.key: column for column in (*COMPARISON_COLUMNS, *LISTING_COLUMNS)}


def column_named(key: str) -> Column:
    return COLUMNS[key]


# --- text ---------------------------------------------------------------------------------------


def brief(text: str, limit: int = DESCRIPTION_MAX_CHARS) -> str:
    """A page description: the text's opening sentences that fit in ``limit`` characters, or
    its first sentence cut at a word when even that is longer."""
    flat = escape.one_line(text)
    if len(flat) <= limit:
        return flat
    ends = [end for _, end in split_sentences(flat) if end <= limit]
    if ends:
        return flat[:ends[-1]]
    return flat[:limit - 1].rsplit(" ", 1)[0] + "…"


# --- links --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """What a link shows of a chapter or a section: its id and title.  Links carry no more, so a
    page that only links to a chapter is unchanged when the chapter's introduction is edited
    (and stays cached: see ``paper.py``)."""

    id: str
    title: str


def named(place: Chapter | Section) -> Named:
    return Named(place.id, place.title)


@dataclass(frozen=True, slots=True)
class ChapterLink:
    chapter: Named
    url: Markup


@dataclass(frozen=True, slots=True)
class Downloads:
    """Links to the exports of what a page shows, and to its Atom feed.

    ``feed_path`` is the feed's URL from the site root: the page's front matter hands it to
    ``overrides/main.html``, which advertises it in ``<head>``; ``feed`` is the visible link.
    """

    csv: Markup
    bib: Markup
    json: Markup
    feed: Markup
    feed_path: str
    feed_title: str


def corpus_downloads(here: str, survey_title: str) -> Downloads:
    def link(name: str) -> Markup:
        return relative(here, url("data", name=name))

    feed = url("feed")
    return Downloads(link("papers.csv"), link("papers.bib"), link("papers.json"), relative(here, feed), feed,
                     f"{survey_title}: new papers")


def chapter_downloads(here: str, chapter: Chapter, survey_title: str) -> Downloads:
    def link(ext: str) -> Markup:
        return relative(here, url("chapter-data", chapter=chapter.id, ext=ext))

    feed = url("chapter-feed", chapter=chapter.id)
    return Downloads(link("csv"), link("bib"), link("json"), relative(here, feed), feed,
                     f"{survey_title}: {chapter.title}")


def tag_downloads(here: str, tag: str, survey_title: str) -> Downloads:
    def link(ext: str) -> Markup:
        return relative(here, url("tag-data", tag=tag_id(tag), ext=ext))

    feed = url("tag-feed", tag=tag_id(tag))
    return Downloads(link("csv"), link("bib"), link("json"), relative(here, feed), feed,
                     f"{survey_title}: papers tagged “{tag}”")


@dataclass(frozen=True, slots=True)
class PaperLink:
    """A paper named by a link, with the chapter it sits in."""

    paper: Paper
    url: Markup
    chapter: Named
    chapter_url: Markup


def paper_link(survey: Survey, paper: Paper, here: str) -> PaperLink:
    chapter = survey.chapter_of(paper)
    return PaperLink(paper, relative(here, paper_url(paper.slug)), named(chapter),
                     relative(here, chapter_url(chapter.id)))


# --- text ---------------------------------------------------------------------------------------


def one_line_summary(facts: Facts) -> str:
    summary = facts.first("summary")
    if summary is None:
        return ""
    text = summary.text
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def byline(paper: Paper) -> str:
    parts = []
    if paper.organization:
        parts.append(paper.organization)
    if paper.authors is not None:
        parts.append(f"{paper.authors} author{'s' * (paper.authors != 1)}")
    return " · ".join(parts) or DASH


def joined(facts: Sequence[Fact], limit: int = 3) -> str:
    texts = distinct_texts(facts)
    if not texts:
        return DASH
    return ", ".join(texts[:limit]) + (f" +{len(texts) - limit}" if len(texts) > limit else "")


def max_value(facts: Sequence[Fact]) -> str:
    numbers = [f.value for f in facts if isinstance(f.value, (int, float))]
    return repr(float(max(numbers))) if numbers else ""


def code_links(facts: Facts) -> list[CodeLink]:
    links = []
    for fact in facts["code"]:
        link = escape.safe_url(str(fact.value or fact.text))
        if link:
            links.append(CodeLink(link, link_label(link)))
    return links


def link_label(url: str) -> str:
    host = url.split("/")[2].removeprefix("www.")
    return {"github.com": "GitHub", "huggingface.co": "HF"}.get(host, host)
