"""Our language model: py3langid's answers to the bit, and what `derive` makes of py3langid's model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import require_corpus
from xtd_rdf.extract.language import detect_language
from xtd_rdf.extract.language_model import LANGUAGES, MODEL, classifier, derive
from xtd_rdf.notes import parse_note
from xtd_rdf.vault import SourceFile

langid = pytest.importorskip("py3langid.langid")


@pytest.fixture(scope="module")
def reference():  # type: ignore[no-untyped-def]
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


SAMPLES = [
    "",
    " ",
    "a",
    "LE MUSÉE EST OUVERT",  # all capitals: py3langid lowers them
    "Le musée d'art et d'histoire de Fribourg présente une exposition sur la photographie.",
    "The museum opened a new digital collection of photographs and letters last spring.",
    "Das Museum zeigt eine Ausstellung über die Geschichte der Fotografie in der Schweiz.",
    "Il museo presenta una mostra sulla storia della fotografia in Svizzera.",
    "Cafe\u0301 cre\u0300me",  # combining accents: NFC first
    "emoji 😀 漢字 \u00a0 ;; 12345",
    "x\ud800y",  # a lone surrogate: encoded as py3langid encodes it
    "ab" * 1500,
]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_language_and_probability_as_py3langid(reference, text: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier().classify(text) == reference.classify(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_same_answers_as_py3langid_on_any_text(reference, text: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier().classify(text) == reference.classify(text)


def test_same_answers_as_py3langid_on_every_note_of_the_corpus(reference) -> None:  # type: ignore[no-untyped-def]
    for path in sorted(require_corpus().rglob("*.md")):
        note = parse_note(SourceFile(path.name, path.read_text("utf-8")))
        text = " ".join(b.text for b in note.blocks)[:2000]
        assert classifier().classify(text) == reference.classify(text), path.name


def test_a_note_in_each_language() -> None:
    bodies = {
        "fr": "Le musée présente une exposition sur la photographie et les archives de la ville.",
        "en": "The museum presents an exhibition about photography and the archives of the city.",
        "de": "Das Museum zeigt eine Ausstellung über die Fotografie und die Archive der Stadt.",
    }
    for language, body in bodies.items():
        assert detect_language(parse_note(SourceFile("N.md", body)), "it") == language


def test_the_shipped_model_is_derived_from_py3langid(tmp_path: Path) -> None:
    derive(tmp_path / "model.npz")
    shipped = Path(__file__).resolve().parents[2] / "src" / "xtd_rdf" / "extract" / MODEL
    with np.load(tmp_path / "model.npz") as fresh, np.load(shipped) as ours:
        assert sorted(fresh.files) == sorted(ours.files)
        for name in fresh.files:
            assert np.array_equal(fresh[name], ours[name]), name
