"""Seed parsing and duplicate merging."""

from __future__ import annotations

import random
import re
import unicodedata

from generator.corpus import (
    Paragraph,
    decode_seed,
    merge_entries,
    normalize_title,
    parse_date,
    parse_seed,
    split_paragraphs,
)
from generator.model import PaperDate, Source

HEADER = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          "byAK and the research community\n\n")
ABSTRACT = "We study a thing at length. " * 10


def test_plain_layout_reads_title_and_abstract_pairs() -> None:
    text = HEADER + f"Sep 2\n\nFirst Title\n\n{ABSTRACT}\n\nSecond Title\n\n{ABSTRACT}x\n"
    page, problems = parse_seed("a.txt", text)
    assert problems == []
    assert page.page_date == PaperDate(9, 2, None)
    assert [e.title for e in page.entries] == ["First Title", "Second Title"]
    assert page.entries[0].source == Source("a.txt", 13)
    assert page.entries[1].abstract.endswith("x")


def test_metadata_block_with_authors_date_and_upvotes() -> None:
    text = HEADER + f"Dec 9\n\nTitle\n\n{ABSTRACT}\n\n  • 6 authors\n·\nSep 28, 2023 3\n"
    page, problems = parse_seed("a.txt", text)
    entry = page.entries[0]
    assert problems == []
    assert (entry.authors, entry.date, entry.upvotes) == (6, PaperDate(9, 28, 2023), 3)


def test_organisation_line_and_date_without_year() -> None:
    text = HEADER + f"Dec 9\n\nTitle\n\n{ABSTRACT}\n\nontocord Ontocord.AI\n·\nSep 29 3\n"
    entry = parse_seed("a.txt", text)[0].entries[0]
    assert entry.organization == "Ontocord.AI"
    assert entry.date == PaperDate(9, 29, None)
    assert entry.date.iso is None and entry.date.display == "Sep 29"
    assert entry.upvotes == 3


def test_page_year_fills_dates_without_year() -> None:
    text = HEADER + f"Dec 9\n\nTitle\n\n{ABSTRACT}\n\n  • 2 authors\n·\nJan 10\n"
    entry = parse_seed("a.txt", text, page_year=2025)[0].entries[0]
    assert entry.date is not None and entry.date.iso == "2025-01-10"


def test_impossible_date_is_reported_not_guessed() -> None:
    text = HEADER + f"Dec 9\n\nTitle\n\n{ABSTRACT}\n\n  • 2 authors\n·\nFeb 30, 2023\n"
    page, problems = parse_seed("a.txt", text, path="seeds/a.txt")
    assert page.entries[0].date is None
    assert [str(p) for p in problems] == ["seeds/a.txt:19: impossible date 'Feb 30, 2023'; date left unknown"]


def test_parse_date_rules() -> None:
    assert parse_date("Feb 29, 2024") == (PaperDate(2, 29, 2024), None)
    assert parse_date("Feb 29, 2023") is None
    assert parse_date("Foo 3") is None
    assert parse_date("Jul 9, 2024 12") == (PaperDate(7, 9, 2024), 12)


def test_title_without_abstract_is_reported_and_the_rest_kept() -> None:
    text = HEADER + f"Sep 2\n\nOrphan Title\n\nReal Title\n\n{ABSTRACT}\n\nLast Title\n"
    page, problems = parse_seed("a.txt", text, path="seeds/a.txt")
    assert [e.title for e in page.entries] == ["Real Title"]
    assert [p.line for p in problems] == [13, 19]
    assert all("has no abstract" in p.message for p in problems)


def test_metadata_with_no_paper_is_reported() -> None:
    text = HEADER + f"Sep 2\n\n·\nSep 3\n\nTitle\n\n{ABSTRACT}\n"
    page, problems = parse_seed("a.txt", text, path="seeds/a.txt")
    assert len(page.entries) == 1
    assert [str(p) for p in problems] == ["seeds/a.txt:13: metadata with no paper before it; ignored"]


def test_crlf_lone_cr_bom_and_trailing_whitespace() -> None:
    text = "\ufeff" + (HEADER + f"Sep 2\n\nTitle \t\n\n{ABSTRACT}  \n").replace("\n", "\r\n")
    page, problems = parse_seed("a.txt", text)
    assert problems == [] and page.entries[0].title == "Title"
    page_cr, _ = parse_seed("a.txt", text.replace("\r\n", "\r"))
    assert page_cr.entries == page.entries


