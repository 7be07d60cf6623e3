"""The pipeline's driver (generator/build.py): the cycle collector is paused while it runs."""

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
    in_background = build(inputs).survey.coordinates
    assert submitted == ["topic_coordinates"]
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 1)
    inline = build(inputs).survey.coordinates
    assert submitted == ["topic_coordinates"]
    assert in_background == inline
    assert len(set(inline.values())) > 1  # a real layout, not the all-zero map of a tiny corpus
