"""The exportgraph command: parse, call the core, render; errors become exit codes here.

Exit codes: 0 success (consistent, conforms), 1 a negative verdict (inconsistent, does not
conform), 2 a usage or input error.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from exportgraph import __version__
from exportgraph.config import SETTINGS, Settings
from exportgraph.errors import ExportGraphError

EXIT_NEGATIVE = 1
EXIT_ERROR = 2


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
def main() -> None:
    """A knowledge graph of export-control law for advanced semiconductor equipment.

    Query the law with SPARQL, check the ontology, and serve it all on the web.

    Example: exportgraph serve --port 8700
    """


@main.command()
@click.option("--host", help=_setting_help("host"))
@click.option("--port", type=int, help=_setting_help("port"))
@click.option("--threads", type=int, help=_setting_help("threads"))
@reports_errors
def serve(host: str | None, port: int | None, threads: int | None) -> None:
    """Start the web server on the embedded store, with the ontology and reference data loaded.

    It prints the URL it serves. The server is waitress, a production WSGI server; it never
    runs Flask's debug server.

    Example: exportgraph serve --host 127.0.0.1 --port 8700
    """
    from waitress import create_server

    from exportgraph.web import create_app

    settings = Settings.load(host=host, port=port, threads=threads)
    app = create_app(settings)
    server = create_server(app, host=settings.host, port=settings.port, threads=settings.threads)
    store = app.config["EXPORTGRAPH_STORE"]
    url = f"http://{settings.host}:{server.effective_port}/"
    click.echo(f"exportgraph {__version__} serving {store.triple_count():,} triples at {url}")
    click.echo(f"SPARQL endpoint: {url}sparql  (Ctrl+C stops the server)")
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
    from exportgraph.validation import validate_reference_data

    outcome = validate_reference_data(lang=lang)
    for result in outcome.results:
        where = f" {result.path}" if result.path else ""
        click.echo(f"{result.severity}: <{result.focus}>{where}: {result.message}")
    if not outcome.conforms:
        click.echo(f"does not conform: {len(outcome.violations)} violation(s)")
        sys.exit(EXIT_NEGATIVE)
    click.echo("the reference data conforms to shapes/reference-data.ttl")


@main.command()
@reports_errors
def info() -> None:
    """Print what the graph holds: triples, lists, regimes and resources per class.

    Example: exportgraph info
    """
    from exportgraph.publish import summarize
    from exportgraph.store import open_store

    summary = summarize(open_store())
    click.echo(f"{summary.triples:,} triples; {summary.fact_ids} fact-sheet lines carried")
    for title, rows in (
        ("Lists", summary.lists),
        ("Regimes", summary.regimes),
        ("Classes", summary.classes),
    ):
        click.echo(f"\n{title}:")
        for row in rows:
            click.echo(f"  {row.count:>6}  {row.name}")
