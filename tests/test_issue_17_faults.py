"""Issue 17, the wiring faults found by running the code, each with the test that shows it fixed.

- A second query-worker pool (one is always started for the case token) inherited the first
  pool's end of its zygote pipe, so closing the first pool waited 5 s for a zygote that never
  saw the pipe close, and left it running.
- With a remote store, a dated (as_of) SPARQL query ran in the request's thread with no time
  limit; now it runs in a worker over a copy of the published graph, under query_timeout.
- /validate built its validator without the remote store's reference graph (the CLI had it):
  one method, exportgraph.api.graph.ExportGraph.validator, now builds it for both. The set-wise
  engine read the reference files whatever the store; it now reads the validator's graph too.
- The licence check called a repealed instrument "not yet in force": in_force_on() is False
  both before an instrument starts and after it ends.
- The set-wise engine's memo of sh:datatype verdicts kept every distinct literal it ever met.
- A CaseValidator with the set-wise engine still built a whole pySHACL validator (the shapes
  harvested over the reference graph) that it never ran.
"""

from __future__ import annotations

import json
from datetime import date

import pyoxigraph as ox
import pytest
from rdflib.namespace import SH, XSD

from exportgraph.api.graph import ExportGraph
from exportgraph.cases import setwise
from exportgraph.cases import validation as case_validation
from exportgraph.cases.reading import read_case_text
from exportgraph.cases.validation import CaseValidator
from exportgraph.config import Settings
from exportgraph.endpoint import workers as worker_pools
from exportgraph.endpoint.core import SparqlEndpoint, SparqlRequest
from exportgraph.endpoint.remote import RemoteSparqlEndpoint
from exportgraph.endpoint.workers import QueryJob, QueryTimeoutError, QueryWorkers
from exportgraph.law.functions import Law
from exportgraph.law.licence import check_licence
from exportgraph.namespaces import EXG
from exportgraph.store.embedded import open_store
from exportgraph.web import create_app
from tests.in_process_server import InProcessServerStore

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


# About 200 billion rows to count over the reference graph: past any limit.
EVERY_TRIPLE_OF_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_a_dated_query_over_a_remote_store_keeps_the_time_limit():
    # The limit leaves a fresh worker time to build its dated view on a busy machine.
    settings = Settings(query_timeout=2, query_workers=1)
    endpoint = RemoteSparqlEndpoint(InProcessServerStore(), settings)
    try:
        with pytest.raises(QueryTimeoutError):
            endpoint.answer(SparqlRequest(EVERY_TRIPLE_OF_TRIPLES, as_of=date(2024, 1, 1)))
        # The worker that was stopped has been replaced: the next dated question is answered.
        assert endpoint.answer(SparqlRequest(TRIPLES, as_of=date(2024, 1, 1))).rows > 0
    finally:
        endpoint.close()


def test_a_dated_query_over_a_remote_store_answers_as_over_the_embedded_one(store):
    settings = Settings(query_workers=1)
    remote = RemoteSparqlEndpoint(InProcessServerStore(), settings)
    embedded = SparqlEndpoint(store, settings)
    try:
        counts = []
        for on in (date(2023, 8, 31), date(2023, 9, 1)):
            asked = SparqlRequest(TRIPLES, as_of=on)
            body = remote.answer(asked).body
            assert body == embedded.answer(asked).body
            counts.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
        # The dates matter: the Regeling entered into force on 1 September 2023.
        assert counts[0] < counts[1] < store.triple_count()
    finally:
        remote.close()
        embedded.close()


# The control entry of an item: a code the reference files do not hold (as in the fixture
# tests/cases/invalid/CaseItem-controlEntry--unknown-code.ttl), which the remote store's
# published graph holds in this test (made up, like the case).
ENTRY_ON_THE_SERVER_ONLY = """@prefix exg: <https://w3id.org/exportgraph/ontology#> .
<https://w3id.org/exportgraph/id/entry/nl/3B001.z.9> a exg:ControlEntry .
"""
CASE_WITH_THAT_ENTRY = QUANTITY_ZERO.replace('"0"^^xsd:positiveInteger', '"1"^^xsd:positiveInteger')
CASE_WITH_THAT_ENTRY = CASE_WITH_THAT_ENTRY.replace("<entry/nl/3B001.l>", "<entry/nl/3B001.z.9>")


def _entry_not_known(results) -> list:
    return [
        r
        for r in results
        if r["component"] == "sh:ClassConstraintComponent" and r["path"] == str(EXG.controlEntry)
    ]


def test_validate_over_a_remote_store_judges_by_that_store_s_law(store, tmp_path):
    # Judged by the reference files alone, the entry is unknown: the case tells the two apart.
    [local] = CaseValidator(store=store, parse_cache=True).validate(
        read_case_text(CASE_WITH_THAT_ENTRY, "turtle")
    )
    assert [r.component for r in local.violations if r.path == str(EXG.controlEntry)] == [
        str(SH.ClassConstraintComponent)
    ]
    (tmp_path / "entry.ttl").write_text(ENTRY_ON_THE_SERVER_ONLY, encoding="utf-8")
    remote = InProcessServerStore(extra_files=[tmp_path / "entry.ttl"])
    app = create_app(Settings(query_workers=1), store=remote)
    try:
        response = app.test_client().post(
            "/validate",
            data=CASE_WITH_THAT_ENTRY,
            headers={"Content-Type": "text/turtle", "Accept": "application/json"},
        )
    finally:
        app.config["EXPORTGRAPH_ENDPOINT"].close()
    assert response.status_code == 200
    [case] = response.get_json()["cases"]
    assert case["caseId"] == "NL-EXP-2024-0501"
    assert not _entry_not_known(case["results"])
    assert case["conforms"] is True


def test_the_setwise_engine_judges_by_the_remote_store_s_law_too(tmp_path):
    (tmp_path / "entry.ttl").write_text(ENTRY_ON_THE_SERVER_ONLY, encoding="utf-8")
    remote = InProcessServerStore(extra_files=[tmp_path / "entry.ttl"])
    validator = ExportGraph(remote).validator("setwise")
    [outcome] = validator.validate(read_case_text(CASE_WITH_THAT_ENTRY, "turtle"))
    assert outcome.conforms
    assert not [r for r in outcome.results if r.path == str(EXG.controlEntry)]
