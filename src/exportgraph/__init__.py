"""exportgraph: a knowledge graph of export-control law for advanced semiconductor equipment."""

from exportgraph.config import Settings
from exportgraph.errors import ExportGraphError
from exportgraph.store.embedded import open_store
from exportgraph.version import __version__

__all__ = ["ExportGraphError", "Settings", "__version__", "open_store"]
