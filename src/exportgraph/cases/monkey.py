"""A patch to rdflib: memoise its parsing of SPARQL text, which pySHACL repeats per focus node.

pySHACL hands each SHACL-SPARQL constraint and each SHACL-AF function to rdflib as text, once
per focus node; parsing takes 30-70 ms while evaluating the parsed query takes well under one.
Parsing depends only on the text, the base and the prefixes, and the translated algebra is
not changed by evaluation (rdflib's own prepareQuery relies on that), so the translation is
cached on exactly those three. Reports are unchanged (tests/test_monkey.py compares them);
only the time goes.

The patch replaces rdflib.plugins.sparql.processor.SPARQLProcessor.query for the whole process,
so nothing installs it by being imported: CaseValidator(parse_cache=True) calls install(), and
ExportGraph.validator and `exportgraph load-cases` ask for that (docs/decisions/0004). It is
written against the body of SPARQLProcessor.query in the rdflib versions named in
RDFLIB_VERSIONS (parseQuery, then translateQuery(parsed, base, initNs), then evalQuery); on any
other version install() warns and leaves rdflib as it is, and validation only runs slower.
uninstall() puts rdflib's own function back. The pattern is pySHACL's own monkey/ package.
"""

from __future__ import annotations

import threading
import warnings
from functools import lru_cache
from typing import Any

import rdflib
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

# The rdflib releases whose SPARQLProcessor.query this patch was read against and tested with.
RDFLIB_VERSIONS = frozenset(("7.6.0",))

_original_query = SPARQLProcessor.query
_lock = threading.Lock()


class PatchNotInstalledWarning(UserWarning):
    """The parse cache was asked for, but this rdflib is not a version it was written for."""


@lru_cache(maxsize=1024)
def _translated(text: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Any:
    return translateQuery(parseQuery(text), base, dict(prefixes))


def _query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
    if isinstance(strOrQuery, str):
        prefixes = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
        strOrQuery = _translated(strOrQuery, base, prefixes)
    return _original_query(self, strOrQuery, initBindings, initNs, base, DEBUG)


def installed() -> bool:
    """Whether rdflib's SPARQL parsing is memoised in this process now."""
    return SPARQLProcessor.query is _query


def install(version: str | None = None) -> bool:
    """Memoise rdflib's SPARQL parsing for the whole process, if this rdflib is one it fits.

    Idempotent.

    Args:
        version: the rdflib version to check against RDFLIB_VERSIONS (default: the one
            imported); given only by tests.

    Returns:
        Whether the patch is installed now.

    Warns:
        PatchNotInstalledWarning: the rdflib version is not in RDFLIB_VERSIONS; nothing is
            patched.
    """
    version = rdflib.__version__ if version is None else version
    if version not in RDFLIB_VERSIONS:
        warnings.warn(
            f"rdflib {version} is not a version exportgraph's SPARQL parse cache was written for"
            f" ({', '.join(sorted(RDFLIB_VERSIONS))}); rdflib is left unpatched, so pySHACL"
            " validation is slower but gives the same reports. Check"
            " exportgraph/cases/monkey.py against rdflib's SPARQLProcessor.query and add"
            " the version to RDFLIB_VERSIONS.",
            PatchNotInstalledWarning,
            stacklevel=2,
        )
        return installed()
    with _lock:
        SPARQLProcessor.query = _query  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Put rdflib's own SPARQLProcessor.query back and empty the cache (idempotent)."""
    with _lock:
        SPARQLProcessor.query = _original_query  # type: ignore[method-assign]
        _translated.cache_clear()
