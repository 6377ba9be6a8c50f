"""Issue 16, item 1: the compilation's codes as identifiers of their own (a concordance).

The fault: the official compilation of national control lists (C/2023/441) gives the listed
items codes of its own, different from the national codes (CL-63: the Dutch EUV pellicles
item is 3B1001.l there, national 3B001.l; 3B1001.m, issued by the Netherlands; the Spanish
item 1B1901), but the graph held them only in a description: no search found 3B1001.l, the
licence check called it bad input without saying what it is, the national entry's page did
not show it, and nothing paired national and compilation codes.

What the facts allow: 3B1001.l is the national 3B001.l because the compilation describes it
as EUV pellicles (CL-63) and the Dutch list's EUV pellicles entry is 3B001.l (NL-31).
3B1001.m's description was not read, so it is linked to no national entry, however alike the
suffixes look; 1B1901 neither (the Spanish entries are not in the graph). No fact says which
Annex I entry holds any of these items (EU-67, EU-68 unresolved).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.endpoint.saved_queries import run_saved_query
from exportgraph.errors import InputError
from exportgraph.law.licence import check_licence
from exportgraph.publish.search import search
from exportgraph.publish.summary import summarize
from exportgraph.store.embedded import open_store

EXR = "https://w3id.org/exportgraph/id/"
EXG = "https://w3id.org/exportgraph/ontology#"
COMPILATION = EXR + "law/eu-compilation-c-2023-441"
DUTCH_LIST = EXR + "list/nl-semiconductor-equipment"
SPANISH_LIST = EXR + "list/es-national-list"
PELLICLES_NL = EXR + "entry/nl/3B001.l"
PELLICLES_CE = EXR + "compilation-entry/c-2023-441/3B1001.l"
DUTCH_M_CE = EXR + "compilation-entry/c-2023-441/3B1001.m"
SPANISH_CE = EXR + "compilation-entry/c-2023-441/1B1901"
# NL-27..NL-33: the codes of the Dutch list of 2023 that the compilation published (CL-61).
DUTCH_CODES = {"3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"}
NEW_TERMS = ("CompilationEntry", "inCompilation", "nationalList", "nationalEntry", "annexIEntry")
PREFIXES = f"PREFIX exg: <{EXG}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture(scope="module")
def store():
    return open_store()


def select(store, query: str) -> list[dict[str, str]]:
    rows = store.query(PREFIXES + query).rows
    return [{k: v.value for k, v in row.items()} for row in rows]


def test_the_three_compilation_codes_are_compilation_entries_of_c_2023_441(store):
    rows = select(
        store,
        "SELECT ?e ?code ?in ?list WHERE { ?e a exg:CompilationEntry ; exg:code ?code ;"
        " exg:inCompilation ?in ; exg:nationalList ?list }",
    )
    # CL-63 (codes and issuing states), CL-61 (one Dutch and one Spanish list in C/2023/441).
    assert {(r["code"], r["in"], r["list"]) for r in rows} == {
        ("3B1001.l", COMPILATION, DUTCH_LIST),
        ("3B1001.m", COMPILATION, DUTCH_LIST),
        ("1B1901", COMPILATION, SPANISH_LIST),
    }


def test_a_compilation_code_is_no_control_entry_and_no_national_code(store):
    # CL-63: "model compilation codes as a separate identifier from the national code".
    holders = select(store, 'SELECT ?e ?t WHERE { ?e exg:code "3B1001.l" ; a ?t }')
    assert holders == [{"e": PELLICLES_CE, "t": EXG + "CompilationEntry"}]
    assert not select(
        store,
        "SELECT ?e WHERE { ?e a exg:ControlEntry ; exg:code ?c"
        ' FILTER(?c IN ("3B1001.l", "3B1001.m", "1B1901")) }',
    )
    assert not select(store, "SELECT ?e WHERE { ?e a exg:CompilationEntry ; skos:inScheme ?l }")
    assert select(store, f"SELECT ?c WHERE {{ <{PELLICLES_NL}> exg:code ?c }}") == [
        {"c": "3B001.l"}
    ]


def test_only_the_pellicles_entry_is_linked_to_its_national_entry(store):
    rows = select(store, "SELECT ?e ?n WHERE { ?e exg:nationalEntry ?n }")
    # CL-63 (3B1001.l: EUV pellicles) with NL-31 (national 3B001.l: EUV pellicles); nothing
    # read says which national entries 3B1001.m and 1B1901 are.
    assert rows == [{"e": PELLICLES_CE, "n": PELLICLES_NL}]
    evidence = select(store, f"SELECT ?f WHERE {{ <{PELLICLES_CE}> exg:evidence ?f }}")
    assert {EXR + "fact/CL-63", EXR + "fact/NL-31"} <= {r["f"] for r in evidence}
    for unlinked in (DUTCH_M_CE, SPANISH_CE):
        notes = select(store, f"SELECT ?n WHERE {{ <{unlinked}> exg:statusNote ?n }}")
        assert notes and "not read" in notes[0]["n"]


def test_no_annex_i_entry_is_asserted_for_a_compilation_entry(store):
    # EU-67/EU-68: which Annex I entry of 2025/2003 holds a national item was not read. The
    # property is declared (the concordance's Annex I column) and says why it is unused.
    definition = select(
        store, 'SELECT ?d WHERE { exg:annexIEntry skos:definition ?d FILTER(LANG(?d) = "en") }'
    )
    assert "EU-68" in definition[0]["d"]
    assert not select(store, "SELECT ?e WHERE { ?e exg:annexIEntry ?a }")


def test_the_new_terms_are_declared_in_two_languages_with_their_sources(store):
    for name in NEW_TERMS:
        rows = select(
            store,
            f"SELECT ?p ?o WHERE {{ exg:{name} ?p ?o }}",
        )
        have = {(r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for r in rows}
        assert {"label", "definition", "isDefinedBy", "source"} <= have, name
        for prop in ("rdfs:label", "skos:definition"):
            langs = select(
                store,
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                f"SELECT (LANG(?v) AS ?l) WHERE {{ exg:{name} {prop} ?v }}",
            )
            assert {r["l"] for r in langs} == {"en", "nl"}, (name, prop)
    # A compilation entry can never be taken for a control entry, even by a reasoner.
    disjoint = select(
        store,
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "SELECT ?d WHERE { ?d a owl:AllDisjointClasses ; owl:members ?m ."
        " ?m rdf:rest*/rdf:first exg:CompilationEntry ."
        " ?m rdf:rest*/rdf:first exg:ControlEntry }",
    )
    assert disjoint


def test_licence_check_answers_a_compilation_code_as_its_national_entry(store):
    on = date(2024, 1, 1)
    by_compilation = check_licence(store, "3B1001.l", "CHN", on)
    by_national = check_licence(store, "3B001.l", "CHN", on)
    assert by_compilation.item.iri == PELLICLES_NL
    assert by_compilation.required is by_national.required is True  # NL-13, NL-16, NL-31
    assert "C/2023/441" in by_compilation.item.note and "3B001.l" in by_compilation.item.note
    assert by_national.item.note == ""


def test_licence_check_cli_shows_how_the_compilation_code_was_read():
    runner = CliRunner()
    args = ["licence-check", "--item", "3b1001.L", "--destination", "CHN", "--date", "2024-01-01"]
    text = runner.invoke(main, args)
    assert text.exit_code == 0, text.output
    assert "asked as:" in text.output and "C/2023/441" in text.output
    result = runner.invoke(main, [*args, "--format", "json"])
    answer = json.loads(result.output)
    assert answer["item"]["iri"] == PELLICLES_NL
    assert "C/2023/441" in answer["item"]["note"]


def test_licence_check_web_page_and_json_carry_the_note(client):
    query = "/licence-check?item=3B1001.l&destination=CHN&date=2024-01-01"
    page = client.get(query, headers={"Accept": "text/html"}).get_data(as_text=True)
    start = page.index('<p class="note" lang="en">')
    assert "C/2023/441" in page[start : page.index("</p>", start)]
    answer = client.get(query, headers={"Accept": "application/json"}).get_json()
    assert answer["item"]["iri"] == PELLICLES_NL and answer["required"] is True
    assert "C/2023/441" in answer["item"]["note"]


@pytest.mark.parametrize("code", ["3B1001.m", "1B1901"])
def test_a_compilation_code_without_a_known_national_entry_is_refused_saying_why(store, code):
    with pytest.raises(InputError) as raised:
        check_licence(store, code, "CHN", date(2024, 1, 1))
    message = str(raised.value)
    assert "C/2023/441" in message and "does not know which national entry" in message
    if code == "3B1001.m":
        # Near matches are the Dutch list's codes, all of them: no single guess.
        assert set(raised.value.near_matches) == DUTCH_CODES


def test_licence_check_cli_refuses_3b1001m_with_exit_2_and_a_json_error():
    args = ["licence-check", "--item", "3B1001.m", "--destination", "CHN", "--date", "2024-01-01"]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["error"] == "bad-input" and "3B001.m" in error["near_matches"]
    assert "is a code of" in error["message"] and "C/2023/441" in error["message"]


def test_search_finds_the_compilation_codes(store):
    hits = search(store, "3B1001.l").hits
    assert hits[0].iri == PELLICLES_CE and hits[0].kind == "code"
    found = {hit.iri for hit in search(store, "3b1001").hits}
    assert {PELLICLES_CE, DUTCH_M_CE} <= found
    assert search(store, "1B1901").hits[0].iri == SPANISH_CE


def test_the_national_entry_page_shows_its_compilation_code(client):
    page = client.get("/id/entry/nl/3B001.l.html").get_data(as_text=True)
    start = page.index('id="compilation-codes"')
    line = page[start : page.index("</p>", start)]
    assert "3B1001.l" in line and "C/2023/441" in line
    dutch = client.get("/id/entry/nl/3B001.l.html?lang=nl").get_data(as_text=True)
    assert "Code in de compilatie" in dutch
    # 3B001.m has no compilation code the graph knows (3B1001.m is not linked to it).
    assert 'id="compilation-codes"' not in client.get("/id/entry/nl/3B001.m.html").get_data(
        as_text=True
    )


def test_class_counts_keep_compilation_entries_apart(store):
    summary = summarize(store)
    classes = {row.iri.rsplit("#", 1)[-1]: row.count for row in summary.classes}
    on_lists = select(
        store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a exg:ControlEntry ; skos:inScheme ?l }",
    )
    assert classes["CompilationEntry"] == 3  # CL-63: the three codes read
    # Every control entry is on a list; compilation entries add none.
    assert classes["ControlEntry"] == int(on_lists[0]["n"])
    lists = {row.iri: row.count for row in summary.lists}
    assert lists[DUTCH_LIST] == len(DUTCH_CODES)


def test_the_concordance_query_pairs_codes_only_where_a_fact_does(store):
    values = {"compilation": "exr:law/eu-compilation-c-2023-441"}
    answer = run_saved_query(store, "compilation-concordance", values)
    rows = [{k: v.value for k, v in row.items()} for row in answer.rows]
    pairs = {(r.get("nationalCode"), r.get("compilationCode")) for r in rows}
    assert ("3B001.l", "3B1001.l") in pairs
    assert (None, "3B1001.m") in pairs and (None, "1B1901") in pairs
    # The other Dutch entries of the published list: compilation codes not read (CL-63).
    unpaired = {national for national, compiled in pairs if compiled is None}
    assert unpaired == DUTCH_CODES - {"3B001.l"}
    assert len(rows) == 9
    assert not any(r.get("annexIEntry") for r in rows)  # EU-68
