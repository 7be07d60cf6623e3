"""cProfile runs for ``scale.py --profile``: where the generator and the MkDocs build spend time.
Two subprocesses on one copy of the project snapshot that ``scale.py`` passes in (never the
working tree), with a synthetic corpus (10,000 papers unless told): the pipeline alone
(``build(read_inputs(root))`` under cProfile) and ``mkdocs build`` under cProfile, as
``python -m cProfile -m mkdocs build`` would run it.  The generator's profile is summarised per
pipeline stage (the cumulative time of each stage function called from
``generator.build.build``) and by its top functions; the build's profile by the cumulative time
of the parts that matter (our plugin, Markdown, Material's templates, the search plugin, the
tags plugin) and by its top functions.  Our plugin is the hooks module ``generator/hook.py`` or a
plugin class from the ``generator`` package: its loading (import, instance, config) runs through
a function of its own in the profiled script, ``load_ours``, and its events are the functions
under the project's ``generator/`` folder that MkDocs' ``run_event`` calls, one line per event.
cProfile's default clock is the wall clock (a CPU-time clock costs a system call per event and
skews the shares far more), and it slows pure-Python code about twofold: read the shares, not
the seconds.  The ``.prof`` files are kept next to the JSON results for
``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import os
import pstats
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import harness
from bench.harness import OUR_HOOK, OUR_PACKAGE, OURS, say

GENERATOR_PROFILE = """
import cProfile, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generator.build import build, read_inputs
profiler = cProfile.Profile()
profiler.runcall(lambda: build(read_inputs(Path(sys.argv[1]))))
profiler.dump_stats(sys.argv[2])
""" + harness.REPORT_PACKAGE
# Like ``python -m cProfile -m mkdocs build``, with the project first on sys.path as ``-m`` would put it.
# Loading our hooks module or plugin goes through ``load_ours``, so the profile shows it apart.
MKDOCS_PROFILE = f"""
import cProfile, os, sys
sys.path.insert(0, os.getcwd())
from mkdocs.__main__ import cli
from mkdocs.config import config_options

def load_ours(load, *args):
    return load(*args)

def ours_first(load, is_ours):
    def loader(self, name, *args):
        return load_ours(load, self, name, *args) if is_ours(self, name) else load(self, name, *args)
    return loader

def our_entry_point(plugins, name):
    module = getattr(plugins.installed_plugins.get(name), "module", "")
    return module == {OUR_PACKAGE!r} or module.startswith({OUR_PACKAGE + "."!r})

config_options.Hooks._load_hook = ours_first(config_options.Hooks._load_hook, lambda _, name: name == {OUR_HOOK!r})
config_options.Plugins.load_plugin = ours_first(config_options.Plugins.load_plugin, our_entry_point)
profiler = cProfile.Profile()
try:
    profiler.runcall(cli.main, args=sys.argv[2:], prog_name="mkdocs", standalone_mode=False)
finally:
    profiler.dump_stats(sys.argv[1])
