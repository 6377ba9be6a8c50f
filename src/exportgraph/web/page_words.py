"""The words of the forms (licence check, validation), the list history and the error pages,
in English and Dutch.

Kept apart from i18n.TEXT (the linked-data pages' words) so each table stays short; both
follow the page language of i18n.page_language().
"""

from __future__ import annotations

STATUS_TITLES = {
    "en": {
        400: "The request could not be read",
        403: "Not allowed",
        404: "Not found",
        405: "Method not allowed",
        406: "No format the browser accepts",
        413: "The request is too large",
        415: "A type of content the server does not read",
        429: "Too many requests",
        500: "The server failed to answer",
        502: "The data store did not answer properly",
        503: "The service is unavailable",
        504: "The data store took too long to answer",
    },
    "nl": {
        400: "De aanvraag kon niet worden gelezen",
        403: "Niet toegestaan",
        404: "Niet gevonden",
        405: "Methode niet toegestaan",
        406: "Geen formaat dat de browser accepteert",
        413: "De aanvraag is te groot",
        415: "Een soort inhoud die de server niet leest",
        429: "Te veel aanvragen",
        500: "De server kon geen antwoord geven",
        502: "De gegevensopslag gaf geen goed antwoord",
        503: "De dienst is niet beschikbaar",
        504: "De gegevensopslag deed te lang over het antwoord",
    },
}

