"""Read curator-written YAML into nodes, or explain its syntax error in one line, at the line
where the curator made the mistake.

PyYAML reports where its parser gave up, which is often a line or more after the mistake: an
unclosed quote or bracket is noticed where the file (or the next key) starts, and a key missing
its colon is noticed on the next line, where the wrapped text meets a ``key:``.  This module
moves the line back to the mistake and adds the fix a curator most often needs: a value that
contains ``": "`` (many paper titles do) must be quoted.

Files are composed with libyaml when PyYAML has it (twenty times faster on ``survey.yml``); a
file with a syntax error is composed again with the pure-Python parser, whose messages and
marks the explanations below are written for, so a problem reads the same on every machine.
"""

from __future__ import annotations

import yaml

from generator.problems import Problem

# PyYAML's context for a quote that is never closed; it notices where the file ends.
QUOTED = "while scanning a quoted scalar"
MAPPING_IN_VALUE = "mapping values are not allowed here"


FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(path: str, text: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree of ``text`` (None when empty), or None and the syntax error's problem."""
    try:
        return yaml.compose(text, Loader=FAST_LOADER), []
    except yaml.YAMLError:
        pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.YAMLError as error:
        return None, [yaml_problem(path, error, text)]


def yaml_problem(path: str, error: yaml.YAMLError, text: str = "") -> Problem:
    """One ``path:line`` problem for a YAML syntax error in ``text``."""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    what = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None) or ""
    line = problem_mark.line if problem_mark else 0
    message = f"invalid YAML: {what}"
    opener = _open_bracket(text, problem_mark) if problem_mark is not None else None
    if context == QUOTED and context_mark is not None and context_mark.line < line:
        line = context_mark.line
        message = f"invalid YAML: unclosed quote (opened at column {context_mark.column + 1}, never closed)"
    elif opener is not None and opener[0].line < line:
        line = opener[0].line
        message = f"invalid YAML: unclosed {opener[1]} (opened at column {opener[0].column + 1}, never closed)"
    elif what == MAPPING_IN_VALUE and problem_mark is not None:
        line, message = _colon_in_value(text, problem_mark)
    elif problem_mark is not None:
        message += f" at column {problem_mark.column + 1}" + (f" ({context})" if context else "")
    return Problem(path, line + 1, message, "error")


def _colon_in_value(text: str, mark: yaml.Mark) -> tuple[int, str]:
    """A ``": "`` where YAML expected none: either a value containing a colon (quote it) or, when
    the text started on an earlier line, a line whose key lacks its colon."""
    start = _scalar_start(text, mark)
    if start is not None and start.line < mark.line:
        lines = text.splitlines()
        if ":" in lines[start.line][:start.column]:
            return mark.line, ("invalid YAML: this line is indented deeper than the key above it, so it "
                               "was read as part of that key's value; align it with that key")
        return start.line, ("invalid YAML: this line has no 'key: value' colon, so the next line's "
                            "text was read as part of it; add the missing ':'")
    key = _key_before(text, mark)
    subject = "the title" if key in ("paper", "title") else "the value"
    example = f'{key}: "…: …"' if key else '"…: …"'
    return mark.line, (f"invalid YAML: a ': ' inside an unquoted value at column {mark.column + 1}; "
                       f"quote {subject}, e.g. {example}")


def _scalar_start(text: str, mark: yaml.Mark) -> yaml.Mark | None:
    """Where the plain text that ends at ``mark`` began (PyYAML's last scalar token before it)."""
    last: yaml.Mark | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token.start_mark
    except yaml.YAMLError:
        pass
    return last


def _open_bracket(text: str, mark: yaml.Mark) -> tuple[yaml.Mark, str] | None:
    """The innermost ``[`` or ``{`` still open where PyYAML gave up, and which one it is."""
    opened: list[tuple[yaml.Mark, str]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                opened.append((token.start_mark, "[" if isinstance(token, yaml.FlowSequenceStartToken) else "{"))
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    return opened[-1] if opened else None


def _key_before(text: str, mark: yaml.Mark) -> str:
    """The key of the line holding ``mark`` (``paper`` for ``  - paper: A: B``), or ''."""
    lines = text.splitlines()
    if mark.line >= len(lines):
        return ""
    head = lines[mark.line].lstrip(" -")
    key, colon, _ = head.partition(":")
    return key.strip() if colon and key.strip().isidentifier() else ""
