"""Screening an order book: the licence check for every line of a file, answered set-wise.

Owns: reading order books (CSV in its Excel dialects, JSON Lines) into lines
(order_book.py), answering each distinct (item, destination, date, origin) once through the
licence check over a store that remembers (answers.py, exportgraph.law.remembering), the
summary of a screening (summary.py) and its output as CSV, JSON Lines, JSON or text
(writers.py).
May import: exportgraph.law, exportgraph.store, exportgraph.sparql and the ground floor.
"""
