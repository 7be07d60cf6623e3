"""What the MkDocs plugin does at each event of one build, with that build's state.

``SiteBuild`` is made afresh for every build (``plugin.py`` makes it in ``on_config``), so
nothing from one build leaks into the next.  ``on_files`` runs the pipeline from the seeds and
the taxonomy and adds each page and export as a virtual file (``File.generated``), so nothing
is written into ``docs/``; it also sets the navigation from the page-type registry (paper pages
stay out of it: a nav with thousands of pages makes Material's build quadratic).  Input problems
are logged as MkDocs warnings, so ``mkdocs build --strict`` fails on them while a plain build
still succeeds.  Later events put the HTML bodies of paper and listing pages in place
(``on_page_content``), let paper pages share one rendering of Material's navigation
(``on_page_context`` and ``on_post_page``, see ``chrome.py``) and index the site with Pagefind
(``search.py``): under ``mkdocs build`` batch by batch as MkDocs writes the pages (``on_env``
starts it, ``on_post_page`` hands over each page, ``on_post_build`` waits for the last batch),
under ``mkdocs serve`` after the rebuild.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from generator import urls
from generator.build import Result, build, read_inputs
from generator.cache import CACHE_DIR, StageCache, write_cache
from generator.chrome import SharedChrome, capture
from generator.model import Page as GeneratedPage
from generator.problems import LOG_LEVELS, InputError, summarize
from generator.render import navigation
from generator.render.blocks import BlockError, put_back
from generator.render.facets import SEARCH_FACETS
from generator.reuse import KeptPage, KeptPages, LinkedFile, page_key, surroundings_key
from generator.sanitize import sanitize_html
from generator.search import IndexCancelled, IndexStats, IndexWhileWriting, SearchIndexError, index_site, mark_indexed
from generator.taxonomy import parse_taxonomy
from generator.wording import count

log = logging.getLogger("mkdocs.plugins.survey_atlas")
HAND_WRITTEN = ("about.md", "performance.md")


@dataclass(frozen=True)
class Settings:
    """The plugin's settings from ``mkdocs.yml``, with the project folder they are relative to."""

    root: Path
    seeds: str
    taxonomy: str
    search: bool
    dirty: bool = False
    cache: bool = True
    # Under mkdocs serve the site is served while Pagefind indexes it (search catches up after).
    index_in_background: bool = False


