"""The one helper that builds every URL of a resource page (datasette's url_builder).

Resource IRIs live under the configured base IRI (setting base_iri). The server maps that base
onto its own root, so `https://w3id.org/exportgraph/id/law/nl-bsg` is served at `/id/law/nl-bsg`.
IRIs outside the base (the EU country table, ELI, sources) get a page at `/resource?iri=...`.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode


def resource_path(iri: str, base_iri: str) -> str:
    """Return the local path of the page for a resource IRI.

    Args:
        iri: the resource's IRI.
        base_iri: the setting base_iri, ending with "/".
    """
    if iri.startswith(base_iri) and len(iri) > len(base_iri):
        # A hash IRI (an ontology term) is documented on the page of the IRI before "#".
        path, hash_mark, fragment = iri[len(base_iri) :].partition("#")
        safe = "/:@!$&'()*+,;=-._~"
        return "/" + quote(path, safe=safe) + hash_mark + quote(fragment, safe=safe)
    return "/resource?" + urlencode({"iri": iri})


def resource_iri(path: str, base_iri: str) -> str:
    """Return the IRI a local path stands for (the inverse of resource_path for base IRIs)."""
    return base_iri + path.lstrip("/")
