"""The pipeline's driver (generator/build.py): the cycle collector is paused while it runs, the
topic map laid out in a second process is the one laid out inline, and pages rendered half in a
forked child are the pages rendered in one process."""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import pytest

import generator.build
from generator.build import build, collector_paused, read_inputs
from tests.golden import MINI


def test_the_pipeline_runs_with_the_collector_off_and_leaves_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real_report = generator.build.curation_report

    def report(*args: object) -> object:
        seen.append(gc.isenabled())
        return real_report(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.build, "curation_report", report)
    assert gc.isenabled()
    build(read_inputs(MINI))
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error_and_stays_off_if_it_was_off() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a stage failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_topic_map_laid_out_in_the_background_is_the_one_laid_out_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = read_inputs(MINI)
    submitted: list[str] = []

    class CountingPool(ProcessPoolExecutor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
            submitted.append(fn.__name__)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(generator.build, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 2)
    in_background = build(inputs).coordinates
    assert submitted == ["topic_coordinates"]
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 1)
    inline = build(inputs).coordinates
    assert submitted == ["topic_coordinates"]
    assert in_background == inline
    assert len(set(inline.values())) > 1  # a real layout, not the all-zero map of a tiny corpus


def test_pages_rendered_half_in_a_forked_child_are_the_pages_rendered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = read_inputs(MINI)
    here = build(inputs)
    children: list[str] = []
    real_in_child = generator.build.in_child

    def counted(function: Callable[..., Any], *args: Any) -> Any:
        children.append(function.__name__)
        return real_in_child(function, *args)

    monkeypatch.setattr(generator.build, "PARALLEL_FROM", 0)
    monkeypatch.setattr(generator.build, "in_child", counted)
    forked = build(inputs)
    assert children == ["render_types"]
    assert forked.pages == here.pages  # same pages, bytes and order
    pages_cache = next(cache for cache in here.caches if cache.stage == "pages")
    assert next(cache for cache in forked.caches if cache.stage == "pages") == pages_cache
