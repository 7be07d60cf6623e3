"""Tests of the Pagefind search index (``generator/search.py`` and the hook's search events).

Unit level: the hook marks only Material's article element; Pagefind, run on a hand-made page,
indexes the marked article's title and abstract but none of the parts the site excludes
(elements marked ``data-search-exclude``, Material's tag list, permalink anchors, the header)
and no unmarked page, and Pagefind's unused ready-made interfaces are removed; two runs give
byte-identical output; a Pagefind failure raises with its message. End to end: a MkDocs build of
the mini corpus indexes each paper page as exactly its title and abstract (so a template that
forgets to exclude its facts panel fails here), leaves out the pages whose front matter excludes
them and the 404 page, and leaves Material's own lunr index empty.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from generator import search
from generator.search import ARTICLE, MARKED_ARTICLE, SearchIndexError, index_site, mark_indexed, read_fragments
from tests.sitebuild import ROOT, copy_project, mkdocs_build

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
    """A marked paper page and an unmarked page (like Material's 404), as the hook leaves them."""
    (root / "papers" / "frugal").mkdir(parents=True)
    paper = PAGE.format(title=TITLE, abstract=ABSTRACT, article=ARTICLE)
    (root / "papers" / "frugal" / "index.html").write_text(mark_indexed(paper), encoding="utf-8")
    missing = PAGE.format(title="404 - Not found", abstract="Nothing here.", article=ARTICLE)
    (root / "404.html").write_text(missing, encoding="utf-8")
    return root


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
    assert (site / search.OUTPUT_SUBDIR / "pagefind.js").is_file()
    assert not [name for name in search.UNUSED_FILES if (site / search.OUTPUT_SUBDIR / name).exists()]


def test_pagefind_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first = write_site(tmp_path / "first")
    index_site(first)
    second = tmp_path / "second"
    shutil.copytree(first, second)
    index_site(second)  # replaces the copied index
    assert output_files(first) == output_files(second)
    assert any(name.startswith("fragment/") for name in output_files(first))


def test_pagefind_failure_raises_with_its_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing = [sys.executable, "-c", "import sys; sys.stderr.write('no such site: boom'); sys.exit(3)"]
    monkeypatch.setattr(search, "pagefind_command", lambda site: failing)
    with pytest.raises(SearchIndexError, match=r"exit 3\):\nno such site: boom"):
        index_site(write_site(tmp_path / "site"))


def test_index_site_replaces_a_stale_index(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    stale = site / search.OUTPUT_SUBDIR / "fragment" / "en_stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left from an earlier build")
    index_site(site)
    assert not stale.exists()


# --- a real build ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("search") / "project", seeds=MINI / "seeds",
                           taxonomy=MINI / "survey.yml")
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Pagefind indexed" in result.stderr
    return project / "site"


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
    entry = json.loads((mini_site / search.OUTPUT_SUBDIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(urls)


def test_materials_lunr_index_is_left_empty(mini_site: Path) -> None:
    index = json.loads((mini_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    html = (mini_site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in html, "Material's bundle fetches search_index.json when a form is named search"
    assert "data-sa-search" in html and "assets/search.js" in html
