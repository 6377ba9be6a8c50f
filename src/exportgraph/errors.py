"""The errors the core raises; the CLI and the web layer turn them into exit codes and statuses."""

from collections.abc import Sequence


class ExportGraphError(Exception):
    """Base class: a message that says what went wrong, where, and how to fix it."""

    code = "error"


class ConfigurationError(ExportGraphError):
    """A setting has a value the program cannot use."""

    code = "bad-setting"


class InputError(ExportGraphError):
    """A file or a request the user gave cannot be read.

    Attributes:
        field: the input field at fault (e.g. "destination"), when there is one.
        near_matches: what the user may have meant, most likely first; JSON answers carry it.
    """

    code = "bad-input"

    def __init__(
        self, message: str, *, field: str | None = None, near_matches: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.field = field
        self.near_matches = tuple(near_matches)


class QueryError(InputError):
    """A SPARQL query cannot be parsed or run."""

    code = "bad-query"


class ReasonerError(ExportGraphError):
    """The reasoner could not run (no Java, a crash): not a verdict on the ontology."""

    code = "reasoner-failed"


class NotFoundError(InputError):
    """The graph holds nothing about an IRI, or a file asked for does not exist."""

    code = "not-found"
