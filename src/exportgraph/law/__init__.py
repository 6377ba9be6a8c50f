"""The law over time, one machine shared by all who ask.

Owns: whether an instrument is in force and an entry listed on a date (the SHACL-AF law
functions), the law as of a date, a list's lineage and diffs, finding a code, model or
country, the licence check, and the citations every answer carries; order-book screening
(screen/) and the store that remembers its answers for it (remembering.py).
May import: exportgraph.store, exportgraph.sparql and the ground floor.
"""
