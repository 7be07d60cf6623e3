"""Run the pipeline: read the inputs, then one stage after another, into pages and exports.

``read_inputs`` is the only function here that touches the disk: it loads the seed files,
the taxonomy file and the templates.  ``build`` is pure and reads like the pipeline itself:
parse the corpus, merge duplicates, load the taxonomy, place papers, extract facts, tag,
render pages and exports.  Problems in the input are collected from every stage and returned
with the result; a taxonomy too broken to use raises ``TaxonomyError``.
"""

from __future__ import annotations

import gc
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from generator import urls
from generator.assign import assign_papers, count_placement_text
from generator.cache import CACHE_DIR, SourceTree, StageCache, code_version, entry_key, read_cache, read_sources
from generator.claims import paper_claims
from generator.corpus import SeedPage, decode_seed, merge_entries, normalize_title, parse_seed
from generator.corrections import apply_corrections
from generator.exports import export_files
from generator.extract import extract_facts
from generator.extract.vocabulary import VOCAB_DIR
from generator.feeds import feed_files
from generator.forked import in_child
from generator.model import (
    OTHER_CHAPTER,
    Facts,
    Override,
    Page,
    Paper,
    PaperDate,
    Placement,
    Survey,
    Taxonomy,
    WhatsNew,
)
from generator.plots import PLOT_CSS
from generator.problems import Problem
from generator.related import PaperVectors, paper_vectors, related_with_cache
from generator.render import PAGE_TYPES, TEMPLATE_NAMES, in_registry_order, render_types, rendered_pages
from generator.render.pagetype import Rendered
from generator.report import CurationReport, clusters_with_cache, curation_report
from generator.tags import method_tags, tags_with_cache
from generator.taxonomy import TaxonomyError, read_taxonomy, resolve_overrides
from generator.topicmap import topic_coordinates
from generator.whatsnew import arrivals

SEEDS_DIR = "seeds"
TAXONOMY_FILE = "survey.yml"
TEMPLATES_DIR = "templates"
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / TEMPLATES_DIR
# Fact extraction is the costliest stage (a few ms per abstract); from this many papers on it is
# worth starting worker processes.
PARALLEL_FROM = 1000
# Rendered in a forked child while the build renders the other page types: paper and tag pages
# take about as long as all the others (2,000 papers: 1.7 of 3.1 s when rendered afresh, 0.9 of
# 1.8 s when every page is cached).
CHILD_PAGE_TYPES = ("paper", "tags")
MAX_WORKERS = 8
EXTRACT_CHUNK = 200


@dataclass(frozen=True)
class Inputs:
    """Everything the pipeline reads, as it was on disk."""

    seeds: tuple[tuple[str, bytes], ...]
    taxonomy_text: str
    templates: tuple[tuple[str, str], ...]
    skipped: tuple[str, ...] = ()
    seeds_label: str = SEEDS_DIR
    taxonomy_label: str = TAXONOMY_FILE
    seed_added: tuple[tuple[str, str], ...] = ()
    site_url: str | None = None
    # What earlier builds computed, stage by stage (cache.py); empty unless read_inputs was
    # asked for them.
    facts_cache: StageCache = StageCache("facts", "")
    map_cache: StageCache = StageCache("topicmap", "")
    tags_cache: StageCache = StageCache("tags", "")
    related_cache: StageCache = StageCache("related", "")
    clusters_cache: StageCache = StageCache("clusters", "")
    pages_cache: StageCache = StageCache("pages", "")


