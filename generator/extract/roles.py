"""Roles: what a number measures, told by the words after it, the words before it and names around it.

A number group is a parameter count ("7B parameters", "model sizes from 1B to 70B",
"LLaMA-13B"), a training-data size ("2T tokens", "600B ... data"), a context length
("128K context", "inputs up to 100,000 tokens"), compute ("8 GPU hours"), part of a name
("LAION-2B", "NTU 120") or nothing this module can tell.  ``Role`` records the verdict and
where its decisive word ends, so a data size's span can include its unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.extract.folding import contains_any
from generator.extract.own_names import is_own_name
from generator.extract.quantities import Quantity
from generator.extract.vocabulary import Vocabulary

# A word, or a dimension such as "3D" ("20 million 3D objects").
_WORD = r"(?P<word>[A-Za-z][A-Za-z0-9'+\-–]{0,40}[A-Za-z0-9+]|[A-Za-z]|[1-4][Dd])(?![A-Za-z0-9'+\-–])"
# "30,000+ images": a plus sign may follow the number.
_FOLLOW_WORD = re.compile(r"\+?[\s\-]{0,3}" + _WORD)
# After an adjective, a comma may list another: "283,582 unique, unlabeled video clips".
_NEXT_WORD = re.compile(r",?[\s\-]{0,3}" + _WORD)
_ADJECTIVE_ENDING = re.compile(r"(?:ed|al|ic|ive|ous|ful|ble|que|ent|ant|ary|ean|ian)$")
# Units written singular and glued to the number: "a 10M-word track", "a 1M-image dataset".
_GLUED_UNITS: Mapping[str, str] = {
    "word": "words", "image": "images", "video": "videos", "hour": "hours", "document": "documents",
    "example": "examples", "sample": "samples", "instruction": "instructions", "question": "questions",
    "frame": "frames", "clip": "videos", "conversation": "conversations", "problem": "problems",
}
# "0.3M trainable parameters": what a method tunes, not the size of a model.
_TUNED_WORDS = frozenset({"trainable", "tunable", "learnable", "additional", "extra", "updated"})
# "at the 1B and 7B scales": a model size, unless a data word follows ("100M scale data").
_SCALE_WORDS = frozenset({"scale", "scales"})

_PARAM_NOUNS = frozenset({"parameter", "parameters", "params", "param", "parameter-count"})
_QUALIFIERS: Mapping[str, str] = {"total": "total", "activated": "active", "active": "active"}
_MODEL_NOUNS = frozenset(
    {
        "model", "models", "llm", "llms", "lm", "lms", "vlm", "vlms", "mllm", "mllms",
        "moe", "transformer", "transformers", "checkpoint", "checkpoints",
        "variant", "variants", "architecture", "architectures", "network",
        "networks", "backbone", "backbones", "slm", "slms", "plm", "plms",
        "encoder", "encoders", "decoder", "decoders", "teacher", "teachers", "student", "students",
        "judge", "judges", "verifier", "verifiers", "policy", "policies",
    }
)
_CONTEXT_WORDS = frozenset({"context", "contexts", "sequence", "sequences", "window", "windows"})
# Units of training data, longest phrases first; value = canonical unit.
_DATA_UNITS: Mapping[tuple[str, ...], str] = {
    ("image-text", "data", "pairs"): "image-text pairs",
    ("image-text", "pairs"): "image-text pairs",
    ("image-text", "pair"): "image-text pairs",
    ("image-caption", "pairs"): "image-text pairs",
    ("text-image", "pairs"): "image-text pairs",
    ("image", "text", "pairs"): "image-text pairs",
    ("video-text", "pairs"): "video-text pairs",
    ("data", "points"): "examples",
    ("web", "pages"): "documents",
    ("image", "urls"): "images",
    ("video", "frames"): "frames",
    ("video", "clips"): "videos",
    ("qa", "pairs"): "questions",
    ("instruction", "pairs"): "instructions",
    ("tokens",): "tokens",
    ("token",): "tokens",
    ("documents",): "documents",
    ("document",): "documents",
    ("docs",): "documents",
    ("webpages",): "documents",
    ("examples",): "examples",
    ("example",): "examples",
    ("instances",): "examples",
    ("samples",): "samples",
    ("images",): "images",
    ("photos",): "images",
    ("frames",): "frames",
    ("videos",): "videos",
    ("clips",): "videos",
    ("hours",): "hours",
    ("questions",): "questions",
    ("instructions",): "instructions",
    ("conversations",): "conversations",
    ("dialogues",): "conversations",
    ("dialogs",): "conversations",
    ("problems",): "problems",
    # Counts of kinds of task are not data: ``numbers.py`` keeps only thousands of tasks.
    ("tasks",): "tasks",
    ("sentences",): "sentences",
    ("utterances",): "utterances",
    ("nodes",): "nodes",
    ("edges",): "edges",
    ("graphs",): "graphs",
    ("molecules",): "molecules",
    ("objects",): "objects",
    ("shapes",): "objects",
    ("scenes",): "scenes",
    ("circuits",): "circuits",
    ("words",): "words",
    ("trajectories",): "trajectories",
    ("demonstrations",): "examples",
    ("prompts",): "examples",
    ("responses",): "examples",
    ("preferences",): "examples",
    ("comparisons",): "examples",
    ("solutions",): "examples",
    ("captions",): "image-text pairs",
    # (Not "papers" or "articles": "we review 300 papers" counts what a survey read.)
    ("books",): "documents",
    ("passages",): "documents",
    ("stories",): "documents",
    ("posts",): "documents",
    ("reviews",): "documents",
    ("transcripts",): "documents",
    ("websites",): "documents",
    ("screenshots",): "images",
    ("pictures",): "images",
    ("photographs",): "images",
    ("scans",): "images",
    ("exercises",): "problems",
    ("traces",): "examples",
    ("rationales",): "examples",
    ("reports",): "documents",
    ("radiographs",): "images",
    ("x-rays",): "images",
    ("x-ray", "studies"): "images",
    ("proofs",): "problems",
    ("episodes",): "episodes",
    ("programs",): "programs",
    ("files",): "files",
    ("repositories",): "repositories",
}
_MAX_UNIT_WORDS = 3
_PAIRS = frozenset({"pairs", "pair"})
# Heads that name a dataset without a countable unit ("600B ... data").
_DATA_HEADS = frozenset({"data", "corpus", "datastore", "dataset"})
_STOP_WORDS = frozenset(
    {
        "of", "on", "in", "for", "to", "from", "by", "at", "and", "or", "but", "with",
        "than", "as", "that", "which", "while", "the", "a", "an", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "can", "could", "will", "would",
        "using", "via", "per", "each", "across", "over", "under", "into", "its",
        "their", "our", "this", "these", "those", "it", "we", "they", "not", "only",
        "vs", "versus", "achieves", "achieve", "outperforms", "outperform", "shows",
        "show", "reaches", "reach", "requires", "require", "trained", "uses", "use",
        "times", "fewer", "more", "less", "larger", "smaller", "after", "before",
        "when", "where", "if", "so", "such", "like", "including", "up", "down",
    }
)
_MAX_FILLERS = 3
_GPU_WORDS = frozenset({"gpu", "gpus", "tpu", "tpus", "accelerator", "accelerators", "node", "nodes", "chip", "chips"})
_TIME_UNITS = frozenset({"hours", "hour", "days", "day", "years", "year", "months", "minutes", "weeks"})

# Text just before a group that tells what it counts.
_PARAM_LEAD = re.compile(
    r"(?i)(?:\bmodel\s+sizes?\b|\bsizes\b|\bsize\b|\bparameters?\b|\bparams\b|\bmodel\s+family\b"
    r"|\b(?:models?|llms?|lms?)\s*\(\s*(?:up\s+to\s*)?"
    r"|\b(?:models?|llms?|lms?)\s+(?:of\s+)?(?:up\s+to|ranging\s+from|from|between)\s*$"
    r"|\bscal(?:e|es|ed|ing)\s+(?:the\s+|our\s+)?(?:models?|llms?|it|them)(?:\s+size)?\s+(?:up\s+)?to\s*$)[^.;:]{0,30}$"
)
_CONTEXT_LEAD = re.compile(
    r"(?i)(?:\b(?:context|sequence)[\s-](?:length|window|size)s?\b|\binputs?\b|\bcontext\b)[^.;:)]{0,25}$"
)
# "batch size (0.5M tokens)": neither data scale nor context.
_BATCH_LEAD = re.compile(r"(?i)\bbatch(?:\s+sizes?)?\b[^.;:)]{0,15}$")
_LEAD_WINDOW = 60
_CONTEXT_HINTS = ("context", "sequence", "input")
_PARAM_HINTS = ("size", "param", "model", "llm", "lm", "famil")
_COMPOUND_CHARS = re.compile(r"[A-Za-z0-9.+\-]")
_SIZE_WORD = re.compile(r"\d+(?:\.\d+)?[KkMBbT]")


@dataclass(frozen=True)
class Role:
    """What a number group measures, and where its describing word ends."""

    kind: str  # "params", "data", "context", "compute", "skip" (part of a name), "none"
    unit: str | None = None
    qualifier: str | None = None
    end: int | None = None  # end of the decisive word, to extend the span


NO_ROLE = Role("none")
# A model's name after a number ("7B Llama"): a model size unless a data unit follows.
_MODEL_NAMED = Role("params", unit="named")


def _following_words(text: str, pos: int, limit: int) -> list[tuple[str, int, int]]:
    words: list[tuple[str, int, int]] = []
    while len(words) < limit:
        listed = bool(words) and _ADJECTIVE_ENDING.search(words[-1][0]) is not None
        match = (_NEXT_WORD if listed else _FOLLOW_WORD).match(text, pos)
        if match is None:
            break
        words.append((match.group("word"), match.start("word"), match.end("word")))
        pos = match.end()
    return words


def _unit_at(words: Sequence[tuple[str, int, int]], index: int) -> tuple[str, int] | None:
    """Data unit starting at words[index]: (canonical unit, words consumed)."""
    for length in range(_MAX_UNIT_WORDS, 0, -1):
        # An en dash joins like a hyphen: "image–text pairs".
        phrase = tuple(word.lower().replace("–", "-") for word, _, _ in words[index : index + length])
        if len(phrase) == length and phrase in _DATA_UNITS:
            return _DATA_UNITS[phrase], length
    return None


def role_after(text: str, end: int, vocab: Vocabulary) -> Role:
    """Classify a number by the words that follow it ("7B parameters")."""
    words = _following_words(text, end, _MAX_FILLERS + _MAX_UNIT_WORDS + 1)
    if words and text.startswith("-", end) and words[0][1] == end + 1 and words[0][0].lower() in _GLUED_UNITS:
        return Role("data", unit=_GLUED_UNITS[words[0][0].lower()], end=words[0][2])
    qualifier: str | None = None
    tentative: Role | None = None
    fillers = 0
    for index, (word, _, stop) in enumerate(words):
        lowered = word.lower()
        if lowered in _TUNED_WORDS:
            return Role("skip")
        if lowered in _PARAM_NOUNS or lowered.endswith("-parameter"):
            return Role("params", qualifier=qualifier, end=stop)
        if lowered in _QUALIFIERS:
            qualifier = _QUALIFIERS[lowered]
            continue
        if qualifier == "active":
            # "2.7B activated" without "parameters" still names active params.
            return Role("params", qualifier=qualifier, end=words[index - 1][2])
        role = _role_of_word(words, index, text, vocab)
        if role is _MODEL_NAMED:
            # "7B Llama", but "40K GPT-4 generated conversations": a unit further on wins.
            tentative = tentative or Role("params")
        elif role is not None:
            return role
        if lowered in _STOP_WORDS or fillers >= _MAX_FILLERS:
            break
        fillers += 1
    if qualifier == "active" and words:
        return Role("params", qualifier=qualifier, end=words[-1][2])
    return tentative or NO_ROLE


def _role_of_word(
    words: Sequence[tuple[str, int, int]], index: int, text: str, vocab: Vocabulary
) -> Role | None:
    word, start, stop = words[index]
    lowered = word.lower()
    if lowered in _GPU_WORDS and index + 1 < len(words) and words[index + 1][0].lower() in _TIME_UNITS:
        return Role("compute")
    if lowered.startswith(("gpu-", "tpu-")) and lowered.split("-", 1)[1] in _TIME_UNITS:
        return Role("compute")
    unit = _unit_at(words, index)
    if unit is not None:
        name, length = unit
        return Role("data", unit=name, end=words[index + length - 1][2])
    if lowered in _PAIRS:  # "1M pairs"
        return Role("data", unit=_pairs_unit(text), end=stop)
    if index + 1 < len(words) and words[index + 1][0].lower() in _PAIRS:  # "500,000 question-answer pairs"
        return Role("data", unit=_pairs_unit(lowered), end=words[index + 1][2])
    if lowered in _CONTEXT_WORDS or lowered.endswith("-context"):
        return Role("context", unit="tokens", end=stop)
    if lowered in _MODEL_NOUNS:
        return Role("params", end=stop)
    if lowered in _SCALE_WORDS and not any(_unit_at(words, later) or words[later][0].lower() in _DATA_HEADS
                                           for later in range(index + 1, min(index + 3, len(words)))):
        return Role("params", end=stop)
    if lowered in _DATA_HEADS:
        return Role("data", unit=None, end=stop)
    if lowered.endswith("-token") or lowered.endswith("-tokens"):
        return Role("data", unit="tokens", end=stop)
    if lowered in _GPU_WORDS:
        return Role("compute")
    if vocab.models.match_at(text, start) is not None:
        return _MODEL_NAMED
    return None


def _pairs_unit(described: str) -> str:
    """What pairs of something count: image-text or video-text pairs, else examples."""
    lowered = described.lower()
    if "image" in lowered or "photo" in lowered:
        return "image-text pairs"
    return "video-text pairs" if "video" in lowered else "examples"


def role_before(text: str, start: int, vocab: Vocabulary) -> Role:
    """Classify a group by the words before it ("model sizes ranging from")."""
    window_start = max(0, start - _LEAD_WINDOW)
    clause_start = max(text.rfind(sep, window_start, start) for sep in (". ", "; ", ": "))
    lead = text[max(window_start, clause_start + 1) : start]
    lowered = lead.lower()
    # Plain substring tests first: the regexes run only when a cue word is there.
    if "batch" in lowered and _BATCH_LEAD.search(lead):
        return Role("skip")
    if contains_any(lowered, _CONTEXT_HINTS) and _CONTEXT_LEAD.search(lead):
        return Role("context", unit="tokens")
    if contains_any(lowered, _PARAM_HINTS) and _PARAM_LEAD.search(lead):
        return Role("params")
    if lead.rstrip().endswith("(") and _named_before_bracket(text, start - len(lead) + len(lead.rstrip()) - 1, vocab):
        return Role("params")  # "Gemma 2 (2B and 9B)", "Flan-T5-XL (3B)"
    return NO_ROLE


def own_role(
    text: str, quantity: Quantity, vocab: Vocabulary, trailing: Role, own_names: tuple[str, ...] = ()
) -> Role | None:
    """Role forced by a name attached to the number ("LLaMA-13B", "Mistral 7B"); a size after
    one of the paper's ``own_names`` ("Pensez 7B") is a model size whatever the name."""
    name, glued = name_before(text, quantity.start)
    if len(name) < 2:
        return Role("skip") if glued else None
    if quantity.magnitude in ("M", "B", "T") and trailing.kind != "data" and is_own_name(name, own_names):
        return Role("params")
    if not glued and quantity.magnitude is None and looks_like_name(name):
        return Role("skip")  # "NTU 120", "Diving 48": part of a dataset name
    if quantity.magnitude not in ("M", "B", "T"):
        return Role("skip") if glued else None
    if glued:
        if _names_model_family(name, vocab) or trailing.kind == "params":
            return Role("params")
        # "LAION-2B", "DFN-5B": the number is part of a dataset's name.
        return Role("skip")
    if _model_name_ends_at(text, quantity.start, vocab) and not _dataset_name(name, vocab):
        return Role("params")
    return None


