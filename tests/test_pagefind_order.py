"""Pagefind's filter files in a fixed order (``generator/pagefind_order.py``).

The CBOR codec writes back what it reads, byte for byte, and refuses what it does not know; a
site whose pages carry several filters with many values, indexed three times, gives three
byte-identical bundles (Pagefind alone orders the values differently run to run); the rewritten
bundle still lists every value with its pages; a bundle holding a file the codec cannot read is
left exactly as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from generator import pagefind_order, search
from generator.pagefind_order import SIGNATURE, UnknownEncoding, decode, encode, read, sort_filters
from generator.search import ARTICLE, index_site, mark_indexed

VALUES = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa")


def write_pages(site: Path, count: int = 24) -> None:
    for number in range(count):
        folder = site / "papers" / f"p{number:02d}"
        folder.mkdir(parents=True)
        facets = "".join(f'<span data-pagefind-filter="{name}[data-value]" data-value="{VALUES[(number * k) % 10]}">'
                         "</span>" for k, name in ((1, "kind"), (3, "tag"), (7, "chapter")))
        body = f"{ARTICLE}<h1>Paper {number}</h1><p>Words of paper {number}.</p><div hidden>{facets}</div></article>"
        (folder / "index.html").write_text(mark_indexed(f"<html><body>{body}</body></html>"), encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("item", [0, 23, 24, 255, 256, 65536, 2**33, "", "é‿", b"\x00\x01", [], [1, ["a", [2, 3]]],
                                  {"k": [1]}, "x" * 300, list(range(30))])
def test_the_codec_writes_back_what_it_reads(item: object) -> None:
    data = encode(item)
    assert decode(data) == (item, len(data))


@pytest.mark.parametrize("data", [b"\xf5", b"\xfb" + bytes(8), b"\x9f\xff", b"\x1c", b"\x82\x01"])
def test_the_codec_refuses_what_it_does_not_know(data: bytes) -> None:
    with pytest.raises(UnknownEncoding):
        decode(data)


def test_three_runs_write_identical_bundles(tmp_path: Path) -> None:
    outputs = []
    for run in range(3):
        site = tmp_path / f"site{run}"
        write_pages(site)
        index_site(site)
        outputs.append(files(site / search.OUTPUT_SUBDIR))
    assert outputs[0] == outputs[1] == outputs[2]
    bundle = tmp_path / "site0" / search.OUTPUT_SUBDIR / "0"
    contents = {read(path)[0]: read(path)[1] for path in (bundle / "filter").glob("*.pf_filter")}
    assert sorted(contents) == ["chapter", "kind", "tag"]
    for name, values in contents.items():
        assert [value for value, _ in values] == sorted(value for value, _ in values), name
        assert sum(len(pages) for _, pages in values) == 24, name


def test_a_bundle_with_a_file_the_codec_cannot_read_is_left_alone(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    write_pages(site)
    monkeypatch.setattr(search, "sort_filters", lambda bundle: False)  # index without the step
    index_site(site)
    bundle = site / search.OUTPUT_SUBDIR / "0"
    victim = next((bundle / "filter").glob("*.pf_filter"))
    victim.write_bytes(gzip.compress(SIGNATURE + b"\xf5"))  # a CBOR "true": not what Pagefind writes
    before = files(bundle)
    assert sort_filters(bundle) is False
    assert files(bundle) == before


def test_a_bundle_without_filters_is_unchanged(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(mark_indexed(f"<html><body>{ARTICLE}<h1>A</h1><p>Text.</p></article>"
                                                        "</body></html>"), encoding="utf-8")
    index_site(site)
    bundle = site / search.OUTPUT_SUBDIR / "0"
    before = files(bundle)
    assert pagefind_order.sort_filters(bundle) is False
    assert files(bundle) == before
