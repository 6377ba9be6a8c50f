"""As of a date through every door: /sparql, the query page and the CLI.

Expected models come from the fact sheet: NXT:2000i, 2050i and 2100i under the Regeling from
1 September 2023 (EQ-01); NXT:1970i and 1980i under BZ2404162 from 7 September 2024 (EQ-03, NL-40).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from tests.web_client import request

COVERED = "SELECT ?model WHERE { ?coverage exg:coveredModel ?model }"
PREFIXED = "PREFIX exg: <https://w3id.org/exportgraph/ontology#>\n" + COVERED
R = "https://w3id.org/exportgraph/id/model/"
REGELING_MODELS = {
    R + m for m in ("asml-twinscan-nxt-2000i", "asml-twinscan-nxt-2050i", "asml-twinscan-nxt-2100i")
}
EXTENSION_MODELS = {R + "asml-twinscan-nxt-1970i", R + "asml-twinscan-nxt-1980i"}


def get(url: str):
    status, headers, body, _ = request(url)
    return status, headers, body


def sparql_models(base: str, as_of: str) -> tuple[set[str], str]:
    query = urllib.parse.urlencode({"query": PREFIXED, "as_of": as_of})
    status, headers, body = get(base + "sparql?" + query)
    assert status == 200, body
    rows = json.loads(body)["results"]["bindings"]
    return {row["model"]["value"] for row in rows}, headers.get("Exportgraph-As-Of", "")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-08-31", set()),
        ("2023-09-01", REGELING_MODELS),
        ("2024-09-06", REGELING_MODELS),
        ("2024-09-07", REGELING_MODELS | EXTENSION_MODELS),
    ],
)
def test_sparql_answers_for_the_date_asked(site, as_of, expected):
    models, header = sparql_models(site, as_of)
    assert models == expected
    assert header.startswith(as_of)


def test_without_a_date_the_published_graph_answers(site):
    status, headers, body = get(site + "sparql?" + urllib.parse.urlencode({"query": PREFIXED}))
    assert status == 200
    assert "Exportgraph-As-Of" not in headers
    assert {
        b["model"]["value"] for b in json.loads(body)["results"]["bindings"]
    } >= EXTENSION_MODELS


def test_a_bad_date_is_a_400_naming_the_parameter(site):
    query = urllib.parse.urlencode({"query": PREFIXED, "as_of": "2024-02-30"})
    status, _, body = get(site + "sparql?" + query)
    assert status == 400
    assert "as_of" in json.loads(body)["message"]


def test_the_query_page_says_which_date_it_answers_for(site):
    query = urllib.parse.urlencode({"query": PREFIXED, "as_of": "2024-09-06"})
    status, _, body = get(site + "query?" + query)
    page = body.decode("utf-8")
    assert status == 200
    assert "the law as of 2024-09-06" in page
    assert 'name="as_of"' in page
    assert "nxt-1980i" not in page.split('id="results"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("as_of", "present"), [("2024-09-06", False), ("2024-09-07", True)])
def test_cli_sparql_as_of(as_of, present):
    result = CliRunner().invoke(main, ["sparql", "--as-of", as_of, "--format", "csv", COVERED])
    assert result.exit_code == 0, result.output
    assert ("asml-twinscan-nxt-1980i" in result.stdout) is present
    assert f"as of {as_of}" in result.stderr


def test_cli_as_of_rejects_a_bad_date():
    result = CliRunner().invoke(main, ["sparql", "--as-of", "7 Sept 2024", COVERED])
    assert result.exit_code == 2
    assert "--as-of" in result.output
