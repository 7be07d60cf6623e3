"""Time the search box in headless Chromium on a built site (``scale.py --search-latency``).
The survey site searches with Pagefind (``docs/assets/search.js``), the floor site with
Material's lunr search; both render ``.md-search-result__item`` elements in the header's
``input.md-search__input`` box, so one procedure times both.  The site is served from 127.0.0.1
by a threaded ``http.server``.  For each query a fresh browser context opens the home page,
waits for its ``load`` event, clicks the box and types the query with ``page.type(...,
delay=30)`` as a person would (not ``fill``, which skips the key events).  In the page, a
keydown listener records the time of every key and a MutationObserver the time at which result
elements are added; the latency is the first such addition after the last key, so the cold
number includes loading the search code and index when that is not done yet (Pagefind starts
loading when the box gets focus; Material fetches and indexes ``search_index.json`` in its web
worker from page load).  It also adds up the bytes of the search files the fresh page fetched
until that first result (``pagefind/``, or Material's ``search/``, worker and lunr files): what
a reader downloads for a first query.  A second query typed on the same page, once results have
shown, gives the warm latency (index loaded).  The index size is that of ``pagefind/`` when the
site has one (all its bundles: a large site is indexed in batches, one Pagefind bundle each,
which the page merges, so a fresh page also fetches the bundle list and each bundle's entry and
metadata files; their number is reported), else of ``search/search_index.json``.  Chromium is Debian's
(``/usr/bin/chromium``); nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUERIES = ("diffusion", "retrieval", "scaling laws", "tokenizer", "reinforcement")
WARM_QUERIES = ("benchmark", "distillation", "multilingual", "pruning", "alignment")
RESULT = ".md-search-result__item"
TIMEOUT_MS = 60_000
# Where the files of either search live in a built site (Pagefind's; Material's index, worker, lunr).
SEARCH_FILES = ("pagefind/", "search/", "assets/javascripts/workers/", "assets/javascripts/lunr/")

PROBE = """
() => {
  window.__bench = {keys: [], results: []};
  document.addEventListener('keydown', () => window.__bench.keys.push(performance.now()), true);
  new MutationObserver(records => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && (node.matches('RESULT') || node.querySelector('RESULT'))) {
          window.__bench.results.push(performance.now());
          return;
        }
      }
    }
  }).observe(document.body, {childList: true, subtree: true});
}
""".replace("RESULT", RESULT)

LATENCY = """
() => {
  const last = window.__bench.keys[window.__bench.keys.length - 1];
  const after = window.__bench.results.filter(t => t >= last);
  return after.length ? {last, first: after[0]} : null;
}
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def type_and_wait(page: Any, query: str) -> float:
    """Type ``query``; seconds from its last key to the first result element added after it."""
    page.evaluate("() => { window.__bench.keys = []; window.__bench.results = []; }")
    page.click("input.md-search__input")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.evaluate("() => { window.__bench.keys = []; window.__bench.results = []; }")
    page.type("input.md-search__input", query, delay=30)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        found = page.evaluate(LATENCY)
        if found:
            return (found["first"] - found["last"]) / 1000
        page.wait_for_timeout(20)
    raise TimeoutError(f"no search result for {query!r} within {TIMEOUT_MS / 1000:.0f} s")


def search_index_bytes(site: Path) -> int:
    """Size of the site's search index: the whole ``pagefind/`` folder, else Material's JSON."""
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        return sum(path.stat().st_size for path in pagefind.rglob("*") if path.is_file())
    return (site / "search" / "search_index.json").stat().st_size


# Pagefind's program, which every bundle carries: its script, worker and WebAssembly (one per
# language).  Material's equivalent (lunr and its worker) lives in the theme's assets, which the
# floor's index size leaves out, so the like-for-like index size leaves these out too.
PAGEFIND_CODE = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


def search_code_bytes(site: Path) -> int:
    """Bytes of Pagefind's program files in the site's index (0 for Material's search)."""
    pagefind = site / "pagefind"
    return sum(path.stat().st_size for pattern in PAGEFIND_CODE for path in pagefind.glob(f"*/{pattern}")
               if path.is_file())


def search_bundles(site: Path) -> int:
    """How many Pagefind bundles the site's search merges (0 for Material's search)."""
    manifest = site / "pagefind" / "bundles.json"
    return len(json.loads(manifest.read_text(encoding="utf-8"))["bundles"]) if manifest.is_file() else 0


def search_bytes(site: Path, urls: Sequence[str]) -> int:
    """Bytes of the search files among ``urls`` (served as-is from ``site``, so file sizes)."""
    total = 0
    for url in set(urls):
        path = unquote(urlsplit(url).path).lstrip("/")
        if path.startswith(SEARCH_FILES) and (site / path).is_file():
            total += (site / path).stat().st_size
    return total


def cold_run(browser: Any, url: str, site: Path, query: str, second: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A fresh page: the first query (latency, bytes fetched), then a second one on the same page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(url, wait_until="load")
        page.evaluate(PROBE)
        started = time.perf_counter()
        latency = type_and_wait(page, query)
        first = {"query": query, "seconds": round(latency, 3), "from_load_s": round(time.perf_counter() - started, 3),
                 "search_kb": round(search_bytes(site, fetched) / 1024, 1)}
        return first, {"query": second, "seconds": round(type_and_wait(page, second), 3)}
    finally:
        context.close()


def measure(site: Path, queries: Sequence[str] = QUERIES, warm: Sequence[str] = WARM_QUERIES) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    cold: list[dict[str, Any]] = []
    warm_runs: list[dict[str, Any]] = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for query, second in zip(queries, warm, strict=False):
                first, again = cold_run(browser, url, site, query, second)
                cold.append(first)
                warm_runs.append(again)
        finally:
            browser.close()
    return {
        "cold": cold,
        "warm": warm_runs,
        "cold_median_s": statistics.median(r["seconds"] for r in cold),
        "warm_median_s": statistics.median(r["seconds"] for r in warm_runs),
        "first_query_kb_median": statistics.median(r["search_kb"] for r in cold),
        "index": "pagefind" if (site / "pagefind").is_dir() else "lunr",
        "bundles": search_bundles(site),
        "index_mb": round(search_index_bytes(site) / 2**20, 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(measure(Path(sys.argv[1])), indent=1))
