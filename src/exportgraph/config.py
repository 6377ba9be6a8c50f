"""Settings: defaults < EXPORTGRAPH_* environment < CLI flags; where the packaged files are.

SETTINGS is the one table of every setting (name, default, help), as datasette keeps its
SETTINGS; the README's table is checked against it by tests/test_docs.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from exportgraph.errors import ConfigurationError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Interface the server listens on."),
    Setting("port", 8700, "TCP port the server listens on."),
    Setting(
        "base_iri",
        "https://w3id.org/exportgraph/",
        "Base under which the graph's resource IRIs live.",
    ),
    Setting("threads", 4, "Worker threads of the WSGI server."),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting("row_limit", 10000, "Most rows a SELECT answer returns."),
    Setting("query_workers", 2, "Worker processes that run SPARQL queries, one query each."),
    Setting(
        "query_worker_memory_mb",
        4096,
        "Megabytes of memory a query worker may take beyond the loaded store it shares; past"
        " it the worker is stopped, replaced, and the query answered 503; 0 sets no limit.",
    ),
    Setting(
        "inline_query_ms",
        10.0,
        "A query a worker answered within this many milliseconds runs again in the request"
        " thread, skipping the trip to a worker; 0 sends every query to a worker.",
    ),
    Setting(
        "memory_allocator",
        "auto",
        "Memory allocator of exportgraph serve: auto (jemalloc when installed, faster on large"
        " joins), system (the C library's malloc), or the path of a malloc library.",
    ),
    Setting(
        "answer_cache_mb",
        64,
        "Megabytes of SPARQL answers each server process keeps for repeated queries; 0 keeps none.",
    ),
    Setting(
        "service_allow_list",
        "",
        "Comma-separated endpoint IRIs that SERVICE and FROM may name; empty refuses all.",
    ),
    Setting(
        "max_body_bytes",
        2_000_000,
        "Largest request body accepted (a case to validate, a query); larger ones get 413.",
    ),
    Setting(
        "max_cases_per_request",
        100,
        "Most licence cases one POST /validate may carry; more get 400.",
    ),
    Setting(
        "max_lines_per_request",
        20_000,
        "Most order-book lines one POST /screen may carry; more get 400.",
    ),
    Setting(
        "dumps_dir",
        "",
        "Folder of the dumps served under /dumps/; empty writes them to a temporary folder.",
    ),
    Setting("store", "", "Query URL of a remote SPARQL 1.1 store; empty uses the embedded store."),
    Setting("store_update", "", "SPARQL Update URL of the remote store, for exportgraph load."),
    Setting(
        "store_graph_store",
        "",
        "Graph Store Protocol URL of the remote store; used for loading instead of updates.",
    ),
    Setting("store_user", "", "User name for loading the remote store (HTTP digest or basic)."),
    Setting("store_password", "", "Password of store_user."),
    Setting(
        "store_graph",
        "https://w3id.org/exportgraph/graph/published",
        "Named graph of the remote store that exportgraph load fills.",
    ),
    Setting(
        "store_path",
        "",
        "Folder of the on-disk store that holds case collections (exportgraph load-cases).",
    ),
    Setting(
        "case_token",
        "",
        "Secret a request sends as 'Authorization: Bearer ...' to query case collections;"
        " empty never serves them.",
    ),
)

ENV_PREFIX = "EXPORTGRAPH_"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8700
    base_iri: str = "https://w3id.org/exportgraph/"
    threads: int = 4
    query_timeout: float = 10.0
    row_limit: int = 10000
    query_workers: int = 2
    query_worker_memory_mb: int = 4096
    inline_query_ms: float = 10.0
    memory_allocator: str = "auto"
    answer_cache_mb: int = 64
    service_allow_list: str = ""
    max_body_bytes: int = 2_000_000
    max_cases_per_request: int = 100
    max_lines_per_request: int = 20_000
    dumps_dir: str = ""
    store: str = ""
    store_update: str = ""
    store_graph_store: str = ""
    store_user: str = ""
    store_password: str = ""
    store_graph: str = "https://w3id.org/exportgraph/graph/published"
    store_path: str = ""
    case_token: str = ""

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, then EXPORTGRAPH_* variables, then explicit overrides.

        Raises:
            ConfigurationError: a value cannot be converted to the setting's type.
        """
        environ = os.environ if environ is None else environ
        settings = cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = environ.get(ENV_PREFIX + field.name.upper())
            if raw is not None:
                values[field.name] = _convert(field.name, raw, type(getattr(settings, field.name)))
        for name, value in overrides.items():
            if value is not None:
                values[name] = _convert(name, value, type(getattr(settings, name)))
        return replace(settings, **values)


# Settings whose 0 turns their feature off, with what 0 means.
ZERO_SWITCHES_OFF = {
    "answer_cache_mb": "no cache",
    "inline_query_ms": "always a worker",
    "query_worker_memory_mb": "no limit",
}


def _convert(name: str, raw: Any, kind: type) -> Any:
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise ConfigurationError(
            f"setting {name}: {raw!r} is not a valid {kind.__name__}"
            f" (set {ENV_PREFIX}{name.upper()} or the --{name.replace('_', '-')} flag)"
        ) from None
    if kind in (int, float) and value <= 0 and name not in ("port", *ZERO_SWITCHES_OFF):
        raise ConfigurationError(f"setting {name}: must be greater than 0, got {raw!r}")
    if name in ZERO_SWITCHES_OFF and value < 0:
        raise ConfigurationError(
            f"setting {name}: must be 0 ({ZERO_SWITCHES_OFF[name]}) or more, got {raw!r}"
        )
    if name == "port" and not 0 <= value <= 65535:
        raise ConfigurationError(f"setting port: {raw!r} is not a TCP port (0-65535)")
    return value


def resource_dir(name: str) -> Path:
    """Return the folder of packaged files called name (ontology, shapes, queries, data).

    An installed wheel carries them inside the package; a checkout has them at its top.
    """
    packaged = Path(__file__).parent / "resources" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise ConfigurationError(f"the {name}/ folder is missing from this installation")


def turtle_files(name: str) -> list[Path]:
    """Return the Turtle files of a packaged folder, sorted, subfolders included."""
    return sorted(resource_dir(name).rglob("*.ttl"))
