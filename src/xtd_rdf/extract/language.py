"""The language of a note, from its front matter or its prose, with a model shipped in the wheel."""

from __future__ import annotations

from functools import cache

from ..notes import Note

SUPPORTED = ("fr", "en", "de", "it")


@cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED))
    return identifier


def detect_language(note: Note, default: str) -> str:
    """`lang`/`language` from the front matter, else the language of the prose, else `default`."""
    for key in ("lang", "language", "inLanguage"):
        value = note.front_matter.get(key)
        if isinstance(value, str) and 2 <= len(value.strip()) <= 8:
            return value.strip().lower()
    text = " ".join(b.text for b in note.blocks if b.kind in ("paragraph", "item", "heading", "cell"))
    if len(text.split()) < 5:
        text = f"{note.name} {text}"
    if len(text.split()) < 3:
        return default
    language, probability = _identifier().classify(text[:2000])  # enough to tell; the cost grows with length
    return str(language) if probability >= 0.5 else default
