"""Tests of the Pagefind search index (``generator/search.py`` and the plugin's search events).

Unit level: the plugin marks only Material's article element; Pagefind, run on a hand-made page,
indexes the marked article's title and abstract but none of the parts the site excludes
(elements marked ``data-search-exclude``, Material's tag list, permalink anchors, the header)
and no unmarked page, into one bundle listed in the manifest, and Pagefind's unused ready-made
interfaces are removed; two runs give byte-identical output; a Pagefind failure or timeout
raises with its message.  Batches: they are even, in path order and never over the size; the
pages to index follow Pagefind's data-pagefind-body rule over the whole site, not per batch; a
site indexed in several bundles holds every page exactly as a single bundle would, leaves the
site's files and no batch folder behind, is byte-identical across runs, and each run reports
its pages, CPU seconds and peak memory.  Indexing while MkDocs writes: each batch goes to
Pagefind when the next batch's first page comes, unmarked pages are left out, the bundles equal
those of indexing the same batches afterwards, and an abandoned build stops its Pagefind.
End to end: a MkDocs build of the mini corpus indexes
each paper page as exactly its title and abstract (so a template that forgets to exclude its
facts panel fails here), in one bundle, leaves out the pages whose front matter excludes them
and the 404 page, and leaves Material's own lunr index empty.  Facets: each paper page carries
exactly its chapter, kind, modality, code, year and tags as Pagefind filters and its chapter
and kind as result metadata (hostile values too, as text), and the manifest names the filters.
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import search
from generator.render.facets import SEARCH_FACETS
from generator.search import (
    ARTICLE,
    MARKED_ARTICLE,
    IndexCancelled,
    IndexWhileWriting,
    SearchIndexError,
    batches,
    bundles,
    index_site,
    mark_indexed,
    pages_to_index,
)
from tests.references import read_fragments
from tests.sitebuild import ROOT, build_mini_site

MINI = ROOT / "tests" / "fixtures" / "mini"
TITLE = "Sparse Routing For Frugal Experts"
ABSTRACT = "We route each token to two experts and halve the training cost of a mixture model."
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - Site</title></head>
<body><header><div class="md-header__topic">Headerword Site</div></header>
{article}
<nav class="md-tags"><a class="md-tag" href="#">tagword</a></nav>
<h1>{title}</h1>
<nav class="sa-crumbs" data-search-exclude="">Crumbword chapter</nav>
<div class="sa-abstract"><h2 data-search-exclude="">Abstract</h2><p>{abstract}</p></div>
<div class="sa-panel" data-search-exclude="">
<h2 id="facts" data-search-exclude="">Facts<a class="headerlink" href="#facts">¶</a></h2>
<dl class="sa-facts"><dt>Params</dt><dd>factword 7B</dd></dl></div>
</article>
<footer>Footerword</footer></body></html>
"""


def write_site(root: Path) -> Path:
    """A marked paper page and an unmarked page (like Material's 404), as the plugin leaves them."""
    (root / "papers" / "frugal").mkdir(parents=True)
    paper = PAGE.format(title=TITLE, abstract=ABSTRACT, article=ARTICLE)
    (root / "papers" / "frugal" / "index.html").write_text(mark_indexed(paper), encoding="utf-8")
    missing = PAGE.format(title="404 - Not found", abstract="Nothing here.", article=ARTICLE)
    (root / "404.html").write_text(missing, encoding="utf-8")
    return root


def write_papers(root: Path, count: int) -> list[str]:
    """``count`` marked paper pages with distinct titles and a shared word; their URLs."""
    urls = []
    for number in range(count):
        folder = root / "papers" / f"paper-{number:02d}"
        folder.mkdir(parents=True)
        title = f"Frugal Experts Volume {number}"
        abstract = f"Sharedword study number {number} of routing tokens to experts."
        page = PAGE.format(title=title, abstract=abstract, article=ARTICLE)
        (folder / "index.html").write_text(mark_indexed(page), encoding="utf-8")
        urls.append(f"/papers/paper-{number:02d}/")
    return urls


