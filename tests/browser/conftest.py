"""Fixtures for the browser tests: the real site, served under a sub-path, and a Chromium page.

The session builds the real seeds once with a strict MkDocs build in a temporary folder
(``tests/sitebuild.py``) and serves the result from a small threaded ``http.server`` on
127.0.0.1 under ``/survey-test/``, the way GitHub Pages serves a project site under
``/<repo>/``: anything outside the prefix is a bare 404, an unknown path inside it gets the
site's own ``404.html`` with status 404.  The build runs with ``SITE_URL`` set to that address,
so a ``site_url: !ENV SITE_URL`` in ``mkdocs.yml`` would pick it up.  Playwright drives Debian's
``/usr/bin/chromium`` (``playwright install`` is never run); every page records its console
errors, uncaught exceptions and requests, and any request that would leave the local server is
aborted.  Without Chromium or Playwright the tests are skipped, except in CI (``CI=true``), where
they fail.  The ``browser`` marker is registered here.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.sitebuild import copy_project, mkdocs_build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PREFIX = "/survey-test/"
VIEWPORT = {"width": 1280, "height": 900}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright against the built site")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


class SiteHandler(SimpleHTTPRequestHandler):
    """Serve ``directory`` under PREFIX only, with the site's 404.html for unknown pages."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.route():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self.route():
            super().do_HEAD()

    def route(self) -> bool:
        """True when the base class should serve the request; otherwise the answer is already sent."""
        path = urlsplit(self.path).path
        if path == PREFIX.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", PREFIX)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        if not path.startswith(PREFIX):
            self.send_error(404, "Outside the site's sub-path")
            return False
        local = Path(self.translate_path(self.path))
        if local.is_file() or (local.is_dir() and (local / "index.html").is_file()):
            return True
        self.send_not_found_page()
        return False

    def translate_path(self, path: str) -> str:
        inside = urlsplit(path).path[len(PREFIX) - 1:] if urlsplit(path).path.startswith(PREFIX) else "/"
        return super().translate_path(inside)

    def send_not_found_page(self) -> None:
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass(frozen=True)
class Site:
    root: Path  # the built site folder
    origin: str  # http://127.0.0.1:PORT
    base: str  # origin + PREFIX, ends with "/"

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    @functools.cached_property
    def papers(self) -> list[dict[str, Any]]:
        return json.loads((self.root / "data" / "papers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = tmp_path_factory.mktemp("browser") / "project"
    root = project / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(root)))
    server.daemon_threads = True
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        copy_project(project)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SITE_URL", origin + PREFIX)
            result = mkdocs_build(project, strict=True)
        assert result.returncode == 0, result.stderr[-4000:]
        thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
        thread.start()
        yield Site(root, origin, origin + PREFIX)
        server.shutdown()
        thread.join(timeout=10)
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        skip_or_fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Recorder:
    """What a page did: console errors, uncaught exceptions, requests (kept and blocked)."""

    origin: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught exception: {error}")

    def request(self, request: Request) -> None:
        self.requests.append(request.url)

    def request_failed(self, request: Request) -> None:
        # ERR_ABORTED is the browser cancelling a load because the page navigated away (a click on
        # a link while the favicon is still loading), not a resource that failed.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.failed.append(f"{request.url}: {request.failure}")

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def external(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.origin + "/")]


@pytest.fixture
def recorder(site: Site) -> Recorder:
    return Recorder(site.origin)


def recorded_tab(browser: Browser, recorder: Recorder) -> tuple[BrowserContext, Page]:
    """A new browser context whose requests, console and page errors ``recorder`` records, and a tab in it."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light", locale="en-US", service_workers="block")
    context.route("**/*", recorder.route)
    context.on("request", recorder.request)
    context.on("requestfailed", recorder.request_failed)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("console", recorder.console)
    tab.on("pageerror", recorder.page_error)
    return context, tab


@pytest.fixture
def page(browser: Browser, site: Site, recorder: Recorder) -> Iterator[Page]:
    context, tab = recorded_tab(browser, recorder)
    yield tab
    context.close()
