"""Kind: what a paper mainly is (a method, dataset, benchmark, survey, system, model release or study).

Weighted cue phrases in the title and the abstract's opening vote for a kind (title cues
weigh more), and so do the head nouns of the first contribution sentences ("we present X,
a large-scale *dataset* of ..."), strongest first.  The best kind wins only with enough
score and a clear margin over the runner-up; otherwise the paper has no kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator.extract.analysis import Analysis
from generator.extract.cues import CueTable, Scores, add_score, classify, cues
from generator.extract.fact_field import CsvColumn, FactField, first_text, single
from generator.extract.prefilter import keyword_registry
from generator.extract.sentences import ANALYSIS_WINDOW_CHARS, Segment
from generator.model import Fact

KINDS = (
    "method",
    "dataset",
    "benchmark",
    "survey",
    "system",
    "model release",
    "empirical study",
)

_TITLE_CUES: CueTable = {
    "survey": cues((r"\b(?:survey|review|overview|tutorial|primer)\b", 6.0, "survey review overview tutorial primer")),
    "benchmark": cues((r"\bbenchmark\b(?!ing)", 4.0, "benchmark"), (r"\bleaderboard\b", 3.0, "leaderboard")),
    "dataset": cues(
        (r"\b(?:a|an)\s+(?:[\w,'-]+\s+){0,6}(?:dataset|corpus)\b(?!\s+(?:distillation|quantization|"
            r"pruning|selection|condensation|search))", 4.0, "dataset corpus"),
        (r"\b(?:dataset|corpus)\s+(?:of|for|with)\b", 2.0, "dataset corpus"),
    ),
    "method": cues(
        (r"\s(?:via|with|using|through|by)\s", 1.0, "via with using through by"),
        (r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}(?:method|approach|algorithm|recipe|technique)\b", 2.5,
            "method approach algorithm recipe technique"),
    ),
    "model release": cues(
        (r"\btechnical\s+report\b", 6.0, "technical"),
        (r"\b(?:a|an)\s+(?:[\w-]+\s+){0,4}(?:language|foundation|generative|vision-language)\s+models?\b", 2.0,
            "language foundation generative"),
        (r"\bfamily\s+of\b", 2.0, "family"),
        (r"\bfoundation\s+(?:language\s+)?models?\b", 1.5, "foundation"),
    ),
    "system": cues(
        (r"\b(?:serving|distributed\s+training|inference\s+system|clusters?|gpus?|memory\s+wall|"
            r"fault\s+tolerance|throughput|parallel\s+training)\b", 2.0,
            "serving distributed inference cluster gpu memory fault throughput parallel"),
    ),
    "empirical study": cues(
        # Anchored at the start, so already cheap: no keywords.
        (r"^(?:rethinking|revisiting|understanding|evaluating|benchmarking|analy[sz]ing|investigating|"
            r"exploring|on\s+the|how|what|when|why|does|do|is|are|can|towards\s+understanding)\b", 2.5, ""),
        (r"\b(?:lessons|insights|empirical|study|comparison|findings|scaling\s+laws?|analysis|"
            r"characteri[sz]ation)\b", 2.5,
            "lessons insights empirical study comparison findings scaling analysis characteri"),
        (r"\?", 1.0, ""),  # a literal: already cheap
    ),
}
_TEXT_CUES: CueTable = {
    "survey": cues(
        (r"\b(?:this|our|the\s+present)\s+(?:survey|review)\b", 4.0, "survey review"),
        (r"\b(?:comprehensive|systematic|structured)\s+(?:survey|review|overview)\b", 4.0, "survey review overview"),
        (r"\bwe\s+(?:\w+ly\s+)?review\b", 3.0, "review"),
    ),
    "benchmark": cues(
        (r"\b(?-i:[A-Z])[\w-]+,\s+(?:a|an|the)\s+(?:[\w()-]+,?\s+){0,6}benchmark\b", 2.0, "benchmark"),
        (r"\bbenchmark\s+(?:for|to)\s+(?:evaluat|assess|measur)", 1.5, "benchmark"),
    ),
    "dataset": cues(
        (r"\b(?-i:[A-Z])[\w-]+,\s+(?:a|an|the)\s+(?:[\w,()-]+\s+){0,6}(?:dataset|corpus)\b", 2.0, "dataset corpus"),
        (r"\bour\s+dataset\b", 1.0, "dataset"),
        (r"\b(?:we|and)\s+release\s+(?:the|our)\s+(?:dataset|data|corpus)\b", 1.0, "release"),
    ),
    "model release": cues(
        (r"\btechnical\s+report\b|\bthis\s+report\b", 3.0, "report"),
        (r"\b(?:a|our|new)\s+(?:[\w-]+\s+){0,2}(?:family|series)\s+of\s+(?:[\w-]+\s+){0,4}(?:models|"
            r"llms|transformers)\b", 2.5, "family series"),
        (r"\b(?:open-?source|release|open-?sourced|released|make)\s+(?:the\s+|"
            r"our\s+)?(?:[\w.-]+\s+){0,2}(?:model\s+weights|weights|checkpoints)\b", 1.5, "weights checkpoints"),
    ),
    "system": cues(
        (r"(?<![\w-])(?:production|distributed|training|serving|inference)\s+(?:system|framework|stack|engine)\b", 2.5,
            "system framework stack engine"),
        (r"\b(?:system|framework)\s+for\s+(?:training|serving|inference|fine-tuning)\b", 1.5, "system framework"),
        (r"\b(?:MFU|FLOPs\s+utilization|throughput|parallelism|pipelining|scheduler|co-design|"
            r"offload\w*|goodput)\b", 0.75,
            "mfu flops throughput parallelism pipelining scheduler co-design offload goodput"),
        (r"(?<![\d,])\d[\d,]{0,12}\s(?:\w{1,20}\s){0,2}GPUs\b", 1.0, "gpus"),
    ),
    "empirical study": cues(
        (r"\b(?:systematic|empirical|comprehensive|large-scale|extensive|controlled)\s+(?:study|"
            r"analysis|evaluation|comparison|investigation|characterization)\b", 2.5,
            "study analysis evaluation comparison investigation characterization"),
        (r"\bwe\s+(?:\w+\s+)?(?:study|investigate|analy[sz]e|explore|examine|evaluate|characteri[sz]e)\b", 1.0,
            "study investigate analy explore examine evaluate characteri"),
        (r"\b(?:we\s+find|our\s+(?:findings|analysis|results)\s+(?:reveal|show|suggest|indicate)|"
            r"findings\s+(?:suggest|reveal|highlight))\b", 1.0, "find analysis results"),
        (r"\bscaling\s+laws?\b", 1.0, "scaling"),
        (r"\b(?:this|our)\s+(?:research|work|paper|study)\s+(?:explores|investigates|studies|examines|"
            r"analy[sz]es)\b", 2.5, "explores investigates studies examines analy"),
        (r"\blessons\b|\binsights\b", 1.0, "lessons insights"),
    ),
    "method": cues(
        (r"\bwe\s+(?:\w+\s+){0,2}?propose\b", 2.5, "propose"),
        (r"\b(?:novel|new)\s+(?:[\w-]+\s+){0,2}(?:method|approach|technique|algorithm|framework|"
            r"architecture|objective|loss|strategy)\b", 1.0, "novel new"),
        (r"\bour\s+(?:method|approach|technique|algorithm)\b", 1.5, "method approach technique algorithm"),
    ),
}

# What the authors say they present: "we present X, a <modifiers> HEAD ...".
# Case-insensitive, but written in lower case and matched against the folded
# text (``Segment.folded``; see ``fold_case``): same spans, about 3x faster.
_CONTRIBUTION_VERB = re.compile(
    r"(?:\b(?:we|this\s+(?:paper|work|report|study))\s+(?:\w+\s+){0,2}?"
    r"(?:propose|proposes|introduce|introduces|present|presents|develop|develops|release|build|construct|design|"
    r"describe|describes|provide|provides|offer|offers)"
    r"|(?<![\w-])(?:introducing|presenting))\s+"
)
_CONTRIBUTION_VERB_KEYS = keyword_registry().register(
    "propose introduc present develop release build construct design describe provide offer"
)
_APPOSITIVE_NAME = re.compile(
    r"[A-Z][\w.+\-]{0,40}(?:\s[\w.+\-]{1,40}){0,3}?\s?(?:\([^()]{0,150}\))?,\s{1,3}(?:namely\s)?"
)
_PHRASE_STOP = re.compile(
    r"(?i)[.;:]|\s(?:for|of|to|that|which|with|on|in|by|from|via|designed|tailored|where|using|based|"
    r"named|called|dubbed|capable|namely|as|across|at|through|while|and\s+(?:show|demonstrate|evaluate|release))\b"
)
_HEAD_KINDS: Mapping[str, str] = {
    **dict.fromkeys(("dataset", "datasets", "corpus", "corpora"), "dataset"),
    **dict.fromkeys(("benchmark", "benchmarks", "leaderboard", "testbed"), "benchmark"),
    **dict.fromkeys(("survey", "review", "overview"), "survey"),
    **dict.fromkeys(("family", "series"), "model release"),
    **dict.fromkeys(("system", "systems", "stack", "engine", "library", "infrastructure"), "system"),
    **dict.fromkeys(
        (
            "method", "methods", "approach", "technique", "algorithm", "strategy", "pipeline",
            "architecture", "paradigm", "mechanism", "objective", "loss", "scheme", "module",
            "optimizer", "recipe", "procedure", "protocol", "tokenizer", "network", "networks",
            "solution", "metric", "framework", "regularization", "model", "models", "llm", "llms",
            "practices", "guidelines", "pre-training", "pretraining", "training", "distillation",
            "fine-tuning", "tuning", "prompting", "decoding", "quantization", "pruning", "learning",
        ),
        "method",
    ),
    **dict.fromkeys(
        ("study", "analysis", "investigation", "evaluation", "comparison", "characterization"),
        "empirical study",
    ),
}
_SYSTEM_MODIFIERS = frozenset({"training", "serving", "inference", "distributed", "production"})
# "an iterative training framework" is a learning method, not a system.
_PARADIGM_ADJECTIVES = frozenset(
    {
        "iterative", "self-supervised", "supervised", "unsupervised", "semi-supervised",
        "contrastive", "adversarial", "multi-task", "curriculum", "self-training", "meta",
        "tri-branch", "two-stage", "multi-stage", "joint", "collaborative", "federated",
    }
)
_MODEL_HEADS = frozenset({"model", "models", "llm", "llms", "vlm", "vlms"})
_CONTRIBUTION_WEIGHTS = (5.0, 2.0, 1.0)
_PARENTHETICAL = re.compile(r"\([^()]*\)?")
_NAMED_AFTER = re.compile(r"(?i)\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:namely|named|called|dubbed)\b")
_KIND_MIN_SCORE = 2.5
_KIND_MARGIN = 1.0


def _contribution_heads(segments: Sequence[Segment]) -> list[tuple[str, Segment, tuple[int, int]]]:
    """Kinds named by the first contribution sentences, strongest first."""
    heads: list[tuple[str, Segment, tuple[int, int]]] = []
    for segment in segments:
        if segment.is_title:
            continue
        if not segment.may_contain(_CONTRIBUTION_VERB_KEYS):
            continue
        for verb in _CONTRIBUTION_VERB.finditer(segment.folded, 0, ANALYSIS_WINDOW_CHARS):
            head = _head_of_object(segment.text, verb.end())
            if head is not None:
                heads.append((head[0], segment, head[1]))
                break
        if len(heads) == len(_CONTRIBUTION_WEIGHTS):
            break
    return heads


def _head_of_object(text: str, pos: int) -> tuple[str, tuple[int, int]] | None:
    named = _APPOSITIVE_NAME.match(text, pos)
    phrase_start = named.end() if named else pos
    stop = _PHRASE_STOP.search(text, phrase_start, min(len(text), phrase_start + 160))
    phrase_end = stop.start() if stop else min(len(text), phrase_start + 160)
    phrase = _PARENTHETICAL.sub(lambda match: " " * len(match.group()), text[phrase_start:phrase_end])
    words = list(re.finditer(r"[A-Za-z][\w-]*", phrase))
    named_after = bool(_NAMED_AFTER.match(text, phrase_end))
    result: tuple[str, tuple[int, int]] | None = None
    for index, word in enumerate(words):
        before = [w.group().lower() for w in words[max(0, index - 2) : index]]
        kind = _head_kind(word.group(), before)
        if kind is None:
            continue
        if word.group().lower() in _MODEL_HEADS and (named is not None or named_after):
            kind = "model release"  # a named model: "CosyVoice 3, an improved model"
        result = (kind, (phrase_start + word.start(), phrase_start + word.end()))
    return result


def _head_kind(word: str, before: Sequence[str]) -> str | None:
    lowered = word.lower()
    kind = _HEAD_KINDS.get(lowered)
    if kind is None:
        return None
    if word[0].isupper() and kind != "method":
        return None  # "The Stack v2": a name, not a head noun
    if lowered == "framework" and before and before[-1] in _SYSTEM_MODIFIERS:
        return "method" if _PARADIGM_ADJECTIVES.intersection(before) else "system"
    return kind


def _pick_label(scores: Scores, order: Sequence[str], minimum: float, margin: float) -> Fact | None:
    """The top label, if it scores at least ``minimum`` and leads the next by ``margin``."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], order.index(item[0])))
    if not ranked or ranked[0][1][0] < minimum:
        return None
    if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < margin:
        return None
    label, (_, segment, span) = ranked[0]
    if segment is None or span is None:
        return None
    return Fact(label, label, None, None, segment.text, span[0], span[1])


def _kind(segments: Sequence[Segment]) -> Fact | None:
    scores = classify(segments, _TITLE_CUES, _TEXT_CUES)
    systems_talk = "system" in scores  # GPUs, throughput, parallelism ...
    heads = _contribution_heads(segments)
    for weight, (label, segment, span) in zip(_CONTRIBUTION_WEIGHTS[: len(heads)], heads, strict=True):
        if label == "system" and not systems_talk:
            label = "method"  # "the first system that retrieves entities": a model
        add_score(scores, label, weight, segment, span)
    return _pick_label(scores, KINDS, _KIND_MIN_SCORE, _KIND_MARGIN)


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    return single(_kind(analysis.opening))


FIELD = FactField("kind", "Kind", many=False, position=10, extract=extract, csv=CsvColumn("kind", first_text))
