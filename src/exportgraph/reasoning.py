"""Check the ontology (and the reference data) with the HermiT DL reasoner.

The only module that imports owlready2, for the HermiT reasoner it ships, which runs on Java.

HermiT rejects xsd:date, which is not in the OWL 2 datatype map, while ELI and our data rightly
use it. We reason over a copy in which every xsd:date literal becomes the xsd:dateTime at the
start of that day. The mapping is one-to-one and keeps order, so the copy is consistent exactly
when the original is (no axiom of ours constrains dates by facets), and no date in the published
graph changes. See docs/decisions/0001-reasoning-over-dates.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from exportgraph.config import turtle_files
from exportgraph.errors import InputError, ReasonerError


@dataclass(frozen=True)
class ReasoningOutcome:
    """What HermiT found: consistent or not, and the classes that can have no member."""

    consistent: bool
    unsatisfiable_classes: tuple[str, ...] = ()
    explanation: str = ""
    triples: int = 0
    files: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable_classes


@dataclass(frozen=True)
class ReasoningInput:
    """The files of a run, parsed into one graph."""

    graph: Graph
    names: tuple[str, ...]


def reasoning_input(include_data: bool = True, extra_files: Iterable[Path] = ()) -> list[Path]:
    """Return the files a reasoning run reads: the ontology, the reference data, extra files."""
    files = turtle_files("ontology")
    if include_data:
        files += turtle_files("data")
    return files + list(extra_files)


def dates_as_datetimes(graph: Graph) -> Graph:
    """Return a copy of graph in which xsd:date becomes xsd:dateTime at midnight.

    Literals and datatype references (rdfs:range xsd:date) are both rewritten.
    """
    copy = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.date:
            o = Literal(f"{o}T00:00:00", datatype=XSD.dateTime)
        elif o == XSD.date:
            o = XSD.dateTime
        copy.add((s, p, o))
    return copy


def read_input(files: Iterable[Path]) -> ReasoningInput:
    """Parse the files and check Java is there: all a run needs, before it is announced.

    Raises:
        InputError: a file is missing or is not valid Turtle.
        ReasonerError: Java is missing.
    """
    files = list(files)
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{path}: a folder, not a Turtle file") from None
        except Exception as exc:  # rdflib raises several unrelated parser exceptions
            raise InputError(f"{path}: not valid Turtle: {exc}") from None
    if shutil.which("java") is None:
        raise ReasonerError(
            "HermiT needs Java and no 'java' is on the PATH;"
            " install a Java runtime (Debian: apt-get install default-jre-headless)"
        )
    return ReasoningInput(graph, tuple(p.name for p in files))


def check_consistency(files: Iterable[Path] | ReasoningInput) -> ReasoningOutcome:
    """Run HermiT over the files (or their input read already) and report consistency and
    unsatisfiable classes.

    Raises:
        InputError: a file is not valid Turtle.
        ReasonerError: Java is missing or the reasoner failed for another reason.
    """
    given = files if isinstance(files, ReasoningInput) else read_input(files)
    with tempfile.TemporaryDirectory(prefix="exportgraph-reason-") as tmp:
        nt = Path(tmp) / "input.nt"
        dates_as_datetimes(given.graph).serialize(nt, format="nt", encoding="utf-8")
        return _run_hermit(nt, len(given.graph), given.names)


# HermiT's command line, as owlready2 ships it, asked only to classify the classes (-c): that
# answers both questions (an inconsistent ontology stops any task; an unsatisfiable class comes
# out equivalent to owl:Nothing). owlready2's sync_reasoner also classifies the properties and
# realises every individual, which takes ten times as long and answers nothing asked here.
_HERMIT = "org.semanticweb.HermiT.cli.CommandLine"
_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_EQUIVALENT = re.compile(r"^EquivalentClasses\( ((?:<[^>]+>\s*)+)\)$", re.MULTILINE)


def _run_hermit(nt: Path, triples: int, names: tuple[str, ...]) -> ReasoningOutcome:
    import owlready2
    import owlready2.reasoning

    command = [
        owlready2.JAVA_EXE,
        f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M",
        "-cp",
        owlready2.reasoning._HERMIT_CLASSPATH,
        _HERMIT,
        "-c",
        nt.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    output = result.stdout + result.stderr
    if result.returncode == 1 and "Inconsistent ontology" in output:
        return ReasoningOutcome(
            consistent=False, explanation=_first_lines(output), triples=triples, files=names
        )
    if result.returncode != 0:
        raise ReasonerError(f"HermiT failed: {_first_lines(output)}")
    return ReasoningOutcome(
        consistent=True,
        unsatisfiable_classes=_unsatisfiable(result.stdout),
        triples=triples,
        files=names,
    )


def _unsatisfiable(classification: str) -> tuple[str, ...]:
    """The classes HermiT's classification puts equivalent to owl:Nothing."""
    found: set[str] = set()
    for match in _EQUIVALENT.finditer(classification):
        iris = match.group(1).strip()[1:-1].split("> <")
        if _NOTHING in iris:
            found.update(
                iri for iri in iris if not iri.startswith("http://www.w3.org/2002/07/owl#")
            )
    return tuple(sorted(found))


def _first_lines(text: str, count: int = 8) -> str:
    return "\n".join(line for line in text.strip().splitlines()[:count])
