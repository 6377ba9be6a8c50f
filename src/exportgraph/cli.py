"""The exportgraph command: parse, call the core, render; errors become exit codes here.

Exit codes: 0 success (consistent, conforms), 1 a negative verdict (inconsistent, does not
conform), 2 a usage or input error.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from exportgraph.config import SETTINGS, Settings
from exportgraph.errors import ExportGraphError, InputError, StoreError
from exportgraph.version import __version__

EXIT_NEGATIVE = 1
EXIT_ERROR = 2
AS_OF_HELP = "Ask the law as it stood on this date (YYYY-MM-DD)."
STORE_OPTIONS = ("--store", "--store-path")


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


@dataclass
class StoreChoice:
    """The store this one call chose with --store and --store-path; kept on click's ctx.obj.

    Never written to os.environ: a call must not leave its store to the calls after it in
    the same process (a test run, a server started from a test).
    """

    store: str | None = None
    store_path: str | None = None


def _remember_store(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None and param.name is not None:
        setattr(ctx.ensure_object(StoreChoice), param.name, value)


def store_options(command):
    """--store and --store-path, accepted before the command's name and after it alike."""
    for name, metavar in (("store_path", "DIR"), ("store", "URL")):
        command = click.option(
            "--" + name.replace("_", "-"),
            name,
            metavar=metavar,
            expose_value=False,
            callback=_remember_store,
            help=_setting_help(name),
        )(command)
    return command


def cli_settings(**overrides) -> Settings:
    """The settings of this call: defaults < EXPORTGRAPH_* < --store/--store-path < overrides.

    Raises:
        ConfigurationError: a setting's value cannot be used.
    """
    choice = click.get_current_context().find_object(StoreChoice) or StoreChoice()
    return Settings.load(store=choice.store, store_path=choice.store_path, **overrides)


