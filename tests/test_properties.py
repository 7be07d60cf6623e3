"""Property tests: arbitrary text never crashes the pipeline, never becomes markup, never changes.

Hypothesis feeds arbitrary Unicode (control characters included, surrogates excluded) and a
mix of hostile fragments (HTML, Markdown, attr_list, Jinja, MkDocs syntax, entities, LaTeX,
line separators, astral characters) into the seed decoder and parser, into
``escape.page_text`` and into a full render of the fixture survey with one paper's title,
abstract and organisation replaced.  Rendered pages go through MkDocs' front-matter reader and
Python-Markdown with the extensions of ``mkdocs.yml``; the set of (tag, attribute names) they
produce must equal the set produced for a harmless paper, the front-matter title must read
back as the input, and the exports (JSON, CSV, BibTeX, Atom) must parse and round-trip.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pybtex.database
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator import escape
from generator.build import Result
from generator.corpus import AUTHORS_RE, DOT_LINE, WIDE_BOMS, decode_seed, looks_like_date, parse_seed
from generator.exports import CSV_COLUMNS, papers_bibtex, papers_json
from generator.feeds import feed_files
from generator.model import Page, PaperDate, Survey
from generator.render import TEMPLATE_NAMES, render_site
from generator.whatsnew import arrivals
from tests.golden import render_mini
from tests.references import papers_csv

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          "byAK and the research community\n\nSep 2\n\n")
ABSTRACT = "We study a method for pretraining language models and report results on several benchmarks."
EXTENSIONS = ["attr_list", "md_in_html", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}
# Derandomised, so every run tries the same inputs; known-bad inputs are explicit examples.  The
# render tests skip shrinking: one example renders the whole survey, and shrinking took minutes.
FAST = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow],
                phases=[Phase.explicit, Phase.generate])

FRAGMENTS = (
    "<", ">", "&", "\"", "'", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title>", "<!--",
    "-->", "&lt;", "&#60;", "&amp;", "1. ", "* ", "- ", "+ ", "# ", "> ", "    ", "`", "```", "*", "_", "__",
    "[x](javascript:alert(1))", "![x](http://e/x.png)", "{: onclick=alert(1) }", "{#", "}", "|", "{{ 7*7 }}",
    "{% raw %}", "!!! note", "--8<-- \"README.md\"", "<!-- material/tags -->", "$x$", "80\\%", "S^{2}", "\\",
    "~", "==", "\u202e", "\u200b", "e\u0301", "\U0001F680", "\U0001D4AA", "\u2028", "\u2029", "\x85", "\t",
    "\n", "\r", "\r\n", "\x00", "\x0b", "\x1f", "\x7f", "\ufeff", "\ufffd", "\ufffe", "\uffff", "·", "•",
    "Sep 28, 2023 3", "javascript:", "data:text/html,", "---", "title: x", "%s", "${x}", "\u00a0", "\u3000",
)
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=12).map("".join)
any_text = st.one_of(st.text(max_size=300), hostile_text)
one_line_text = any_text.map(lambda t: re.sub(r"[\r\n]", " ", t))


def collapse(text: str) -> str:
    """The input as a reader sees it: control characters and line breaks are spaces, runs collapsed."""
    return " ".join(re.sub("[\x00-\x1f\x7f\x85\u2028\u2029]", " ", text).split())


# The parser drops byte-order marks and the noncharacters XML cannot carry.
NOISE = "\ufeff\ufffe\uffff"


def visible(text: str) -> str:
    """Only the characters that carry ink: no white space, control or format-noise characters."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc" and ch not in NOISE)


