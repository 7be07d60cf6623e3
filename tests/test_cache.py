"""The stage cache: results reused only for unchanged inputs and code, and builds with a cold, a
warm or no cache give byte-identical sites."""

from __future__ import annotations

import ast
import hashlib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from generator.build import build, facts_version, read_inputs, stage_caches
from generator.cache import (
    CACHE_DIR,
    StageCache,
    code_version,
    entry_key,
    imported_modules,
    module_files,
    read_cache,
    read_sources,
    write_cache,
)
from generator.extract import extract_facts
from generator.model import Facts, Neighbour
from generator.report import Cluster
from tests.golden import MINI, MINI_SEED_ADDED, ROOT
from tests.sitebuild import copy_project


def test_fill_computes_only_the_missing_keys_and_keeps_exactly_the_used_ones() -> None:
    cache = StageCache("s", "v", {"a": 1, "gone": 9})
    asked: list[list[int]] = []

    def compute(positions: list[int]) -> list[int]:
        asked.append(positions)
        return [100 + i for i in positions]

    results, updated = cache.fill(["a", "b", "c"], compute)
    assert results == [1, 101, 102]
    assert asked == [[1, 2]]
    assert dict(updated.entries) == {"a": 1, "b": 101, "c": 102}


def test_a_written_cache_reads_back_and_a_broken_one_reads_as_empty(tmp_path: Path) -> None:
    write_cache(tmp_path, StageCache("facts", "v1", {"k": ("x", 1)}))
    assert dict(read_cache(tmp_path, "facts", "v1").entries) == {"k": ("x", 1)}
    assert dict(read_cache(tmp_path, "facts", "v2").entries) == {}
    write_cache(tmp_path, StageCache("facts", "v2", {"k": 2}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts-v2.pickle"]  # the old version is gone
    (tmp_path / "facts-v2.pickle").write_bytes(b"not a pickle")
    assert dict(read_cache(tmp_path, "facts", "v2").entries) == {}
    assert dict(read_cache(None, "facts", "v2").entries) == {}


def test_the_fact_version_covers_the_extractor_and_what_it_imports_but_not_the_renderer() -> None:
    files = {p.relative_to(ROOT).as_posix() for p in module_files("generator.extract")}
    assert {"generator/extract/kinds/parameters.py", "generator/extract/ownership.py", "generator/model.py"} <= files
    assert "generator/render/home.py" not in files and "generator/build.py" not in files
    assert facts_version() == facts_version()
    assert code_version("generator.extract") != code_version("generator.render")


def ast_imports(source: str) -> set[str]:
    """What ``imported_modules`` finds, found by parsing."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return {name for name in names if name == "generator" or name.startswith("generator.")}


def test_the_import_scan_finds_what_parsing_finds_in_every_module() -> None:
    tree = read_sources()
    assert len(tree.text) > 50
    for path, source in tree.text.items():
        assert set(tree.imports[path]) == ast_imports(source), path
    wrapped = ("from generator.render.rows import (\n    ChapterLink,  # links\n    named as n,\n)\n"
               "import generator.urls\n")
    assert set(imported_modules(wrapped)) == ast_imports(wrapped) == {
        "generator.render.rows", "generator.render.rows.ChapterLink", "generator.render.rows.named", "generator.urls"}


def test_entry_keys_differ_when_any_input_differs() -> None:
    assert entry_key("a", "bc") != entry_key("ab", "c")
    assert entry_key("title", "abstract") == entry_key("title", "abstract")


def test_a_build_takes_a_papers_facts_from_the_cache_when_its_text_is_unchanged() -> None:
    inputs = read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED)
    fresh = build(inputs)
    paper = fresh.survey.papers[0]
    planted = Facts({**fresh.survey.facts[paper.slug].by_field,
                     "code": extract_facts("x", "Code: https://github.com/planted/by-the-test.")["code"]})
    cached = replace(inputs, facts_cache=StageCache("facts", "test", {entry_key(paper.title, paper.abstract): planted}))
    result = build(cached)
    assert [f.text for f in result.survey.facts[paper.slug]["code"]] == ["https://github.com/planted/by-the-test"]
    written = next(cache for cache in result.caches if cache.stage == "facts")
    assert set(written.entries) == {entry_key(p.title, p.abstract) for p in fresh.survey.papers}


def test_the_topic_map_is_taken_from_the_cache_while_the_papers_text_is_unchanged() -> None:
    """A survey.yml edit leaves the papers' TF-IDF matrix as it was; the map is not laid out again."""
    inputs = read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED)
    first = build(inputs)
    (key,) = next(cache for cache in first.caches if cache.stage == "topicmap").entries
    planted = np.full((len(first.survey.papers), 2), 0.5)
    again = build(replace(inputs, taxonomy_text=inputs.taxonomy_text.replace("Methods that keep", "Methods keeping"),
                          map_cache=StageCache("topicmap", "test", {key: planted})))
    assert set(again.coordinates.values()) == {(0.5, 0.5)}
    edited = tuple((name, data.replace(b"experts", b"specialists")) for name, data in inputs.seeds)
    changed = replace(inputs, seeds=edited, map_cache=StageCache("topicmap", "test", {key: planted}))
    assert set(build(changed).coordinates.values()) != {(0.5, 0.5)}


def test_tags_are_taken_from_the_cache_while_the_paper_and_its_facts_are_unchanged() -> None:
    inputs = read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED)
    first = build(inputs)
    keys = list(next(cache for cache in first.caches if cache.stage == "tags").entries)
    assert len(keys) == len(first.survey.papers)
    # A tag planted for every paper is kept (two papers share it) and shows on the site.
    planted = StageCache("tags", "test", {key: ("planted-tag",) for key in keys})
    again = build(replace(inputs, taxonomy_text=inputs.taxonomy_text.replace("Methods that keep", "Methods keeping"),
                          tags_cache=planted))
    assert all(tags == ("planted-tag",) for tags in again.survey.tags.values())
    edited = tuple((name, data.replace(b"experts", b"specialists")) for name, data in inputs.seeds)
    changed = build(replace(inputs, seeds=edited, tags_cache=planted))
    assert any(tags != ("planted-tag",) for tags in changed.survey.tags.values())


