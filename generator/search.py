"""Site search with Pagefind: its settings, stated once, and the step that indexes a built site.

Material's own search ships one JSON file with every page's text and builds a lunr index from
it in the reader's browser, which took 9.2 s on a fresh page at 10,000 papers.  Pagefind
(``pagefind[bin]`` from PyPI; the binary ships in the wheel, so indexing needs no network)
indexes the finished HTML once, at build time, into ``<site>/pagefind/``: many small files, of
which a query fetches only the index chunks of its words and the fragments of the results shown
(``docs/assets/search.js`` does that).  The plugin marks Material's ``<article>`` with
``data-pagefind-body`` on the pages Material would have indexed, so Pagefind skips the 404 page
and pages whose front matter says ``search: exclude``; inside the article it skips what our
templates mark ``data-search-exclude`` (a paper's facts, related papers, breadcrumb…),
Material's tag list and the permalink anchors, so a paper is found by its title and abstract.
Pagefind keeps every page in memory while it indexes (2.65 GB at 20,000 papers), so the pages
are indexed in batches of at most ``BATCH_PAGES``, each by its own Pagefind run into its own
bundle ``pagefind/<k>/``; ``pagefind/bundles.json`` lists the bundles, and the browser searches
the first and merges the others into it (Pagefind's multisite search), so results are ranked
across all of them.  A site of up to ``BATCH_PAGES`` pages gets a single bundle.  Under
``mkdocs build`` the batches follow the order MkDocs writes pages in, and each is indexed as soon
as its last page is written, while MkDocs renders the next (``IndexWhileWriting``); under
``mkdocs serve`` the whole site is indexed after the rebuild, in the background
(``index_site``).  Each bundle's filter files are then put in a fixed order
(``pagefind_order``), so a rebuild of the same site writes the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.pagefind_order import sort_filters

OUTPUT_SUBDIR = "pagefind"
# The list of bundle folders (relative to OUTPUT_SUBDIR) that search.js reads; the first is the
# primary bundle, whose pagefind.js and WebAssembly search all of them.
MANIFEST = "bundles.json"
# Pages per Pagefind run.  Pagefind holds every page it indexes in memory until it writes the
# bundle: measured on 20,067 synthetic pages, about 10 MB plus 0.13 MB per page (0.25 GB at
# 1,824 pages, 0.46 GB at 3,345, 0.55 GB at 4,013, 2.65 GB for all of them in one run).  It runs
# while the MkDocs process that started it still holds about 1 GB, so a run of at most 3,500
# pages (about 0.47 GB) keeps the two under the 1.5 GB budget with some room for larger pages;
# smaller batches would only add bundles for the browser to open and runs to start.
BATCH_PAGES = 3500
# Material's content element (templates/main.html of the theme); the plugin marks it as the
# indexed root.  If the theme ever renders it differently, the plugin warns for every page.
ARTICLE = '<article class="md-content__inner md-typeset">'
MARKED_ARTICLE = '<article class="md-content__inner md-typeset" data-pagefind-body>'
# Pagefind's rule, which the batches must follow site-wide: once any page has an element with
# this attribute, pages without one are left out of the index.
BODY_ATTRIBUTE = b"data-pagefind-body"
# Material's search plugin deletes data-search-* attributes that have a value; ours are
# valueless (data-search-exclude="") and reach the HTML, where Pagefind reads them.
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".md-tags", ".headerlink")
TIMEOUT_S = 900
# How often a running Pagefind checks whether its index was abandoned (mkdocs serve's next rebuild).
CANCEL_POLL_S = 0.1
# Pagefind's ready-made search interfaces, which it writes into every bundle; our box is
# docs/assets/search.js on pagefind.js, so these ~420 KB would only be deployed, never loaded.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# Pagefind's fragment files (one per page) are gzip of this signature followed by JSON.
class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (its own message included) or a page cannot be marked."""


class IndexCancelled(SearchIndexError):
    """The index was abandoned because a newer build of the site replaces the one being indexed."""


@dataclass(frozen=True)
class PagefindRun:
    """One Pagefind run: the pages of its batch, wall and CPU seconds, its peak resident memory."""

    bundle: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float
    bytes: int
    runs: tuple[PagefindRun, ...] = ()


def mark_indexed(html: str) -> str:
    """Mark Material's article element of one finished page as the part Pagefind indexes."""
    if ARTICLE not in html:
        raise SearchIndexError(f"no {ARTICLE} in the page, so Pagefind cannot index it")
    return html.replace(ARTICLE, MARKED_ARTICLE, 1)