""" + harness.REPORT_PACKAGE

# (label, file suffix, function name) of MkDocs and Material parts; ours are found by our_parts.
BUILD_PARTS = (
    ("Markdown rendering (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("Material templating + page writing (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("search plugin: on_page_context (HTML parsing)", "material/plugins/search/plugin.py", "on_page_context"),
    ("search plugin: on_post_build (index JSON)", "material/plugins/search/plugin.py", "on_post_build"),
    ("tags plugin: on_page_markdown", "material/plugins/tags/plugin.py", "on_page_markdown"),
    ("whole build (mkdocs.commands.build.build)", "mkdocs/commands/build.py", "build"),
)
STAGES = ("load_corpus", "parse_taxonomy", "resolve_overrides", "title_lookup", "assign_papers", "extract_facts",
          "paper_vectors", "related_papers", "tag_papers", "curation_report", "render_in_two", "export_files",
          "whats_new", "plot_files")
TOP = 25


def find(stats: pstats.Stats, suffix: str, name: str) -> tuple[Any, ...] | None:
    for key in stats.stats:  # type: ignore[attr-defined]
        if key[0].endswith(suffix) and key[2] == name:
            return key
    return None


def cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    key = find(stats, suffix, name)
    return float(stats.stats[key][3]) if key else 0.0  # type: ignore[attr-defined]


def called_from(stats: pstats.Stats, caller: tuple[Any, ...] | None) -> list[tuple[str, float]]:
    """Cumulative seconds of each function when called from ``caller`` (comprehensions with their line)."""
    if caller is None:
        return []
    found = []
    for key, (_, _, _, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if caller in callers:
            name = key[2] if not key[2].startswith("<") else f"{key[2]} {Path(key[0]).name}:{key[1]}"
            found.append((name, float(callers[caller][3])))
    return sorted(found, key=lambda item: -item[1])


def top_functions(stats: pstats.Stats, field: int, count: int = TOP) -> list[dict[str, Any]]:
    """The heaviest functions by tottime (field 2) or cumtime (field 3)."""
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][field])  # type: ignore[attr-defined]
    return [
        {"function": f"{short(key[0])}:{key[1]}({key[2]})", "calls": value[1], "tottime": round(value[2], 3),
         "cumtime": round(value[3], 3)}
        for key, value in rows[:count]
    ]


def short(path: str) -> str:
    for marker in ("site-packages/", "/generator/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1] if marker != "/generator/" else "generator/" + path.split(marker, 1)[1]
    return path


def our_parts(stats: pstats.Stats, project: Path) -> dict[str, float]:
    """Cumulative seconds of our plugin's loading and of each of its events.

    An event of ours is a function under the project's ``generator/`` folder that MkDocs' ``run_event``
    calls (a hooks module's ``on_*`` function or a plugin class's method), named as it is defined.
    """
    parts = {f"{OURS}: loading (import, instance, config)": cumulative(stats, "<string>", "load_ours")}
    run_event = find(stats, "mkdocs/plugins.py", "run_event")
    folder = str((project / OUR_PACKAGE).resolve()) + os.sep
    events: defaultdict[str, float] = defaultdict(float)
    for key, (_, _, _, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if run_event in callers and os.path.realpath(key[0]).startswith(folder):
            events[key[2]] += float(callers[run_event][3])
    parts[f"{OURS}: all events"] = sum(events.values())
    parts |= {f"{OURS}: {name}": seconds for name, seconds in sorted(events.items(), key=lambda item: -item[1])}
    return parts


def profile_generator(project: Path, out: Path) -> dict[str, Any]:
    target = out / "generator.prof"
    run = harness.run_measured([sys.executable, "-c", GENERATOR_PROFILE, str(project), str(target)], project,
                               "profile-generator")
    if run.code != 0:
        raise RuntimeError(run.stderr[-3000:])
    harness.check_built_from(project, run)
    stats = pstats.Stats(str(target))
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    build_key = find(stats, "generator/build.py", "build")
    stages = {name: seconds for name, seconds in called_from(stats, build_key)}
    return {
        "profile": str(target),
        "total_s": round(total, 2),
        "stages": {k: round(v, 2) for k, v in stages.items() if v >= 0.01},
        "top_tottime": top_functions(stats, 2),
        "top_cumtime": [f for f in top_functions(stats, 3, 60) if "generator/" in f["function"]][:TOP],
    }


def profile_build(project: Path, out: Path) -> dict[str, Any]:
    target = out / "mkdocs.prof"
    command = [sys.executable, "-c", MKDOCS_PROFILE, str(target), "build", "-q",
               "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    run = harness.run_measured(command, project, "profile-mkdocs")
    if run.code != 0:
        raise RuntimeError(run.stderr[-3000:])
    harness.check_built_from(project, run)
    stats = pstats.Stats(str(target))
    parts = {label: round(seconds, 2) for label, seconds in our_parts(stats, project).items()}
    parts |= {label: round(cumulative(stats, suffix, name), 2) for label, suffix, name in BUILD_PARTS}
    build_page = find(stats, "mkdocs/commands/build.py", "_build_page")
    inside = {name: round(seconds, 2) for name, seconds in called_from(stats, build_page)[:8]}
    return {
        "profile": str(target),
        "total_s": round(float(stats.total_tt), 2),  # type: ignore[attr-defined]
        "parts": parts,
        "inside_build_page": inside,
        "top_tottime": top_functions(stats, 2),
        "top_cumtime": top_functions(stats, 3, 40),
    }


def run_all(source: Path, workdir: Path, pool: Sequence[Any], size: int, out: Path) -> dict[str, Any]:
    """Both profiles on a copy of the project snapshot ``source`` with ``size`` synthetic papers."""
    out.mkdir(parents=True, exist_ok=True)
    project, _, _ = harness.make_project(source, workdir, size, pool, "profile")
    say(f"[profile {size}] generator under cProfile")
    generator = profile_generator(project, out)
    say(f"[profile {size}] mkdocs build under cProfile")
    build = profile_build(project, out)
    result = {"size": size, "generator": generator, "mkdocs": build}
    result["summary"] = summary(result)
    return result


def summary(result: dict[str, Any]) -> str:
    generator, build = result["generator"], result["mkdocs"]
    lines = [f"Generator under cProfile at {result['size']:,} papers: {generator['total_s']} s"]
    lines += [f"  {seconds:8.2f} s  {name}" for name, seconds in generator["stages"].items()]
    lines.append("  top functions by own time:")
    lines += [f"    {f['tottime']:8.2f} s own {f['cumtime']:8.2f} s cum {f['calls']:>9} calls  {f['function']}"
              for f in generator["top_tottime"][:15]]
    lines.append(f"mkdocs build under cProfile at {result['size']:,} papers: {build['total_s']} s")
    whole = build["parts"]["whole build (mkdocs.commands.build.build)"] or 1.0
    lines += [f"  {seconds:8.2f} s {100 * seconds / whole:5.1f}%  {label}" for label, seconds in build["parts"].items()]
    lines.append(f"  inside _build_page: {build['inside_build_page']}")
    lines.append("  top functions by own time:")
    lines += [f"    {f['tottime']:8.2f} s own {f['cumtime']:8.2f} s cum {f['calls']:>9} calls  {f['function']}"
              for f in build["top_tottime"][:15]]
    return "\n".join(lines)
