"""Bad input never breaks the site, never leaks into it and never loses a paper (issue 5).

The nasty corpus in ``tests/fixtures/nasty`` holds one seed file per malformed case (empty,
header only, BOM, CRLF, lone CR, mixed endings, invalid UTF-8, NUL bytes, titles without
abstracts, stray metadata, impossible and unknown dates, duplicate titles, an unrelated notes
file, a README and a PNG) and six files of hostile titles, abstracts and organisation lines
(HTML, Markdown, attr_list, Jinja, MkDocs syntax, entities, LaTeX, Unicode tricks, script
URLs).  The seed files are byte-exact (see the folder's ``.gitattributes``); cases too big to
commit (a 1 MB abstract, 50,000 papers) and file names no checkout could hold are generated
here.  The tests check the reported problems (``seeds/<file>:<line>: <message>``), the papers
kept, and a real MkDocs build of the corpus: every good paper has its page and export rows,
no markup from the seeds is live anywhere in the site, exports parse, builds are
deterministic, a failed build keeps the previous site and removed papers disappear.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pybtex.database
import pytest

from generator.build import Result, build, read_inputs
from generator.corpus import decode_seed, merge_entries, normalize_title, parse_seed
from generator.model import PaperDate
from generator.slugs import slug_for_title
from tests.sitebuild import ROOT, build_mini_site, copy_project, mkdocs_build

NASTY = ROOT / "tests" / "fixtures" / "nasty"
MINI = ROOT / "tests" / "fixtures" / "mini"
HEADER = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          "byAK and the research community\n\n")
SITE_NAME = "Survey Atlas"

# Every hostile title exactly as in the seed files (after whitespace collapsing).
HOSTILE_TITLES: dict[str, list[str]] = {
    "hostile_html.txt": [
        "<script>alert(1)</script> Scaling Laws For Hostile Titles",
        "<img src=x onerror=alert(1)> Image Tokens Considered Harmful",
        '<iframe src="javascript:alert(1)"></iframe> Framing Attacks On Data Selection',
        "<style>body{display:none}</style> Stylish Pretraining",
        "</title><script>alert(document.domain)</script> Breaking Out Of Titles",
        '<b onmouseover="alert(1)">Bold</b> Claims About Quantization',
    ],
    "hostile_markdown.txt": [
        "# Heading Injection In Data Selection",
        "*Emphasis* And _Underscores_ And __Bold__ In Titles",
        "[Click Me](javascript:alert(1)) For Better Retrieval",
        "![Pixel](http://e/x.png) Tracking Pixels In Mixture Of Experts",
        "`Code Spans` And ```Fences``` In Titles",
        "> Quoted Title About Mixture Of Experts",
        "- Bulleted Title About Pruning",
        "1. Numbered Title About Quantization",
        "Attr List Injection {: onclick=alert(1) }",
        "Pipes | In | Table | Cells",
        "Horizontal Rule *** And Setext Underline ===",
    ],
    "hostile_templates.txt": [
        "{{ 7*7 }} Jinja Expressions In Titles",
        "{% raw %}Raw Blocks{% endraw %} And {# Comments #}",
        '!!! note "Admonition Title"',
        '--8<-- "README.md" Snippet Includes',
        "<!-- material/tags --> Tag Markers In Titles",
        "--- YAML Front Matter Breaker ---",
        'Quotes " And Backslashes \\ In "Titles" \\n',
        "Percent %s And Dollar ${x} Format Strings",
    ],
    "hostile_entities.txt": [
        "&lt;script&gt;alert(1)&lt;/script&gt; And &amp; Entities",
        "&#60;b&#62; Already Escaped Titles",
        # Shown as the text the LaTeX stands for (generator/latex.py); S^{2} outside $…$ stays.
        "LaTeX x^2 With 80% Accuracy And S^{2} Attention",
        "Tilde ~Strike~ And Caret ^Sup^ And Equals ==Mark==",
    ],
    "hostile_unicode.txt": [
        "\u202eRTL Override Title gnp.exe",
        "Zero\u200bWidth\u200d Space Title",
        "Cafe\u0301 Combining Characters Na\u0308ive Z\u0335\u0321a\u0334lgo",
        "\U0001F680 Rocket Emoji Language Models \U0001F525",
        "\u6ce8\u610f\u529b\u673a\u5236\u7684\u7814\u7a76",
        "Arabic \u0645\u0631\u062d\u0628\u0627 Mixed Direction Title",
        "Line Separator And Paragraph Separator Title",
    ],
    "hostile_urls.txt": [
        "Links javascript:alert(1) And data:text/html,x In Titles",
        "Code Links With Quotes Break Attributes",
        "Protocol Relative And Unicode Hosts",
    ],
}
HOSTILE_ORGANIZATIONS = (
    "<script>alert('org')</script>",
    "Acme <img src=x onerror=alert('org')>",
    "{{ 7*7 }} [x](javascript:alert(1))",
)

# The papers each seed file must contribute (first file that lists a title owns it).
GOOD_TITLES: dict[str, list[str]] = {
    "empty.txt": [],
    "header_only.txt": [],
    "notes.txt": [],
    "binary.txt": [],
    "bom.txt": ["Byte Order Marks Before Pretraining Data", "A Second Byte Order Mark Inside The File"],
    "bom_bad_byte.txt": ["BOM Title With A Bad Byte \ufffd"],
    "crlf.txt": ["Windows Line Endings Title", "Second Windows Line Endings Title"],
    "lone_cr.txt": ["Classic Mac Line Endings Title", "Second Classic Mac Line Endings Title"],
    "lone_cr_bad_byte.txt": ["Lone CR Title With A Bad Byte \ufffd"],
    "mixed_endings.txt": ["Mixed Line Endings Title", "Second Mixed Line Endings Title"],
    "latin1.txt": [
        "Caf\ufffd Latin-1 Encoded Title", "Clean Title After Bad Bytes", "Truncated Sequence At The End \ufffd",
    ],
    "trailing_whitespace.txt": ["Trailing Spaces and Tabs In A Title", "Leading Tab Title About Pruning"],
    "missing_abstracts.txt": ["Two Titles In A Row The Second", "A Good Paper Between Orphans"],
    "question_title.txt": ["Can Question Titles Survive An Orphan Before Them?"],
    "misplaced_metadata.txt": [
        "First Paper After Stray Metadata", "Second Paper After A Second Metadata Block",
        "Third Paper After A Lone Authors Line",
    ],
    "dates.txt": [
        "Paper Dated February Thirtieth", "Paper Dated September Thirty First", "Paper Dated Leap Day In A Common Year",
        "Paper Dated Leap Day Without A Year", "Paper Dated Leap Day In A Leap Year", "Paper With An ISO Date",
        "Paper With A Day First Date", "Paper With A Full Month Name", "Paper With A Lowercase Month",
        "Paper With An Unknown Month", "Paper Dated Day Zero", "Paper Dated Year Zero", "Paper With Too Many Upvotes",
    ],
    "duplicates_a.txt": ["Duplicated Title With Different Abstracts", "Same File Duplicate Title"],
    "duplicates_b.txt": ["Equal Length Duplicate"],
    "slugs.txt": [
        "GPT-4 Technical Notes", "GPT 4 Technical Notes", "GPT 4! Technical Notes", "../../etc/passwd",
        "./. Dot Segments /..", "CON", "Index", "A " + "Very " * 36 + "Long Title",
        "Supercalifragilisticexpialidocious" * 4, "\u2014", "\uff27\uff30\uff34 Fullwidth Title",
    ],
    **HOSTILE_TITLES,
}
ALL_GOOD = sorted(t for titles in GOOD_TITLES.values() for t in titles)

NO_PAPERS = "no papers found: is this a Daily Papers listing?"
# Problems whose current wording is right; files with a bug have their own tests below.
EXPECTED_PROBLEMS: dict[str, list[str]] = {
    "empty.txt": [f"seeds/empty.txt:1: {NO_PAPERS}"],
    "header_only.txt": [f"seeds/header_only.txt:1: {NO_PAPERS}"],
    "README.md": ["seeds/README.md:1: not a .txt seed file; ignored"],
    "cover.png": ["seeds/cover.png:1: not a .txt seed file; ignored"],
    "binary.txt": ["seeds/binary.txt:3: binary file (NUL byte); skipped"],
    "bom.txt": [],
    "crlf.txt": [],
    "lone_cr.txt": [],
    "mixed_endings.txt": [],
    "trailing_whitespace.txt": [],
    "missing_abstracts.txt": [
        "seeds/missing_abstracts.txt:13: title 'Two Titles In A Row The First' has no abstract; skipped",
        "seeds/missing_abstracts.txt:19: title 'Title Followed Directly By Metadata' has no abstract; skipped",
        "seeds/missing_abstracts.txt:21: metadata with no paper before it; ignored",
        "seeds/missing_abstracts.txt:33: title 'Title At The End Of The File' has no abstract; skipped",
    ],
    "misplaced_metadata.txt": [
        "seeds/misplaced_metadata.txt:13: metadata with no paper before it; ignored",
        "seeds/misplaced_metadata.txt:24: metadata with no paper before it; ignored",
    ],
    "duplicates_a.txt": [
        "seeds/duplicates_a.txt:21: same title as duplicates_a.txt:17 but a different abstract; kept the longest",
    ],
    "duplicates_b.txt": [
        "seeds/duplicates_b.txt:13: same title as duplicates_a.txt:13 but a different abstract; kept the longest",
        "seeds/duplicates_b.txt:21: same title as duplicates_b.txt:17 but a different abstract; kept the longest",
    ],
    "slugs.txt": [],
    **{name: [] for name in HOSTILE_TITLES},
}
DATE_PROBLEMS = [
    "seeds/dates.txt:11: impossible page date; ignored",
    "seeds/dates.txt:19: impossible date 'Feb 30'; date left unknown",
    "seeds/dates.txt:27: impossible date 'Sep 31, 2023 4'; date left unknown",
    "seeds/dates.txt:35: impossible date 'Feb 29, 2023'; date left unknown",
    "seeds/dates.txt:43: impossible date 'Feb 29 6'; date left unknown",  # seed_years says 2023
    "seeds/dates.txt:59: unrecognised metadata line '2023-09-28'; ignored",
    "seeds/dates.txt:67: unrecognised metadata line '28 Sep 2023'; ignored",
    "seeds/dates.txt:75: unrecognised metadata line 'September 28, 2023'; ignored",
    "seeds/dates.txt:83: unrecognised metadata line 'sep 28, 2023'; ignored",
    "seeds/dates.txt:91: impossible date 'Foo 3'; date left unknown",
    "seeds/dates.txt:99: impossible date 'Sep 0, 2023'; date left unknown",
    "seeds/dates.txt:115: unrecognised metadata line 'Sep 28, 2023 123456789'; ignored",
]
YEAR_ZERO_LINE = 107
# Any of these appearing as a tag, attribute or URL scheme in the site came from the seeds.
FORBIDDEN_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "style", "base", "img", "applet",
                            "textarea", "b", "i", "u", "math", "video", "audio", "source"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background"})
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
HOSTILE_FILE_NAME = "<img src=x onerror=alert(1)> {{7*7}} & 'q'.txt"
HOSTILE_FILE_TITLE = "Paper From A Hostile File Name"


# --------------------------------------------------------------------------------------------
# Helpers


def seed(*papers: tuple[str, str], page_date: str = "Sep 2") -> str:
    return HEADER + f"{page_date}\n\n" + "".join(f"{title}\n\n{abstract}\n\n" for title, abstract in papers)


def long_abstract(topic: str) -> str:
    return (f"We study {topic} in large language model pretraining, with data selection and quantization "
            f"experiments that isolate the effect of {topic} on several benchmarks.")


def line_starts(data: bytes) -> list[int]:
    """Byte offsets where each line starts, for CRLF, lone CR and LF alike."""
    starts = [0]
    index = 0
    while index < len(data):
        if data[index : index + 2] == b"\r\n":
            index += 2
            starts.append(index)
        elif data[index] in b"\r\n":
            index += 1
            starts.append(index)
        else:
            index += 1
    return starts


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of ``offset`` in the file's bytes."""
    starts = line_starts(data)
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


