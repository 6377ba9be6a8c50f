"""The exportgraph command: parse, call the core, render; errors become exit codes here.

Exit codes: 0 success (consistent, conforms), 1 a negative verdict (inconsistent, does not
conform), 2 a usage or input error.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from exportgraph.config import SETTINGS, Settings
from exportgraph.errors import ExportGraphError
from exportgraph.version import __version__

EXIT_NEGATIVE = 1
EXIT_ERROR = 2
AS_OF_HELP = "Ask the law as it stood on this date (YYYY-MM-DD)."


def _setting_help(name: str) -> str:
    setting = next(s for s in SETTINGS if s.name == name)
    return f"{setting.help} [default: {setting.default}; env EXPORTGRAPH_{name.upper()}]"


def reports_errors(command):
    """Turn the core's errors into a message on stderr and exit status 2, with no trace."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ExportGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exportgraph")
@click.option("--store", "store_url", metavar="URL", help=_setting_help("store"))
@click.option("--store-path", "store_path", metavar="DIR", help=_setting_help("store_path"))
def main(store_url: str | None, store_path: str | None) -> None:
    """A knowledge graph of export-control law for advanced semiconductor equipment.

    Query the law with SPARQL, check the ontology, and serve it all on the web.

    Example: exportgraph serve --port 8700
    """
    if store_url is not None:
        # Every command reads its settings from the environment: --store is EXPORTGRAPH_STORE.
        os.environ["EXPORTGRAPH_STORE"] = store_url
    if store_path is not None:
        os.environ["EXPORTGRAPH_STORE_PATH"] = store_path


@main.command()
@click.option("--host", help=_setting_help("host"))
@click.option("--port", type=int, help=_setting_help("port"))
@click.option("--threads", type=int, help=_setting_help("threads"))
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI=FILE",
    help="Load an RDF file as the named graph IRI beside the reference data (repeatable);"
    " it is published to every client, so never load confidential case records this way.",
)
@reports_errors
def serve(host: str | None, port: int | None, threads: int | None, graphs: tuple[str, ...]) -> None:
    """Start the web server on the embedded store, with the ontology and reference data loaded.

    It prints the URL it serves. The server is waitress, a production WSGI server; it never
    runs Flask's debug server. --graph loads your own RDF as a named graph, to join in SPARQL;
    whatever it loads is public.

    Example: exportgraph serve --host 127.0.0.1 --port 8700 --graph urn:my:notes=notes.ttl
    """
    from waitress import create_server

    from exportgraph import allocator
    from exportgraph.store.graph_option import parse_graph_options
    from exportgraph.web import create_app

    settings = Settings.load(host=host, port=port, threads=threads)
    named_graphs = parse_graph_options(graphs)
    # Every argument is checked before this: a restart must not be what reports a mistake.
    library = allocator.chosen_library(settings.memory_allocator)
    allocator.restart_with(library)
    app = create_app(settings, named_graphs=named_graphs)
    server = create_server(app, host=settings.host, port=settings.port, threads=settings.threads)
    store = app.config["EXPORTGRAPH_STORE"]
    url = f"http://{settings.host}:{server.effective_port}/"
    click.echo(f"exportgraph {__version__} serving {store.triple_count():,} triples at {url}")
    click.echo(f"SPARQL endpoint: {url}sparql  (Ctrl+C stops the server)")
    click.echo(allocator.describe(library))
    if app.config.get("EXPORTGRAPH_CASE_ENDPOINT") is not None:
        click.echo(
            f"case collections of {settings.store_path or settings.store}: answered only to"
            " requests that carry the case token (Authorization: Bearer ...)"
        )
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("stopped")


