"""How counts read: "1 paper", "2 papers", "0 chapters"; one rule for pages, logs and the CLI."""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
IRREGULAR = {"entry": "entries", "family": "families", "index": "indexes", "analysis": "analyses"}


def plural(noun: str, number: int) -> str:
    """``noun`` as it reads after ``number``."""
    if number == 1:
        return noun
    return IRREGULAR.get(noun, noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s"))


def count(number: int, noun: str) -> str:
    """``number`` followed by ``noun`` in the right form, e.g. ``count(1, "paper") == "1 paper"``."""
    return f"{number:,} {plural(noun, number)}"
