"""Site search with Pagefind: its settings, stated once, and the step that indexes a built site.

Material's own search ships one JSON file with every page's text and builds a lunr index from
it in the reader's browser, which took 9.2 s on a fresh page at 10,000 papers.  Pagefind
(``pagefind[bin]`` from PyPI; the binary ships in the wheel, so indexing needs no network)
indexes the finished HTML once, at build time, into ``<site>/pagefind/``: many small files, of
which a query fetches only the index chunks of its words and the fragments of the results shown
(``docs/assets/search.js`` does that).  The hook marks Material's ``<article>`` with
``data-pagefind-body`` on the pages Material would have indexed, so Pagefind skips the 404 page
and pages whose front matter says ``search: exclude``; inside the article it skips what our
templates mark ``data-search-exclude`` (a paper's facts, related papers, breadcrumb…),
Material's tag list and the permalink anchors, so a paper is found by its title and abstract.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUTPUT_SUBDIR = "pagefind"
# Material's content element (templates/main.html of the theme); the hook marks it as the
# indexed root.  If the theme ever renders it differently, the hook warns for every page.
ARTICLE = '<article class="md-content__inner md-typeset">'
MARKED_ARTICLE = '<article class="md-content__inner md-typeset" data-pagefind-body>'
# Material's search plugin deletes data-search-* attributes that have a value; ours are
# valueless (data-search-exclude="") and reach the HTML, where Pagefind reads them.
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".md-tags", ".headerlink")
TIMEOUT_S = 900
# Pagefind's ready-made search interfaces, which it writes into every bundle; our box is
# docs/assets/search.js on pagefind.js, so these ~420 KB would only be deployed, never loaded.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# Pagefind's fragment files (one per page) are gzip of this signature followed by JSON.
FRAGMENT_SIGNATURE = b"pagefind_dcd"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (its own message included) or a page cannot be marked."""


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float
    bytes: int


def mark_indexed(html: str) -> str:
    """Mark Material's article element of one finished page as the part Pagefind indexes."""
    if ARTICLE not in html:
        raise SearchIndexError(f"no {ARTICLE} in the page, so Pagefind cannot index it")
    return html.replace(ARTICLE, MARKED_ARTICLE, 1)


def pagefind_command(site: Path) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", OUTPUT_SUBDIR, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site: Path) -> IndexStats:
    """Index the built site in ``site`` into ``site/pagefind/``, replacing any previous index."""
    output = site / OUTPUT_SUBDIR
    # A dirty rebuild (mkdocs serve --dirty) keeps the old folder, and Pagefind names its files by
    # content hash, so stale chunks would pile up beside the new ones.
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    run_pagefind(site)
    seconds = time.perf_counter() - started
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    return IndexStats(pages=indexed_pages(output), seconds=seconds, bytes=folder_bytes(output))


def run_pagefind(site: Path) -> None:
    try:
        done = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind did not run: {error}") from error
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}):\n{(done.stderr or done.stdout)[-3000:]}")


def indexed_pages(output: Path) -> int:
    """Pages in the index, from Pagefind's entry file (one count per language)."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {output}/pagefind-entry.json: {error}") from error
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def read_fragments(output: Path) -> Iterator[dict[str, Any]]:
    """Each indexed page as Pagefind stored it: url, content (plain text), meta (title), anchors."""
    for path in sorted((output / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise SearchIndexError(f"{path}: not a Pagefind fragment")
        yield json.loads(data[len(FRAGMENT_SIGNATURE):])
