"""Run ``mkdocs`` like ``python -m mkdocs`` but record where the build's time goes.
Usage: ``python bench/timed_mkdocs.py OUT.json build [mkdocs options]`` with the project as the
working directory.  The working directory is put first on ``sys.path`` exactly as ``python -m``
does, so our plugin imports the project's own ``generator`` package; which package that was is
reported on stderr (``PACKAGE_LINE``) for the caller to check.  This driver imports nothing of
the project or of the other benchmark scripts, since it runs before the project is on the path.
Before handing over to MkDocs' command line, a few functions are wrapped with timers that keep
inclusive and exclusive (children subtracted) seconds: each plugin event per plugin (ours,
Material's search and tags), the loading of each plugin and hooks module (import, instance,
config), Markdown rendering (``Page.render``), theme templating (``_build_page`` and static
templates), file writing and static-file copying, each in wall-clock and in CPU seconds, plus the
CPU seconds of Markdown and of the theme template per page (the slowest pages are listed).
"Ours" (``is_ours``) is the hooks module ``generator/hook.py`` or an instance of a plugin class
defined in the ``generator`` package; the names of such plugins are listed under ``ours`` in
OUT.json.  The wrappers cost microseconds per call, well under 1% of a build.  The timings are
written to OUT.json even when the build fails.
"""
from __future__ import annotations

import json
import os
import sys
import time
import types
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

STARTED = time.perf_counter()
# Our MkDocs integration: the hooks module as mkdocs.yml names it, or a plugin class from this package.
OUR_HOOK = "generator/hook.py"
OUR_PACKAGE = "generator"
# Start of the stderr line that says which ``generator`` package the build imported.
PACKAGE_LINE = "bench: generator package "


