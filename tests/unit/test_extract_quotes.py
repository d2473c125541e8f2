"""Quotations in all the quote marks, with their speakers; titles and short phrases are not quotations."""

from __future__ import annotations

from helpers import facts_of
from xtd_rdf.facts import PersonMention


def test_parenthesised_attribution_after_the_quote() -> None:
    facts = facts_of(
        '- "Le public doit pouvoir toucher les collections, même de loin." '
        "(Nadia Keller, Conservatrice du Musée de la Vigne)\n"
    )
    (quote,) = facts.quotes
    assert quote.text == "Le public doit pouvoir toucher les collections, même de loin."
    speaker = quote.speaker
    assert isinstance(speaker, PersonMention)
    assert speaker.name == "Nadia Keller"
    assert speaker.job_titles == ("Conservatrice",)
    assert [o.name for o in speaker.affiliations] == ["Musée de la Vigne"]


def test_guillemets_curly_and_german_quotes() -> None:
    facts = facts_of(
        "Elle dit : « nous avons appris à ouvrir nos réserves au public ».\n\n"
        "He said “digital work is care work for the collection” yesterday.\n\n"
        "Sie meinte: „Wir müssen die Sammlung anders erzählen.“\n"
    )
    assert [q.text for q in facts.quotes] == [
        "nous avons appris à ouvrir nos réserves au public",
        "digital work is care work for the collection",
        "Wir müssen die Sammlung anders erzählen.",
    ]


def test_blockquote_with_a_dash_line_names_the_speaker() -> None:
    facts = facts_of("> Museums are not neutral, and their websites are not either.\n>\n> — Amara Okoye\n")
    (quote,) = facts.quotes
    assert quote.text == "Museums are not neutral, and their websites are not either."
    assert quote.speaker is not None and quote.speaker.name == "Amara Okoye"


def test_a_quote_without_a_named_speaker_is_still_a_quotation() -> None:
    facts = facts_of('Le projet veut "rendre la collection lisible pour tous les publics du canton".')
    (quote,) = facts.quotes
    assert quote.speaker is None


def test_speaker_named_before_the_quote() -> None:
    facts = facts_of('Marta Heinz erklärt: "Die Besucher kommen wegen der Geschichten zu uns."')
    (quote,) = facts.quotes
    assert quote.speaker is not None and quote.speaker.name == "Marta Heinz"


def test_titles_and_single_words_are_not_quotations() -> None:
    facts = facts_of(
        'On parle de "phygital" et de « transformation digitale ». '
        "Le projet « Mémoire des lieux et des gens du bourg » a été primé. "
        'Voir le chapitre "Bonnes pratiques de la numérisation des fonds anciens". '
        "[Le rapport « Ce que le public attend vraiment des musées »](https://example.org/r)\n\n"
        '## "Une exposition qui parle à chacun de nous"\n'
    )
    assert facts.quotes == ()


def test_obsidian_callouts_are_not_quotations() -> None:
    assert facts_of("> [!note] Ce paragraphe est une remarque de la rédaction du site.\n").quotes == ()


def test_speaker_after_a_dash_or_a_saying_verb() -> None:
    facts = facts_of(
        "« Nous avons numérisé toute la collection en deux ans. » "
        "— Inès Moreau, directrice du Musée Gruérien\n\n"
        '"The archive is a conversation, not a store room," says Daniel Brooks, curator at the Tate.\n'
    )
    first, second = facts.quotes
    assert first.speaker is not None and first.speaker.name == "Inès Moreau"
    assert isinstance(first.speaker, PersonMention)
    assert [o.name for o in first.speaker.affiliations] == ["Musée Gruérien"]
    assert second.speaker is not None and second.speaker.name == "Daniel Brooks"


def test_markup_shown_in_quote_marks_is_not_a_quotation() -> None:
    facts = facts_of(
        'Écrire "& n b s p ;" entre les mots, ou "[ [ Ma note|mon alias de note ] ]" pour un lien.\n'
        'Elle cite : "[...] nous avons ouvert les réserves au public du quartier".\n'
    )
    assert [q.text for q in facts.quotes] == ["[...] nous avons ouvert les réserves au public du quartier"]