@main.command()
@click.option(
    "--with-data/--ontology-only",
    default=True,
    show_default=True,
    help="Reason over the ontology and the reference data, or over the ontology alone.",
)
@click.argument("extra", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@reports_errors
def reason(with_data: bool, extra: tuple[Path, ...]) -> None:
    """Check with HermiT that the ontology is consistent and every class can have members.

    EXTRA are further Turtle files to reason over with the ontology, for instance an axiom
    you want to try. Dates are reasoned over as xsd:dateTime (HermiT lacks xsd:date; see
    docs/decisions/0001-reasoning-over-dates.md). Exit status 0 when consistent with no
    unsatisfiable class, 1 otherwise, 2 when a file cannot be read or Java is missing.

    Example: exportgraph reason --ontology-only
    """
    from exportgraph.reasoning import check_consistency, reasoning_input

    files = reasoning_input(include_data=with_data, extra_files=extra)
    click.echo(f"Reasoning with HermiT over {len(files)} files ...", err=True)
    outcome = check_consistency(files)
    if not outcome.consistent:
        click.echo(f"INCONSISTENT: the {outcome.triples:,} triples cannot all be true.")
        click.echo(outcome.explanation)
        sys.exit(EXIT_NEGATIVE)
    if outcome.unsatisfiable_classes:
        click.echo(
            f"UNSATISFIABLE CLASSES ({len(outcome.unsatisfiable_classes)}): no member possible"
        )
        for iri in outcome.unsatisfiable_classes:
            click.echo(f"  {iri}")
        sys.exit(EXIT_NEGATIVE)
    click.echo(f"consistent: {outcome.triples:,} triples, no unsatisfiable class")


@main.command("check-data")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@reports_errors
def check_data(lang: str) -> None:
    """Validate the reference data against shapes/reference-data.ttl.

    Every legal resource needs a title, an identifier and a source; every control entry a code,
    a list and a source; every date must be an xsd:date. Exit status 0 when the data conforms,
    1 when it does not.

    Example: exportgraph check-data --lang nl
    """
    from exportgraph.cases.validation import validate_reference_data

    outcome = validate_reference_data(lang=lang)
    for result in outcome.results:
        where = f" {result.path}" if result.path else ""
        click.echo(f"{result.severity}: <{result.focus}>{where}: {result.message}")
    if not outcome.conforms:
        click.echo(f"does not conform: {len(outcome.violations)} violation(s)")
        sys.exit(EXIT_NEGATIVE)
    click.echo("the reference data conforms to shapes/reference-data.ttl")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Report for people (text) or machines (json, turtle).",
)
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@click.option(
    "--engine",
    type=click.Choice(["pyshacl", "setwise"]),
    default="pyshacl",
    show_default=True,
    help="pyshacl (the reference) or setwise (one query per constraint; fast on batches).",
)
@reports_errors
def validate(paths: tuple[Path, ...], fmt: str, lang: str, engine: str) -> None:
    """Validate licence case records against the shapes and the law in force on their dates.

    PATHS are case files (.ttl, .jsonld, or .json in the format of the README) or folders of
    them. The report on stdout is grouped per case by section and severity and names the
    rule, the field and the provision; stderr shows progress when there are many files. Exit
    status 0 when every case conforms (warnings allowed), 1 when one does not, 2 on bad input.

    Example: exportgraph validate tests/cases/valid --lang nl
    """
    from exportgraph.api.graph import ExportGraph
    from exportgraph.cases.reports import render

    def progress(done: int, total: int, name: str) -> None:
        if total >= 10 and (done % 10 == 0 or done == total):
            click.echo(f"validated {done}/{total} files", err=True)

    outcomes = ExportGraph.open().validate(paths, lang=lang, engine=engine, progress=progress)
    click.echo(render(outcomes, fmt, lang), nl=False)
    if not all(outcome.conforms for outcome in outcomes):
        sys.exit(EXIT_NEGATIVE)


