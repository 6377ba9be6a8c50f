"""Memoise rdflib's parsing of SPARQL text, which pySHACL repeats for every focus node.

pySHACL hands each SHACL-SPARQL constraint and each SHACL-AF function to rdflib as text, once
per focus node; parsing takes 30-70 ms while evaluating the parsed query takes well under one.
Parsing depends only on the text, the base and the prefixes, and the translated algebra is
not changed by evaluation (rdflib's own prepareQuery relies on that), so the translation is
cached on exactly those three. Results are unchanged; only the time goes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

_original_query = SPARQLProcessor.query


@lru_cache(maxsize=1024)
def _translated(text: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Any:
    return translateQuery(parseQuery(text), base, dict(prefixes))


def _query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
    if isinstance(strOrQuery, str):
        prefixes = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
        strOrQuery = _translated(strOrQuery, base, prefixes)
    return _original_query(self, strOrQuery, initBindings, initNs, base, DEBUG)


def memoise_sparql_parsing() -> None:
    """Install the cache (idempotent); every rdflib SPARQL query in the process benefits."""
    SPARQLProcessor.query = _query  # type: ignore[method-assign]
