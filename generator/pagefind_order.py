"""Put Pagefind's filter files in a fixed order, so two builds of one site write the same bundle.

Pagefind (1.5) writes each filter's values in the order of a Rust hash map, which changes from
run to run, and names each file by a hash of its content; its metadata file lists the filter
files by those names, and ``pagefind-entry.json`` names the metadata file by a hash of its own.
So a site with search filters got new file names on every build, and every deploy re-uploaded
them.  This step rewrites a finished bundle: each filter file with its values sorted by name,
the metadata with its filters sorted by name and the new file names, and the entry file naming
the new metadata.  The files are gzip of a signature and CBOR (RFC 8949); the small codec here
reads and writes only what Pagefind writes (definite lengths, the shortest encodings), and
checks that it writes a file back byte for byte before changing anything, so a future Pagefind
that writes something else is left as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
# Major types of the CBOR items Pagefind writes: unsigned integers, byte and text strings, arrays, maps.
UINT, BYTES, TEXT, ARRAY, MAP = 0, 2, 3, 4, 5


class UnknownEncoding(ValueError):
    """A file holds CBOR this codec does not read; the bundle is then left as Pagefind wrote it."""


def decode(data: bytes, offset: int = 0) -> tuple[Any, int]:
    """The CBOR item at ``offset`` of ``data`` and the offset after it."""
    if offset >= len(data):
        raise UnknownEncoding("truncated CBOR")
    major, info = data[offset] >> 5, data[offset] & 0x1F
    offset += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, offset = int.from_bytes(data[offset:offset + size], "big"), offset + size
    else:
        raise UnknownEncoding(f"CBOR additional information {info}")
    if major == UINT:
        return argument, offset
    if major in (BYTES, TEXT):
        raw, offset = data[offset:offset + argument], offset + argument
        return (raw if major == BYTES else raw.decode("utf-8")), offset
    if major in (ARRAY, MAP):
        items = []
        for _ in range(argument * (2 if major == MAP else 1)):
            item, offset = decode(data, offset)
            items.append(item)
        if major == ARRAY:
            return items, offset
        return dict(zip(items[::2], items[1::2], strict=True)), offset
    raise UnknownEncoding(f"CBOR major type {major}")


def head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise UnknownEncoding(f"integer {argument} too large")


def encode(item: Any) -> bytes:
    if isinstance(item, bool) or item is None:
        raise UnknownEncoding(f"CBOR simple value {item!r}")
    if isinstance(item, int):
        return head(UINT, item)
    if isinstance(item, bytes):
        return head(BYTES, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return head(TEXT, len(raw)) + raw
    if isinstance(item, list):
        return head(ARRAY, len(item)) + b"".join(encode(x) for x in item)
    if isinstance(item, dict):
        return head(MAP, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise UnknownEncoding(f"cannot encode {type(item).__name__}")


def read(path: Path) -> Any:
    """The CBOR content of a Pagefind file, if this codec writes it back exactly."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownEncoding(f"{path.name}: no Pagefind signature")
    item, end = decode(data, len(SIGNATURE))
    if end != len(data) or encode(item) != data[len(SIGNATURE):]:
        raise UnknownEncoding(f"{path.name}: not written back byte for byte")
    return item


def write(folder: Path, prefix: str, digits: int, suffix: str, item: Any) -> str:
    """Write ``item`` as a Pagefind file named by a hash of its content; the hash part of the name."""
    payload = SIGNATURE + encode(item)
    name = f"{prefix}{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def sort_filters(bundle: Path) -> bool:
    """Rewrite the filter files of ``bundle`` in a fixed order; False if it has none or holds
    files this codec does not read (then nothing is changed)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    plans = []
    try:
        for language, details in entry["languages"].items():
            meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
            meta = read(meta_path)
            filters = next((item for item in meta if is_filter_list(item)), None)
            if not filters:
                continue
            contents = {name: read(bundle / "filter" / f"{file}.pf_filter") for name, file in filters}
            plans.append((language, meta_path, meta, filters, contents))
    except (UnknownEncoding, OSError, KeyError, ValueError):
        return False
    for language, meta_path, meta, filters, contents in plans:
        renamed = []
        for name, old in sorted(filters):
            field, values = contents[name]
            new = write(bundle / "filter", f"{language}_", 7, ".pf_filter", [field, sorted(values)])
            if new != old:
                (bundle / "filter" / f"{old}.pf_filter").unlink()
            renamed.append([name, new])
        meta = [renamed if item is filters else item for item in meta]
        hashed = write(bundle, f"pagefind.{language}_", 10, ".pf_meta", meta)
        if f"{hashed}.pf_meta" != meta_path.name:
            meta_path.unlink()
        entry["languages"][language]["hash"] = hashed.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return bool(plans)


def is_filter_list(item: Any) -> bool:
    """Whether a metadata item is the list of filters: [[name, file], ...] with file "<lang>_<hash>"."""
    return (isinstance(item, list) and bool(item)
            and all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
                    and "_" in pair[1] for pair in item))
