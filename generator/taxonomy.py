"""Load and validate the curated taxonomy file (``survey.yml``).

The taxonomy is the curators' part of the survey: the site title and description, the
chapters with their sections, a one-paragraph introduction for each, the cue terms that
steer automatic placement, per-paper overrides and, optionally, the page year of seed files
whose dates carry no year.  Validation works like MkDocs' config check: every problem is
collected with its ``path:line`` before ``TaxonomyError`` is raised, so a curator fixes them
all in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import yaml

from generator.model import OTHER_ID, OTHER_SECTION, ROLES, Chapter, FactCorrection, Override, Section, Taxonomy
from generator.problems import InputError, Problem, did_you_mean
from generator.yamlerror import compose

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOP_KEYS = {"title": True, "description": True, "chapters": True, "overrides": False, "seed_years": False,
            "facts": False}
FACT_KEYS = {"paper": True, "field": True, "fact": True, "hide": False, "verified": False, "role": False}
CHAPTER_KEYS = {"id": True, "title": True, "intro": True, "sections": True}
SECTION_KEYS = {"id": True, "title": True, "intro": True, "cues": False}
OVERRIDE_KEYS = {"paper": True, "section": True, "also": False}


class TaxonomyError(InputError):
    """The taxonomy file cannot be used; ``problems`` says every reason."""


class _Checker:
    """Walks the composed YAML tree, converting it while recording located problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message, "error"))

    def mapping(self, node: yaml.Node, keys: dict[str, bool], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{what} must be a mapping")
            return {}
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                self.report(key_node, f"unknown key {key!r} in {what} (allowed: {', '.join(keys)})")
            elif key in found:
                self.report(key_node, f"duplicate key {key!r} in {what}")
            else:
                found[key] = value_node
        for key, required in keys.items():
            if required and key not in found:
                self.report(node, f"{what} is missing {key!r}")
        return found

    def text(self, fields: dict[str, yaml.Node], key: str, what: str) -> str:
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.report(node, f"{what} {key!r} must be non-empty text")
            return ""
        return " ".join(str(node.value).split())

    def flag(self, fields: dict[str, yaml.Node], key: str) -> bool:
        node = fields.get(key)
        if node is None:
            return False
        if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool")):
            self.report(node, f"{key!r} must be true or false")
            return False
        return str(node.value).lower() in ("true", "yes", "on")

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"{what} must be a list")
            return []
        return list(node.value)

    def identifier(self, fields: dict[str, yaml.Node], what: str, seen: dict[str, int]) -> str:
        ident = self.text(fields, "id", what)
        node = fields.get("id")
        if node is None or not ident:
            return ident
        if not ID_RE.match(ident):
            self.report(node, f"{what} id {ident!r} must be lowercase words joined by hyphens")
        elif ident == OTHER_ID:
            self.report(node, f"{what} id {OTHER_ID!r} is reserved for unplaced papers")
        elif ident in seen:
            self.report(node, f"duplicate {what} id {ident!r} (first on line {seen[ident]})")
        seen.setdefault(ident, node.start_mark.line + 1)
        return ident


def parse_taxonomy(path: str, text: str) -> Taxonomy:
    """Parse and validate taxonomy text; raise ``TaxonomyError`` with every problem."""
    taxonomy, problems = read_taxonomy(path, text)
    if taxonomy is None or problems:
        raise TaxonomyError(problems)
    return taxonomy


def read_taxonomy(path: str, text: str) -> tuple[Taxonomy | None, list[Problem]]:
    """The taxonomy as far as it could be read, and every problem in it.

    The taxonomy is None only when the YAML itself is unreadable; otherwise callers can still
    check the overrides against the corpus and report those problems in the same run.
    """
    root, syntax = compose(path, text)
    if syntax:
        return None, syntax
    if root is None:
        return None, [Problem(path, 1, "taxonomy file is empty", "error")]
    check = _Checker(path)
    top = check.mapping(root, TOP_KEYS, "taxonomy")
    chapters = _chapters(check, top.get("chapters"))
    taxonomy = Taxonomy(
        title=check.text(top, "title", "taxonomy"),
        description=check.text(top, "description", "taxonomy"),
        chapters=chapters,
        overrides=_overrides(check, top.get("overrides"), chapters),
        seed_year_lines=_seed_years(check, top.get("seed_years")),
        fact_corrections=_fact_corrections(check, top.get("facts")),
    )
    return taxonomy, check.problems


def _chapters(check: _Checker, node: yaml.Node | None) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    seen: dict[str, int] = {}
    nodes = check.sequence(node, "chapters")
    if node is not None and not nodes:
        check.report(node, "chapters must list at least one chapter")
    for chapter_node in nodes:
        fields = check.mapping(chapter_node, CHAPTER_KEYS, "chapter")
        chapter_id = check.identifier(fields, "chapter", seen)
        sections = _sections(check, fields.get("sections"), chapter_id)
        chapters.append(
            Chapter(chapter_id, check.text(fields, "title", "chapter"),
                    check.text(fields, "intro", "chapter"), sections)
        )
    return tuple(chapters)


