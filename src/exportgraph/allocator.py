"""The memory allocator the server runs on: jemalloc when it is installed, else the C library's.

Oxigraph's query engine builds and drops a great many small buffers in its hash joins and
groupings, and the C library's malloc (glibc) is slow at that: at 100,000 cases the two
slowest case statistics took 2.2 times Virtuoso's time on glibc and 1.4-1.5 times on jemalloc,
each within one benchmarks/run.py run (docs/benchmarks.md; decision 0005 compares the
allocators in one process). A process gets its allocator when it
starts (the dynamic linker's LD_PRELOAD), so the server starts itself once more with it; its
query workers are forked from it and share it.

Setting memory_allocator: "auto" (jemalloc when installed), "system" (the C library's), or the
path of a malloc library.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from exportgraph.errors import ConfigurationError

AUTO = "auto"
SYSTEM = "system"
PRELOAD = "LD_PRELOAD"


def chosen_library(setting: str) -> str | None:
    """Return the library to preload for the setting's value, or None for the C library's malloc.

    "auto" names jemalloc (its soname, which the dynamic linker finds) when the system has it.

    Raises:
        ConfigurationError: the value is a path to no file.
    """
    if setting == SYSTEM:
        return None
    if setting == AUTO:
        return ctypes.util.find_library("jemalloc")
    if not Path(setting).is_file():
        raise ConfigurationError(
            f"setting memory_allocator: {setting!r} is neither 'auto', 'system' nor the path of"
            " a malloc library (set EXPORTGRAPH_MEMORY_ALLOCATOR)"
        )
    return setting


def loaded(library: str, maps: str | None = None) -> bool:
    """Whether the library is mapped into this process (by default read from /proc/self/maps)."""
    if maps is None:
        try:
            maps = Path("/proc/self/maps").read_text()
        except OSError:
            return False
    stem = Path(library).name.split(".so")[0]
    return any(Path(line.split()[-1]).name.startswith(stem + ".so") for line in maps.splitlines())


def environment_with(library: str, environ: Mapping[str, str]) -> dict[str, str]:
    """A copy of environ whose LD_PRELOAD names the library first, keeping what it named."""
    named = [entry for entry in environ.get(PRELOAD, "").split(":") if entry]
    env = dict(environ)
    env[PRELOAD] = ":".join([library, *(entry for entry in named if entry != library)])
    return env


def restart_with(library: str | None) -> None:
    """Start this program again, same arguments, with the library preloaded, unless it is.

    Returns only when no restart is needed: no library, the library already loaded, or already
    in LD_PRELOAD (it could not be loaded: the dynamic linker said why on stderr; restarting
    again would loop).
    """
    if library is None or loaded(library):
        return
    if library in os.environ.get(PRELOAD, "").split(":"):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, sys.orig_argv, environment_with(library, os.environ))


def describe(library: str | None) -> str:
    """One phrase for the server's banner: which allocator this process runs on."""
    if library is not None and loaded(library):
        return f"memory allocator {Path(library).name}"
    return "memory allocator of the C library"