def bad_bytes(path: str, data: bytes, offsets: list[int]) -> str:
    """The one line a badly encoded file gets: the count, and the first three bad bytes' positions."""
    offsets = sorted(offsets)
    shown = ", ".join("0x{:02x} at line {} column {}".format(data[o], *position(data, o)) for o in offsets[:3])
    more = ", …" if len(offsets) > 3 else ""
    count = f"{len(offsets)} invalid byte sequence{'s' * (len(offsets) != 1)}"
    line = position(data, offsets[0])[0]
    return f"{path}:{line}: not valid UTF-8: {count} ({shown}{more}) replaced by U+FFFD; save the file as UTF-8"


def problems_of(result: Result, name: str) -> list[str]:
    return sorted(str(p) for p in result.problems if p.path == f"seeds/{name}")


def titles_from(result: Result, name: str) -> list[str]:
    """Titles of the papers first listed in seed file ``name``, in file order."""
    papers = [p for p in result.survey.papers if p.sources[0].file == name]
    return [p.title for p in sorted(papers, key=lambda p: p.sources[0])]


class HtmlScan(HTMLParser):
    """Start tags with attributes, script bodies, <title> content and visible text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.title_text: list[str] = []
        self.title_children: list[str] = []
        self.text: list[str] = []
        self.h1: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if "title" in self._open:
            self.title_children.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        if tag not in {"br", "hr", "img", "meta", "link", "input", "path", "source", "embed", "base"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        current = self._open[-1] if self._open else ""
        if current == "script":
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif current == "title" and "svg" not in self._open:
            self.title_text.append(data)
        elif current != "style":
            self.text.append(data)
            if "h1" in self._open:
                self.h1.append(data)


def scan(text: str) -> HtmlScan:
    parser = HtmlScan()
    parser.feed(text)
    parser.close()
    return parser


def collapse(text: str) -> str:
    return " ".join(text.split())


def html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------------------------
# Unit level: problems and papers, file by file


@pytest.fixture(scope="module")
def nasty_result() -> Result:
    return build(read_inputs(NASTY, templates=ROOT / "templates"))


def test_fixture_bytes_survived_checkout() -> None:
    """The byte-level cases only test something if git kept their bytes."""
    seeds = NASTY / "seeds"
    assert (seeds / "empty.txt").read_bytes() == b""
    assert (seeds / "bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (seeds / "crlf.txt").read_bytes()
    lone = (seeds / "lone_cr.txt").read_bytes()
    assert b"\r" in lone and b"\n" not in lone
    assert b"\xe9" in (seeds / "latin1.txt").read_bytes()
    assert b"\x00" in (seeds / "binary.txt").read_bytes()
    assert b" \t\n" in (seeds / "trailing_whitespace.txt").read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_each_case_reports_exactly_its_problems(nasty_result: Result, name: str) -> None:
    assert problems_of(nasty_result, name) == sorted(EXPECTED_PROBLEMS[name])


@pytest.mark.parametrize("name", sorted(n for n in GOOD_TITLES if n != "notes.txt"))
def test_each_case_keeps_its_good_papers(nasty_result: Result, name: str) -> None:
    assert titles_from(nasty_result, name) == GOOD_TITLES[name]


def test_every_good_paper_is_kept(nasty_result: Result) -> None:
    titles = {p.title for p in nasty_result.survey.papers}
    missing = [t for t in ALL_GOOD if t not in titles]
    assert missing == [], f"{len(missing)} good papers lost"
    assert len(ALL_GOOD) == 87


def test_nothing_but_good_papers_is_published(nasty_result: Result) -> None:
    extra = sorted({p.title for p in nasty_result.survey.papers} - set(ALL_GOOD))
    assert extra == [], "text that is not a paper became a paper page"


def test_every_problem_points_at_a_real_line(nasty_result: Result) -> None:
    seeds = NASTY / "seeds"
    for problem in nasty_result.problems:
        assert re.match(r"^seeds/[^/]+:\d+: \S", str(problem)), problem
        path = seeds / problem.path.removeprefix("seeds/")
        lines = len(line_starts(path.read_bytes()))
        assert 1 <= problem.line <= lines, problem


def test_invalid_utf8_is_reported_in_one_line_and_the_rest_decoded(nasty_result: Result) -> None:
    data = (NASTY / "seeds" / "latin1.txt").read_bytes()
    offsets = [
        data.index(b"\xe9 Latin"), data.index(b"\xefve"), data.index(b"\xff\xfe"), data.index(b"\xff\xfe") + 1,
        data.index(b"\xc0\xaf"), data.index(b"\xc0\xaf") + 1,
        data.index(b"\xed\xa0\x80"), data.index(b"\xed\xa0\x80") + 1, data.index(b"\xed\xa0\x80") + 2,
        data.index(b"\xe2\x82\n"), data.index(b"\xf0\x9f\x98"),
    ]
    assert problems_of(nasty_result, "latin1.txt") == [bad_bytes("seeds/latin1.txt", data, offsets)]
    paper = next(p for p in nasty_result.survey.papers if p.title == "Caf\ufffd Latin-1 Encoded Title")
    assert "Na\ufffdve bytes \ufffd\ufffd and an overlong \ufffd\ufffd slash" in paper.abstract


def test_bad_byte_on_lone_cr_lines_reports_the_right_line(nasty_result: Result) -> None:
    data = (NASTY / "seeds" / "lone_cr_bad_byte.txt").read_bytes()
    expected = [bad_bytes("seeds/lone_cr_bad_byte.txt", data, [data.index(b"\xe9")])]
    assert expected == ["seeds/lone_cr_bad_byte.txt:13: not valid UTF-8: 1 invalid byte sequence "
                        "(0xe9 at line 13 column 31) replaced by U+FFFD; save the file as UTF-8"]
    assert problems_of(nasty_result, "lone_cr_bad_byte.txt") == expected


def test_bad_byte_after_a_bom_reports_its_offset_in_the_file(nasty_result: Result) -> None:
    data = (NASTY / "seeds" / "bom_bad_byte.txt").read_bytes()
    expected = [bad_bytes("seeds/bom_bad_byte.txt", data, [data.index(b"\xe9")])]
    assert expected == ["seeds/bom_bad_byte.txt:13: not valid UTF-8: 1 invalid byte sequence "
                        "(0xe9 at line 13 column 27) replaced by U+FFFD; save the file as UTF-8"]
    assert problems_of(nasty_result, "bom_bad_byte.txt") == expected


def test_a_badly_encoded_file_gets_one_line_naming_three_positions() -> None:
    """Three bad bytes are all named; from the fourth on, the line says there are more."""
    three = b"".join(b"word \xff\n" for _ in range(3))
    text, problems = decode_seed("seeds/x.txt", three)
    assert text is not None and text.count("\ufffd") == 3
    assert [str(p) for p in problems] == [
        "seeds/x.txt:1: not valid UTF-8: 3 invalid byte sequences (0xff at line 1 column 6, 0xff at line 2 column 6, "
        "0xff at line 3 column 6) replaced by U+FFFD; save the file as UTF-8"]
    _, more = decode_seed("seeds/x.txt", three * 7)
    assert len(more) == 1 and "21 invalid byte sequences" in more[0].message and ", …)" in more[0].message


def test_decoding_a_latin1_file_is_linear() -> None:
    """A dump saved as Latin-1 has a bad byte in every accented word; decoding must stay fast."""
    data = ("Caf\xe9 na\xefve r\xe9sum\xe9 " * 12_500).encode("latin-1")  # 250 KB, 50,000 bad bytes
    start = time.perf_counter()
    text, problems = decode_seed("seeds/latin.txt", data)
    elapsed = time.perf_counter() - start
    assert text is not None and text.count("\ufffd") == 50_000 and len(problems) == 1
    assert elapsed < 1.0, f"decoding 250 KB of Latin-1 took {elapsed:.1f} s"


def test_line_endings_bom_and_whitespace_keep_metadata(nasty_result: Result) -> None:
    papers = {p.title: p for p in nasty_result.survey.papers}
    for title in ("Windows Line Endings Title", "Classic Mac Line Endings Title",
                  "Trailing Spaces and Tabs In A Title"):
        paper = papers[title]
        assert (paper.authors, paper.date, paper.upvotes) == (3, PaperDate(9, 28, 2023), 3), title
    assert papers["Second Classic Mac Line Endings Title"].sources[0].line == 21
    assert papers["Second Mixed Line Endings Title"].sources[0].line == 17
    assert not any("\ufeff" in p.title or "\ufeff" in p.abstract for p in nasty_result.survey.papers)
    assert not any(re.search(r"\s\s|^\s|\s$|\t", p.title + p.abstract) for p in nasty_result.survey.papers)


def test_question_title_after_an_orphan_is_kept(nasty_result: Result) -> None:
    """An orphan title must not swallow the next paper's title as its abstract."""
    assert problems_of(nasty_result, "question_title.txt") == [
        "seeds/question_title.txt:13: title 'An Orphan Title Before A Question' has no abstract; skipped"
    ]
    assert titles_from(nasty_result, "question_title.txt") == ["Can Question Titles Survive An Orphan Before Them?"]


