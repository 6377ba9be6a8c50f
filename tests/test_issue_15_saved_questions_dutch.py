"""Issue 15, item 3: the saved questions and their tags in Dutch.

The fault: with `?lang=nl` the home and query pages listed the saved questions by their English
summaries and descriptions (queries/*.rq headers), their parameters' hints in English, and tags
from two hand-kept tables that named only half of them. Now a question's file gives its Dutch
beside the English (`#+ summary@nl:`, `#+ description@nl:`, `#+ param@nl: NAME ...`), and the
tag names are messages of the catalogue, one table for both pages.
"""

from __future__ import annotations

import re

import pytest

from exportgraph.endpoint.saved_queries import read_saved_query, saved_queries
from exportgraph.errors import ConfigurationError
from exportgraph.web.page_words import TAG_NAMES

HTML = {"Accept": "text/html"}
QUESTION = """#+ summary: Which entries a list held on a date
#+ summary@nl: Welke posten een lijst op een datum bevatte
#+ description: Entries whose membership applies
#+ description: on the date.
#+ description@nl: Posten waarvan het lidmaatschap
#+ description@nl: op de datum geldt.
#+ tags: control lists
#+ param: date (date) the day, e.g. 2024-08-01
#+ param@nl: date de dag, bijv. 2024-08-01
#+ param: list (iri, optional) the list, e.g. exr:list/nl-semiconductor-equipment
SELECT * WHERE { ?s ?p ?o }
"""


def write(tmp_path, text: str):
    path = tmp_path / "question.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_question_file_gives_its_dutch_beside_its_english(tmp_path):
    question = read_saved_query(write(tmp_path, QUESTION))
    assert question.summary == "Which entries a list held on a date"
    assert question.summary_in("nl") == "Welke posten een lijst op een datum bevatte"
    assert question.description_in("nl") == "Posten waarvan het lidmaatschap op de datum geldt."
    assert question.description_in("en") == "Entries whose membership applies on the date."
    date, listed = question.parameters
    assert date.description_in("nl") == "de dag, bijv. 2024-08-01"
    assert (date.kind, date.optional) == ("date", False)  # from the English line
    # Without a Dutch line, the English, and the page says so in its lang attribute.
    assert listed.description_in("nl") == listed.description
    assert question.language_of_summary("nl") == "nl"
    assert question.language_of_summary("de") == "en"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("#+ param@nl: dat de dag", "question.rq:11: write a translated parameter as 'NAME"),
        ("#+ tags@nl: controlelijsten", "question.rq:11: '#+ tags@nl:' is not read"),
    ],
)
def test_a_translated_header_the_parser_cannot_place_names_file_and_line(tmp_path, line, expected):
    text = QUESTION.replace("SELECT", line + "\nSELECT")
    with pytest.raises(ConfigurationError, match=re.escape(expected)):
        read_saved_query(write(tmp_path, text))


def test_every_saved_question_has_its_summary_description_and_parameters_in_dutch():
    missing = []
    for question in saved_queries():
        if "nl" not in dict(question.summaries):
            missing.append(f"{question.name}: summary")
        if question.description and "nl" not in dict(question.descriptions):
            missing.append(f"{question.name}: description")
        missing += [
            f"{question.name}: param {p.name}"
            for p in question.parameters
            if "nl" not in dict(p.translations)
        ]
    assert missing == []


def test_every_tag_a_question_carries_has_a_name_in_the_catalogue():
    used = {tag for question in saved_queries() for tag in question.tags}
    assert sorted(used - set(TAG_NAMES)) == []


def test_the_dutch_home_page_lists_the_questions_in_dutch(client):
    question = next(q for q in saved_queries() if q.name == "list-on-date")
    body = client.get("/?lang=nl", headers=HTML).get_data(as_text=True)
    assert f'lang="nl">{question.summary_in("nl")}</a>' in body
    assert question.summary not in body
    assert '<h3 class="tag">controlelijsten</h3>' in body


def test_the_dutch_query_page_names_tags_and_parameters_in_dutch(client):
    question = next(q for q in saved_queries() if q.name == "list-on-date")
    body = client.get("/query?lang=nl", headers=HTML).get_data(as_text=True)
    assert question.summary_in("nl") in body
    assert question.description_in("nl").replace('"', "&#34;") in body
    assert 'placeholder="de dag waarnaar gevraagd wordt, bijv. 2024-08-01"' in body
    assert "<h3>controlelijsten</h3>" in body
    assert "<h3>control lists</h3>" not in body
    # The tag filter keeps the tag's own name as its value: the links work in both languages.
    assert "tag=control+lists" in body or "tag=control%20lists" in body