@main.command()
@reports_errors
def info() -> None:
    """Print what the graph holds: triples, lists, regimes and resources per class.

    Example: exportgraph info
    """
    from exportgraph.api.stores import open_store_with_cases
    from exportgraph.publish.summary import summarize

    summary = summarize(open_store_with_cases())
    click.echo(f"{summary.triples:,} triples; {summary.fact_ids} fact-sheet lines carried")
    for title, rows in (
        ("Lists", summary.lists),
        ("Regimes", summary.regimes),
        ("Classes", summary.classes),
    ):
        click.echo(f"\n{title}:")
        for row in rows:
            click.echo(f"  {row.count:>6}  {row.name}")


@main.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the dumps into (created if missing).",
)
@click.option("--base-iri", help=_setting_help("base_iri"))
@reports_errors
def export(out: Path, base_iri: str | None) -> None:
    """Write the published graph (ontology and reference data, no case records) as dumps.

    Turtle, gzipped N-Triples and gzipped JSON-LD with the version in their names, a VoID and
    DCAT description of the dataset, and SHA-256 checksums (`sha256sum -c` reads them). Point
    the setting dumps_dir at the folder to serve these files under /dumps/.

    Example: exportgraph export --out dumps/
    """
    from exportgraph.publish.dumps import export as write_dumps

    settings = Settings.load(base_iri=base_iri)
    for dump in write_dumps(out, settings.base_iri):
        click.echo(f"{dump.sha256}  {out / dump.name}  ({dump.size:,} bytes)")


@main.command("load")
@reports_errors
def load() -> None:
    """Load the ontology and the reference data into the remote store (setting store).

    The store's graph (setting store_graph) is replaced, so a rerun leaves the same triples.
    With --store-path, each case collection load-cases stored there is pushed too, into its
    own graph on the server (replaced the same way); the public endpoint never reads it.
    Loading goes by the Graph Store Protocol (store_graph_store) or SPARQL Update
    (store_update), as store_user with store_password (HTTP digest or basic).

    Example: exportgraph --store http://127.0.0.1:8890/sparql --store-path cases.db load
    """
    import time

    from exportgraph.api.stores import PushProgress, load_remote_store

    def progress(done: int, total: int, name: str) -> None:
        click.echo(f"loaded {done}/{total} files ({name})", err=True)

    last_shown = [0.0]

    def case_progress(step: PushProgress) -> None:
        # At most one line a second, and always the last one of a collection.
        if step.sent < step.cases and time.monotonic() - last_shown[0] < 1.0:
            return
        last_shown[0] = time.monotonic()
        click.echo(
            f"pushed {step.sent:,}/{step.cases:,} cases of collection {step.collection}"
            f" ({step.cases_per_second:,.0f} cases/s)",
            err=True,
        )

    loaded = load_remote_store(progress=progress, case_progress=case_progress)
    click.echo(f"the store's graph holds {loaded.triples:,} triples")
    for pushed in loaded.collections:
        click.echo(
            f"collection {pushed.name}: {pushed.cases:,} cases, {pushed.triples:,} triples"
            f" in <{pushed.graph}>"
        )


