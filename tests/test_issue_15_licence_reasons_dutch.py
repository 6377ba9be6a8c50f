"""Issue 15, item 3: a Dutch licence check explained itself in English.

The fault: /licence-check?lang=nl headed its sections in Dutch but gave every reason ("the
listing by ... applies only from ..."), every missing piece ("whether ... is still under ...")
and the Annex I overlap of Delegated Regulation (EU) 2025/2003 in English, marked lang="en".
law/ now keeps each explanation's template and fields (exportgraph.law.messages); the web layer
translates the template through the message catalogue and names the resources in Dutch. The
JSON answer stays English (test_issue_15_dutch_names keeps its labels English too).
"""

from __future__ import annotations

import re

import pytest

from tests.html_tree import parse

# English words of the explanations that no Dutch sentence has.
ENGLISH = re.compile(r"\b(the|which|whether|only|not yet|no longer|applies|governs)\b")

# (item, destination, date) -> the answer, a reason code or a missing piece, and Dutch it says.
CASES = {
    "required": (("NXT:2000i", "CHN", "2023-10-02"), True, None, "Vereist door"),
    "not-yet-in-force": (
        ("3B001.f.4", "CHN", "2023-01-01"),
        False,
        "not-yet-in-force",
        "is pas van toepassing vanaf 2023-09-01; op 2023-01-01 was zij nog niet van kracht",
    ),
    "not-yet-in-force (model)": (
        ("NXT:1980i", "CHN", "2024-08-01"),
        False,
        "not-yet-in-force",
        "de dekking van het model door",
    ),
    "intra-eu-transfer": (
        ("3B001.f.4", "DEU", "2024-01-01"),
        False,
        "intra-eu-transfer",
        "een overbrenging binnen de Unie is geen uitvoer",
    ),
    "unknown, 2025/2003 caveat": (
        ("3B001.l", "USA", "2026-01-01"),
        None,
        None,
        "staat niet in de graaf",
    ),
}


def check(client, item: str, destination: str, day: str, **extra: str):
    query = f"/licence-check?item={item}&destination={destination}&date={day}"
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return client.get(query, headers={"Accept": "text/html"} if "format" not in extra else {})


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_dutch_check_explains_itself_in_dutch(client, case):
    (item, destination, day), required, code, dutch = CASES[case]
    answer = check(client, item, destination, day, format="json").get_json()
    assert answer["required"] is required
    if code:
        assert code in {r["code"] for r in answer["reasons"]}
    english = [r["message"] for r in answer["reasons"]] + answer["missing"]
    page = parse(check(client, item, destination, day, lang="nl").data)
    verdict = page.find("section", class_="verdict")
    said = " ".join(verdict.text(skip_lang="en").split())
    assert dutch in said
    assert not ENGLISH.search(said), ENGLISH.search(said)
    for sentence in english:  # none of the English explanations, not even unmarked
        assert " ".join(sentence.split()) not in " ".join(verdict.text().split())
    assert not [e for e in verdict.iter() if e.attrs.get("lang") == "en"]


def test_the_2025_2003_caveat_is_shown_in_dutch(client):
    page = parse(check(client, "3B001.l", "USA", "2026-01-01", lang="nl").data)
    caveat = page.find("section", class_="caveat")
    assert "2025/2003" in caveat.text()
    texts = caveat.find_all("dd")[:4]  # known, not known, the two readings
    assert all(dd.attrs.get("lang") is None and dd.text().strip() for dd in texts)
    assert not ENGLISH.search(caveat.text())


def test_the_json_answer_stays_english_even_when_dutch_is_asked_for(client):
    asked = ("3B001.f.4", "DEU", "2024-01-01")
    plain = check(client, *asked, format="json")
    assert plain.mimetype == "application/json"
    [reason] = plain.get_json()["reasons"]
    assert (
        "is an EU member state: a transfer within the Union is not an export" in reason["message"]
    )
    assert check(client, *asked, format="json", lang="nl").get_json() == plain.get_json()


def test_a_facts_confidence_is_named_in_the_pages_language(client):
    """The confidence beside each fact id read "(verified)" on a Dutch page."""
    dutch = check(client, "NXT:2000i", "CHN", "2023-10-02", lang="nl").get_data(as_text=True)
    english = check(client, "NXT:2000i", "CHN", "2023-10-02", lang="en").get_data(as_text=True)
    assert "(geverifieerd)" in dutch and "(verified)" not in dutch
    assert "(verified)" in english
