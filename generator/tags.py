"""Give each paper a few tags from a controlled vocabulary.

Tags come from the extracted facts (modality, kind of contribution, whether code is linked)
and from method families recognised in the title or abstract (LoRA, mixture of experts,
distillation, quantization, …).  A tag that only one paper would carry says nothing about
the corpus and is dropped, so the tags index stays short and every tag groups papers.

A family's regex runs only on text that contains one of its keywords, substrings that every
match contains, so most papers skip most regexes; the text is case-folded first (see
``extract.fold_case``) so that the keyword test is a plain substring test, and the lower-case
regex then matches the folded text exactly where it matches the original case-insensitively.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from generator.extract import contains_any, fold_case
from generator.model import Facts, Paper

TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /+.-]*$")
MIN_PAPERS_PER_TAG = 2


class MethodFamily(NamedTuple):
    """A method tag, its regex (lower case, matched case-insensitively) and its keywords:
    each alternative of the regex spelled out up to its first optional part, or a part
    that all alternatives share, so that every match contains at least one of them."""

    name: str
    pattern: str
    keywords: tuple[str, ...]


METHOD_FAMILIES: tuple[MethodFamily, ...] = (
    MethodFamily("LoRA / PEFT", r"\b(lora|low[- ]rank adaptation|parameter[- ]efficient|adapters?|prompt[- ]tuning)\b",
                 ("lora", "low-rank", "low rank", "parameter-efficient", "parameter efficient", "adapter",
                  "prompt-tuning", "prompt tuning")),
    MethodFamily("mixture of experts", r"\b(mixture[- ]of[- ]experts|moe)\b", ("mixture", "moe")),
    MethodFamily("distillation", r"\bdistill(ation|ed|ing)?\b", ("distill",)),
    MethodFamily("quantization", r"\bquanti[sz](ation|ed|ing)\b", ("quanti",)),
    MethodFamily("pruning", r"\bprun(e|ed|ing)\b", ("prun",)),
    MethodFamily("reinforcement learning", r"\b(reinforcement learning|rlhf|grpo|ppo)\b",
                 ("reinforcement learning", "rlhf", "grpo", "ppo")),
    MethodFamily("contrastive learning", r"\bcontrastive\b", ("contrastive",)),
    MethodFamily("synthetic data", r"\bsynthetic (data|dataset|corpus|corpora)\b", ("synthetic",)),
    MethodFamily("scaling laws", r"\bscaling laws?\b", ("scaling law",)),
    MethodFamily("continual learning", r"\bcontinu(al|ous|ed) pre-?training\b|\bcontinual learning\b",
                 ("continual", "continuous pre", "continued pre")),
    MethodFamily("retrieval", r"\bretrieval\b", ("retrieval",)),
    MethodFamily("curriculum", r"\bcurricul(um|a)\b", ("curricul",)),
    MethodFamily("long context", r"\blong[- ]context\b", ("long-context", "long context")),
    MethodFamily("diffusion", r"\bdiffusion\b", ("diffusion",)),
)
# Case-sensitive: they run on the folded text.
_FOLDED_REGEXES = tuple((family, re.compile(family.pattern)) for family in METHOD_FAMILIES)


def candidate_tags(paper: Paper, facts: Facts) -> list[str]:
    tags: list[str] = []
    tags += [str(fact.value) for name in ("modality", "kind") for fact in facts[name]]
    tags += method_families(f"{paper.title} {paper.abstract}")
    if facts["code"]:
        tags.append("has code")
    return [t for t in dict.fromkeys(tags) if TAG_RE.match(t)]


def method_families(text: str) -> list[str]:
    """Names of the method families whose pattern ``text`` matches case-insensitively, in table order."""
    folded = fold_case(text)
    return [
        family.name
        for family, regex in _FOLDED_REGEXES
        if contains_any(folded, family.keywords) and regex.search(folded)
    ]


def tag_papers(papers: Sequence[Paper], facts: Mapping[str, Facts]) -> dict[str, tuple[str, ...]]:
    """Tags per paper slug, keeping only tags shared by at least two papers."""
    candidates = {p.slug: candidate_tags(p, facts[p.slug]) for p in papers}
    counts = Counter(tag for tags in candidates.values() for tag in tags)
    return {slug: tuple(t for t in tags if counts[t] >= MIN_PAPERS_PER_TAG) for slug, tags in candidates.items()}
