"""Issue 17, the wiring faults found by running the code, each with the test that shows it fixed.

- A second query-worker pool (one is always started for the case token) inherited the first
  pool's end of its zygote pipe, so closing the first pool waited 5 s for a zygote that never
  saw the pipe close, and left it running.
- The licence check called a repealed instrument "not yet in force": in_force_on() is False
  both before an instrument starts and after it ends.
- The set-wise engine's memo of sh:datatype verdicts kept every distinct literal it ever met.
- A CaseValidator with the set-wise engine still built a whole pySHACL validator (the shapes
  harvested over the reference graph) that it never ran.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
from rdflib.namespace import SH, XSD

from exportgraph.cases import setwise
from exportgraph.cases import validation as case_validation
from exportgraph.cases.reading import read_case_text
from exportgraph.cases.validation import CaseValidator
from exportgraph.endpoint import workers as worker_pools
from exportgraph.endpoint.workers import QueryJob, QueryWorkers
from exportgraph.law.functions import Law
from exportgraph.law.licence import check_licence
from exportgraph.namespaces import EXG
from exportgraph.store.embedded import open_store

REGIMES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?regime WHERE { ?regime a exg:ExportControlRegime } ORDER BY ?regime"""


def test_closing_the_first_of_two_pools_lets_its_zygote_exit_on_its_own(store, monkeypatch):
    first = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50)
    second = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50)
    try:
        assert first.run(QueryJob(sparql=REGIMES)).rows > 0
        # A zygote that has to be killed after the wait is the fault: it never saw EOF.
        monkeypatch.setattr(worker_pools, "ZYGOTE_EXIT_TIMEOUT", 2.0)
        first.close()
        assert first._zygote.exitcode == 0  # exited and reaped, not killed by close()
        assert second.run(QueryJob(sparql=REGIMES)).rows > 0  # the second pool still answers
    finally:
        first.close()
        second.close()


def test_the_datatype_verdicts_kept_are_bounded_and_stay_right(monkeypatch):
    setwise._datatype_verdict.cache_clear()
    positive = XSD.positiveInteger
    typed = ox.NamedNode(str(positive))
    met = setwise.DATATYPE_VERDICTS_KEPT + 100
    for n in range(met):
        assert setwise._matches_datatype(ox.Literal(str(n), datatype=typed), positive) is (n > 0)
    assert setwise._datatype_verdict.cache_info().currsize == setwise.DATATYPE_VERDICTS_KEPT
    # "0" was the first met and has left the memo; its verdict is worked out again alike.
    assert setwise._matches_datatype(ox.Literal("0", datatype=typed), positive) is False
    assert setwise._matches_datatype(ox.Literal("x", language="nl"), XSD.string) is False
    assert setwise._matches_datatype(ox.Literal("x"), XSD.string) is True


class _CountedValidator(case_validation.Validator):
    built = 0

    def __init__(self, *args, **kwargs) -> None:
        type(self).built += 1
        super().__init__(*args, **kwargs)


QUANTITY_ZERO = """@base <https://w3id.org/exportgraph/id/> .
@prefix exg: <https://w3id.org/exportgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
<case/NL-EXP-2024-0501> a exg:LicenceCase ;
    exg:caseId "NL-EXP-2024-0501" ;
    exg:applicant [ a exg:Applicant ; exg:name "Example Exporter B.V." ] ;
    exg:caseItem <case/NL-EXP-2024-0501/item-1> ;
    exg:destination country:USA ;
    exg:endUser [ a exg:EndUser ; exg:name "Example Fab Inc." ; exg:country country:USA ] ;
    exg:endUseStatement "Production of commercial chips."@en ;
    exg:applicationDate "2024-03-01"^^xsd:date ;
    exg:decision [ a exg:LicenceDecision ; exg:outcome exg:pending ] .
<case/NL-EXP-2024-0501/item-1> a exg:CaseItem ;
    exg:controlEntry <entry/nl/3B001.l> ; exg:quantity "0"^^xsd:positiveInteger .
"""


def test_the_setwise_engine_builds_no_pyshacl_validator(store, monkeypatch):
    monkeypatch.setattr(_CountedValidator, "built", 0)
    monkeypatch.setattr(case_validation, "Validator", _CountedValidator)
    validator = CaseValidator(store=store, engine="setwise")
    [outcome] = validator.validate(read_case_text(QUANTITY_ZERO, "turtle"))
    assert _CountedValidator.built == 0
    assert [(r.path, r.component, r.value) for r in outcome.violations] == [
        (str(EXG.quantity), str(SH.DatatypeConstraintComponent), "0")
    ]


REGELING = "https://w3id.org/exportgraph/id/law/nl-regeling-2023-18212"
# Invented for the test, as the reference data holds no end for the Regeling: one act that
# repeals it and another end written as eli:date_no_longer_in_force.
REPEALED = """@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:test:repealing-act> rdfs:label "A repealing act made up by the test"@en ;
    eli:repeals <https://w3id.org/exportgraph/id/law/nl-regeling-2023-18212> ;
    eli:first_date_entry_in_force "2024-01-01"^^xsd:date .
"""
ENDED = """@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/exportgraph/id/law/nl-regeling-2023-18212>
    eli:date_no_longer_in_force "2023-12-31"^^xsd:date .
"""


@pytest.mark.parametrize(
    ("turtle", "how"),
    [
        (REPEALED, "(repealed by A repealing act made up by the test, in force from 2024-01-01)"),
        (ENDED, "(in force until 2023-12-31)"),
    ],
)
def test_an_instrument_that_left_force_is_no_longer_in_force_not_not_yet(tmp_path, turtle, how):
    (tmp_path / "end.ttl").write_text(turtle, encoding="utf-8")
    store = open_store(extra_files=[tmp_path / "end.ttl"])
    law = Law(store)
    assert law.in_force_on(REGELING, date(2024, 3, 1)) is False
    assert law.no_longer_in_force_on(REGELING, date(2024, 3, 1))
    assert not law.no_longer_in_force_on(REGELING, date(2023, 8, 1))  # not yet, not ended

    before = check_licence(store, "NXT:2000i", "CHN", date(2023, 10, 2))
    assert before.required is True
    after = check_licence(store, "NXT:2000i", "CHN", date(2024, 3, 1))
    assert after.required is False
    [reason] = after.reasons
    assert reason.code == "no-longer-in-force"
    assert reason.message.endswith(f"was no longer in force on 2024-03-01 {how}")


def test_an_instrument_before_its_start_is_still_not_yet_in_force(store):
    law = Law(store)
    assert law.in_force_on(REGELING, date(2023, 8, 1)) is False
    assert not law.no_longer_in_force_on(REGELING, date(2023, 8, 1))
