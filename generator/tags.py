"""Give each paper a few tags from a controlled vocabulary.

Tags come from the extracted facts (modality, kind of contribution, whether code is linked)
and from method families recognised in the title or abstract (LoRA, mixture of experts,
distillation, quantization, …).  A tag that only one paper would carry says nothing about
the corpus and is dropped, so the tags index stays short and every tag groups papers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from generator.corpus import Paper
from generator.extract import Facts

TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /+.-]*$")
MIN_PAPERS_PER_TAG = 2
METHOD_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("LoRA / PEFT", r"\b(lora|low[- ]rank adaptation|parameter[- ]efficient|adapters?|prompt[- ]tuning)\b"),
        ("mixture of experts", r"\b(mixture[- ]of[- ]experts|moe)\b"),
        ("distillation", r"\bdistill(ation|ed|ing)?\b"),
        ("quantization", r"\bquanti[sz](ation|ed|ing)\b"),
        ("pruning", r"\bprun(e|ed|ing)\b"),
        ("reinforcement learning", r"\b(reinforcement learning|rlhf|grpo|ppo)\b"),
        ("contrastive learning", r"\bcontrastive\b"),
        ("synthetic data", r"\bsynthetic (data|dataset|corpus|corpora)\b"),
        ("scaling laws", r"\bscaling laws?\b"),
        ("continual learning", r"\bcontinu(al|ous|ed) pre-?training\b|\bcontinual learning\b"),
        ("retrieval", r"\bretrieval\b"),
        ("curriculum", r"\bcurricul(um|a)\b"),
        ("long context", r"\blong[- ]context\b"),
        ("diffusion", r"\bdiffusion\b"),
    )
)


def candidate_tags(paper: Paper, facts: Facts) -> list[str]:
    tags: list[str] = []
    if facts.modality is not None:
        tags.append(str(facts.modality.value))
    if facts.kind is not None:
        tags.append(str(facts.kind.value))
    text = f"{paper.title} {paper.abstract}"
    tags += [name for name, pattern in METHOD_FAMILIES if pattern.search(text)]
    if facts.code:
        tags.append("has code")
    return [t for t in dict.fromkeys(tags) if TAG_RE.match(t)]


def tag_papers(papers: Sequence[Paper], facts: Mapping[str, Facts]) -> dict[str, tuple[str, ...]]:
    """Tags per paper slug, keeping only tags shared by at least two papers."""
    candidates = {p.slug: candidate_tags(p, facts[p.slug]) for p in papers}
    counts = Counter(tag for tags in candidates.values() for tag in tags)
    return {slug: tuple(t for t in tags if counts[t] >= MIN_PAPERS_PER_TAG) for slug, tags in candidates.items()}
