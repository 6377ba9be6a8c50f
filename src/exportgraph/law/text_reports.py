"""Plain-text renderings of the licence check and the list diff, for the terminal."""

from __future__ import annotations

from exportgraph.law.citations import Citation
from exportgraph.law.licence import LicenceAnswer
from exportgraph.law.lineage import ListDiff

VERDICTS = {True: "YES, a licence is required", False: "NO licence required", None: "UNKNOWN"}


def licence_text(answer: LicenceAnswer) -> str:
    """Render a licence answer: verdict, instruments, chain with sources, reasons, gaps."""
    lines = [
        f"Licence check as of {answer.as_of.isoformat()}: {VERDICTS[answer.required]}",
        f"  item:        {answer.item.label} ({answer.item.kind}) <{answer.item.iri}>",
        f"  from:        {answer.origin.label} ({answer.origin.iso3})",
        f"  to:          {answer.destination.label} ({answer.destination.iso3})",
    ]
    if answer.item.note:
        lines.append(f"  asked as:    {answer.item.note}")
    if answer.requiring:
        lines.append("Required by:")
        for finding in answer.requiring:
            dates = finding.instrument.dates
            since = dates.get("in_force_from") or dates.get("applicable_from") or "unknown"
            lines.append(f"  {finding.instrument.label} (in force from {since})")
            lines.append(f"    <{finding.instrument.iri}>")
    if answer.reasons:
        lines.append("Why not:")
        lines += [f"  - [{r.code}] {r.message}" for r in answer.reasons]
    if answer.missing:
        lines.append("What the graph does not know:")
        lines += [f"  - {m}" for m in answer.missing]
    if answer.notes:
        lines.append("Where the model and its entry differ:")
        lines += [f"  - {n}" for n in answer.notes]
    for caveat in answer.caveats:
        lines.append(f"Caveat [{caveat.to_json()['code']}]: {caveat.label}")
        lines.append(f"  known: {caveat.known}")
        lines.append(f"  not known: {caveat.unknown}")
        lines.append(f"  if an Annex I entry holds it: {caveat.if_in_annex_i}")
        lines.append(f"  if none does: {caveat.if_outside_annex_i}")
        lines.append(f"  facts: {', '.join(caveat.evidence)}")
    if answer.chain:
        lines.append("Chain:")
        for step in answer.chain:
            lines += _cited(step.kind, step.citation)
    lines.append("Only the instruments in the graph are considered.")
    return "\n".join(lines)


def diff_text(diff: ListDiff) -> str:
    """Render a list diff: the changes with their instruments and sources."""
    lines = [
        f"{diff.list.label}",
        f"  changes from {diff.from_date.isoformat()} to {diff.to_date.isoformat()}"
        f" (as of {diff.to_date.isoformat()})",
    ]
    if not diff.changes:
        lines.append("  no entry or model coverage changed")
    for change in diff.changes:
        subject = change.subject.label if change.subject else "an entry of unknown code"
        by = change.instrument.label if change.instrument else "instrument unknown"
        lines.append(
            f"  {change.kind.upper():8} {change.record_kind:10} {subject}"
            f"  [{change.before} -> {change.after}]"
        )
        lines.append(f"           {change.on or 'date unknown'}: {by}")
        if change.note:
            lines.append(f"           {change.note}")
        for fact in change.record.facts:
            qualities = sorted({s.quality for s in fact.sources}) or ["no source"]
            lines.append(f"           source: fact {fact.fact_id} ({', '.join(qualities)})")
    if diff.instruments:
        lines.append("Instruments with a date in between:")
        lines += [f"  {e.on} {e.what}: {e.instrument.label}" for e in diff.instruments]
    return "\n".join(lines)


def _cited(kind: str, citation: Citation) -> list[str]:
    dates = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(citation.dates.items()))
    lines = [f"  {kind:16} {citation.label}" + (f" ({dates})" if dates else "")]
    lines.append(f"  {'':16} <{citation.iri}>")
    for fact in citation.facts:
        sources = "; ".join(f"{s.label} [{s.quality}]" for s in fact.sources) or "no source"
        lines.append(f"  {'':16} fact {fact.fact_id} ({fact.confidence}): {sources}")
    return lines
