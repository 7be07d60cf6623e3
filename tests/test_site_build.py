"""End to end: a strict MkDocs build of the real seeds in a temporary folder."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.sitebuild import copy_project, mkdocs_build


class NavLinks(HTMLParser):
    """The hrefs inside Material's primary navigation (``nav.md-nav--primary``, nested navs included)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # open elements since the primary nav began; 0 when outside it
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth == 0 and tag == "nav" and "md-nav--primary" in (values.get("class") or ""):
            self.depth = 1
        elif self.depth and tag not in VOID:
            self.depth += 1
        if self.depth and tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def primary_nav_links(html: str) -> list[str]:
    parser = NavLinks()
    parser.feed(html)
    return parser.links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = mkdocs_build(project, strict=True)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


@pytest.fixture(scope="module")
def papers(site: Path) -> list[dict]:
    return json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))


def test_every_unique_paper_is_exported_once(papers: list[dict]) -> None:
    slugs = [p["slug"] for p in papers]
    assert len(slugs) == len(set(slugs)) == 275


def test_every_paper_has_a_page_linked_from_its_chapter_and_the_index(site: Path, papers: list[dict]) -> None:
    all_papers = (site / "papers" / "index.html").read_text(encoding="utf-8")
    chapters = {path.parent.name: path.read_text(encoding="utf-8") for path in (site / "chapters").glob("*/index.html")}
    for paper in papers:
        assert (site / paper["url"] / "index.html").is_file(), paper["slug"]
        link = f'href="../../papers/{paper["slug"]}/"'
        assert link in chapters[paper["chapter"]], f"{paper['slug']} not linked from chapter {paper['chapter']}"
        assert f'href="{paper["slug"]}/"' in all_papers


def test_paper_pages_stay_out_of_the_navigation(site: Path, papers: list[dict]) -> None:
    # Material copies the whole navigation into every page; read the home page's primary nav.
    nav = primary_nav_links((site / "index.html").read_text(encoding="utf-8"))
    assert "papers/" in nav and "chapters/training-data/" in nav
    assert not [link for link in nav if any(p["slug"] in link for p in papers)]


def test_export_schema(papers: list[dict]) -> None:
    expected = {"slug", "url", "title", "abstract", "sources", "date", "year", "upvotes", "authors",
                "organization", "chapter", "section", "chapters", "tags", "facts"}
    for paper in papers:
        assert expected <= set(paper)
        assert paper["chapters"][0] == paper["chapter"]
        assert all(set(s) == {"file", "line"} for s in paper["sources"])
        assert paper["date"] is None or re.match(r"^\d{4}-\d{2}-\d{2}$", paper["date"])


def test_other_bucket_is_small(papers: list[dict]) -> None:
    other = [p for p in papers if p["chapter"] == "other"]
    assert len(other) < 0.05 * len(papers)


def test_no_web_fonts_or_cdn_in_the_built_site(site: Path) -> None:
    for page in [site / "index.html", *site.glob("chapters/*/index.html")]:
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html and "unpkg.com" not in html


BIBTEX_ENTRY = re.compile(r"@misc\{[a-z0-9-]+,\n(  [a-z]+ = \{.*\},?\n)+\}\n")


def test_csv_and_bibtex_downloads_parse(site: Path, papers: list[dict]) -> None:
    data = site / "data"
    for table in [data / "papers.csv", *sorted((data / "chapters").glob("*.csv"))]:
        rows = list(csv.reader(table.read_text(encoding="utf-8").splitlines()))
        assert rows and all(len(row) == len(rows[0]) for row in rows), table.name
    assert len(list(csv.reader((data / "papers.csv").read_text(encoding="utf-8").splitlines()))) == len(papers) + 1
    for bibliography in [data / "papers.bib", *sorted((data / "chapters").glob("*.bib"))]:
        text = bibliography.read_text(encoding="utf-8")
        entries = [e + "\n" for e in text.split("\n\n") if e.strip()] if text else []
        for entry in entries:
            assert BIBTEX_ENTRY.fullmatch(entry.rstrip("\n") + "\n"), entry[:200]
            assert entry.count("{") == entry.count("}")
    assert (data / "papers.bib").read_text(encoding="utf-8").count("@misc{") == len(papers)


def chrome_of(html: str) -> str:
    """Material's tabs and sidebars: from the tabs bar to the start of the content column."""
    return html[html.index('<nav class="md-tabs"'):html.index('<div class="md-content"')]


def test_paper_pages_share_materials_own_rendering_of_tabs_and_sidebars(site: Path, papers: list[dict]) -> None:
    pages = [(site / paper["url"] / "index.html").read_text(encoding="utf-8") for paper in papers]
    # The first paper page MkDocs renders is Material's own output; all others reuse it.
    assert len({chrome_of(page) for page in pages}) == 1
    assert 'class="md-sidebar md-sidebar--primary"' in chrome_of(pages[0])
    links = primary_nav_links(pages[0])
    assert "../../chapters/training-data/" in links and "../../report/" in links
    everything = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not [text for text in everything if "<!--sa:" in text or "<!--/sa:" in text]
