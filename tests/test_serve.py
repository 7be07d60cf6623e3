"""Under ``mkdocs serve``, an edit to a generator module or a vocabulary file takes effect on the
next rebuild: the plugin imports the generator afresh when its files changed (``plugin.py``).

A copy of the project with the mini corpus is served on a free local port; the test edits the
copy's ``generator/render/home.py`` and ``generator/vocab/benchmarks.yml`` in turn and waits for
the served site to show each edit.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sitebuild import MINI, copy_project

REBUILD_WAIT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(condition: Callable[[], bool], what: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + REBUILD_WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve exited while waiting for {what}: {server.stdout and server.stdout.read()}")
        time.sleep(0.5)
    pytest.fail(f"{what} did not appear within {REBUILD_WAIT_S} s")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = copy_project(tmp_path / "project", seeds=MINI / "seeds", taxonomy=MINI / "survey.yml")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield project, f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        server.wait(timeout=30)


Served = tuple[Path, str, subprocess.Popen[str]]


def test_serve_rebuild_runs_the_edited_generator_and_vocabulary(served: Served) -> None:
    project, base, server = served
    wait_for(lambda: "Papers per chapter" in fetch(base), "the first build", server)
    assert "Papers per chapter, as edited" not in fetch(base)

    home = project / "generator" / "render" / "home.py"
    home.write_text(home.read_text(encoding="utf-8").replace(
        'title="Papers per chapter"', 'title="Papers per chapter, as edited"'), encoding="utf-8")
    wait_for(lambda: "Papers per chapter, as edited" in fetch(base), "the edited module's output", server)

    vocabulary = project / "generator" / "vocab" / "benchmarks.yml"
    assert "EditedBench" not in fetch(base + "data/papers.json")
    with vocabulary.open("a", encoding="utf-8") as file:
        file.write("\n- name: EditedBench\n  aliases: [dense quality]\n")
    wait_for(lambda: '"EditedBench"' in fetch(base + "data/papers.json"), "the edited vocabulary's benchmark", server)
