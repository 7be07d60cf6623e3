"""Machine-readable exports: ``data/papers.json``, CSV tables and BibTeX files.

The JSON export is the contract for other tools (its schema is documented in the README);
CSV mirrors the comparison tables and BibTeX lists the papers as ``@misc`` entries
(``bibtex.py``).  The whole corpus, each chapter and each tag have all three.  Exports
are rendered to text here and placed into the built site by the MkDocs plugin, like pages.
Output is deterministic: papers sorted by slug, keys in a fixed order, no timestamps.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from generator import bibtex, escape
from generator.extract import FIELDS
from generator.extract.units import family_of
from generator.model import Claim, Fact, Facts, Page, Paper, Survey
from generator.urls import paper_url, src, tag_id

PAPER_COLUMNS = ("slug", "title", "chapter", "section", "date", "year", "upvotes", "authors", "organization")
FACT_COLUMNS = tuple(field.csv for field in FIELDS if field.csv is not None)
CSV_COLUMNS = PAPER_COLUMNS + tuple(column.name for column in FACT_COLUMNS) + ("url",)


def paper_record(survey: Survey, paper: Paper) -> dict[str, Any]:
    placement = survey.placements[paper.slug]
    facts, sentences = facts_record(survey.facts[paper.slug])
    return {
        "slug": paper.slug,
        "url": paper_url(paper.slug),
        "title": paper.title,
        "abstract": paper.abstract,
        "sources": [{"file": s.file, "line": s.line} for s in paper.sources],
        "date": paper.date.iso if paper.date else None,
        "year": paper.date.year if paper.date else None,
        "upvotes": paper.upvotes,
        "authors": paper.authors,
        "organization": paper.organization,
        "chapter": placement.chapter,
        "section": placement.section,
        "chapters": list(placement.chapters),
        "tags": list(survey.tags.get(paper.slug, ())),
        "facts": facts,
        "claims": [claim_record(claim, survey.facts[paper.slug]) for claim in survey.claims.get(paper.slug, ())],
        "sentences": sentences,
        "related": [{"slug": n.slug, "score": n.score, "reason": n.reason}
                    for n in survey.related.get(paper.slug, ())],
        "assignment": {
            "score": placement.score,
            "runner_up": placement.runner_up,
            "runner_up_score": placement.runner_up_score,
            "terms": list(placement.terms),
            "confidence": placement.confidence,
            "reason": placement.reason,
        },
    }


# A chapter's or a tag's JSON holds what its tables show of each paper: these keys, and each fact
# without the index and span of its sentence.  The full record (abstract, fact sentences, related
# papers, placement details) is in papers.json: repeated in every scope a paper belongs to, it
# made the site 500 MB larger at 20,000 papers (1,259 MB, over GitHub Pages' 1 GB).
SCOPED_KEYS = ("slug", "url", "title", "date", "year", "upvotes", "authors", "organization", "chapter", "section",
               "chapters", "tags", "facts", "claims")
SENTENCE_KEYS = ("sentence", "span")


def scoped_record(record: dict[str, Any]) -> dict[str, Any]:
    """A paper's record as a chapter's or a tag's JSON holds it (see ``SCOPED_KEYS``)."""
    def fact(value: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in value.items() if k not in SENTENCE_KEYS}

    facts = {field: [fact(f) for f in value] if isinstance(value, list) else value and fact(value)
             for field, value in record["facts"].items()}
    return {**{key: record[key] for key in SCOPED_KEYS}, "facts": facts}


def claim_record(claim: Claim, facts: Facts) -> dict[str, Any]:
    """A structured claim, pointing at the headline result it was read from by its index."""
    return {"value": claim.value, "unit": claim.unit, "metric": claim.metric, "benchmark": claim.benchmark,
            "comparison": claim.comparison, "result": facts["results"].index(claim.result)}


def facts_record(facts: Facts) -> tuple[dict[str, Any], list[str]]:
    """The facts as JSON, and the sentences they were read from: one sentence often yields
    several facts, so each fact names its sentence by index and the sentence is written once."""
    sentences: dict[str, int] = {}

    def record(fact: Fact, field: str) -> dict[str, Any]:
        # Quantities say whose they are; data sizes also name their unit family.
        role = {} if fact.role is None else {"role": fact.role}
        family = {"family": family_of(fact.unit)} if field == "data_scale" else {}
        return {"text": fact.text, "value": fact.value, "unit": fact.unit, "qualifier": fact.qualifier, **role,
                **family, "sentence": sentences.setdefault(fact.source, len(sentences)), "span": [fact.start, fact.end]}

    fields = {
        field.name: [record(fact, field.name) for fact in facts[field.name]] if field.many
        else (fact := facts.first(field.name)) and record(fact, field.name)
        for field in FIELDS
    }
    return fields, list(sentences)


