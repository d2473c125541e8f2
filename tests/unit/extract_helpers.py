"""Build a Note from a string, as the pipeline would, for extraction tests."""

from __future__ import annotations

from xtd_rdf.extract import extract_facts
from xtd_rdf.facts import NoteFacts
from xtd_rdf.notes import parse_note
from xtd_rdf.vault import SourceFile


def facts_of(body: str, name: str = "Note", language: str = "fr") -> NoteFacts:
    """The facts extraction reads in a note with this body (no front matter)."""
    return extract_facts(parse_note(SourceFile(f"{name}.md", body)), language)


def people_by_name(facts: NoteFacts) -> dict[str, object]:
    return {p.name: p for p in facts.people}
