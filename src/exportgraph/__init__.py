"""exportgraph: a knowledge graph of export-control law for advanced semiconductor equipment.

The public API, as sqlite-utils' Database is its own:

>>> from exportgraph import ExportGraph
>>> graph = ExportGraph.open()
>>> graph.licence_check("NXT:2000i", "CHN", "2023-10-02").required
True

`import exportgraph` stays cheap (the CLI's --help and python -m exportgraph start with it):
the names below the ground floor load on first use, through __getattr__.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from exportgraph.config import Settings
from exportgraph.errors import ExportGraphError
from exportgraph.version import __version__

if TYPE_CHECKING:
    from exportgraph.api.graph import DatedGraph, ExportGraph
    from exportgraph.law.screen.order_book import OrderBook
    from exportgraph.store.embedded import open_store

_LAZY = {
    "DatedGraph": "exportgraph.api.graph",
    "ExportGraph": "exportgraph.api.graph",
    "OrderBook": "exportgraph.law.screen.order_book",
    "open_store": "exportgraph.store.embedded",
}

__all__ = [
    "DatedGraph",
    "ExportGraph",
    "ExportGraphError",
    "OrderBook",
    "Settings",
    "__version__",
    "open_store",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'exportgraph' has no attribute {name!r}")