def _named_before_bracket(text: str, bracket: int, vocab: Vocabulary) -> bool:
    """Whether a model's name stands before the bracket at ``bracket``: one the vocabulary knows, or
    a name-like compound ("Flan-T5-XL") that is not a dataset's (a number after "LAION (" is no
    model size)."""
    if _model_name_ends_at(text, bracket, vocab):
        return True
    name, _ = name_before(text, bracket)
    return len(name) >= 2 and looks_like_name(name) and not _dataset_name(name, vocab)


def looks_like_name(word: str) -> bool:
    """Acronyms and CamelCase words ("NTU", "WebVid") rather than "Over"."""
    return sum(char.isupper() for char in word) >= 2 or any(char.isdigit() for char in word)


def _model_name_ends_at(text: str, end: int, vocab: Vocabulary) -> bool:
    """True if a model name ends at ``end`` (ignoring spaces and hyphens)."""
    while end > 0 and text[end - 1] in " -":
        end -= 1
    window_start = max(0, end - 40)
    return any(window_start + match.end == end for match in vocab.models.find(text[window_start:end]))


def name_before(text: str, pos: int) -> tuple[str, bool]:
    """The name right before a number: ("LLaMA", True) for "LLaMA-13B".

    The flag says whether the name is glued on with a hyphen.  "StarCoder2- 15B"
    counts as glued; "Mistral 7B" is not glued.
    """
    end = pos
    glued = False
    if end >= 1 and text[end - 1] == "-":
        glued, end = True, end - 1
    elif end >= 2 and text[end - 1] == " " and text[end - 2] == "-":
        glued, end = True, end - 2
    elif end >= 1 and text[end - 1] == " ":
        end -= 1
    elif end >= 2 and text[end - 1] == "(" and text[end - 2] == " ":
        end -= 2  # "Pensez (7B)"
    else:
        return "", False
    begin = end
    while begin > max(0, end - 40) and _COMPOUND_CHARS.match(text[begin - 1]):
        begin -= 1
    name = text[begin:end].strip(".-")
    if not any(char.isalpha() for char in name) or _SIZE_WORD.fullmatch(name):
        return "", False  # "100-200k" and "70M-12B" are ranges, not names
    return name, glued


def _names_model_family(compound: str, vocab: Vocabulary) -> bool:
    """Does a compound such as "MedGemma-4B-it" contain a model family name?"""
    starts = _subword_starts(compound)
    return any(vocab.models.match_at(compound, pos, relaxed_end=True) is not None for pos in starts)


def _subword_starts(compound: str) -> list[int]:
    starts = [0] if compound[:1].isalnum() else []
    for index in range(1, len(compound)):
        previous, current = compound[index - 1], compound[index]
        if previous in "-." and current.isalpha() or previous.islower() and current.isupper():
            starts.append(index)
    return starts


def _dataset_name(compound: str, vocab: Vocabulary) -> bool:
    return bool(compound) and vocab.benchmarks.match_at(compound, 0, relaxed_end=True) is not None
