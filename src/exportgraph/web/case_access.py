"""Who may query the case collections: only a request carrying the configured case token.

A request without the token (or with a wrong one) is answered from the published store, in
which the collections do not exist: no count, no graph name, no 401 or 403 that would confirm
them. The token travels as `Authorization: Bearer TOKEN`, never in a URL (URLs end up in logs
and browser histories); it is compared in constant time.
"""

from __future__ import annotations

import hmac

from flask import Response, current_app, request

from exportgraph.endpoint.core import SparqlEndpoint
from exportgraph.errors import QueryError

CASE_ENDPOINT = "EXPORTGRAPH_CASE_ENDPOINT"


def case_endpoint() -> SparqlEndpoint | None:
    """The endpoint over the case store when this request carries the token, else None."""
    endpoint = current_app.config.get(CASE_ENDPOINT)
    if endpoint is None:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    expected = endpoint.settings.case_token
    if scheme.lower() != "bearer" or not token:
        return None
    return endpoint if hmac.compare_digest(token.strip().encode(), expected.encode()) else None


def keep_private(response: Response, *also_vary: str) -> Response:
    """Answers may differ by token: no shared cache may keep one or give it to another client.

    also_vary: other request headers the answer depends on, added to Vary in the same pass
    (each pass parses and rewrites the header).
    """
    response.vary.update(("Authorization", *also_vary))
    if current_app.config.get(CASE_ENDPOINT) is not None and "Authorization" in request.headers:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def endpoint_service() -> SparqlEndpoint:
    """The endpoint over the case store for a request with the case token, else the public one."""
    service = case_endpoint() or current_app.config.get("EXPORTGRAPH_ENDPOINT")
    if service is None:
        raise QueryError("this server has no SPARQL endpoint (it runs on a store without one)")
    return service
