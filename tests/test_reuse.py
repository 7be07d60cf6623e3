"""Serve's kept pages (``generator/reuse.py``): the pages a rebuild wrote get a second name in a
folder beside the site, the next rebuild links them back into the emptied site folder, files no
page uses any more are dropped, two pages with the same inputs keep files of their own, a file
system without hard links gets copies, the folder goes with ``forget``, and only ``mkdocs serve``
without ``--dirty`` keeps pages.  That a served page
equals a fresh build's is tested end to end in ``test_serve.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from mkdocs.config.defaults import MkDocsConfig

from generator import reuse
from generator.plugin import SurveyAtlasPlugin
from generator.reuse import KeptPages, LinkedFile


def write_page(site: Path, name: str, html: str) -> Path:
    path = site / name / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def kept_after_writing(site: Path, pages: list[tuple[str, str, str]],
                       kept: KeptPages | None = None) -> KeptPages:
    """``kept`` (or new kept pages) after a rebuild that wrote ``pages`` (src_uri, key, HTML),
    each into the site folder named after its src_uri."""
    kept = kept if kept is not None else KeptPages()
    for src_uri, key, html in pages:
        kept.keep(src_uri, key, write_page(site, src_uri.removesuffix(".md"), html), marked=False)
    kept.stash(site)
    return kept


def empty(site: Path) -> None:
    """What MkDocs does to the site folder before each rebuild."""
    shutil.rmtree(site)
    site.mkdir()


def test_written_pages_are_kept_as_links_beside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    kept = KeptPages()
    kept.keep("papers/a.md", "key-a", write_page(site, "a", "<p>A</p>"), marked=True)
    kept.stash(site)
    page = kept.unchanged("papers/a.md", "key-a")
    assert page is not None and page.marked
    assert kept.unchanged("papers/a.md", "another key") is None
    stored = kept.html_file(page)
    assert stored.parent.parent == tmp_path  # on the site's file system
    assert os.path.samefile(stored, site / "a" / "index.html")
    empty(site)
    assert stored.read_text(encoding="utf-8") == "<p>A</p>"  # outlives the emptied site


def test_a_changed_page_replaces_its_file_and_a_gone_page_loses_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    kept = kept_after_writing(site, [("a.md", "a1", "A1"), ("b.md", "b1", "B")])
    assert kept.folder is not None
    old_a = kept.pages["a.md"]
    empty(site)
    kept.only({"a.md"})
    kept_after_writing(site, [("a.md", "a2", "A2")], kept)
    new_a = kept.pages["a.md"]
    assert kept.html_file(new_a).read_text(encoding="utf-8") == "A2"
    assert sorted(path.name for path in kept.folder.iterdir()) == [new_a.name]
    assert new_a.name != old_a.name and "b.md" not in kept.pages


def test_pages_with_the_same_inputs_keep_files_of_their_own(tmp_path: Path) -> None:
    kept = kept_after_writing(tmp_path / "site", [("a.md", "same", "at /a/"), ("b.md", "same", "at /b/")])
    assert kept.html_file(kept.pages["a.md"]).read_text(encoding="utf-8") == "at /a/"
    assert kept.html_file(kept.pages["b.md"]).read_text(encoding="utf-8") == "at /b/"


def linked_file(tmp_path: Path, source: Path) -> LinkedFile:
    """A kept page as the plugin adds it (``LinkedFile.generated``, a static file of the site)."""
    file = LinkedFile("papers/a/index.html", src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True)
    file.abs_src_path = str(source)
    return file


def test_a_linked_file_is_written_as_a_link_to_the_kept_page(tmp_path: Path) -> None:
    source = tmp_path / "kept.html"
    source.write_text("<p>kept</p>", encoding="utf-8")
    linked_file(tmp_path, source).copy_file()
    written = tmp_path / "site" / "papers" / "a" / "index.html"
    assert os.path.samefile(written, source)


def test_without_hard_links_the_kept_page_is_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: Path, target: Path) -> None:
        raise OSError("Invalid cross-device link")

    monkeypatch.setattr(reuse.os, "link", no_links)
    source = tmp_path / "kept.html"
    source.write_text("<p>kept</p>", encoding="utf-8")
    linked_file(tmp_path, source).copy_file()
    written = tmp_path / "site" / "papers" / "a" / "index.html"
    assert written.read_text(encoding="utf-8") == "<p>kept</p>" and not os.path.samefile(written, source)


def test_forget_removes_the_folder_of_kept_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    kept = KeptPages()
    kept.keep("a.md", "a", write_page(site, "a", "A"), marked=False)
    kept.stash(site)
    folder = kept.folder
    assert folder is not None and folder.is_dir()
    kept.forget()
    assert not folder.exists() and not kept.pages and kept.folder is None


@pytest.mark.parametrize(("command", "dirty", "keeps"), [("serve", False, True), ("serve", True, False),
                                                         ("build", False, False)])
def test_pages_are_kept_only_by_serve_that_empties_the_site_folder(
        tmp_path: Path, command: str, dirty: bool, keeps: bool) -> None:
    """Under --dirty MkDocs writes a changed page over the old file, which would change its kept link."""
    plugin = SurveyAtlasPlugin()
    errors, _ = plugin.load_config({})
    assert not errors
    plugin.on_startup(command=command, dirty=dirty)
    plugin.on_config(cast(MkDocsConfig, SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))))
    assert (plugin.kept_pages is not None) == keeps
    assert plugin.current.kept is plugin.kept_pages
