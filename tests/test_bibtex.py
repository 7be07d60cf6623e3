"""Citable BibTeX: short, stable, unique keys; url, note and eprint; specials escaped so that a
BibTeX parser (pybtex) reads every entry back."""

from __future__ import annotations

import hashlib
import random
import re

import pybtex.database
import pytest

from generator import bibtex
from generator.exports import export_files
from generator.model import Paper, PaperDate, Source
from tests.golden import render_mini

SITE = "https://example.org/survey/"


def paper(title: str, year: int | None = 2024, abstract: str = "An abstract.", slug: str | None = None) -> Paper:
    digest = hashlib.sha1(title.encode()).hexdigest()[:8]
    return Paper(slug=slug or f"{'-'.join(bibtex.title_words(title))[:40] or 'paper'}-{digest}", title=title,
                 abstract=abstract, sources=(Source("a.txt", 1),), date=PaperDate(1, 2, year))


def parse(text: str) -> pybtex.database.BibliographyData:
    return pybtex.database.parse_string(text, "bibtex")


def test_key_is_the_first_significant_title_word_and_the_year() -> None:
    papers = [paper("Scaling Laws for Neural Language Models", 2020), paper("The Pile: An 800GB Dataset", 2021),
              paper("Über-Große Modelle", 2023), paper("7B Models Are Enough", None), paper("日本語", 2022)]
    assert list(bibtex.citation_keys(papers).values()) == ["scaling2020", "pile2021", "uber2023", "p7b", "paper2022"]


def test_colliding_keys_all_get_their_slug_hash_and_do_not_depend_on_order() -> None:
    papers = [paper("Scaling Laws A", 2020, slug="scaling-laws-a-1234abcd"),
              paper("Scaling Data B", 2020, slug="scaling-data-b-9876fedc"),
              paper("Scaling Up C", 2021, slug="scaling-up-c-55555555")]
    keys = bibtex.citation_keys(papers)
    assert keys == {"scaling-laws-a-1234abcd": "scaling20201234", "scaling-data-b-9876fedc": "scaling20209876",
                    "scaling-up-c-55555555": "scaling2021"}
    shuffled = papers[:]
    random.Random(1).shuffle(shuffled)
    assert bibtex.citation_keys(shuffled) == keys


def test_hash_prefixes_that_collide_are_lengthened() -> None:
    papers = [paper("Scaling A", 2020, slug="scaling-a-1234abcd"), paper("Scaling B", 2020, slug="scaling-b-1234ffff")]
    assert sorted(bibtex.citation_keys(papers).values()) == ["scaling20201234ab", "scaling20201234ff"]


def test_entry_has_url_note_and_eprint() -> None:
    item = paper("Attention Is All You Need", 2017, abstract="See arXiv:1706.03762v5 for details.")
    text = bibtex.entry(item, "attention2017", SITE)
    fields = parse(text).entries["attention2017"].fields
    assert fields["url"] == f"{SITE}papers/{item.slug}/"
    assert fields["eprint"] == "1706.03762" and fields["archivePrefix"] == "arXiv"
    assert fields["note"] == r"Hugging Face Papers: \url{https://huggingface.co/papers?q=attention+is+all+you+need}"
    assert fields["year"] == "2017"


@pytest.mark.parametrize(("text", "expected"), [
    ("code at https://arxiv.org/abs/2401.01234", "2401.01234"),
    ("pdf: arxiv.org/pdf/2312.00752v2.pdf", "2312.00752"),
    ("ArXiv: hep-th/9901001", "hep-th/9901001"),
    ("we beat 2401.01234 baselines", None),
    ("ArXiv papers are many", None),
])
def test_arxiv_ids_are_read_only_where_the_text_names_arxiv(text: str, expected: str | None) -> None:
    assert bibtex.arxiv_id(paper("A Title", abstract=text)) == expected


def test_no_url_without_a_site_address_or_with_one_bibtex_would_misread() -> None:
    item = paper("A Title")
    assert "url =" not in bibtex.entry(item, "k", None)
    assert "url =" not in bibtex.entry(item, "k", "https://example.org/100%25/")
    assert "  url = {https://example.org/a_b~c/papers/" in bibtex.entry(item, "k", "https://example.org/a_b~c/")


def test_special_characters_are_escaped_and_parse_back() -> None:
    title = r"Braces { unbalanced, 50% & $x_1$ #1 ~ ^ \cmd } } {"
    item = paper(title, 2024)
    text = bibtex.entry(item, "braces2024", SITE)
    assert text.count("{") == text.count("}")
    fields = parse(text).entries["braces2024"].fields
    assert fields["title"] == (r"{Braces \textbraceleft{} unbalanced, 50\% \& \$x\_1\$ \#1 \textasciitilde{} "
                               r"\textasciicircum{} \textbackslash{}cmd \textbraceright{} \textbraceright{} "
                               r"\textbraceleft{}}")


def test_mini_exports_parse_with_unique_short_keys() -> None:
    result = render_mini()
    survey = result.survey
    files = {page.src_uri: page.content for page in export_files(survey, SITE)}
    whole = parse(files["data/papers.bib"])
    assert len(whole.entries) == len(survey.papers)
    assert all(re.fullmatch(r"[a-z][a-z0-9]{0,29}", key) for key in whole.entries)
    for name, text in files.items():
        if name.endswith(".bib"):
            parsed = parse(text)
            assert set(parsed.entries) <= set(whole.entries), name
