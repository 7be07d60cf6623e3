"""Common LaTeX in titles and abstracts, as the text it stands for.

Authors paste LaTeX into Hugging Face listings: ``80\\%``, ``One For All (\\textsc{Ofa})``,
``$10^{4}$ GPU hours``.  The corpus stage turns it into plain text once, so every place a title
or abstract is shown (pages, search, feeds, exports) shows what the author meant.  Only common
markup is read: escaped characters, text-style commands with one argument, and short ``$…$``
fragments with a few symbols; anything else is left as written.  A paper's slug is computed
from its title as listed, so cleaning never moves a page.
"""

from __future__ import annotations

import re

# \textsc{Ofa} -> Ofa: commands that only style their one argument.
STYLE_COMMAND = re.compile(
    r"\\(?:textsc|textbf|textit|textrm|texttt|textsf|emph|mathrm|mathbf|mathit|mathsf|mathtt|mathcal|text|mbox)"
    r"\s*\{([^{}]*)\}"
)
ESCAPED = re.compile(r"\\([%&_#$])")
# Inline math of at most this many characters is read; longer $…$ is more likely two prices.
MATH = re.compile(r"\$([^$\n]{1,60})\$")
MATH_MARKUP = re.compile(r"[\\^_{]")
SYMBOLS = {
    "times": "×", "cdot": "·", "sim": "~", "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "pm": "±", "to": "→", "rightarrow": "→", "infty": "∞", "alpha": "α", "beta": "β", "gamma": "γ",
    "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ", "sigma": "σ", "theta": "θ", "tau": "τ",
    "%": "%",
}
SYMBOL = re.compile(r"\\(%|[A-Za-z]+)(?![A-Za-z])\s?")
BRACED_SCRIPT = re.compile(r"([_^])\{([^{}]*)\}")


def plain_text(text: str) -> str:
    """``text`` with its common LaTeX markup replaced by what it stands for."""
    if "\\" not in text and "$" not in text:
        return text
    text = MATH.sub(lambda match: math_text(match[1]), text)
    text = STYLE_COMMAND.sub(r"\1", text)
    return ESCAPED.sub(r"\1", text)


def math_text(formula: str) -> str:
    """A short formula as text: ``10^{4}`` -> ``10^4``, ``\\times`` -> ``×``.  A formula with a
    command we do not know is kept with its dollar signs."""
    if not MATH_MARKUP.search(formula):
        return f"${formula}$"  # "$5 and $10": prices, not a formula
    formula = STYLE_COMMAND.sub(r"\1", formula)
    unknown = [name for name in SYMBOL.findall(formula) if name not in SYMBOLS]
    if unknown:
        return f"${formula}$"
    formula = SYMBOL.sub(lambda match: SYMBOLS[match[1]], formula)
    return BRACED_SCRIPT.sub(r"\1\2", formula).strip()
