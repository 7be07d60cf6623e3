"""Give each paper a few tags from a controlled vocabulary.

Tags come from the extracted facts (modality, kind of contribution, whether code is linked)
and from the method families a paper is *about* (LoRA, mixture of experts, distillation,
quantization, …).  A family is the paper's subject when it is named in the title or in the
head of the contribution sentence (the ``summary`` fact, from the verb of the paper's own claim,
"we propose …", to the first word on how it works), or named at least ``CENTRAL_MENTIONS`` times
in the abstract, not counting what the paper is evaluated on ("long-context tasks"); a method
named once in passing, as a baseline, as a foil ("unlike X", "outperforms X") or as one
component gives no tag.  Each family also lists the phrases in which its word means
something else ("dataset quantization" and "data pruning" are data reduction, a "vector-quantized
bottleneck" is a speech tokenizer): those spans are blanked before the family is looked for,
and the data-reduction phrases have families of their own.  A tag that only one paper would
carry says nothing about the corpus and is dropped, so the tags index stays short and every tag
groups papers.

A family's regexes run only on text that contains one of its keywords, substrings that every
match contains, so most papers skip most regexes; the text is case-folded first (see
``extract.fold_case``) so that the keyword test is a plain substring test, and the lower-case
regex then matches the folded text exactly where it matches the original case-insensitively.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from generator.cache import StageCache, value_key
from generator.extract import contains_any, fold_case
from generator.model import Facts, Paper

TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /+.-]*$")
MIN_PAPERS_PER_TAG = 2
# Named this often in the abstract, a method is used centrally even when the title and the
# contribution sentence do not name it.
CENTRAL_MENTIONS = 4
# The head of a contribution sentence says what the paper is: from its verb ("we propose …")
# to the first word that goes on to how it works or what it builds on ("…, a novel approach
# grounded in … retrieval" is not a retrieval paper).
_VERBS = (r"(?:propose|introduce|present|develop|release|design|build|construct|create|provide|describe|offer"
          r"|study|investigate|explore|examine|analy[sz]e|show|demonstrate|find|consider|tackle|address)s?\b")
_CONTRIBUTION_VERB = re.compile(r"\b" + _VERBS)
# The verb whose subject is the paper itself ("we (also) propose", "this paper presents") is the
# claim; a verb in a purpose clause before it ("To address these issues, we propose X") or in a
# clause about earlier findings ("analyses that show …, we propose X") is not, and taking the
# first verb there made the head run over the whole sentence.
_OWN_CLAIM = re.compile(
    r"\b(?:we|this (?:paper|work|survey|study|article)|our (?:paper|work|study))"
    r"(?:\s+(?:also|further|then|first|here|now|thus|therefore|instead|\w+ly)){0,2}\s+" + _VERBS)
# A verb right after "to" is a purpose, not the claim.
_PURPOSE = re.compile(r"\bto\s+$")
_HOW_IT_WORKS = re.compile(
    r"\b(?:that|which|who|where|whereby|grounded|based on|leverag\w*|utiliz\w*|using|via|by|through|with"
    r"|while|inspired)\b")

# Phrases in which a method's word names a way of reducing a dataset, not the method.
_DATA = r"(?:data|datasets?|training sets?|samples?|examples?|instances?)"
_DATA_DISTILLATION = r"\b(?:data|dataset) (?:distillation|condensation|quantization)\b"
_DATA_PRUNING = (rf"\b{_DATA} prun(?:e|ed|es|ing)\b"
                 rf"|\bprun(?:e|ed|es|ing) (?:of )?(?:the |large-scale |web-scale |massive |multimodal )*{_DATA}\b")
# A sentence that prunes and names data but no part of a model prunes data ("a search and
# pruning solution to this training data search problem").
# A method the paper sets itself against is not its subject ("… without Verification or RL").
# So is one it is measured against ("compared with distillation", "outperforms pruning", "better than RL").
_FOIL = re.compile(r"\b(?:without|w/o|instead of|than|alternatives? to|unlike|compared (?:to|with)"
                   r"|outperform(?:s|ed|ing)?)(?:\s+[\w-]+){1,3}")
# Where a method is only what the paper is evaluated on or in ("long-context reasoning tasks",
# "the continual pre-training setting", "evaluated in reinforcement learning"), its mentions do
# not show that the paper uses it throughout.
_EVALUATION = re.compile(
    r"\b(?:[\w-]+\s+){1,2}(?:tasks?|benchmarks?|settings?|setups?|experiments?|scenarios?|environments?)\b"
    r"|\b(?:evaluated|tested|validated|benchmarked|assessed)\s+(?:on|in|with)(?:\s+[\w-]+){1,3}")
_SENTENCE = re.compile(r"[^.!?]+")
_NAMES_DATA = re.compile(r"\b(?:data|datasets?|samples?)\b")
_MODEL_PART = re.compile(r"\b(?:models?|weights?|parameters?|networks?|layers?|heads?|neurons?|channels?|filters?"
                         r"|llms?|transformers?|cnns?|experts?|tokens?)\b")


class MethodFamily(NamedTuple):
    """A method tag, its regex (lower case, matched case-insensitively) and its keywords:
    each alternative of the regex spelled out up to its first optional part, or a part
    that all alternatives share, so that every match contains at least one of them.
    ``other_senses`` matches the phrases where the family's word means something else."""

    name: str
    pattern: str
    keywords: tuple[str, ...]
    other_senses: str | None = None
    # Families whose subject this one's word also names: a paper about dataset distillation
    # says "distilled" throughout, which is not model distillation.
    yields_to: tuple[str, ...] = ()
    # In a sentence that names data and no part of a model, the word is about the data.
    data_sense: bool = False


