"""Method-family tags: the keyword pre-filter and the case-folded regexes must find exactly
what each family's pattern finds when matched case-insensitively against the original text.

The reference is the plain implementation: every pattern compiled with re.IGNORECASE and
searched in the title and abstract.  It is compared with ``candidate_tags`` on the real
corpus, on hand-picked look-alikes with unusual case mappings and on generated text.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import extract_all, load_corpus, read_inputs
from generator.extract import extract_facts, fold_case, no_facts
from generator.model import Facts, Paper
from generator.tags import METHOD_FAMILIES, TAG_RE, candidate_tags, method_families
from generator.taxonomy import parse_taxonomy
from tests.conftest import ROOT
from tests.lookalikes import odd_case

PLAIN = [(family.name, re.compile(family.pattern, re.IGNORECASE)) for family in METHOD_FAMILIES]
KEYWORDS = {family.name: family.keywords for family in METHOD_FAMILIES}
# Look-alikes that a case-insensitive regex equates with an ASCII letter: dotless and
# dotted i, long s, the Kelvin sign.
FRAGMENTS = (
    "LoRA", "MoE", "RLHF", "GRPO", "PPO", "Low-Rank Adaptation", "amoeba", "prunes", "\u0130", "\u0131",
    "\u017f", "\u212a", "\ufb01", "\ufb03", "\u03a3", "e\u0301", " ", "-", "_", "\n", "\u00a0",
)
RICH_FACTS = extract_facts(
    "Distilling a Multimodal Model",
    "We propose a vision-language model distilled with LoRA. Code is available at https://github.com/a/b.",
)


def plain_candidate_tags(paper: Paper, facts: Facts) -> list[str]:
    """``candidate_tags`` as it was before the pre-filter."""
    tags: list[str] = []
    for name in ("modality", "kind"):
        fact = facts.first(name)
        if fact is not None:
            tags.append(str(fact.value))
    text = f"{paper.title} {paper.abstract}"
    tags += [name for name, pattern in PLAIN if pattern.search(text)]
    if facts["code"]:
        tags.append("has code")
    return [t for t in dict.fromkeys(tags) if TAG_RE.match(t)]


def check_tags(title: str, abstract: str, facts: Facts) -> None:
    paper = Paper(slug="p", title=title, abstract=abstract, sources=())
    assert candidate_tags(paper, facts) == plain_candidate_tags(paper, facts), (title, abstract)
    text = f"{title} {abstract}"
    for name, pattern in PLAIN:
        # What makes the pre-filter exact: every match holds a keyword once folded.
        for match in pattern.finditer(text):
            assert any(keyword in fold_case(match.group()) for keyword in KEYWORDS[name]), (name, match.group())


def test_rich_facts_carry_every_non_method_tag() -> None:
    assert RICH_FACTS.first("kind") is not None and RICH_FACTS.first("modality") is not None and RICH_FACTS["code"]


def test_tags_agree_with_the_plain_regexes_on_the_real_corpus() -> None:
    inputs = read_inputs(ROOT)
    papers, _ = load_corpus(inputs, parse_taxonomy("survey.yml", inputs.taxonomy_text))
    facts = extract_all(papers)
    rng = random.Random(5)
    for paper in papers:
        check_tags(paper.title, paper.abstract, facts[paper.slug])
        check_tags(odd_case(paper.title, rng), odd_case(paper.abstract, rng), facts[paper.slug])
    found = {name for paper in papers for name in method_families(f"{paper.title} {paper.abstract}")}
    assert len(found) >= 10, found  # the corpus exercises most families, not just the filter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LoRA meets MoE under RLHF", ["LoRA / PEFT", "mixture of experts", "reinforcement learning"]),
        ("LOW RANK ADAPTATION and Low-Rank Adaptation", ["LoRA / PEFT"]),
        ("Parameter-Efficient PROMPT TUNING", ["LoRA / PEFT"]),
        ("MoE-based routing", ["mixture of experts"]),
        ("an amoeba", []),
        ("the model prunes heads", []),
        ("PRUNED", ["pruning"]),
        ("D\u0130ST\u0130LLAT\u0130ON", ["distillation"]),  # dotted capital I
        ("d\u0131stilled", ["distillation"]),  # dotless i
        ("\u017fcaling law\u017f", ["scaling laws"]),  # long s
        ("quanti\u017fed", ["quantization"]),  # long s in a class
        ("low-ran\u212a adaptation", ["LoRA / PEFT"]),  # Kelvin sign
        ("parameter-e\ufb03cient", []),  # an "ffi" ligature is not "ffi"
        ("\ufb01ne-tuned adapters", ["LoRA / PEFT"]),
        ("LoRA\ufb01", []),  # the ligature is a word character: no word boundary
        ("contrastive\u0130", []),  # so is a dotted capital I
        ("CONTINUED PRETRAINING", ["continual learning"]),
    ],
)
def test_look_alikes_and_word_boundaries(text: str, expected: list[str]) -> None:
    assert method_families(text) == expected
    assert [name for name, pattern in PLAIN if pattern.search(text)] == expected


PIECES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(FRAGMENTS),
    st.sampled_from([pattern for _, pattern in PLAIN]).flatmap(st.from_regex),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.lists(PIECES, max_size=4).map("".join),
    abstract=st.lists(PIECES, max_size=8).map("".join),
    facts=st.sampled_from([no_facts(), RICH_FACTS]),
    seed=st.integers(0, 1_000),
)
def test_tags_agree_with_the_plain_regexes_on_generated_text(title: str, abstract: str, facts: Facts,
                                                             seed: int) -> None:
    check_tags(title, abstract, facts)
    rng = random.Random(seed)
    check_tags(odd_case(title, rng), odd_case(abstract, rng), facts)
