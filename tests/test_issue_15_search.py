"""Issue 15 item 9: search results a person can narrow and trust.

Faults: /search offered no way to keep one type of result among many; a code's letter
matched any word it begins ("3B001.f.4" also found 3B001.a.4, its `f` matching "for");
and "nxt:2000i" found the model only through its IRI's last part, not its name.
"""

from __future__ import annotations

from urllib.parse import quote

ONTOLOGY = "https://w3id.org/exportgraph/ontology#"
MODEL = "https://w3id.org/exportgraph/id/model/asml-twinscan-nxt-2000i"
ENTRY = "https://w3id.org/exportgraph/id/entry/nl/3B001.f.4"


def _json(client, query: str, **extra: str) -> dict:
    response = client.get(
        "/search", query_string={"q": query, **extra}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    return response.get_json()


def test_a_code_lists_its_entry_alone_not_entries_whose_words_begin_with_its_letters(client):
    answer = _json(client, "3B001.f.4")
    assert answer["hits"][0]["iri"] == ENTRY
    assert "https://w3id.org/exportgraph/id/entry/nl/3B001.a.4" not in [
        hit["iri"] for hit in answer["hits"]
    ]


def test_a_model_number_finds_the_model_first_by_its_name(client):
    for query in ("nxt:2000i", "NXT:2000i"):
        first = _json(client, query)["hits"][0]
        assert first["iri"] == MODEL
        assert first["matched"] == "ASML TWINSCAN NXT:2000i"


def test_the_type_filter_counts_each_type_and_keeps_only_the_chosen_one(client):
    everything = _json(client, "lithography")
    assert len(everything["types"]) > 1
    for kind in everything["types"]:
        narrowed = _json(client, "lithography", of=kind["iri"])
        assert narrowed["total"] == kind["count"]
        assert narrowed["hits"]
        assert all(kind["label"] in hit["types"] for hit in narrowed["hits"])
    entries = _json(client, "lithography", of=ONTOLOGY + "ControlEntry")
    assert entries["total"] < everything["total"]
    assert all(hit["types"] == ["Control entry"] for hit in entries["hits"])


def test_the_search_page_links_each_type_with_its_count_in_english_and_dutch(client):
    english = client.get("/search?q=lithography&lang=en").get_data(as_text=True)
    assert "Show only" in english
    assert "All types" in english
    assert f"of={quote(ONTOLOGY + 'ControlEntry', safe=':/')}" in english
    assert "Control entry (1)" in english
    dutch = client.get("/search?q=lithography&lang=nl").get_data(as_text=True)
    assert "Toon alleen" in dutch and "Alle soorten" in dutch
    assert "Controlepost (1)" in dutch


def test_the_chosen_type_is_marked_and_the_others_dropped_from_the_table(client):
    page = client.get(
        "/search", query_string={"q": "lithography", "of": ONTOLOGY + "ControlEntry", "lang": "en"}
    ).get_data(as_text=True)
    assert '<strong aria-current="page">Control entry (1)</strong>' in page
    table = page[page.index('<table class="hits">') :]
    assert "Technology area" not in table
