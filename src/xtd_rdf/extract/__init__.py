"""Extraction: a Note's structure and prose → NoteFacts. Pure functions, one note at a time."""

from __future__ import annotations

from ..facts import NoteFacts
from ..notes import Note
from .language import detect_language
from .resources import main_resource


def extract_facts(note: Note, default_language: str) -> NoteFacts:
    """Read one note: its language, main resource, events, people, organisations and quotations."""
    language = detect_language(note, default_language)
    return NoteFacts(
        language=language,
        main_resource=main_resource(note),
    )
