"""The benchmark scripts' shared harness: no import cycle, explicit project copies, a safe ``--workdir``.

Fast on purpose: nothing here runs a benchmark or a build.
"""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import harness
from tests.conftest import ROOT

BENCH = ROOT / "bench"
SCALE = BENCH / "scale.py"
ISSUE_RE = re.compile(r"\bissues?\s*#?\d", re.IGNORECASE)


def bench_modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(BENCH.glob("*.py")) if path.stem != "__init__"}


def bench_imports(path: Path, modules: set[str]) -> dict[str, str]:
    """The bench modules ``path`` imports anywhere (functions included), each with how it was spelled."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "bench" and len(parts) > 1 and parts[1] in modules:
                    found[parts[1]] = alias.name
                elif parts[0] in modules:
                    found[parts[0]] = alias.name
        elif isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".") if node.module else []
            if node.level == 0 and parts[:1] != ["bench"]:
                if parts and parts[0] in modules:
                    found[parts[0]] = node.module or ""
                continue
            # ``from bench import x``, ``from bench.x import y``, ``from . import x``, ``from .x import y``
            inside = parts[1:] if node.level == 0 else parts
            if inside and inside[0] in modules:
                found[inside[0]] = f"from {'.' * node.level}{node.module or ''}"
            elif not inside:
                for alias in node.names:
                    if alias.name in modules:
                        found[alias.name] = f"from {'.' * node.level}{node.module or ''} import {alias.name}"
    return found


def import_graph() -> dict[str, dict[str, str]]:
    modules = bench_modules()
    return {name: bench_imports(path, set(modules)) for name, path in modules.items()}


def test_bench_scripts_have_no_import_cycle() -> None:
    graph = import_graph()
    assert "harness" in graph and graph["scale"], graph  # the parser sees scale's imports at all
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        for imported in graph[module]:
            if imported in path:
                cycles.append(path[path.index(imported):] + [imported])
            else:
                visit(imported, path + [imported])

    for module in graph:
        visit(module, [module])
    assert not cycles, cycles
    for script in ("checks", "profiling", "harness"):
        assert "scale" not in graph[script], f"{script} imports scale"


def test_bench_modules_import_each_other_as_the_bench_package() -> None:
    """``import synth`` beside ``from bench import synth`` would load one file as two modules."""
    graph = import_graph()
    plain = {(module, spelled) for module, imports in graph.items() for spelled in imports.values()
             if not spelled.startswith(("bench", "from bench"))}
    assert not plain, plain


def make_source(folder: Path) -> Path:
    """A fake project: every listed part, plus things a copy must leave behind."""
    for part in harness.PROJECT_PARTS:
        if "." in part:
            (folder / part).parent.mkdir(parents=True, exist_ok=True)
            (folder / part).write_text(f"{part} of the source\n", encoding="utf-8")
        else:
            (folder / part / "nested").mkdir(parents=True)
            (folder / part / "nested" / "file.txt").write_text(f"{part} of the source\n", encoding="utf-8")
            (folder / part / "__pycache__").mkdir()
            (folder / part / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    for extra in ("site", "bench", ".git"):
        (folder / extra).mkdir()
        (folder / extra / "left-behind.txt").write_text("no\n", encoding="utf-8")
    (folder / "README.md").write_text("no\n", encoding="utf-8")
    return folder


def files_under(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def test_project_parts_list_what_a_build_reads() -> None:
    assert set(harness.PROJECT_PARTS) >= {"mkdocs.yml", "survey.yml", "docs", "templates", "generator", "seeds"}
    assert all((ROOT / part).exists() for part in harness.PROJECT_PARTS)


def test_copy_takes_an_explicit_source_and_copies_exactly_the_listed_parts(tmp_path: Path) -> None:
    parameters = inspect.signature(harness.copy_project).parameters
    assert parameters["source"].default is inspect.Parameter.empty
    assert parameters["target"].default is inspect.Parameter.empty
    source = make_source(tmp_path / "source")
    copied = harness.copy_project(source, tmp_path / "out" / "copy")
    assert copied == tmp_path / "out" / "copy"
    assert sorted(p.name for p in copied.iterdir()) == sorted(harness.PROJECT_PARTS)
    expected = {name: text for name, text in files_under(source).items()
                if name.split("/")[0] in harness.PROJECT_PARTS and "__pycache__" not in name}
    assert files_under(copied) == expected


def test_copy_swaps_in_other_seeds_and_taxonomy(tmp_path: Path) -> None:
    source = make_source(tmp_path / "source")
    seeds = tmp_path / "other-seeds"
    seeds.mkdir()
    (seeds / "listing.txt").write_text("other seeds\n", encoding="utf-8")
    taxonomy = tmp_path / "other.yml"
    taxonomy.write_text("other taxonomy\n", encoding="utf-8")
    copied = harness.copy_project(source, tmp_path / "copy", seeds=seeds, taxonomy=taxonomy)
    assert sorted(p.name for p in copied.iterdir()) == sorted(harness.PROJECT_PARTS)
    assert files_under(copied / "seeds") == {"listing.txt": "other seeds\n"}
    assert (copied / "survey.yml").read_text(encoding="utf-8") == "other taxonomy\n"
    assert (copied / "mkdocs.yml").read_text(encoding="utf-8") == "mkdocs.yml of the source\n"


def test_built_from_refuses_a_generator_outside_the_project(tmp_path: Path) -> None:
    def run(stderr: str) -> harness.Run:
        return harness.Run(wall=0.0, code=0, rss_mb=0.0, cpu=0.0, stdout="", stderr=stderr)

    project = tmp_path / "project"
    harness.check_built_from(project, run(f"{harness.PACKAGE_LINE}{project}/generator/__init__.py\n"))
    harness.check_built_from(project, run(f"{harness.PACKAGE_LINE}None\n"))  # e.g. the floor site
    with pytest.raises(RuntimeError, match="not the project's own generator"):
        harness.check_built_from(project, run(f"INFO x\n{harness.PACKAGE_LINE}{ROOT}/generator/__init__.py\n"))


def run_scale(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCALE), *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_missing_workdir_is_created_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "not" / "there"
    result = run_scale("--workdir", str(missing), "--sizes", "")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert missing.is_dir() and not any(missing.iterdir())
    assert "nothing to measure" in result.stderr


def test_workdir_that_is_a_file_is_one_line_and_a_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run_scale("--workdir", str(blocker / "below"), "--sizes", "")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "--workdir" in result.stderr


def test_help_and_docstrings_name_no_issue_numbers() -> None:
    result = run_scale("--help")
    assert result.returncode == 0, result.stderr
    assert not ISSUE_RE.search(result.stdout), result.stdout
    for path in [*bench_modules().values(), BENCH / "__init__.py"]:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert docstring, f"{path.name} has no module docstring"
        assert not ISSUE_RE.search(docstring), f"{path.name}: {ISSUE_RE.search(docstring)}"
