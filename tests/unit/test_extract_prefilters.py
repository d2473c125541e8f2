"""The cheap tests the extraction rules run before their patterns skip only texts the patterns
could not read anything from: same results with and without them."""

from __future__ import annotations

import re

from helpers import facts_of
from xtd_rdf.extract.dates import find_dates
from xtd_rdf.extract.names import capitalised_words, first_names, given_name_heads, is_person_name
from xtd_rdf.extract.people import CAPITALISED_RUN

# the pattern as first written: an optional honorific, then two to four capitalised words
PLAIN_RUN = re.compile(
    r"(?:(?:Prof|Dr|Mme|M|Mr|Mrs|Ms|Herr|Frau)\.?[ \t]+)?[A-ZÀ-Ý][\w'’-]+"
    r"(?:[ \t]+(?:(?:de|da|di|van|von|du|del|der|le|la)[ \t]+)?[A-ZÀ-Ý][\w'’-]+){1,3}"
)
RUNS = [
    "Selon Dr. Anna Müller et Prof Hans Meier, Mme Claire Dubois a dit",
    "M. Jean Dupont, MM Paul, Mr.  Tom Jones\tand Mrs Ann Lee de la Rue",
    "XDr. Jean Dupont, aJean Dupont, McDonald Smith, Frau Herr Dr Dr. X",
    "Herr Karl-Heinz von Berg und Frau Ute Van Der Meer; ÞJean Dupont; É Éric Ä",
    "M\tJean M. M. Prof.Jean Dr Jean-Pierre O'Neil-Smith D’Arcy ÀÉ Ý×Ab",
]


def test_the_capitalised_run_pattern_matches_what_the_plain_one_matched() -> None:
    for text in RUNS:
        assert [m.span() for m in CAPITALISED_RUN.finditer(text)] == [
            m.span() for m in PLAIN_RUN.finditer(text)
        ], text


def test_every_given_name_starts_with_a_capital_the_prefilter_reads() -> None:
    """`capitalised_words` finds a given name only if it starts with one of [A-ZÀ-Ý] and goes on with
    letters, digits and apostrophes up to its hyphen."""
    assert given_name_heads() == {name.split("-")[0] for name in first_names()}
    assert all(re.fullmatch(r"[A-ZÀ-Ý][\w'’]*", head) for head in given_name_heads())


def test_capitalised_words_start_at_the_first_capital_of_a_word_and_stop_at_a_hyphen() -> None:
    words = capitalised_words("_Jean 'Anne l’Élise aMarie Hans-Otto McDonald x2Paul Ü")
    assert words == {"Jean", "Anne", "Élise", "Marie", "Hans", "Otto", "McDonald", "Paul", "Ü"}


def test_names_after_markup_or_glued_to_a_word_are_still_read() -> None:
    facts = facts_of("Un texte où _Jean Dupont_ parle, puis aMarie Curie.\n\n'Hans-Otto Berg, directeur\n")
    assert {p.name for p in facts.people} >= {"Jean Dupont", "Marie Curie"}


def test_a_text_without_a_given_name_names_nobody() -> None:
    assert not facts_of("Le Musée Cantonal Des Beaux-Arts présente La Grande Exposition.\n").people
    assert not is_person_name("Grande Exposition")


def test_a_text_without_digits_has_no_dates() -> None:
    assert find_dates("le douze octobre, mi-novembre, March the fourth") == []
    assert [d.start.value for d in find_dates("le 12 octobre 2022")] == ["2022-10-12"]
