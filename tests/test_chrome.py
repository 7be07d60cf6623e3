"""Capturing Material's tabs and sidebars from the first paper page (generator/chrome.py)."""

from __future__ import annotations

import pytest

from generator.chrome import capture


def test_capture_keeps_the_marked_blocks_and_removes_the_markers() -> None:
    page = ("<body><!--sa:tabs--><nav>tabs & co</nav><!--/sa:tabs--><main>"
            "<!--sa:site_nav--><div>nav</div><!--/sa:site_nav--><article>x</article></main></body>")
    output, chrome = capture(page)
    assert output == "<body><nav>tabs & co</nav><main><div>nav</div><article>x</article></main></body>"
    assert (str(chrome.tabs), str(chrome.site_nav)) == ("<nav>tabs & co</nav>", "<div>nav</div>")
    assert type(output) is str, "a Markup result would escape the rest of the page"


@pytest.mark.parametrize("page", [
    "<!--sa:tabs-->x<!--/sa:tabs-->",
    "<!--/sa:tabs--><!--sa:tabs--><!--sa:site_nav-->y<!--/sa:site_nav-->",
])
def test_capture_refuses_a_page_without_both_blocks(page: str) -> None:
    with pytest.raises(ValueError, match="markers"):
        capture(page)