def test_unrelated_text_file_is_reported_not_published(nasty_result: Result) -> None:
    assert titles_from(nasty_result, "notes.txt") == []
    assert problems_of(nasty_result, "notes.txt") != [], "prose in seeds/notes.txt was published silently"


def test_dates(nasty_result: Result) -> None:
    problems = problems_of(nasty_result, "dates.txt")
    assert [p for p in problems if not p.startswith(f"seeds/dates.txt:{YEAR_ZERO_LINE}:")] == sorted(DATE_PROBLEMS)
    papers = {p.title: p for p in nasty_result.survey.papers}
    assert papers["Paper Dated Leap Day In A Leap Year"].date == PaperDate(2, 29, 2024)
    assert papers["Paper Dated Leap Day In A Leap Year"].upvotes == 2
    for title in ("Paper Dated February Thirtieth", "Paper Dated September Thirty First", "Paper With An ISO Date",
                  "Paper With An Unknown Month", "Paper Dated Day Zero", "Paper With Too Many Upvotes"):
        assert papers[title].date is None, title


def test_year_zero_is_an_impossible_date(nasty_result: Result) -> None:
    """'Sep 28, 0000' is no listing date; exporting '0000-09-28' breaks date parsers downstream."""
    paper = next(p for p in nasty_result.survey.papers if p.title == "Paper Dated Year Zero")
    assert paper.date is None
    assert any(p.startswith(f"seeds/dates.txt:{YEAR_ZERO_LINE}: impossible date")
               for p in problems_of(nasty_result, "dates.txt"))


