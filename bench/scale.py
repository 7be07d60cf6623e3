"""Scaling benchmark for Survey Atlas: ``python bench/scale.py [--sizes 400,2000] [--write]``.
At the start of a run it snapshots the project (``harness.PROJECT_PARTS``: configuration, pages,
templates, ``generator`` and the seeds) into its work folder, so every size, check and profile
of the run builds the same code whatever happens to the working tree meanwhile.  For each corpus
size it writes synthetic seeds in the real listing layouts (``bench/synth.py``) into a copy of
that snapshot and measures, each in its own subprocess: the pipeline alone
(``generator.build.build(read_inputs(root))``), the full ``mkdocs build`` (CPU seconds and wall
clock, peak RSS from ``wait4`` on that process, and where its time goes via
``bench/timed_mkdocs.py``: our plugin, Markdown, Material's templates, search indexing), the size
of ``site/`` and of the search index, and the floor: a bare mkdocs-material build of the same
papers as one title-and-abstract page each, out of the nav, with only the search plugin.  "Our
plugin" is the project's MkDocs integration, the hooks module ``generator/hook.py`` or a plugin
class from the ``generator`` package, whichever mkdocs.yml configures.  Times are CPU seconds
(worker processes included), since wall clock on a shared two-core machine says more about the
neighbours than about the build; wall clock is reported beside them.  "total" is the whole
``mkdocs build``; "mkdocs" is that minus our plugin.  It prints a table and the targets met or
missed; ``--write`` puts them into the ``bench:start`` / ``bench:end`` blocks of README.md and
docs/performance.md.  ``--search-latency`` times the site's search in headless Chromium at
10,000 papers on the site and on the floor site as a control, ``--checks`` runs the rebuild /
serve / one-more-seed checks (``bench/checks.py``), ``--profile`` the cProfile runs
(``bench/profiling.py``), and ``--from`` re-reports saved results.  Raw results go to
``bench/out/`` as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: ``bench`` importable

from bench import harness, preview, search_latency, synth  # noqa: E402
from bench.harness import OURS, ROOT, Run, make_project, run_measured, run_mkdocs, say  # noqa: E402

DEFAULT_SIZES = (400, 2000, 10_000, 20_000)
OUT_DIR = harness.BENCH / "out"
# The driver's region names for plugins: "event NAME [PLUGIN]" and "plugin load [PLUGIN]".
PLUGIN_REGION = re.compile(r"^(event|plugin load)\b.*? \[(.+)\]$")
BLOCK_RE = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.DOTALL)
LATENCY_SIZE = 10_000
# Targets (measured and reported, never asserted).
FLOOR_RATIO = 2.5  # cold build against the bare floor, in CPU and in wall time
PREVIEW_RATIO = 1.5  # a serve rebuild after an edit against the bare floor's build, same run
PREVIEW_SIZE = 2000
PER_PAPER_GROWTH = 1.2
GENERATOR_SHARE = 0.15
PEAK_RSS_MB = 1536
INDEX_KB_PER_PAPER = 2.0
SEARCH_LATENCY_S = 1.5

GENERATOR_SCRIPT = """
import json, os, sys, time
from pathlib import Path
def cpu():
    times = os.times()  # this process and its finished children (worker pools)
    return times.user + times.system + times.children_user + times.children_system
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from generator.build import build, read_inputs
imported, cpu_imported = time.perf_counter(), cpu()
inputs = read_inputs(Path(sys.argv[1]))
result = build(inputs)
built, cpu_built = time.perf_counter(), cpu()
json.dump({"import": imported - started, "wall": built - imported, "cpu": cpu_built - cpu_imported,
           "papers": len(result.survey.papers), "pages": len(result.pages),
           "problems": len(result.problems), "unplaced": len(result.survey.unplaced)}, open(sys.argv[2], "w"))
