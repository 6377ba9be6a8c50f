"""The names and the record of dump files, shared by the dumps and the dataset description."""

from __future__ import annotations

from dataclasses import dataclass

from exportgraph.version import __version__

GZIPPED = {"nt", "jsonld"}
DUMP_SUFFIXES = ("ttl", "nt", "jsonld")


@dataclass(frozen=True)
class DumpFile:
    name: str
    media_type: str
    format_name: str
    compressed: bool
    size: int
    sha256: str


def dump_name(suffix: str, version: str = __version__) -> str:
    """The file name of the dump in the format with this suffix (ttl, nt, jsonld)."""
    return f"exportgraph-{version}.{suffix}" + (".gz" if suffix in GZIPPED else "")


def void_name(version: str = __version__) -> str:
    return f"exportgraph-{version}-void.ttl"


def checksums_name(version: str = __version__) -> str:
    return f"exportgraph-{version}.sha256"