def test_duplicate_titles_pick_the_same_paper_whatever_the_order(nasty_result: Result) -> None:
    papers = {p.title: p for p in nasty_result.survey.papers}
    merged = papers["Duplicated Title With Different Abstracts"]
    assert merged.abstract.startswith("A longer second abstract")
    assert [s.file for s in merged.sources] == ["duplicates_a.txt", "duplicates_b.txt"]
    assert papers["Same File Duplicate Title"].abstract.endswith("a bit longer.")
    entries = []
    for name in ("duplicates_a.txt", "duplicates_b.txt"):
        entries += parse_seed(name, (NASTY / "seeds" / name).read_text(encoding="utf-8"))[0].entries
    forward, _ = merge_entries(entries)
    backward, _ = merge_entries(list(reversed(entries)))
    assert forward == backward
    equal = next(p for p in forward if p.title == "Equal Length Duplicate")
    assert equal.abstract in {"Abstract version AAAA of equal length.", "Abstract version BBBB of equal length."}


def test_seed_subfolders_are_read_or_reported(tmp_path: Path) -> None:
    """A dump filed under seeds/2024/ must not vanish without a word."""
    root = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    (root / "seeds" / "2024").mkdir()
    (root / "seeds" / "2024" / "jan.txt").write_text(seed(("Paper Filed In A Subfolder", long_abstract("folders"))))
    result = build(read_inputs(root))
    kept = any(p.title == "Paper Filed In A Subfolder" for p in result.survey.papers)
    reported = any("2024" in p.path or "2024" in p.message for p in result.problems)
    assert kept or reported


