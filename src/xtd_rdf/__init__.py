"""xtd-rdf: publish a vault of Markdown notes as linked open data."""

__version__ = "0.1.0"
