"""Serve's page reuse: under ``mkdocs serve``, a generated page whose inputs are what they were at
the previous rebuild is written from that rebuild's output instead of being rendered again.

An edit to a section introduction or a new seed leaves nearly all pages as they were: the paper
pages (2,000 of about 2,300 pages at 2,000 papers), and most listing, tag and benchmark pages.
A page's inputs are its Markdown source, finished body and blocks (``model.Page``) and its
surroundings: the navigation (which Material draws into every page) with the titles it shows,
``mkdocs.yml`` and the theme overrides.  ``page_key``
hashes them; when the key matches, the page's previous HTML goes out as a static file (MkDocs
copies it as it is), skipping Markdown, Material's templates, sanitising and marking.  The
plugin forgets every kept page when the generator's code changes.  ``mkdocs build`` never
reuses anything: builds stay complete and deterministic.  Kept pages are compressed (a paper
page shrinks about tenfold), so a serve session at 2,000 papers holds a few megabytes.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from generator.cache import StageCache, bytes_key


@dataclass(frozen=True)
class KeptPage:
    """A paper page as the previous rebuild wrote it."""

    key: str
    html: bytes  # zlib-compressed
    marked: bool  # marked for Pagefind (search.mark_indexed)


@dataclass
class KeptPages:
    """The generated pages of the last rebuild, by src_uri, and the stage caches it wrote (so the
    next rebuild need not read them back from disk); lives on the plugin between rebuilds."""

    pages: dict[str, KeptPage] = field(default_factory=dict)
    caches: tuple[StageCache, ...] = ()

    def unchanged(self, src_uri: str, key: str) -> KeptPage | None:
        kept = self.pages.get(src_uri)
        return kept if kept is not None and kept.key == key else None

    def keep(self, src_uri: str, key: str, html: str, marked: bool) -> None:
        self.pages[src_uri] = KeptPage(key, zlib.compress(html.encode("utf-8"), 1), marked)

    def only(self, src_uris: set[str]) -> None:
        """Forget the pages that are no longer part of the site."""
        for gone in set(self.pages) - src_uris:
            del self.pages[gone]

    def forget(self) -> None:
        self.pages.clear()
        self.caches = ()


def html_of(kept: KeptPage) -> bytes:
    return zlib.decompress(kept.html)


def surroundings_key(config_file: Path, overrides: Path, nav: object, shown: Iterable[str] = ()) -> str:
    """A hash of what every page shares: ``mkdocs.yml``, the theme overrides, Material's version,
    the navigation and the texts it shows (``shown``: the titles of the pages in it)."""
    digest = hashlib.blake2b(digest_size=16)
    for text in shown:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    digest.update(config_file.read_bytes())
    for path in sorted(overrides.rglob("*")) if overrides.is_dir() else []:
        if path.is_file():
            digest.update(str(path.relative_to(overrides)).encode())
            digest.update(path.read_bytes())
    digest.update(version("mkdocs-material").encode())
    digest.update(repr(nav).encode())
    return digest.hexdigest()


def page_key(content: bytes, body: bytes | None, surroundings: str, blocks: Iterable[bytes] = ()) -> str:
    """A hash of one page's inputs (UTF-8, as ``model.Page`` holds them): its Markdown source,
    its finished body or blocks, and its surroundings."""
    return bytes_key(content, body or b"", surroundings.encode(), *blocks)