@main.command("load-cases")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--collection",
    default="cases",
    show_default=True,
    help="Name of the collection (its graph is https://w3id.org/exportgraph/graph/cases/NAME).",
)
@click.option(
    "--engine",
    type=click.Choice(["setwise", "pyshacl"]),
    default="setwise",
    show_default=True,
    help="Validation engine (both give the same reports; setwise is much faster).",
)
@reports_errors
def load_cases(paths: tuple[Path, ...], collection: str, engine: str) -> None:
    """Validate case records and store the valid ones in a case collection on disk.

    PATHS are case files (.ttl, .jsonld, .json) or folders of them. Each case is validated as
    `exportgraph validate` does; a case with a violation is skipped and listed on stdout, and
    the valid ones are stored in the on-disk store of the setting store_path. A case already
    in the collection is replaced, so a rerun changes nothing. Collections are never
    published: the server answers them only to requests with the setting case_token. Stop a
    server that reads the store before loading. Exit status 0 when every case was stored, 1
    when some were skipped, 2 on bad input (a file that does not parse is skipped and named).

    Example: exportgraph --store-path cases.oxigraph load-cases exports/2024/ --collection y2024
    """
    from exportgraph.cases.collections import load_cases as load
    from exportgraph.cases.validation import CaseValidator
    from exportgraph.errors import ConfigurationError

    settings = Settings.load()
    if not settings.store_path:
        raise ConfigurationError(
            "load-cases writes to an on-disk store: give its folder with --store-path DIR"
            " (or EXPORTGRAPH_STORE_PATH)"
        )
    report = load(
        Path(settings.store_path),
        paths,
        collection,
        validator=CaseValidator(engine=engine, parse_cache=True),
        progress=_progress_bar(),
    )
    for skipped in report.skipped:
        what = f"{skipped.source}: case {skipped.case}" if skipped.case else skipped.source
        click.echo(f"skipped {what}")
        for reason in skipped.reasons:
            click.echo(f"    {reason}")
    click.echo(
        f"loaded {report.loaded:,} cases ({report.replaced:,} replaced earlier versions),"
        f" skipped {len(report.skipped) - len(report.unreadable_files):,} invalid cases and"
        f" {len(report.unreadable_files):,} unreadable files in {report.seconds:.1f} s;"
        f" collection {report.collection} holds {report.cases_in_collection:,} cases"
    )
    if report.unreadable_files:
        sys.exit(EXIT_ERROR)
    if report.skipped:
        sys.exit(EXIT_NEGATIVE)


def _progress_bar():
    """A progress line on stderr: cases, cases a second, percent done and time left."""
    interactive = sys.stderr.isatty()
    last = [0.0]
    shown_finished = [False]

    def show(progress) -> None:
        finished = progress.bytes_done >= progress.bytes_total
        if shown_finished[0] or (
            not interactive and not finished and progress.seconds - last[0] < 5
        ):
            return
        last[0], shown_finished[0] = progress.seconds, finished
        left = progress.seconds_left
        percent = 100 * progress.bytes_done / progress.bytes_total if progress.bytes_total else 100
        line = (
            f"{progress.cases:,} cases ({progress.loaded:,} stored, {progress.skipped:,} skipped)"
            f"  {progress.cases_per_second:,.0f} cases/s  {percent:3.0f}%"
            + (f"  {_duration(left)} left" if left is not None and not finished else "")
        )
        end = "\n" if finished or not interactive else ""
        click.echo(("\r" if interactive else "") + line.ljust(78) + end, err=True, nl=False)

    return show


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"


EXIT_UNKNOWN = 3


