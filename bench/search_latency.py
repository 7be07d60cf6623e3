"""Time Material's search in headless Chromium on a built site (``scale.py --search-latency``).
The site is served from 127.0.0.1 by a threaded ``http.server``.  For each query a fresh
browser context opens the home page, waits for its ``load`` event, and types the query into
``input.md-search__input`` with ``page.type(..., delay=30)`` as a person would (not ``fill``,
which skips the key events Material listens to).  In the page, a keydown listener records the
time of every key and a MutationObserver the time at which ``.md-search-result__item`` elements
are added; the latency is the first such addition after the last key, so the cold number
includes fetching and indexing ``search_index.json`` in Material's web worker when that is not
done yet.  A second query typed on the same page, once results have shown, gives the warm
latency (index already built).  Chromium is Debian's (``/usr/bin/chromium``); nothing is
downloaded.
"""

from __future__ import annotations

import functools
import os
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUERIES = ("diffusion", "retrieval", "scaling laws", "tokenizer", "reinforcement")
WARM_QUERIES = ("benchmark", "distillation", "multilingual", "pruning", "alignment")
RESULT = ".md-search-result__item"
TIMEOUT_MS = 60_000

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


def measure(site: Path, queries: Sequence[str] = QUERIES, warm: Sequence[str] = WARM_QUERIES) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    cold: list[dict[str, Any]] = []
    warm_runs: list[dict[str, Any]] = []
    index_bytes = (site / "search" / "search_index.json").stat().st_size
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for query, second in zip(queries, warm, strict=False):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(url, wait_until="load")
                page.evaluate(PROBE)
                started = time.perf_counter()
                latency = type_and_wait(page, query)
                cold.append({"query": query, "seconds": round(latency, 3),
                             "from_load_s": round(time.perf_counter() - started, 3)})
                warm_runs.append({"query": second, "seconds": round(type_and_wait(page, second), 3)})
                context.close()
        finally:
            browser.close()
    return {
        "cold": cold,
        "warm": warm_runs,
        "cold_median_s": statistics.median(r["seconds"] for r in cold),
        "warm_median_s": statistics.median(r["seconds"] for r in warm_runs),
        "index_mb": round(index_bytes / 2**20, 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(Path(sys.argv[1])), indent=1))
