"""Finished HTML regions of Markdown pages (generator/render/blocks.py): they leave the Markdown
source as placeholders, Markdown passes the placeholders through, and the regions come back
exactly as the template made them; seed text cannot forge a marker."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Page
from generator.render.blocks import PLACEHOLDER_RE, BlockError, placeholder, put_back, split_finished
from generator.render.environment import make_environment

# The extensions mkdocs.yml enables.
EXTENSIONS = ["attr_list", "md_in_html", "toc"]

TEMPLATE = """# {{ title }}

<p class="sa-lead">{{ title }}</p>

{% filter finished %}
<div class="sa-table-wrap">
<table><tr><td>{{ title }}</td><td>*not emphasis*</td></tr></table>
</div>
{% endfilter %}

## A section

{% filter finished %}
<ul>
<li>{{ title }}</li>
</ul>
{% endfilter %}
"""


def through_markdown(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def render(title: str) -> str:
    return make_environment({"page.md.j2": TEMPLATE}).get_template("page.md.j2").render(title=title)


def test_regions_skip_markdown_and_come_back_in_place() -> None:
    content, blocks = split_finished(render("Tiny *models*"))
    assert len(blocks) == 2
    assert "<table>" not in content and "<!--sa-block-0-->" in content and "<!--sa-block-1-->" in content
    html = put_back(through_markdown(content), blocks)
    assert blocks[0] in html and blocks[1] in html
    # The headings still come from Markdown (the table of contents and permalinks need them).
    assert '<h2 id="a-section">A section</h2>' in html
    # Inside a region Markdown syntax stays text, as it did when Markdown passed raw HTML through.
    assert "<td>*not emphasis*</td>" in html


def test_the_page_reads_as_it_did_when_markdown_parsed_the_regions() -> None:
    rendered = render("Tiny models")
    whole = rendered.replace("<!--sa-finished-->", "").replace("<!--/sa-finished-->", "")
    direct = through_markdown(whole)
    content, blocks = split_finished(rendered)
    assert Page("page.md", content, blocks=blocks).full_content == whole
    assert " ".join(put_back(through_markdown(content), blocks).split()) == " ".join(direct.split())


@given(st.text(max_size=60))
def test_seed_text_cannot_forge_a_marker_or_a_placeholder(title: str) -> None:
    for forged in (title, f"<!--sa-block-0-->{title}", f"<!--sa-finished-->{title}<!--/sa-finished-->"):
        content, blocks = split_finished(render(forged))
        assert len(blocks) == 2
        assert content.count("<!--sa-block-") == 2
        put_back(through_markdown(content), blocks)


def test_a_lost_or_repeated_placeholder_is_an_error() -> None:
    content, blocks = split_finished(render("Tiny models"))
    html = through_markdown(content)
    with pytest.raises(BlockError):
        put_back(html.replace("<!--sa-block-1-->", ""), blocks)
    with pytest.raises(BlockError):
        put_back(html + "<!--sa-block-0-->", blocks)
    with pytest.raises(BlockError):
        put_back(html + "<!--sa-block-7-->", blocks)


def test_html_only_templates_keep_the_region_as_it_is() -> None:
    env = make_environment({"page.html.j2": "{% filter finished %}<b>{{ t }}</b>{% endfilter %}"}, html_only=True)
    assert env.get_template("page.html.j2").render(t="x<y") == "<b>x&lt;y</b>"


def test_the_placeholder_pattern_reads_the_placeholder_back() -> None:
    match = PLACEHOLDER_RE.fullmatch(placeholder(12))
    assert match is not None and match.group(1) == "12"