def test_related_papers_are_taken_from_the_cache_while_what_they_read_is_unchanged() -> None:
    inputs = read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED)
    first = build(inputs)
    (key,) = next(cache for cache in first.caches if cache.stage == "related").entries
    slugs = [paper.slug for paper in first.survey.papers]
    planted = {slug: (Neighbour(slugs[0] if slug != slugs[0] else slugs[1], 0.5, "planted by the test"),)
               for slug in slugs}
    intro_edit = replace(inputs, taxonomy_text=inputs.taxonomy_text.replace("Methods that keep", "Methods keeping"),
                         related_cache=StageCache("related", "test", {key: planted}))
    assert build(intro_edit).survey.related == planted
    edited = tuple((name, data.replace(b"experts", b"specialists")) for name, data in inputs.seeds)
    text_edit = replace(inputs, seeds=edited, related_cache=StageCache("related", "test", {key: planted}))
    reasons = {n.reason for related in build(text_edit).survey.related.values() for n in related}
    assert "planted by the test" not in reasons


def test_paper_pages_are_taken_from_the_cache_while_what_they_show_is_unchanged() -> None:
    """An edited section introduction changes no paper page: each keeps its key and its earlier
    rendering is used; a paper whose title changes is rendered afresh."""
    inputs = read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED)
    first = build(inputs)
    rendered = next(cache for cache in first.caches if cache.stage == "pages").entries
    paper_uris = {f"papers/{paper.slug}.md" for paper in first.survey.papers}
    papers = {p.src_uri: p for p in first.pages if p.src_uri in paper_uris}
    assert len(papers) == len(first.survey.papers) and all(p.render_key in rendered for p in papers.values())
    planted = {key: ("---\ntitle: planted\n---\n", "<p>planted by the test</p>", ()) for key in rendered}
    intro_edit = inputs.taxonomy_text.replace("Methods that keep", "Methods keeping")
    assert intro_edit != inputs.taxonomy_text
    again = build(replace(inputs, taxonomy_text=intro_edit, pages_cache=StageCache("pages", "test", planted)))
    assert all(p.html == "<p>planted by the test</p>" for p in again.pages if p.src_uri in papers)
    retitled = tuple((name, data.replace(b"Curating Web Data", b"Curating Webby Data")) for name, data in inputs.seeds)
    changed = build(replace(inputs, seeds=retitled, pages_cache=StageCache("pages", "test", planted)))
    renamed = next(p for p in changed.survey.papers if p.title.startswith("Curating Webby Data"))
    fresh = {p.src_uri for p in changed.pages if p.src_uri.startswith("papers/") and p.src_uri != "papers/index.md"
             and p.html != "<p>planted by the test</p>"}
    # The renamed paper's page, and the pages that name it among their related papers.
    naming = {f"papers/{slug}.md" for slug, related in changed.survey.related.items()
              if renamed.slug in {n.slug for n in related}}
    assert fresh == {f"papers/{renamed.slug}.md"} | naming


