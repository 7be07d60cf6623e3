"""The fact-field registry: one field per module of ``generator/extract/kinds``, in position order.

Each module in the kinds subpackage declares its field as ``FIELD`` (a ``FactField`` whose
name is the module's name).  ``FIELDS`` lists them ordered by ``position``: the order the
facts panel, ``papers.json`` and the CSV export use.  Adding a kind of fact means adding
one module there; the registry finds it.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import generator.extract.kinds as kinds  # the subpackage itself, not its parent package
from generator.extract.fact_field import FactField
from generator.model import Facts


def discover_fields(package: ModuleType) -> tuple[FactField, ...]:
    """The ``FIELD`` of every module in ``package``, ordered by position.

    Raises ``ValueError`` for a module without a ``FactField`` named after it, or when two
    fields share a position.
    """
    found: list[FactField] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        declared = getattr(module, "FIELD", None)
        if not isinstance(declared, FactField) or declared.name != info.name:
            raise ValueError(f"{module.__name__} must declare FIELD, a FactField named {info.name!r}")
        found.append(declared)
    found.sort(key=lambda declared: declared.position)
    for before, after in zip(found, found[1:], strict=False):
        if before.position == after.position:
            raise ValueError(f"fact fields {before.name!r} and {after.name!r} share position {before.position}")
    return tuple(found)


# The fact fields, in the order the facts panel, papers.json and the CSV list them.
FIELDS = discover_fields(kinds)


def no_facts() -> Facts:
    """A paper's facts when nothing was found."""
    return Facts({field.name: () for field in FIELDS})
