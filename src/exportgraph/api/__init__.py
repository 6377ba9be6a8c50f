"""The composition root and the library's face: which store the settings choose, what is built
over it, and exportgraph.ExportGraph (graph.py), the Python API the CLI and web layer call.

Owns: opening the configured store (embedded, on disk or remote), the validator over it,
loading a remote store, and dated views; the CLI and the web layer call it, never the reverse.
May import: everything below it (cases/, publish/, endpoint/, law/, store/, sparql/).
"""