METHOD_FAMILIES: tuple[MethodFamily, ...] = (
    MethodFamily("LoRA / PEFT", r"\b(lora|low[- ]rank adaptation|parameter[- ]efficient|adapters?|prompt[- ]tuning)\b",
                 ("lora", "low-rank", "low rank", "parameter-efficient", "parameter efficient", "adapter",
                  "prompt-tuning", "prompt tuning")),
    MethodFamily("mixture of experts", r"\b(mixture[- ]of[- ]experts|moe)\b", ("mixture", "moe")),
    MethodFamily("distillation", r"\bdistill(ation|ed|ing)?\b", ("distill",), _DATA_DISTILLATION,
                 ("dataset distillation",)),
    # Low-precision and low-bit training or inference is quantization by another name.
    MethodFamily("quantization", r"\bquanti[sz](ation|ed|ing)\b|\b(?:low|arbitrary)[- ](?:precision|bit)\b",
                 ("quanti", "low-precision", "low precision", "low-bit", "low bit", "arbitrary-precision",
                  "arbitrary precision", "arbitrary-bit", "arbitrary bit"),
                 _DATA_DISTILLATION + r"|\bvector[- ]quanti[sz]\w*"
                 r"|\bquanti[sz]ed (?:bottleneck|latents?|codes?|codebooks?|tokens?|space)\b"
                 r"|\blatent space is quanti[sz]ed\b|\bwithout quanti[sz]ation\b", ("dataset distillation",)),
    # N:M (2:4) sparsity is structured pruning of weights.
    MethodFamily("pruning", r"\bprun(e|ed|ing)\b|\b(?:n|\d+):(?:m|\d+) spars(?:e|ity)\b", ("prun", "spars"),
                 _DATA_PRUNING, data_sense=True),
    MethodFamily("reinforcement learning", r"\b(reinforcement learning|rl|rlhf|grpo|ppo)\b",
                 ("reinforcement learning", "rl", "grpo", "ppo")),
    MethodFamily("contrastive learning", r"\bcontrastive\b", ("contrastive",)),
    # Training text that a model rephrased or rewrote is synthetic data too.
    MethodFamily("synthetic data", r"\bsynthetic (data|dataset|corpus|corpora)\b"
                 r"|\b(?:rephras|rewrit)(?:e|es|ed|ing|ten)? (?:the )?(?:pre-?training )?(?:data|web|corpus|corpora)\b",
                 ("synthetic", "rephras", "rewrit")),
    MethodFamily("scaling laws", r"\bscaling laws?\b", ("scaling law",)),
    # "Lifelong" learning and "further pre-training" are continual learning by other names.
    MethodFamily("continual learning",
                 r"\bcontinu(al|ous|ed) pre-?training\b|\bcontinual learning\b|\bcontinually pre-?train(ed|ing)?\b"
                 r"|\blifelong\b|\bfurther pre-?training\b",
                 ("continual", "continuous pre", "continued pre", "lifelong", "further pre")),
    MethodFamily("retrieval", r"\bretrieval\b|\brag\b", ("retrieval", "rag")),
    MethodFamily("curriculum", r"\bcurricul(um|a)\b", ("curricul",)),
    # A million-token sequence is long context; "million tokens" alone is a data size.
    MethodFamily("long context", r"\blong[- ]context\b|\bcontext (window |length )?extension\b"
                 r"|\bmillion[- ](?:token[- ])?(?:sequence length|context)\b",
                 ("long-context", "long context", "context ", "million")),
    MethodFamily("diffusion", r"\bdiffusion\b", ("diffusion",)),
    MethodFamily("dataset distillation", _DATA_DISTILLATION,
                 ("data distil", "dataset distil", "data condens", "dataset condens", "data quanti",
                  "dataset quanti")),
    MethodFamily("data selection",
                 rf"\b{_DATA} (?:selection|filtering|curation)\b|\bcoresets?\b|{_DATA_PRUNING}",
                 ("selection", "filtering", "curation", "coreset", "prun")),
)