def _sections(check: _Checker, node: yaml.Node | None, chapter_id: str) -> tuple[Section, ...]:
    sections: list[Section] = []
    seen: dict[str, int] = {}
    nodes = check.sequence(node, "sections")
    if node is not None and not nodes:
        check.report(node, f"chapter {chapter_id!r} needs at least one section")
    for section_node in nodes:
        fields = check.mapping(section_node, SECTION_KEYS, "section")
        cues = tuple(
            " ".join(str(cue.value).lower().split())
            for cue in check.sequence(fields.get("cues"), "cues")
            if _is_text(check, cue, "cue")
        )
        sections.append(
            Section(chapter_id, check.identifier(fields, "section", seen),
                    check.text(fields, "title", "section"), check.text(fields, "intro", "section"), cues)
        )
    return tuple(sections)


def _is_text(check: _Checker, node: yaml.Node, what: str) -> bool:
    if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
        return True
    check.report(node, f"{what} must be non-empty text")
    return False


def _overrides(check: _Checker, node: yaml.Node | None, chapters: tuple[Chapter, ...]) -> tuple[Override, ...]:
    section_keys = {f"{c.id}/{s.id}" for c in chapters for s in c.sections}
    chapter_ids = {c.id for c in chapters} | {OTHER_ID}
    overrides: list[Override] = []
    for item in check.sequence(node, "overrides"):
        fields = check.mapping(item, OVERRIDE_KEYS, "override")
        section = check.text(fields, "section", "override")
        if section and section not in section_keys | {OTHER_SECTION.key}:
            check.report(fields["section"], f"override names unknown section {section!r} (use chapter-id/section-id)")
        also_nodes = check.sequence(fields.get("also"), "also")
        also = tuple(str(n.value) for n in also_nodes if _is_text(check, n, "chapter id"))
        for chapter_id in also:
            if chapter_id not in chapter_ids:
                check.report(fields["also"], f"override names unknown chapter {chapter_id!r}")
        overrides.append(Override(check.text(fields, "paper", "override"), section, also, item.start_mark.line + 1))
    return tuple(overrides)


def _fact_corrections(check: _Checker, node: yaml.Node | None) -> tuple[FactCorrection, ...]:
    corrections: list[FactCorrection] = []
    for item in check.sequence(node, "facts"):
        fields = check.mapping(item, FACT_KEYS, "fact correction")
        role = check.text(fields, "role", "fact correction") or None
        if role is not None and role not in ROLES:
            check.report(fields["role"], f"role {role!r} is none of {', '.join(ROLES)}")
            role = None
        hide, verified = check.flag(fields, "hide"), check.flag(fields, "verified")
        if not fields.keys() & {"hide", "verified", "role"}:
            check.report(item, "a fact correction needs hide: true, verified: true or a role")
        corrections.append(FactCorrection(
            check.text(fields, "paper", "fact correction"), check.text(fields, "field", "fact correction"),
            check.text(fields, "fact", "fact correction"), hide, verified, role, item.start_mark.line + 1,
        ))
    return tuple(corrections)


def _seed_years(check: _Checker, node: yaml.Node | None) -> tuple[tuple[str, int, int], ...]:
    """(seed file, page year, line in the taxonomy file) for each entry."""
    if node is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        check.report(node, "seed_years must map seed file names to years")
        return ()
    years: list[tuple[str, int, int]] = []
    for key_node, value_node in node.value:
        value = str(value_node.value)
        if not (isinstance(value_node, yaml.ScalarNode) and value.isdigit() and 1900 < int(value) < 2200):
            check.report(value_node, f"seed_years: {value!r} is not a year")
            continue
        years.append((str(key_node.value), int(value), key_node.start_mark.line + 1))
    return tuple(sorted(years))


def resolve_overrides(
    path: str, taxonomy: Taxonomy, lookup: Callable[[str], str | None], titles: Sequence[str] = ()
) -> tuple[dict[str, Override], list[Problem]]:
    """Map overrides to paper slugs; ``lookup`` turns a title or slug into a slug or None, and an
    unknown name is reported with the closest of ``titles``."""
    resolved: dict[str, Override] = {}
    problems: list[Problem] = []
    for override in taxonomy.overrides:
        slug = lookup(override.paper)
        if slug is None:
            problems.append(Problem(path, override.line, f"override names unknown paper {override.paper!r}"
                                    f"{did_you_mean(override.paper, titles)}", "error"))
        elif slug in resolved:
            problems.append(Problem(path, override.line, f"second override for paper {override.paper!r}", "error"))
        else:
            resolved[slug] = override
    return resolved, problems