def cpu_time() -> float:
    """CPU seconds of this process and of its finished children (worker pools a stage joined)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class Timer:
    """Nested timing regions: inclusive and exclusive seconds and call counts per name.

    Each region is timed twice: wall clock (``perf_counter``) and CPU time of this process and
    its finished children (``os.times``), which a busy shared machine disturbs far less.
    """

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []
        self.inclusive: defaultdict[str, float] = defaultdict(float)
        self.exclusive: defaultdict[str, float] = defaultdict(float)
        self.cpu_inclusive: defaultdict[str, float] = defaultdict(float)
        self.cpu_exclusive: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()

    @contextmanager
    def region(self, name: str) -> Iterator[None]:
        start, cpu_start = time.perf_counter(), cpu_time()
        self.stack.append([name, 0.0, 0.0])
        try:
            yield
        finally:
            elapsed, cpu = time.perf_counter() - start, cpu_time() - cpu_start
            _, children, cpu_children = self.stack.pop()
            if all(frame[0] != name for frame in self.stack):
                self.inclusive[name] += elapsed
                self.cpu_inclusive[name] += cpu
            self.exclusive[name] += elapsed - children
            self.cpu_exclusive[name] += cpu - cpu_children
            self.calls[name] += 1
            if self.stack:
                self.stack[-1][1] += elapsed
                self.stack[-1][2] += cpu

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.region(name):
                return function(*args, **kwargs)

        return timed


TIMER = Timer()
# Per page: CPU seconds of Markdown rendering and of the theme template, keyed by source path.
PAGES: dict[str, defaultdict[str, float]] = {"markdown": defaultdict(float), "theme": defaultdict(float)}


def per_page(kind: str, function: Callable[..., Any], page_of: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = cpu_time()
        try:
            return function(*args, **kwargs)
        finally:
            PAGES[kind][page_of(*args).file.src_uri] += cpu_time() - start

    return timed


def summarise_pages(times: dict[str, float], top: int = 10) -> dict[str, Any]:
    groups: defaultdict[str, float] = defaultdict(float)
    for uri, seconds in times.items():
        groups["papers/*.md" if uri.startswith("papers/") and uri != "papers/index.md" else "other pages"] += seconds
    slowest = sorted(times.items(), key=lambda item: -item[1])[:top]
    return {"groups": dict(groups), "slowest": dict(slowest), "pages": len(times)}


def is_ours(plugin: object) -> bool:
    """Our hooks module (``generator/hook.py``) or an instance of a class from the ``generator`` package."""
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__.replace("\\", "/").removeprefix("./") == OUR_HOOK
    module = type(plugin).__module__
    return module == OUR_PACKAGE or module.startswith(OUR_PACKAGE + ".")


# Names of the plugins (and hooks modules) found to be ours, as MkDocs' plugin collection keys them.
OURS: set[str] = set()


def owner(plugins: Any, origin: str, method: Callable[..., Any]) -> object:
    """The plugin object an event method belongs to: a plugin instance or a hooks module."""
    found = plugins.get(origin)
    if found is not None:
        return found
    bound = getattr(method, "__self__", None)
    return bound if bound is not None else sys.modules.get(getattr(method, "__module__", ""), method)


def timed_load(function: Callable[..., Any]) -> Callable[..., Any]:
    """Time loading a plugin or hooks module (import, instance, config) as ``plugin load [NAME]``."""

    @wraps(function)
    def load(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        with TIMER.region(f"plugin load [{name}]"):
            plugin = function(self, name, *args, **kwargs)
        if is_ours(plugin):
            OURS.add(name)
        return plugin

    return load


def install() -> None:
    """Wrap the MkDocs functions whose time we want to attribute."""
    import mkdocs.config
    import mkdocs.utils
    from mkdocs.commands import build
    from mkdocs.config import config_options
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    mkdocs.config.load_config = TIMER.wrap("config", mkdocs.config.load_config)
    config_options.Hooks._load_hook = timed_load(config_options.Hooks._load_hook)
    config_options.Plugins.load_plugin = timed_load(config_options.Plugins.load_plugin)
    build.build = TIMER.wrap("build", build.build)
    build.get_files = TIMER.wrap("gather docs files", build.get_files)
    build._populate_page = TIMER.wrap("read pages", build._populate_page)
    build._build_page = TIMER.wrap("theme templates", build._build_page)
    build._build_theme_template = TIMER.wrap("theme templates", build._build_theme_template)
    Page.render = TIMER.wrap("markdown", per_page("markdown", Page.render, lambda page, *_: page))
    build._build_page = per_page("theme", build._build_page, lambda page, *_: page)
    Page.validate_anchor_links = TIMER.wrap("validate links", Page.validate_anchor_links)
    Files.copy_static_files = TIMER.wrap("copy static files", Files.copy_static_files)
    mkdocs.utils.write_file = TIMER.wrap("write files", mkdocs.utils.write_file)

    checked: set[str] = set()

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        pass_item = item is not None
        for method in self.events[name]:
            origin = self._event_origins.get(method, "<unknown>")
            if origin not in checked:
                checked.add(origin)
                if is_ours(owner(self, origin, method)):
                    OURS.add(origin)
            self._current_plugin = origin
            with TIMER.region(f"event {name} [{origin}]"):
                result = method(item, **kwargs) if pass_item else method(**kwargs)
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event  # type: ignore[method-assign]


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, os.getcwd())
    install()
    from mkdocs.__main__ import cli

    code = 0
    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except Exception as error:  # noqa: BLE001 - report any failure, keep the timings
        print(f"timed_mkdocs: {type(error).__name__}: {error}", file=sys.stderr)
        code = 1
    finally:
        record = {
            "in_process": time.perf_counter() - STARTED,
            "in_process_cpu": cpu_time(),
            "inclusive": dict(TIMER.inclusive),
            "exclusive": dict(TIMER.exclusive),
            "cpu_inclusive": dict(TIMER.cpu_inclusive),
            "cpu_exclusive": dict(TIMER.cpu_exclusive),
            "calls": dict(TIMER.calls),
            "pages": {kind: summarise_pages(times) for kind, times in PAGES.items()},
            "ours": sorted(OURS),
        }
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(record, handle, indent=1)
        package = sys.modules.get(OUR_PACKAGE)
        print(f"{PACKAGE_LINE}{getattr(package, '__file__', None)}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
