"""Running a function in a forked child (``generator/forked.py``): its result comes back, its
arguments are never pickled (the child sees this process's objects), its exception is raised
here (one that cannot be pickled as a ``ChildFailed`` naming it), a child that dies is reported
with its exit code, and leaving the block without asking for the result stops the child.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from generator.forked import ChildFailed, in_child


class Unpicklable:
    """Holds a lock, which pickle refuses: it can reach a child only by being forked."""

    def __init__(self, words: list[str]) -> None:
        self.lock = threading.Lock()
        self.words = words


def shout(holder: Unpicklable, times: int) -> list[str]:
    return [word.upper() * times for word in holder.words]


def test_the_result_comes_back_and_the_arguments_are_not_pickled() -> None:
    holder = Unpicklable(["sparse", "experts"])
    with in_child(shout, holder, 2) as result:
        assert result() == ["SPARSESPARSE", "EXPERTSEXPERTS"]


def fail(message: str) -> None:
    raise KeyError(message)


def test_the_childs_exception_is_raised_here() -> None:
    with in_child(fail, "no such section") as result, pytest.raises(KeyError, match="no such section"):
        result()


class LockedError(Exception):
    def __init__(self) -> None:
        super().__init__("template broke")
        self.lock = threading.Lock()


def fail_unpicklably() -> None:
    raise LockedError()


def test_an_exception_that_does_not_pickle_comes_back_by_name() -> None:
    with in_child(fail_unpicklably) as result, pytest.raises(ChildFailed, match="LockedError: template broke"):
        result()


def die() -> None:
    os._exit(3)


def test_a_child_that_dies_is_reported_with_its_exit_code() -> None:
    with in_child(die) as result, pytest.raises(ChildFailed, match="exit code 3"):
        result()


def test_leaving_the_block_without_the_result_stops_the_child() -> None:
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="this process failed"), in_child(time.sleep, 60):
        raise RuntimeError("this process failed")
    assert time.perf_counter() - started < 10
