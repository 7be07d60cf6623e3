"""Rendered pages of the fixture corpus match the reviewed golden files."""

from __future__ import annotations

from tests.golden import GOLDEN, golden_files, render_mini


def test_rendered_pages_match_golden_files() -> None:
    pages = golden_files(render_mini().pages)
    on_disk = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(on_disk), "pages added or removed: run `python -m tests.golden` and review"
    for src_uri, content in pages.items():
        assert content == on_disk[src_uri], f"{src_uri} differs from its golden file: run `python -m tests.golden`"


def test_mini_corpus_reports_no_problems() -> None:
    assert render_mini().problems == ()
