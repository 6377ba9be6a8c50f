"""Licence case records: reading them, validating them, reporting on them, keeping them.

Owns: reading Turtle, JSON-LD and plain JSON records; validation with pySHACL and the
set-wise engine (identical reports); the law each case's dates were judged against; reports
as text, JSON and Turtle; case collections on disk; the rdflib patch that memoises SPARQL
parsing for pySHACL (monkey.py, installed only when asked).
May import: exportgraph.law, exportgraph.store, exportgraph.sparql and the ground floor; not
endpoint/ or publish/.
"""
