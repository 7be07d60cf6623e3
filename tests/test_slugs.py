"""Slugs are stable, safe and depend on the title alone."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.corpus import merge_entries, normalize_title, parse_seed
from generator.slugs import MAX_SLUG, slug_for_title

SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_known_slug_never_changes() -> None:
    # Pinned: a changed algorithm would break every published paper URL.
    assert slug_for_title(normalize_title("Data Filtering Networks")) == "data-filtering-networks-f0b75e79"


def test_different_titles_with_same_words_get_different_slugs() -> None:
    assert slug_for_title("gpt-4") != slug_for_title("gpt 4")


def test_reserved_names_get_a_suffix_and_empty_words_a_stand_in() -> None:
    assert re.match(r"^index-[0-9a-f]{8}$", slug_for_title("index"))
    assert re.match(r"^paper-[0-9a-f]{8}$", slug_for_title("中文标题"))


@given(st.text(max_size=400))
def test_slugs_are_safe_for_any_title(title: str) -> None:
    slug = slug_for_title(normalize_title(title))
    assert len(slug) <= MAX_SLUG
    assert SAFE.match(slug), slug


def test_slug_does_not_depend_on_other_papers() -> None:
    header = "Daily Papers\n\nSep 2\n\n"
    abstract = "An abstract sentence that is long enough to be prose. " * 5
    alone = parse_seed("a.txt", header + f"Zeta Paper\n\n{abstract}\n")[0].entries
    crowd = parse_seed("b.txt", header + f"Alpha Paper\n\n{abstract}\n\nZeta Paper\n\n{abstract}\n")[0].entries
    slug_alone = merge_entries(alone)[0][0].slug
    assert slug_alone in {p.slug for p in merge_entries(crowd + alone)[0]}
