"""MkDocs hook: run the pipeline inside every ``mkdocs build`` and ``mkdocs serve``.

``on_files`` builds the survey from ``seeds/`` and the taxonomy and adds each page and export
as a virtual file (``File.generated``), so nothing is written into ``docs/`` and ``serve``
rebuilds from the current seeds on every change.  It also sets the navigation: home,
chapters, all papers, tags and the hand-written pages; paper pages stay out of it (a nav with
thousands of pages makes Material's build quadratic).  Input problems are logged as MkDocs
warnings, so ``mkdocs build --strict`` fails on them while a plain build still succeeds.
Later events put the HTML bodies of paper and listing pages in place (``on_page_content``),
let paper pages share one rendering of Material's navigation (``on_page_context`` and
``on_post_page``, see ``chrome.py``) and index the finished site with Pagefind
(``on_post_build``, see ``search.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.build import SEEDS_DIR, TAXONOMY_FILE, TEMPLATES_DIR, Result, build, read_inputs
from generator.chrome import SharedChrome, capture
from generator.problems import InputError, summarize
from generator.sanitize import sanitize_html
from generator.search import SearchIndexError, index_site, mark_indexed
from generator.taxonomy import parse_taxonomy

log = logging.getLogger("mkdocs.hooks.survey_atlas")
# Finished HTML bodies of the pages built without Markdown (see ``render.Page.html``), by
# src_uri.  Hooks are modules, so this is the hook's state between ``on_files`` and
# ``on_page_content`` of one build, the way a plugin keeps it on ``self``; each body is handed
# over once and dropped, so it is not held twice while MkDocs keeps every page's content.
_html_bodies: dict[str, str] = {}
# Paper pages (src_uri), which share one rendering of Material's tabs and sidebars, and that
# rendering once the first paper page has been captured (generator/chrome.py).  Reset by on_files.
_paper_pages: set[str] = set()
_shared_chrome: list[SharedChrome] = []
# Pages Pagefind indexes, by src_uri: those Material's search would have indexed.  Each page's
# entry is set in on_page_context before on_post_page reads it, so entries left from an earlier
# build (mkdocs serve) for pages that are gone are never read.
_searchable: set[str] = set()
# The HTML files (relative to the site) marked for Pagefind in this build, so that indexing
# need not read every page back to find them; reset by on_files.  A dirty build (mkdocs serve
# --dirty) writes only changed pages, so it lets search.py find the marked files on disk.
_marked_files: list[str] = []
_dirty_builds: list[bool] = []
HAND_WRITTEN = ("about.md", "performance.md")
GENERATED_ABOUT = ("report.md",)


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config: MkDocsConfig) -> None:
    """Refuse an unusable taxonomy before MkDocs empties the site directory."""
    root = project_root(config)
    with _reported_input_errors():
        parse_taxonomy(TAXONOMY_FILE, (root / TAXONOMY_FILE).read_text(encoding="utf-8"))


def on_startup(command: str, dirty: bool) -> None:
    _dirty_builds[:] = [dirty]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    with _reported_input_errors():
        result = build(read_inputs(project_root(config), site_url=config.site_url))
    report(result)
    _html_bodies.clear()
    _html_bodies.update((page.src_uri, page.html) for page in result.pages if page.html is not None)
    _paper_pages.clear()
    _paper_pages.update(f"papers/{paper.slug}.md" for paper in result.survey.papers)
    _shared_chrome.clear()
    _marked_files.clear()
    for page in result.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"Survey Atlas: docs/{page.src_uri} would hide a generated page; rename it")
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
    config.nav = navigation(result, files)
    return files


@contextmanager
def _reported_input_errors() -> Iterator[None]:
    try:
        yield
    except InputError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"Survey Atlas: {summarize(error.problems)}; nothing was built") from None


def report(result: Result) -> None:
    """Log input problems (warnings fail a strict build) and the papers left in Other."""
    for problem in result.problems:
        log.warning(str(problem))
    if result.problems:
        log.warning(f"Survey Atlas: {summarize(result.problems)}")
    papers = result.survey.papers
    unplaced = result.unplaced
    log.info(f"Survey Atlas: {len(papers)} papers, {len(unplaced)} in Other "
             f"({100 * len(unplaced) / max(len(papers), 1):.1f}%)")
    for paper in unplaced:
        log.info(f"  Other: {paper.title} [{paper.slug}]")


def navigation(result: Result, files: Files) -> list[Any]:
    counts = result.survey.chapter_counts
    chapters = [f"chapters/{c.id}.md" for c in result.survey.chapters if counts[c.id]]
    about = [name for name in HAND_WRITTEN if files.get_file_from_path(name) is not None]
    about += list(GENERATED_ABOUT)
    nav: list[Any] = [{"Home": "index.md"}, {"Chapters": chapters}, {"All papers": "papers/index.md"},
                      {"What's new": "whats-new.md"}, {"Tags": "tags.md"}]
    nav.append({"About": about})
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put in the finished bodies, and sanitise every page this hook generated (hand-written
    pages are trusted)."""
    if page.file.generated_by is None:
        return html
    return sanitize_html(_html_bodies.pop(page.file.src_uri, html))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when a seed file, the taxonomy, a template, the generator or a theme override changes."""
    root = project_root(config)
    for name in (SEEDS_DIR, TAXONOMY_FILE, TEMPLATES_DIR, "generator", "overrides"):
        if (root / name).exists():
            server.watch(str(root / name))
    return server


# --- Search: Pagefind instead of Material's lunr index (generator/search.py) -------------------

@event_priority(50)  # before Material's search plugin (default priority 0) reads page.meta
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Keep every page out of Material's lunr index and note which ones Pagefind indexes.

    Material's search plugin stays enabled because its header shows the search box only then;
    it skips excluded pages, so search/search_index.json stays empty whatever the corpus size.
    """
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        _searchable.discard(page.file.src_uri)
    else:
        _searchable.add(page.file.src_uri)
    page.meta["search"] = {**search, "exclude": True}
    if page.file.src_uri in _paper_pages:
        if _shared_chrome:
            context["sa_chrome"] = _shared_chrome[0]
        else:
            context["sa_capture"] = True
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Keep the first paper page's tabs and sidebars for the others; mark the content of a
    searchable page for Pagefind (other pages are left out of its index)."""
    if page.file.src_uri in _paper_pages and not _shared_chrome:
        try:
            output, chrome = capture(output)
        except ValueError as error:
            raise PluginError(f"Survey Atlas: overrides/main.html: {error}") from None
        _shared_chrome.append(chrome)
    if page.file.src_uri not in _searchable:
        return output
    try:
        marked = mark_indexed(output)
    except SearchIndexError as error:
        log.warning(f"Survey Atlas: {page.file.src_uri}: {error}")
        return output
    _marked_files.append(page.file.dest_uri)
    return marked


def on_post_build(config: MkDocsConfig) -> None:
    """Index the finished site with Pagefind into site/pagefind/."""
    marked = None if any(_dirty_builds) else sorted(_marked_files)
    try:
        stats = index_site(Path(config.site_dir), pages=marked)
    except SearchIndexError as error:
        raise PluginError(f"Survey Atlas: search index: {error}") from None
    log.info(f"Survey Atlas: Pagefind indexed {stats.pages} pages in {stats.seconds:.1f} s "
             f"({stats.bytes / 2**20:.1f} MB)")
