"""What's new: arrival order from git history (commit, then listing date), the fallback without
it, groups paged so every paper is on exactly one page, headings that say when, and the feeds
in What's new's order (the feeds themselves: test_feeds.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.build import check, read_inputs, seed_history
from generator.feeds import newest_first
from generator.model import Arrival, Paper, PaperDate, Source, WhatsNew
from generator.render import news as news_pages_module
from generator.render.news import arrival_label, news_pages
from generator.whatsnew import arrivals
from tests.golden import MINI, MINI_SEED_ADDED, render_mini


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


# --- grouping by arrival and paging -----------------------------------------------------------

LISTED = {"a.txt": PaperDate(9, 2, 2024), "b.txt": PaperDate(12, 9, 2024), "c.txt": PaperDate(3, 14)}


def test_one_commits_files_are_ordered_by_listing_date_then_undated_by_name() -> None:
    papers = (paper("sep", "a.txt"), paper("dec", "b.txt"), paper("mar", "c.txt"), paper("none", "d.txt"))
    same_commit = {name: "2025-01-01T00:00:00Z" for name in ("a.txt", "b.txt", "c.txt", "d.txt")}
    news = arrivals(papers, same_commit, LISTED)
    # Dec 9, 2024 is newer than Sep 2, 2024; a date without a year and no date come after them.
    assert [a.slug for a in news.arrivals] == ["dec", "sep", "none", "mar"]
    assert news.arrivals[0].listed == PaperDate(12, 9, 2024)
    assert news.arrivals[2].listed is None


def test_a_later_commit_comes_first_whatever_its_listing_date() -> None:
    papers = (paper("old", "b.txt"), paper("new", "a.txt"))
    news = arrivals(papers, {"b.txt": "2025-01-01T00:00:00Z", "a.txt": "2025-02-01T00:00:00Z"}, LISTED)
    assert [a.slug for a in news.arrivals] == ["new", "old"]


def test_headings_name_the_commit_or_say_it_is_not_committed_yet() -> None:
    committed = Arrival("x", "a.txt", "2025-06-01T09:30:00Z", PaperDate(9, 2, 2024))
    assert arrival_label(committed, True) == "Added 2025-06-01 09:30 UTC: listed Sep 2, 2024"
    draft = Arrival("y", "c.txt", None, PaperDate(3, 14))
    assert arrival_label(draft, True) == "Not committed yet: listed Mar 14"
    undated = Arrival("z", "d.txt", None)
    assert arrival_label(undated, True) == "Not committed yet: undated, from d.txt"
    assert arrival_label(committed, False) == "Listed Sep 2, 2024"


def dated(slug: str, file: str, date: PaperDate | None) -> Paper:
    return Paper(slug=slug, title=slug, abstract="An abstract.", sources=(Source(file, 1),), date=date)


def test_a_papers_own_listing_date_comes_before_its_pages_and_the_feeds_agree() -> None:
    papers = (dated("p-dec", "a.txt", PaperDate(12, 1, 2023)), dated("p-none", "a.txt", None),
              dated("p-jun", "a.txt", PaperDate(6, 1, 2024)), dated("p-noyear", "a.txt", PaperDate(7, 7)),
              dated("q-none", "b.txt", None), dated("r-new", "c.txt", PaperDate(1, 1, 2020)))
    added = {"a.txt": "2025-01-01T00:00:00Z", "b.txt": "2025-01-01T00:00:00Z", "c.txt": "2025-03-01T00:00:00Z"}
    news = arrivals(papers, added, {"a.txt": PaperDate(9, 2, 2024), "b.txt": PaperDate(10, 1, 2024)})
    order = [a.slug for a in news.arrivals]
    # The newer commit first; in a commit, own dates (Jun 2024, Dec 2023), then page dates.
    assert order == ["r-new", "p-jun", "p-dec", "q-none", "p-none", "p-noyear"]  # ties by slug
    assert [a.listed for a in news.arrivals][:4] == [PaperDate(1, 1, 2020), PaperDate(6, 1, 2024),
                                                     PaperDate(12, 1, 2023), PaperDate(10, 1, 2024)]
    assert news.arrivals[4].listed == news.arrivals[5].listed == PaperDate(9, 2, 2024)
    assert news.arrivals[4].key == news.arrivals[5].key  # one group: same commit, same page date
    assert list(newest_first(news, {p.slug: p for p in papers})) == order


def test_the_feeds_follow_whats_new_on_the_mini_survey() -> None:
    checked = check(read_inputs(MINI, seed_added=MINI_SEED_ADDED))
    news = arrivals(checked.papers, MINI_SEED_ADDED, checked.page_dates)
    assert len({a.listed for a in news.arrivals}) > 1, "the mini corpus needs papers of several dates"
    assert list(newest_first(news, {p.slug: p for p in checked.papers})) == [a.slug for a in news.arrivals]


def many(count: int, file: str) -> list[Paper]:
    return [paper(f"{file[0]}{n:02d}", file) for n in range(count)]


def test_pages_hold_every_paper_once_and_split_groups_are_marked_continued() -> None:
    papers = tuple(many(5, "a.txt") + many(3, "b.txt") + many(2, "c.txt"))
    news = arrivals(papers, {"a.txt": "2025-01-01T00:00:00Z", "b.txt": "2025-02-01T00:00:00Z"}, LISTED)
    pages = news_pages(news, size=4)
    assert [sum(len(items) for _, _, items in page) for page in pages] == [4, 4, 2]
    shown = [a.slug for page in pages for _, _, items in page for a in items]
    assert shown == [a.slug for a in news.arrivals] and sorted(shown) == sorted(p.slug for p in papers)
    labels = [[(label.split(":")[0], continued) for label, continued, _ in page] for page in pages]
    # c.txt (not committed) first, then b.txt's commit, then a.txt's, which goes on over two pages.
    assert labels == [[("Not committed yet", False), ("Added 2025-02-01 00", False)],
                      [("Added 2025-02-01 00", True), ("Added 2025-01-01 00", False)],
                      [("Added 2025-01-01 00", True)]]


def test_an_empty_survey_has_one_empty_page() -> None:
    assert news_pages(WhatsNew((), True)) == [[]]


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setattr(news_pages_module, "PAGE_ENTRIES", 2)
    return {page.src_uri: page.full_content for page in render_mini().pages if page.src_uri.startswith("whats-new")}


def test_the_union_of_all_pages_is_every_paper_once(small_pages: dict[str, str]) -> None:
    result = render_mini()
    assert len(small_pages) == -(-len(result.survey.papers) // 2) > 1
    linked = [slug for content in small_pages.values()
              for slug in re.findall(r'<li><a href="(?:\.\./)*papers/([^/"]+)/"', content)]
    assert sorted(linked) == sorted(p.slug for p in result.survey.papers)
    first = small_pages["whats-new.md"]
    assert 'href="page-2/"' in first and 'aria-current="page"' in first
    assert 'href="../"' in small_pages["whats-new/page-2.md"], "page 2 links back to the first page"


def test_no_heading_is_cut_short(small_pages: dict[str, str]) -> None:
    headings = [line for content in small_pages.values() for line in content.splitlines() if line.startswith("## ")]
    assert headings
    assert not any("not commit" in line and "not committed yet" not in line.lower() for line in headings)
    assert all(re.match(r"## (Added \d{4}&#45;\d\d&#45;\d\d|Not committed yet)", line) for line in headings), headings
