"""Generate fictional licence case records for the benchmarks, reproducibly from a seed.

Codes, models, instruments and dates are the real ones of the reference data (fact sheet
NL-27..NL-33, NL-39, NL-40, EQ-01..EQ-03, EU-05, EU-06); parties are made up. About one case
in four breaks a rule (R1, R2, R3, R5, R6, a missing field) or draws a warning (R4, R7), so
every constraint has work to do.

Usage: python benchmarks/casegen.py N [--seed S] > cases.ttl
       python benchmarks/casegen.py 100000 --out cases/ [--per-file 1000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, XSD

EXG = Namespace("https://w3id.org/exportgraph/ontology#")
EXR = Namespace("https://w3id.org/exportgraph/id/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
CODES = ("3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007")
MODELS = ("asml-twinscan-nxt-2000i", "asml-twinscan-nxt-1980i", "asml-twinscan-nxt-1970i")
DESTINATIONS = ("CHN", "USA", "KOR", "JPN", "TWN", "SGP", "MYS", "IND")
OUTCOMES = ("granted", "refused", "withdrawn", "pending", "noLicenceRequired")
FLAWS = ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "no-end-user", "no-quantity")


def generate(count: int, seed: int = 2024, first: int = 0) -> Graph:
    """Return a graph of count cases, numbered from first; the same seed gives the same cases."""
    rng = random.Random(seed)
    graph = Graph()
    for number in range(first, first + count):
        flaw = rng.choice(FLAWS) if rng.random() < 0.25 else None
        _case(graph, rng, number, flaw)
    return graph


def _case(graph: Graph, rng: random.Random, number: int, flaw: str | None) -> None:
    case_id = f"NL-EXP-{2023 + number % 3}-{number % 10000:04d}"
    case = EXR[f"case/bench-{number}"]
    applied = date(2023, 9, 1) + timedelta(days=rng.randrange(0, 660))
    if flaw == "R3":
        applied = date(2023, 8, rng.randrange(1, 31))
    destination = "DEU" if flaw == "R4" else rng.choice(DESTINATIONS)
    outcome = rng.choice(("granted", "refused", "withdrawn", "pending"))
    outcome = {"R5": "refused", "R6": "noLicenceRequired"}.get(flaw or "", outcome)
    add = graph.add
    add((case, RDF.type, EXG.LicenceCase))
    add((case, EXG.caseId, Literal(case_id)))
    add((case, EXG.destination, COUNTRY[destination]))
    add((case, EXG.endUseStatement, Literal("Production of commercial chips.", lang="en")))
    add((case, EXG.applicationDate, Literal(applied.isoformat(), datatype=XSD.date)))
    applicant = EXR[f"case/bench-{number}/applicant"]
    add((case, EXG.applicant, applicant))
    add((applicant, RDF.type, EXG.Applicant))
    add((applicant, EXG.name, Literal(f"Sample Exporter {number} B.V.")))
    if flaw != "no-end-user":
        end_user = EXR[f"case/bench-{number}/end-user"]
        add((case, EXG.endUser, end_user))
        add((end_user, RDF.type, EXG.EndUser))
        add((end_user, EXG.name, Literal(f"Example Fab {number}")))
        add((end_user, EXG.country, COUNTRY["MYS" if flaw == "R7" else destination]))
    for n in range(1, rng.choice((1, 1, 2)) + 1):
        item = EXR[f"case/bench-{number}/item-{n}"]
        add((case, EXG.caseItem, item))
        add((item, RDF.type, EXG.CaseItem))
        add((item, EXG.controlEntry, EXR["entry/nl/" + rng.choice(CODES)]))
        if flaw != "no-quantity":
            add(
                (
                    item,
                    EXG.quantity,
                    Literal(str(rng.randrange(1, 5)), datatype=XSD.positiveInteger),
                )
            )
        if rng.random() < 0.3:
            add(
                (
                    item,
                    EXG.model,
                    EXR["model/" + rng.choice(MODELS[:1] if flaw == "R3" else MODELS)],
                )
            )
    decision = EXR[f"case/bench-{number}/decision"]
    add((case, EXG.decision, decision))
    add((decision, RDF.type, EXG.LicenceDecision))
    add((decision, EXG.outcome, EXG[outcome]))
    if outcome != "pending":
        days = -rng.randrange(1, 30) if flaw == "R1" else rng.randrange(10, 120)
        decided = max(applied + timedelta(days=days), date(2023, 9, 1))
        add((decision, EXG.decisionDate, Literal(decided.isoformat(), datatype=XSD.date)))
        basis = "law/eu-reg-428-2009" if flaw == "R2" else "law/nl-regeling-2023-18212"
        add((decision, EXG.legalBasisCited, EXR[basis]))
    if flaw != "R5":
        assessment = EXR[f"case/bench-{number}/assessment-1"]
        add((case, EXG.assessment, assessment))
        add((assessment, RDF.type, EXG.StrategicGoalAssessment))
        add((assessment, EXG.goal, EXR[f"goal/{rng.randrange(1, 4)}"]))


PREFIXES = {"exg": str(EXG), "exr": str(EXR), "country": str(COUNTRY), "xsd": str(XSD)}


def turtle_text(count: int, seed: int = 2024) -> str:
    """generate(count, seed) as one Turtle document, each subject's triples together.

    rdflib's Turtle writer took minutes for 10,000 cases, so the graph goes out as N-Triples
    and Oxigraph writes the Turtle. The text is kept in the temporary folder under a name
    that holds this file's digest, so a changed generator makes new text.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    cached = Path(tempfile.gettempdir()) / f"exportgraph-casegen-{count}-{seed}-{digest}.ttl"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    triples = generate(count, seed).serialize(format="nt", encoding="utf-8")
    quads = list(pyoxigraph.parse(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    quads.sort(key=lambda quad: (quad.subject.value, quad.predicate.value))
    text = pyoxigraph.serialize(
        quads, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES
    ).decode("utf-8")
    partial = cached.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(cached)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--out", type=Path, help="write files of --per-file cases into this folder, not stdout"
    )
    parser.add_argument("--per-file", type=int, default=1000)
    args = parser.parse_args()
    if args.out is None:
        sys.stdout.write(generate(args.count, args.seed).serialize(format="turtle"))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    for first in range(0, args.count, args.per_file):
        cases = generate(min(args.per_file, args.count - first), args.seed + first, first)
        # N-Triples is Turtle too, and rdflib writes it many times faster.
        cases.serialize(args.out / f"cases-{first:07d}.ttl", format="nt", encoding="utf-8")


if __name__ == "__main__":
    main()
