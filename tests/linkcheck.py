"""Check every link in a built site, offline, with the standard library's ``html.parser``.

Each HTML file under the site folder is parsed exactly once, collecting the ids it defines (any
``id``, plus ``name`` on ``<a>``) and every URL it uses (``href``, ``src``, ``srcset``,
``xlink:href`` and the other URL attributes, on any element, so links inside inline SVG count).
An internal URL must resolve to a file in the site, a directory URL to its ``index.html``, and
its ``#fragment`` must be an id in the target page.  A URL that starts at the server root
(``/assets/...``) is reported as well, because the site must work from any sub-path (GitHub
Pages serves project sites under ``/<repo>/``), unless the caller names that root prefix.
External links are never fetched; they only have to be ``http`` or ``https``: ``javascript:``,
``data:``, ``mailto:``, protocol-relative URLs and inline event handlers (``onclick=``) are
reported wherever they appear.  Parsing dominates the run time, so large sites are parsed in a
process pool, and file lookups are cached by normalised path.  Run it by hand with
``python -m tests.linkcheck site/``.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = frozenset({
    "href", "src", "xlink:href", "action", "formaction", "poster", "cite", "background", "longdesc", "manifest",
})
ALLOWED_SCHEMES = frozenset({"http", "https"})
# Browsers drop these anywhere in a URL ("java\tscript:" is "javascript:"), so the check does too.
URL_NOISE = str.maketrans("", "", "\t\n\r")
PARALLEL_FROM = 400  # pages; below this a process pool costs more than it saves


@dataclass(frozen=True, order=True)
class Problem:
    page: str  # path of the HTML file, relative to the site folder
    line: int
    url: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}: {self.url}"


@dataclass(frozen=True)
class ParsedPage:
    ids: frozenset[str]
    links: tuple[tuple[int, str, str], ...]  # (line, attribute, value), each distinct value once
    handlers: tuple[tuple[int, str], ...]  # (line, attribute) of inline event handlers


class _Collector(HTMLParser):
    def __init__(self) -> None:
        # Text is never looked at; attribute values are unescaped either way.
        super().__init__(convert_charrefs=False)
        self.ids: set[str] = set()
        self.links: dict[tuple[str, str], int] = {}
        self.handlers: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES or (name == "data" and tag == "object"):
                self.links.setdefault((name, value), line)
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    words = candidate.split()
                    if words:
                        self.links.setdefault((name, words[0]), line)
            elif name.startswith("on"):
                self.handlers.append((line, name))

    handle_startendtag = handle_starttag


def parse_html(text: str) -> ParsedPage:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    links = tuple(sorted((line, name, value) for (name, value), line in collector.links.items()))
    return ParsedPage(frozenset(collector.ids), links, tuple(collector.handlers))


def parse_file(path: Path) -> ParsedPage:
    return parse_html(path.read_text(encoding="utf-8", errors="replace"))


def _parse_many(paths: list[Path]) -> list[ParsedPage]:
    return [parse_file(path) for path in paths]


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class LinkChecker:
    """Parse a built site once, then report every broken or disallowed URL in it."""

    def __init__(self, site: Path, root_path: str | None = None, workers: int | None = None,
                 parallel_from: int = PARALLEL_FROM) -> None:
        self.site = site.resolve()
        # A URL starting with this prefix (e.g. "/survey-atlas/") is read relative to the site folder.
        self.root_path = "/" + root_path.strip("/") + "/" if root_path and root_path.strip("/") else None
        self.workers = workers
        self.parallel_from = parallel_from
        self.pages: dict[str, ParsedPage] = {}
        # Every page links the same few hundred files through different relative paths:
        # cache the file system lookups by the normalised site path.
        self._lookup = lru_cache(maxsize=None)(self._lookup_uncached)

    def html_files(self) -> list[str]:
        return sorted(path.relative_to(self.site).as_posix() for path in self.site.rglob("*.html"))

    def parse(self, pages: Iterable[str]) -> None:
        todo = [page for page in pages if page not in self.pages]
        workers = self.workers if self.workers is not None else min(os.cpu_count() or 1, 8)
        if workers > 1 and len(todo) >= self.parallel_from:
            size = max(50, len(todo) // (workers * 4))
            batches = list(_chunks([self.site / page for page in todo], size))
            # spawn, not fork: the caller may run threads (a test server, Playwright) that fork would copy.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                parsed = [page for batch in pool.map(_parse_many, batches) for page in batch]
        else:
            parsed = [parse_file(self.site / page) for page in todo]
        self.pages.update(zip(todo, parsed, strict=True))

    def ids(self, page: str) -> frozenset[str]:
        """The ids one page defines (parsed on first use, then cached)."""
        if page not in self.pages:
            self.parse([page])
        return self.pages[page].ids

    def check(self, pages: Iterable[str] | None = None) -> list[Problem]:
        """Problems in the given pages (site-relative paths), or in every HTML file of the site."""
        selected = list(pages) if pages is not None else self.html_files()
        self.parse(selected)
        problems: list[Problem] = []
        for page in selected:
            parsed = self.pages[page]
            for line, name in parsed.handlers:
                problems.append(Problem(page, line, name, "inline event handler"))
            for line, _, value in parsed.links:
                message = self.check_url(page, value)
                if message:
                    problems.append(Problem(page, line, value, message))
        return sorted(problems)

    def check_url(self, page: str, raw: str) -> str | None:
        """Why a URL used on ``page`` is wrong, or None when it is fine."""
        url = raw.translate(URL_NOISE).strip()
        try:
            parts = urlsplit(url)
        except ValueError:
            return "malformed URL"
        if parts.scheme:
            if parts.scheme.lower() not in ALLOWED_SCHEMES:
                return f"{parts.scheme.lower()}: URL"
            return None if parts.netloc else "http(s) URL without a host"
        if parts.netloc or url.startswith("//"):
            return "protocol-relative URL"
        path = unquote(parts.path)
        if path.startswith("/"):
            if self.root_path is None or not (path + "/").startswith(self.root_path):
                return "URL from the server root (breaks when the site is served under a sub-path)"
            target, problem = self._resolve("", path[len(self.root_path):] or ".")
        elif path:
            target, problem = self._resolve(posixpath.dirname(page), path)
        else:
            target, problem = page, None  # "#x" or "?q": the page itself
        if problem:
            return problem
        fragment = unquote(parts.fragment)
        if not fragment:
            return None
        if not target.endswith(".html"):
            return f"fragment #{fragment} on a non-HTML file"
        if fragment not in self.ids(target):
            return f"no id {fragment!r} in {target}"
        return None

    def _resolve(self, base: str, path: str) -> tuple[str, str | None]:
        """The site-relative file a path (relative to folder ``base``) names, or a problem."""
        joined = posixpath.normpath(posixpath.join(base, path))
        if joined == ".." or joined.startswith("../"):
            return joined, "leaves the site"
        return self._lookup("" if joined == "." else joined, path.endswith("/"))

    def _lookup_uncached(self, joined: str, directory: bool) -> tuple[str, str | None]:
        candidate = self.site / joined
        if directory or not joined or candidate.is_dir():
            index = posixpath.join(joined, "index.html") if joined else "index.html"
            if (self.site / index).is_file():
                return index, None
            return index, f"no index.html in {joined or 'the site root'}/"
        if candidate.is_file():
            return joined, None
        return joined, f"no file {joined}"


def check_site(site: Path, root_path: str | None = None, pages: Iterable[str] | None = None) -> list[Problem]:
    return LinkChecker(site, root_path=root_path).check(pages)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: python -m tests.linkcheck SITE_DIR [ROOT_PATH]", file=sys.stderr)
        return 2
    problems = check_site(Path(argv[1]), root_path=argv[2] if len(argv) == 3 else None)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
