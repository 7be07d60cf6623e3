"""Regenerate the golden files: ``python -m tests.golden``.

Renders the small fixture corpus in ``tests/fixtures/mini`` and writes every generated page and
export under ``tests/fixtures/golden``.  ``test_golden.py`` compares a fresh render with them,
so any change to the rendered output shows up as a reviewable diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import Result, build, read_inputs
from generator.model import Page

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"


# When each mini seed file arrived, given rather than read from git, so that the golden files
# hold in any copy of the project (a ``git archive`` export has no history).
MINI_SEED_ADDED = {"a_listing.txt": "2025-01-06T09:00:00Z", "b_listing.txt": "2025-02-03T09:00:00Z"}


def render_mini() -> Result:
    return build(read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED))


def golden_files(pages: tuple[Page, ...]) -> dict[str, str]:
    """Each page's text by file name; a page built as HTML adds its body as ``<name>.body.html``."""
    files = {page.src_uri: page.full_content for page in pages}
    files |= {page.src_uri.removesuffix(".md") + ".body.html": page.html for page in pages if page.html is not None}
    return files


def write_golden() -> int:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    files = golden_files(render_mini().pages)
    for name, text in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(files)


if __name__ == "__main__":
    print(f"wrote {write_golden()} golden files to {GOLDEN.relative_to(ROOT)}")
