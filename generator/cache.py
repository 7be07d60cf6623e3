"""The stage cache: per-paper results kept on disk between builds, so a rebuild recomputes only
what its inputs changed.  The stages cached: facts and tags (per paper), the topic map and the
related papers (one entry each, for the whole corpus) and rendered pages (per page).

A stage's cache is one file, ``<folder>/<stage>-<version>.pickle``, mapping an entry key (a
hash of the paper's inputs to that stage) to the stage's result for it.  ``version`` is a hash of
the source of the code that computes the stage (its package, every generator module that package
imports, and the data files it reads, such as ``generator/vocab/*.yml``), so editing the fact
extractor or a vocabulary invalidates the fact cache, while editing a template does not.  A
build reads the caches it needs (``read_cache``, an input edge) and hands back what it computed
(``StageCache.updated``); the caller writes them (``write_cache``, an output edge) keeping only
the entries this build used, so the file does not grow with papers long gone.  Results are
pickled: the folder is the project's own (git-ignored) and is never shared, so no one else's
bytes are unpickled; a file that cannot be read is treated as empty.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_DIR = ".survey-atlas-cache"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class StageCache:
    """One stage's cached results: entry key → result, valid for code ``version``."""

    stage: str
    version: str
    entries: Mapping[str, Any] = field(default_factory=dict)

    def fill(self, keys: Sequence[str], compute: Callable[[list[int]], list[Any]]) -> tuple[list[Any], StageCache]:
        """The result for every key, computing only the missing ones (``compute`` gets their
        positions); and the cache to write back, holding exactly these keys."""
        missing = [i for i, key in enumerate(keys) if key not in self.entries]
        computed = dict(zip(missing, compute(missing), strict=True))
        results = [computed[i] if i in computed else self.entries[key] for i, key in enumerate(keys)]
        return results, StageCache(self.stage, self.version, dict(zip(keys, results, strict=True)))

    def fill_one(self, key: str, compute: Callable[[], Any]) -> tuple[Any, StageCache]:
        """``fill`` for a stage with one result for the whole corpus."""
        (result,), updated = self.fill([key], lambda missing: [compute() for _ in missing])
        return result, updated


def entry_key(*texts: str) -> str:
    """A stable key for a paper's inputs to a stage."""
    return bytes_key(*(text.encode("utf-8", "surrogatepass") for text in texts))


def bytes_key(*parts: bytes) -> str:
    """A stable key for a sequence of byte strings (each ended by a NUL, so that the parts'
    boundaries count)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
        digest.update(b"\x00")
    return digest.hexdigest()


def value_key(*values: object) -> str:
    """A stable key for values of any kind the stages make (papers, facts, page arguments)."""
    return hashlib.blake2b(value_bytes(values), digest_size=16).hexdigest()


def value_bytes(value: object) -> bytes:
    """``value`` pickled without pickle's memo, so that the bytes depend on the values alone and
    not on which of them happen to be one shared object (a fact read from the cache and the same
    fact extracted afresh must give one key).  Values must hold no sets, whose order changes from
    one Python process to the next (a different byte costs a recomputation, never a stale result)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: every occurrence is written out in full
    pickler.dump(value)
    return buffer.getvalue()


def code_version(package: str, data_files: Iterable[Path] = (), sources: SourceTree | None = None) -> str:
    """A hash of the source of ``package`` (a ``generator`` module or package), of every generator
    module it imports (transitively) and of ``data_files``.  ``sources`` is the package's source
    read once (``read_sources``) when a build needs several versions."""
    tree = sources or read_sources()
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(module_files(package, tree)):
        digest.update(str(path.relative_to(PACKAGE_DIR.parent)).encode())
        digest.update(tree.text[path].encode())
    for path in sorted(data_files):
        digest.update(str(path.relative_to(PACKAGE_DIR.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class SourceTree:
    """Every source file of the generator package: its text and the generator modules it imports."""

    text: Mapping[Path, str]
    imports: Mapping[Path, tuple[str, ...]]


def read_sources() -> SourceTree:
    """The generator's source files, each read once (a build computes three cache versions)."""
    text = {path: path.read_text(encoding="utf-8") for path in sorted(PACKAGE_DIR.rglob("*.py"))}
    return SourceTree(text, {path: imported_modules(source) for path, source in text.items()})


def module_files(package: str, sources: SourceTree | None = None) -> set[Path]:
    """The source files of ``package`` (all of a package's folder) and of the generator modules
    they import, followed through imports."""
    tree = sources or read_sources()
    found: set[Path] = set()
    pending = [package]
    while pending:
        for path in source_files(pending.pop(), tree):
            if path in found:
                continue
            found.add(path)
            pending += tree.imports[path]
    return found


def source_files(module: str, tree: SourceTree) -> list[Path]:
    relative = Path(*module.split(".")[1:])
    folder = PACKAGE_DIR / relative
    if folder.is_dir():
        return sorted(path for path in tree.text if path.is_relative_to(folder))
    file = (PACKAGE_DIR / relative).with_suffix(".py")
    return [file] if file in tree.text else []


# ``from generator.x import a, b`` (parenthesised over lines or not) and ``import generator.x``.
# A regular expression instead of ``ast``: parsing the package cost a fifth of a serve rebuild's
# generator time; tests check that both find the same imports in every module.
FROM_IMPORT_RE = re.compile(r"^[ \t]*from[ \t]+(generator(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
PLAIN_IMPORT_RE = re.compile(r"^[ \t]*import[ \t]+(generator(?:\.\w+)*)", re.MULTILINE)


def imported_modules(source: str) -> tuple[str, ...]:
    """The ``generator`` modules (and possible submodules) that a source file imports."""
    names: list[str] = []
    for module, imported in FROM_IMPORT_RE.findall(source):
        aliases = [line.split("#")[0] for line in imported.strip("()").splitlines()]
        items = [item.split(" as ")[0].strip() for item in ",".join(aliases).split(",")]
        names += [module] + [f"{module}.{item}" for item in items if item]
    names += PLAIN_IMPORT_RE.findall(source)
    return tuple(names)


def read_cache(folder: Path | None, stage: str, version: str) -> StageCache:
    """The stage's cache from ``folder`` (empty without a folder, file, or readable content)."""
    if folder is None:
        return StageCache(stage, version)
    try:
        with (folder / f"{stage}-{version}.pickle").open("rb") as file:
            entries = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return StageCache(stage, version)
    return StageCache(stage, version, entries if isinstance(entries, dict) else {})


def write_cache(folder: Path, cache: StageCache) -> None:
    """Replace the stage's cache file (atomically) and remove its files for other code versions."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{cache.stage}-{cache.version}.pickle"
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as file:
        pickle.dump(dict(cache.entries), file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)
    for stale in folder.glob(f"{cache.stage}-*.pickle"):
        if stale != target:
            stale.unlink(missing_ok=True)