WORDS = {
    "en": {
        "error_fallback": "Something went wrong",
        "error_code": "Error",
        "back_home": "Back to the home page",
        "search_graph": "Search the graph by label, code or identifier",
        "search": "Search",
        # The licence check.
        "licence_title": "Licence check",
        "licence_intro": (
            "Does an export of this item need a licence on this date, and why? The answer"
            " follows the chain item → control entry (or model coverage) → list → instrument →"
            " legal basis → EU provision that permits it, with the fact-sheet lines and sources"
            " of each step. Only the instruments in the graph are considered."
        ),
        "item": "Item (control code or model)",
        "destination": "Destination (ISO 3166 alpha-3)",
        "date": "Date",
        "origin": "Origin (ISO 3166 alpha-3)",
        "check": "Check",
        "examples": "Examples",
        "to": "to",
        "on": "on",
        "form_problem": "The check was not run: correct the marked fields.",
        "near_matches": "Did you mean",
        "item_missing": "Give a control code (e.g. 3B001.f.4) or a model (e.g. NXT:2000i).",
        "item_unknown": "{value} is neither a control code nor a product model in the graph.",
        "country_missing": "Give a country as three letters (ISO 3166 alpha-3, e.g. CHN).",
        "country_unknown": "{value} is not an ISO 3166 alpha-3 country code (three letters,"
        " e.g. CHN).",
        "date_missing": "A date is required, written YYYY-MM-DD (e.g. 2024-09-07).",
        "date_unknown": "{value} is not a date written YYYY-MM-DD (e.g. 2024-09-07).",
        "date_invalid": "{value} is not a day of the calendar.",
        "as_of": "As of",
        "required": "a licence is required",
        "not_required": "no licence required",
        "unknown": "unknown",
        "route": "{item} ({kind}) from {origin} ({origin_code}) to {destination}"
        " ({destination_code}).",
        "required_by": "Required by",
        "in_force_from": "in force from",
        "why_not": "Why not",
        "not_known": "What the graph does not know",
        "chain_under": "Chain under",
        "step_required": "required",
        "step_not_required": "not required",
        "step": "Step",
        "resource_dates": "Resource and dates",
        "facts_sources": "Facts and sources",
        "history": "history",
        "no_source": "no source",
        "as_json": "As JSON",
        "this_answer": "this answer",
        "model_entry_differ": "Where the model and its entry differ",
        "known": "Known",
        "not_known_caveat": "Not known",
        "if_in_annex_i": "If an Annex I entry holds it",
        "if_outside_annex_i": "If none does",
        "facts": "Facts",
        "sources_count": "Sources ({count}, official first)",
        "quality_official": "official",
        "quality_secondary": "secondary",
        "quality_unknown": "quality unknown",
        # Validation.
        "case_missing": "No case: paste a case record or choose a file.",
        "case_syntax": "Line {line}: the case is not valid {syntax}.",
        "case_syntax_no_position": "The case is not valid {syntax}.",
        "case_unreadable": "The case could not be read.",
        "parser_said": "What the parser said",
        "validation_not_run": "The case was not validated.",
    },
    "nl": {
        "error_fallback": "Er ging iets mis",
        "error_code": "Foutcode",
        "back_home": "Terug naar de startpagina",
        "search_graph": "Zoek in de graaf op naam, code of kenmerk",
        "search": "Zoeken",
        "licence_title": "Vergunningcheck",
        "licence_intro": (
            "Heeft de uitvoer van dit goed op deze datum een vergunning nodig, en waarom? Het"
            " antwoord volgt de keten goed → controlepost (of modeldekking) → lijst →"
            " instrument → rechtsgrondslag → EU-bepaling die het toestaat, met de regels van"
            " het feitenblad en de bronnen van elke stap. Alleen de instrumenten in de graaf"
            " tellen mee."
        ),
        "item": "Goed (controlecode of model)",
        "destination": "Bestemming (ISO 3166 alfa-3)",
        "date": "Datum",
        "origin": "Herkomst (ISO 3166 alfa-3)",
        "check": "Controleren",
        "examples": "Voorbeelden",
        "to": "naar",
        "on": "op",
        "form_problem": "De check is niet uitgevoerd: verbeter de gemarkeerde velden.",
        "near_matches": "Bedoelde u",
        "item_missing": "Geef een controlecode (bijv. 3B001.f.4) of een model (bijv. NXT:2000i).",
        "item_unknown": "{value} is geen controlecode en geen productmodel in de graaf.",
        "country_missing": "Geef een land als drie letters (ISO 3166 alfa-3, bijv. CHN).",
        "country_unknown": "{value} is geen ISO 3166 alfa-3-landcode (drie letters, bijv. CHN).",
        "date_missing": "Een datum is verplicht, geschreven als JJJJ-MM-DD (bijv. 2024-09-07).",
        "date_unknown": "{value} is geen datum geschreven als JJJJ-MM-DD (bijv. 2024-09-07).",
        "date_invalid": "{value} is geen bestaande kalenderdag.",
        "as_of": "Per",
        "required": "een vergunning is vereist",
        "not_required": "geen vergunning vereist",
        "unknown": "onbekend",
        "route": "{item} ({kind}) van {origin} ({origin_code}) naar {destination}"
        " ({destination_code}).",
        "required_by": "Vereist door",
        "in_force_from": "in werking vanaf",
        "why_not": "Waarom niet",
        "not_known": "Wat de graaf niet weet",
        "chain_under": "Keten onder",
        "step_required": "vereist",
        "step_not_required": "niet vereist",
        "step": "Stap",
        "resource_dates": "Bron en data",
        "facts_sources": "Feiten en bronnen",
        "history": "geschiedenis",
        "no_source": "geen bron",
        "as_json": "Als JSON",
        "this_answer": "dit antwoord",
        "model_entry_differ": "Waar het model en zijn post verschillen",
        "known": "Bekend",
        "not_known_caveat": "Niet bekend",
        "if_in_annex_i": "Als een post van bijlage I het bevat",
        "if_outside_annex_i": "Als geen post het bevat",
        "facts": "Feiten",
        "sources_count": "Bronnen ({count}, officiële eerst)",
        "quality_official": "officieel",
        "quality_secondary": "secundair",
        "quality_unknown": "kwaliteit onbekend",
        "case_missing": "Geen dossier: plak een dossier of kies een bestand.",
        "case_syntax": "Regel {line}: het dossier is geen geldige {syntax}.",
        "case_syntax_no_position": "Het dossier is geen geldige {syntax}.",
        "case_unreadable": "Het dossier kon niet worden gelezen.",
        "parser_said": "Melding van de parser (Engels)",
        "validation_not_run": "Het dossier is niet gevalideerd.",
    },
}


def status_title(status: int, lang: str) -> str:
    """The heading of an error page: what went wrong, in words."""
    titles = STATUS_TITLES.get(lang, STATUS_TITLES["en"])
    return titles.get(status) or WORDS[lang if lang in WORDS else "en"]["error_fallback"]


