"""The curator's report as YAML or Markdown, every suggestion with a snippet for ``survey.yml``.

A low-confidence or unplaced paper comes with an override that pins it (to its current
section; the runner-up is named beside it), a suggested move with the override that makes it,
and a cluster of poorly fitting papers with a new section (id, title, introduction to write,
cue phrases) to append to a chapter's ``sections:``.  Snippets are written by ``yaml.safe_dump``,
so any title pastes as a valid YAML string; ``tests/test_report_snippets.py`` pastes them.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.escape import page_text_raw
from generator.model import Survey
from generator.report import CurationReport, move_note
from generator.slugs import slug_words

MAX_SECTION_CUES = 4


class _Dumper(yaml.SafeDumper):
    """Safe YAML, with multi-line strings (the snippets) as literal blocks, readable as pasted."""


def _string(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _string)


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def override_entry(title: str, section_key: str) -> dict[str, str]:
    return {"paper": title, "section": section_key}


def section_entry(phrases: tuple[str, ...], number: int) -> dict[str, Any]:
    """A new section named after its cluster's first phrases; the curator writes its intro."""
    name = ", ".join(phrases[:2]) or f"suggested section {number}"
    ident = "-".join(slug_words(name).split("-")[:6]) or f"suggested-{number}"
    return {"id": ident, "title": name[:1].upper() + name[1:],
            "intro": "Write what unites these papers.", "cues": list(phrases[:MAX_SECTION_CUES])}


def report_data(report: CurationReport, survey: Survey) -> dict[str, Any]:
    """The report as plain data, low-confidence placements first, each with its snippet."""
    titles = {p.slug: p.title for p in survey.papers}
    placements = survey.placements
    return {
        "low_confidence": [
            {"paper": titles[i.slug], "placed_in": i.section_key, "reason": i.reason, "runner_up": i.runner_up,
             "snippet": dump({"overrides": [override_entry(titles[i.slug], i.section_key)]})
             + (f"  # or, if it belongs to the runner-up:  section: {i.runner_up}\n" if i.runner_up else "")}
            for i in report.low_confidence
        ],
        "other": [
            {"paper": titles[slug], "closest": placements[slug].runner_up, "reason": placements[slug].reason,
             "snippet": dump({"overrides": [override_entry(titles[slug], placements[slug].runner_up or "")]})}
            for slug in report.other if placements[slug].runner_up
        ],
        "moves": {
            "note": move_note(),
            "suggested": [
                {"paper": titles[m.slug], "from": m.current, "to": m.suggested,
                 "snippet": dump({"overrides": [override_entry(titles[m.slug], m.suggested)]})}
                for m in report.moves
            ],
        },
        "new_sections": [
            {"chapter": c.chapter, "papers": [titles[s] for s in c.members],
             "snippet": dump([section_entry(c.terms, n)])}
            for n, c in enumerate(report.clusters, start=1)
        ],
    }


def report_yaml(report: CurationReport, survey: Survey) -> str:
    header = ("# Each snippet pastes into survey.yml: overrides under overrides:, a new section under\n"
              "# its chapter's sections: (chapter ids as in survey.yml).\n")
    return header + dump(report_data(report, survey))


def report_markdown(report: CurationReport, survey: Survey) -> str:
    data = report_data(report, survey)
    lines = ["# Curation report", "", f"## Low-confidence placements ({len(data['low_confidence'])})", ""]
    for item in data["low_confidence"]:
        lines += [f"- {page_text_raw(item['paper'])} ({item['placed_in']}): {item['reason']}", "",
                  "  ```yaml", *("  " + line for line in item["snippet"].splitlines()), "  ```", ""]
    lines += [f"## In Other ({len(data['other'])})", ""]
    for item in data["other"]:
        lines += [f"- {page_text_raw(item['paper'])} (closest: {item['closest']}): {item['reason']}", "",
                  "  ```yaml", *("  " + line for line in item["snippet"].splitlines()), "  ```", ""]
    lines += [f"## Suggested moves ({len(data['moves']['suggested'])})", "", data["moves"]["note"], ""]
    for item in data["moves"]["suggested"]:
        lines += [f"- {page_text_raw(item['paper'])}: {item['from']} → {item['to']}", ""]
    lines += [f"## Suggested new sections ({len(data['new_sections'])})", ""]
    for item in data["new_sections"]:
        lines += [f"Under chapter `{item['chapter']}`'s sections:", "", "```yaml", item["snippet"].rstrip(), "```", ""]
        lines += [f"- {page_text_raw(title)}" for title in item["papers"]] + [""]
    return "\n".join(lines)
