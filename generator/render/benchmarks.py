"""Benchmark pages: for every benchmark named by two or more papers, the papers that name it and
the results they claim on it, each linked to its sentence; and an index of those benchmarks."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator import urls
from generator.model import Claim, Page, Paper, Survey
from generator.render.pagetype import NavEntry, PageType, RenderInput
from generator.render.rows import PaperLink, paper_link, sentence_href
from generator.urls import benchmark_url, relative, tag_id


@dataclass(frozen=True, slots=True)
class BenchmarkCount:
    name: str
    url: Markup
    papers: int
    claims: int


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    """A paper on a benchmark's page: its first claim on the benchmark, if any, and the sentence
    that names the benchmark."""

    link: PaperLink
    claim: Claim | None
    evidence: str
    evidence_url: Markup

    @property
    def value_text(self) -> str:
        if self.claim is None:
            return ""
        unit = "×" if self.claim.unit == "x" else self.claim.unit
        return f"{self.claim.value:g}{unit}"


def claims_on(survey: Survey, paper: Paper, name: str) -> list[Claim]:
    return [claim for claim in survey.claims.get(paper.slug, ()) if claim.benchmark == name]


def build(given: RenderInput) -> list[Page]:
    survey = given.survey
    named = survey.by_benchmark
    ids = {name: tag_id(name) for name in named}
    if len(set(ids.values())) != len(ids):
        raise ValueError(f"two benchmarks share a page name: {sorted(ids.items())}")
    here = urls.url("benchmarks")
    index = given.env.markdown.get_template("benchmarks.md.j2").render(benchmarks=[
        BenchmarkCount(name, relative(here, benchmark_url(name)), len(papers),
                       sum(len(claims_on(survey, paper, name)) for paper in papers))
        for name, papers in sorted(named.items(), key=lambda item: (-len(item[1]), item[0].casefold()))
    ])
    pages = [Page(urls.src("benchmarks"), index)]
    pages += [benchmark_page(given, name, papers) for name, papers in named.items()]
    return pages


def benchmark_page(given: RenderInput, name: str, papers: list[Paper]) -> Page:
    survey = given.survey
    here = benchmark_url(name)
    rows = []
    for paper in papers:
        mention = next(f for f in survey.facts[paper.slug]["benchmarks"] if f.value == name)
        claim = next(iter(claims_on(survey, paper, name)), None)
        evidence = claim.result.source if claim else mention.source
        link = paper_link(survey, paper, here)
        rows.append(BenchmarkRow(link, claim, evidence, sentence_href(here, paper, evidence)))
    rows.sort(key=lambda row: (row.claim is None, row.link.paper.title.casefold()))
    content = given.env.markdown.get_template("benchmark.md.j2").render(
        name=name, rows=rows, index_url=relative(here, urls.url("benchmarks")))
    return Page(urls.src("benchmark", benchmark=tag_id(name)), content, in_nav=False)


def nav(survey: Survey) -> NavEntry | None:
    return ("Benchmarks", urls.src("benchmarks"))


PAGE_TYPE = PageType("benchmarks", ("benchmarks.md.j2", "benchmark.md.j2"), build, nav)
