"""Issue 16, item 2: answers that say what changed on 15 November 2025 and what that means.

The fault: on a date after Delegated Regulation (EU) 2025/2003 entered into force (EU-40,
EU-61) an item of the Dutch national list answered as if nothing had happened, although
2025/2003 put lithography and other semiconductor equipment into Annex I (EU-41, EU-64) and a
national list may control only items outside Annex I (Art. 9(1), EU-15; Art. 4 Besluit
strategische goederen, NL-47, NL-66). And NXT:2000i answered "yes, under the Regeling of
2023" after 7 September 2024 while the entry of its technology (3B001.f.4) was unknown from
then (BZ2404162 replaced the annex, NL-38; its codes were not read, NL-45).

Now the answer is unknown (required null, CLI exit 3) with the caveat the graph states
(exg:AnnexIOverlap, reason code annex-i-overlap-unknown): what is known, what cannot be read
(EU-44, EU-68, NL-60 are unresolved) and both readings; and the licence check, the as-of
view, the resource pages, the saved query and the diff tell the same story. The dates looped
over come from the graph, not from this file.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.endpoint.saved_queries import run_saved_query
from exportgraph.law.as_of import view_as_of
from exportgraph.law.licence import REASONS, LicenceAnswer, check_licence
from exportgraph.law.lineage import diff_list, history
from exportgraph.law.overlap import REASON_CODE
from exportgraph.store.embedded import EmbeddedStore

R = "https://w3id.org/exportgraph/id/"
EXG = "https://w3id.org/exportgraph/ontology#"
NL_LIST = R + "list/nl-semiconductor-equipment"
ACT_2025_2003 = R + "law/eu-delreg-2025-2003"  # EU-40, EU-61: in force 15 November 2025
BZ2404162 = R + "law/nl-regeling-bz2404162"  # NL-38, NL-39: applies from 7 September 2024
AFTER = date(2025, 12, 1)
DAY_BEFORE = date(2025, 11, 14)
IN_FORCE = date(2025, 11, 15)


def rows(store, sparql: str) -> list[dict[str, str]]:
    answer = store.query(sparql)
    return [{k: str(getattr(v, "value", v)) for k, v in row.items()} for row in answer.rows]


@pytest.fixture(scope="module")
def dutch_codes(store) -> list[str]:
    found = rows(
        store,
        f"""SELECT DISTINCT ?code WHERE {{
              ?m <{EXG}memberOf> <{NL_LIST}> ; <{EXG}memberEntry> ?e . ?e <{EXG}code> ?code
            }} ORDER BY ?code""",
    )
    return [r["code"] for r in found]


@pytest.fixture(scope="module")
def overlap_texts(store) -> dict[str, str]:
    """The caveat as the graph states it, in English: the answers must quote these."""
    found = rows(
        store,
        f"""SELECT ?p ?text WHERE {{
              ?o a <{EXG}AnnexIOverlap> ; <{EXG}overlapAct> <{ACT_2025_2003}> ; ?p ?text .
              FILTER(LANG(?text) = "en")
            }}""",
    )
    return {r["p"].rsplit("#", 1)[-1]: r["text"] for r in found}


def test_every_dutch_item_after_15_november_2025_is_unknown_with_the_caveat(
    store, dutch_codes, overlap_texts
):
    assert len(dutch_codes) == 7  # NL-27..NL-33: the seven codes read
    for code in dutch_codes:
        answer = check_licence(store, code, "CHN", AFTER)
        assert answer.required is None, code
        [caveat] = answer.caveats
        assert caveat.act == ACT_2025_2003
        assert caveat.known == overlap_texts["overlapKnown"]
        assert caveat.unknown == overlap_texts["overlapUnknown"]
        assert caveat.possibilities == (
            overlap_texts["ifInAnnexI"],
            overlap_texts["ifOutsideAnnexI"],
        )
        assert caveat.to_json()["code"] == REASON_CODE == "annex-i-overlap-unknown"
        assert any(caveat.unknown in m for m in answer.missing)


def test_the_caveat_rests_on_fact_nodes_of_the_graph(store, overlap_texts):
    caveat = check_licence(store, "3B001.f.4", "CHN", AFTER).caveats[0]
    # EU-40/EU-41/EU-64: 2025/2003 and what it added; EU-15, NL-47, NL-66: national controls
    # only outside Annex I; NL-13: the regeling's own scope
    assert {"EU-40", "EU-41", "EU-64", "EU-15", "NL-47", "NL-66", "NL-13"} <= set(caveat.evidence)
    facts = {r["id"] for r in rows(store, f"SELECT ?id WHERE {{ ?f <{EXG}factId> ?id }}")}
    assert set(caveat.evidence) <= facts
    # the unresolved lines are named in the text, never loaded as facts
    for unresolved in ("EU-44", "EU-68", "NL-60"):
        assert unresolved not in facts
    assert "NL-60" in overlap_texts["overlapUnknown"]
    assert "lithography" in overlap_texts["overlapKnown"]  # EU-41
    assert "only for items not listed in Annex I" in overlap_texts["overlapKnown"]  # EU-15


def test_the_answer_changes_on_15_november_2025_and_not_before(store):
    # NL-40: NXT:1980i under the licence requirement from 7 September 2024
    before = check_licence(store, "NXT:1980i", "CHN", DAY_BEFORE)
    assert before.required is True and not before.caveats
    on = check_licence(store, "NXT:1980i", "CHN", IN_FORCE)
    assert on.required is None and [c.act for c in on.caveats] == [ACT_2025_2003]
    # NL-38, NL-45: 3B001.f.4 was already unknown, for BZ2404162 alone, before 2025/2003
    entry = check_licence(store, "3B001.f.4", "CHN", DAY_BEFORE)
    assert entry.required is None and not entry.caveats
    assert len(entry.missing) == 1 and "BZ2404162" in entry.missing[0]
    # NL-31, NL-16: EUV pellicles required a licence on 1 January 2024, with no caveat
    early = check_licence(store, "3B001.l", "USA", date(2024, 1, 1))
    assert early.required is True and not early.caveats


def test_the_readings_agree_only_where_neither_reaches_the_export(store):
    # NL-19 (exports from the Netherlands) and EU-10 (Annex I: exports from the Union): an
    # export leaving the United States is reached by neither, so the answer stays "no"
    outside = check_licence(store, "3B001.f.4", "CHN", AFTER, origin="USA")
    assert outside.required is False and not outside.caveats
    assert "origin-outside-territory" in {r.code for r in outside.reasons}
    # From Belgium: not the Dutch list's territory (NL-19), but Annex I would reach it (EU-10)
    assert check_licence(store, "3B001.f.4", "CHN", date(2024, 1, 1), "BEL").required is False
    belgian = check_licence(store, "3B001.f.4", "CHN", AFTER, origin="BEL")
    assert belgian.required is None and belgian.caveats


def test_every_record_of_an_overlapping_list_names_the_act(store):
    """A record of a list the overlap names escapes the caveat only where a fact settles it
    (removedBy or applicableUntil): otherwise the licence check would answer without it."""
    escaping = rows(
        store,
        f"""SELECT ?record WHERE {{
              ?o a <{EXG}AnnexIOverlap> ; <{EXG}overlapAct> ?act ; <{EXG}overlapList> ?list .
              {{ ?record <{EXG}memberOf> ?list }}
              UNION {{ ?record <{EXG}coveredBy> ?by .
                       ?by <http://data.europa.eu/eli/ontology#amends>* ?home .
                       ?home <{EXG}establishesList> ?list }}
              FILTER NOT EXISTS {{ ?record <{EXG}continuationUnknownFrom> ?act }}
              FILTER NOT EXISTS {{ ?record <{EXG}removedBy>|<{EXG}applicableUntil> ?settled }}
            }}""",
    )
    assert escaping == []


@pytest.fixture(scope="module")
def change_dates(store) -> list[date]:
    """Every date on which the Dutch list's history records a change, with the day before."""
    days = {date.fromisoformat(e.on) for e in history(store, NL_LIST).events}
    return sorted(days | {d - timedelta(days=1) for d in days})


