"""The composition root: which store the settings choose and what is built over it.

Owns: opening the configured store (embedded, on disk or remote), the validator over it,
loading a remote store, and dated views; the CLI and the web layer call it, never the reverse.
May import: everything below it (cases/, publish/, endpoint/, law/, store/, sparql/).
"""
