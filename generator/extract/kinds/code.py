"""Code and resources: the links a paper gives (repositories, model and data pages), one per target."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, all_values, dedupe
from generator.extract.links import normalise_url, trim_url
from generator.extract.sentences import Segment
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    found: list[tuple[int, Fact]] = []
    for segment in analysis.segments:
        found += _links(segment)
    return dedupe(found, lambda fact: fact.value)


def _links(segment: Segment) -> list[tuple[int, Fact]]:
    found: list[tuple[int, Fact]] = []
    text = segment.text
    for start, stop in segment.links:
        raw = trim_url(text[start:stop])
        shown = raw[:-4] if raw.lower().endswith(".git") else raw
        if "." not in raw.split("://")[-1].split("/")[0]:
            continue  # "https://localhost"-like fragments are not links
        end = start + len(shown)
        fact = Fact(shown, normalise_url(raw), None, None, text, start, end)
        found.append((segment.order + start, fact))
    return found


FIELD = FactField("code", "Code and resources", many=True, position=100, extract=extract,
                  csv=CsvColumn("code", all_values))
