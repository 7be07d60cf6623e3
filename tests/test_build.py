"""The pipeline's driver (generator/build.py): the cycle collector is paused while it runs."""

from __future__ import annotations

import gc

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
