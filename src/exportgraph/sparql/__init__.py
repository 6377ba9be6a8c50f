"""SPARQL as a language: the query text, what a request may do, the standard answer formats.

Owns: reading a query's text through the one tokenizer (text.py: tokens with offsets, and
the helpers that bind values and rewrite by them), the read-only guard (updates, SERVICE
and remote FROM refused), and the writers of SPARQL JSON, XML, CSV and TSV answers.
May import: the ground floor (errors, config) and pyoxigraph's terms. Knows no store, so the
store below the endpoint and the endpoint itself can both use it.
"""