# The licence check's steps, item kinds, dates and reasons, by the names the answer gives them.
ANSWER_NAMES = {
    "en": {
        "control entry": "control entry",
        "product model": "product model",
        "list membership": "list membership",
        "item": "item",
        "model coverage": "model coverage",
        "list": "list",
        "instrument": "instrument",
        "legal basis": "legal basis",
        "permitted by": "permitted by",
        "adopted": "adopted",
        "published": "published",
        "in_force_from": "in force from",
        "applicable_from": "applicable from",
        "no_longer_in_force_after": "no longer in force after",
        "membership_in_force_from": "membership in force from",
        "membership_applicable_from": "membership applicable from",
        "membership_applicable_until": "membership applicable until",
        "not-listed": "not listed",
        "not-yet-in-force": "not yet in force",
        "no-longer-in-force": "no longer in force",
        "intra-eu-transfer": "intra-EU transfer",
        "origin-outside-territory": "origin outside the instrument's territory",
        "annex-i-overlap-unknown": "Annex I overlap: which entry now holds the item is unknown",
        "entry, code not read": "entry, code not read",
        "technology area": "technology area",
    },
    "nl": {
        "control entry": "controlepost",
        "product model": "productmodel",
        "list membership": "lijstlidmaatschap",
        "item": "goed",
        "model coverage": "modeldekking",
        "list": "lijst",
        "instrument": "instrument",
        "legal basis": "rechtsgrondslag",
        "permitted by": "toegestaan door",
        "adopted": "vastgesteld",
        "published": "gepubliceerd",
        "in_force_from": "in werking vanaf",
        "applicable_from": "van toepassing vanaf",
        "no_longer_in_force_after": "niet meer in werking na",
        "membership_in_force_from": "lidmaatschap in werking vanaf",
        "membership_applicable_from": "lidmaatschap van toepassing vanaf",
        "membership_applicable_until": "lidmaatschap van toepassing tot",
        "not-listed": "niet op de lijst",
        "not-yet-in-force": "nog niet in werking",
        "no-longer-in-force": "niet meer in werking",
        "intra-eu-transfer": "overbrenging binnen de EU",
        "origin-outside-territory": "herkomst buiten het grondgebied van het instrument",
        "annex-i-overlap-unknown": "Overlap met bijlage I: onbekend welke post het goed nu bevat",
        "entry, code not read": "post, code niet gelezen",
        "technology area": "technologiegebied",
    },
}

# The timeline of a list's history: what happened on a date, and its captions.
TIMELINE_WORDS = {
    "en": {
        "adopted": "adopted",
        "published": "published",
        "in force": "in force",
        "applies": "applies",
        "added": "added",
        "removed": "removed",
        "in doubt": "in doubt",
        "timeline_of": "Timeline of",
        "chosen": "Shaded: the period compared, from {start} to {end}; its dates are marked below.",
        "in_period": "in the period compared",
        "undated": "Instruments of this list the graph cannot date",
        "unknown_entry": "an entry of unknown code",
    },
    "nl": {
        "adopted": "vastgesteld",
        "published": "gepubliceerd",
        "in force": "in werking",
        "applies": "van toepassing",
        "added": "toegevoegd",
        "removed": "geschrapt",
        "in doubt": "onzeker",
        "timeline_of": "Tijdlijn van",
        "chosen": "Gearceerd: de vergeleken periode, van {start} tot {end}; de data daarin zijn"
        " hieronder gemarkeerd.",
        "in_period": "in de vergeleken periode",
        "undated": "Instrumenten van deze lijst die de graaf niet kan dateren",
        "unknown_entry": "een post met onbekende code",
    },
}

