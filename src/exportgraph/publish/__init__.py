"""What the world sees of the published graph (never a case record).

Owns: resource descriptions and their page sections, labels, diagrams, search, the dataset's
VoID and DCAT description, dumps, the ontology's documentation, the home page's summary,
and the RDF formats documents are served in.
May import: exportgraph.law, exportgraph.store, exportgraph.sparql and the ground floor; not
endpoint/ or cases/.
"""
