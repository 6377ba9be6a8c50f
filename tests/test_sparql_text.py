"""The one SPARQL tokenizer (exportgraph.sparql.text): escapes, comments, and every query we hold.

Every saved question in queries/, every SHACL-SPARQL text of the shapes and every query text
written in the tests is tokenized: the tokens with the white space between them give the text
back, and a text the engine parses has no stray character, balanced braces, and still parses
after a VALUES block is put into its WHERE group.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from exportgraph.errors import QueryError
from exportgraph.sparql.text import (
    ask_as_select,
    declared_prefixes,
    expand,
    group_body,
    group_end,
    insert_at_group_start,
    select_clause,
    substitute,
    tokenize,
    where_group_start,
    words,
    write_iri,
    write_string,
)

ROOT = Path(__file__).resolve().parents[1]
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def kinds(text):
    return [(t.kind, t.text) for t in tokenize(text)]


def test_a_quote_after_an_escaped_backslash_ends_the_string():
    assert kinds(r'"a\\" SERVICE') == [("string", r'"a\\"'), ("word", "SERVICE")]
    assert kinds(r"'\\' ?x") == [("string", r"'\\'"), ("var", "?x")]


def test_an_escaped_quote_does_not_end_the_string():
    assert kinds(r'"say \"hi\" # not a comment" ?x') == [
        ("string", r'"say \"hi\" # not a comment"'),
        ("var", "?x"),
    ]


def test_long_strings_hold_quotes_and_line_breaks():
    text = '"""a "quoted" ""pair"" \n # still text""" ?x \'\'\'it\'s\'\'\''
    assert kinds(text) == [
        ("string", '"""a "quoted" ""pair"" \n # still text"""'),
        ("var", "?x"),
        ("string", "'''it's'''"),
    ]


def test_hash_in_an_iri_or_a_string_is_not_a_comment():
    assert kinds('<http://e.org/x#a> "#b" ?c # d') == [
        ("iri", "<http://e.org/x#a>"),
        ("string", '"#b"'),
        ("var", "?c"),
    ]


def test_comments_run_to_the_end_of_the_line():
    text = "?a # SERVICE <x> {\r\n?b"
    assert kinds(text) == [("var", "?a"), ("var", "?b")]
    assert [t.kind for t in tokenize(text, comments=True)] == ["var", "comment", "var"]


@pytest.mark.parametrize(
    "name", [r"ex:a\#b", r"ex:a\.b", r"ex:p%2Fq", r"ex:a\'b", "ex:", ":local", "ex:a.b", "ex:1a"]
)
def test_escaped_and_unusual_local_names_are_one_prefixed_name(name):
    assert kinds(f"{name} ?x") == [("pname", name), ("var", "?x")]


def test_a_local_name_does_not_take_the_full_stop_that_ends_a_triple():
    assert kinds("?s ex:p ex:o.") == [
        ("var", "?s"),
        ("pname", "ex:p"),
        ("pname", "ex:o"),
        ("punct", "."),
    ]


def test_literals_numbers_and_operators():
    text = '"x"@en-GB "1"^^xsd:int 1.5e3 .5 12 _:b1 ?a<=?b && !BOUND($c)'
    assert kinds(text) == [
        ("string", '"x"'),
        ("langtag", "@en-GB"),
        ("string", '"1"'),
        ("punct", "^^"),
        ("pname", "xsd:int"),
        ("number", "1.5e3"),
        ("number", ".5"),
        ("number", "12"),
        ("bnode", "_:b1"),
        ("var", "?a"),
        ("punct", "<="),
        ("var", "?b"),
        ("punct", "&&"),
        ("punct", "!"),
        ("word", "BOUND"),
        ("punct", "("),
        ("var", "$c"),
        ("punct", ")"),
    ]


def test_an_unclosed_quote_is_a_stray_character_and_the_rest_is_still_read():
    assert kinds('"abc SERVICE <x>') == [
        ("other", '"'),
        ("word", "abc"),
        ("word", "SERVICE"),
        ("iri", "<x>"),
    ]


def test_offsets_point_at_the_token():
    text = 'SELECT ?x WHERE { ?x ex:p "a\\"b" }'
    assert all(text[t.start : t.end] == t.text for t in tokenize(text))