def model_entry_pairs(store) -> list[tuple[str, str]]:
    """Models and the entries of their technology on the list of the instrument covering them,
    added by that instrument (EQ-08 maps no model to a code; the technology area is what the
    graph states)."""
    found = rows(
        store,
        f"""SELECT DISTINCT ?model ?entry WHERE {{
              ?coverage <{EXG}coveredModel> ?model ; <{EXG}coveredBy> ?by .
              ?model <{EXG}technologyArea> ?area .
              ?membership <{EXG}addedBy> ?by ; <{EXG}memberEntry> ?entry .
              ?entry <{EXG}controlsTechnology> ?area
            }} ORDER BY ?model ?entry""",
    )
    return [(r["model"], r["entry"]) for r in found]


def test_a_model_and_the_entry_of_its_technology_answer_alike_on_every_change_date(
    store, change_dates
):
    pairs = model_entry_pairs(store)
    assert (R + "model/asml-twinscan-nxt-2000i", R + "entry/nl/3B001.f.4") in pairs  # NL-30
    assert IN_FORCE in change_dates and date(2024, 9, 7) in change_dates  # EU-40, NL-39
    answers: dict[tuple[str, date], LicenceAnswer] = {}

    def answer(item: str, on: date) -> LicenceAnswer:
        if (item, on) not in answers:
            answers[item, on] = check_licence(store, item, "CHN", on)
        return answers[item, on]

    for on in change_dates:
        for model, entry in pairs:
            by_model, by_entry = answer(model, on), answer(entry, on)
            assert by_model.required is by_entry.required, (model, entry, on)
            assert {c.iri for c in by_model.caveats} == {c.iri for c in by_entry.caveats}
            assert not by_model.notes, (model, on)


