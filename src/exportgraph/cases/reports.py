"""Render case validation outcomes: text for people, JSON and Turtle for machines.

The core (exportgraph.cases.validation) knows nothing of presentation; the CLI and the web layer
both render through here, so a report reads the same wherever it is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, XSD

from exportgraph.cases.validation import SECTION_ORDER, ValidationOutcome

FORMATS = ("text", "json", "turtle")
MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "json": "application/json",
    "turtle": "text/turtle; charset=utf-8",
}
SHORT = {
    "https://w3id.org/exportgraph/shapes#": "exgsh:",
    "http://www.w3.org/ns/shacl#": "sh:",
    "https://w3id.org/exportgraph/ontology#": "exg:",
    "https://w3id.org/exportgraph/id/": "exr:",
}
WORDS = {
    "en": {
        "case": "Case",
        "applicant": "Applicant",
        "items": "Items",
        "endUser": "End user",
        "decision": "Decision",
        "assessment": "Assessment",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "conforms": "conforms",
        "fails": "DOES NOT CONFORM",
        "violations": "violation(s)",
        "warnings": "warning(s)",
        "value": "value",
        "provision": "provision",
        "law": "Law at the case's dates",
        "rules": "rules",
        "in_force": "in force",
        "not_in_force": "not in force",
        "unknown": "unknown",
        "no_dates": "no date typed xsd:date, so no date rule was evaluated",
        "no_instruments": "no instrument of the case is in the graph",
        "no_case": "(results outside any case)",
        "summary": "{cases} case(s): {ok} conform, {bad} do not",
        "reference_conforms": "the reference data conforms to shapes/reference-data.ttl",
        "reference_fails": "does not conform: {violations} violation(s)",
    },
    "nl": {
        "case": "Dossier",
        "applicant": "Aanvrager",
        "items": "Goederen",
        "endUser": "Eindgebruiker",
        "decision": "Besluit",
        "assessment": "Beoordeling",
        "Violation": "Schending",
        "Warning": "Waarschuwing",
        "Info": "Info",
        "conforms": "voldoet",
        "fails": "VOLDOET NIET",
        "violations": "schending(en)",
        "warnings": "waarschuwing(en)",
        "value": "waarde",
        "provision": "bepaling",
        "law": "Recht op de data van het dossier",
        "rules": "regels",
        "in_force": "van kracht",
        "not_in_force": "niet van kracht",
        "unknown": "onbekend",
        "no_dates": "geen datum van type xsd:date, dus geen datumregel getoetst",
        "no_instruments": "geen instrument van het dossier staat in de graaf",
        "no_case": "(resultaten buiten een dossier)",
        "summary": "{cases} dossier(s): {ok} voldoen, {bad} voldoen niet",
        "reference_conforms": "de referentiegegevens voldoen aan shapes/reference-data.ttl",
        "reference_fails": "voldoet niet: {violations} schending(en)",
    },
}


def short(iri: str | None) -> str:
    """Write an IRI with the project's prefixes (exgsh:, sh:, exg:, exr:)."""
    if iri is None:
        return "-"
    for namespace, prefix in SHORT.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def render(outcomes: Sequence[ValidationOutcome], fmt: str, lang: str = "en") -> str:
    """Render outcomes as "text", "json" or "turtle"."""
    if fmt == "json":
        return json.dumps(as_json(outcomes), indent=2, ensure_ascii=False) + "\n"
    if fmt == "turtle":
        return as_turtle(outcomes, lang).serialize(format="turtle")
    return as_text(outcomes, lang)


def as_text(outcomes: Sequence[ValidationOutcome], lang: str = "en") -> str:
    """A report per case, grouped by case section and, within each, by severity."""
    words = WORDS.get(lang, WORDS["en"])
    lines: list[str] = []
    for outcome in outcomes:
        verdict = words["conforms"] if outcome.conforms else words["fails"]
        title = f"{words['case']} {outcome.case_id}" if outcome.case else words["no_case"]
        lines.append(
            f"{title}: {verdict} ({len(outcome.violations)} {words['violations']}, "
            f"{len(outcome.warnings)} {words['warnings']})"
        )
        if outcome.case:
            lines.append(f"  <{outcome.case}>" + (f"  {outcome.source}" if outcome.source else ""))
        for section in SECTION_ORDER:
            results = [r for r in outcome.results if r.section == section]
            if not results:
                continue
            lines.append(f"  {words[section]}")
            for result in results:
                lines.append(
                    f"    {words.get(result.severity, result.severity)}: {result.shape_name} "
                    f"[{short(result.shape)} {short(result.component)}]"
                )
                lines.append(f"      {result.message}")
                details = [f"<{result.focus}>"]
                if result.value is not None:
                    details.append(f"{words['value']}: {result.value}")
                if result.provisions:
                    details.append(f"{words['provision']}: {' '.join(result.provisions)}")
                lines.append("      " + "; ".join(details))
        if outcome.case:
            lines += _law_lines(outcome, words)
        lines.append("")
    ok = sum(1 for o in outcomes if o.conforms)
    lines.append(words["summary"].format(cases=len(outcomes), ok=ok, bad=len(outcomes) - ok))
    return "\n".join(lines) + "\n"


