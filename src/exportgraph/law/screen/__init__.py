"""Screening an order book: the licence check for every line of a file, answered set-wise.

Owns: reading order books (CSV in its Excel dialects, JSON Lines) into lines
(order_book.py), answering each distinct (item, destination, date, origin) once through the
licence check (answers.py, remembering.py), the summary of a screening (summary.py) and its
output as CSV, JSON Lines, JSON or text (writers.py).
May import: exportgraph.law, exportgraph.store, exportgraph.sparql and the ground floor.
"""