@dataclass(frozen=True)
class Result:
    survey: Survey
    # The topic map: each paper's position (by slug), non-finite for papers left off the map.
    coordinates: Mapping[str, tuple[float, float]]
    report: CurationReport
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    # What the stage caches should hold after this build, for the caller to write (cache.py).
    caches: tuple[StageCache, ...] = ()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the pipeline runs.  The pipeline builds millions of
    objects that live until the site is written (tokens, facts, pages) and makes few reference
    cycles, so the collector's full passes over them freed little.  At 2,000 papers pausing it
    took a cold pipeline from 9.75 to 9.30 s of CPU (farm-bench, medians of 5 pairs) and a serve
    rebuild after an intro edit from 6.8 to 5.8 s, with the same peak memory.  One collection
    first frees what a previous build left in cycles (under mkdocs serve, MkDocs' pages of the
    last rebuild: without it the serve process peaked 95 MB higher).
    It stays on outside: MkDocs' own rendering does leave cycles (732 -> 998 MB at 10,000 papers
    with the collector off throughout)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_inputs(root: Path, seeds: str = SEEDS_DIR, taxonomy: str = TAXONOMY_FILE,
                templates: Path | None = None, site_url: str | None = None,
                seed_added: Mapping[str, str] | None = None, cache: bool = False,
                held: Sequence[StageCache] = ()) -> Inputs:
    """Load seed files (every visible file in ``seeds/``), the taxonomy and the templates.

    Templates come from ``root/templates`` unless another folder is named; a project without
    its own templates uses the ones beside this package.  When each seed file arrived comes
    from git unless ``seed_added`` gives it (tests pass it, so they need no git history).
    With ``cache``, the stage caches come from the cache folder, or from ``held`` (the caches a
    caller kept from its last build) when it has one of the same stage and code version.
    """
    template_dir = templates or next(d for d in (root / TEMPLATES_DIR, DEFAULT_TEMPLATES) if d.is_dir())
    seed_dir = root / seeds
    listing = list(seed_dir.iterdir()) if seed_dir.is_dir() else []
    files = sorted(p for p in listing if p.is_file() and not p.name.startswith("."))
    folders = sorted(f"{p.name}/" for p in listing if p.is_dir() and not p.name.startswith("."))
    return Inputs(
        seeds=tuple((p.name, p.read_bytes()) for p in files if p.suffix == ".txt"),
        taxonomy_text=(root / taxonomy).read_text(encoding="utf-8"),
        templates=tuple((name, (template_dir / name).read_text(encoding="utf-8")) for name in TEMPLATE_NAMES),
        skipped=tuple(p.name for p in files if p.suffix != ".txt") + tuple(folders),
        seeds_label=seeds,
        taxonomy_label=taxonomy,
        seed_added=seed_history(root, seeds) if seed_added is None else tuple(sorted(seed_added.items())),
        site_url=site_url,
        **(stage_caches(root / CACHE_DIR, held) if cache else {}),
    )


def stage_caches(folder: Path, held: Sequence[StageCache] = ()) -> dict[str, StageCache]:
    """The stage caches an earlier build left in ``folder``, each valid for its code's version;
    one that ``held`` has for the same stage and version is taken from there instead (under
    mkdocs serve, the last rebuild's: unpickling them again cost 0.1-0.3 s a rebuild at 2,000
    papers)."""
    sources = read_sources()
    versions = {
        "facts_cache": ("facts", facts_version(sources)),
        "map_cache": ("topicmap", code_version("generator.topicmap", sources=sources)),
        "tags_cache": ("tags", code_version("generator.tags", sources=sources)),
        "related_cache": ("related", code_version("generator.related", sources=sources)),
        "clusters_cache": ("clusters", code_version("generator.report", sources=sources)),
        "pages_cache": ("pages", code_version("generator.render", sources=sources)),
    }
    kept = {(cache.stage, cache.version): cache for cache in held}
    return {name: kept[stage] if stage in kept else read_cache(folder, *stage) for name, stage in versions.items()}


def seed_history(root: Path, seeds: str) -> tuple[tuple[str, str], ...]:
    """When each seed file was first committed (UTC, ISO 8601), from git; empty without git."""
    command = ["git", "-C", str(root), "log", "--diff-filter=A", "--format=%x1e%cI", "--name-only", "--", seeds]
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    added: dict[str, str] = {}
    for record in output.split("\x1e")[1:]:
        when, *names = record.strip().splitlines()
        stamp = datetime.fromisoformat(when).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for name in filter(None, names):
            # git log lists newest first; the last time a name is seen is when it was added.
            added[PurePosixPath(name).name] = stamp
    return tuple(sorted(added.items()))


