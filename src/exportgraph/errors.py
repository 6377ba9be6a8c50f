"""The errors the core raises; the CLI and the web layer turn them into exit codes and statuses."""


class ExportGraphError(Exception):
    """Base class: a message that says what went wrong, where, and how to fix it."""

    code = "error"


class ConfigurationError(ExportGraphError):
    """A setting has a value the program cannot use."""

    code = "bad-setting"


class InputError(ExportGraphError):
    """A file or a request the user gave cannot be read.

    Args:
        message: what is wrong, where, and how to fix it.
        field: the option or parameter at fault, when one is (a form shows the error there).
        near: values the user may have meant, best first (a form offers each as a link).
        line: the line of the input at fault, counted from 1, when the input is a text.
    """

    code = "bad-input"

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        near: tuple[str, ...] = (),
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.near = near
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
