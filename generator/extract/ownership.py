"""Whose number is it: the role of a model size, data size or compute amount, from its sentence.

A comparison table must show the paper's own numbers, not the sizes of the models it beats.
Each quantity gets one role from the words around it in its sentence:

- ``own``: what the paper trains, releases, proposes or derives;
- ``base``: the model it starts from, adapts, prunes, quantises or runs its method on, and the
  data such a model was pre-trained on;
- ``compared``: baselines and models it matches or beats;
- ``other``: teachers, annotators and judges, prior work, surveys, worked examples.

In order, the first rule that speaks decides:

1. a size written after one of the paper's own names (``own_names.py``: "Pensez 7B",
   "CodeGen2-16B") is ``own``;
2. a worked example ("training a 1T model on 20T tokens requires ...") is ``other``;
3. words after the quantity: "a 70B teacher", "Llama-70B as the judge", a model the sentence
   goes on to select "for annotation" (``other``), "8B-sized pre-trained LLMs", "100B model
   fine-tuning" (``base``), "a 7B student" (``own``; a named checkpoint as student is ``base``),
   data "created by" the paper's own system or "our" pipeline (``own``);
4. the nearest cue before the quantity, within its clause (a word such as "outperforms",
   "fine-tune", "we train"), with two refinements: a weak own cue ("we", "our") before another
   model's checkpoint name ("we use Llama-2-7B"), or any model size in a sentence that reports a
   system's throughput, is ``base``; the model named between "distill" and "into" is the
   teacher (``other``); and data that a named model "was pre-trained on" is ``base``;
5. with no cue, a size written as part of another model's name (``Llama-3.1-8B``,
   ``GPT-3 175B``, and the sizes listed after it) is ``base`` and any other is ``own``; in a
   systems or benchmark paper an unexplained model size is ``base``, in a survey ``other``
   (``KIND_DEFAULT_ROLES``, applied once the paper's kind is known).

Two refinements: a model size the rest of its clause says was obtained "via pruning from" another
model is ``own``, and one half of a composed size ("Gemma 9B-2B", an encoder and a decoder) is no
other model's checkpoint.  Then a paper's sentences settle each other (``settle_across_sentences``):
a bare size made ``base`` is ``own`` when the paper states it as its own elsewhere, and a named
checkpoint cast as an annotator stays ``other`` where a later sentence compares it.

The kinds ``parameters``, ``data_scale`` and ``compute`` give their facts a role here, one fact
per value and role.  The rules were tuned on the *tune* half of
``tests/fixtures/facts_roles_gold.yml`` only.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import replace

from generator.extract.fact_field import dedupe, number_key, number_role_key
from generator.extract.own_names import is_own_name
from generator.extract.roles import name_before
from generator.model import Fact, Role

# How far before a quantity a cue may stand (characters), and where a clause ends.
WINDOW = 120
# How far from a quantity a sentence's topic (a throughput figure) is looked for: its sentence,
# unless that is absurdly long.
NEARBY = 400
# The role of an unexplained size, by field and the paper's kind (``kinds/kind.py``): a systems
# paper runs a model and a benchmark evaluates one (base); a survey reports others' models and data.
KIND_DEFAULT_ROLES: Mapping[str, Mapping[str, Role]] = {
    "parameters": {"system": "base", "benchmark": "base", "survey": "other"},
    "data_scale": {"survey": "other"},
}
# How many statements of one value are given a role (see ``distinct_with_roles``).
MAX_REPEATS = 8
CLAUSE_END = re.compile(r"(?i)[;:]|\.\s|\b(?:while|whereas|but|which|where)\b")

# Each cue is a regex over the clause before the quantity, for the fields it names; the last
# match of any cue wins.  At one position the first cue listed wins: "distilled from" is other
# before "distilled" is base.  Only a model can be a base: cues of adapting a model do not make a
# data size or a GPU count ``base``.
ALL_FIELDS = frozenset({"parameters", "data_scale", "compute"})
MODELS = frozenset({"parameters"})
DATA = frozenset({"data_scale", "compute"})
CUES: tuple[tuple[Role, frozenset[str], str], ...] = (
    # What pruning or growing a model yields is the paper's own: "prune Llama-2-7B down to 1.3B".
    # (It takes an object: "models have grown to 540B" says nothing of whose they are.)
    ("own", MODELS, r"(?:prun|compress|shrink|grow|expand|upscal)\w*(?:\s+\S+){1,6}?\s+(?:down\s+|up\s+)?(?:to|into)"),
    ("other", ALL_FIELDS, r"requires?|would|typically|surveyed|teachers?"
                          r"|judges?|labell?ed by|prior work|previous work|existing work"
                          r"|distill\w* (?:\w+ ){0,2}?from"
                          r"|(?:generated|synthesi[sz]ed|produced|rated|scored) (?:by|with|using)"),
    ("compared", ALL_FIELDS, r"outperform\w*|surpass\w*|beat(?:s|ing)?|exceed\w*|compared? (?:to|with|against)"
                             r"|comparabl\w* (?:to|with)|competitive\w* (?:to|with)|on par with|rival\w*|than"
                             r"|versus|vs\.?|relative to|over|match(?:es|ing)?|baselines?|larger|bigger|like"
                             r"|such as|prompted|instead of|as opposed to|similar to|close to|behind|trail\w*"
                             r"|lags?|falls? short of|as (?:well|good|strong|accurate|effective|capable) as|unlike"),
    # A model that annotates is someone else's; data the paper annotates is its own.
    ("other", MODELS, r"annotat\w*"),
    ("base", MODELS, r"(?:fine|instruction)-?tun\w*|finetun\w*|continual(?:ly)? pre-?train\w*(?: of)?"
                     r"|quantiz\w*|quantis\w*|prun\w*|sparsif\w*|compress\w*|grow(?:s|ing)?|expand\w*|upscal\w*|distill?\w*"
                     r"|adapt(?:s|ed|ing)?|based on|built (?:on|upon)|on top of"
                     r"|initiali[sz]ed (?:from|with)|start\w* from|experiments? (?:on|with)|results on"
                     r"|evaluat\w*|applied to|apply\w*|when training|for the"
                     r"|(?:an?|the|off-the-shelf|existing) pre-?trained"
                     r"|our (?:method|approach|framework|technique|algorithm|methodology|system|pipeline)s?"),
    ("own", ALL_FIELDS, r"\bwe\b|\bour\b|\bours\b|open-?sourc\w*|releas\w*|introduc\w*|present\w*|propos\w*"
                        r"|with only|on only|using only|within|budgets?(?: of)?|achiev\w*"
                        r"|scal(?:e|es|ing) (?:our|it|up)|pre-?train(?:ed|ing)? (?:on|with|the|a|our)|trains?"
                        r"|newly|new|for an?"),
    # "existing datasets of 10K images", "LLMs are usually trained on 15T tokens": other people's
    # data; "evaluated on 1,000 questions": someone's test set.  Not adjectives such as "recent" or
    # "state-of-the-art": "we train a state-of-the-art model on 1T tokens" is the paper's.  Data
    # only: for a model, "outperforms existing 7B models" compares, so the compared cue must last.
    ("other", DATA, r"existing|previous|prior|earlier|usually|commonly|often|conventional\w*"
                    r"|evaluat(?:e|es|ed|ing)|tested on|test sets?(?: of)?|benchmarked on"),
)


def _cue_pattern(field: str) -> re.Pattern[str]:
    """One regex of every cue for ``field``; the group ``cue<i>`` that matched names ``CUES[i]``."""
    return re.compile("|".join(rf"(?P<cue{i}>(?<![\w-])(?:{pattern})(?![\w-]))"
                               for i, (_, fields, pattern) in enumerate(CUES) if field in fields), re.IGNORECASE)


# A regex per field, so that a cue for other fields never hides one for this field at the same
# place ("evaluated on" is base for a model, other for data).
CUE_PATTERNS = {field: _cue_pattern(field) for field in ALL_FIELDS}
# "Llama-2 7B, pre-trained on ...": a model's name with a version or a size, then its training data.
TRAINED_ON_END = re.compile(
    r"(?i)\b(?:pre-?)?trained\s+(?:on|with)\s+(?:only\s+|about\s+|over\s+|roughly\s+|approximately\s+|nearly\s+|~\s*)?$")
CHECKPOINT = re.compile(r"\b[A-Z][A-Za-z]*(?:-|\s)?\d+(?:\.\d+)?[A-Za-z]*(?:[-\s]\d+(?:\.\d+)?[MB]\b)?")
# "CLIP, trained on 400M pairs": a name of two capitals or more (not "Our", "Models").
ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")
SPEAKER = re.compile(r"(?i)\b(?:we|our|us)\b")
RELATIVE_END = re.compile(r"\b(?:which|that)\s*$")
# Own cues that only say who is speaking ("we", "our") or that something was reached: with a size
# written in another model's name ("we use Llama-2-7B") or in a sentence about a system's speed,
# the model is one the paper runs its method on.
WEAK_OWN = re.compile(r"(?i)we|our|ours|achiev\w*|within|with only|on only|using only|for an?|new")
# "MobileLLM-125M ... via pruning from its larger counterparts", "a 1.3B model pruned from
# Llama-2-7B": a size the clause goes on to say was obtained by pruning, distilling or compressing
# another model is what that yields, the paper's own (the model it started from follows "from").
PRODUCED_LATER = re.compile(
    r"(?i)\b(?:(?:via|by|through|after)\s+(?:\w+\s+)?(?:pruning|distill(?:ing|ation)|compressing|compression)"
    r"|pruned|distilled|compressed)\s+(?:\w+\s+){0,3}?from\b")
# "Gemma 9B-2B", "Gemma 2B-2B": two sizes joined by a hyphen that do not ascend are no range
# ("Pythia 70M-12B") but one model composed of two parts (an encoder and a decoder of those sizes).
COMPOSED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)([KMBT])-(\d+(?:\.\d+)?)([KMBT])(?![\w.])")
MAGNITUDES: Mapping[str, float] = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
# A sentence that reports how fast a system runs a model: MFU, throughput, FLOP/s.
# (FLOPs, a count of operations, is not a speed.)
THROUGHPUT = re.compile(
    r"\bMFU\b|\b[TP]FLOPS\b|(?i:throughputs?|flops?/s|(?:peta|tera)flop|scaling efficienc|flops utili[sz])")
# "For example, training a 1T model on 20T tokens requires ...": a worked example, nobody's numbers.
HYPOTHETICAL_START = re.compile(
    r"(?i)^\W*(?:(?:for (?:example|instance)|e\.g\.)\W*)?(?:training|pre-?training|fine-?tuning|serving|running"
    r"|deploying)\b")
HYPOTHETICAL_VERB = re.compile(r"(?i)\b(?:requires?|needs?|takes?|costs?|demands?|consumes?|would)\b"
                               r"(?!\s+(?:only|just|merely|less|fewer|under)\b)")
# Words right after a quantity that decide its role: "a 70B teacher", "Llama-70B as the judge",
# "8B-sized pre-trained LLMs".  The rest of a list ("3B, 7B and 13B") is skipped first.
LIST_REST = re.compile(r"(?:\s*(?:,\s*(?:and|or)?|and|or|/|to|-|–)\s*\d[\d.,]*\s?[KMBT]?\b)*")
AFTER_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("other", re.compile(r"(?i)[\s-]*(?:[\w.-]+\s+){0,2}?(?:as\s+(?:an?\s+|the\s+)?)?"
                         r"(?:teachers?|judges?|annotators?|graders?|labell?ers?)\b")),
    # "a 7B student": the model a distillation trains, the paper's own (a named checkpoint as the
    # student is one it starts from: see ``decide_role``).
    ("own", re.compile(r"(?i)[\s-]*(?:[\w.-]+\s+)?students?\b")),
    ("base", re.compile(r"(?i)(?:-sized|-scale)?[\s-]*(?:parameters?\s+)?pre-?trained\b"
                        # (Not "MobileLLM-125M via pruning": how the size was obtained, see PRODUCED_LATER.)
                        r"|[\s-]*(?:(?!(?:via|by|through|after|from|with)\s)[\w.-]+\s+){0,2}?"
                        r"(?:fine-?tuning|quanti[sz]ation|pruning)\b")),
)
# "GPT-4 and Llama3-405B were evaluated, with GPT-4 selected for training data annotation": a model
# the sentence goes on to pick (or use) as an annotator or labeller is someone else's tool, not the
# paper's model, whatever verb came first.
ANNOTATOR_LATER = re.compile(r"(?i)\b(?:used|selected|chosen|employed|adopted|picked)\b[^.;]{0,40}?\b(?:for|as|to)\b"
                             r"[^.;]{0,30}?\b(?:annotat\w*|labell?(?:ing|ers?)|label(?:s|ed)?\s+(?:the\s+)?data)\b")
# "5,000 tasks across 100 domains created by KUMO": data the sentence says the paper's own system (or
# "our" pipeline) made is the paper's own, even after "evaluated on".
MADE_BY = re.compile(r"(?i)[^.;]{0,60}?\b(?:created|generated|produced|synthesi[sz]ed|built|constructed|curated"
                     r"|collected)\s+(?:by|with|using)\s+(?P<maker>our\b|[\w.-]+)")
# "distill Llama-2-70B into a 7B student": the model distilled from, named before "into".
DISTILLED_INTO = re.compile(r"(?i)\bdistil\w*(?:\s+\S+){0,4}\s*$")
INTO_AFTER = re.compile(r"(?i)[^.;,]{0,40}?\binto\b")
# A cue followed by a number quantifies that number instead of naming a rival: "more than
# 10,000 GPUs", "over four million pairs", "surpasses 774.5 TB".
QUANTIFIER_CUE = re.compile(r"(?i)than|over|exceed\w*|surpass\w*|close to")
QUANTIFIED = re.compile(r"(?i)^\W{0,3}(?:$|\d|one|two|three|four|five|six|seven|eight|nine|ten|a (?:few|dozen))")
# A size glued to a name: "Llama-3.1-8B", "Qwen2.5-VL-7B", "GPT-3 175B", "LLaVA 13B".
# (A version may follow the name: "GPT-3 175B", "Llama 2 7B".)
NAME_BEFORE = re.compile(
    r"(?:\b[A-Z][\w.]*[A-Za-z0-9][\w.]*|\b[a-z]+[A-Z][\w.]*)(?:[-\s]v?\d[\w.]*)?[-\s]?(?:[\w.]+-)*(?:\s?\()?$")
# "our Foo-7B": the paper's own model, even under a name it never introduces.
OUR_JUST_BEFORE = re.compile(r"(?i)\bour\s+(?:[\w-]+\s+)?$")
# The sizes listed before a size, back to the name they follow: "Llama-2 7B and 13B", "Qwen2.5-7B/14B".
LIST_BEFORE = re.compile(r"(?:(?<![\w.])\d[\d.,]*\s?[KMBT]\s*(?:,\s*(?:and|or)?|and|or|/|to|-|–)\s*)+$")
NAME_AFTER = re.compile(r"^[-\s](?:[A-Z][A-Za-z]*-?\d|GPT|T5|PaLM|BERT|LLaMA|Llama)")
NOT_NAMES = frozenset({"A", "An", "The", "Our", "We", "With", "For", "In", "On", "Only", "Up", "To", "At", "Of",
                       "By", "This", "These", "It", "Its", "From", "And", "Under", "Using", "Scaling", "Training",
                       "Within", "Across", "Over", "About", "Nearly", "Approximately", "Roughly", "Around", "Both",
                       "All", "Each", "Every", "Just", "Via", "When", "While", "Notably", "Specifically",
                       "Moreover", "Additionally", "Furthermore", "However", "Finally", "Similarly", "Given",
                       "After", "Before", "Despite", "Unlike", "Even", "Then", "Thus", "Overall",
                       # Generic nouns, not names: "the resulting LM (22.4B total parameters)".
                       "LM", "LMs", "LLM", "LLMs", "VLM", "VLMs", "MLLM", "MLLMs", "SLM", "SLMs", "MoE", "Model",
                       "Models", "Transformer", "Transformers"})


# The fact fields whose facts carry a role.
ROLE_FIELDS = ("parameters", "data_scale", "compute")


def with_roles(facts: tuple[Fact, ...], field: str, own_names: tuple[str, ...] = ()) -> tuple[Fact, ...]:
    """The quantities of ``field`` (``parameters``, ``data_scale`` or ``compute``), each given its
    role; ``own_names`` are the names the paper gives its own model (``own_names.py``)."""
    return tuple(replace(fact, role=quantity_role(fact.source, fact.start, fact.end, field, own_names))
                 for fact in facts)


def with_default_role(facts: tuple[Fact, ...], field: str, role: Role, own_names: tuple[str, ...]) -> tuple[Fact, ...]:
    """``facts`` with ``role`` for each whose role no cue decided (see ``KIND_DEFAULT_ROLES``)."""
    changed = [(index, fact if role_has_cue(fact, field, own_names) else replace(fact, role=role))
               for index, fact in enumerate(facts)]
    return dedupe(changed, number_role_key)


def distinct_with_roles(
    facts: Iterable[tuple[int, Fact]], field: str, own_names: tuple[str, ...] = ()
) -> tuple[Fact, ...]:
    """Facts keyed by their position, in paper order, each given its role: one fact per value,
    unit, qualifier and role, so that a size stated as the paper's own in one sentence and as a
    baseline's in another is two facts and the table finds the own one.  Only the first
    ``MAX_REPEATS`` statements of one value are read: absurd input repeats a size thousands of
    times, and reading each would cost a role decision apiece."""
    seen: Counter[Hashable] = Counter()
    roled = []
    for order, fact in sorted(facts, key=lambda item: (item[0], item[1].start, item[1].end)):
        key = number_key(fact)
        seen[key] += 1
        if seen[key] <= MAX_REPEATS:
            role = quantity_role(fact.source, fact.start, fact.end, field, own_names)
            roled.append((order, replace(fact, role=role)))
    if field == "parameters":
        roled = settle_across_sentences(roled)
    return dedupe(roled, number_role_key)


def settle_across_sentences(roled: list[tuple[int, Fact]]) -> list[tuple[int, Fact]]:
    """Model sizes whose role another sentence of the paper settles.

    - A size written without a model's name ("experiments on 1B LLMs") that a base cue made
      ``base`` is the paper's own when the paper states that size as its own elsewhere ("we
      release models of 1B and 7B"): the bare size refers back to the paper's model.
    - A named checkpoint ("Llama3-405B") the paper casts as an annotator, judge or teacher
      (``other``) stays that tool when a later sentence compares it ("LLMs like GPT-4 and
      Llama3-405B generalize better than BERT"): it is no baseline the paper's model beats.
    """
    own = {number_key(fact) for _, fact in roled if fact.role == "own"}
    tools = {(number_key(fact), name) for _, fact in roled
             if fact.role == "other" and (name := model_name(fact)) is not None}
    if not own and not tools:
        return roled
    settled = []
    for order, fact in roled:
        key = number_key(fact)
        if fact.role == "base" and key in own and model_name(fact) is None:
            fact = replace(fact, role="own")
        elif fact.role == "compared" and tools and (key, model_name(fact)) in tools:
            fact = replace(fact, role="other")
        settled.append((order, fact))
    return settled


def model_name(fact: Fact) -> str | None:
    """The model name a size is written in ("Llama3" for "Llama3-405B", "Llama-2" for the 13B of
    "Llama-2 7B and 13B"), or None for a bare size ("1B LLMs", "a 7B model")."""
    sentence, start = fact.source, list_start(fact.source, fact.start)
    window = sentence[max(0, start - 40):start]
    before = NAME_BEFORE.search(window)
    if before and before.group().split("-")[0].split()[0].strip(".") not in NOT_NAMES:
        return before.group().strip(" -(")
    after = NAME_AFTER.match(sentence[fact.end:fact.end + 12])  # "7B LLaMA"
    return after.group().strip(" -") if after else None


def role_has_cue(fact: Fact, field: str, own_names: tuple[str, ...] = ()) -> bool:
    """Whether words of the sentence decided the fact's role firmly (otherwise a default or a weak cue
    such as "we" did, which the paper's kind may overrule)."""
    return decide_role(fact.source, fact.start, fact.end, field, own_names)[1]


def quantity_role(sentence: str, start: int, end: int, kind: str, own_names: tuple[str, ...] = ()) -> Role:
    """The role of the quantity at ``sentence[start:end]``, a fact of field ``kind``
    (``parameters``, ``data_scale`` or ``compute``).  Only a model can be a base: cues of
    adapting a model do not make a data size or a GPU count ``base``."""
    return decide_role(sentence, start, end, kind, own_names)[0]


def decide_role(sentence: str, start: int, end: int, kind: str, own_names: tuple[str, ...]) -> tuple[Role, bool]:
    """The role, and whether a cue decided it (rather than the default or a weak cue such as "we",
    which a paper's kind may overrule: "we find that 70B models fail" in a benchmark paper)."""
    model = kind == "parameters"
    named_at = list_start(sentence, start)
    if model and is_own_name(name_before(sentence, named_at)[0], own_names):
        return "own", True  # "Pensez 7B", "CodeGen2-16B": the paper's own model
    clause = clause_before(sentence, start)
    if hypothetical(sentence, clause, end):
        return "other", True
    after = cue_after(sentence, end, kind)
    # A composed size names a model built from two others, no checkpoint released under that name.
    composed = model and composed_size(sentence, start, end)
    if after == "own" and not composed and checkpoint_name(sentence, named_at, True):
        return "base", True  # "into a Llama-2-7B student": an existing model the paper distils into
    if after is not None:
        return after, True
    if model and ANNOTATOR_LATER.search(sentence, end, end + WINDOW):
        return "other", True
    if kind == "data_scale" and made_by_paper(sentence, end, own_names):
        return "own", True
    cue, weak = last_cue(clause, kind)
    if model and cue == "base" and DISTILLED_INTO.search(clause) and INTO_AFTER.match(sentence, end, end + WINDOW):
        return "other", True  # "we distill Llama-2-70B into a 7B student": the teacher
    if kind == "data_scale" and cue in (None, "own") and base_model_data(sentence, start, clause, own_names):
        return "base", True
    if model and (cue is None or weak):
        if produced_later(sentence, end):
            return "own", True  # "MobileLLM-125M ... via pruning from its larger counterparts"
        if THROUGHPUT.search(sentence, max(0, start - NEARBY), end + NEARBY):
            return "base", True  # a systems paper reports how fast it runs this model
        # ("Gemma 9B-2B outperforms ..." names the paper's composition, not another's checkpoint.)
        named = (cue is None and names_a_model(sentence, named_at, end)
                 or weak and checkpoint_name(sentence, named_at, True))
        if named and not composed:
            return "base", cue is not None
    if cue is not None:
        return cue, not weak
    return "own", False


def produced_later(sentence: str, end: int) -> bool:
    """Whether the rest of the size's clause says it was obtained by pruning (distilling,
    compressing) another model ("... via pruning from its larger counterparts")."""
    rest = sentence[end:end + WINDOW]
    stop = CLAUSE_END.search(rest)
    return PRODUCED_LATER.search(rest, 0, stop.start() if stop else len(rest)) is not None


def composed_size(sentence: str, start: int, end: int) -> bool:
    """Whether the size at ``start:end`` is one half of a composed size such as "9B-2B" or "2B-2B"
    (the first not smaller than the second: "70M-12B" is a range of sizes)."""
    for match in COMPOSED.finditer(sentence, max(0, start - 12), min(len(sentence), end + 12)):
        if match.start() <= start and end <= match.end():
            first = float(match.group(1)) * MAGNITUDES[match.group(2)]
            second = float(match.group(3)) * MAGNITUDES[match.group(4)]
            return first >= second
    return False


def list_start(sentence: str, start: int) -> int:
    """Where the list that ends with the size at ``start`` begins ("7B" in "Llama-2 7B and 13B")."""
    window = sentence[max(0, start - WINDOW // 2):start]
    listed = LIST_BEFORE.search(window) if window[-1:] in " ,/-–dro" else None
    return start - len(window) + listed.start() if listed else start


def clause_before(sentence: str, start: int) -> str:
    window = sentence[max(0, start - WINDOW):start]
    ends = list(CLAUSE_END.finditer(window))
    return window[ends[-1].end():] if ends else window


def hypothetical(sentence: str, clause: str, end: int) -> bool:
    """"For example, training a 1T model on 20T tokens requires ...": a clause that starts with
    a gerund and whose verb is "requires", "takes" or "costs" states a worked example (unless the
    paper speaks, or the verb says how little: "takes only 8 GPUs")."""
    starts_clause = len(clause) < WINDOW or sentence.startswith(clause)
    if not starts_clause or not HYPOTHETICAL_START.match(clause):
        return False
    rest = sentence[end:end + WINDOW]
    stop = CLAUSE_END.search(rest)
    rest = rest[:stop.start()] if stop else rest
    # "Training a 7B model with our method takes only 8 GPUs" is the paper's claim.
    return HYPOTHETICAL_VERB.search(rest) is not None and not SPEAKER.search(clause + rest)


def cue_after(sentence: str, end: int, kind: str) -> Role | None:
    """The role told by the words right after the quantity (and the rest of its list)."""
    rest = LIST_REST.match(sentence, end, end + WINDOW)
    position = rest.end() if rest else end
    for role, pattern in AFTER_CUES:
        if (role != "base" or kind == "parameters") and pattern.match(sentence, position, position + WINDOW):
            return role
    return None


def made_by_paper(sentence: str, end: int, own_names: tuple[str, ...]) -> bool:
    """Whether the words after a data size say the paper's own system or pipeline made that data."""
    made = MADE_BY.match(sentence, end, end + WINDOW)
    if made is None:
        return False
    maker = made.group("maker")
    return maker.lower() == "our" or is_own_name(maker, own_names)


def last_cue(clause: str, kind: str) -> tuple[Role | None, bool]:
    """The role of the last cue in ``clause`` that does not merely quantify a number, and
    whether that cue is a weak own cue ("we", "our")."""
    role: Role | None = None
    weak = False
    for match in CUE_PATTERNS[kind].finditer(clause):
        cue = CUES[int(str(match.lastgroup)[3:])][0]
        if QUANTIFIER_CUE.fullmatch(match.group()) and QUANTIFIED.match(clause[match.end():]):
            continue
        role = cue
        weak = cue == "own" and WEAK_OWN.fullmatch(match.group()) is not None
    return role, weak


def base_model_data(sentence: str, start: int, clause: str, own_names: tuple[str, ...]) -> bool:
    """"Llama-2, pre-trained on 2T tokens", "Llama-2 7B, which was pre-trained on 2T tokens": the
    data another model was trained on, which the paper starts from (unless the paper speaks of
    its own: "we", "our", its own names)."""
    if "rain" not in clause:
        return False
    trained = TRAINED_ON_END.search(clause)
    if trained is None or SPEAKER.search(clause):
        return False
    subject = clause[:trained.start()]
    if not CHECKPOINT.search(subject) and not acronyms(subject):
        # A relative clause: the model is named just before "which" or "that".
        before = sentence[max(0, start - len(clause) - WINDOW // 2):start - len(clause)]
        if not RELATIVE_END.search(before):
            return False
        subject = before
    names = [match.group() for match in CHECKPOINT.finditer(subject)] or acronyms(subject)
    return bool(names) and not any(is_own_name(name.split()[0], own_names) for name in names)


def acronyms(text: str) -> list[str]:
    """Model-like names without a version ("CLIP", "RoBERTa"): two capitals or more, not generic
    nouns ("LLMs")."""
    return [word for word in ACRONYM.findall(text) if word not in NOT_NAMES]


def checkpoint_name(sentence: str, start: int, not_ours: bool = False) -> bool:
    """Whether the size ends a model's name ("Llama-2-7B", "GPT-3 175B"): a released checkpoint,
    unlike "a 1.3B GPT-3 model", a model of that architecture that may be the paper's own.  With
    ``not_ours``, a name the paper calls its own ("our Foo-7B") is no checkpoint of another's."""
    window = sentence[max(0, start - 60):start]
    before = NAME_BEFORE.search(window, max(0, len(window) - 40))
    if not before or before.group().split("-")[0].split()[0].strip(".") in NOT_NAMES:
        return False
    return not (not_ours and OUR_JUST_BEFORE.search(window, 0, before.start()))


def names_a_model(sentence: str, start: int, end: int) -> bool:
    """Whether the size is written as part of a model's name, before or after it."""
    before = NAME_BEFORE.search(sentence[max(0, start - 40):start])
    if before and before.group().split("-")[0].split()[0].strip(".") not in NOT_NAMES:
        return True
    return bool(NAME_AFTER.match(sentence[end:end + 12]))