def reference_data_text(outcome: ValidationOutcome, lang: str = "en") -> str:
    """The report of `exportgraph check-data`: one line a result, then the verdict."""
    words = WORDS.get(lang, WORDS["en"])
    lines = []
    for result in outcome.results:
        where = f" {result.path}" if result.path else ""
        severity = words.get(result.severity, result.severity)
        lines.append(f"{severity}: <{result.focus}>{where}: {result.message}")
    if outcome.conforms:
        lines.append(words["reference_conforms"])
    else:
        lines.append(words["reference_fails"].format(violations=len(outcome.violations)))
    return "\n".join(lines)


def _law_lines(outcome: ValidationOutcome, words: dict[str, str]) -> list[str]:
    lines = [f"  {words['law']}"]
    if not outcome.dates:
        return lines + [f"    {words['no_dates']}"]
    for evaluation in outcome.dates:
        lines.append(
            f"    {evaluation.field} {evaluation.date} ({words['rules']} "
            f"{', '.join(evaluation.rules)})"
        )
        if not evaluation.instruments:
            lines.append(f"      {words['no_instruments']}")
        for instrument in evaluation.instruments:
            status = {True: "in_force", False: "not_in_force", None: "unknown"}[instrument.in_force]
            lines.append(f"      {words[status]}: {instrument.title} <{instrument.iri}>")
    return lines


def as_json(outcomes: Sequence[ValidationOutcome]) -> dict[str, Any]:
    """The outcomes as one JSON-ready object: {"conforms": ..., "cases": [...]}."""
    return {
        "conforms": all(o.conforms for o in outcomes),
        "cases": [
            {
                "case": o.case,
                "caseId": o.case_id,
                "source": o.source,
                "conforms": o.conforms,
                "violations": len(o.violations),
                "warnings": len(o.warnings),
                "results": [
                    {
                        "section": r.section,
                        "severity": r.severity,
                        "shape": short(r.shape),
                        "shapeName": r.shape_name,
                        "component": short(r.component),
                        "focusNode": r.focus,
                        "path": r.path,
                        "value": r.value,
                        "message": r.message,
                        "provisions": list(r.provisions),
                    }
                    for r in o.results
                ],
                "dates": [
                    {
                        "field": d.field,
                        "date": d.date,
                        "rules": list(d.rules),
                        "instruments": [
                            {"iri": i.iri, "title": i.title, "inForce": i.in_force}
                            for i in d.instruments
                        ],
                    }
                    for d in o.dates
                ],
            }
            for o in outcomes
        ],
    }


def as_turtle(outcomes: Sequence[ValidationOutcome], lang: str = "en") -> Graph:
    """One sh:ValidationReport per case; dcterms:subject names the case it reports on."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("exgsh", "https://w3id.org/exportgraph/shapes#")
    graph.bind("dcterms", DCTERMS)
    for outcome in outcomes:
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(outcome.conforms)))
        if outcome.case:
            graph.add((report, DCTERMS.subject, URIRef(outcome.case)))
        if outcome.source:
            graph.add((report, DCTERMS.source, Literal(outcome.source)))
        for r in outcome.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, URIRef(r.focus)))
            graph.add((node, SH.sourceShape, URIRef(r.shape)))
            graph.add((node, SH.sourceConstraintComponent, URIRef(r.component)))
            graph.add((node, SH.resultSeverity, SH[r.severity]))
            graph.add((node, SH.resultMessage, Literal(r.message, lang=lang)))
            if r.path:
                graph.add((node, SH.resultPath, URIRef(r.path)))
            if r.value is not None:
                graph.add((node, SH.value, _term(r.value)))
    return graph


def _term(value: str) -> URIRef | Literal:
    if value.startswith(("http://", "https://", "urn:")) and " " not in value:
        return URIRef(value)
    return Literal(value, datatype=None if value else XSD.string)
