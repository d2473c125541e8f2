"""Events: described by a sentence, presented as a talk, laid out as a programme."""

from __future__ import annotations

from helpers import facts_of
from xtd_rdf.facts import OrgMention


def test_sentence_gives_date_place_and_organisers_of_the_notes_event() -> None:
    facts = facts_of(
        "[Rencontres du patrimoine numérique](https://rpn.example.org/)\n\n"
        "La rencontre a été organisée le 9 février 2024 à Lyon par le Musée des Confluences, "
        "l'Université Lumière et [Patrimoine Ouvert](https://po.example/).\n"
    )
    event = facts.main_event
    assert event is not None
    assert event.name == "Rencontres du patrimoine numérique"
    assert event.url == "https://rpn.example.org/"
    assert (event.start.value if event.start else None, event.place) == ("2024-02-09", "Lyon")
    assert [o.name for o in event.organizers] == [
        "Musée des Confluences",
        "Université Lumière",
        "Patrimoine Ouvert",
    ]
    assert isinstance(event.organizers[2], OrgMention) and event.organizers[2].url == "https://po.example/"


def test_english_and_german_event_sentences_and_ranges() -> None:
    en = facts_of(
        "# Open Museums Summit 2021\n\nThe summit was held from 3 March to 4 March 2021 in Leeds.",
        "Open Museums Summit 2021",
        "en",
    )
    de = facts_of(
        "Die Tagung fand am 7. Juni 2022 in Basel statt, organisiert von der Stiftung Kulturerbe.",
        "Tagung 2022",
        "de",
    )
    assert en.main_event is not None and en.main_event.start is not None and en.main_event.end is not None
    assert (en.main_event.start.value, en.main_event.end.value, en.main_event.place) == (
        "2021-03-03",
        "2021-03-04",
        "Leeds",
    )
    assert de.main_event is not None and de.main_event.start is not None
    assert (de.main_event.start.value, de.main_event.place) == ("2022-06-07", "Basel")
    assert [o.name for o in de.main_event.organizers] == ["Stiftung Kulturerbe"]


def test_front_matter_year_is_not_the_events_date() -> None:
    facts = facts_of("Une note sur un colloque sans date précise.")
    assert facts.main_event is None


def test_event_sentence_in_a_note_about_something_else_is_not_its_subject() -> None:
    facts = facts_of("Ce forum a eu lieu le 3 mai 2019 à Sion.", name="Organisation")
    assert facts.main_event is None


def test_talk_note_is_about_its_heading_with_its_speakers() -> None:
    facts = facts_of(
        "## Ouvrir les réserves en ligne\n\n[Léa Martin](https://example.org/lm)  \n"
        "Régisseuse, [Musée du Jouet](https://jouet.example/) (CH)\n\nRésumé de l'intervention.\n"
    )
    event = facts.main_event
    assert event is not None
    assert event.name == "Ouvrir les réserves en ligne"
    assert [p.name for p in event.performers] == ["Léa Martin"]


def test_programme_with_a_day_heading_and_talks_as_sub_events() -> None:
    facts = facts_of(
        "### 14 March 2023 (9am-5pm)\n"
        "Moderated by [Ian Shaw](https://example.org/is), Editor, "
        "[Museum Weekly](https://mw.example/) (GB)\n\n"
        "- #### [[Talk - Open collections|Open collections]]\n"
        "- [Nora Fischer](https://example.org/nf), Curator, [City Museum](https://cm.example/) (DE)\n\n"
        "- #### [[Talk - Data and audiences|Data and audiences]]\n"
        "- [Omar Haddad](https://example.org/oh), Analyst, [Visitor Lab](https://vl.example/) (FR)\n"
        "- [Julia Brandt](https://example.org/jb), Director, [Stiftung Museum](https://sm.example/) (AT)\n",
        name="Programme day 1",
        language="en",
    )
    event = facts.main_event
    assert event is not None and event.start is not None
    assert (event.name, event.start.value) == ("Programme day 1", "2023-03-14")
    assert [p.name for p in event.performers] == ["Ian Shaw"]
    talks = [(t.name, t.note_link, [p.name for p in t.performers]) for t in event.sub_events]
    assert talks == [
        ("Open collections", "Talk - Open collections", ["Nora Fischer"]),
        ("Data and audiences", "Talk - Data and audiences", ["Omar Haddad", "Julia Brandt"]),
    ]


