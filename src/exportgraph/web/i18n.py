"""The page language: English or Dutch, and the words of the pages in both.

The language is the `lang` parameter when given (and then remembered in a cookie, so the
switch holds across pages without JavaScript), else the cookie, else the browser's
Accept-Language, else English.
"""

from __future__ import annotations

from flask import request

LANGUAGES = ("en", "nl")
COOKIE = "exportgraph_lang"

TEXT = {
    "en": {
        "language_name": "English",
        "other_language": "Nederlands",
        "iri": "IRI",
        "name": "Name",
        "type": "Type",
        "types": "Types",
        "properties": "Properties",
        "incoming": "Incoming links",
        "incoming_intro": "Resources that point at this one.",
        "sources": "Sources",
        "sources_intro": "The fact-sheet lines this resource rests on, and where each was read.",
        "fact": "Fact",
        "confidence": "Confidence",
        "source": "Source",
        "quality": "Quality",
        "no_source": "no source recorded",
        "chain": "Chain of legal bases",
        "chain_intro": "Each step: based on, permitted by, or part of the next.",
        "based_on": "based on",
        "permitted_by": "permitted by",
        "part_of": "part of",
        "amendments": "Amendments",
        "amended_by": "Amended by",
        "amends": "Amends",
        "target": "What is amended",
        "adopted": "Adopted",
        "published": "Published",
        "in_force": "In force from",
        "applicable": "Applicable from",
        "applicable_until": "Applicable until",
        "unknown": "unknown",
        "citation": "Cite this resource",
        "citation_intro": "Select and copy; only what the graph states is used.",
        "lists": "Lists",
        "list": "List",
        "added_by": "Added by",
        "removed_by": "Removed by",
        "unknown_from": "Status unknown from",
        "caveat": "Caveat",
        "caveat_from": "From",
        "caveat_known": "What the graph knows",
        "caveat_unknown": "What it cannot read",
        "caveat_if_in": "If an Annex I entry now holds the item",
        "caveat_if_out": "If no Annex I entry holds it",
        "caveat_facts": "Facts",
        "note": "Note",
        "membership": "Membership",
        "parent": "Parent entry",
        "children": "Child entries",
        "compilation_codes": "Code in the compilation of national lists",
        "measures": "National measures and lists",
        "measure": "Measure",
        "regimes": "Regimes",
        "regime": "Regime",
        "since": "Since",
        "adoptions": "Adoptions",
        "adopting_state": "Adopting state",
        "adopted_measure": "Adopted measure",
        "participants": "Participating states",
        "participants_intro": "ISO 3166 alpha-3 codes; each links to the country's page.",
        "formats": "This page as data",
        "none": "none in the graph",
        "search": "Search",
        "search_label": "Search by label, code or identifier",
        "search_placeholder": "3B001.f.4, 32021R0821, Wassenaar",
        "results_for": "Results for",
        "no_results": (
            "Nothing in the graph matches. Try a code (3B001.f.4), a CELEX number (32021R0821),"
            " a Staatscourant number (2023, 18212) or a word of a label."
        ),
        "matched": "Matched",
        "shown_of": "shown of",
        "of_type": "Instances of",
        "yes": "yes",
        "no": "no",
        "back_home": "Back to the home page",
        "explain_store-unavailable": (
            "The database behind this site cannot be reached just now. Try again in a minute:"
            " the site answers again by itself as soon as the database is back."
        ),
        "explain_store-timeout": (
            "The database behind this site did not answer in time. Try again in a minute, or"
            " ask a narrower question."
        ),
        "explain_store-bad-answer": (
            "The database behind this site gave an answer that cannot be read. Try again in a"
            " minute; if it goes on, tell the site's administrator."
        ),
        "explain_worker-died": (
            "The process answering your question stopped. It has been replaced: try again."
        ),
    },
    "nl": {
        "language_name": "Nederlands",
        "other_language": "English",
        "iri": "IRI",
        "name": "Naam",
        "type": "Type",
        "types": "Typen",
        "properties": "Eigenschappen",
        "incoming": "Inkomende verwijzingen",
        "incoming_intro": "Bronnen die naar deze verwijzen.",
        "sources": "Bronnen",
        "sources_intro": (
            "De regels van het feitenblad waarop deze bron rust, en waar elk is gelezen."
        ),
        "fact": "Feit",
        "confidence": "Zekerheid",
        "source": "Bron",
        "quality": "Kwaliteit",
        "no_source": "geen bron vastgelegd",
        "chain": "Keten van rechtsgrondslagen",
        "chain_intro": "Elke stap: gebaseerd op, toegestaan door, of onderdeel van de volgende.",
        "based_on": "gebaseerd op",
        "permitted_by": "toegestaan door",
        "part_of": "onderdeel van",
        "amendments": "Wijzigingen",
        "amended_by": "Gewijzigd door",
        "amends": "Wijzigt",
        "target": "Wat gewijzigd wordt",
        "adopted": "Vastgesteld",
        "published": "Gepubliceerd",
        "in_force": "In werking vanaf",
        "applicable": "Van toepassing vanaf",
        "applicable_until": "Van toepassing tot",
        "unknown": "onbekend",
        "citation": "Deze bron citeren",
        "citation_intro": "Selecteer en kopieer; alleen wat de graaf vermeldt wordt gebruikt.",
        "lists": "Lijsten",
        "list": "Lijst",
        "added_by": "Toegevoegd door",
        "removed_by": "Geschrapt door",
        "unknown_from": "Status onbekend vanaf",
        "caveat": "Voorbehoud",
        "caveat_from": "Vanaf",
        "caveat_known": "Wat de graaf weet",
        "caveat_unknown": "Wat hij niet kan lezen",
        "caveat_if_in": "Als een post van bijlage I het goed nu bevat",
        "caveat_if_out": "Als geen post van bijlage I het bevat",
        "caveat_facts": "Feiten",
        "note": "Opmerking",
        "membership": "Lidmaatschap",
        "parent": "Bovenliggende post",
        "children": "Onderliggende posten",
        "compilation_codes": "Code in de compilatie van nationale lijsten",
        "measures": "Nationale maatregelen en lijsten",
        "measure": "Maatregel",
        "regimes": "Regimes",
        "regime": "Regime",
        "since": "Sinds",
        "adoptions": "Overnames",
        "adopting_state": "Overnemende staat",
        "adopted_measure": "Overgenomen maatregel",
        "participants": "Deelnemende staten",
        "participants_intro": "ISO 3166 alfa-3-codes; elk verwijst naar de pagina van het land.",
        "formats": "Deze pagina als data",
        "none": "geen in de graaf",
        "search": "Zoeken",
        "search_label": "Zoek op naam, code of kenmerk",
        "search_placeholder": "3B001.f.4, 32021R0821, Wassenaar",
        "results_for": "Resultaten voor",
        "no_results": (
            "Niets in de graaf komt overeen. Probeer een code (3B001.f.4), een CELEX-nummer"
            " (32021R0821), een Staatscourantnummer (2023, 18212) of een woord uit een naam."
        ),
        "matched": "Gevonden op",
        "shown_of": "getoond van",
        "of_type": "Exemplaren van",
        "yes": "ja",
        "no": "nee",
        "back_home": "Terug naar de startpagina",
        "explain_store-unavailable": (
            "De database achter deze site is nu niet bereikbaar. Probeer het over een minuut"
            " opnieuw: de site antwoordt vanzelf weer zodra de database terug is."
        ),
        "explain_store-timeout": (
            "De database achter deze site antwoordde niet op tijd. Probeer het over een minuut"
            " opnieuw, of stel een smallere vraag."
        ),
        "explain_store-bad-answer": (
            "De database achter deze site gaf een antwoord dat niet te lezen is. Probeer het over"
            " een minuut opnieuw; blijft het zo, meld het dan aan de beheerder van de site."
        ),
        "explain_worker-died": (
            "Het proces dat uw vraag beantwoordde is gestopt. Het is vervangen: probeer het"
            " opnieuw."
        ),
    },
}


def page_language() -> str:
    """The language of the page being answered."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default="en") or "en"


def remember_language(response):
    """Keep an explicit choice of language for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