def without(store, subject: str, predicate: str, obj: str) -> EmbeddedStore:
    """A copy of the store without one triple, as an editor's change to the data would be."""
    copy = EmbeddedStore()
    copy.add_triples(
        t
        for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
        if (t.subject.value, t.predicate.value, getattr(t.object, "value", None))
        != (subject, predicate, obj)
    )
    return copy


def test_where_a_model_and_its_entry_differ_the_answer_says_why(store):
    coverage = R + "coverage/asml-twinscan-nxt-2000i/nl-regeling-2023-18212"
    edited = without(store, coverage, EXG + "continuationUnknownFrom", BZ2404162)
    answer = check_licence(edited, "NXT:2000i", "CHN", date(2025, 1, 1))
    assert answer.required is True  # the coverage alone, as before issue 16
    assert answer.notes and all("EQ-08" in n for n in answer.notes)
    assert any("3B001.f.4" in n and "'unknown'" in n and "'applies'" in n for n in answer.notes)
    assert answer.to_json()["notes"] == list(answer.notes)


def test_a_record_a_fact_has_settled_answers_without_the_caveat(store):
    """The caveat follows the data: drop the doubt from one record (as an editor would once a
    fact says which entry holds it) and that record answers on its own again."""
    coverage = R + "coverage/asml-twinscan-nxt-1980i/nl-regeling-bz2404162"
    edited = without(store, coverage, EXG + "continuationUnknownFrom", ACT_2025_2003)
    answer = check_licence(edited, "NXT:1980i", "CHN", AFTER)
    assert answer.required is True and not answer.caveats  # NL-40
    assert check_licence(edited, "3B001.f.4", "CHN", AFTER).caveats  # the others keep it


def test_nxt_2000i_is_unknown_after_bz2404162_and_says_why(store):
    # EQ-01, NL-16: covered from 1 September 2023
    assert check_licence(store, "NXT:2000i", "CHN", date(2024, 9, 6)).required is True
    # NL-38, NL-45: the annex it rests on was replaced from 7 September 2024
    answer = check_licence(store, "NXT:2000i", "CHN", date(2024, 9, 7))
    assert answer.required is None
    assert any("BZ2404162" in m for m in answer.missing)


def test_cli_exit_3_and_json_tell_the_same(store):
    runner = CliRunner()
    args = ["licence-check", "--item", "3B001.f.4", "--destination", "CHN", "--date", "2025-12-01"]
    text = runner.invoke(main, args)
    assert text.exit_code == 3
    assert f"[{REASON_CODE}]" in text.output and "2025/2003" in text.output
    assert "if an Annex I entry holds it" in text.output and "if none does" in text.output
    as_json = runner.invoke(main, [*args, "--format", "json"])
    assert as_json.exit_code == 3
    body = json.loads(as_json.output)
    core = check_licence(store, "3B001.f.4", "CHN", AFTER).to_json()
    assert body["required"] is None
    assert body["caveats"] == core["caveats"]
    before = runner.invoke(main, [*args[:-1], "2024-01-01"])
    assert before.exit_code == 0 and REASON_CODE not in before.output


