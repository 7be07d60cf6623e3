"""Render the survey into Markdown pages through the Jinja2 templates in ``templates/``.

Pure: it receives the analysed survey and the template sources and returns ``Page`` objects
(a path under ``docs/`` and its text); the MkDocs hook turns them into virtual files.  Every
value interpolated into a template passes through ``escape.page_text`` unless it is markup we
built ourselves, so seed text is inert in the page body, in tables and in front matter.  Links
between generated pages are written as relative URLs for MkDocs' directory URLs, so the site
works from any sub-path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from generator import escape
from generator.extract import FIELDS
from generator.model import DASH, Chapter, Fact, Facts, Page, Paper, Placement, Section, Survey, WhatsNew
from generator.plots import MapPoint, bar_chart_svg, topic_map_svg, year_histogram_svg
from generator.taxonomy import ID_RE
from generator.whatsnew import PAGE_ENTRIES

if TYPE_CHECKING:
    from generator.report import CurationReport

TEMPLATE_NAMES = (
    "home.md.j2", "chapter.md.j2", "comparison-table.j2", "section.md.j2", "section.html.j2", "paper.md.j2",
    "paper.html.j2", "papers.md.j2", "papers.html.j2", "tags.md.j2", "report.md.j2", "whats-new.md.j2",
)
# A chapter's slice of the topic map draws at most this many other papers as grey context.
MAX_CONTEXT_POINTS = 1500
# A chapter page shows each section's most upvoted papers; a longer section gets a page of its
# own with the whole table, so a chapter of thousands of papers is still a page that opens at once.
SECTION_PREVIEW = 25
# The all-papers listing, sorted by title, is split into pages of this many rows.
LISTING_PAGE_SIZE = 500
# The home page's topic map draws at most this many papers, evenly thinned (one SVG point each).
MAX_HOME_POINTS = 3000
# Site-internal URLs are built from slugs and ids, so they never need escaping.
LOCAL_URL_RE = re.compile(r"^[a-z0-9./_-]*$")


def paper_url(slug: str) -> str:
    return f"papers/{slug}/"


def chapter_url(chapter_id: str) -> str:
    return f"chapters/{chapter_id}/"


def section_url(chapter_id: str, section_id: str) -> str:
    return f"chapters/{chapter_id}/{section_id}/"


def listing_url(base: str, number: int) -> str:
    """Page ``number`` (from 1) of a listing at ``base``."""
    return base if number == 1 else f"{base}page-{number}/"


def relative(from_url: str, to_url: str) -> Markup:
    """Relative link between two directory URLs of our own (``""`` is the site root).

    Plain segment arithmetic rather than ``posixpath.relpath``: rendering 20,000 pages asks
    for about 400,000 links, and relpath's absolute-path work made this a visible cost.
    """
    here = from_url.split("/")[:-1] if from_url else []
    there = to_url.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    target = "../" * (len(here) - common) + "/".join(there[common:])
    if not to_url:  # the site root, written as relpath does: "..", "../..", or "." at the root
        target = target.rstrip("/") or "."
    target = target or "./"
    if not LOCAL_URL_RE.match(target):
        raise ValueError(f"unexpected characters in a site URL: {target!r}")
    return Markup(target)


class KeyFirstEnvironment(Environment):
    """Jinja's ``a.b`` tries ``getattr(a, "b")`` first and ``a["b"]`` after it; our template
    contexts are plain dicts, so every field read raised and caught an AttributeError (3.5
    million at 20,000 papers).  Here a dict's own key comes first: the one difference is a key
    named like a dict method (``row.values``), which now reads the key, as a template means."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment(templates: Mapping[str, str], *, html_only: bool = False) -> Environment:
    """The template environment; everything printed is made inert unless it is markup we built
    (``Markup``).  Markdown pages escape every character Markdown reads too; ``html_only``
    bodies (``*.html.j2``, never parsed as Markdown) need only HTML's escapes."""
    # Titles and chapter names are printed on many pages (tables, related lists); escape each once.
    text = lru_cache(maxsize=1 << 16)(escape.html_text if html_only else escape.page_text)
    env = KeyFirstEnvironment(
        loader=DictLoader(dict(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=lambda value: value if isinstance(value, Markup) else text("" if value is None else value),
    )
    env.filters["yaml"] = lambda value: Markup(escape.front_matter_string(escape.title_text(value)))
    env.filters["url"] = escape.url_attribute
    env.filters["query"] = escape.search_query
    env.filters["ident"] = identifier
    return env


def identifier(value: str) -> Markup:
    """A validated taxonomy id, safe to use verbatim in anchors, attr_list and paths."""
    if not ID_RE.match(value):
        raise ValueError(f"not an identifier: {value!r}")
    return Markup(value)


def render_site(
    survey: Survey, report: CurationReport, news: WhatsNew, templates: Mapping[str, str]
) -> tuple[Page, ...]:
    env = make_environment(templates)
    html_env = make_environment(templates, html_only=True)
    pages = [render_home(env, survey), render_report(env, survey, report), render_whats_new(env, survey, news)]
    pages += render_listing(env, html_env, survey)
    pages += render_tag_pages(env, html_env, survey)
    pages += [render_chapter(env, survey, chapter) for chapter in survey.chapters]
    pages += [
        render_section(env, html_env, survey, chapter, section)
        for chapter in survey.chapters for section in chapter.sections
        if len(survey.papers_in(section)) > SECTION_PREVIEW
    ]
    pages += [render_paper(env, html_env, survey, paper) for paper in survey.papers]
    return tuple(pages)


def render_home(env: Environment, survey: Survey) -> Page:
    counts = survey.chapter_counts
    chapters = [
        {"chapter": c, "url": relative("", chapter_url(c.id)), "count": counts[c.id]}
        for c in survey.chapters
        if c.sections and (counts[c.id] or c.id != "other")
    ]
    dated = [p.date.year for p in survey.papers if p.date and p.date.year]
    bars = [(item["chapter"].title, item["count"], str(item["url"])) for item in chapters]
    on_map = thinned(survey.papers, MAX_HOME_POINTS)
    sample = "" if len(on_map) == len(survey.papers) else f" It shows {len(on_map)} of the {len(survey.papers)} papers."
    content = env.get_template("home.md.j2").render(
        chapter_chart=Markup(bar_chart_svg(
            bars, title="Papers per chapter", id_prefix="chapters",
            desc="Horizontal bars: the number of papers whose primary placement is each chapter.")),
        topic_map=Markup(topic_map_svg(
            map_points(survey, on_map, ""), [(c.id, c.title) for c in survey.chapters],
            title="Topic map of all papers", id_prefix="topic-map",
            desc="Each point is a paper, placed by the two main directions of its TF-IDF vector and "
                 "coloured by chapter; nearby points use similar words. Each point links to its page." + sample)),
        survey=survey, chapters=chapters, paper_count=len(survey.papers),
        seed_count=len({s.file for p in survey.papers for s in p.sources}),
        years=(min(dated), max(dated)) if dated else None,
    )
    return Page("index.md", content)


def render_chapter(env: Environment, survey: Survey, chapter: Chapter) -> Page:
    here = chapter_url(chapter.id)
    sections = [
        {
            "section": s,
            "rows": [table_row(survey, p, here) for p in survey.papers_in(s)[:SECTION_PREVIEW]],
            "total": len(survey.papers_in(s)),
            "more_url": relative(here, section_url(chapter.id, s.id)) if len(survey.papers_in(s)) > SECTION_PREVIEW
            else None,
        }
        for s in chapter.sections
    ]
    members = [p for p in survey.papers if survey.placements[p.slug].chapter == chapter.id]
    years = Counter(p.date.year for p in members if p.date and p.date.year)
    content = env.get_template("chapter.md.j2").render(
        year_chart=Markup(year_histogram_svg(
            years, title=f"Papers per year in {chapter.title}", id_prefix=f"years-{chapter.id}",
            desc=f"Vertical bars: papers of this chapter per listing year, for the {sum(years.values())} "
                 f"of {len(members)} papers whose listing date has a year.")),
        topic_slice=Markup(topic_map_svg(
            map_points(survey, members + context_papers(survey, chapter), here),
            [(c.id, c.title) for c in survey.chapters], highlight=chapter.id,
            title=f"{chapter.title} on the topic map", id_prefix=f"map-{chapter.id}",
            desc="This chapter's papers in colour among the other papers in grey, on the same topic map "
                 "as the home page. Each point links to its paper's page.")),
        chapter=chapter, sections=sections, total=sum(s["total"] for s in sections),
        data_url=relative(here, "data/"),
    )
    return Page(f"chapters/{chapter.id}.md", content)


def render_section(env: Environment, html_env: Environment, survey: Survey, chapter: Chapter,
                   section: Section) -> Page:
    """The whole comparison table of a section too long for its chapter page."""
    here = section_url(chapter.id, section.id)
    body = html_env.get_template("section.html.j2").render(
        chapter=chapter, section=section, chapter_link=relative(here, chapter_url(chapter.id)),
        rows=[table_row(survey, p, here) for p in survey.papers_in(section)], data_url=relative(here, "data/"),
    )
    front_matter = env.get_template("section.md.j2").render(title=f"{section.title} · {chapter.title}")
    return Page(f"chapters/{chapter.id}/{section.id}.md", front_matter, in_nav=False, html=body)


def map_points(survey: Survey, papers: Sequence[Paper], here: str) -> list[MapPoint]:
    return [
        MapPoint(*survey.coordinates[p.slug], group=survey.placements[p.slug].chapter, label=p.title,
                 href=str(relative(here, paper_url(p.slug))))
        for p in papers
    ]


def context_papers(survey: Survey, chapter: Chapter) -> list[Paper]:
    """Other chapters' papers drawn grey around a chapter's slice, evenly thinned when many."""
    return thinned([p for p in survey.papers if survey.placements[p.slug].chapter != chapter.id], MAX_CONTEXT_POINTS)


def thinned(papers: Sequence[Paper], limit: int) -> list[Paper]:
    """Every n-th paper, so that at most ``limit`` remain (papers are in corpus order)."""
    step = max(1, -(-len(papers) // limit))
    return list(papers[::step])


def table_row(survey: Survey, paper: Paper, here: str) -> dict[str, Any]:
    """One comparison-table row: display text plus the value the column sorts by."""
    facts = survey.facts[paper.slug]
    return common_columns(survey, paper, here) | {
        "summary": one_line_summary(facts),
        "byline": byline(paper),
        "kind": fact_text(facts.first("kind")),
        "modality": fact_text(facts.first("modality")),
        "data": joined(facts["data_scale"]),
        "data_sort": max_value(facts["data_scale"]),
        "benchmarks": joined(facts["benchmarks"], limit=4),
        "result": fact_text(facts.first("results")),
    }


def common_columns(survey: Survey, paper: Paper, here: str) -> dict[str, Any]:
    """The columns comparison tables and listings share: paper, date, parameters, code."""
    facts = survey.facts[paper.slug]
    return {
        "paper": paper,
        "url": relative(here, paper_url(paper.slug)),
        "date": paper.date.display if paper.date else DASH,
        "date_sort": date_sort(paper),
        "params": joined(facts["parameters"]),
        "params_sort": max_value(facts["parameters"]),
        "code": code_links(facts),
    }


def date_sort(paper: Paper) -> str:
    return "{:04d}{:02d}{:02d}".format(*paper.date.sort_key) if paper.date else ""


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


def paper_meta(paper: Paper) -> list[str]:
    """Listing date, upvotes and byline, whichever are known."""
    meta = []
    if paper.date:
        meta.append(f"Listed {paper.date.display}")
    if paper.upvotes is not None:
        meta.append(f"{paper.upvotes} upvote{'s' * (paper.upvotes != 1)}")
    if byline(paper) != DASH:
        meta.append(byline(paper))
    return meta


def fact_text(fact: Fact | None) -> str:
    return fact.text if fact else DASH


def joined(facts: Sequence[Fact], limit: int = 3) -> str:
    texts = list(dict.fromkeys(f.text for f in facts))
    if not texts:
        return DASH
    return ", ".join(texts[:limit]) + (f" +{len(texts) - limit}" if len(texts) > limit else "")


def max_value(facts: Sequence[Fact]) -> str:
    numbers = [f.value for f in facts if isinstance(f.value, (int, float))]
    return repr(float(max(numbers))) if numbers else ""


def code_links(facts: Facts) -> list[dict[str, str]]:
    links = []
    for fact in facts["code"]:
        url = escape.safe_url(str(fact.value or fact.text))
        if url:
            links.append({"url": url, "label": link_label(url)})
    return links


def link_label(url: str) -> str:
    host = url.split("/")[2].removeprefix("www.")
    return {"github.com": "GitHub", "huggingface.co": "HF"}.get(host, host)


def render_paper(env: Environment, html_env: Environment, survey: Survey, paper: Paper) -> Page:
    here = paper_url(paper.slug)
    placement = survey.placements[paper.slug]
    chapter = survey.chapter_of(paper)
    section = next(s for s in chapter.sections if s.id == placement.section)
    facts = survey.facts[paper.slug]
    marks, shown_by = mark_layout(paper.abstract, facts)
    front_matter = env.get_template("paper.md.j2").render(paper=paper)
    body = html_env.get_template("paper.html.j2").render(
        paper=paper, chapter=chapter, section=section, placement=placement,
        chapter_link=relative(here, chapter_url(chapter.id)),
        secondary=[
            {"chapter": c, "url": relative(here, chapter_url(c.id))}
            for c in survey.chapters if c.id in placement.chapters[1:]
        ],
        abstract=highlighted_abstract(paper.abstract, marks),
        facts=fact_rows(facts, shown_by),
        meta=paper_meta(paper),
        tags=[{"name": tag, "url": relative(here, tag_url(tag))} for tag in survey.tags.get(paper.slug, ())],
        code=code_links(facts),
        related=related_rows(survey, paper, here),
        why=explanation(survey, placement),
        report_url=relative(here, "report/"),
    )
    return Page(f"papers/{paper.slug}.md", front_matter, in_nav=False, html=body)


# The fact fields shown in a paper's facts panel, in the registry's order.
PANEL_FIELDS = tuple(field for field in FIELDS if field.label is not None)


def fact_spans(abstract: str, facts: Facts) -> list[tuple[int, int, str]]:
    """Character spans in the abstract of every fact read from it, with a stable anchor id."""
    spans = []
    for field in PANEL_FIELDS:
        name = field.name
        for index, fact in enumerate(facts[name]):
            offset = abstract.find(fact.source)
            if offset >= 0 and fact.end > fact.start:
                spans.append((offset + fact.start, offset + fact.end, f"fact-{name}-{index}"))
    return sorted(spans)


def mark_layout(abstract: str, facts: Facts) -> tuple[list[tuple[int, int, str]], dict[str, str]]:
    """The non-overlapping spans to mark, and for every fact's anchor the mark that shows it.

    Spans are taken in order; one that starts inside the previous mark is not marked again
    (the text stays intact) and its fact points at that enclosing mark instead.
    """
    marks: list[tuple[int, int, str]] = []
    shown_by: dict[str, str] = {}
    for start, end, anchor in fact_spans(abstract, facts):
        if marks and start < marks[-1][1]:
            shown_by[anchor] = marks[-1][2]
        else:
            marks.append((start, end, anchor))
            shown_by[anchor] = anchor
    return marks, shown_by


def highlighted_abstract(abstract: str, marks: Sequence[tuple[int, int, str]]) -> Markup:
    """The abstract, HTML-escaped (it goes out in an HTML-only body), with each span of
    ``marks`` (from ``mark_layout``) wrapped in a ``<mark>``."""
    parts: list[str] = []
    position = 0
    for start, end, anchor in marks:
        parts.append(escape.html_text_raw(abstract[position:start]))
        parts.append(f'<mark id="{anchor}">{escape.html_text_raw(abstract[start:end])}</mark>')
        position = end
    parts.append(escape.html_text_raw(abstract[position:]))
    return Markup("".join(parts))


def fact_rows(facts: Facts, shown_by: Mapping[str, str]) -> list[dict[str, Any]]:
    """Facts panel rows: label, then each value with its source sentence and the anchor of the
    mark that shows it (``shown_by`` from ``mark_layout``)."""
    rows = []
    for field in PANEL_FIELDS:
        values = [
            {"fact": fact, "anchor": shown_by.get(f"fact-{field.name}-{i}")}
            for i, fact in enumerate(facts[field.name])
        ]
        if values:
            rows.append({"label": field.label, "values": values})
    return rows


def related_rows(survey: Survey, paper: Paper, here: str) -> list[dict[str, Any]]:
    papers = survey.by_slug
    rows = []
    for neighbour in survey.related.get(paper.slug, ()):
        other = papers[neighbour.slug]
        rows.append({
            "paper": other,
            "url": relative(here, paper_url(other.slug)),
            "chapter": survey.chapter_of(other),
        })
    return rows


def explanation(survey: Survey, placement: Placement) -> dict[str, Any]:
    """Why a paper sits where it is: runner-up, matched terms, confidence.  Raw scores stay off
    the page (they are in papers.json): they shift with every new seed file, and a rebuild
    should rewrite only the pages whose content changes."""
    return {
        "runner_up": survey.section_title(placement.runner_up),
        "terms": ", ".join(placement.terms) or DASH,
        "confidence": placement.confidence,
    }


def render_listing(env: Environment, html_env: Environment, survey: Survey) -> list[Page]:
    """The all-papers listing by title, in pages of ``LISTING_PAGE_SIZE`` rows."""
    return listing_pages(env, html_env, survey, survey.papers, "papers/", "All papers",
                         "Every paper in the survey, one row each", in_nav=True)


def render_tag_pages(env: Environment, html_env: Environment, survey: Survey) -> list[Page]:
    """The tags index, and for each tag a listing of its papers (paged like all papers)."""
    by_tag: dict[str, list[Paper]] = {}
    for paper in survey.papers:
        for tag in survey.tags.get(paper.slug, ()):
            by_tag.setdefault(tag, []).append(paper)
    ids = {tag: tag_id(tag) for tag in by_tag}
    if len(set(ids.values())) != len(ids):
        raise ValueError(f"two tags share a page name: {sorted(ids.items())}")
    index = env.get_template("tags.md.j2").render(tags=[
        {"name": tag, "count": len(by_tag[tag]), "url": relative("tags/", tag_url(tag))}
        for tag in sorted(by_tag, key=lambda t: (-len(by_tag[t]), t.casefold()))
    ])
    pages = [Page("tags.md", index)]
    for tag in sorted(by_tag):
        pages += listing_pages(env, html_env, survey, by_tag[tag], tag_url(tag), f"Tag: {tag}",
                               f"The papers tagged “{tag}”, one row each")
    return pages


def tag_id(tag: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")


def tag_url(tag: str) -> str:
    return f"tags/{tag_id(tag)}/"


def listing_pages(env: Environment, html_env: Environment, survey: Survey, papers: Sequence[Paper], base: str,
                  title: str, intro: str, in_nav: bool = False) -> list[Page]:
    """Papers by title as a sortable table at ``base``, split into pages of ``LISTING_PAGE_SIZE``
    rows (``base``, ``base/page-2/``, …; slugs end in a hash, so no page name clashes)."""
    ordered = sorted(papers, key=lambda p: (p.title.casefold(), p.slug))
    chunks = [ordered[i:i + LISTING_PAGE_SIZE] for i in range(0, len(ordered), LISTING_PAGE_SIZE)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        here = listing_url(base, number)
        pager = [
            {"url": relative(here, listing_url(base, n)), "current": n == number,
             "first": title_prefix(c[0].title) if c else "", "last": title_prefix(c[-1].title) if c else ""}
            for n, c in enumerate(chunks, start=1)
        ]
        body = html_env.get_template("papers.html.j2").render(
            rows=[listing_row(survey, paper, here) for paper in chunk], pages=pager, intro=intro,
            page_size=LISTING_PAGE_SIZE, data_url=relative(here, "data/"),
        )
        numbered = title if len(chunks) == 1 else f"{title} ({number} of {len(chunks)})"
        front_matter = env.get_template("papers.md.j2").render(title=numbered)
        src_uri = base + ("index.md" if number == 1 else f"page-{number}.md")
        pages.append(Page(src_uri, front_matter, in_nav=in_nav and number == 1, html=body))
    return pages


def listing_row(survey: Survey, paper: Paper, here: str) -> dict[str, Any]:
    """A listing row: the columns of papers.html.j2 only (listings hold every paper, some
    several times over in tag listings, so the comparison columns are not computed for them)."""
    chapter = survey.chapter_of(paper)
    return common_columns(survey, paper, here) | {
        "chapter": chapter, "chapter_url": relative(here, chapter_url(chapter.id)),
    }


def title_prefix(title: str, words: int = 2) -> str:
    """The first words of a title, to label a listing page by the range of titles it holds."""
    head = " ".join(title.split()[:words])
    return head if len(head) <= 24 else head[:23] + "…"


def render_report(env: Environment, survey: Survey, report: CurationReport) -> Page:
    here = "report/"
    papers = survey.by_slug

    def link(slug: str) -> dict[str, Any]:
        return {"title": papers[slug].title, "url": relative(here, paper_url(slug))}

    content = env.get_template("report.md.j2").render(
        survey=survey, report=report, link=link,
        chapter_titles={c.id: c.title for c in survey.chapters},
    )
    return Page("report.md", content)


def render_whats_new(env: Environment, survey: Survey, news: WhatsNew) -> Page:
    here = "whats-new/"
    papers = survey.by_slug
    groups: list[dict[str, Any]] = []
    for arrival in news.arrivals[:PAGE_ENTRIES]:
        label = (arrival.when or "not committed yet")[:10] if news.from_history else arrival.seed_file
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "seed_file": arrival.seed_file, "rows": []})
        paper = papers[arrival.slug]
        groups[-1]["rows"].append({
            "paper": paper, "url": relative(here, paper_url(paper.slug)), "chapter": survey.chapter_of(paper),
            "chapter_url": relative(here, chapter_url(survey.chapter_of(paper).id)),
        })
    content = env.get_template("whats-new.md.j2").render(
        groups=groups, from_history=news.from_history, shown=min(len(news.arrivals), PAGE_ENTRIES),
        total=len(news.arrivals), feed_url=relative(here, "feed.xml"),
    )
    return Page("whats-new.md", content)