@dataclass
class SiteBuild:
    """One build's state, from ``on_files`` to ``on_post_build``."""

    settings: Settings
    # Finished HTML bodies of the pages built without Markdown (see ``model.Page.html``), UTF-8,
    # by src_uri; each is handed over once and dropped, so it is not held twice while MkDocs
    # keeps every page's content.
    html_bodies: dict[str, bytes] = field(default_factory=dict)
    # The finished HTML regions of Markdown pages (render/blocks.py), by src_uri, also dropped
    # once put in place.
    blocks: dict[str, tuple[bytes, ...]] = field(default_factory=dict)
    # Paper pages (src_uri), which share one rendering of Material's tabs and sidebars, and that
    # rendering once the first paper page has been captured (generator/chrome.py).
    paper_pages: set[str] = field(default_factory=set)
    shared_chrome: SharedChrome | None = None
    # Pages Pagefind indexes, by src_uri: those Material's search would have indexed.
    searchable: set[str] = field(default_factory=set)
    # The HTML files (relative to the site) marked for Pagefind, so that indexing need not read
    # every page back to find them.  A dirty build (mkdocs serve --dirty) writes only changed
    # pages, so it lets search.py find the marked files on disk instead.
    marked_files: list[str] = field(default_factory=list)
    # Under mkdocs serve: the paper pages of the previous rebuild (reuse.py), kept by the plugin,
    # and this build's key for each paper page.  None under mkdocs build.
    kept: KeptPages | None = None
    page_keys: dict[str, str] = field(default_factory=dict)
    # Under mkdocs build: Pagefind indexing the pages while MkDocs writes them (set in on_env).
    indexing: IndexWhileWriting | None = None

    def on_pre_build(self) -> None:
        """Refuse an unusable taxonomy before MkDocs empties the site directory."""
        path = self.settings.root / self.settings.taxonomy
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PluginError(f"Survey Atlas: {self.settings.taxonomy}: cannot read it ({error})") from None
        with reported_input_errors():
            parse_taxonomy(self.settings.taxonomy, text)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        settings = self.settings
        with reported_input_errors():
            result = build(read_inputs(settings.root, seeds=settings.seeds, taxonomy=settings.taxonomy,
                                       site_url=config.site_url, cache=settings.cache,
                                       held=self.kept.caches if self.kept is not None else ()))
        report(result)
        if settings.cache:
            save_caches(settings.root / CACHE_DIR, result.caches)
            if self.kept is not None:
                self.kept.caches = result.caches
        self.html_bodies = {page.src_uri: page.encoded_html for page in result.pages if page.encoded_html is not None}
        self.blocks = {page.src_uri: page.encoded_blocks for page in result.pages if page.encoded_blocks}
        self.paper_pages = {urls.src("paper", slug=paper.slug) for paper in result.survey.papers}
        hand_written = [name for name in HAND_WRITTEN if files.get_file_from_path(name) is not None]
        config.nav = nav = navigation(result.survey, hand_written)
        if self.kept is not None:
            # Forget the pages no longer in the site (a paper gone, a tag gone).
            self.kept.only({page.src_uri for page in result.pages if is_page(page)})
        surroundings = self.surroundings(config, nav, result, [files.get_file_from_path(n) for n in hand_written])
        reused = 0
        for page in result.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"Survey Atlas: docs/{page.src_uri} would hide a generated page; rename it")
            file = File.generated(config, page.src_uri, content=page.encoded, inclusion=inclusion)
            kept = self.unchanged_page(page, surroundings)
            if kept is not None and self.kept is not None:
                # The previous rebuild's output, linked as a static file: no Markdown, no theme.
                file = LinkedFile.generated(config, file.dest_uri, abs_src_path=str(self.kept.html_file(kept)))
                self.html_bodies.pop(page.src_uri, None)
                self.blocks.pop(page.src_uri, None)
                self.marked_files += [file.dest_uri] if kept.marked else []
                reused += 1
            files.append(file)
        if self.kept is not None:
            log.info(f"Survey Atlas: {count(reused, 'unchanged page')} copied from the previous rebuild")
        return files

    def surroundings(self, config: MkDocsConfig, nav: list[dict[str, str | list[str]]], result: Result,
                     hand_written: list[File | None]) -> str:
        """What every page shares (reuse.py): ``mkdocs.yml``, the theme, the navigation and the
        titles it shows.  An entry of the navigation names its page, or lists pages that MkDocs
        names by their own titles: a generated page's from its front matter, a hand-written
        page's from its source (all of which is taken).  Only needed under mkdocs serve."""
        if self.kept is None:
            return ""
        listed = {src for entry in nav for target in entry.values() if isinstance(target, list) for src in target}
        shown = [page_title(page.content) for page in result.pages if page.src_uri in listed]
        shown += [file.content_string for file in hand_written if file is not None]
        return surroundings_key(Path(config.config_file_path), self.settings.root / "overrides", nav, shown)

    def unchanged_page(self, page: GeneratedPage, surroundings: str) -> KeptPage | None:
        """The previous rebuild's output of a generated page whose inputs are unchanged (serve only)."""
        # A page in the navigation stays a Markdown page: MkDocs builds the navigation from those.
        if self.kept is None or not is_page(page) or page.in_nav:
            return None
        key = page_key(page.encoded, page.encoded_html, surroundings, page.encoded_blocks)
        self.page_keys[page.src_uri] = key
        return self.kept.unchanged(page.src_uri, key)

    def on_env(self, files: Files, config: MkDocsConfig) -> None:
        """Under ``mkdocs build``, start indexing batches of pages as soon as they are written.
        Serve indexes after the rebuild instead (the page is served meanwhile), and a dirty
        build writes only some pages, so it finds the marked ones on disk after the build."""
        settings = self.settings
        if settings.search and not settings.dirty and not settings.index_in_background:
            pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
            self.indexing = IndexWhileWriting(Path(config.site_dir), len(pages), filters=search_filters())

    def on_page_content(self, html: str, page: Page) -> str:
        """Put in the finished bodies and blocks, and sanitise every page the plugin generated
        (hand-written pages are trusted)."""
        if page.file.generated_by is None:
            return html
        src_uri = page.file.src_uri
        encoded = self.html_bodies.pop(src_uri, None)
        if encoded is not None:
            body = encoded.decode("utf-8")
        else:
            try:
                body = put_back(html, tuple(block.decode("utf-8") for block in self.blocks.pop(src_uri, ())))
            except BlockError as error:
                raise PluginError(f"Survey Atlas: {src_uri}: {error}") from None
        return sanitize_html(body)

    def on_page_context(self, context: TemplateContext, page: Page) -> TemplateContext:
        """Keep every page out of Material's lunr index and note which ones Pagefind indexes.

        Material's search plugin stays enabled because its header shows the search box only
        then; it skips excluded pages, so search/search_index.json stays empty whatever the
        corpus size.
        """
        search = page.meta.get("search") or {}
        if search.get("exclude") or not self.settings.search:
            self.searchable.discard(page.file.src_uri)
        else:
            self.searchable.add(page.file.src_uri)
        page.meta["search"] = {**search, "exclude": True}
        if page.file.src_uri in self.paper_pages:
            # overrides/main.html reads these two keys, which Material's context type does not list.
            extra = cast(dict[str, object], context)
            if self.shared_chrome is not None:
                extra["sa_chrome"] = self.shared_chrome
            else:
                extra["sa_capture"] = True
        return context

    def on_post_page(self, output: str, page: Page) -> str:
        """Keep the first paper page's tabs and sidebars for the others; mark the content of a
        searchable page for Pagefind (other pages are left out of its index)."""
        if page.file.src_uri in self.paper_pages and self.shared_chrome is None:
            try:
                output, self.shared_chrome = capture(output)
            except ValueError as error:
                raise PluginError(f"Survey Atlas: overrides/main.html: {error}") from None
        marked = False
        if page.file.src_uri in self.searchable:
            try:
                output, marked = mark_indexed(output), True
                self.marked_files.append(page.file.dest_uri)
            except SearchIndexError as error:
                log.warning(f"Survey Atlas: {page.file.src_uri}: {error}")
        if self.indexing is not None:
            self.indexing.page(page.file.dest_uri, marked)
        key = self.page_keys.get(page.file.src_uri)
        if self.kept is not None and key is not None:
            self.kept.keep(page.file.src_uri, key, Path(page.file.abs_dest_path), marked)
        return output

    def on_post_build(self, config: MkDocsConfig) -> BackgroundIndex | None:
        """Finish site/pagefind/: under mkdocs build, index the last batch of pages (the others were
        indexed as they were written); under mkdocs serve, index the whole site in a thread that the
        plugin stops before the next rebuild, so the page is served at once."""
        site = Path(config.site_dir)
        if self.kept is not None:
            self.kept.stash(site)
        if not self.settings.search:
            return None
        marked = None if self.settings.dirty else sorted(self.marked_files)
        if self.indexing is not None:
            try:
                log_index(self.indexing.finish())
            except SearchIndexError as error:
                raise PluginError(f"Survey Atlas: search index: {error}") from None
            return None
        if not self.settings.index_in_background:
            try:
                self.index(site, marked)
            except SearchIndexError as error:
                raise PluginError(f"Survey Atlas: search index: {error}") from None
            return None
        cancelled = threading.Event()
        thread = threading.Thread(target=self.index_quietly, args=(site, marked, cancelled),
                                  name="survey-atlas-pagefind", daemon=True)
        thread.start()
        log.info("Survey Atlas: the site is served while Pagefind indexes it; search catches up in a few seconds")
        return BackgroundIndex(thread, cancelled)

    def index(self, site: Path, marked: list[str] | None, cancelled: threading.Event | None = None) -> None:
        log_index(index_site(site, pages=marked, filters=search_filters(), cancel=cancelled))

    def on_build_error(self) -> None:
        """Stop indexing the pages of a build that failed."""
        if self.indexing is not None:
            self.indexing.abandon()

    def index_quietly(self, site: Path, marked: list[str] | None, cancelled: threading.Event) -> None:
        """``index`` in the background: a failure is logged, since there is no build left to fail."""
        try:
            self.index(site, marked, cancelled)
        except IndexCancelled:
            log.info("Survey Atlas: search indexing of the previous rebuild abandoned for the next one")
        except (SearchIndexError, OSError) as error:
            log.warning(f"Survey Atlas: search index: {error}")