# The history page around the timeline, and its comparison of two dates.
HISTORY_WORDS = {
    "en": {
        "title": "History",
        "intro": "The instruments of this list with their dates (adopted, published, in force,"
        " applies), and the entries and model coverages each added, removed or left in doubt."
        " The axis shows where each date falls; the rows below it list what happened that day.",
        "compare": "What changed between two dates",
        "from": "From",
        "to": "To",
        "compare_button": "Compare",
        "summary": "From {start} to {end} (as of {end}): {count} change(s).",
        "as_json": "As JSON",
        "change": "Change",
        "subject": "Entry or model",
        "standing": "Standing",
        "when": "When and by what",
        "sources": "Sources",
        "unknown_entry": "an entry of unknown code",
        "date_unknown": "date unknown",
        "instrument_unknown": "instrument unknown",
        "no_source": "no source",
        "no_changes": "No entry or model coverage changed.",
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "membership": "membership",
        "coverage": "coverage",
        "applies": "applies",
        "not-yet": "not yet",
        "ended": "ended",
        "unknown": "unknown",
    },
    "nl": {
        "title": "Geschiedenis",
        "intro": "De instrumenten van deze lijst met hun data (vastgesteld, gepubliceerd, in"
        " werking, van toepassing), en de posten en modeldekkingen die elk toevoegde, schrapte"
        " of onzeker maakte. De as toont waar elke datum valt; de regels eronder noemen wat er"
        " die dag gebeurde.",
        "compare": "Wat veranderde tussen twee data",
        "from": "Van",
        "to": "Tot",
        "compare_button": "Vergelijken",
        "summary": "Van {start} tot {end} (stand per {end}): {count} wijziging(en).",
        "as_json": "Als JSON",
        "change": "Wijziging",
        "subject": "Post of model",
        "standing": "Status",
        "when": "Wanneer en waardoor",
        "sources": "Bronnen",
        "unknown_entry": "een post met onbekende code",
        "date_unknown": "datum onbekend",
        "instrument_unknown": "instrument onbekend",
        "no_source": "geen bron",
        "no_changes": "Geen post of modeldekking veranderde.",
        "added": "toegevoegd",
        "removed": "geschrapt",
        "changed": "gewijzigd",
        "membership": "lidmaatschap",
        "coverage": "dekking",
        "applies": "van toepassing",
        "not-yet": "nog niet",
        "ended": "beëindigd",
        "unknown": "onbekend",
    },
}