@pytest.mark.parametrize("papers", [
    pytest.param([("注意力", "我们研究注意力机制的一个新方法。"), ("变换器", "我们研究变换器模型的一个新方法。")],
                 id="no-latin-words"),
    pytest.param([("GPT 4", "We study GPT four models here in some detail."),
                  ("GPT (4)", "We study GPT four models here in some detail.")], id="identical-words"),
])
def test_corpus_without_shared_vocabulary_builds(tmp_path: Path, papers: list[tuple[str, str]]) -> None:
    """Two papers with no ASCII words, or with exactly the same words, must not crash the build."""
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(MINI / "survey.yml", root / "survey.yml")
    (root / "seeds" / "a.txt").write_text(seed(*papers), encoding="utf-8")
    result = build(read_inputs(root, templates=ROOT / "templates"))
    assert sorted(p.title for p in result.survey.papers) == sorted(t for t, _ in papers)


def test_one_megabyte_abstract_and_fifty_thousand_papers_parse(tmp_path: Path) -> None:
    """parse_seed and merge_entries at 50,000 papers in one 9 MB file, plus a 1 MB abstract line."""
    words = "We scale data filtering with a 7B model trained on 2T tokens and report MMLU gains of 3.2 points. "
    huge = (words * (1_000_000 // len(words) + 1))[:1_000_000].rstrip() + "."
    parts = [HEADER, "Sep 2\n\n", f"A Paper With A One Megabyte Abstract\n\n{huge}\n\n"]
    for i in range(50_000):
        parts.append(f"Synthetic Paper Number {i} On Topic {i % 97}\n\nWe study synthetic topic {i} and report "
                     f"results on {i % 13} benchmarks.\n\n  • {i % 9 + 1} authors\n·\n"
                     f"Sep {i % 28 + 1}, 2024 {i % 50}\n\n")
    path = tmp_path / "big.txt"
    path.write_text("".join(parts), encoding="utf-8")
    start = time.perf_counter()
    text, problems = decode_seed("seeds/big.txt", path.read_bytes())
    assert text is not None and problems == []
    page, problems = parse_seed("big.txt", text, path="seeds/big.txt")
    papers, merge_problems = merge_entries(page.entries)
    elapsed = time.perf_counter() - start
    assert problems == [] and merge_problems == []
    assert len(papers) == 50_001
    assert max(len(p.abstract) for p in papers) == len(huge)
    assert elapsed < 60, f"50,000 papers took {elapsed:.1f} s to parse and merge"


def test_slugs_are_safe_unique_and_title_only(nasty_result: Result) -> None:
    papers = nasty_result.survey.papers
    slugs = [p.slug for p in papers]
    assert len(slugs) == len(set(slugs))
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
        assert len(slug) <= 80 and slug.isascii() and "/" not in slug and ".." not in slug
    by_title = {p.title: p.slug for p in papers}
    gpt = {by_title[t] for t in ("GPT-4 Technical Notes", "GPT 4 Technical Notes", "GPT 4! Technical Notes")}
    assert len(gpt) == 3
    variants = ["GPT-4", "GPT 4", "GPT 4!", "GPT-4!", "GPT_4", "GPT.4", "GPT/4", "GPT (4)", "gpt-4 ", "GPT—4"]
    assert len({slug_for_title(normalize_title(v)) for v in variants}) == len({normalize_title(v) for v in variants})
    assert by_title["\u6ce8\u610f\u529b\u673a\u5236\u7684\u7814\u7a76"].startswith("paper-")


def test_cli_check_reports_the_nasty_corpus(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=NASTY / "seeds", taxonomy=NASTY / "survey.yml")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "check"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 1  # the binary file is an error
    orphan = "seeds/missing_abstracts.txt:13: title 'Two Titles In A Row The First' has no abstract; skipped"
    assert orphan in run.stderr
    assert "seeds/binary.txt:3: binary file (NUL byte); skipped" in run.stderr


# --------------------------------------------------------------------------------------------
# End to end: MkDocs builds of the nasty corpus


def nasty_project(target: Path) -> Path:
    project = copy_project(target, seeds=NASTY / "seeds", taxonomy=NASTY / "survey.yml")
    (project / "seeds" / HOSTILE_FILE_NAME).write_text(
        seed((HOSTILE_FILE_TITLE, long_abstract("hostile file names"))), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str],
                                                               subprocess.CompletedProcess[str]]:
    project = nasty_project(tmp_path_factory.mktemp("nasty") / "project")
    strict = mkdocs_build(project, strict=True)
    plain = mkdocs_build(project, strict=False)
    return project, strict, plain


@pytest.fixture(scope="module")
def site(built: tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]) -> Path:
    project, _, plain = built
    assert plain.returncode == 0, plain.stderr[-4000:]
    return project / "site"


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_mini_site(tmp_path_factory.mktemp("clean"))[0]