@main.command("licence-check")
@click.option("--item", required=True, help="A control code (3B001.f.4) or a model (NXT:2000i).")
@click.option("--destination", required=True, help="ISO 3166 alpha-3 code, e.g. CHN.")
@click.option("--date", "on", required=True, help="Date of the export, YYYY-MM-DD.")
@click.option("--origin", default="NLD", show_default=True, help="ISO3 code it leaves from.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@reports_errors
def licence_check(item: str, destination: str, on: str, origin: str, fmt: str) -> None:
    """Say whether an export needs a licence on a date, and why: the chain and its sources.

    Exit status 0 when the answer is known (yes or no), 3 when the graph cannot decide (it
    says what is missing), 2 on bad input (an unknown code or model names near matches).

    Example: exportgraph licence-check --item NXT:1980i --destination CHN --date 2024-09-10
    """
    import json

    from exportgraph.api.graph import ExportGraph
    from exportgraph.dates import parse_date
    from exportgraph.law.text_reports import licence_text

    on_date = parse_date(on, "--date")
    answer = ExportGraph.open().licence_check(item, destination, on_date, origin)
    if fmt == "json":
        click.echo(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(licence_text(answer))
    if answer.required is None:
        sys.exit(EXIT_UNKNOWN)


@main.command("diff")
@click.argument("list_ref", metavar="LIST")
@click.option("--from", "from_", required=True, help="Earlier date, YYYY-MM-DD.")
@click.option("--to", "to", required=True, help="Later date, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@reports_errors
def diff(list_ref: str, from_: str, to: str, fmt: str) -> None:
    """Show what changed on a control list between two dates, and which instrument did it.

    LIST is a list slug (nl-semiconductor-equipment, eu-annex-i) or its IRI. Entries added,
    removed or left in doubt, and model coverages that changed, each with the instrument
    responsible and its sources.

    Example: exportgraph diff nl-semiconductor-equipment --from 2024-09-01 --to 2024-09-10
    """
    import json

    from exportgraph.api.graph import ExportGraph
    from exportgraph.dates import parse_date
    from exportgraph.law.text_reports import diff_text

    changes = ExportGraph.open().diff(list_ref, parse_date(from_, "--from"), parse_date(to, "--to"))
    if fmt == "json":
        click.echo(json.dumps(changes.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(diff_text(changes))


@main.command("queries")
@reports_errors
def list_queries() -> None:
    """List the saved questions (queries/*.rq) with their parameters.

    Example: exportgraph queries
    """
    from exportgraph.endpoint.saved_queries import saved_queries

    for question in saved_queries():
        click.echo(f"{question.name}: {question.summary}")
        for parameter in question.parameters:
            need = "optional" if parameter.optional else "required"
            click.echo(
                f"    -p {parameter.name}=...  ({parameter.kind}, {need}) {parameter.description}"
            )


def answer_options(command):
    """The options of the commands that print a query's answer: its format and its date."""
    command = click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=AS_OF_HELP)(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
    )(command)


@main.command("query")
@click.argument("name")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter's value."
)
@answer_options
@reports_errors
def query(name: str, params: tuple[str, ...], fmt: str, as_of: str | None) -> None:
    """Run a saved question; its parameters are bound as values, never pasted into the text.

    With --as-of the question is asked of the law as it stood on that date.

    Example: exportgraph query regime-participation -p country=country:RUS --format csv
    """
    from exportgraph.endpoint.answer_text import render_answer
    from exportgraph.errors import InputError

    values = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise InputError(f"-p {param!r}: write a parameter as KEY=VALUE")
        values[key.strip()] = value
    click.echo(render_answer(_graph_as_of(as_of).saved_query(name, **values), fmt))


@main.command("sparql")
@click.argument("query_or_file")
@answer_options
@reports_errors
def sparql(query_or_file: str, fmt: str, as_of: str | None) -> None:
    """Run a SPARQL query (text, or a .rq file) on the local graph, read-only.

    The graph's prefixes (exg:, exr:, eli:, country:, skos:, ...) need no declaration.
    CONSTRUCT and DESCRIBE answers print as Turtle.

    Example: exportgraph sparql "SELECT ?code WHERE { ?e exg:code ?code }"
    """
    from exportgraph.endpoint.answer_text import render_answer
    from exportgraph.errors import InputError

    path = Path(query_or_file)
    if path.suffix == ".rq" and "\n" not in query_or_file:
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        text = path.read_text(encoding="utf-8")
    else:
        text = query_or_file
    click.echo(render_answer(_graph_as_of(as_of).query(text), fmt))


def _graph_as_of(as_of: str | None):
    """The graph, or the law as it stood on a date; says on stderr what the view left out."""
    from exportgraph.api.graph import ExportGraph
    from exportgraph.dates import parse_date

    graph = ExportGraph.open(with_cases=True)
    if as_of is None:
        return graph
    dated = graph.as_of(parse_date(as_of, "--as-of"))
    click.echo(
        f"as of {dated.on.isoformat()}: {len(dated.left_out)} resources not in force left out,"
        f" {len(dated.uncertain)} of unknown standing kept",
        err=True,
    )
    return dated
