"""Structured claims (``generator/claims.py``) and the benchmark pages built from them."""

from __future__ import annotations

import re

from generator.claims import paper_claims
from generator.extract import extract_facts
from generator.model import MIN_BENCHMARK_PAPERS, Page
from generator.urls import tag_id
from tests.golden import render_mini


def test_a_result_becomes_a_claim_with_metric_benchmark_and_comparison() -> None:
    abstract = "Our model improves accuracy by 3.2% on MMLU over Llama-2 while using half the data."
    facts = extract_facts("A Paper", abstract)
    claims = paper_claims(facts)
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.value, claim.unit, claim.metric, claim.benchmark) == (3.2, "%", "accuracy", "MMLU")
    assert claim.comparison == "Llama-2"
    assert claim.result in facts["results"]


def test_a_claim_names_no_benchmark_when_its_sentence_names_several_outside_its_clause() -> None:
    facts = extract_facts("A Paper", "We evaluate on MMLU and GSM8K. Training is 2.5x faster than the baseline.")
    claim = paper_claims(facts)[0]
    assert claim.benchmark is None and claim.unit == "x" and claim.comparison == "the baseline"


def pages_by_uri() -> dict[str, Page]:
    return {page.src_uri: page for page in render_mini().pages}


def test_every_benchmark_named_by_two_papers_has_a_page_listing_exactly_them() -> None:
    result = render_mini()
    survey = result.survey
    named: dict[str, set[str]] = {}
    for paper in survey.papers:
        for fact in survey.facts[paper.slug]["benchmarks"]:
            named.setdefault(str(fact.value), set()).add(paper.slug)
    expected = {name for name, slugs in named.items() if len(slugs) >= MIN_BENCHMARK_PAPERS}
    assert expected, "the mini corpus has a benchmark named by two papers"
    pages = pages_by_uri()
    on_index = pages["benchmarks.md"].full_content
    for name in expected:
        page = pages[f"benchmarks/{tag_id(name)}.md"]
        listed = set(re.findall(r'<td data-label="Paper"><a href="\.\./\.\./papers/([^/"]+)/"', page.full_content))
        assert listed == named[name], name
        assert f'href="{tag_id(name)}/"' in on_index
    assert not any(uri.startswith("benchmarks/") and uri.removeprefix("benchmarks/").removesuffix(".md")
                   not in {tag_id(n) for n in expected} for uri in pages)


def test_benchmark_names_in_table_cells_link_to_their_pages() -> None:
    survey = render_mini().survey
    name = next(iter(survey.by_benchmark))
    chapter = survey.chapter_of(survey.by_benchmark[name][0])
    content = pages_by_uri()[f"chapters/{chapter.id}.md"].full_content
    assert f'<a href="../../benchmarks/{tag_id(name)}/">' in content
    assert 'class="sa-source"' in content
