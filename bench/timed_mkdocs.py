"""Run ``mkdocs`` like ``python -m mkdocs`` but record where the build's time goes.
Usage: ``python bench/timed_mkdocs.py OUT.json build [mkdocs options]`` with the project as the
working directory.  The working directory is put first on ``sys.path`` exactly as ``python -m``
does, so the hook imports the project's own ``generator`` package.  Before handing over to
MkDocs' command line, a few functions are wrapped with timers that keep inclusive and exclusive
(children subtracted) seconds: each plugin event per plugin (our hook, Material's search and
tags), the hook's import, Markdown rendering (``Page.render``), theme templating
(``_build_page`` and static templates), file writing and static-file copying, each in wall-clock
and in CPU seconds, plus the CPU seconds of Markdown and of the theme template per page (the
slowest pages are listed).  The wrappers
cost microseconds per call, well under 1% of a build.  The timings are written to OUT.json
even when the build fails.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

STARTED = time.perf_counter()


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
    config_options.Hooks._load_hook = TIMER.wrap("hook import", config_options.Hooks._load_hook)
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

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        pass_item = item is not None
        for method in self.events[name]:
            origin = self._event_origins.get(method, "<unknown>")
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
        }
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(record, handle, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main())
