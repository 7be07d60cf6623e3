"""Method-family tags: the keyword pre-filter and the case-folded regexes must find exactly
what each family's patterns find when matched case-insensitively against the original text.

The reference is the plain implementation: every pattern (the family's, its other senses, the
foils and the data-only sentences) compiled with re.IGNORECASE and applied to the original
text, without the keyword test.  It is compared with ``mention_counts`` on the real corpus, on
hand-picked look-alikes with unusual case mappings and on generated text.  Whether a family is
a paper's subject (title, contribution sentence, repeated use) is measured against the hand
gold in ``test_tags_quality.py``; here, a few cases show each part of that rule.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import tags
from generator.build import extract_all, load_corpus, read_inputs
from generator.extract import extract_facts, fold_case, no_facts
from generator.model import Facts, Paper
from generator.tags import METHOD_FAMILIES, TAG_RE, candidate_tags, method_families, subject_families
from generator.taxonomy import parse_taxonomy
from tests.conftest import ROOT
from tests.lookalikes import odd_case

PLAIN = [(family.name, re.compile(family.pattern, re.IGNORECASE)) for family in METHOD_FAMILIES]
OTHER_SENSES = {family.name: re.compile(family.other_senses, re.IGNORECASE)
                for family in METHOD_FAMILIES if family.other_senses}
DATA_SENSE = {family.name for family in METHOD_FAMILIES if family.data_sense}
FOIL, SENTENCE, EVALUATION = (re.compile(regex.pattern, re.IGNORECASE)
                               for regex in (tags._FOIL, tags._SENTENCE, tags._EVALUATION))
NAMES_DATA, MODEL_PART = (re.compile(regex.pattern, re.IGNORECASE) for regex in (tags._NAMES_DATA, tags._MODEL_PART))
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


def blank(match: re.Match[str]) -> str:
    return "#" * len(match.group())


def plain_mention_counts(text: str, count_evaluations: bool = True) -> dict[str, int]:
    """``mention_counts`` without the pre-filter or the folding: every regex case-insensitive."""
    text = FOIL.sub(blank, text)
    if not count_evaluations:
        text = EVALUATION.sub(blank, text)
    counts = {}
    for name, pattern in PLAIN:
        searched = OTHER_SENSES[name].sub(blank, text) if name in OTHER_SENSES else text
        if name in DATA_SENSE:
            searched = SENTENCE.sub(lambda m: blank(m) if NAMES_DATA.search(m.group())
                                    and not MODEL_PART.search(m.group()) else m.group(), searched)
        if found := len(pattern.findall(searched)):
            counts[name] = found
    return counts


def plain_candidate_tags(paper: Paper, facts: Facts) -> list[str]:
    """``candidate_tags`` with the plain mention counts."""
    found: list[str] = []
    for name in ("modality", "kind"):
        fact = facts.first(name)
        if fact is not None:
            found.append(str(fact.value))
    summary = facts.first("summary")
    head = tags.contribution_head(summary.source) if summary else ""
    named = set(plain_mention_counts(paper.title)) | set(plain_mention_counts(head))
    repeated = plain_mention_counts(paper.abstract, count_evaluations=False)
    subjects = {name for name, _ in PLAIN if name in named or repeated.get(name, 0) >= tags.CENTRAL_MENTIONS}
    found += [family.name for family in METHOD_FAMILIES
              if family.name in subjects and not subjects.intersection(family.yields_to)]
    if facts["code"]:
        found.append("has code")
    return [t for t in dict.fromkeys(found) if TAG_RE.match(t)]


def check_tags(title: str, abstract: str, facts: Facts) -> None:
    paper = Paper(slug="p", title=title, abstract=abstract, sources=())
    assert candidate_tags(paper, facts) == plain_candidate_tags(paper, facts), (title, abstract)
    text = f"{title} {abstract}"
    assert tags.mention_counts(text) == plain_mention_counts(text), text
    assert tags.mention_counts(text, count_evaluations=False) == plain_mention_counts(text, False), text
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
        ("the model is pruned", ["pruning"]),
        ("data pruning and pruning of web-scale datasets", ["data selection"]),
        ("a search and pruning solution to the training data search problem.", []),
        ("Dataset Quantization", ["dataset distillation"]),
        ("a vector-quantized bottleneck", []),
        ("Scaling Test-Time Compute Without Verification or RL", []),
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
        # Other names of a family.
        ("Low-Precision Training and low bit inference", ["quantization"]),
        ("acceleration for arbitrary precision LLMs", ["quantization"]),
        ("mixed precision training", []),
        ("Lifelong Instruction Tuning", ["continual learning"]),
        ("Self-Distillation for Further Pre-training", ["distillation", "continual learning"]),
        ("Generating Instruction Data via RAG", ["retrieval"]),
        ("a dragon", []),
        ("training with 1 Million Sequence Length", ["long context"]),
        ("pretrained on 100 million tokens", []),
        ("N:M Sparse training and 2:4 sparsity", ["pruning"]),
        ("a sparse model", []),
        ("Rephrasing the Web and rewriting pre-training data", ["synthetic data"]),
        ("query rewriting", []),
        # A method the paper is measured against is a foil.
        ("it outperforms knowledge distillation", []),
        ("compared with LoRA", []),
        ("better than RL", []),
    ],
)
def test_look_alikes_and_word_boundaries(text: str, expected: list[str]) -> None:
    assert method_families(text) == expected
    assert list(plain_mention_counts(text)) == expected


@pytest.mark.parametrize(
    ("title", "abstract", "contribution", "expected"),
    [
        # Named in the title: the subject.
        ("GPTQ: Post-Training Quantization", "We study models.", "", ["quantization"]),
        # Named once in passing: not the subject.
        ("A Memory-Efficient Optimizer", "It also works with weight quantization.", "", []),
        # In the head of the contribution sentence: the subject; after "grounded in": a component.
        ("SharedLLM", "x", "we propose a data selection method, CoLoR, which uses retrieval",
         ["data selection"]),
        ("SharedLLM", "x", "we propose SharedLLM, a novel approach grounded in information retrieval", []),
        # Repeated central use.
        ("A Method", "LoRA here. LoRA there. LoRA again. LoRA at last.", "", ["LoRA / PEFT"]),
        ("A Method", "LoRA here. LoRA there. LoRA again.", "", []),
        # The verb of the paper's own claim, not a purpose clause or an earlier finding before it.
        ("A Method", "x", "To address retrieval errors, we propose X, a framework", []),
        ("A Method", "x", "Given findings that show retrieval helps, we further propose X", []),
        ("A Method", "x", "To tackle this, this paper presents a retrieval framework", ["retrieval"]),
        # Mentions as what the paper is evaluated on do not make a central use.
        ("A Method", "On long-context tasks. Long-context benchmarks. The long-context setting. "
         "It is evaluated on long-context retrieval.", "", []),
        ("A Method", "Long-context here. Long-context there. Long-context again. Long-context tasks.", "", []),
        ("A Method", "Long-context here. Long-context there. Long-context again. Long-context at last.", "",
         ["long context"]),
        # A dataset-distillation paper says "distilled" throughout.
        ("Dataset Distillation Made Easy", "The distilled set. Distilling. Distillation. Distilled data.", "",
         ["dataset distillation"]),
    ],
)
def test_a_family_is_a_tag_only_when_it_is_the_subject(title: str, abstract: str, contribution: str,
                                                      expected: list[str]) -> None:
    assert subject_families(title, abstract, contribution) == expected


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
