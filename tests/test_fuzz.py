"""Property-based tests (hypothesis) of the inputs a stranger controls: the JSON case mapper,
POST /validate, the parameters of /sparql and of the licence check.

Whatever arrives, the answer is never a 500, never a stack trace and never a path of the
machine; the mapper raises only InputError. Example counts are kept small so the suite stays
fast; a failing example is shrunk and printed by hypothesis.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportgraph.cases.json_records import FIELDS, json_to_jsonld
from exportgraph.cases.reading import read_case_text
from exportgraph.errors import InputError
from tests.hardening_support import MACHINE_PATHS
from tests.web_client import app_in_process, fetch

CASE = json.loads(
    (
        Path(__file__).parent / "cases" / "json" / "valid" / "nxt1980i-china-after-extension.json"
    ).read_text()
)
FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(
    sorted(
        {name for fields in FIELDS.values() for name in fields}
        | {"@context", "@id", "@type", "@graph"}
    )
)
# Case-shaped documents: the documented field names with values of any kind, and the valid case
# with one field replaced, so the mapper gets past its first check.
case_like = st.dictionaries(field_names, json_values, max_size=6) | st.builds(
    lambda name, value: {**CASE, name: value}, field_names, json_values
)


def _leaks(body: bytes, sent: str) -> list[str]:
    """Machine paths or a trace in a response that the request did not itself contain."""
    text = body.decode("utf-8", "replace")
    return [m for m in MACHINE_PATHS.findall(text) if m not in sent]


@pytest.fixture(scope="module")
def server():
    """The application with a 5 s time limit, answered in this process (Flask's test client):
    what is fuzzed is what the application answers, which needs no socket."""
    with app_in_process({"query_timeout": "5"}) as url:
        yield url


@FAST
@given(case_like | json_values)
def test_the_json_case_mapper_raises_only_input_errors(document):
    try:
        json_to_jsonld(document, "fuzzed")
    except InputError as exc:
        assert not MACHINE_PATHS.search(str(exc))
    try:
        read_case_text(json.dumps(document), "json", "fuzzed")
    except InputError as exc:
        assert not MACHINE_PATHS.search(str(exc))


def _ok(status: int, body: bytes, sent: str) -> None:
    assert status < 500 or json.loads(body)["error"] in ("query-timeout", "busy"), body[:300]
    assert _leaks(body, sent) == [], body[:300]


@FAST
@given(
    body=st.one_of(
        case_like.map(lambda d: json.dumps(d).encode()),
        json_values.map(lambda d: json.dumps(d).encode()),
        st.binary(max_size=200),
        st.text(max_size=200).map(str.encode),
    ),
    content_type=st.sampled_from(
        [
            "application/json",
            "application/ld+json",
            "text/turtle",
            "text/plain",
            "",
            "multipart/form-data",
        ]
    ),
    accept=st.sampled_from(["application/json", "text/html", "text/turtle", "*/*"]),
)
def test_post_validate_never_fails_with_500(server, body, content_type, accept):
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    status, _, answer = fetch(server + "validate", data=body, headers=headers)
    _ok(status, answer, body.decode("utf-8", "replace"))


sparql_fragments = st.lists(
    st.sampled_from(
        [
            "SELECT",
            "ASK",
            "CONSTRUCT",
            "DESCRIBE",
            "*",
            "?s",
            "?p",
            "?o",
            "WHERE",
            "{",
            "}",
            "(",
            ")",
            ".",
            "FILTER",
            "regex(",
            '"a"',
            "<urn:x>",
            "GRAPH",
            "FROM",
            "NAMED",
            "LIMIT",
            "1",
            "OPTIONAL",
            "UNION",
            "VALUES",
            "BIND",
            "AS",
            "COUNT(*)",
            "GROUP BY",
            "ORDER BY",
            "PREFIX",
            "exg:",
            "SERVICE",
            "LOAD",
            "INSERT DATA",
            "\\",
            "'",
            "#",
            "\u00e9",
            "\x00",
        ]
    ),
    max_size=12,
).map(" ".join)
parameter_names = st.sampled_from(
    ["query", "default-graph-uri", "named-graph-uri", "format", "as_of", "update", "output"]
)


@FAST
@given(
    params=st.lists(
        st.tuples(parameter_names, sparql_fragments | st.text(max_size=30)), max_size=5
    ),
    method=st.sampled_from(["GET", "POST"]),
    accept=st.sampled_from(
        ["", "application/sparql-results+json", "text/html", "text/csv", "*/*;q=x"]
    ),
)
def test_sparql_parameters_never_fail_with_500(server, params, method, accept):
    encoded = urllib.parse.urlencode(params)
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        status, _, body = fetch(server + "sparql?" + encoded, headers=headers)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, _, body = fetch(server + "sparql", data=encoded.encode(), headers=headers)
    _ok(status, body, json.dumps(params) + str(params))


@FAST
@given(
    params=st.dictionaries(
        st.sampled_from(["item", "destination", "date", "origin", "format", "lang"]),
        st.text(max_size=20)
        | st.sampled_from(["NXT:1980i", "CHN", "2024-09-10", "nl/3B001.f.4", "json"]),
        max_size=6,
    ),
    accept=st.sampled_from(["application/json", "text/html"]),
)
def test_the_licence_check_never_fails_with_500(server, params, accept):
    status, _, body = fetch(
        server + "licence-check?" + urllib.parse.urlencode(params), headers={"Accept": accept}
    )
    _ok(status, body, str(params))