def test_decode_reports_bad_bytes_with_position_and_keeps_the_rest() -> None:
    text, problems = decode_seed("seeds/x.txt", b"ok line\nbad \xff here\nend")
    assert text == "ok line\nbad \ufffd here\nend"
    assert [str(p) for p in problems] == [
        "seeds/x.txt:2: not valid UTF-8: 1 invalid byte sequence (0xff at line 2 column 5) replaced by U+FFFD; "
        "save the file as UTF-8"]


def test_utf16_and_utf32_files_with_a_byte_order_mark_are_decoded() -> None:
    for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        data = ("\ufeff" if codec[-2:] in ("le", "be") else "") + "Caf\u00e9 title\nAn abstract."
        text, problems = decode_seed("seeds/x.txt", data.encode(codec))
        assert (text, problems) == ("Caf\u00e9 title\nAn abstract.", []), codec


def test_a_file_with_a_wide_byte_order_mark_that_is_not_that_encoding_is_refused_in_one_line() -> None:
    text, problems = decode_seed("seeds/x.txt", b"\xff\xfeab\x00")
    assert text is None and [str(p) for p in problems] == [
        "seeds/x.txt:1: starts with a UTF-16 byte-order mark but is not valid UTF-16 (byte 4); skipped: "
        "save the file as UTF-8"]


def test_decode_refuses_binary() -> None:
    text, problems = decode_seed("seeds/x.txt", b"PK\x03\x04\x00\x00")
    assert text is None and problems[0].severity == "error"


def test_empty_and_header_only_files_report_no_papers() -> None:
    for text in ("", HEADER):
        page, problems = parse_seed("e.txt", text)
        assert page.entries == ()
        assert [p.message for p in problems] == ["no papers found: is this a Daily Papers listing?"]


def test_merge_keeps_every_source_and_richest_metadata() -> None:
    first = parse_seed("a.txt", HEADER + f"Sep 2\n\nSame  Title\n\n{ABSTRACT}\n")[0].entries
    meta = "  • 3 authors\n·\nMar 1, 2024 7\n"
    second = parse_seed("b.txt", HEADER + f"Sep 2\n\nsame title\n\n{ABSTRACT}\n\n{meta}")[0].entries
    papers, problems = merge_entries(second + first)
    assert problems == []
    (paper,) = papers
    assert paper.title == "Same Title"  # the first file's spelling, spaces collapsed
    assert paper.sources == (Source("a.txt", 13), Source("b.txt", 13))
    assert (paper.authors, paper.upvotes, paper.date) == (3, 7, PaperDate(3, 1, 2024))


def test_same_title_different_abstract_warns_and_keeps_longest() -> None:
    a = parse_seed("a.txt", HEADER + f"Sep 2\n\nT\n\n{ABSTRACT}\n")[0].entries
    b = parse_seed("b.txt", HEADER + f"Sep 2\n\nT\n\n{ABSTRACT} More.\n")[0].entries
    papers, problems = merge_entries(a + b)
    assert papers[0].abstract.endswith("More.")
    assert [str(p) for p in problems] == ["b.txt:13: same title as a.txt:13 but a different abstract; kept the longest"]


def test_normalize_title() -> None:
    assert normalize_title("  Attention   Is ALL\tyou need ") == "attention is all you need"


def reference_paragraphs(text: str) -> list[Paragraph]:
    """Line by line, character by character: how paragraphs were first split."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        kept = re.sub("[\ufffe\uffff\ud800-\udfff]", "", raw.replace("\ufeff", ""))
        line = "".join(ch for ch in kept if ch == "\t" or unicodedata.category(ch) != "Cc").strip()
        if line:
            start = start if current else number
            current.append(" ".join(line.split()))
        elif current:
            paragraphs.append(Paragraph(start, tuple(current)))
            current = []
    return paragraphs + ([Paragraph(start, tuple(current))] if current else [])


def test_paragraph_splitting_drops_exactly_the_noise_characters() -> None:
    noise = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc") + "\ufeff\ufffe\uffff"
    pieces = ["Title", " ", "\t", "\n", "\r", "\r\n", "\u2028", "\u00a0", "\x85", "x", "\ud800", noise]
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert split_paragraphs(text) == reference_paragraphs(text), repr(text)