# The home page: the tasks first, the inventory below them.
HOME_WORDS = {
    "en": {
        "title": "Export-control law for advanced semiconductor manufacturing equipment",
        "intro": (
            "A knowledge graph of the Dutch national controls announced in Kamerstuk 22 054"
            " nr. 384, the Regulation (EU) 2021/821 that permits them, the Wassenaar Arrangement"
            " and other member states' lists. Every fact carries its source and the source's"
            " quality (official or secondary)."
        ),
        "search_heading": "Find a code, an instrument or a model",
        "licence_heading": "Does this export need a licence?",
        "licence_hint": "An item (control code or model), a destination and a date.",
        "item": "Item",
        "destination": "Destination (ISO 3166 alpha-3)",
        "date": "Date",
        "check": "Check",
        "timelines_heading": "The lists over time",
        "timeline_of": "Timeline of",
        "questions_heading": "Questions researchers ask",
        "questions_hint": "Saved questions, answered by the graph; each opens on the query page.",
        "tasks_heading": "Work with your own data",
        "validate": "Validate a case",
        "validate_hint": "Check a licence case record against the shapes.",
        "screen": "Screen an order book",
        "screen_hint": "Check many items and destinations at once.",
        "sparql": "The SPARQL endpoint",
        "sparql_hint": "Ask the graph anything, from a program or the query page.",
        "changes": "What changed",
        "changes_hint": "The changes to the data, release by release, with a feed.",
        "inventory_heading": "What the graph holds",
        "stats": "{triples} triples · {facts} fact-sheet lines carried",
        "lists": "Control lists",
        "list": "List",
        "entries": "Entries in the graph",
        "list_empty": "the graph holds the list, not its entries",
        "regimes": "Regimes",
        "regime": "Regime",
        "participants": "Participating states in the graph",
        "regime_empty": "no participants in the graph: the sources read name the regime only",
        "classes": "Classes",
        "class": "Class",
        "resources": "Resources",
        "more": "The dataset: its description, dumps and licence",
        "other_tags": "other",
    },
    "nl": {
        "title": "Exportcontrolerecht voor geavanceerde productieapparatuur voor halfgeleiders",
        "intro": (
            "Een kennisgraaf van de Nederlandse nationale maatregelen aangekondigd in Kamerstuk"
            " 22 054 nr. 384, de Verordening (EU) 2021/821 die ze toestaat, het Wassenaar"
            " Arrangement en de lijsten van andere lidstaten. Elk feit draagt zijn bron en de"
            " kwaliteit van die bron (officieel of secundair)."
        ),
        "search_heading": "Zoek een code, een instrument of een model",
        "licence_heading": "Heeft deze uitvoer een vergunning nodig?",
        "licence_hint": "Een goed (controlecode of model), een bestemming en een datum.",
        "item": "Goed",
        "destination": "Bestemming (ISO 3166 alfa-3)",
        "date": "Datum",
        "check": "Controleren",
        "timelines_heading": "De lijsten door de tijd",
        "timeline_of": "Tijdlijn van",
        "questions_heading": "Vragen die onderzoekers stellen",
        "questions_hint": (
            "Opgeslagen vragen, beantwoord door de graaf; elk opent op de vragenpagina."
        ),
        "tasks_heading": "Werken met uw eigen gegevens",
        "validate": "Dossier valideren",
        "validate_hint": "Toets een vergunningdossier aan de vormregels.",
        "screen": "Orderboek screenen",
        "screen_hint": "Controleer veel goederen en bestemmingen tegelijk.",
        "sparql": "Het SPARQL-eindpunt",
        "sparql_hint": "Vraag de graaf wat u wilt, vanuit een programma of de vragenpagina.",
        "changes": "Wat er veranderde",
        "changes_hint": "De wijzigingen in de gegevens, per uitgave, met een feed.",
        "inventory_heading": "Wat de graaf bevat",
        "stats": "{triples} triples · {facts} regels van het feitenblad opgenomen",
        "lists": "Controlelijsten",
        "list": "Lijst",
        "entries": "Posten in de graaf",
        "list_empty": "de graaf bevat de lijst, niet haar posten",
        "regimes": "Regimes",
        "regime": "Regime",
        "participants": "Deelnemende staten in de graaf",
        "regime_empty": (
            "geen deelnemers in de graaf: de gelezen bronnen noemen alleen het regime"
        ),
        "classes": "Klassen",
        "class": "Klasse",
        "resources": "Bronnen",
        "more": "De dataset: beschrijving, downloads en licentie",
        "other_tags": "overig",
    },
}

# The saved questions' tags (their `#+ tags:` headers are English) as the home page names them.
TAG_NAMES = {
    "en": {},
    "nl": {
        "amendments": "wijzigingen",
        "as of a date": "op een datum",
        "cases": "dossiers",
        "control lists": "controlelijsten",
        "Dutch measures": "Nederlandse maatregelen",
        "equipment": "apparatuur",
        "legal basis": "rechtsgrondslag",
        "national measures": "nationale maatregelen",
        "provenance": "herkomst",
        "regimes": "regimes",
    },
}