""" + harness.REPORT_PACKAGE

FLOOR_CONFIG = """site_name: Floor
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
not_in_nav: |
  /papers/*.md
"""


@dataclass
class Row:
    size: int
    papers: int
    generator_s: float
    total_s: float
    ours_s: float  # our plugin's share of total (its loading and its events)
    floor_s: float
    rss_mb: float
    floor_rss_mb: float
    generator_rss_mb: float
    site_mb: float
    floor_site_mb: float
    index_mb: float
    floor_index_mb: float
    pages: int
    warnings: int
    seeds: dict[str, int]
    wall: dict[str, Any] = field(default_factory=dict)
    load: tuple[float, float] = (0.0, 0.0)
    largest_files_kb: dict[str, int] = field(default_factory=dict)
    breakdown: dict[str, float] = field(default_factory=dict)
    floor_breakdown: dict[str, float] = field(default_factory=dict)
    generator_detail: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, Any] = field(default_factory=dict)
    index_code_mb: float = 0.0  # of index_mb: Pagefind's script and WebAssembly (not in older results)
    # The floor plus Pagefind over it (cpu_s, wall_s, pagefind_*), and serve rebuilds after edits
    # (preview.measure_preview); empty in older results.
    searchable_floor: dict[str, float] = field(default_factory=dict)
    preview: dict[str, Any] = field(default_factory=dict)

    @property
    def mkdocs_s(self) -> float:
        return self.total_s - self.ours_s

    @property
    def ratio(self) -> float:
        return self.total_s / self.floor_s

    @property
    def wall_ratio(self) -> float:
        return float(self.wall.get("total", 0.0)) / max(float(self.wall.get("floor", 0.0)), 1e-9)

    @property
    def ms_per_paper(self) -> float:
        return 1000 * self.total_s / self.papers

    @property
    def index_kb_per_paper(self) -> float:
        return self.index_mb * 1024 / self.papers

    @property
    def index_data_kb_per_paper(self) -> float:
        return (self.index_mb - self.index_code_mb) * 1024 / self.papers


def make_floor(workdir: Path, papers: Sequence[synth.SynthPaper]) -> Path:
    """One Markdown page per paper holding its title and abstract, out of the nav."""
    floor = workdir / f"floor-{len(papers)}"
    docs = floor / "docs" / "papers"
    docs.mkdir(parents=True)
    (floor / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (floor / "docs" / "index.md").write_text("# Floor\n\nA bare mkdocs-material build.\n", encoding="utf-8")
    for paper in papers:
        (docs / f"{paper.slug}.md").write_text(f"# {paper.title}\n\n{paper.abstract}\n", encoding="utf-8")
    return floor


def run_generator(project: Path, label: str) -> tuple[dict[str, Any], Run]:
    out = project / ".bench-logs" / f"{label}.json"
    (project / ".bench-logs").mkdir(exist_ok=True)
    run = run_measured([sys.executable, "-c", GENERATOR_SCRIPT, str(project), str(out)], project, label)
    if run.code != 0:
        raise RuntimeError(f"generator failed in {project}:\n{run.stderr[-3000:]}")
    harness.check_built_from(project, run)
    return json.loads(out.read_text()), run


def breakdown(timings: dict[str, Any], total: float, clock: str = "cpu") -> dict[str, float]:
    """Exclusive seconds per part of a build; 'startup and other' is the part of ``total`` not covered.

    Our plugin's part is the loading and the events of every plugin the driver found to be ours
    (``timings["ours"]``); the loading of the other plugins counts as configuration.
    """
    exclusive: dict[str, float] = timings["cpu_exclusive" if clock == "cpu" else "exclusive"]
    ours = set(timings.get("ours", ()))

    def plugin_regions(kind: str, chosen: Callable[[str], bool]) -> float:
        return sum(v for k, v in exclusive.items()
                   if (match := PLUGIN_REGION.match(k)) and match[1] == kind and chosen(match[2]))

    parts = {
        OURS: plugin_regions("plugin load", ours.__contains__) + plugin_regions("event", ours.__contains__),
        "markdown": exclusive.get("markdown", 0.0) + exclusive.get("read pages", 0.0),
        "theme templates": exclusive.get("theme templates", 0.0),
        "search plugin": plugin_regions("event", lambda name: name == "material/search"),
        "tags plugin": plugin_regions("event", lambda name: name == "material/tags"),
        "write and copy": exclusive.get("write files", 0.0) + exclusive.get("copy static files", 0.0),
        "config and nav": exclusive.get("config", 0.0) + exclusive.get("gather docs files", 0.0)
        + exclusive.get("build", 0.0) + exclusive.get("validate links", 0.0)
        + plugin_regions("plugin load", lambda name: name not in ours),
    }
    parts["startup and other"] = max(0.0, total - sum(parts.values()))
    return {k: round(v, 3) for k, v in parts.items()}


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def largest_files(folder: Path, count: int = 8) -> dict[str, int]:
    sizes = sorted(((p.stat().st_size, str(p.relative_to(folder))) for p in folder.rglob("*") if p.is_file()),
                   reverse=True)
    return {name: size // 1024 for size, name in sizes[:count]}


def count_warnings(stderr: str) -> int:
    return sum(1 for line in stderr.splitlines() if "WARNING" in line)


def measure(source: Path, size: int, pool: Sequence[Any], workdir: Path, keep_site: bool = False,
            with_preview: bool = False) -> Row:
    """Generator, build and floor at ``size`` papers, in a copy of the project snapshot ``source``."""
    load_before = os.getloadavg()[0]
    say(f"[{size}] writing synthetic seeds")
    project, papers, stats = make_project(source, workdir, size, pool)
    say(f"[{size}] {stats.files} seed files, {stats.entries} entries, {stats.duplicates} duplicates; generator")
    detail, generator_run = run_generator(project, "generator")
    say(f"[{size}] generator {detail['cpu']:.1f} s CPU ({detail['wall']:.1f} s wall); mkdocs build")
    timings, build_run = run_mkdocs(project, "mkdocs")
    say(f"[{size}] mkdocs build {build_run.cpu:.1f} s CPU ({build_run.wall:.1f} s wall); floor")
    floor = make_floor(workdir, papers)
    floor_timings, floor_run = run_mkdocs(floor, "floor")
    say(f"[{size}] floor {floor_run.cpu:.1f} s CPU ({floor_run.wall:.1f} s wall); Pagefind over it")
    searchable = preview.searchable_floor(floor, floor_run)
    say(f"[{size}] searchable floor {searchable['cpu_s']:.1f} s CPU ({searchable['wall_s']:.1f} s wall)")
    previewed = preview.measure_preview(project, pool, size) if with_preview else {}
    parts = breakdown(timings, build_run.cpu)
    wall_parts = breakdown(timings, build_run.wall, "wall")
    row = Row(
        size=size, papers=detail["papers"], generator_s=detail["cpu"],
        total_s=build_run.cpu, ours_s=parts[OURS], floor_s=floor_run.cpu,
        rss_mb=build_run.rss_mb, floor_rss_mb=floor_run.rss_mb, generator_rss_mb=generator_run.rss_mb,
        site_mb=tree_size(project / "site") / 2**20, floor_site_mb=tree_size(floor / "site") / 2**20,
        # The survey's Pagefind folder; the floor's lunr JSON (see search_latency.search_index_bytes).
        index_mb=search_latency.search_index_bytes(project / "site") / 2**20,
        floor_index_mb=search_latency.search_index_bytes(floor / "site") / 2**20,
        index_code_mb=search_latency.search_code_bytes(project / "site") / 2**20,
        pages=sum(1 for _ in (project / "site").rglob("*.html")),
        warnings=count_warnings(build_run.stderr), seeds=asdict(stats),
        breakdown=parts, floor_breakdown=breakdown(floor_timings, floor_run.cpu), generator_detail=detail,
        timings={"build": timings, "floor": floor_timings},
        wall={"generator": detail["wall"], "total": build_run.wall, "ours": wall_parts[OURS],
              "floor": floor_run.wall, "breakdown": wall_parts},
        load=(load_before, os.getloadavg()[0]), largest_files_kb=largest_files(project / "site"),
        searchable_floor=searchable, preview=previewed,
    )
    if not keep_site:
        shutil.rmtree(floor)
        shutil.rmtree(project / "site")
    return row


def main_table(rows: Sequence[Row]) -> str:
    header = ("| papers | generator s | mkdocs s | total s | floor s | searchable floor s | total/floor "
              "| total wall s | floor wall s | searchable floor wall s | wall total/floor | ms/paper "
              "| peak RSS MB | site MB | search index MB | index KB/paper | index data KB/paper |")
    lines = [header, "|" + " ---: |" * 17]
    for r in rows:
        lines.append(
            f"| {r.papers:,} | {r.generator_s:.1f} | {r.mkdocs_s:.1f} | {r.total_s:.1f} | {r.floor_s:.1f} "
            f"| {r.searchable_floor.get('cpu_s', 0.0):.1f} | {r.ratio:.2f}× | {r.wall.get('total', 0.0):.1f} "
            f"| {r.wall.get('floor', 0.0):.1f} | {r.searchable_floor.get('wall_s', 0.0):.1f} | {r.wall_ratio:.2f}× "
            f"| {r.ms_per_paper:.1f} | {r.rss_mb:,.0f} "
            f"| {r.site_mb:,.0f} | {r.index_mb:.1f} | {r.index_kb_per_paper:.2f} | {r.index_data_kb_per_paper:.2f} |"
        )
    return "\n".join(lines)


def preview_table(rows: Sequence[Row]) -> str:
    """Serve rebuilds after each edit, against the bare floor's build of the same run."""
    lines = ["| papers | edit | rebuild wall s | rebuild CPU s | floor wall s | floor CPU s | wall/floor | CPU/floor |",
             "| ---: | --- |" + " ---: |" * 6]
    for r in rows:
        for rebuild in r.preview.get("rebuilds", []):
            floor_wall, floor_cpu = float(r.wall.get("floor", 0.0)), r.floor_s
            lines.append(f"| {r.papers:,} | {rebuild['edit']} | {rebuild['wall_s']:.1f} | {rebuild['cpu_s']:.1f} "
                         f"| {floor_wall:.1f} | {floor_cpu:.1f} | {rebuild['wall_s'] / floor_wall:.2f}× "
                         f"| {rebuild['cpu_s'] / floor_cpu:.2f}× |")
    return "\n".join(lines) if len(lines) > 2 else ""


def breakdown_table(rows: Sequence[Row]) -> str:
    names = list(rows[0].breakdown)
    lines = ["| papers | " + " | ".join(names) + " |", "|" + " ---: |" * (len(names) + 1)]
    for r in rows:
        cells = [f"{r.breakdown[n]:.1f} ({100 * r.breakdown[n] / r.total_s:.0f}%)" for n in names]
        lines.append(f"| {r.papers:,} | " + " | ".join(cells) + " |")
    floor = rows[-1]
    cells = [f"{floor.floor_breakdown.get(n, 0.0):.1f}" for n in names]
    lines.append(f"| floor at {floor.papers:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: Sequence[Row], latency: dict[str, Any] | None) -> list[str]:
    """Each target with its measurement and whether it is met."""

    def mark(ok: bool) -> str:
        return "met" if ok else "**missed**"

    by_size = {r.size: r for r in rows}
    lines = []
    worst = max(rows, key=lambda r: r.ratio)
    lines.append(f"cold build ≤ {FLOOR_RATIO}× the bare floor in CPU time at every size: "
                 f"{mark(worst.ratio <= FLOOR_RATIO)} (worst {worst.ratio:.2f}× at {worst.papers:,})")
    worst_wall = max(rows, key=lambda r: r.wall_ratio)
    lines.append(f"cold build ≤ {FLOOR_RATIO}× the bare floor in wall time at every size: "
                 f"{mark(worst_wall.wall_ratio <= FLOOR_RATIO)} (worst {worst_wall.wall_ratio:.2f}× "
                 f"at {worst_wall.papers:,})")
    for r in rows:
        for rebuild in r.preview.get("rebuilds", []):
            ratio = rebuild["wall_s"] / max(float(r.wall.get("floor", 0.0)), 1e-9)
            lines.append(f"serve rebuild after a {rebuild['edit']} at {r.papers:,} ≤ {PREVIEW_RATIO}× the bare "
                         f"floor's build: {mark(ratio <= PREVIEW_RATIO)} ({rebuild['wall_s']:.1f} s against "
                         f"{float(r.wall.get('floor', 0.0)):.1f} s by the clock, {ratio:.2f}×; CPU "
                         f"{rebuild['cpu_s']:.1f} s against {r.floor_s:.1f} s)")
    if 2000 in by_size and 20_000 in by_size:
        growth = by_size[20_000].ms_per_paper / by_size[2000].ms_per_paper
        lines.append(f"time per paper at 20k ≤ {PER_PAPER_GROWTH}× at 2k: {mark(growth <= PER_PAPER_GROWTH)} "
                     f"({by_size[20_000].ms_per_paper:.1f} vs {by_size[2000].ms_per_paper:.1f} ms, {growth:.2f}×)")
    share = max(rows, key=lambda r: r.ours_s / r.total_s)
    fraction = share.ours_s / share.total_s
    lines.append(f"generator stage ≤ {GENERATOR_SHARE:.0%} of total: {mark(fraction <= GENERATOR_SHARE)} "
                 f"({OURS} {fraction:.0%} of the build at {share.papers:,}; "
                 f"pipeline alone {share.generator_s:.1f} s)")
    big = max(rows, key=lambda r: r.size)
    lines.append(f"peak RSS ≤ {PEAK_RSS_MB / 1024:.1f} GB at 20k: "
                 + (f"{mark(big.rss_mb <= PEAK_RSS_MB)} ({big.rss_mb:,.0f} MB)" if big.size == 20_000
                    else f"not measured (largest run {big.papers:,}: {big.rss_mb:,.0f} MB)"))
    # Like for like: the floor's figure is Material's index data without lunr's script.
    fattest = max(rows, key=lambda r: r.index_data_kb_per_paper)
    heaviest = max(rows, key=lambda r: r.index_kb_per_paper)
    lines.append(f"search index ≤ {INDEX_KB_PER_PAPER:.0f} KB per paper: "
                 f"{mark(fattest.index_data_kb_per_paper <= INDEX_KB_PER_PAPER)} "
                 f"(index data {fattest.index_data_kb_per_paper:.2f} KB at {fattest.papers:,}, against the "
                 f"floor's {fattest.floor_index_mb * 1024 / fattest.papers:.2f} KB of lunr data; "
                 f"with Pagefind's script and WebAssembly in every bundle, {heaviest.index_kb_per_paper:.2f} KB "
                 f"at {heaviest.papers:,})")
    if latency:
        cold = latency["cold_median_s"]
        lines.append(f"search latency ≤ {SEARCH_LATENCY_S} s at {latency['papers']:,} papers: "
                     f"{mark(cold <= SEARCH_LATENCY_S)} (first result {cold:.2f} s after the last key on a fresh "
                     f"page, median of {len(latency['cold'])}; {latency['warm_median_s']:.2f} s once the index "
                     "is loaded" + floor_latency(latency) + ")")
    return lines


def load_range(rows: Sequence[Row]) -> str:
    loads = [value for r in rows for value in r.load]
    return f"{min(loads):.1f}–{max(loads):.1f}" if loads else "unknown"


def floor_latency(latency: dict[str, Any]) -> str:
    floor = latency.get("floor")
    if not floor:
        return ""
    return (f"; the floor site: {floor['cold_median_s']:.2f} s fresh, {floor['warm_median_s']:.2f} s loaded; "
            f"load average {latency.get('load_average', 0):.1f}")


def environment_line() -> str:
    import material
    import mkdocs

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", *harness.PROJECT_PARTS], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return (f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"MkDocs {mkdocs.__version__}, Material {material.__version__}, commit {commit}"
            f"{' with local changes' if dirty else ''}.")


def report_text(rows: Sequence[Row], latency: dict[str, Any] | None, environment: str) -> str:
    parts = [
        environment,
        "",
        main_table(rows),
        "",
        "Times are CPU seconds (user + system, worker processes included) of each process, steadier "
        "than wall clock on a shared machine; *total wall s* is the same build by the clock. *total* is "
        f"the whole `mkdocs build` ({OURS} included); *mkdocs* is total minus {OURS}; *generator* is "
        "the pipeline alone in its own process; *floor* is a bare mkdocs-material build of the same "
        "papers, title and abstract only; peak RSS is the build process's; *index data* is the search "
        "index without Pagefind's script and WebAssembly (≈227 KB in every bundle), as the floor's "
        "figure is Material's index without lunr's script. Load average during the "
        f"runs: {load_range(rows)}.",
        "",
        *([f"Preview: `mkdocs serve` rebuilds after a curator's edit at {PREVIEW_SIZE:,} papers, timed from "
           "the edit to MkDocs' \"Documentation built\" line (CPU: the serve process and its children "
           "meanwhile), against the bare floor's build of the same run:", "", preview_table(rows), ""]
          if preview_table(rows) else []),
        "*searchable floor* is the bare floor plus Pagefind over its pages.",
        "",
        "Where the build's time goes (CPU seconds, share of total):",
        "",
        breakdown_table(rows),
        "",
        "Targets:",
        "",
    ]
    parts += [f"- {line}" for line in targets(rows, latency)]
    return "\n".join(parts) + "\n"


def write_blocks(text: str) -> None:
    for path in (ROOT / "README.md", ROOT / "docs" / "performance.md"):
        content = path.read_text(encoding="utf-8")
        if not BLOCK_RE.search(content):
            raise SystemExit(f"{path}: no <!-- bench:start --> / <!-- bench:end --> block")
        path.write_text(BLOCK_RE.sub(lambda m: m.group(1) + text + m.group(2), content, count=1), encoding="utf-8")
        say(f"wrote {path.relative_to(ROOT)}")


def default_sizes(profile: int | None) -> list[int]:
    """Every table size, unless this is a profile run: that is long enough on its own."""
    return [] if profile is not None else list(DEFAULT_SIZES)


def parse_sizes(text: str) -> list[int]:
    return [int(part.replace("_", "").replace(",", "")) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default: "
                        f"{','.join(map(str, DEFAULT_SIZES))}, or none when --profile is given)")
    parser.add_argument("--write", action="store_true", help="rewrite the bench blocks in README and docs")
    parser.add_argument("--search-latency", action="store_true",
                        help=f"time the search box in headless Chromium at {LATENCY_SIZE:,} papers")
    parser.add_argument("--checks", type=int, nargs="?", const=400, default=None, metavar="SIZE",
                        help="rebuild / serve / one-more-seed checks on a corpus of SIZE papers (400)")
    parser.add_argument("--profile", type=int, nargs="?", const=10_000, default=None, metavar="SIZE",
                        help="cProfile the generator and the mkdocs build at SIZE papers (10,000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--no-preview", action="store_true",
                        help=f"skip the serve-rebuild (preview) measurement at {PREVIEW_SIZE:,} papers")
    parser.add_argument("--workdir", type=Path,
                        help="folder for the temporary projects, created if missing (default: the system's)")
    parser.add_argument("--from", dest="from_files", type=Path, nargs="+", metavar="RESULTS",
                        help="measure nothing: report (and with --write, write) saved bench/out results; "
                             "rows come from the files in order, the last search latency found wins")
    args = parser.parse_args(argv)
    if args.from_files:
        return report_saved(args.from_files, args.write)
    sizes = parse_sizes(args.sizes) if args.sizes is not None else default_sizes(args.profile)
    parent = prepare_workdir(args.workdir)
    if not sizes and not args.search_latency and args.checks is None and args.profile is None:
        say("nothing to measure: no sizes, and no --search-latency, --checks or --profile")
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="survey-bench-", dir=parent)).resolve()
    OUT_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    # The snapshot every build of this run copies (harness.make_project); never the working tree.
    source = harness.copy_project(ROOT, workdir / "source")
    pool = synth.load_pool(source / "seeds")
    environment = environment_line()
    results: dict[str, Any] = {"environment": environment, "rows": []}
    rows: list[Row] = []
    latency = None
    try:
        for size in sizes:
            keep_site = args.search_latency and size == LATENCY_SIZE
            rows.append(measure(source, size, pool, workdir, keep_site=keep_site or args.keep,
                                with_preview=size == PREVIEW_SIZE and not args.no_preview))
            results["rows"] = [asdict(r) | {"mkdocs_s": r.mkdocs_s, "ratio": r.ratio} for r in rows]
            if keep_site:
                latency = search_latencies(workdir / f"project-{size}" / "site", workdir / f"floor-{size}" / "site",
                                           rows[-1].papers)
                results["search_latency"] = latency
                if not args.keep:
                    shutil.rmtree(workdir / f"project-{size}" / "site")
                    shutil.rmtree(workdir / f"floor-{size}")
            save(results, stamp)
        if args.search_latency and LATENCY_SIZE not in sizes:
            say(f"[{LATENCY_SIZE}] building the site and the floor for the search latency")
            project, papers, _ = make_project(source, workdir, LATENCY_SIZE, pool, "latency")
            timings, run = run_mkdocs(project, "mkdocs")
            results["latency_build"] = {"cpu": run.cpu, "wall": run.wall, "rss_mb": run.rss_mb,
                                        "breakdown": breakdown(timings, run.cpu), "pages": timings["pages"]}
            save(results, stamp)
            floor = make_floor(workdir, papers)
            run_mkdocs(floor, "floor")
            latency = search_latencies(project / "site", floor / "site", LATENCY_SIZE)
            results["search_latency"] = latency
            save(results, stamp)
        if args.checks is not None:
            from bench import checks

            results["checks"] = checks.run_all(source, workdir, pool, args.checks)
            save(results, stamp)
        if args.profile is not None:
            from bench import profiling

            results["profile"] = profiling.run_all(source, workdir, pool, args.profile,
                                                   OUT_DIR / f"profile-{stamp}")
            save(results, stamp)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say(f"kept {workdir}")

    if rows:
        text = report_text(rows, latency, environment)
        print(text)
        if args.write:
            write_blocks(text)
    elif latency:
        print(json.dumps(latency, indent=1))
    for key in ("checks", "profile"):
        if key in results:
            print(f"\n## {key}\n")
            print(results[key].get("summary", json.dumps(results[key], indent=1)))
    return 0


def prepare_workdir(folder: Path | None) -> Path | None:
    """The ``--workdir`` folder, created if missing; one line and exit status 1 if it cannot be."""
    if folder is None:
        return None
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            raise SystemExit(f"scale.py: --workdir {folder}: {error.strerror or error}") from None
        say(f"created --workdir {folder}")
    return folder


def saved_row(fields: dict[str, Any]) -> Row:
    """A Row from saved results, older ones included (they called our plugin "hook")."""
    fields = {k: v for k, v in fields.items() if k not in {"mkdocs_s", "ratio"}}
    if "hook_s" in fields:
        fields["ours_s"] = fields.pop("hook_s")
        fields["breakdown"] = {OURS if k == "hook" else k: v for k, v in fields.get("breakdown", {}).items()}
        wall = dict(fields.get("wall", {}))
        if "hook" in wall:
            wall["ours"] = wall.pop("hook")
        if "breakdown" in wall:
            wall["breakdown"] = {OURS if k == "hook" else k: v for k, v in wall["breakdown"].items()}
        fields["wall"] = wall
    return Row(**fields)


def report_saved(files: Sequence[Path], write: bool) -> int:
    """Rebuild the report from saved results (e.g. the sizes of one run, the latency of another)."""
    rows: dict[int, Row] = {}
    latency = None
    environment = ""
    for path in files:
        saved = json.loads(path.read_text(encoding="utf-8"))
        for fields in saved.get("rows", []):
            row = saved_row(fields)
            rows[row.size] = row
            environment = saved.get("environment", environment)
        latency = saved.get("search_latency", latency)
    if not rows:
        raise SystemExit("no measured sizes in " + ", ".join(map(str, files)))
    text = report_text(sorted(rows.values(), key=lambda r: r.size), latency, environment)
    print(text)
    if write:
        write_blocks(text)
    return 0


def search_latencies(site: Path, floor_site: Path, papers: int) -> dict[str, Any]:
    """Search latency on the survey site, and on the floor site as a control."""
    say(f"[{papers}] search latency in headless Chromium")
    latency = search_latency.measure(site) | {"papers": papers}
    say(f"[{papers}] search latency on the floor site")
    latency["floor"] = search_latency.measure(floor_site)
    return latency


def save(results: dict[str, Any], stamp: str) -> None:
    (OUT_DIR / f"results-{stamp}.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
