"""Common LaTeX in titles and abstracts shows as the text it stands for (``generator/latex.py``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.corpus import merge_entries, normalize_title
from generator.latex import plain_text
from generator.model import Source
from generator.slugs import slug_for_title


@pytest.mark.parametrize(("written", "shown"), [
    (r"One For All (\textsc{Ofa})", "One For All (Ofa)"),
    (r"training sets 80\% smaller", "training sets 80% smaller"),
    (r"\textbf{Bold} and \emph{slanted}", "Bold and slanted"),
    (r"$10^{4}$ GPU hours", "10^4 GPU hours"),
    (r"3$\times$ faster", "3× faster"),
    (r"$\mathcal{O}(n^2)$ memory", "O(n^2) memory"),
    (r"Q\&A", "Q&A"),
])
def test_common_latex_reads_as_text(written: str, shown: str) -> None:
    assert plain_text(written) == shown


@pytest.mark.parametrize("kept", [
    "costs $5 and $10 per run",  # dollar amounts, not a formula
    r"$\frac{a}{b}$ stays",  # a command we do not know is left as written
    "plain text with no markup",
])
def test_what_is_not_common_latex_is_left_alone(kept: str) -> None:
    assert plain_text(kept) == kept


@given(st.text(max_size=200))
def test_plain_text_never_fails_and_leaves_text_without_markup_alone(text: str) -> None:
    result = plain_text(text)
    if "\\" not in text and "$" not in text:
        assert result == text


def test_a_paper_shows_clean_text_under_the_slug_of_its_listed_title() -> None:
    from generator.corpus import Entry

    title = r"One For All (\textsc{Ofa}): 80\% Fewer Steps"
    papers, _ = merge_entries([Entry(title, r"We cut steps by 80\%.", Source("a.txt", 1))])
    assert papers[0].title == "One For All (Ofa): 80% Fewer Steps"
    assert papers[0].abstract == "We cut steps by 80%."
    # The slug is the listed title's, so cleaning a title never moves its page.
    assert papers[0].slug == slug_for_title(normalize_title(title))
    assert papers[0].slug != slug_for_title(normalize_title(papers[0].title))