# The query page: the editor, one page of an answer, and the saved questions by tag.
QUERY_WORDS = {
    "en": {
        "title": "SPARQL query",
        "intro": "Ask the graph with SPARQL 1.1, or run a saved question below. Programs send"
        " queries to {endpoint} (GET or POST; JSON, XML, CSV or TSV; Turtle, N-Triples, JSON-LD"
        " or RDF/XML). The graph's prefixes are declared at the top of the editor.",
        "query": "SPARQL query",
        "as_of": "As of",
        "as_of_title": "Ask the law as it stood on this date (leave empty for the graph as"
        " published)",
        "run_query": "Run query",
        "clear": "Clear",
        "prefixes": "Prefixes of the graph",
        "not_run": "The query was not run.",
        "results": "Results",
        "rows": "{count} rows",
        "one_row": "1 row",
        "shown": "rows {first}–{last} shown",
        "in": "in",
        "law_as_of": "the law as of {date}",
        "download": "the whole answer:",
        "share_link": "share link",
        "truncated": "The answer was cut at {limit} rows (the server's row limit); narrow the"
        " query or add LIMIT and OFFSET to see the rest.",
        "yes": "Yes (true)",
        "no": "No (false)",
        "no_rows": "No rows: the graph knows no answer to this question (none known).",
        "pages": "Pages of the answer",
        "previous": "← Previous",
        "next": "Next →",
        "page_of": "page {page} of {pages}",
        "per_page": "Rows per page",
        "show": "Show",
        "needs_token": "This question counts licence case records. The published graph holds"
        " none: it is answered only for a request that carries the case token (the header"
        " Authorization: Bearer TOKEN, as the server's case_token setting gives it), so"
        " without it there is no answer rather than “0 rows”.",
        "needs_cases": "needs the case token",
        "saved": "Saved questions",
        "saved_intro": "Grouped by subject; choose a tag to see every question that carries it.",
        "tags": "Tags",
        "all": "all",
        "other": "other",
        "optional": "optional",
        "run": "Run",
        "iri_hint": "A resource: choose from the list, or type an IRI in full, a prefixed name"
        " ({example}) or only the part after {namespace}.",
        "iri_hint_plain": "A resource: an IRI in full or a prefixed name (exr:..., country:...).",
        "kind_iri": "resource",
        "kind_date": "date",
        "kind_string": "text",
        "kind_integer": "number",
    },
    "nl": {
        "title": "SPARQL-zoekvraag",
        "intro": "Bevraag de graaf met SPARQL 1.1, of voer hieronder een opgeslagen vraag uit."
        " Programma's sturen zoekvragen naar {endpoint} (GET of POST; JSON, XML, CSV of TSV;"
        " Turtle, N-Triples, JSON-LD of RDF/XML). De prefixen van de graaf staan bovenaan in"
        " de editor.",
        "query": "SPARQL-zoekvraag",
        "as_of": "Per",
        "as_of_title": "Vraag het recht zoals het op deze datum gold (leeg voor de graaf zoals"
        " gepubliceerd)",
        "run_query": "Zoekvraag uitvoeren",
        "clear": "Wissen",
        "prefixes": "Prefixen van de graaf",
        "not_run": "De zoekvraag is niet uitgevoerd.",
        "results": "Resultaten",
        "rows": "{count} rijen",
        "one_row": "1 rij",
        "shown": "rijen {first}–{last} getoond",
        "in": "in",
        "law_as_of": "het recht per {date}",
        "download": "het hele antwoord:",
        "share_link": "link om te delen",
        "truncated": "Het antwoord is afgebroken na {limit} rijen (de rijgrens van de server);"
        " maak de zoekvraag smaller of gebruik LIMIT en OFFSET om de rest te zien.",
        "yes": "Ja (true)",
        "no": "Nee (false)",
        "no_rows": "Geen rijen: de graaf kent geen antwoord op deze vraag (niets bekend).",
        "pages": "Pagina's van het antwoord",
        "previous": "← Vorige",
        "next": "Volgende →",
        "page_of": "pagina {page} van {pages}",
        "per_page": "Rijen per pagina",
        "show": "Tonen",
        "needs_token": "Deze vraag telt vergunningsdossiers. De gepubliceerde graaf bevat er"
        " geen: ze wordt alleen beantwoord voor een aanvraag met het dossiertoken (de header"
        " Authorization: Bearer TOKEN, zoals de instelling case_token van de server het"
        " geeft); zonder token is er dus geen antwoord, en niet “0 rijen”.",
        "needs_cases": "vereist het dossiertoken",
        "saved": "Opgeslagen vragen",
        "saved_intro": "Gegroepeerd per onderwerp; kies een label om elke vraag met dat label"
        " te zien.",
        "tags": "Labels",
        "all": "alle",
        "other": "overig",
        "optional": "optioneel",
        "run": "Uitvoeren",
        "iri_hint": "Een bron: kies uit de lijst, of typ een volledige IRI, een naam met prefix"
        " ({example}) of alleen het deel na {namespace}.",
        "iri_hint_plain": "Een bron: een volledige IRI of een naam met prefix (exr:...,"
        " country:...).",
        "kind_iri": "bron",
        "kind_date": "datum",
        "kind_string": "tekst",
        "kind_integer": "getal",
    },
}


# The search page's type filter.
SEARCH_WORDS = {
    "en": {"filter": "Show only", "all_types": "All types"},
    "nl": {"filter": "Toon alleen", "all_types": "Alle soorten"},
}