def test_helpers():
    query = 'PREFIX ex: <http://e.org/> SELECT DISTINCT ?a ?b WHERE { ?a ex:p\\/q "?b" . }'
    assert declared_prefixes(query) == {"ex": "http://e.org/"}
    pname = next(t for t in tokenize(query) if t.text == "ex:p\\/q")
    assert expand(pname, declared_prefixes(query)) == "http://e.org/p/q"
    assert [t.text for t in select_clause(query)] == ["DISTINCT", "?a", "?b"]
    assert substitute(query, {"b": "<http://e.org/b>"}).endswith('WHERE { ?a ex:p\\/q "?b" . }')
    assert "?b WHERE" not in substitute(query, {"b": "1"})
    assert words('SELECT * { ?s ?p "NOW" }') == {"SELECT"}
    assert write_string('a "b" \\ \n') == '"a \\"b\\" \\\\ \\n"'
    assert write_iri("http://e.org/a#b") == "<http://e.org/a#b>"
    with pytest.raises(QueryError):
        write_iri("http://e.org/> } SERVICE <http://evil/")


def test_the_where_group_skips_a_construct_template():
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert where_group_start(query) == query.index("{", query.index("WHERE"))
    assert where_group_start("CONSTRUCT WHERE { ?s ?p ?o }") == 16
    opening = query.index("{")
    assert group_end(query, opening) == query.index("}")
    assert group_body("ASK { ?s ?p '}' }") == " ?s ?p '}' "
    with pytest.raises(QueryError):
        where_group_start("DESCRIBE <http://e.org/x>")


def test_ask_as_select_keeps_the_prologue_and_the_pattern():
    ask = "PREFIX ex: <http://e.org/>\nASK { ?r ex:p ?o }"
    assert ask_as_select(ask, "DISTINCT ?r", first="?r a ex:C . ") == (
        "PREFIX ex: <http://e.org/>\nSELECT DISTINCT ?r WHERE { ?r a ex:C .  ?r ex:p ?o }"
    )
    with pytest.raises(QueryError):
        ask_as_select("SELECT * { }", "?r")


def _texts_in_tests() -> list[str]:
    """Every string constant of the test modules that reads as a query (a form and a group)."""
    found = []
    for path in sorted(ROOT.glob("tests/**/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if "{" in text and any(form in text.upper() for form in FORMS):
                    found.append(text)
    return found


def _texts_in_shapes() -> list[str]:
    texts = []
    for path in sorted(ROOT.glob("shapes/*.ttl")):
        graph = Graph().parse(path)
        texts += [str(o) for o in graph.objects(None, SH.select)]
        texts += [str(o) for o in graph.objects(None, SH.ask)]
    return texts


QUERIES = sorted(path.read_text(encoding="utf-8") for path in ROOT.glob("queries/*.rq"))


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """The saved questions, the shapes' queries and the queries of the tests. Read when a test
    asks, not as the module is collected: every test process collects it, even when it runs
    none of these tests."""
    return QUERIES + _texts_in_shapes() + _texts_in_tests()


# The prefixes the engine gives saved questions and shapes' texts without a declaration.
PREFIXES = {
    "exg": "https://w3id.org/exportgraph/ontology#",
    "exr": "https://w3id.org/exportgraph/id/",
    "exgsh": "https://w3id.org/exportgraph/shapes#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
    "ex": "http://example.org/",
}


def _parses(text: str) -> bool:
    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError:
        return False
    except Exception:  # a SERVICE call or the like fails later: it did parse
        return True
    return True


def test_the_corpus_is_large(corpus):
    assert len(QUERIES) >= 20
    assert len(corpus) >= 150


def test_every_query_we_hold_reads_back_whole(corpus):
    for text in corpus:
        tokens = list(tokenize(text, comments=True))
        last = 0
        for token in tokens:
            assert text[last : token.start].strip() == "", (text, token)
            last = token.end
        assert text[last:].strip() == "", text


def test_every_query_the_engine_parses_is_read_as_the_engine_reads_it(corpus):
    parsed = 0
    for text in corpus:
        if text.lstrip().upper().startswith(("INSERT", "DELETE")) or not _parses(text):
            continue
        parsed += 1
        tokens = list(tokenize(text))
        assert not [t for t in tokens if t.kind == "other"], text
        assert sum(t.text == "{" for t in tokens) == sum(t.text == "}" for t in tokens), text
        at = next(i for i, t in enumerate(tokens) if t.word in FORMS)
        form, following = tokens[at].word, tokens[at + 1].word if at + 1 < len(tokens) else ""
        # CONSTRUCT WHERE { triples } holds triples only; a DESCRIBE may have no group
        short = (form, following) == ("CONSTRUCT", "WHERE")
        if not short and (form != "DESCRIBE" or any(t.text == "{" for t in tokens)):
            bound = insert_at_group_start(text, "VALUES ?unused_by_any_query { 1 }")
            assert _parses(bound), bound
    assert parsed >= 100