def test_web_json_and_page_tell_the_same(client, store):
    query = "item=3B001.f.4&destination=CHN&date=2025-12-01"
    response = client.get(f"/licence-check?{query}&format=json")
    assert response.status_code == 200
    body = response.get_json()
    assert body["required"] is None
    [caveat] = body["caveats"]
    assert caveat["code"] == REASON_CODE and caveat["act"] == ACT_2025_2003
    assert len(caveat["possibilities"]) == 2
    assert body["caveats"] == check_licence(store, "3B001.f.4", "CHN", AFTER).to_json()["caveats"]
    page = client.get(f"/licence-check?{query}", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert REASONS[REASON_CODE] in html and "If none does" in html
    earlier = client.get("/licence-check?item=3B001.l&destination=USA&date=2024-01-01&format=json")
    assert earlier.get_json()["caveats"] == []


def test_as_of_view_and_saved_query_tell_the_same(store):
    coverage = R + "coverage/asml-twinscan-nxt-1980i/nl-regeling-bz2404162"
    membership = R + "membership/nl-semiconductor-equipment/3B001.f.4"
    assert coverage not in view_as_of(store, DAY_BEFORE).uncertain  # NL-40: it applies
    after = view_as_of(store, AFTER)
    assert {coverage, membership} <= after.uncertain
    listed = run_saved_query(
        store, "list-on-date", {"list": "exr:list/nl-semiconductor-equipment", "date": "2025-12-01"}
    ).rows
    assert listed and all(r["status"].value == "unknown" for r in listed)
    codes = {r["code"].value for r in listed}
    assert {r["code"].value for r in listed if r["doubtedBy"].value == ACT_2025_2003} == codes
    earlier = run_saved_query(
        store, "list-on-date", {"list": "exr:list/nl-semiconductor-equipment", "date": "2025-11-14"}
    ).rows
    assert earlier and all(r["doubtedBy"].value == BZ2404162 for r in earlier)


def test_the_diff_names_2025_2003(store, dutch_codes, overlap_texts):
    diff = diff_list(store, NL_LIST, date(2025, 11, 1), AFTER)
    changed = {c.record.iri: c for c in diff.changes}
    for code in dutch_codes:
        change = changed[R + f"membership/nl-semiconductor-equipment/{code}"]
        assert change.instrument.iri == ACT_2025_2003 and change.on == "2025-11-15"
        assert overlap_texts["overlapUnknown"] in change.note
    nxt_1980i = changed[R + "coverage/asml-twinscan-nxt-1980i/nl-regeling-bz2404162"]
    assert (nxt_1980i.before, nxt_1980i.after) == ("applies", "unknown")
    assert ACT_2025_2003 in {e.instrument.iri for e in diff.instruments}
    # nothing names 2025/2003 across a span before it
    earlier = diff_list(store, NL_LIST, date(2024, 9, 6), date(2024, 9, 7))
    assert all(c.instrument.iri == BZ2404162 for c in earlier.changes)


def test_resource_pages_show_the_caveat(client):
    for path in ("/id/entry/nl/3B001.f.4.html", "/id/model/asml-twinscan-nxt-2000i.html"):
        html = client.get(path + "?lang=en").get_data(as_text=True)
        assert 'id="caveat-1"' in html and "2025/2003" in html, path
        assert "If an Annex I entry now holds the item" in html
    # an Annex I entry is not under a national list's overlap
    annex_i = client.get("/id/entry/eu/3B001.html?lang=en").get_data(as_text=True)
    assert 'id="caveat-1"' not in annex_i


def test_the_reason_code_is_documented():
    from pathlib import Path

    model = (Path(__file__).parent.parent / "docs" / "model.md").read_text(encoding="utf-8")
    assert f"`{REASON_CODE}`" in model
    assert REASON_CODE in REASONS


def test_saved_queries_name_the_doubts(store):
    def answer(name, **values):
        found = run_saved_query(store, name, values).rows
        return [{k: str(getattr(v, "value", v)) for k, v in row.items()} for row in found]

    # NL-24: the Dutch codes have no Annex I entry in the graph; EU-40, EU-41: since
    # 15 November 2025 one may hold them, which the answer says with the act and its date
    national = answer("national-only-entries")
    dutch = [r for r in national if r["list"] == NL_LIST]
    assert dutch and all(r.get("annexIOverlapBy") == ACT_2025_2003 for r in dutch)
    assert {r.get("overlapFrom") for r in dutch} == {"2025-11-15"}
    # EQ-01, NL-38: the coverage of NXT:2000i is in doubt from BZ2404162 and from 2025/2003
    nxt_2000i = answer("model-coverage", model="exr:model/asml-twinscan-nxt-2000i")
    assert {r["doubtedBy"] for r in nxt_2000i} == {BZ2404162, ACT_2025_2003}


def test_the_entry_whose_code_was_not_read_carries_the_caveat_too(store):
    # NL-42, NL-45: the January 2025 amendment added metrology under a code not read; it is
    # unknown on every date, and after 15 November 2025 it names the Annex I overlap as well
    before = check_licence(store, "metrology", "CHN", DAY_BEFORE)
    assert before.required is None and not before.caveats
    after = check_licence(store, "metrology", "CHN", AFTER)
    assert after.required is None
    assert [c.act for c in after.caveats] == [ACT_2025_2003]