def site_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def cli_build(project: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "build", "--strict",
                             "--site-dir", str(project / args[0]), *args[1:]],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]


def test_cold_warm_and_no_cache_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    cli_build(project, "cold")
    assert list((project / CACHE_DIR).glob("facts-*.pickle")), "the first build writes the fact cache"
    cli_build(project, "warm")
    cli_build(project, "none", "--no-cache")
    cold, warm, none = (site_digest(project / name) for name in ("cold", "warm", "none"))
    assert cold == warm == none
    assert len(cold) > 20


def test_a_held_cache_of_the_same_stage_and_version_is_used_instead_of_the_file(tmp_path: Path) -> None:
    """Under mkdocs serve the plugin hands the last rebuild's caches back (reuse.KeptPages.caches)."""
    on_disk = stage_caches(tmp_path)
    facts = on_disk["facts_cache"]
    write_cache(tmp_path, StageCache("facts", facts.version, {"key": "from the file"}))
    held = StageCache("facts", facts.version, {"key": "held"})
    assert stage_caches(tmp_path, (held,))["facts_cache"] is held
    # A cache held for other code (an older version of the extractor) is not used.
    stale = StageCache("facts", "an older version", {"key": "stale"})
    assert stage_caches(tmp_path, (stale,))["facts_cache"].entries == {"key": "from the file"}
    assert read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED, cache=True,
                       held=(held,)).facts_cache is held


def test_the_reports_clusters_are_taken_from_the_cache_while_no_paper_moves() -> None:
    inputs = read_inputs(MINI, templates=ROOT / "templates", seed_added=MINI_SEED_ADDED)
    first = build(inputs)
    (key,) = next(cache for cache in first.caches if cache.stage == "clusters").entries
    planted = StageCache("clusters", "test", {key: (Cluster(("planted",), (first.survey.papers[0].slug,)),)})
    intro_edit = inputs.taxonomy_text.replace("Methods that keep", "Methods keeping")
    again = build(replace(inputs, taxonomy_text=intro_edit, clusters_cache=planted))
    assert [cluster.members for cluster in again.report.clusters] == [(first.survey.papers[0].slug,)]
    edited = tuple((name, data.replace(b"experts", b"specialists")) for name, data in inputs.seeds)
    changed = build(replace(inputs, seeds=edited, clusters_cache=planted))
    assert [cluster.members for cluster in changed.report.clusters] != [(first.survey.papers[0].slug,)]
