"""The language of a note, from its front matter or its prose, with a model shipped in the wheel
(py3langid's, restricted to our languages: language_model.py)."""

from __future__ import annotations

from ..notes import Note
from .language_model import LANGUAGES, classifier

SUPPORTED = LANGUAGES


def declared_language(note: Note) -> str | None:
    """`lang`/`language`/`inLanguage` from the front matter, when it holds a plausible tag."""
    for key in ("lang", "language", "inLanguage"):
        value = note.front_matter.get(key)
        if isinstance(value, str) and 2 <= len(value.strip()) <= 8:
            return value.strip().lower()
    return None


def detect_language(note: Note, default: str) -> str:
    """The front matter's language, else the language of the prose, else `default`."""
    declared = declared_language(note)
    if declared is not None:
        return declared
    text = " ".join(b.text for b in note.blocks if b.kind in ("paragraph", "item", "heading", "cell"))
    if len(text.split()) < 5:
        text = f"{note.name} {text}"
    if len(text.split()) < 3:
        return default
    language, probability = classifier().classify(text[:2000])  # enough to tell; the cost grows with length
    return str(language) if probability >= 0.5 else default
