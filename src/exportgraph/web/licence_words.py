"""The licence check's explanations in the page's language.

law/ explains an answer in English sentences that keep their template and fields
(exportgraph.law.messages). A page in another language looks each template up in the message
catalogue (the templates are extracted from law/messages.py, see babel.cfg), names each
resource in a field by its label in that language, and takes the Annex I overlap texts in that
language from the graph. A sentence law/ gives as plain text (a note from the data) stays
English, and the page marks it so: only a Spoken sentence carries the page's language.
The JSON answer is not touched: a program gets English unless it asks otherwise.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import gettext

from exportgraph.law import messages as say
from exportgraph.law.licence import Finding, LicenceAnswer, Reason
from exportgraph.law.messages import Message, Ref
from exportgraph.law.overlap import Overlap, annex_overlap
from exportgraph.publish.labels import LabelIndex
from exportgraph.store.interface import Store


class Spoken(str):
    """A sentence in the page's language (lang), as the template marks it."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Spoken:
        spoken = super().__new__(cls, text)
        spoken.lang = lang
        return spoken


def explained_in(
    answer: LicenceAnswer, store: Store, index: LabelIndex, lang: str
) -> LicenceAnswer:
    """The answer with its reasons, missing pieces and caveats in lang, where it can say them."""
    if lang == "en":
        return answer
    overlaps: dict[str, Overlap] = {}

    def finding_in(finding: Finding) -> Finding:
        lists = [s.citation.iri for s in finding.chain if s.kind == "list"]
        caveats = tuple(
            _overlap_in(c, annex_overlap(store, lists[0], c.act, lang) if lists else None, lang)
            for c in finding.caveats
        )
        overlaps.update((c.iri, c) for c in caveats)
        return replace(
            finding,
            caveats=caveats,
            reasons=tuple(_reason_in(r, index, lang) for r in finding.reasons),
            missing=tuple(_say(m, index, lang, overlaps) for m in finding.missing),
        )

    findings = tuple(finding_in(f) for f in answer.findings)
    missing = tuple(_say(m, index, lang, overlaps) for m in answer.missing)
    return replace(answer, findings=findings, missing=missing)


def _overlap_in(english: Overlap, other: Overlap | None, lang: str) -> Overlap:
    """The overlap in lang, each text marked Spoken where the graph has it in lang."""
    if other is None:
        return english

    def pick(name: str) -> str:
        text = getattr(other, name)
        return Spoken(text, lang) if text != getattr(english, name) else text

    return replace(
        other,
        known=pick("known"),
        unknown=pick("unknown"),
        if_in_annex_i=pick("if_in_annex_i"),
        if_outside_annex_i=pick("if_outside_annex_i"),
    )


def _reason_in(reason: Reason, index: LabelIndex, lang: str) -> Reason:
    return replace(reason, message=_say(reason.message, index, lang, {}))


def _say(text: str, index: LabelIndex, lang: str, overlaps: dict[str, Overlap]) -> str:
    if not isinstance(text, Message):
        return text
    fields = {name: _field(value, index, lang, overlaps) for name, value in text.fields.items()}
    overlap = text.fields.get("overlap")
    if (
        text.template == say.OVERLAP_UNKNOWN
        and isinstance(overlap, Ref)
        and overlap.iri in overlaps
    ):
        fields["unknown"] = overlaps[overlap.iri].unknown
    return Spoken(gettext(text.template).format(**fields), lang)


def _field(value: str, index: LabelIndex, lang: str, overlaps: dict[str, Overlap]) -> str:
    if isinstance(value, Ref):
        return index.label_in(value.iri, lang) or str(value)
    return _say(value, index, lang, overlaps)
