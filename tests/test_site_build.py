"""End to end: a strict MkDocs build of the real seeds in a temporary folder."""

from __future__ import annotations

import csv
import html as htmllib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pybtex.database
import pytest

from generator.urls import tag_id
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


# As the Pages workflow builds it: SITE_URL set to a project page's address (see pages.yml).
SITE_URL = "https://example.org/survey-atlas/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = mkdocs_build(project, strict=True, env={"SITE_URL": SITE_URL})
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


BIBTEX_ENTRY = re.compile(r"@misc\{[a-z][a-z0-9]*,\n(  [a-zA-Z]+ = \{.*\},?\n)+\}\n")


def test_csv_and_bibtex_downloads_parse(site: Path, papers: list[dict]) -> None:
    data = site / "data"
    for table in [data / "papers.csv", *sorted((data / "chapters").glob("*.csv")),
                  *sorted((data / "tags").glob("*.csv"))]:
        rows = list(csv.reader(table.read_text(encoding="utf-8").splitlines()))
        assert rows and all(len(row) == len(rows[0]) for row in rows), table.name
    assert len(list(csv.reader((data / "papers.csv").read_text(encoding="utf-8").splitlines()))) == len(papers) + 1
    for bibliography in [data / "papers.bib", *sorted((data / "chapters").glob("*.bib")),
                         *sorted((data / "tags").glob("*.bib"))]:
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


# --- follow and cite: feeds, scoped downloads, BibTeX, findable pages --------------------------


def scopes(papers: list[dict]) -> dict[str, set[str]]:
    """Each chapter's and tag's papers, by the name its feed and downloads are given, from papers.json."""
    members: dict[str, set[str]] = {}
    for paper in papers:
        members.setdefault(f"chapters/{paper['chapter']}", set()).add(paper["slug"])
        for tag in paper["tags"]:
            members.setdefault(f"tags/{tag_id(tag)}", set()).add(paper["slug"])
    return members


def feed_file(name: str) -> str:
    """The feed of a scope ("chapters/x" or "tags/y"), at the site's root."""
    kind, _, ident = name.partition("/")
    return f"feed-{kind.rstrip('s')}-{ident}.xml"


def test_every_feed_parses_and_holds_exactly_its_papers(site: Path, papers: list[dict]) -> None:
    expected = {feed_file(name): slugs for name, slugs in scopes(papers).items()}
    expected["feed.xml"] = {p["slug"] for p in papers}
    found = {str(path.relative_to(site)) for path in [site / "feed.xml", *site.glob("feed-*.xml")]}
    assert found == set(expected)
    for name, slugs in expected.items():
        feed = feedparser.parse((site / name).read_text(encoding="utf-8"))
        assert not feed.bozo and feed.version == "atom10", (name, feed.get("bozo_exception"))
        links = [entry.link for entry in feed.entries]
        assert all(link.startswith(SITE_URL + "papers/") for link in links), name
        assert {link.removeprefix(SITE_URL + "papers/").rstrip("/") for link in links} == slugs, name
        assert len(links) == len(slugs)
        assert all(entry.summary and entry.updated for entry in feed.entries)


def test_tag_downloads_hold_exactly_the_tags_papers(site: Path, papers: list[dict]) -> None:
    tags = {name: slugs for name, slugs in scopes(papers).items() if name.startswith("tags/")}
    assert tags
    for name, slugs in tags.items():
        data = site / "data" / name
        rows = list(csv.DictReader(data.with_suffix(".csv").read_text(encoding="utf-8").splitlines()))
        assert {row["slug"] for row in rows} == slugs and len(rows) == len(slugs), name
        records = json.loads(data.with_suffix(".json").read_text(encoding="utf-8"))
        assert [r["slug"] for r in records] == sorted(slugs), name
        assert len(pybtex.database.parse_file(str(data.with_suffix(".bib"))).entries) == len(slugs), name
        page = (site / name / "index.html").read_text(encoding="utf-8")
        for ext in ("csv", "bib", "json"):
            assert f'href="../../data/{name}.{ext}"' in page, (name, ext)


def test_every_bibtex_export_parses_with_short_keys_and_page_urls(site: Path, papers: list[dict]) -> None:
    whole = pybtex.database.parse_file(str(site / "data" / "papers.bib"))
    assert len(whole.entries) == len(papers)
    assert all(re.fullmatch(r"[a-z][a-z0-9]{0,29}", key) for key in whole.entries)
    assert {entry.fields["url"] for entry in whole.entries.values()} == {SITE_URL + p["url"] for p in papers}
    assert all("huggingface.co/papers?q=" in entry.fields["note"] for entry in whole.entries.values())
    for path in sorted((site / "data").rglob("*.bib")):
        parsed = pybtex.database.parse_file(str(path))
        assert all(whole.entries[key].fields == entry.fields for key, entry in parsed.entries.items()), path


def feed_links(html: str) -> list[str]:
    head = html[:html.index("</head>")]
    return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', head)


def test_chapter_and_tag_pages_advertise_and_link_their_feed(site: Path, papers: list[dict]) -> None:
    for name in scopes(papers):
        html = (site / name / "index.html").read_text(encoding="utf-8")
        feed = f"../../{feed_file(name)}"
        assert feed_links(html) == [feed, "../../feed.xml"], name
        assert f'<a class="sa-feed" href="{feed}"' in html, name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert feed_links(home) == ["feed.xml"] and '<a class="sa-feed" href="feed.xml"' in home


def meta(html: str, attribute: str, name: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    assert found, name
    return htmllib.unescape(found.group(1))


def test_paper_pages_have_their_own_description_and_open_graph_tags(site: Path, papers: list[dict]) -> None:
    descriptions = set()
    for paper in papers:
        html = (site / paper["url"] / "index.html").read_text(encoding="utf-8")
        description = meta(html, "name", "description")
        summary = paper["facts"]["summary"]
        source = summary["text"] if summary else paper["abstract"]
        assert description.removesuffix("…") in " ".join(source.split()), paper["slug"]
        assert 20 < len(description) <= 300
        assert meta(html, "property", "og:description") == description
        assert meta(html, "property", "og:title") == paper["title"]
        assert meta(html, "property", "og:url") == SITE_URL + paper["url"]
        descriptions.add(description)
    assert len(descriptions) == len(papers)


def test_sitemap_lists_every_paper_page(site: Path, papers: list[dict]) -> None:
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locations = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {SITE_URL + p["url"] for p in papers} <= locations
    assert SITE_URL in locations and SITE_URL + "chapters/training-data/" in locations
