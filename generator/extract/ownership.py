"""Whose number is it: the role of a model size, data size or compute amount, from its sentence.

A comparison table must show the paper's own numbers, not the sizes of the models it beats.
Each quantity gets one role from the words around it in its sentence:

- ``own``: what the paper trains, releases, proposes or derives;
- ``base``: the model it starts from, adapts, prunes, quantises or runs its method on;
- ``compared``: baselines and models it matches or beats;
- ``other``: teachers, annotators and judges, prior work, surveys, worked examples.

The nearest cue before the quantity, within its clause, decides (a cue is a word such as
"outperforms", "fine-tune", "we train" or "for example").  With no cue, a size written as part
of another model's name (``Llama-3.1-8B``, ``GPT-3 175B``) is ``base`` and any other is ``own``.
The kinds ``parameters``, ``data_scale`` and ``compute`` give their facts a role here.  The cue
lists were tuned on the *tune* half of ``tests/fixtures/facts_roles_gold.yml`` only.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.model import ROLES, Fact, Role

# How far before a quantity a cue may stand (characters), and where a clause ends.
WINDOW = 120
CLAUSE_END = re.compile(r"(?i)[;:]|\.\s|\b(?:while|whereas|but|which|where)\b")

# Each cue is a regex over the clause before the quantity; the last match of any cue wins.
CUES: tuple[tuple[Role, str], ...] = (
    ("other", r"requires?|would|typically|surveyed|teachers?|annotat\w*"
              r"|judges?|labell?ed by|prior work|previous work|existing work"),
    ("compared", r"outperform\w*|surpass\w*|beat(?:s|ing)?|exceed\w*|compared? (?:to|with|against)"
                 r"|comparabl\w* (?:to|with)|competitive\w* (?:to|with)|on par with|rival\w*|than|versus|vs\.?"
                 r"|relative to|over|match(?:es|ing)?|baselines?|larger|bigger|like|such as|prompted"),
    ("base", r"fine-?tun\w*|finetun\w*|continual(?:ly)? pre-?train\w*(?: of)?|quantiz\w*|quantis\w*|prun\w*"
             r"|sparsif\w*|distill?\w*|adapt(?:s|ed|ing)?|based on|built (?:on|upon)|on top of"
             r"|initiali[sz]ed (?:from|with)|start\w* from|experiments? (?:on|with)|results on"
             r"|evaluat\w*|applied to|apply\w*|when training|for the"),
    ("own", r"\bwe\b|\bour\b|\bours\b|open-?sourc\w*|releas\w*|introduc\w*|present\w*|propos\w*"
            r"|with only|on only|using only|within|budgets?(?: of)?|achiev\w*|scal(?:e|es|ing) (?:our|it|up)"
            r"|pre-?train(?:ed|ing)? (?:on|with|the|a|our)|trains?|newly"),
)
CUE_PATTERN = re.compile(
    "|".join(rf"(?P<{role}{i}>\b(?:{pattern})(?![\w-]))" for i, (role, pattern) in enumerate(CUES)), re.IGNORECASE)
# A cue followed by a number quantifies that number instead of naming a rival: "more than
# 10,000 GPUs", "over four million pairs", "surpasses 774.5 TB".
QUANTIFIER_CUE = re.compile(r"(?i)than|over|exceed\w*|surpass\w*")
QUANTIFIED = re.compile(r"(?i)^\W{0,3}(?:$|\d|one|two|three|four|five|six|seven|eight|nine|ten|a (?:few|dozen))")
# A size glued to a name: "Llama-3.1-8B", "Qwen2.5-VL-7B", "GPT-3 175B", "LLaVA 13B".
NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w.]*[A-Za-z0-9][\w.]*|\b[a-z]+[A-Z][\w.]*)[-\s]?(?:[\w.]+-)*$")
NAME_AFTER = re.compile(r"^[-\s](?:[A-Z][A-Za-z]*-?\d|GPT|T5|PaLM|BERT|LLaMA|Llama)")
NOT_NAMES = frozenset({"A", "An", "The", "Our", "We", "With", "For", "In", "On", "Only", "Up", "To", "At", "Of",
                       "By", "This", "These", "It", "Its", "From", "And", "Under", "Using", "Scaling", "Training"})


# The fact fields whose facts carry a role.
ROLE_FIELDS = ("parameters", "data_scale", "compute")


def with_roles(facts: tuple[Fact, ...], field: str) -> tuple[Fact, ...]:
    """The quantities of ``field`` (``parameters``, ``data_scale`` or ``compute``), each given its role."""
    return tuple(replace(fact, role=quantity_role(fact.source, fact.start, fact.end, field)) for fact in facts)


def role_has_cue(fact: Fact, field: str) -> bool:
    """Whether a word of the sentence decided the fact's role (otherwise the default did)."""
    return last_cue(clause_before(fact.source, fact.start), field) is not None


def quantity_role(sentence: str, start: int, end: int, kind: str) -> Role:
    """The role of the quantity at ``sentence[start:end]``, a fact of field ``kind``
    (``parameters``, ``data_scale`` or ``compute``).  Only a model can be a base: cues of
    adapting a model do not make a data size or a GPU count ``base``."""
    cue = last_cue(clause_before(sentence, start), kind)
    if cue is not None:
        return cue
    return "base" if kind == "parameters" and names_a_model(sentence, start, end) else "own"


def clause_before(sentence: str, start: int) -> str:
    window = sentence[max(0, start - WINDOW):start]
    ends = list(CLAUSE_END.finditer(window))
    return window[ends[-1].end():] if ends else window


def last_cue(clause: str, kind: str) -> Role | None:
    """The role of the last cue in ``clause`` that does not merely quantify a number."""
    role: Role | None = None
    for match in CUE_PATTERN.finditer(clause):
        cue = next(r for r in ROLES if match.lastgroup and match.lastgroup.startswith(r))
        quantifies = QUANTIFIER_CUE.fullmatch(match.group()) and QUANTIFIED.match(clause[match.end():])
        if quantifies or (cue == "base" and kind != "parameters"):
            continue
        role = cue
    return role


def names_a_model(sentence: str, start: int, end: int) -> bool:
    """Whether the size is written as part of a model's name, before or after it."""
    before = NAME_BEFORE.search(sentence[max(0, start - 40):start])
    if before and before.group().split("-")[0].split()[0].strip(".") not in NOT_NAMES:
        return True
    return bool(NAME_AFTER.match(sentence[end:end + 12]))