@pytest.fixture(scope="module")
def exported(site: Path) -> list[dict]:
    return json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))


def test_plain_build_succeeds_and_strict_build_fails_on_the_warnings(
    built: tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]],
) -> None:
    _, strict, plain = built
    assert plain.returncode == 0, plain.stderr[-4000:]
    assert "WARNING" in plain.stderr and "seeds/missing_abstracts.txt:13:" in plain.stderr
    assert strict.returncode != 0
    assert "in strict mode" in strict.stdout + strict.stderr
    assert "seeds/binary.txt:3: binary file (NUL byte); skipped" in strict.stderr


def test_every_good_paper_has_a_page_and_an_export_row(site: Path, exported: list[dict]) -> None:
    titles = {p["title"] for p in exported}
    expected = set(ALL_GOOD) | {HOSTILE_FILE_TITLE}
    assert expected <= titles, sorted(expected - titles)
    for paper in exported:
        assert (site / paper["url"] / "index.html").is_file(), paper["slug"]
    assert len(list((site / "papers").glob("*/index.html"))) == len(exported)


def test_papers_json_round_trips_exact_titles_and_organisations(exported: list[dict]) -> None:
    titles = [p["title"] for p in exported]
    for title in (t for group in HOSTILE_TITLES.values() for t in group):
        assert titles.count(title) == 1, title
    organizations = {p["organization"] for p in exported}
    assert set(HOSTILE_ORGANIZATIONS) <= organizations
    hostile_file = next(p for p in exported if p["title"] == HOSTILE_FILE_TITLE)
    assert hostile_file["sources"] == [{"file": HOSTILE_FILE_NAME, "line": 13}]


def test_export_dates_are_real_dates(exported: list[dict]) -> None:
    from datetime import date

    for paper in exported:
        if paper["date"] is not None:
            assert date.fromisoformat(paper["date"]).year == paper["year"], paper["title"]


