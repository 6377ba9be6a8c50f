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
        line: the line of the input at fault, counted from 1, when the input is a text.
    """

    code = "bad-input"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        near_matches: Sequence[str] = (),
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.near_matches = tuple(near_matches)
        self.line = line


class QueryError(InputError):
    """A SPARQL query cannot be parsed or run."""

    code = "bad-query"


class ReasonerError(ExportGraphError):
    """The reasoner could not run (no Java, a crash): not a verdict on the ontology."""

    code = "reasoner-failed"


class NotFoundError(InputError):
    """The graph holds nothing about an IRI, or a file asked for does not exist."""

    code = "not-found"


class StoreError(ExportGraphError):
    """The store behind the program gave no usable answer: down, refusing, or failing.

    Not a verdict on the request: the same request may succeed once the store is back, and
    nothing remembers the failure. The web layer answers 502, the CLI exits 2.
    """

    code = "store-unavailable"


class StoreTimeoutError(StoreError):
    """The store did not answer within the time limit (the web layer answers 504)."""

    code = "store-timeout"


class StoreBadAnswerError(StoreError):
    """The store answered, but with an error status or a body that is not what was asked."""

    code = "store-bad-answer"
