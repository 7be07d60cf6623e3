"""The nh3 pass removes live markup that escaping should never have let through."""

from __future__ import annotations

from generator.sanitize import sanitize_html


def test_scripts_handlers_and_javascript_links_are_removed() -> None:
    dirty = ('<p onclick="x()">a<script>alert(1)</script><img src=x onerror=alert(1)>'
             '<a href="javascript:alert(1)">j</a><iframe src="http://e"></iframe><style>p{}</style></p>')
    clean = sanitize_html(dirty)
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "<img"):
        assert bad not in clean
    assert "<a>j</a>" in clean


def test_our_own_markup_survives() -> None:
    ours = ('<table class="sa-table" data-sortable=""><thead><tr><th data-sort-type="number">P</th></tr></thead>'
            '<tbody><tr><td data-sort="7000000000.0"><a href="../../papers/x-1/" rel="nofollow noopener">x</a>'
            '</td></tr></tbody></table><mark id="fact-parameters-0">7B</mark>'
            '<svg viewBox="0 0 10 10" role="img" aria-labelledby="t"><title id="t">T</title>'
            '<a href="../x/"><circle cx="1" cy="2" r="3" class="g1"></circle></a></svg>')
    assert sanitize_html(ours) == ours