def output_files(site: Path) -> dict[str, bytes]:
    output = site / search.OUTPUT_SUBDIR
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


# --- unit level ------------------------------------------------------------------------------


def test_mark_indexed_marks_materials_article_once() -> None:
    html = f"<body>{ARTICLE}<h1>T</h1></article><p>{ARTICLE}</p></body>"
    marked = mark_indexed(html)
    assert marked.count(MARKED_ARTICLE) == 1
    assert marked.startswith(f"<body>{MARKED_ARTICLE}")


def test_mark_indexed_refuses_a_page_without_materials_article() -> None:
    with pytest.raises(SearchIndexError, match="md-content__inner"):
        mark_indexed("<body><article class='other'><h1>T</h1></article></body>")


def test_pagefind_indexes_title_and_abstract_of_the_marked_page_only(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    stats = index_site(site)
    assert stats.pages == 1
    fragments = list(read_fragments(site / search.OUTPUT_SUBDIR))
    assert [f["url"] for f in fragments] == ["/papers/frugal/"]
    assert fragments[0]["meta"]["title"] == TITLE
    assert fragments[0]["content"] == f"{TITLE}. {ABSTRACT}"
    for excluded in ("tagword", "Crumbword", "factword", "Params", "Abstract", "¶", "Headerword", "Footerword"):
        assert excluded not in fragments[0]["content"], excluded
    output = site / search.OUTPUT_SUBDIR
    assert json.loads((output / search.MANIFEST).read_text(encoding="utf-8")) == {"bundles": ["0/"], "filters": []}
    assert (output / "0" / "pagefind.js").is_file()
    assert not [name for name in search.UNUSED_FILES if (output / "0" / name).exists()]


def test_pagefind_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first = write_site(tmp_path / "first")
    index_site(first)
    second = tmp_path / "second"
    shutil.copytree(first, second)
    index_site(second)  # replaces the copied index
    assert output_files(first) == output_files(second)
    assert any(name.startswith("0/fragment/") for name in output_files(first))


def test_pagefind_failure_raises_with_its_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing = [sys.executable, "-c", "import sys; sys.stderr.write('no such site: boom'); sys.exit(3)"]
    monkeypatch.setattr(search, "pagefind_command", lambda site, output: failing)
    with pytest.raises(SearchIndexError, match=r"exit 3\):\nno such site: boom"):
        index_site(write_site(tmp_path / "site"))


def test_pagefind_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hanging = [sys.executable, "-c", "import sys, time; sys.stderr.write('still going'); sys.stderr.flush(); "
               "time.sleep(60)"]
    monkeypatch.setattr(search, "pagefind_command", lambda site, output: hanging)
    monkeypatch.setattr(search, "TIMEOUT_S", 1.5)
    with pytest.raises(SearchIndexError, match=r"did not finish within 1.5 s:\nstill going"):
        index_site(write_site(tmp_path / "site"))


def test_an_abandoned_index_stops_its_pagefind_at_once_and_writes_no_manifest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs serve abandons the previous rebuild's index when the next rebuild starts."""
    hanging = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(search, "pagefind_command", lambda site, output: hanging)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    site = write_site(tmp_path / "site")
    with pytest.raises(IndexCancelled):
        index_site(site, cancel=cancel)
    assert time.monotonic() - started < 10
    assert not (site / search.OUTPUT_SUBDIR / search.MANIFEST).exists()


def test_index_site_replaces_a_stale_index(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    stale = site / search.OUTPUT_SUBDIR / "fragment" / "en_stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left from an earlier build")
    index_site(site)
    assert not stale.exists()


# --- batches ---------------------------------------------------------------------------------


def test_batches_are_even_in_order_and_never_over_the_size() -> None:
    pages = [f"p{number:02d}.html" for number in range(10)]
    assert batches(pages, 4) == [pages[0:3], pages[3:6], pages[6:10]]
    assert batches(pages, 10) == [pages]
    assert batches(pages, 5) == [pages[:5], pages[5:]]
    assert batches([], 4) == []
    for size in range(1, 12):
        split = batches(pages, size)
        assert [page for batch in split for page in batch] == pages
        assert max(map(len, split)) <= size and max(map(len, split)) - min(map(len, split)) <= 1


def test_index_site_indexes_the_pages_it_is_given_without_looking_for_marks(tmp_path: Path) -> None:
    site = tmp_path / "site"
    urls = write_papers(site, 3)
    stats = index_site(site, pages=["papers/paper-02/index.html", "papers/paper-00/index.html"])
    assert stats.pages == 2
    assert sorted(f["url"] for f in read_fragments(site / search.OUTPUT_SUBDIR)) == [urls[0], urls[2]]


def test_pages_to_index_follow_pagefinds_body_rule_for_the_whole_site(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    # Text that only names the attribute marks nothing (in a page, "<" in text is escaped).
    (site / "about.html").write_text("<html><body><p>We use data-pagefind-body.</p>"
                                     "<p>&lt;div data-pagefind-body&gt;</p></body></html>", encoding="utf-8")
    (site / "hand.html").write_text("<html><body><div class='x'\n data-pagefind-body>Hand</div></body></html>",
                                    encoding="utf-8")
    assert pages_to_index(site) == ["hand.html", "papers/frugal/index.html"]
    plain = tmp_path / "plain"
    (plain / "b").mkdir(parents=True)
    (plain / "b" / "index.html").write_text("<html><body>B</body></html>", encoding="utf-8")
    (plain / "a.html").write_text("<html><body>A</body></html>", encoding="utf-8")
    assert pages_to_index(plain) == ["a.html", "b/index.html"]  # nothing marked: Pagefind takes all


def test_a_site_in_several_bundles_holds_every_page_as_one_bundle_would(tmp_path: Path) -> None:
    single = write_site(tmp_path / "single")
    urls = write_papers(single, 5)
    (single / "tags").mkdir()
    (single / "tags" / "index.html").write_text(PAGE.format(title="Tags", abstract="Tagpage.", article=ARTICLE),
                                                encoding="utf-8")  # unmarked, like an excluded page
    batched = tmp_path / "batched"
    shutil.copytree(single, batched)
    before = {p: p.read_bytes() for p in batched.rglob("*.html")}
    index_site(single)
    stats = index_site(batched, batch_pages=2)

    output = batched / search.OUTPUT_SUBDIR
    assert json.loads((output / search.MANIFEST).read_text(encoding="utf-8"))["bundles"] == ["0/", "1/", "2/"]
    assert [run.pages for run in stats.runs] == [2, 2, 2] and stats.pages == 6
    one = {f["url"]: f for f in read_fragments(single / search.OUTPUT_SUBDIR)}
    several = list(read_fragments(output))
    assert sorted(f["url"] for f in several) == sorted(one) == sorted([*urls, "/papers/frugal/"])
    assert all(fragment == one[fragment["url"]] for fragment in several)
    for bundle in bundles(output):
        assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
        assert not [name for name in search.UNUSED_FILES if (bundle / name).exists()]
    assert sorted(p.name for p in output.iterdir()) == ["0", "1", "2", search.MANIFEST]  # no batch folder left
    assert {p: p.read_bytes() for p in batched.rglob("*.html")} == before
    assert all(p.stat().st_nlink == 1 for p in before)  # the batch folders' links are gone with them

    again = tmp_path / "again"
    shutil.copytree(batched, again)
    index_site(again, batch_pages=2)
    assert output_files(again) == output_files(batched)


def test_each_run_reports_its_pages_cpu_seconds_and_peak_memory(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    write_papers(site, 3)
    stats = index_site(site, batch_pages=2)
    assert [run.bundle for run in stats.runs] == ["0", "1"]
    assert sum(run.pages for run in stats.runs) == stats.pages == 4
    for run in stats.runs:
        assert run.cpu_seconds > 0 and run.seconds > 0
        assert 4 * 2**20 < run.peak_rss_bytes < 2**31  # Pagefind's binary, not this process


# --- indexing while MkDocs writes -------------------------------------------------------------


def write_in_order(site: Path, indexing: IndexWhileWriting, pages: list[tuple[str, bool]]) -> list[int]:
    """Announce and then write each page as MkDocs does (on_post_page, then the file); the number
    of batches handed to Pagefind when each page was announced."""
    handed = []
    for name, marked in pages:
        indexing.page(name, marked)
        handed.append(len(indexing.runs))
        html = PAGE.format(title=name, abstract=f"Sharedword page {name}.", article=ARTICLE)
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(mark_indexed(html) if marked else html, encoding="utf-8")
    return handed


def test_batches_are_indexed_as_soon_as_their_pages_are_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    names = [f"papers/p{n}/index.html" for n in range(7)]
    indexing = IndexWhileWriting(site, len(names), batch_pages=3, filters=[("chapter", "Chapter")])
    # Three even batches by position (pages 0-1, 2-3, 4-6); page 3 is an unmarked page.
    handed = write_in_order(site, indexing, [(name, number != 3) for number, name in enumerate(names)])
    assert handed == [0, 0, 1, 1, 2, 2, 2]  # batch k goes to Pagefind when batch k+1's first page comes
    stats = indexing.finish()
    output = site / search.OUTPUT_SUBDIR
    manifest = json.loads((output / search.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {"bundles": ["0/", "1/", "2/"], "filters": [{"name": "chapter", "label": "Chapter"}]}
    assert [run.pages for run in stats.runs] == [2, 1, 3] and stats.pages == 6
    urls = sorted(f["url"] for f in read_fragments(output))
    assert urls == sorted(f"/papers/p{n}/" for n in range(7) if n != 3)
    assert sorted(p.name for p in output.iterdir()) == ["0", "1", "2", search.MANIFEST]


def test_indexing_while_writing_gives_the_bundles_of_indexing_after(tmp_path: Path) -> None:
    names = [f"papers/p{n}/index.html" for n in range(6)]
    streamed = tmp_path / "streamed"
    indexing = IndexWhileWriting(streamed, len(names), batch_pages=3)
    write_in_order(streamed, indexing, [(name, True) for name in names])
    indexing.finish()
    after = tmp_path / "after"
    shutil.copytree(streamed, after, ignore=shutil.ignore_patterns(search.OUTPUT_SUBDIR))
    index_site(after, batch_pages=3)  # the same batches: the pages sorted, split in two
    assert output_files(streamed) == output_files(after)


def test_a_site_of_one_batch_is_indexed_once_its_last_page_is_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    indexing = IndexWhileWriting(site, 3)
    assert write_in_order(site, indexing, [(f"p{n}.html", True) for n in range(3)]) == [0, 0, 0]
    assert indexing.finish().pages == 3


def test_an_abandoned_build_indexes_nothing_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    monkeypatch.setattr(search, "pagefind_command", lambda site, output: [sys.executable, str(hang)])
    indexing = IndexWhileWriting(site, 4, batch_pages=2)
    write_in_order(site, indexing, [(f"p{n}.html", True) for n in range(3)])  # batch 0 is running
    started = time.perf_counter()
    indexing.abandon()
    with pytest.raises(IndexCancelled):
        indexing.runs[0].result()
    assert time.perf_counter() - started < 10
    assert not (site / search.OUTPUT_SUBDIR / search.MANIFEST).exists()


# --- a real build ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, result = build_mini_site(tmp_path_factory.mktemp("search"))
    assert "Pagefind indexed" in result.stderr
    return site


def test_paper_pages_are_indexed_as_exactly_title_and_abstract(mini_site: Path) -> None:
    papers = json.loads((mini_site / "data" / "papers.json").read_text(encoding="utf-8"))
    fragments = {f["url"]: f for f in read_fragments(mini_site / search.OUTPUT_SUBDIR)}
    assert papers
    for paper in papers:
        fragment = fragments["/" + paper["url"]]
        assert fragment["meta"]["title"] == paper["title"]
        # Nothing of the facts panel, related papers, breadcrumb, meta line or tags.
        assert fragment["content"] == " ".join(f"{paper['title']}. {paper['abstract']}".split())


def test_pages_excluded_from_search_and_the_404_page_are_not_indexed(mini_site: Path) -> None:
    urls = {f["url"] for f in read_fragments(mini_site / search.OUTPUT_SUBDIR)}
    assert "/" in urls and "/about/" in urls
    for excluded in ("/papers/", "/tags/", "/whats-new/", "/report/", "/404.html", "/404/"):
        assert excluded not in urls
    assert search.indexed_pages(mini_site / search.OUTPUT_SUBDIR) == len(urls)
    # The plugin hands over the pages it marked; they are the pages found marked on disk.
    on_disk = {"/" + name.removesuffix("index.html") for name in pages_to_index(mini_site)}
    assert urls == on_disk
    assert [bundle.name for bundle in bundles(mini_site / search.OUTPUT_SUBDIR)] == ["0"]


def test_materials_lunr_index_is_left_empty(mini_site: Path) -> None:
    index = json.loads((mini_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    html = (mini_site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in html, "Material's bundle fetches search_index.json when a form is named search"
    assert "data-sa-search" in html and "assets/search.js" in html


# --- facets --------------------------------------------------------------------------------


def test_index_site_names_the_filters_in_the_manifest(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    index_site(site, filters=[("chapter", "Chapter"), ("kind", "Kind")])
    manifest = json.loads((site / search.OUTPUT_SUBDIR / search.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["filters"] == [{"name": "chapter", "label": "Chapter"}, {"name": "kind", "label": "Kind"}]


def test_filter_values_inside_an_excluded_element_are_read_as_text(tmp_path: Path) -> None:
    """Pagefind reads a filter given in an attribute even inside an element it does not index
    (the page's facets sit in one marked data-search-exclude); markup in a value stays text."""
    site = write_site(tmp_path / "site")
    page = site / "papers" / "frugal" / "index.html"
    facets = ('<div hidden data-search-exclude=""><span data-pagefind-filter="tag[data-value]" '
              'data-value="&lt;b&gt;bold&lt;/b&gt;, &amp; co"></span>'
              '<span data-pagefind-meta="kind[data-value]" data-value="method"></span></div>')
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", facets + "</article>"), encoding="utf-8")
    index_site(site)
    (fragment,) = read_fragments(site / search.OUTPUT_SUBDIR)
    assert fragment["filters"] == {"tag": ["<b>bold</b>, & co"]}
    assert fragment["meta"]["kind"] == "method"
    assert "bold" not in fragment["content"]


def test_paper_pages_carry_their_facets_as_filters_and_metadata(mini_site: Path) -> None:
    papers = json.loads((mini_site / "data" / "papers.json").read_text(encoding="utf-8"))
    fragments = {f["url"]: f for f in read_fragments(mini_site / search.OUTPUT_SUBDIR)}
    assert papers
    for paper in papers:
        fragment = fragments["/" + paper["url"]]
        filters, facts = fragment["filters"], paper["facts"]
        chapter_page = fragments.get(f"/chapters/{paper['chapter']}/")
        if chapter_page:  # the chapter page's title is the chapter's
            assert filters["chapter"] == [chapter_page["meta"]["title"]]
        assert len(filters["chapter"]) == 1
        for name in ("kind", "modality"):
            assert filters.get(name) == ([facts[name]["text"]] if facts[name] else None), name
        assert filters["code"] == (["linked"] if facts["code"] else ["not linked"])
        assert filters.get("year") == ([str(paper["year"])] if paper["year"] else None)
        assert sorted(filters.get("tag", [])) == sorted(paper["tags"])
        assert fragment["meta"]["chapter"] == filters["chapter"][0]
        assert fragment["meta"].get("kind") == (facts["kind"]["text"] if facts["kind"] else None)
    manifest = json.loads((mini_site / search.OUTPUT_SUBDIR / search.MANIFEST).read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["filters"]] == [facet.key for facet in SEARCH_FACETS]
