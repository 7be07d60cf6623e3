"""What's new: arrival order from git history, and the fallback without it (feeds: test_feeds.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.build import seed_history
from generator.model import Paper, Source
from generator.whatsnew import arrivals


def paper(slug: str, *files: str) -> Paper:
    return Paper(slug=slug, title=f"Title <b>{slug}</b> & co", abstract="An abstract.",
                 sources=tuple(Source(f, 1) for f in files))


PAPERS = (paper("old", "a.txt"), paper("new", "b.txt"), paper("both", "b.txt", "a.txt"), paper("draft", "c.txt"))


def test_newest_seed_file_first_and_papers_arrive_with_their_first_file() -> None:
    news = arrivals(PAPERS, {"a.txt": "2025-01-01T00:00:00Z", "b.txt": "2025-06-01T00:00:00Z"})
    assert [a.slug for a in news.arrivals] == ["draft", "new", "both", "old"]
    assert {a.slug: a.seed_file for a in news.arrivals}["both"] == "a.txt"
    assert news.arrivals[0].when is None  # c.txt is not committed yet
    assert news.updated == "2025-06-01T00:00:00Z"


def test_without_history_order_is_by_file_name_and_says_so() -> None:
    news = arrivals(PAPERS, {})
    assert not news.from_history
    assert [a.seed_file for a in news.arrivals] == ["c.txt", "b.txt", "a.txt", "a.txt"]


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_seed_history_reads_when_each_file_was_added(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    git(tmp_path, "init", "-q")
    (seeds / "a.txt").write_text("a")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "a", date="2025-01-02T03:04:05+02:00")
    (seeds / "b.txt").write_text("b")
    (seeds / "a.txt").write_text("a changed")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "b", date="2025-03-01T00:00:00+00:00")
    assert seed_history(tmp_path, "seeds") == (("a.txt", "2025-01-02T01:04:05Z"), ("b.txt", "2025-03-01T00:00:00Z"))


def test_seed_history_without_git_is_empty(tmp_path: Path) -> None:
    assert seed_history(tmp_path, "seeds") == ()