def pagefind_command(site: Path, output: Path) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site: Path, batch_pages: int = BATCH_PAGES, pages: Sequence[str] | None = None,
               filters: Sequence[tuple[str, str]] = (), cancel: threading.Event | None = None) -> IndexStats:
    """Index the built site in ``site`` into ``site/pagefind/``, replacing any previous index:
    one bundle per batch of at most ``batch_pages`` pages, and the manifest listing them.

    ``filters`` are the Pagefind filters the pages carry, as (name, label) in the order the
    search panel offers them; the manifest names them, so the panel needs no list of its own.

    ``pages`` are the HTML files to index (paths relative to ``site``) when the caller knows
    them, as the plugin does, having marked them; otherwise they are found by reading every page
    (``pages_to_index``), 0.2 ms a page.  Setting ``cancel`` (from another thread) abandons the
    index: ``IndexCancelled`` is raised and no manifest is written.
    """
    output = site / OUTPUT_SUBDIR
    # A dirty rebuild (mkdocs serve --dirty) keeps the old folder, and Pagefind names its files by
    # content hash, so stale chunks would pile up beside the new ones.
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    chosen = pages_to_index(site) if pages is None else sorted(pages)
    runs = [index_bundle(site, number, batch, cancel) for number, batch in enumerate(batches(chosen, batch_pages))]
    return finish_index(output, runs, filters, time.perf_counter() - started)


def index_bundle(site: Path, number: int, pages: Sequence[str], cancel: threading.Event | None = None) -> PagefindRun:
    """Index one batch of pages into bundle ``number`` of the site's index, in a fixed order."""
    bundle = site / OUTPUT_SUBDIR / str(number)
    run = index_batch(site, pages, bundle, cancel)
    sort_filters(bundle)  # Pagefind writes filter values in a random order: fix it
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    return run