@collector_paused()
def build(inputs: Inputs) -> Result:
    """The whole pipeline, stage by stage."""
    checked = check(inputs)
    papers, taxonomy = checked.papers, checked.taxonomy
    placements, vectors = place_and_vectorise(papers, taxonomy, checked.overrides)
    with ProcessPoolExecutor(max_workers=1) as background:
        topic_map = start_topic_map(background, papers, vectors, inputs.map_cache)
        extracted, facts_cache = extract_with_cache(papers, inputs.facts_cache)
        facts, correction_problems = apply_corrections(inputs.taxonomy_label, extracted,
                                                       taxonomy.fact_corrections, title_lookup(papers), papers)
        tags, tags_cache = tags_with_cache(papers, facts, inputs.tags_cache)
        related, related_cache = related_with_cache(papers, vectors, placements, facts, method_tags(tags),
                                                    inputs.related_cache)
        # Everything but the pages is made while the map is laid out (only pages draw it).
        clusters, clusters_cache = clusters_with_cache(papers, vectors, placements, inputs.clusters_cache)
        survey = Survey(
            taxonomy=taxonomy,
            chapters=taxonomy.chapters + (OTHER_CHAPTER,),
            papers=papers,
            placements=placements,
            facts=facts,
            tags=tags,
            related=related,
            claims={slug: paper_claims(paper_facts) for slug, paper_facts in facts.items()},
        )
        report = curation_report(survey, clusters)
        news = arrivals(papers, dict(inputs.seed_added), checked.page_dates)
        files = export_files(survey, inputs.site_url)
        files += (*feed_files(survey, news, inputs.site_url), Page(urls.src("plots-css"), PLOT_CSS, in_nav=False))
        coordinates, map_cache = topic_map()
    rendered = render_in_two(survey, coordinates, report, news, dict(inputs.templates), inputs.pages_cache.entries)
    pages_cache = StageCache("pages", inputs.pages_cache.version, rendered_pages(rendered))
    return Result(survey, coordinates, report, rendered + files,
                  tuple(sorted(checked.problems + tuple(correction_problems))),
                  caches=(facts_cache, map_cache, tags_cache, related_cache, clusters_cache, pages_cache))


@dataclass(frozen=True)
class Checked:
    """The input stages' result: the taxonomy, the merged papers, the overrides resolved to
    slugs, and every problem found in the input."""

    taxonomy: Taxonomy
    papers: tuple[Paper, ...]
    overrides: Mapping[str, Override]
    problems: tuple[Problem, ...]
    # Each seed file's listing page date, when the page gives one (What's new groups by it).
    page_dates: Mapping[str, PaperDate] = field(default_factory=dict)


def check(inputs: Inputs) -> Checked:
    """Only the input stages: read the taxonomy, parse and merge the papers, resolve overrides.
    A taxonomy too broken to use, or an override naming no paper, raises ``TaxonomyError``."""
    taxonomy, taxonomy_problems = read_taxonomy(inputs.taxonomy_label, inputs.taxonomy_text)
    if taxonomy is None:
        raise TaxonomyError(taxonomy_problems)
    pages, seed_problems = read_seed_pages(inputs, taxonomy)
    papers, problems = merge_pages(inputs, pages, seed_problems)
    overrides, override_problems = resolve_overrides(inputs.taxonomy_label, taxonomy, title_lookup(papers),
                                                      [p.title for p in papers])
    if taxonomy_problems:
        # Report overrides naming unknown papers together with the structural mistakes.
        raise TaxonomyError(taxonomy_problems + override_problems)
    return Checked(taxonomy, papers, overrides, tuple(sorted(problems + override_problems)),
                   {page.path: page.page_date for page in pages if page.page_date})


