"""Plain JSON case records to JSON-LD, through the published context.

The context (shapes/case-record.context.jsonld, served at /contexts/case-record.jsonld) does
the mapping, so a plain JSON case and its Turtle twin are the same RDF. This module only checks
the JSON's shape (every error names its JSON path, e.g. `$.caseItem[0].quantity`) and fills in
what the README promises: an absent "id" becomes `case/<caseId>` and `case/<caseId>/applicant`,
`/end-user`, `/item-<n>`, `/decision`, `/assessment-<n>`; an absent "type" follows from the
field the node stands under. A document with "@context" is JSON-LD and is left as it is, except
that the published context's URL is replaced by the context itself: no context is fetched.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from exportgraph.config import resource_dir
from exportgraph.errors import InputError

CONTEXT_URLS = (
    "https://w3id.org/exportgraph/contexts/case-record.jsonld",
    "/contexts/case-record.jsonld",
)
ID_BASE = "https://w3id.org/exportgraph/id/"
MAX_DEPTH = 32

# Field kinds: "text" a string or {"@value", "@language"}; "string" a string; "scalar" a string,
# number or boolean (the context types it); "strings" one string or a list of them.
_NODE = {"id": "string", "type": "string", "comment": "text"}
FIELDS: dict[str, dict[str, str]] = {
    "LicenceCase": {
        **_NODE,
        "caseId": "strings",
        "applicant": "node:Applicant",
        "caseItem": "nodes:CaseItem",
        "destination": "strings",
        "endUser": "node:EndUser",
        "endUseStatement": "text",
        "applicationDate": "scalars",
        "decision": "node:LicenceDecision",
        "assessment": "nodes:StrategicGoalAssessment",
        "handledBy": "string",
        "destinationExplanation": "text",
    },
    "Applicant": {**_NODE, "name": "strings", "country": "strings", "address": "string"},
    "EndUser": {**_NODE, "name": "strings", "country": "strings", "address": "string"},
    "CaseItem": {
        **_NODE,
        "controlEntry": "strings",
        "model": "strings",
        "quantity": "scalars",
        "valueEUR": "scalar",
        "itemDescription": "text",
    },
    "LicenceDecision": {
        **_NODE,
        "outcome": "strings",
        "decisionDate": "scalars",
        "legalBasisCited": "strings",
        "condition": "texts",
        "decidedBy": "string",
    },
    "StrategicGoalAssessment": {
        **_NODE,
        "goal": "strings",
        "criterion": "string",
        "riskFound": "scalar",
        "finding": "text",
    },
}
_SUFFIX = {"Applicant": "applicant", "EndUser": "end-user", "LicenceDecision": "decision"}
_LIST_SUFFIX = {"CaseItem": "item", "StrategicGoalAssessment": "assessment"}


@cache
def case_context() -> dict[str, Any]:
    """The published JSON-LD context (the value of its "@context")."""
    path = resource_dir("shapes") / "case-record.context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def json_to_jsonld(document: Any, name: str = "<input>") -> Any:
    """Turn a parsed JSON document into JSON-LD that Oxigraph can read without fetching.

    Args:
        document: one case (an object), several (a list), or a JSON-LD document.
        name: the input's name for error messages.

    Raises:
        InputError: the JSON does not have the documented shape, or nests deeper than
            MAX_DEPTH; the message names the path.
    """
    _check_depth(document, name)
    if isinstance(document, dict) and "@context" in document:
        return {**document, "@context": _inline(document["@context"], name)}
    if isinstance(document, list):
        return [_case(case, f"$[{n}]", name) for n, case in enumerate(document)]
    return _case(document, "$", name)


def _check_depth(document: Any, name: str) -> None:
    # A case nests five levels deep; a hostile document nests thousands, to exhaust the stack
    # of whatever walks it next. Walked with an explicit stack, so the check cannot overflow.
    pending: list[tuple[Any, str, int]] = [(document, "$", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"{name}: {path}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            pending += [(v, _child(path, k), depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(v, f"{path}[{n}]", depth + 1) for n, v in enumerate(value)]


def _child(path: str, key: Any) -> str:
    return f"{path}.{key}" if str(key).isidentifier() else f"{path}[{str(key)!r}]"


def _inline(context: Any, name: str) -> Any:
    if isinstance(context, list):
        return [_inline(part, name) for part in context]
    if isinstance(context, str):
        if context in CONTEXT_URLS:
            return case_context()
        raise InputError(
            f"{name}: $['@context']: remote context {context!r} is not fetched; use "
            f"{CONTEXT_URLS[0]} or put the context inline"
        )
    return context


def _case(case: Any, path: str, name: str) -> dict[str, Any]:
    node = _node(case, "LicenceCase", path, name, None)
    return {"@context": [case_context(), {"@base": ID_BASE}], **node}


def _node(value: Any, kind: str, path: str, name: str, default_id: str | None) -> dict[str, Any]:
    if isinstance(value, str):  # a reference to a node described elsewhere
        return {"id": value}
    if not isinstance(value, dict):
        raise InputError(f"{name}: {path}: expected an object ({kind}), got {_kind(value)}")
    fields = FIELDS[kind]
    node: dict[str, Any] = {}
    for key, item in value.items():
        key = {"@id": "id", "@type": "type"}.get(key, key)
        if key not in fields:
            raise InputError(
                f"{name}: {path}: unknown field {key!r} in {kind}; known: {', '.join(fields)}"
            )
        node[key] = _field(item, fields[key], f"{path}.{key}", name)
    case_id = node.get("caseId") if kind == "LicenceCase" else None
    if "id" not in node and isinstance(case_id, str):
        default_id = f"case/{case_id}"
    if "id" not in node and default_id:
        node["id"] = default_id
    node.setdefault("type", kind)
    base = node.get("id") if isinstance(node.get("id"), str) else None
    for key, spec in fields.items():
        if key in node and spec.startswith("node"):
            node[key] = _children(node[key], spec, f"{path}.{key}", name, base)
    return node


def _children(value: Any, spec: str, path: str, name: str, parent: str | None) -> Any:
    kind = spec.split(":", 1)[1]
    if spec.startswith("nodes:"):
        items = value if isinstance(value, list) else [value]
        return [
            _node(
                item,
                kind,
                f"{path}[{n}]",
                name,
                f"{parent}/{_LIST_SUFFIX[kind]}-{n + 1}" if parent else None,
            )
            for n, item in enumerate(items)
        ]
    if isinstance(value, list):
        return [_node(item, kind, f"{path}[{n}]", name, None) for n, item in enumerate(value)]
    return _node(value, kind, path, name, f"{parent}/{_SUFFIX[kind]}" if parent else None)


def _field(value: Any, spec: str, path: str, name: str) -> Any:
    if spec.startswith("node"):
        return value  # checked once the node's id is known
    plural = spec.endswith("s")
    if plural and isinstance(value, list):
        return [_field(item, spec[:-1], f"{path}[{n}]", name) for n, item in enumerate(value)]
    single = spec.rstrip("s") if plural else spec
    if single == "string" and isinstance(value, str):
        return value
    if single == "scalar" and isinstance(value, (str, int, float, bool)):
        return value
    if single == "text":
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and set(value) <= {"@value", "@language"} and "@value" in value:
            return value
    expected = {
        "string": "a string",
        "scalar": "a string, number or true/false",
        "text": 'a string or {"@value": ..., "@language": ...}',
    }[single]
    if plural:
        expected += " (or a list of them)"
    raise InputError(f"{name}: {path}: expected {expected}, got {_kind(value)}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "a number"
    )