@dataclass(frozen=True)
class BackgroundIndex:
    """Pagefind indexing a served rebuild in a thread (mkdocs serve)."""

    thread: threading.Thread
    cancelled: threading.Event

    def stop(self) -> None:
        """Abandon the index and wait for the thread: a newer rebuild is about to empty the site
        folder, and indexing the old pages would only delay it."""
        self.cancelled.set()
        self.thread.join()


def is_page(page: GeneratedPage) -> bool:
    """Whether MkDocs renders the generated file into an HTML page (exports and feeds are copied)."""
    return page.src_uri.endswith(".md")


def search_filters() -> list[tuple[str, str]]:
    """The Pagefind filters the pages carry, as (name, label), in the search panel's order."""
    return [(facet.key, facet.label) for facet in SEARCH_FACETS]


def log_index(stats: IndexStats) -> None:
    log.info(f"Survey Atlas: Pagefind indexed {stats.pages} pages in {stats.seconds:.1f} s "
             f"({stats.bytes / 2**20:.1f} MB)")


def page_title(content: str) -> str:
    """The title a generated page's front matter gives it ("" without one)."""
    _, meta = get_data(content)
    return str(meta.get("title", ""))


def save_caches(folder: Path, caches: tuple[StageCache, ...]) -> None:
    """Write the stage caches; a folder that cannot be written only costs the next build time."""
    try:
        for cache in caches:
            write_cache(folder, cache)
    except OSError as error:
        log.warning(f"Survey Atlas: cannot write the cache in {folder} ({error.strerror or error}); "
                    "the next build recomputes everything")


@contextmanager
def reported_input_errors() -> Iterator[None]:
    try:
        yield
    except InputError as error:
        for problem in error.problems:
            log.log(LOG_LEVELS[problem.severity], str(problem))
        raise PluginError(f"Survey Atlas: {summarize(error.problems)}; nothing was built") from None


def report(result: Result) -> None:
    """Log input problems (warnings fail a strict build) and the papers left in Other."""
    for problem in result.problems:
        log.log(LOG_LEVELS[problem.severity], str(problem))
    if result.problems:
        # The summary is information, not one more warning: strict mode counts each problem once.
        log.info(f"Survey Atlas: {summarize(result.problems)}")
    papers = result.survey.papers
    unplaced = result.survey.unplaced
    low = sum(result.survey.placements[p.slug].confidence == "low" for p in papers) - len(unplaced)
    log.info(f"Survey Atlas: {count(len(papers), 'paper')}, {len(unplaced)} in Other "
             f"({100 * len(unplaced) / max(len(papers), 1):.1f}%), {low} placed with low confidence "
             "(listed first in the curation report)")
    for paper in unplaced:
        log.info(f"  Other: {paper.title} [{paper.slug}]")