def check_with_corrections(inputs: Inputs) -> Checked:
    """``check``, plus the problems of the fact corrections (what ``survey-atlas check`` reports):
    facts are extracted only for the papers the corrections name, so this stays quick."""
    checked = check(inputs)
    lookup = title_lookup(checked.papers)
    named = {lookup(correction.paper) for correction in checked.taxonomy.fact_corrections}
    facts = {p.slug: extract_facts(p.title, p.abstract) for p in checked.papers if p.slug in named}
    _, problems = apply_corrections(inputs.taxonomy_label, facts, checked.taxonomy.fact_corrections, lookup,
                                    checked.papers)
    return replace(checked, problems=tuple(sorted(checked.problems + tuple(problems))))


def render_in_two(survey: Survey, coordinates: Mapping[str, tuple[float, float]], report: CurationReport,
                  news: WhatsNew, templates: Mapping[str, str], rendered: Mapping[str, Rendered]) -> tuple[Page, ...]:
    """Every page (``render.render_site``); from ``PARALLEL_FROM`` papers on, the page types of
    ``CHILD_PAGE_TYPES`` are rendered in a forked child while this process renders the others."""
    if len(survey.papers) < PARALLEL_FROM:
        return in_registry_order(render_types(survey, coordinates, report, news, templates, rendered, PAGE_TYPES))
    there = [page_type for page_type in PAGE_TYPES if page_type.name in CHILD_PAGE_TYPES]
    here = [page_type for page_type in PAGE_TYPES if page_type.name not in CHILD_PAGE_TYPES]
    with in_child(render_types, survey, coordinates, report, news, templates, rendered, there) as rendered_there:
        pages = render_types(survey, coordinates, report, news, templates, rendered, here)
        return in_registry_order({**pages, **rendered_there()})


def place(checked: Checked) -> dict[str, Placement]:
    """Only the placements (what ``survey-atlas check`` reports), without the related-paper vectors."""
    text = count_placement_text(checked.papers, checked.taxonomy)
    return assign_papers(checked.papers, checked.taxonomy, checked.overrides, text)


def paper_coordinates(papers: tuple[Paper, ...], vectors: PaperVectors,
                      cache: StageCache) -> tuple[dict[str, tuple[float, float]], StageCache]:
    """Each paper's place on the topic map, taken from ``cache`` when the papers' TF-IDF matrix is
    the one it was computed from (a curator's edit to ``survey.yml`` leaves it unchanged)."""
    coordinates, updated = cache.fill_one(vectors.digest, lambda: topic_coordinates(vectors.matrix.tocsr()))
    return {paper.slug: (float(x), float(y)) for paper, (x, y) in zip(papers, coordinates, strict=True)}, updated


def start_topic_map(background: Executor, papers: tuple[Paper, ...], vectors: PaperVectors,
                    cache: StageCache) -> Callable[[], tuple[dict[str, tuple[float, float]], StageCache]]:
    """``paper_coordinates``, begun in ``background`` when the map is not cached and there are
    cores to spare; the returned function waits for it.  The layout (t-SNE, 1.7 s at 2,000 papers)
    then runs while this process extracts facts and relates papers, which a new seed makes run
    again as well.  A thread would not do: t-SNE holds the interpreter most of the time."""
    if vectors.digest in cache.entries or (os.cpu_count() or 1) < 2:
        return lambda: paper_coordinates(papers, vectors, cache)
    future = background.submit(topic_coordinates, vectors.matrix.tocsr())
    return lambda: paper_coordinates(papers, vectors, StageCache(cache.stage, cache.version,
                                                                 {vectors.digest: future.result()}))


def place_and_vectorise(
    papers: tuple[Paper, ...], taxonomy: Taxonomy, overrides: Mapping[str, Override]
) -> tuple[dict[str, Placement], PaperVectors]:
    """Placements and the related-paper vectors from one tokenisation and count of the papers.

    The two weigh the counts differently (placement's IDF also covers the section documents;
    see ``textmodel``), so each gets its own TF-IDF matrix; the counts are dropped on return.
    """
    text = count_placement_text(papers, taxonomy)
    return assign_papers(papers, taxonomy, overrides, text), paper_vectors(papers, text)