def finish_index(output: Path, runs: Sequence[PagefindRun], filters: Sequence[tuple[str, str]],
                 seconds: float) -> IndexStats:
    """Write the manifest of an index whose bundles are all written."""
    output.mkdir(parents=True, exist_ok=True)  # a site without pages still gets a manifest, of no bundles
    manifest = {"bundles": [f"{run.bundle}/" for run in runs],
                "filters": [{"name": name, "label": label} for name, label in filters]}
    (output / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    return IndexStats(pages=indexed_pages(output), seconds=seconds, bytes=folder_bytes(output), runs=tuple(runs))


class IndexWhileWriting:
    """Pagefind indexing a site while MkDocs is still writing it (``mkdocs build``).

    MkDocs writes the pages one after the other, and Pagefind took about a fifth of a cold
    build's wall clock when it only began after the last page.  The pages are split, in the
    order MkDocs writes them, into even batches of at most ``batch_pages``; as soon as every
    page of a batch is on disk, a worker thread indexes it (``index_bundle``) while MkDocs
    renders the next pages on the other core.  One Pagefind run at a time, as in
    ``index_site``, so memory stays within the same budget.  A site of up to ``batch_pages``
    pages is one batch, indexed once the last page is written.  The bundles depend only on the
    pages and their order, which MkDocs keeps from one build to the next.
    """

    def __init__(self, site: Path, pages_to_write: int, batch_pages: int = BATCH_PAGES,
                 filters: Sequence[tuple[str, str]] = ()) -> None:
        self.site = site
        self.filters = tuple(filters)
        count = max(1, -(-pages_to_write // batch_pages))
        # Where each batch after the first begins, counted in pages written.
        self.starts = [k * pages_to_write // count for k in range(1, count)]
        self.written = 0
        self.pending: list[str] = []  # the marked pages of the batch being written
        self.cancel = threading.Event()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="survey-atlas-pagefind")
        self.runs: list[Future[PagefindRun]] = []
        self.started = time.perf_counter()
        # Set before any page is written: MkDocs has just emptied the site folder (not --dirty).
        shutil.rmtree(site / OUTPUT_SUBDIR, ignore_errors=True)

    def page(self, name: str, marked: bool) -> None:
        """MkDocs is about to write page ``name`` (relative to the site), every earlier page being
        on disk; ``marked`` says whether Pagefind indexes it."""
        if self.starts and self.written == self.starts[0]:
            self.starts.pop(0)
            self.index_pending()
        self.written += 1
        if marked:
            self.pending.append(name)

    def index_pending(self) -> None:
        if self.pending:
            batch = sorted(self.pending)
            self.runs.append(self.worker.submit(index_bundle, self.site, len(self.runs), batch, self.cancel))
        self.pending = []

    def finish(self) -> IndexStats:
        """Index the last batch (every page is written now) and write the manifest once all are done."""
        self.index_pending()
        try:
            runs = [run.result() for run in self.runs]
        finally:
            self.worker.shutdown()
        return finish_index(self.site / OUTPUT_SUBDIR, runs, self.filters, time.perf_counter() - self.started)

    def abandon(self) -> None:
        """The build failed: stop the running Pagefind and index nothing more."""
        self.cancel.set()
        self.worker.shutdown(cancel_futures=True)


def pages_to_index(site: Path) -> list[str]:
    """The HTML files (paths relative to ``site``, sorted) that Pagefind would index in ``site``.

    Pagefind indexes every HTML file unless some page marks its body, and then only the marked
    pages; a batch must not decide that on its own pages, or a batch without a marked page (all
    404s and excluded pages, say) would index those in full.
    """
    output = site / OUTPUT_SUBDIR
    files = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                   if path.is_file() and output not in path.parents)
    marked = [name for name in files if has_body_marker((site / name).read_bytes())]
    return marked or files


def has_body_marker(html: bytes) -> bool:
    """Whether some tag of the page carries ``data-pagefind-body`` (not merely text saying it)."""
    start = html.find(BODY_ATTRIBUTE)
    while start != -1:
        tag = html.rfind(b"<", 0, start)
        after = html[start + len(BODY_ATTRIBUTE):start + len(BODY_ATTRIBUTE) + 1]
        # Inside a tag: no ">" since its "<", preceded by whitespace, followed by the end of a name.
        if tag != -1 and b">" not in html[tag:start] and html[start - 1:start].isspace() and after in b" \t\r\n/>=":
            return True
        start = html.find(BODY_ATTRIBUTE, start + 1)
    return False


def batches(pages: Sequence[str], size: int) -> list[list[str]]:
    """``pages`` in consecutive batches of at most ``size``, as even as possible.

    Even batches (rather than full ones and a small rest) keep every Pagefind run's memory
    equally far below the budget and every bundle's word statistics, on which Pagefind's ranking
    rests, drawn from a similar number of pages.
    """
    count = -(-len(pages) // size)
    return [list(pages[k * len(pages) // count:(k + 1) * len(pages) // count]) for k in range(count)]


def index_batch(site: Path, pages: Sequence[str], bundle: Path, cancel: threading.Event | None = None) -> PagefindRun:
    """Index ``pages`` of ``site`` alone into ``bundle``: Pagefind reads a folder holding only them.

    The folder mirrors the site's paths (so result URLs are the site's) with hard links, which
    cost no copying; it lives inside the index folder, on the site's file system, so the links
    work and a folder left by a killed build goes with the next build's stale index.
    """
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".batch-", dir=bundle.parent) as folder:
        for name in pages:
            target = Path(folder) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / name, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(site / name, target)
        seconds, cpu_seconds, peak_rss = run_pagefind(pagefind_command(Path(folder), bundle.resolve()), cancel)
    return PagefindRun(bundle=bundle.name, pages=bundle_pages(bundle), seconds=seconds, cpu_seconds=cpu_seconds,
                       peak_rss_bytes=peak_rss)


def run_pagefind(command: Sequence[str], cancel: threading.Event | None = None) -> tuple[float, float, int]:
    """Run Pagefind; its wall and CPU seconds and peak RSS in bytes, from ``wait4`` on that child.

    ``python -m pagefind`` replaces itself with Pagefind's binary (``os.execv``), so the child's
    resource usage is the indexer's.  Its output goes to a file, not a pipe, so a chatty run
    cannot fill a pipe while nothing reads it.  Setting ``cancel`` stops it (``IndexCancelled``).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        try:
            process = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT)
        except OSError as error:
            raise SearchIndexError(f"Pagefind did not run: {error}") from error
        waited: list[tuple[int, int, Any]] = []
        waiter = threading.Thread(target=lambda: waited.append(os.wait4(process.pid, 0)), daemon=True)
        waiter.start()
        deadline = time.monotonic() + TIMEOUT_S
        while waiter.is_alive() and time.monotonic() < deadline and not (cancel and cancel.is_set()):
            waiter.join(CANCEL_POLL_S)
        timed_out = not waited
        if timed_out:
            process.kill()
            waiter.join()
        _, status, usage = waited[0]
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, so Popen must not wait
        log.seek(0)
        message = log.read().decode("utf-8", "replace")[-3000:]
    if timed_out and cancel and cancel.is_set():
        raise IndexCancelled("a newer build replaces this one")
    if timed_out:
        raise SearchIndexError(f"Pagefind did not finish within {TIMEOUT_S} s:\n{message}")
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {process.returncode}):\n{message}")
    seconds = time.perf_counter() - started
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, KiB elsewhere
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * rss_unit


def bundles(output: Path) -> list[Path]:
    """The bundle folders of an index, in the manifest's order (the primary first)."""
    try:
        manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"no readable {output}/{MANIFEST}: {error}") from error
    return [output / name for name in manifest["bundles"]]


def bundle_pages(bundle: Path) -> int:
    """Pages in one bundle, from Pagefind's entry file (one count per language)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {bundle}/pagefind-entry.json: {error}") from error
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def indexed_pages(output: Path) -> int:
    """Pages in the index, over all its bundles."""
    return sum(bundle_pages(bundle) for bundle in bundles(output))


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