class Markup(HTMLParser):
    """The (tag, attribute names) pairs of a fragment and its text, character references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shapes: set[tuple[str, tuple[str, ...]]] = set()
        self.links: dict[str, list[str]] = {}
        self.text: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shapes.add((tag, tuple(sorted(name for name, _ in attrs))))
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.links.setdefault(self._href or "", []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._href is not None:
            self.links[self._href][-1] += data


def parse_html(fragment: str) -> Markup:
    parser = Markup()
    parser.feed(fragment)
    parser.close()
    return parser


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


# --------------------------------------------------------------------------------------------
# Decoding and parsing seed files


def universal_lines(data: bytes) -> list[int]:
    """Start offsets of the lines of ``data`` under CRLF, CR and LF."""
    return [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", data)]


@FAST
@given(st.binary(max_size=400), st.booleans())
@example(data=b"\x80", bom=True)
@example(data=b"line\rline\r\xff", bom=False)
def test_decoding_never_crashes_and_locates_every_bad_byte(data: bytes, bom: bool) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + data
    text, problems = decode_seed("seeds/x.txt", data)
    wide = next((codec for mark, codec in WIDE_BOMS if data.startswith(mark)), None)
    if wide is not None:  # a UTF-16 or UTF-32 byte-order mark: that encoding or nothing
        assert (text, problems) == (data.decode(wide), []) or (text is None and problems[0].severity == "error")
        return
    if b"\x00" in data:
        assert text is None and problems[0].severity == "error"
        return
    assert text is not None
    stripped = data.removeprefix(b"\xef\xbb\xbf")
    assert text == stripped.decode("utf-8", errors="replace")
    assert len(problems) <= 1, "a badly encoded file gets one line"
    if not problems:
        return
    starts = universal_lines(data)
    shown = re.findall(r"0x([0-9a-f]{2}) at line (\d+) column (\d+)", problems[0].message)
    assert 1 <= len(shown) <= 3 and "save the file as UTF-8" in problems[0].message
    assert problems[0].line == int(shown[0][1]), "the problem's line is the first bad byte's"
    for value, line, column in shown:
        offset = starts[int(line) - 1] + int(column) - 1
        assert data[offset] == int(value, 16), "the reported position points at another byte"


@FAST
@given(any_text)
def test_parse_seed_never_crashes_on_any_text(junk: str) -> None:
    for text in (junk, HEADER + junk, HEADER + f"Title\n\n{ABSTRACT}\n\n{junk}"):
        page, problems = parse_seed("x.txt", text, path="seeds/x.txt")
        lines = len(re.split(r"\r\n|\r|\n", text))
        assert all(1 <= p.line <= lines for p in problems)
        for entry in page.entries:
            assert entry.title and entry.abstract
            assert entry.title == " ".join(entry.title.split())
            assert not any(unicodedata.category(ch) == "Cc" for ch in entry.title + entry.abstract)


@FAST
@given(any_text)
def test_junk_between_two_papers_never_loses_either(junk: str) -> None:
    text = (HEADER + f"First Well Formed Paper\n\n{ABSTRACT}\n\n{junk}\n\n"
            f"Second Well Formed Paper\n\n{ABSTRACT} Second.\n\n  • 3 authors\n·\nSep 28, 2023 3\n")
    page, _ = parse_seed("x.txt", text)
    titles = [e.title for e in page.entries]
    assert "First Well Formed Paper" in titles
    assert "Second Well Formed Paper" in titles


def plausible_title(title: str) -> bool:
    """A line a listing could show as a title: not blank, short, not a sentence or metadata."""
    flat = " ".join(visible_or_space(title).split())
    return (bool(flat) and len(flat) < 150 and not flat.endswith((".", "!", "?")) and not looks_like_date(flat)
            and flat != DOT_LINE and not AUTHORS_RE.match(flat))


def visible_or_space(text: str) -> str:
    return "".join(" " if ch.isspace() else ch for ch in text
                   if ch == "\t" or (unicodedata.category(ch) != "Cc" and ch not in NOISE))


@FAST
@given(one_line_text, one_line_text, one_line_text)
def test_title_abstract_and_organisation_survive_parsing(title: str, abstract: str, organization: str) -> None:
    assume(plausible_title(title))
    org_line = " ".join(visible_or_space(organization).split())
    assume(org_line and not looks_like_date(org_line) and org_line != DOT_LINE and not AUTHORS_RE.match(org_line))
    text = HEADER + f"{title}\n\n{ABSTRACT} {abstract}.\n\n{organization}\n·\nSep 28, 2023 3\n"
    page, problems = parse_seed("x.txt", text)
    assert problems == []
    (entry,) = page.entries
    assert visible(entry.title) == visible(title)
    assert visible(entry.abstract) == visible(f"{ABSTRACT} {abstract}.")
    assert entry.organization and visible(entry.organization) in visible(organization)
    assert (entry.date, entry.upvotes) == (PaperDate(9, 28, 2023), 3)


# --------------------------------------------------------------------------------------------
# Escaping


SPECIALS = re.escape("&<>\"'`*_{}[]()#+-!|\\~$=^:%@")
INERT = re.compile(rf"(?:[^{SPECIALS}\x00-\x1f\x7f\x85\u2028\u2029]|&#\d+;)*")


@FAST
@given(any_text)
def test_page_text_is_inert_and_reads_back(text: str) -> None:
    out = str(escape.page_text(text))
    assert INERT.fullmatch(out), "a special character survived unescaped"
    assert html.unescape(out) == collapse(text)
    for wrapper, tags in ((f"<p>{out}</p>", {"p"}), (f"## {out}", {"h2", "a"}), (f"Before {out} after", {"p"})):
        parsed = parse_html(to_html(wrapper))
        assert {tag for tag, _ in parsed.shapes} <= tags, wrapper


@FAST
@given(any_text)
@example(text="1. Numbered title")
def test_page_text_alone_is_one_plain_paragraph(text: str) -> None:
    """``page_text`` promises text 'shown literally, never parsed', even at the start of a line."""
    out = str(escape.page_text(text))
    assume(out)
    parsed = parse_html(to_html(out))
    assert {tag for tag, _ in parsed.shapes} == {"p"}
    assert "".join(parsed.text) == collapse(text)


@FAST
@given(any_text)
@example(text="\U0001F680 Rocket")
def test_front_matter_string_reads_back_through_mkdocs(text: str) -> None:
    value = escape.front_matter_string(str(escape.page_text(text)))
    body, meta = get_data(f"---\ntitle: {value}\n---\nBody\n")
    assert body == "Body\n", "MkDocs could not read the front matter"
    assert html.unescape(meta["title"]) == collapse(text)


# --------------------------------------------------------------------------------------------
# Full render of the fixture survey with one paper made hostile


@cache
def mini() -> Result:
    return render_mini()


@cache
def templates() -> dict[str, str]:
    return {name: (ROOT / "templates" / name).read_text(encoding="utf-8") for name in TEMPLATE_NAMES}


def with_paper(title: str, abstract: str, organization: str) -> Survey:
    survey = mini().survey
    first, *rest = survey.papers
    changed = dataclasses.replace(first, title=title, abstract=abstract, organization=organization)
    return dataclasses.replace(survey, papers=(changed, *rest))


def rendered(survey: Survey) -> dict[str, Page]:
    news = arrivals(survey.papers, {})
    return {page.src_uri: page for page in render_site(survey, mini().coordinates, mini().report, news, templates())}


def shapes_and_meta(page: Page) -> tuple[set[tuple[str, tuple[str, ...]]], dict, Markup]:
    body, meta = get_data(page.content)
    parsed = parse_html(page.html if page.html is not None else to_html(body))
    return parsed.shapes, meta, parsed


@cache
def baseline() -> dict[str, set[tuple[str, tuple[str, ...]]]]:
    pages = rendered(with_paper("Harmless Title", "A harmless abstract.", "Harmless Org"))
    return {uri: shapes_and_meta(page)[0] for uri, page in pages.items()}


@SLOW
@given(one_line_text, one_line_text, one_line_text)
@example(title="<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1))", abstract="<b>", organization="&")
@example(title="\U0001F680 Rocket", abstract="Emoji.", organization="Org")
def test_hostile_paper_renders_only_template_markup(title: str, abstract: str, organization: str) -> None:
    assume(collapse(title) and collapse(abstract) and collapse(organization))
    survey = with_paper(title, abstract, organization)
    slug = survey.papers[0].slug
    pages = rendered(survey)
    expected = baseline()
    assert sorted(pages) == sorted(expected)
    for uri, page in pages.items():
        shapes, meta, parsed = shapes_and_meta(page)
        assert shapes == expected[uri], f"{uri}: markup differs from a harmless paper's"
        if uri == f"papers/{slug}.md":
            assert html.unescape(meta.get("title", "")) == collapse(title), "front matter title does not read back"
            assert collapse(abstract) in collapse("".join(parsed.text))
        if uri == "papers/index.md":
            assert parsed.links[f"{slug}/"] == [collapse(title)]


@SLOW
@given(one_line_text, one_line_text)
def test_exports_parse_and_round_trip(title: str, organization: str) -> None:
    assume(collapse(title))
    survey = with_paper(title, "An abstract.", organization)
    (record, *_) = [r for r in json.loads(papers_json(survey)) if r["slug"] == survey.papers[0].slug]
    assert record["title"] == title
    rows = list(csv.reader(io.StringIO(papers_csv(survey, survey.papers), newline="")))
    assert len(rows) == len(survey.papers) + 1
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    cell = next(dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:] if row[0] == survey.papers[0].slug)
    assert cell["title"] in (collapse(title), "'" + collapse(title))
    bibliography = papers_bibtex(survey, survey.papers, "https://example.org/survey/")
    # BibTeX counts every brace, a backslash before it or not.
    depth = 0
    for brace in re.findall(r"[{}]", bibliography):
        depth += 1 if brace == "{" else -1
        assert depth >= 0
    assert depth == 0
    parsed = pybtex.database.parse_string(bibliography, "bibtex")
    assert len(parsed.entries) == len(survey.papers)


@SLOW
@given(one_line_text)
@example(title="Noncharacter \ufffe Title")
def test_feed_is_well_formed_for_any_seed_title(title: str) -> None:
    assume(plausible_title(title))
    page, _ = parse_seed("x.txt", HEADER + f"{title}\n\n{ABSTRACT}\n")
    (entry,) = page.entries
    survey = with_paper(entry.title, entry.abstract, "Org")
    (feed,) = [page.content for page in feed_files(survey, arrivals(survey.papers, {}), "https://example.org/")
               if page.src_uri == "feed.xml"]
    root = ET.fromstring(feed)
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.iter("{http://www.w3.org/2005/Atom}entry")]
    assert entry.title in titles
