"""The application profile's prefixes as plain text, the one table of them.

A module of its own so that reading the config (`[fields]` terms are CURIEs) never loads rdflib: an
export that finds nothing changed stops before any heavy import. vocab.py builds its terms on it.
"""

PREFIXES: dict[str, str] = {
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
