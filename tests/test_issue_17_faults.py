"""Issue 17, the wiring faults found by running the code, each with the test that shows it fixed.

- A second query-worker pool (one is always started for the case token) inherited the first
  pool's end of its zygote pipe, so closing the first pool waited 5 s for a zygote that never
  saw the pipe close, and left it running.
- The set-wise engine's memo of sh:datatype verdicts kept every distinct literal it ever met.
- A CaseValidator with the set-wise engine still built a whole pySHACL validator (the shapes
  harvested over the reference graph) that it never ran.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.namespace import SH, XSD

from exportgraph.cases import setwise
from exportgraph.cases import validation as case_validation
from exportgraph.cases.reading import read_case_text
from exportgraph.cases.validation import CaseValidator
from exportgraph.endpoint import workers as worker_pools
from exportgraph.endpoint.workers import QueryJob, QueryWorkers
from exportgraph.namespaces import EXG

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
