"""The store: the one place that knows the engine.

Owns: the Store interface (interface.py) and its answers; Oxigraph's terms for the layers above
(terms.py: `from exportgraph.store import terms as ox`); the embedded Oxigraph store (in memory
or on disk); a remote SPARQL 1.1 server as a store (Virtuoso, Fuseki, GraphDB) with the dataset
its queries are pinned to; and the project's Turtle files read as graphs.
May import: exportgraph.sparql and the ground floor; with sparql/, the only importer of
pyoxigraph.
"""