class _Family(NamedTuple):
    family: MethodFamily
    regex: re.Pattern[str]
    other_senses: re.Pattern[str] | None


# Case-sensitive: they run on the folded text.
_FOLDED_REGEXES = tuple(
    _Family(family, re.compile(family.pattern), re.compile(family.other_senses) if family.other_senses else None)
    for family in METHOD_FAMILIES
)


def candidate_tags(paper: Paper, facts: Facts) -> list[str]:
    tags: list[str] = []
    tags += [str(fact.value) for name in ("modality", "kind") for fact in facts[name]]
    contribution = facts.first("summary")
    tags += subject_families(paper.title, paper.abstract, contribution.source if contribution else "")
    if facts["code"]:
        tags.append("has code")
    return [t for t in dict.fromkeys(tags) if TAG_RE.match(t)]


def subject_families(title: str, abstract: str, contribution: str = "") -> list[str]:
    """The method families a paper is about, in table order: named in its title or its
    contribution sentence, or named ``CENTRAL_MENTIONS`` times in its abstract."""
    named = set(mention_counts(title)) | set(mention_counts(contribution_head(contribution)))
    repeated = mention_counts(abstract, count_evaluations=False)
    subjects = {family.name for family in METHOD_FAMILIES
                if family.name in named or repeated.get(family.name, 0) >= CENTRAL_MENTIONS}
    return [family.name for family in METHOD_FAMILIES
            if family.name in subjects and not subjects.intersection(family.yields_to)]


def contribution_head(sentence: str) -> str:
    """What the contribution sentence says the paper is: the words after its verb, up to
    the first that says how it works (the whole sentence when no verb is found)."""
    verb = _claim_verb(fold_case(sentence))
    if verb is None:
        return sentence
    rest = sentence[verb:]
    cut = _HOW_IT_WORKS.search(fold_case(rest))
    return rest if cut is None else rest[: cut.start()]


def _claim_verb(folded: str) -> int | None:
    """Where the contribution verb ends: the paper's own claim, else the first verb that is
    not a purpose ("to address")."""
    own = _OWN_CLAIM.search(folded)
    if own is not None:
        return own.end()
    for verb in _CONTRIBUTION_VERB.finditer(folded):
        if not _PURPOSE.search(folded, 0, verb.start()):
            return verb.end()
    return None


def method_families(text: str) -> list[str]:
    """Names of the method families ``text`` names in their method's sense, in table order."""
    return list(mention_counts(text))


def mention_counts(text: str, *, count_evaluations: bool = True) -> dict[str, int]:
    """How often ``text`` names each method family in its method's sense (families named
    at all, in table order); without the mentions as what is evaluated unless
    ``count_evaluations``."""
    folded = _FOIL.sub(_blank, fold_case(text))
    if not count_evaluations:
        folded = _EVALUATION.sub(_blank, folded)
    counts: dict[str, int] = {}
    for entry in _FOLDED_REGEXES:
        if not contains_any(folded, entry.family.keywords):
            continue
        searched = folded if entry.other_senses is None else entry.other_senses.sub(_blank, folded)
        if entry.family.data_sense:
            searched = _SENTENCE.sub(_blank_data_sentence, searched)
        found = sum(1 for _ in entry.regex.finditer(searched))
        if found:
            counts[entry.family.name] = found
    return counts


def _blank(match: re.Match[str]) -> str:
    """A span of another sense, replaced by a word of its length that no family matches."""
    return "#" * len(match.group())


def _blank_data_sentence(match: re.Match[str]) -> str:
    """The sentence, blanked when it names data and no part of a model."""
    sentence = match.group()
    return _blank(match) if _NAMES_DATA.search(sentence) and not _MODEL_PART.search(sentence) else sentence


def tags_with_cache(papers: Sequence[Paper], facts: Mapping[str, Facts],
                    cache: StageCache) -> tuple[dict[str, tuple[str, ...]], StageCache]:
    """Tags per paper slug, keeping only tags shared by at least two papers; each paper's
    candidate tags are taken from ``cache`` when the paper and its facts are unchanged.  Also the
    cache to write back."""
    keys = [value_key(p, facts[p.slug]) for p in papers]
    found, updated = cache.fill(keys, lambda missing: [candidate_tags(papers[i], facts[papers[i].slug])
                                                       for i in missing])
    candidates = {p.slug: tags for p, tags in zip(papers, found, strict=True)}
    counts = Counter(tag for tags in candidates.values() for tag in tags)
    kept = {slug: tuple(t for t in tags if counts[t] >= MIN_PAPERS_PER_TAG) for slug, tags in candidates.items()}
    return kept, updated


def method_tags(tags: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Only the method-family tags of each paper (related papers compare these)."""
    names = {family.name for family in METHOD_FAMILIES}
    return {slug: tuple(tag for tag in found if tag in names) for slug, found in tags.items()}