def test_team_lists_under_headings_are_not_a_programme() -> None:
    facts = facts_of(
        "### Direction\nAnne Rochat, directrice  \nPaul Girard, chef de projet\n\n"
        "### Communication\nJulie Perret, consultante\n"
    )
    assert facts.main_event is None


def test_german_passive_organisers_and_speakers_of_a_described_event() -> None:
    facts = facts_of(
        "Die Fachtagung fand am 12. Mai 2021 in Luzern statt und wurde vom Verband Luzerner Museen "
        "und der Stiftung Bildarchiv veranstaltet.\n\n"
        "## Referenten\n\n"
        "- [Eva Roth](https://example.org/er), Kuratorin, [Museum Zug](https://mz.example/) (CH)\n",
        name="Fachtagung 2021",
        language="de",
    )
    event = facts.main_event
    assert event is not None and event.start is not None
    assert (event.name, event.start.value, event.place) == ("Fachtagung 2021", "2021-05-12", "Luzern")
    assert [o.name for o in event.organizers] == ["Verband Luzerner Museen", "Stiftung Bildarchiv"]
    assert [p.name for p in event.performers] == ["Eva Roth"]


def test_event_told_in_a_list_item_about_a_linked_page_is_mentioned_not_the_subject() -> None:
    facts = facts_of(
        "- [Sobriété et musées](https://video.example/sobriete)\n"
        "  Cette table ronde organisée par le Musée du Climat en 2021 aborde trois questions.\n"
        "- [[Autre note]]\n  Ce colloque, organisé en 2019 à Genève, parle d'autre chose.\n"
    )
    assert facts.main_event is None
    (event,) = facts.events
    assert (event.name, event.url) == ("Sobriété et musées", "https://video.example/sobriete")
    assert event.start is not None and event.start.value == "2021"
    assert [o.name for o in event.organizers] == ["Musée du Climat"]


def test_date_in_a_heading_dates_the_notes_event() -> None:
    facts = facts_of(
        "# Journée d'étude sur les archives sonores\n\n### 3 décembre 2021 (9h-17h)\n\n"
        "La journée réunit conservateurs et ingénieurs du son.\n",
        name="Journée d'étude sur les archives sonores",
    )
    event = facts.main_event
    assert event is not None and event.start is not None
    assert (event.name, event.start.value) == ("Journée d'étude sur les archives sonores", "2021-12-03")


def test_a_dated_heading_in_a_note_about_no_event_makes_no_event() -> None:
    assert (
        facts_of("## 3 décembre 2021\n\nNous avons relu le guide.\n", name="Journal de bord").main_event
        is None
    )


def test_an_event_the_note_is_not_about_is_named_after_its_section() -> None:
    """A dated event sentence in a note about something else: mentioned, named by its heading."""
    facts = facts_of(
        "## Digitale Sammlungen\n\n"
        "Die Tagung fand am 3. Mai 2023 in Bern statt und wurde vom Museumsverband Beispiel und der "
        "Stiftung Exempel organisiert.\n",
        name="Lektüre",
        language="de",
    )
    assert facts.main_event is None
    [event] = facts.events
    assert (event.name, event.start.value if event.start else None, event.place) == (
        "Digitale Sammlungen",
        "2023-05-03",
        "Bern",
    )
    assert [o.name for o in event.organizers] == ["Museumsverband Beispiel", "Stiftung Exempel"]


def test_organisers_written_with_their_acronym_keep_it_as_an_alternate_name() -> None:
    facts = facts_of(
        "[Journée des collections](https://jc.example/)\n\n"
        "La journée a été organisée le 2 juin 2024 à Sion par l'Association des archivistes (AAS), "
        "la Fondation Modèle et Mémoire Active.\n"
    )
    event = facts.main_event
    assert event is not None
    assert [(o.name, getattr(o, "alternate_names", ())) for o in event.organizers] == [
        ("Association des archivistes", ("AAS",)),
        ("Fondation Modèle", ()),
        ("Mémoire Active", ()),
    ]
