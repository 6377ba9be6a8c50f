"""The SPARQL endpoint's core: a request in, a written, bounded answer out.

Owns: running queries in worker processes that can be stopped (time limit, row cap), the
answer cache, the remote endpoint, the service description, the saved questions of
queries/*.rq, and answers as text for the terminal. Knows nothing of HTTP.
May import: exportgraph.law (dated views), exportgraph.store, exportgraph.sparql and the
ground floor; not cases/ or publish/.
"""
