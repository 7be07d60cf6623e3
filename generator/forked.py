"""Run one function in a forked child process while this process goes on with other work.

A process pool pickles a task's arguments to send them to its worker; the pages' renderer would
need the whole analysed survey sent that way (tens of megabytes, more time than the rendering it
would save).  A forked child starts with this process's objects as they are, so only the result
travels back: pickled straight into a pipe as it is written, and unpickled from it as it is read,
so neither side holds the whole pickle at once.  Where ``fork`` does not exist (Windows) the
function simply runs here, when the caller asks for its result.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """The child process died without sending a result (killed, out of memory)."""


@contextmanager
def in_child(function: Callable[..., T], *args: Any) -> Iterator[Callable[[], T]]:
    """Start ``function(*args)`` in a forked child; inside the block, the callable given waits
    for its result (or raises the exception the function raised).  Leaving the block without
    asking for it (this process's own work failed) stops the child."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield lambda: function(*args)
        return
    reading, writing = os.pipe()
    child = multiprocessing.get_context("fork").Process(target=send_result, args=(writing, function, args),
                                                        daemon=True)
    child.start()
    os.close(writing)
    pipe = os.fdopen(reading, "rb")
    asked = False

    def result() -> T:
        nonlocal asked
        asked = True
        try:
            succeeded, value = pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError) as error:
            child.join()
            raise ChildFailed(f"the child process ended (exit code {child.exitcode}) without a result") from error
        if not succeeded:
            raise value
        return value

    try:
        yield result
    finally:
        pipe.close()
        if not asked:
            child.terminate()
        child.join()


def send_result(writing: int, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the child: run the function and pickle (True, its result) or (False, its exception)
    into the pipe.  A result that cannot be pickled leaves the stream cut short, which the
    parent reports as ``ChildFailed``."""
    with os.fdopen(writing, "wb") as pipe:
        try:
            value = function(*args)
        except Exception as error:  # noqa: BLE001 - handed to the parent, which raises it
            pipe.write(failure(error))
            return
        pickle.dump((True, value), pipe, protocol=pickle.HIGHEST_PROTOCOL)


def failure(error: Exception) -> bytes:
    try:
        return pickle.dumps((False, error))
    except Exception:  # noqa: BLE001 - an exception that does not pickle is sent as its message
        return pickle.dumps((False, ChildFailed(f"{type(error).__name__}: {error}")))
