"""Headline results as structured claims: value, metric, benchmark and what it is compared with.

A paper's headline results (the ``results`` facts: a clause with a percentage or a factor, such
as "improves accuracy by 3.2% on MMLU over Llama-2") become ``Claim`` records, so results on
one benchmark can be set side by side across papers, each with the sentence it came from.
The benchmark is one the paper names (a ``benchmarks`` fact) inside the claim's clause, or the
only one named in its sentence; the metric is the first metric word of the clause; the
comparison is what follows "than", "over", "compared to" and the like.
"""

from __future__ import annotations

import re

from generator.model import Claim, Fact, Facts

METRIC = re.compile(
    r"(?i)\b(accuracy|top-1|top-5|f1|bleu|rouge(?:-\w+)?|pass@\d+|perplexity|win rate|exact match|mfu"
    r"|throughput|speed-?ups?|faster|latency|memory|compute|cost|flops|error|loss|compression"
    r"|performance|efficiency|score|gains?|reduction)\b"
)
COMPARISON = re.compile(
    r"(?i)\b(?:than|over|compared (?:to|with)|relative to|against|versus|vs\.?|outperform(?:s|ing)?|surpass(?:es|ing)?)"
    r"\s+(?P<what>(?:the\s+)?[^,.;:()]{2,60}?)(?=\s+(?:on|in|at|by|with|across|while|and|for)\b|[,.;:()]|$)"
)


def paper_claims(facts: Facts) -> tuple[Claim, ...]:
    """The claims of one paper, one per headline result, in the order they appear."""
    return tuple(claim_of(result, facts["benchmarks"]) for result in facts["results"])


def claim_of(result: Fact, benchmarks: tuple[Fact, ...]) -> Claim:
    clause = result.text
    metric = METRIC.search(clause)
    comparison = COMPARISON.search(clause)
    return Claim(
        value=float(result.value) if isinstance(result.value, int | float) else 0.0,
        unit=result.unit or "",
        metric=metric.group(1).lower() if metric else None,
        benchmark=benchmark_of(result, benchmarks),
        comparison=" ".join(comparison["what"].split()) if comparison else None,
        result=result,
    )


def benchmark_of(result: Fact, benchmarks: tuple[Fact, ...]) -> str | None:
    """The benchmark named inside the result's clause, else the only one named in its sentence."""
    in_sentence = [b for b in benchmarks if b.source == result.source and isinstance(b.value, str)]
    inside = [b for b in in_sentence if result.start <= b.start and b.end <= result.end]
    if inside:
        return str(inside[0].value)
    names = {str(b.value) for b in in_sentence}
    return names.pop() if len(names) == 1 else None