class Command(click.Command):
    """A command whose "No such option" says when the option is exportgraph's own."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            if exc.option_name not in STORE_OPTIONS:
                raise
            raise click.NoSuchOption(
                exc.option_name,
                f"No such option: {exc.option_name}. `exportgraph {self.name}` reads no store;"
                f" {exc.option_name} is for the commands that do (exportgraph --help).",
                ctx=ctx,
            ) from None


class Group(click.Group):
    command_class = Command


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exportgraph")
@store_options
def main() -> None:
    """A knowledge graph of export-control law for advanced semiconductor equipment.

    Query the law with SPARQL, check the ontology, and serve it all on the web. --store and
    --store-path may come before the command or after it.

    Example: exportgraph serve --port 8700
    """


@main.command()
@click.option("--host", help=_setting_help("host"))
@click.option("--port", type=int, help=_setting_help("port"))
@click.option("--threads", type=int, help=_setting_help("threads"))
@click.option(
    "--query-worker-memory-mb",
    "worker_memory",
    type=int,
    help=_setting_help("query_worker_memory_mb"),
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI=FILE",
    help="Load an RDF file as the named graph IRI beside the reference data (repeatable);"
    " it is published to every client, so never load confidential case records this way.",
)
@store_options
@reports_errors
def serve(
    host: str | None,
    port: int | None,
    threads: int | None,
    worker_memory: int | None,
    graphs: tuple[str, ...],
) -> None:
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
    from exportgraph.web.listening import listening_socket

    settings = cli_settings(
        host=host, port=port, threads=threads, query_worker_memory_mb=worker_memory
    )
    named_graphs = parse_graph_options(graphs)
    library = allocator.chosen_library(settings.memory_allocator)
    # A port in use is told now, not after the graph is loaded and the workers forked.
    listener = listening_socket(settings.host, settings.port)
    try:
        # Every argument is checked before this: a restart must not be what reports a
        # mistake. The restarted program binds its own listener (sockets are not inherited).
        allocator.restart_with(library)
        app = create_app(settings, named_graphs=named_graphs)
        server = create_server(app, sockets=[listener], threads=settings.threads)
    except BaseException:
        listener.close()
        raise
    store = app.config["EXPORTGRAPH_STORE"]
    url = f"http://{settings.host}:{server.effective_port}/"
    try:
        size = f"{store.triple_count():,} triples"
    except StoreError as exc:
        # A store that is down now may be back in a minute: serve, and say so.
        click.echo(
            f"Warning: {exc}. Serving anyway: requests that need the store answer 502 or 504"
            " until it is back, then answer again by themselves.",
            err=True,
        )
        size = f"the store at {settings.store}"
    click.echo(f"exportgraph {__version__} serving {size} at {url}")
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
@click.argument(
    "extra", nargs=-1, type=click.Path(path_type=Path, exists=True, dir_okay=False, readable=True)
)
@reports_errors
def reason(with_data: bool, extra: tuple[Path, ...]) -> None:
    """Check with HermiT that the ontology is consistent and every class can have members.

    EXTRA are further Turtle files to reason over with the ontology, for instance an axiom
    you want to try. Dates are reasoned over as xsd:dateTime (HermiT lacks xsd:date; see
    docs/decisions/0001-reasoning-over-dates.md). Exit status 0 when consistent with no
    unsatisfiable class, 1 otherwise, 2 when a file cannot be read or Java is missing.

    Example: exportgraph reason --ontology-only
    """
    from exportgraph.reasoning import check_consistency, read_input, reasoning_input

    # Every file is read, and Java found, before the (slow) run is announced.
    given = read_input(reasoning_input(include_data=with_data, extra_files=extra))
    click.echo(
        f"Reasoning with HermiT over {len(given.names)} files ({len(given.graph):,} triples) ...",
        err=True,
    )
    outcome = check_consistency(given)
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
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default="en",
    show_default=True,
    help="Language of the report: its messages and its verdict.",
)
@click.option(
    "--with",
    "drafts",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A Turtle file to check together with the reference data, e.g. a new instrument "
    "before it goes into data/ (repeatable).",
)
@reports_errors
def check_data(lang: str, drafts: tuple[Path, ...]) -> None:
    """Validate the reference data against shapes/reference-data.ttl.

    Every legal resource needs a title, an identifier and a source; every control entry a code,
    a list and a source; every date must be an xsd:date. Nothing may rest on what was not read:
    a FROM-MEMORY fact only where the text says so, no date where the sources conflict, no
    originating regime guessed from a code, no term citing a document it was not read in.
    Nor the usual mistakes of an update (docs/curating.md): a membership without its
    instrument, an undated instrument, evidence naming an undeclared fact, a reproduction typed
    official, a code no fact states. Exit status 0 when the data conforms, 1 when it does not,
    2 when a --with file cannot be read.

    Example: exportgraph check-data --lang nl --with draft-amendment.ttl
    """
    from exportgraph.cases.reports import reference_data_text
    from exportgraph.cases.validation import validate_reference_data
    from exportgraph.store.rdf_files import parse_turtle_files, reference_graph

    graph = parse_turtle_files(drafts, reference_graph()) if drafts else None
    outcome = validate_reference_data(graph, lang=lang)
    click.echo(reference_data_text(outcome, lang))
    if not outcome.conforms:
        sys.exit(EXIT_NEGATIVE)


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
@store_options
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

    outcomes = ExportGraph.open(cli_settings()).validate(
        paths, lang=lang, engine=engine, progress=progress
    )
    click.echo(render(outcomes, fmt, lang), nl=False)
    if not all(outcome.conforms for outcome in outcomes):
        sys.exit(EXIT_NEGATIVE)


@main.command()
@store_options
@reports_errors
def info() -> None:
    """Print what the graph holds: triples, lists, regimes and resources per class.

    Example: exportgraph info
    """
    from exportgraph.api.stores import open_store_with_cases
    from exportgraph.publish.summary import summarize

    summary = summarize(open_store_with_cases(cli_settings()))
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
@click.option(
    "--base-iri",
    metavar="IRI",
    help="Where the dataset is published: the VoID file's dataset IRI, SPARQL endpoint and"
    " download URLs go under it. The IRIs in the dumps do not change (they stay"
    " https://w3id.org/exportgraph/id/...), and void:uriSpace names those."
    " [default: https://w3id.org/exportgraph/; env EXPORTGRAPH_BASE_IRI]",
)
@reports_errors
def export(out: Path, base_iri: str | None) -> None:
    """Write the published graph (ontology and reference data, no case records) as dumps.

    Turtle, gzipped N-Triples and gzipped JSON-LD with the software's version in their names,
    a VoID and DCAT description of the dataset naming the data release (data/release.ttl: its
    own version and issue date), and SHA-256 checksums (`sha256sum -c` reads them). Point
    the setting dumps_dir at the folder to serve these files under /dumps/. The files are
    written as any program writes a file: readable by others unless the umask says not.

    Example: exportgraph export --out dumps/ --base-iri https://data.example.org/exportgraph/
    """
    from exportgraph.publish.dataset import data_release
    from exportgraph.publish.dumps import export as write_dumps
    from exportgraph.store.embedded import open_store

    settings = cli_settings(base_iri=base_iri)
    store = open_store()
    version, issued = data_release(store)
    click.echo(
        f"data release {version or 'unknown'} (issued {issued or 'unknown'}),"
        f" written by exportgraph {__version__}"
    )
    for dump in write_dumps(out, settings.base_iri, store):
        click.echo(f"{dump.sha256}  {out / dump.name}  ({dump.size:,} bytes)")


@main.command("load")
@store_options
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

    loaded = load_remote_store(cli_settings(), progress=progress, case_progress=case_progress)
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
@store_options
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

    settings = cli_settings()
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
    """A progress line on stderr: cases, cases a second, percent done and time left.

    On a terminal the line is rewritten after every batch; otherwise (a log, a pipe) a line
    is written after the first batch, so the time left shows at once, then every 5 seconds.
    """
    interactive = sys.stderr.isatty()
    last: list[float | None] = [None]
    shown_finished = [False]

    def show(progress) -> None:
        finished = progress.bytes_done >= progress.bytes_total
        previous = last[0]
        if shown_finished[0] or (
            not interactive
            and not finished
            and previous is not None
            and progress.seconds - previous < 5
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
@click.option("--destination", required=True, help="An assigned ISO 3166-1 alpha-3 code, e.g. CHN.")
@click.option("--date", "on", required=True, help="Date of the export, YYYY-MM-DD.")
@click.option(
    "--origin", default="NLD", show_default=True, help="ISO 3166-1 alpha-3 code it leaves from."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@store_options
@reports_errors
def licence_check(item: str, destination: str, on: str, origin: str, fmt: str) -> None:
    """Say whether an export needs a licence on a date, and why: the chain and its sources.

    Exit status 0 when the answer is known (yes or no), 3 when the graph cannot decide (it
    says what is missing), 2 on bad input: a destination or origin that is no assigned ISO
    3166-1 alpha-3 code, or an item the graph does not hold; the message names the field and
    near matches (GER -> DEU). With --format json the error is also a JSON object on stdout.

    Example: exportgraph licence-check --item NXT:1980i --destination CHN --date 2024-09-10
    """
    import json

    from exportgraph.api.graph import ExportGraph
    from exportgraph.dates import parse_date
    from exportgraph.law.text_reports import licence_text

    try:
        on_date = parse_date(on, "--date")
        graph = ExportGraph.open(cli_settings())
        answer = graph.licence_check(item, destination, on_date, origin)
    except InputError as exc:
        if fmt == "json":  # a program reading stdout gets the error in the web's JSON shape
            error = {"error": exc.code, "message": str(exc), "status": EXIT_ERROR}
            if exc.field is not None:
                error |= {"field": exc.field, "near_matches": list(exc.near_matches)}
            click.echo(json.dumps(error, indent=2, ensure_ascii=False))
        raise
    if fmt == "json":
        click.echo(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(licence_text(answer))
    if answer.required is None:
        sys.exit(EXIT_UNKNOWN)


@main.command("screen")
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "text"]),
    default="text",
    show_default=True,
    help="One result a line as CSV (the input columns, then the answer's), JSON Lines (each"
    ' input record with a "screen" member) or a report to read.',
)
@click.option(
    "--columns",
    metavar="FIELD=COLUMN,...",
    help="Which column holds a field, for other headers: item=Part,destination=Country.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="Answer every line under the law of this date instead of its own (a what-if); the"
    " summary names the instruments whose answers changed.",
)
@store_options
@reports_errors
def screen(paths: tuple[Path, ...], fmt: str, columns: str | None, as_of: str | None) -> None:
    """Screen an order book: the licence check for every line, with the reasons.

    PATHS are CSV files (header row; columns item, destination, date, optional origin
    (default NLD) and reference; other columns are carried through; comma, semicolon or tab,
    with or without Excel's BOM), JSON Lines files (.jsonl, .ndjson), or - for CSV on stdin.
    Each line gets required (true, false, or empty for unknown), the instruments, the reason
    codes, the matched item with its IRI and the date used; a bad line names its line number
    and column (and near matches for an unknown item or country) and does not stop the
    others. The summary (yes / no / unknown / bad, per instrument and per destination) ends
    the text report; with csv and jsonl it goes to stderr, with the progress of a large file.
    Exit status 0 when every line was answered, 3 when some are unknown, 2 on bad input.

    Example: exportgraph screen orders.csv --format csv --columns item=Part > screened.csv
    """
    from exportgraph.api.graph import ExportGraph
    from exportgraph.dates import parse_date
    from exportgraph.law.screen.order_book import OrderBook, input_columns, parse_columns
    from exportgraph.law.screen.summary import Summary
    from exportgraph.law.screen.writers import summary_text, write_csv, write_jsonl, write_text

    mapping = parse_columns(columns)
    on = parse_date(as_of, "--as-of") if as_of is not None else None
    books = [
        OrderBook("stdin", sys.stdin.buffer.read(), "csv")
        if str(path) == "-"
        else OrderBook.from_path(path)
        for path in paths
    ]
    carried = input_columns(books)  # reads every book's header first: a bad file stops here
    graph = ExportGraph.open(cli_settings())
    lines = graph.screen(books, mapping, on, progress=_screen_progress())
    summary = Summary(as_of=on)

    def counted(screened):
        for line in screened:
            summary.add(line)
            yield line

    if fmt == "csv":
        chunks = write_csv(counted(lines), carried)
    elif fmt == "jsonl":
        chunks = write_jsonl(counted(lines))
    else:
        chunks = write_text(counted(lines))
    for chunk in chunks:
        click.echo(chunk, nl=False)
    if fmt == "text":
        click.echo("\n" + summary_text(summary), nl=False)
    else:
        click.echo(summary_text(summary), err=True, nl=False)
    if summary.lines.counts["bad"]:
        sys.exit(EXIT_ERROR)
    if summary.lines.counts["unknown"]:
        sys.exit(EXIT_UNKNOWN)


def _screen_progress():
    """Progress of a large screening on stderr, as load-cases shows its own: lines, lines a
    second and percent done; a line every 5 s when stderr is not a terminal."""
    interactive = sys.stderr.isatty()
    last = [0.0]

    def show(progress) -> None:
        finished = progress.lines >= progress.lines_total
        if progress.lines_total < 10_000 or (
            not interactive and not finished and progress.seconds - last[0] < 5
        ):
            return
        last[0] = progress.seconds
        percent = 100 * progress.lines / progress.lines_total
        line = (
            f"screened {progress.lines:,} of about {progress.lines_total:,} lines"
            f"  {progress.lines_per_second:,.0f} lines/s  {percent:3.0f}%"
        )
        end = "\n" if finished or not interactive else ""
        click.echo(("\r" if interactive else "") + line.ljust(78) + end, err=True, nl=False)

    return show


@main.command("diff")
@click.argument("list_ref", metavar="LIST")
@click.option("--from", "from_", required=True, help="Earlier date, YYYY-MM-DD.")
@click.option("--to", "to", required=True, help="Later date, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@store_options
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

    graph = ExportGraph.open(cli_settings())
    changes = graph.diff(list_ref, parse_date(from_, "--from"), parse_date(to, "--to"))
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
        needs = "  [needs a case store: --store-path DIR]" if question.needs_cases else ""
        click.echo(f"{question.name}: {question.summary}{needs}")
        for parameter in question.parameters:
            need = "optional" if parameter.optional else "required"
            click.echo(
                f"    -p {parameter.name}=...  ({parameter.kind}, {need}) {parameter.description}"
            )


def answer_options(command):
    """The options of the commands that print a query's answer: its format, date and store."""
    command = store_options(command)
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

    With --as-of the question is asked of the law as it stood on that date. The questions
    about licence cases (marked by `exportgraph queries`) need the case store of load-cases:
    give it with --store-path DIR.

    Example: exportgraph query regime-participation -p country=country:RUS --format csv
    """
    from exportgraph.endpoint.answer_text import render_answer
    from exportgraph.endpoint.saved_queries import saved_query
    from exportgraph.errors import ConfigurationError, InputError

    if saved_query(name).needs_cases and not cli_settings().store_path:
        # The published graph never holds a case: without a case store the answer would be
        # an empty table that looks like "no cases".
        raise ConfigurationError(
            f"{name} asks about licence cases, and only a case store holds them: give the"
            " store load-cases filled with --store-path DIR (or EXPORTGRAPH_STORE_PATH)"
        )

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

    graph = ExportGraph.open(cli_settings(), with_cases=True)
    if as_of is None:
        return graph
    dated = graph.as_of(parse_date(as_of, "--as-of"))
    click.echo(
        f"as of {dated.on.isoformat()}: {len(dated.left_out)} resources not in force left out,"
        f" {len(dated.uncertain)} of unknown standing kept",
        err=True,
    )
    return dated
