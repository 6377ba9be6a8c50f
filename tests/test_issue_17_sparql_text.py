"""Issue 17: SPARQL text was read by several hand-written lexers, each wrong somewhere.

Faults, each found in the old code and now read by exportgraph.sparql.text:
- the guard read `ex:a\\#b` (an escaped '#' in a prefixed name) as `ex:a\\` and a comment to
  the end of the line, so a SERVICE later on that line was never seen (and so never refused);
- the embedded store's bind_values took the closing quote of `"\\\\"` (a string ending in an
  escaped backslash) for an escaped quote and found no WHERE group;
- the set-wise engine renamed `?b` inside a string of a law function's body (a regex);
- the remote store took a `PREFIX ex:` inside a string for a declaration and left ex: undeclared;
- known-fast counted the variable ?now and the string "NOW" as the function NOW().
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal

from exportgraph.cases.setwise import inline_functions
from exportgraph.endpoint.known_fast import repeatable
from exportgraph.sparql.guard import QueryRefusedError, check_query
from exportgraph.store.embedded import EmbeddedStore
from exportgraph.store.remote import with_prologue

HIDDEN_SERVICE = (
    "PREFIX ex: <http://example.org/>\n"
    "SELECT * WHERE { ?s ?p ex:a\\#b . SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"
)


def test_an_escaped_hash_in_a_local_name_does_not_hide_a_service():
    with pytest.raises(QueryRefusedError, match="evil.example"):
        check_query(HIDDEN_SERVICE, allowed_endpoints=(), local_graphs=())


def test_the_engine_reads_past_the_escaped_hash():
    # The engine parses the query (on an empty store the SERVICE is never reached); had the
    # '#' begun a comment, the group would be left open and the query would not parse.
    assert list(ox.Store().query(HIDDEN_SERVICE)) == []
    with pytest.raises(SyntaxError):
        ox.Store().query(HIDDEN_SERVICE.replace("\\#", "#"))


def test_values_bind_after_a_string_ending_in_an_escaped_backslash():
    query = 'SELECT ?x ("\\\\" AS ?y) WHERE {}'
    answer = EmbeddedStore().query(query, bindings={"x": Literal("bound")})
    assert [row["x"].value for row in answer.rows] == ["bound"]
    assert [row["y"].value for row in answer.rows] == ["\\"]


def test_inlining_a_function_leaves_its_strings_alone():
    functions = {"f": (["r"], 'FILTER(REGEX(STR($r), "^a?b")) ?r2 ?p ?x')}
    inlined = inline_functions("FILTER(exgsh:f(?item))", functions)
    assert inlined == 'FILTER(EXISTS { FILTER(REGEX(STR(?item), "^a?b")) ?r2_f1 ?p_f1 ?x_f1 })'


def test_a_prefix_named_in_a_string_is_still_declared():
    query = 'SELECT * WHERE { ?s ex:p "PREFIX ex: <http://x/>" }'
    assert with_prologue(query, {"ex": "http://example.org/"}).startswith(
        "PREFIX ex: <http://example.org/>\n"
    )


def test_a_variable_or_string_named_now_is_not_the_function():
    assert repeatable('SELECT ?now WHERE { BIND("NOW" AS ?now) }')
    assert not repeatable("SELECT (NOW() AS ?t) WHERE {}")
    assert not repeatable("SELECT * WHERE { SERVICE <http://e.org/s> { ?s ?p ?o } }")
