"""Regenerate the golden files: ``python -m tests.golden``.

Renders the small fixture corpus in ``tests/fixtures/mini`` and writes every generated page and
export under ``tests/fixtures/golden``.  ``test_golden.py`` compares a fresh render with them,
so any change to the rendered output shows up as a reviewable diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import Result, build, read_inputs

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"


def render_mini() -> Result:
    return build(read_inputs(MINI, templates=ROOT / "templates"))


def write_golden() -> int:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    pages = render_mini().pages
    for page in pages:
        target = GOLDEN / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    return len(pages)


if __name__ == "__main__":
    print(f"wrote {write_golden()} golden files to {GOLDEN.relative_to(ROOT)}")
