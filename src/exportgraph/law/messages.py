"""The sentences a licence check explains itself with, as templates with named fields.

A reason or a missing piece of knowledge is a Message: a str holding the English sentence (so
the JSON answers, the CLI and every caller that reads it as text see what they always saw)
that also keeps its template and its fields. The web layer owns the page's language: it looks
the template up in its message catalogue and fills in the fields, each resource field by its
label in that language. The templates are marked with N_ so that `pybabel extract` (babel.cfg)
finds them here; this module imports nothing of the web layer, and the web layer never parses
an English sentence to translate it.

A field is text, a Ref (a resource: its English label and its IRI) or another Message (a
clause that depends on the case, such as how an instrument ended).
"""

from __future__ import annotations

from collections.abc import Mapping


def N_(template: str) -> str:
    """Mark a template for the catalogue; the web layer translates it where it is shown."""
    return template


class Ref(str):
    """A resource named in a sentence: its English label, and the IRI a page renames it by."""

    iri: str

    def __new__(cls, label: str, iri: str) -> Ref:
        ref = super().__new__(cls, label)
        ref.iri = iri
        return ref


class Message(str):
    """An English sentence that remembers the template and fields it was made of."""

    template: str
    fields: Mapping[str, str]

    def __new__(cls, template: str, **fields: str) -> Message:
        message = super().__new__(cls, template.format(**fields))
        message.template = template
        message.fields = fields
        return message


# Why an instrument does not reach the export (reason codes of exportgraph.law.licence.REASONS).
FROM_STATE_ONLY = N_("{name} governs exports from {state} only; this export leaves from {origin}")
FROM_EU_ONLY = N_("{name} governs exports from the EU; {origin} is not an EU member state")
INTRA_EU = N_(
    "{destination} is an EU member state: a transfer within the Union is not an export under"
    " {name}, which covers exports to destinations outside the EU and is otherwise"
    " country-neutral (fact NL-22)"
)
LISTING_NOT_YET = N_(
    "the listing by {name} applies only from {start}; on {on} it was not yet in force"
)
COVERAGE_NOT_YET = N_(
    "the coverage of the model by {name} applies only from {start}; on {on} it was not yet in force"
)
LISTING_ENDED = N_("the listing by {name} no longer applied on {on}{removed}")
COVERAGE_ENDED = N_("the coverage of the model by {name} no longer applied on {on}{removed}")
REMOVED_BY = N_(" (removed by {remover})")
INSTRUMENT_ENDED = N_("{name} was no longer in force on {on}{ended}")
REPEALED_BY = N_(" (repealed by {repealer}, in force from {since})")
IN_FORCE_UNTIL = N_(" (in force until {until})")
INSTRUMENT_NOT_YET = N_("{name} was not yet in force on {on}")

# What the graph lacks for an answer (the "missing" of a finding or an answer).
NO_TERRITORY = N_(
    "the territory {name} applies to (no national measure or EU act establishes its list in the"
    " graph)"
)
ANNEX_IV = N_(
    "whether the item is on Annex IV of Regulation (EU) 2021/821: intra-Union transfers to"
    " {destination} need an authorisation only for Annex IV items (Art. 11(1)), and the graph"
    " does not hold Annex IV"
)
STILL_UNDER = N_(
    "whether {item} is still under {list} after {doubt} (applies from {since}) changed the text"
    " that holds it; what that instrument kept is not in the graph"
)
ITS_DATE = N_("its date")
NO_LISTING_DATE = N_(
    "the date from which {item} is under {list}: the graph holds no date for that listing"
    " ({record})"
)
ITS_LIST = N_("its list")
CODE_NOT_READ = N_(
    "the code of the entry that {instrument} added to {list} (applies from {applies}): it was not"
    " read, so the graph cannot say which goods it covers, nor whether they need a licence; ask"
    " the entry by its code once it is known"
)
CODE_NOT_READ_NOT_YET = N_(
    "the code of the entry that {instrument} added to {list} (applies from {applies}): it was not"
    " read, so the graph cannot say which goods it covers, nor whether they need a licence; ask"
    " the entry by its code once it is known. On {on} that addition did not yet apply; whether"
    " the same goods were under another entry then is not in the graph either"
)
OVERLAP_UNKNOWN = N_("{overlap}: {unknown}")
MODEL_NOT_COVERED = N_(
    "no instrument in the graph puts {item} under a licence requirement, and no model is mapped"
    " to a control code (fact EQ-08 is unresolved)"
)
ENTRY_NOT_LISTED = N_("no list membership of {item} under an instrument of the graph")
