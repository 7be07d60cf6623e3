"""Under ``mkdocs serve``, an edit to a generator module or a vocabulary file takes effect on the
next rebuild: the plugin imports the generator afresh when its files changed (``plugin.py``).

A copy of the project with the mini corpus is served on a free local port; the test edits the
copy's ``generator/render/home.py`` and ``generator/vocab/benchmarks.yml`` in turn and waits for
the served site to show each edit.
"""

from __future__ import annotations

import re
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
        'caption="Papers per chapter"', 'caption="Papers per chapter, as edited"'), encoding="utf-8")
    wait_for(lambda: "Papers per chapter, as edited" in fetch(base), "the edited module's output", server)

    vocabulary = project / "generator" / "vocab" / "benchmarks.yml"
    assert "EditedBench" not in fetch(base + "data/papers.json")
    with vocabulary.open("a", encoding="utf-8") as file:
        file.write("\n- name: EditedBench\n  aliases: [dense quality]\n")
    wait_for(lambda: '"EditedBench"' in fetch(base + "data/papers.json"), "the edited vocabulary's benchmark", server)


PAPER = "papers/curating-web-data-with-learned-filters-0eb956e5/"


def article(html: str) -> str:
    start = html.index('<article class="md-content__inner md-typeset"')
    return html[start:html.index("</article>", start)]


MINI_PAPERS = 4
# Pages compared between the served site and a fresh build: every kind the plugin generates.
COMPARED = ("", "chapters/data/", "chapters/efficiency/", "papers/", "tags/", "benchmarks/", "whats-new/", "report/",
            "papers/curating-web-data-with-learned-filters-0eb956e5/",
            "papers/sparse-mixture-of-experts-for-efficient-pre-training-6c675fa6/")


def served_reused_count(log: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) unchanged pages? copied from the previous rebuild", log)]


def test_serve_copies_unchanged_pages_and_renders_what_changed(served: Served) -> None:
    """A section introduction edited, then a chapter title: pages are copied from the previous
    rebuild (the log says how many), yet every page served is what a fresh build renders (the
    edited title shows in the navigation of pages copied from before)."""
    from tests.sitebuild import mkdocs_build

    project, base, server = served
    wait_for(lambda: "Papers per chapter" in fetch(base), "the first build", server)
    time.sleep(2)  # the file watcher starts after the first build is served
    before = fetch(base + PAPER)
    navigation_before = {url: nav_titles(fetch(base + url)) for url in COMPARED}
    taxonomy = project / "survey.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(
        "Methods that keep the useful part", "Edited for the reuse test: methods that keep the useful part"),
        encoding="utf-8")
    wait_for(lambda: "Edited for the reuse test" in fetch(base + "chapters/data/"), "the edited introduction", server)
    after = fetch(base + PAPER)
    # Only the live-reload script MkDocs injects when it serves a page differs.
    assert article(after) == article(before) and "Curating Web Data" in article(after)
    assert {url: nav_titles(fetch(base + url)) for url in COMPARED} == navigation_before
    time.sleep(1)
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("title: Efficiency", "title: Efficiency, renamed"),
                        encoding="utf-8")
    wait_for(lambda: "Efficiency, renamed" in fetch(base + PAPER), "the renamed chapter in a paper page's navigation",
             server)
    # Pagefind indexes the rebuilt site after it is served; search catches up within seconds.
    wait_for(lambda: '"bundles": ["0/"]' in fetch(base + "pagefind/bundles.json"), "the search index", server)
    served_pages = {url: article(fetch(base + url)) for url in COMPARED}
    navigation = {url: nav_titles(fetch(base + url)) for url in COMPARED}
    server.terminate()
    log = server.communicate(timeout=30)[0]
    reused = served_reused_count(log)
    # First build: nothing to copy; the intro edit: the paper pages and more (tag and benchmark
    # pages), not the edited chapter's page nor any page in the navigation; the rename:
    # nothing, since every page's navigation shows the chapter's title.
    assert reused[0] == 0 and reused[1] > MINI_PAPERS and reused[2] == 0 and len(reused) == 3, reused
    assert "the site is served while Pagefind indexes it" in log
    # The server logs a 404 while the test polls for the index still being built; nothing else warns.
    warnings = [line for line in log.splitlines() if line.startswith("WARNING") and '"GET /pagefind/' not in line]
    assert not warnings, log[-3000:]
    built = mkdocs_build(project, strict=False)
    assert built.returncode == 0, built.stderr[-2000:]
    for url in COMPARED:
        fresh = (project / "site" / url / "index.html").read_text(encoding="utf-8")
        assert served_pages[url] == article(fresh), url
        assert navigation[url] == nav_titles(fresh), url


def nav_titles(html: str) -> list[str]:
    """The titles in the page's navigation sidebar, in order (none where the page hides it)."""
    start = html.find('<nav class="md-nav md-nav--primary"')
    if start == -1:
        return []
    return re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', html[start:html.index("</nav>", start)],
                      re.DOTALL)
