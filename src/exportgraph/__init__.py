"""exportgraph: a knowledge graph of export-control law for advanced semiconductor equipment."""

from exportgraph.config import Settings
from exportgraph.errors import ExportGraphError
from exportgraph.store import open_store

__version__ = "0.1.0"

__all__ = ["ExportGraphError", "Settings", "__version__", "open_store"]