def test_no_live_markup_from_the_seeds_in_any_page(site: Path, clean_site: Path) -> None:
    clean_tags = {tag for path in html_files(clean_site) for tag, _ in scan(path.read_text(encoding="utf-8")).tags}
    assert not clean_tags & FORBIDDEN_TAGS  # so any of them in the nasty site came from the seeds
    clean_scripts = {re.sub(r"(\.\./)+|\.\.", "", attrs.get("src") or "") for path in html_files(clean_site)
                     for attrs, _ in scan(path.read_text(encoding="utf-8")).scripts}
    failures = []
    for path in html_files(site):
        page = scan(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(site))
        for tag, attrs in page.tags:
            if tag in FORBIDDEN_TAGS:
                failures.append(f"{where}: live <{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    failures.append(f"{where}: <{tag} {name}=…>")
                flat = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
                foreign = tag != "a" and "evil.example" in flat  # abstracts' own URLs may become links
                if name in URL_ATTRIBUTES and (flat.startswith(BAD_SCHEMES) or foreign):
                    failures.append(f"{where}: <{tag} {name}={value!r}>")
        for attrs, body in page.scripts:
            src = re.sub(r"(\.\./)+|\.\.", "", attrs.get("src") or "")
            if src not in clean_scripts or "alert" in body:
                failures.append(f"{where}: foreign <script> {attrs} {body[:80]!r}")
    assert failures == []


def test_no_template_syntax_from_the_seeds_in_any_page(site: Path, clean_site: Path) -> None:
    """Seed text like ``{{ 7*7 }}`` must reach the HTML as character references, never literally."""
    for path in html_files(clean_site):
        text = path.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, path
    leaks = []
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        for marker in ("{{", "{%", "{#"):
            if marker in text:
                leaks.append(f"{path.relative_to(site)}: {marker}")
    assert leaks == []


def paper_page(site: Path, exported: list[dict], title: str) -> HtmlScan:
    paper = next(p for p in exported if p["title"] == title)
    return scan((site / paper["url"] / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("title", [t for group in HOSTILE_TITLES.values() for t in group])
def test_hostile_title_shows_literally_as_page_heading_and_title(site: Path, exported: list[dict], title: str) -> None:
    page = paper_page(site, exported, title)
    assert page.title_children == [], "the <title> element holds markup"
    assert collapse("".join(page.title_text)) == collapse(f"{title} - {SITE_NAME}")
    assert collapse("".join(page.h1)) == collapse(title)
    assert not any('title: "' in chunk for chunk in page.text), "front matter rendered as page text"


def test_hostile_abstracts_and_organisations_show_literally(site: Path, exported: list[dict]) -> None:
    page = paper_page(site, exported, HOSTILE_TITLES["hostile_html.txt"][0])
    visible = collapse("".join(page.text))
    assert "We present <script>alert(2)</script> a method. <img src=x onerror=alert(3)> Results improve." in visible
    assert "<script>alert('org')</script>" in visible
    page = paper_page(site, exported, HOSTILE_TITLES["hostile_markdown.txt"][2])
    assert "A [link](javascript:alert(7)) and a [ref][1]" in collapse("".join(page.text))
    page = paper_page(site, exported, HOSTILE_TITLES["hostile_entities.txt"][1])
    assert "Numeric references &#60;script&#62; must show as written." in collapse("".join(page.text))
    page = paper_page(site, exported, HOSTILE_FILE_TITLE)
    assert f"seeds/{HOSTILE_FILE_NAME}" in collapse("".join(page.text))


class TableScan(HTMLParser):
    """Cell counts per row of every ``sa-table``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[int]] = []
        self._in_table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and "sa-table" in (dict(attrs).get("class") or ""):
            self._in_table = True
            self.tables.append([])
        elif self._in_table and tag == "tr":
            self.tables[-1].append(0)
        elif self._in_table and tag in ("td", "th"):
            self.tables[-1][-1] += int(dict(attrs).get("colspan") or 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False


def test_every_table_row_has_the_header_column_count(site: Path) -> None:
    checked = 0
    for path in html_files(site):
        parser = TableScan()
        parser.feed(path.read_text(encoding="utf-8"))
        for rows in parser.tables:
            assert rows, path
            assert all(count == rows[0] for count in rows), (path, rows)
            checked += len(rows)
    assert checked > 200


def test_csv_exports_parse_with_one_value_per_column(site: Path, exported: list[dict]) -> None:
    titles = {p["slug"]: p["title"] for p in exported}
    for path in sorted((site / "data").rglob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header = rows[0]
        assert all(len(row) == len(header) for row in rows), path
        for row in rows[1:]:
            record = dict(zip(header, row, strict=True))
            title = titles[record["slug"]]
            assert record["title"] in (title, "'" + title), (path, record["title"])
    papers_csv = list(csv.reader(io.StringIO((site / "data" / "papers.csv").read_text(encoding="utf-8"), newline="")))
    assert len(papers_csv) == len(exported) + 1


def test_bibtex_entries_have_balanced_braces(site: Path, exported: list[dict]) -> None:
    for path in sorted((site / "data").rglob("*.bib")):
        text = path.read_text(encoding="utf-8")
        entries = [e for e in re.split(r"\n(?=@)", text.strip()) if e]
        for entry in entries:
            depth = 0
            for match in re.finditer(r"[{}]", entry):  # BibTeX counts escaped braces too
                token = match.group()
                depth += {"{": 1, "}": -1}.get(token, 0)
                assert depth >= 0, (path, entry[:120])
            assert depth == 0, (path, entry[:120])
            assert "%" not in re.sub(r"\\%", "", entry), (path, entry[:120])  # an unescaped % starts a comment
    keys = re.findall(r"^@misc\{([^,]+),", (site / "data" / "papers.bib").read_text(encoding="utf-8"), re.M)
    assert len(set(keys)) == len(keys) == len(exported)
    assert all(re.fullmatch(r"[a-z][a-z0-9]{0,29}", key) for key in keys)
    for path in sorted((site / "data").rglob("*.bib")):
        pybtex.database.parse_file(str(path))  # raises on any entry BibTeX would misread


def test_search_index_holds_no_live_markup_from_the_seeds(site: Path, exported: list[dict]) -> None:
    """Pagefind indexes what the browser would render, so seed markup shows up in its fragments
    only as text: a live <style>, <script> or <img> would be dropped from the indexed content (or
    become the page's image), so each hostile title and abstract must be there verbatim.  Only
    whitespace and the full stop Pagefind puts after a heading may differ."""
    from tests.references import read_fragments

    def squash(text: str) -> str:
        return re.sub(r"[\s\u200b]+", "", text)

    fragments = {f["url"]: f for f in read_fragments(site / "pagefind")}
    # A page's metadata is its title, and on a paper page the chapter and kind search results show.
    from generator.render.facets import SEARCH_META

    allowed = {"title"} | {facet.key for facet in SEARCH_META}
    failures = [f"{url}: meta {sorted(f['meta'])}" for url, f in fragments.items() if not set(f["meta"]) <= allowed]
    for paper in exported:
        fragment = fragments.get("/" + paper["url"])
        content = (fragment or {}).get("content", "")
        if fragment is None or fragment["meta"]["title"] != paper["title"]:
            failures.append(f"{paper['url']}: title {fragment and fragment['meta']['title']!r}")
        elif squash(content) not in (squash(paper["title"] + paper["abstract"]),
                                     squash(paper["title"] + "." + paper["abstract"])):
            failures.append(f"{paper['url']}: content {content[:120]!r}")
        failures += [f"{paper['url']}: anchor {a}" for a in (fragment or {}).get("anchors", [])
                     if not re.fullmatch(r"[\w-]+", a["id"])]  # ids from our templates only
    assert failures == []
    assert "We present <script>alert(2)</script> a method. <img src=x onerror=alert(3)> Results improve." in \
        "\n".join(f["content"] for f in fragments.values())


def test_feeds_are_well_formed_with_exact_titles(site: Path, exported: list[dict]) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert sorted(titles) == sorted(p["title"] for p in exported)
    for path in [site / "feed.xml", *sorted((site / "feeds").rglob("*.xml"))]:
        parsed = feedparser.parse(path.read_text(encoding="utf-8"))
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert {e.title for e in parsed.entries} <= set(titles), path
    ET.parse(site / "sitemap.xml")


@pytest.mark.parametrize("title", [t for group in HOSTILE_TITLES.values() for t in group])
def test_hostile_title_reads_back_from_the_open_graph_tags(site: Path, exported: list[dict], title: str) -> None:
    paper = next(p for p in exported if p["title"] == title)
    text = (site / paper["url"] / "index.html").read_text(encoding="utf-8")
    head = text[:text.index("</head>")]
    og = dict(re.findall(r'<meta property="(og:[a-z]+)" content="([^"<>]*)">', head))
    assert collapse(html.unescape(og["og:title"])) == collapse(title)
    description = re.search(r'<meta name="description" content="([^"<>]*)">', head)
    assert description and og["og:description"] == description.group(1)
    assert collapse(html.unescape(description.group(1))).removesuffix("…") in collapse(paper["abstract"])


# --------------------------------------------------------------------------------------------
# Rebuilds: determinism, failure, removal, scale


def test_two_builds_of_the_same_input_are_identical(site: Path, tmp_path: Path) -> None:
    project = nasty_project(tmp_path / "again")
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    first, second = site_files(site), site_files(project / "site")
    assert sorted(first) == sorted(second)
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    good = mkdocs_build(project, strict=False)
    assert good.returncode == 0, good.stderr[-4000:]
    before = site_files(project / "site")
    assert "index.html" in before
    (project / "survey.yml").write_text("title: Broken\nchapters: [\n  - id: x\n", encoding="utf-8")
    broken = mkdocs_build(project, strict=False)
    assert broken.returncode != 0
    assert re.search(r"survey\.yml:\d+: invalid YAML", broken.stderr), broken.stderr[-2000:]
    after = site_files(project / "site")
    assert sorted(after) == sorted(before), f"{len(before)} files before the failed build, {len(after)} after"
    assert after == before


def test_survey_atlas_build_keeps_the_site_when_a_later_build_fails(tmp_path: Path) -> None:
    """The safe build command swaps site/ only on success: strict warnings or a crash leave it as it was."""
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")

    def safe_build(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "build", *args],
                              capture_output=True, text=True, cwd=ROOT, timeout=600)

    first = safe_build("--strict")
    assert first.returncode == 0, first.stderr[-3000:]
    before = site_files(project / "site")
    (project / "seeds" / "c.txt").write_text(seed(("A Title Without An Abstract", "Sep 28, 2023 3")))
    warned = safe_build("--strict")
    assert warned.returncode != 0 and "seeds/c.txt:" in warned.stderr
    assert site_files(project / "site") == before
    (project / "seeds" / "c.txt").unlink()
    template = project / "templates" / "paper.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_variable }}\n", encoding="utf-8")
    crashed = safe_build()
    assert crashed.returncode != 0
    assert site_files(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_papers_removed_from_the_seeds_disappear_from_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    (project / "survey.yml").write_text(
        (MINI / "survey.yml").read_text(encoding="utf-8").split("overrides:")[0], encoding="utf-8")
    assert mkdocs_build(project, strict=False).returncode == 0
    site = project / "site"
    exported = json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))
    removed = [p for p in exported if all(s["file"] == "b_listing.txt" for s in p["sources"])]
    assert removed
    (project / "seeds" / "b_listing.txt").unlink()
    assert mkdocs_build(project, strict=False).returncode == 0
    remaining = json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))
    assert {p["slug"] for p in remaining} == {p["slug"] for p in exported} - {p["slug"] for p in removed}
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    for paper in removed:
        assert not (site / paper["url"]).exists(), paper["slug"]
        assert paper["slug"] not in everything, paper["slug"]


def test_full_build_with_a_megabyte_abstract_and_a_thousand_papers(tmp_path: Path) -> None:
    """The whole MkDocs build at 1,000 papers in one file plus one 1 MB abstract (timing reported)."""
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=NASTY / "survey.yml")
    topics = ["data filtering", "mixture of experts", "quantization", "pruning", "routing", "hostile text"]
    parts = [HEADER, "Sep 2\n\n"]
    for i in range(1000):
        first, second = topics[i % 6], topics[(i * 5 + 1) % 6]
        parts.append(f"Synthetic Study {i} Of {first.title()} And {second.title()}\n\nWe study {first} and {second} "
                     f"for model {i} trained on {i % 90 + 1}B tokens, improving MMLU by {i % 17}.{i % 10} points.\n\n"
                     f"  • {i % 9 + 1} authors\n·\nSep {i % 28 + 1}, 2024 {i % 50}\n\n")
    words = "We scale data filtering with a 7B model trained on 2T tokens and report MMLU gains of 3.2 points. "
    huge = (words * (1_000_000 // len(words) + 1))[:1_000_000].rstrip() + "."
    parts.append(f"A Paper With A One Megabyte Abstract\n\n{huge}\n")
    (project / "seeds" / "many.txt").write_text("".join(parts), encoding="utf-8")
    start = time.perf_counter()
    result = mkdocs_build(project, strict=False)
    elapsed = time.perf_counter() - start
    print(f"full build of 1,005 papers with a 1 MB abstract: {elapsed:.1f} s")
    assert result.returncode == 0, result.stderr[-4000:]
    exported = json.loads((project / "site" / "data" / "papers.json").read_text(encoding="utf-8"))
    assert len(exported) == 1005  # the mini corpus's four papers, 1,000 and the big one
    big = next(p for p in exported if p["title"] == "A Paper With A One Megabyte Abstract")
    assert len(big["abstract"]) == len(huge)
    page = scan((project / "site" / big["url"] / "index.html").read_text(encoding="utf-8"))
    assert huge[-200:] in "".join(page.text)
    assert elapsed < 180
