"""Regenerate the README's generated blocks: ``python -m tests.readme``.

Two blocks of README.md are written from the code so that they stay true: the module tree
(each module of ``generator/`` with the first line of its docstring) and the table of fact
fields (from the registry in ``generator.extract``).  ``test_readme.py`` checks that the README
holds exactly what this module would write.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator.extract import FIELDS

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GENERATOR = ROOT / "generator"
BLOCKS = ("modules", "fact-fields")


def first_docstring_line(path: Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(docstring.split("\n\n")[0].split())
    # The first sentence: up to a full stop that ends a word and is followed by a space.
    return re.split(r"(?<=[a-z)`])\. ", paragraph, maxsplit=1)[0].removesuffix(".") + "."


def is_module(path: Path) -> bool:
    return path.suffix == ".py" and path.name != "__init__.py"


def is_package(path: Path) -> bool:
    return path.is_dir() and (path / "__init__.py").exists()


def module_tree(folder: Path = GENERATOR, indent: str = "") -> list[str]:
    """One line per module and folder, files before sub-packages, each with its summary."""
    lines = []
    entries = sorted(p for p in folder.iterdir() if is_module(p) or is_package(p))
    files = [p for p in entries if p.is_file()]
    folders = [p for p in entries if p.is_dir()]
    width = max((len(p.name) + (1 if p.is_dir() else 0) for p in entries), default=0)
    for path in files:
        lines.append(f"{indent}{path.name:<{width}}  {first_docstring_line(path)}")
    for path in folders:
        lines.append(f"{indent}{path.name + '/':<{width}}  {first_docstring_line(path / '__init__.py')}")
        lines += module_tree(path, indent + "    ")
    return lines


def modules_block() -> str:
    summary = first_docstring_line(GENERATOR / "__init__.py")
    return f"```\ngenerator/  {summary}\n" + "\n".join("    " + line for line in module_tree()) + "\n```"


def fact_fields_block() -> str:
    rows = ["| field | shown as | per paper | CSV column |", "| --- | --- | --- | --- |"]
    for field in FIELDS:
        rows.append(f"| `{field.name}` | {field.label or '(table summary only)'} | "
                    f"{'a list' if field.many else 'one fact or null'} | "
                    f"{f'`{field.csv.name}`' if field.csv else '—'} |")
    return "\n".join(rows)


def generated_blocks() -> dict[str, str]:
    return {"modules": modules_block(), "fact-fields": fact_fields_block()}


def block_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)


def with_blocks(text: str, blocks: dict[str, str]) -> str:
    for name, body in blocks.items():
        pattern = block_pattern(name)
        if not pattern.search(text):
            raise ValueError(f"README.md has no <!-- {name}:start --> … <!-- {name}:end --> block")
        text = pattern.sub(lambda match, body=body: match[1] + body + "\n" + match[2], text)
    return text


if __name__ == "__main__":
    README.write_text(with_blocks(README.read_text(encoding="utf-8"), generated_blocks()), encoding="utf-8")
    print(f"wrote the {', '.join(BLOCKS)} blocks of {README.relative_to(ROOT)}")