def papers_json(survey: Survey) -> str:
    """Compact (no indentation: json's C encoder, and a fifth smaller), deterministic JSON."""
    with _cycle_collector_paused():
        records = [paper_record(survey, p) for p in survey.papers]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """The records are a million small dicts and lists, none referring back to another: each few
    hundred allocated would start the cyclic garbage collector, which walks the whole heap, and
    that was three quarters of the time spent building them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def csv_row(survey: Survey, paper: Paper) -> list[str]:
    placement = survey.placements[paper.slug]
    facts = survey.facts[paper.slug]
    values = {
        "slug": paper.slug,
        "title": paper.title,
        "chapter": placement.chapter,
        "section": placement.section,
        "date": paper.date.iso or paper.date.display if paper.date else "",
        "year": str(paper.date.year) if paper.date and paper.date.year else "",
        "upvotes": "" if paper.upvotes is None else str(paper.upvotes),
        "authors": "" if paper.authors is None else str(paper.authors),
        "organization": paper.organization or "",
        "url": paper_url(paper.slug),
    }
    values |= {field.csv.name: field.csv.cell(facts[field.name]) for field in FIELDS if field.csv is not None}
    return [escape.csv_cell(values[column]) for column in CSV_COLUMNS]


def csv_table(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def bibtex_entries(survey: Survey, site_url: str | None = None) -> dict[str, str]:
    """Every paper's BibTeX entry by slug, with keys unique across the whole corpus."""
    keys = bibtex.citation_keys(survey.papers)
    return {p.slug: bibtex.entry(p, keys[p.slug], site_url) for p in survey.papers}


def papers_bibtex(survey: Survey, papers: Sequence[Paper], site_url: str | None = None) -> str:
    entries = bibtex_entries(survey, site_url)
    return "\n".join(entries[p.slug] for p in papers)


def compact_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def json_list(records: Iterable[str]) -> str:
    """Records already serialised compactly, as one JSON list (what ``papers_json`` writes)."""
    return "[" + ",".join(records) + "]\n"


@dataclass(frozen=True)
class Scope:
    """A set of papers with its own downloads: a chapter's or a tag's."""

    route: str
    params: dict[str, str]
    slugs: list[str]

    def path(self, ext: str) -> str:
        return src(self.route, **self.params, ext=ext)


def scopes(survey: Survey) -> list[Scope]:
    """Chapters (their papers in table order, as on the page) and tags (in corpus order)."""
    chapters = [Scope("chapter-data", {"chapter": c.id}, [p.slug for s in c.sections for p in survey.papers_in(s)])
                for c in survey.chapters]
    tags = [Scope("tag-data", {"tag": tag_id(tag)}, [p.slug for p in papers]) for tag, papers in survey.by_tag.items()]
    return chapters + tags


def export_files(survey: Survey, site_url: str | None = None) -> tuple[Page, ...]:
    """Every export as a non-Markdown ``Page`` under ``data/``.

    Each paper's CSV row, BibTeX entry and JSON records are made once: they go into the full
    files and into the files of its chapter and of each of its tags (there as ``scoped_record``).
    """
    rows = {p.slug: csv_row(survey, p) for p in survey.papers}
    entries = bibtex_entries(survey, site_url)
    records: dict[str, str] = {}
    scoped: dict[str, str] = {}
    with _cycle_collector_paused():
        for paper in survey.papers:  # one record at a time: only their JSON text is kept
            record = paper_record(survey, paper)
            records[paper.slug], scoped[paper.slug] = compact_json(record), compact_json(scoped_record(record))
    files = [
        Page(src("data", name="papers.json"), json_list(records.values()), in_nav=False),
        Page(src("data", name="papers.csv"), csv_table(rows.values()), in_nav=False),
        Page(src("data", name="papers.bib"), "\n".join(entries.values()), in_nav=False),
    ]
    for scope in scopes(survey):
        files += [
            Page(scope.path("csv"), csv_table(rows[s] for s in scope.slugs), in_nav=False),
            Page(scope.path("bib"), "\n".join(entries[s] for s in scope.slugs), in_nav=False),
            Page(scope.path("json"), json_list(scoped[s] for s in sorted(scope.slugs)), in_nav=False),
        ]
    return tuple(files)