def extract_all(papers: tuple[Paper, ...]) -> dict[str, Facts]:
    """Facts of every paper, computed afresh."""
    return extract_with_cache(papers, StageCache("facts", ""))[0]


def extract_with_cache(papers: tuple[Paper, ...], cache: StageCache) -> tuple[dict[str, Facts], StageCache]:
    """Facts of every paper, taken from ``cache`` when its title and abstract are unchanged; many
    missing papers are spread over the CPU cores (order is kept).  Also the cache to write back."""
    keys = [entry_key(p.title, p.abstract) for p in papers]

    def compute(positions: list[int]) -> list[Facts]:
        texts = [(papers[i].title, papers[i].abstract) for i in positions]
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if len(texts) < PARALLEL_FROM or workers < 2:
            return [extract_facts(title, abstract) for title, abstract in texts]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(_extract_pair, texts, chunksize=EXTRACT_CHUNK))

    results, updated = cache.fill(keys, compute)
    return {paper.slug: result for paper, result in zip(papers, results, strict=True)}, updated


def facts_version(sources: SourceTree | None = None) -> str:
    """The version of the fact extractor's code and vocabularies, which the fact cache is valid for."""
    return code_version("generator.extract", sorted(VOCAB_DIR.glob("*.yml")), sources)


def _extract_pair(pair: tuple[str, str]) -> Facts:
    return extract_facts(*pair)


def load_corpus(inputs: Inputs, taxonomy: Taxonomy) -> tuple[tuple[Paper, ...], list[Problem]]:
    """Decode and parse every seed file, then merge duplicate papers."""
    pages, problems = read_seed_pages(inputs, taxonomy)
    return merge_pages(inputs, pages, problems)


def read_seed_pages(inputs: Inputs, taxonomy: Taxonomy) -> tuple[list[SeedPage], list[Problem]]:
    """Decode and parse every seed file into its listing page (date and entries)."""
    problems = [
        Problem(f"{inputs.seeds_label}/{name}", 1,
                "folders in seeds/ are not read; move its .txt files up" if name.endswith("/")
                else "not a .txt seed file; ignored")
        for name in inputs.skipped
    ]
    seed_names = {name for name, _ in inputs.seeds}
    problems += [
        Problem(inputs.taxonomy_label, line, f"seed_years names {name!r}, which is not a seed file")
        for name, _, line in taxonomy.seed_year_lines if name not in seed_names
    ]
    pages: list[SeedPage] = []
    for name, data in inputs.seeds:
        path = f"{inputs.seeds_label}/{name}"
        text, decode_problems = decode_seed(path, data)
        problems += decode_problems
        if text is None:
            continue
        page, parse_problems = parse_seed(name, text, taxonomy.page_year(name), path=path)
        problems += parse_problems
        pages.append(page)
    return pages, problems


def merge_pages(inputs: Inputs, pages: list[SeedPage],
                problems: list[Problem]) -> tuple[tuple[Paper, ...], list[Problem]]:
    """The papers of the parsed pages, duplicates merged, and the problems so far plus merging's."""
    papers, merge_problems = merge_entries([entry for page in pages for entry in page.entries])
    return papers, problems + [_seed_path(inputs, p) for p in merge_problems]


def _seed_path(inputs: Inputs, problem: Problem) -> Problem:
    """Merge problems name seed files by their bare name; show them under the seeds folder."""
    return Problem(f"{inputs.seeds_label}/{problem.path}", problem.line, problem.message, problem.severity)


def title_lookup(papers: tuple[Paper, ...]) -> TitleLookup:
    return TitleLookup({normalize_title(p.title): p.slug for p in papers} | {p.slug: p.slug for p in papers})


@dataclass(frozen=True)
class TitleLookup:
    """Finds a paper's slug from its title (any case and spacing) or from the slug itself."""

    index: Mapping[str, str]

    def __call__(self, title_or_slug: str) -> str | None:
        return self.index.get(title_or_slug) or self.index.get(normalize_title(title_or_slug))
