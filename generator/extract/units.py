"""Units of data sizes: the family each unit belongs to, and numbers that are not data sizes.

Data sizes come in units that cannot be compared with each other: 300B tokens, 400M image-text
pairs, 20 TB.  Each unit belongs to one family, and the Data column orders papers within a
family only (``FAMILIES`` gives the families' order).  A number written as a dimension
(``1024x1024 images``) is an image resolution, not a count of images: ``kinds/data_scale.py``
drops it.  A dataset whose name carries its size (``CC3M``, ``LAION-400M``) is a data size too,
when its vocabulary entry names the unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from generator.model import Fact

FAMILIES = ("tokens", "words", "image-text pairs", "images", "videos", "hours", "examples", "bytes", "other")
UNIT_FAMILY = {
    "tokens": "tokens",
    "words": "words",
    "image-text pairs": "image-text pairs",
    "video-text pairs": "videos",
    "images": "images",
    "frames": "images",
    "videos": "videos",
    "hours": "hours",
    "bytes": "bytes",
    **{unit: "examples" for unit in (
        "examples", "samples", "documents", "questions", "instructions", "conversations", "problems",
        "sentences", "utterances", "programs", "tasks", "files", "repositories", "trajectories", "episodes",
    )},
}
# A number inside "W x H" (x, X or ×, spaces allowed) is a dimension.
DIMENSION_AFTER = re.compile(r"^\s*[x×X]\s*\d")
DIMENSION_BEFORE = re.compile(r"\d\s*[x×X]\s*$")


# A size at the end of a dataset's name: "CC3M", "LAION-400M", "OpenR1-Math-220k".
NAME_SIZE = re.compile(r"(\d+(?:\.\d+)?)([kKMB])$")
NAME_SIZE_FACTORS = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}


def size_in_name(name: str) -> float | None:
    match = NAME_SIZE.search(name)
    return float(match[1]) * NAME_SIZE_FACTORS[match[2]] if match else None


def sizes_in_names(benchmarks: tuple[Fact, ...], units: Mapping[str, str]) -> tuple[Fact, ...]:
    """Data sizes written into the names of the datasets a paper names (``CC3M``: 3M image-text
    pairs), for the datasets whose vocabulary entry gives the unit of that size."""
    sizes = []
    for fact in benchmarks:
        name = str(fact.value)
        size = size_in_name(name)
        if name in units and size is not None:
            sizes.append(replace(fact, value=size, unit=units[name]))
    return tuple(sizes)


def family_of(unit: str | None) -> str:
    return UNIT_FAMILY.get(unit or "", "other")


def family_rank(unit: str | None) -> int:
    return FAMILIES.index(family_of(unit))


def is_dimension(fact: Fact) -> bool:
    """Whether the fact's number is one side of a resolution or shape such as ``1024x1024``."""
    digits = re.search(r"\d[\d,.]*", fact.text)
    if digits is None:
        return False
    start = fact.start + digits.start()
    end = fact.start + digits.end()
    # Only the few characters around the number matter; slicing the whole sentence would make
    # a long sentence with many sizes quadratic.
    return bool(DIMENSION_AFTER.match(fact.source[end:end + 12])
                or DIMENSION_BEFORE.search(fact.source[max(0, start - 12):start]))
