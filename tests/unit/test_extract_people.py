"""Speaker lines, prose patterns and person notes → people with jobs and affiliations."""

from __future__ import annotations

from helpers import facts_of
from xtd_rdf.facts import NoteFacts, PersonMention


def people_by_name(facts: NoteFacts) -> dict[str, PersonMention]:
    return {p.name: p for p in facts.people}


def test_speaker_list_item_gives_job_organisation_url_and_country() -> None:
    facts = facts_of(
        "- [Lucie Morand](https://www.linkedin.com/in/lmorand/), Responsable des publics, "
        "[Musée des Tissus](https://tissus.example.org/) (FR)\n"
    )
    (person,) = facts.people
    assert person.name == "Lucie Morand"
    assert person.job_titles == ("Responsable des publics",)
    assert person.same_as == "https://www.linkedin.com/in/lmorand/"
    (org,) = person.affiliations
    assert (org.name, org.url, org.country) == ("Musée des Tissus", "https://tissus.example.org/", "FR")


def test_speaker_on_two_lines_with_job_before_the_organisation() -> None:
    facts = facts_of(
        "## Digitale Sammlungen öffnen\n\n[Jonas Keller](https://keller.example.ch/)  \n"
        "Leiter Digitales, [Historisches Museum Olten](https://hmo.example.ch/) (CH)\n"
    )
    person = people_by_name(facts)["Jonas Keller"]
    assert isinstance(person, PersonMention)
    assert person.job_titles == ("Leiter Digitales",)
    assert [(o.name, o.country) for o in person.affiliations] == [("Historisches Museum Olten", "CH")]


def test_job_de_org_and_several_organisations_with_their_countries() -> None:
    facts = facts_of(
        "- [Priya Natarajan](https://example.org/pn), for [Nordlicht Lab](https://nl.example/) (DK), "
        "[Atelier Nove](https://nove.example/) (IT) and [Sci-Hub Europe](https://she.example/) (BE)\n"
        "- [Tom Ellery](https://example.org/te), Director of [Harbour Museum](https://hm.example/) (GB)\n",
        language="en",
    )
    people = people_by_name(facts)
    priya, tom = people["Priya Natarajan"], people["Tom Ellery"]
    assert isinstance(priya, PersonMention) and isinstance(tom, PersonMention)
    assert [(o.name, o.country) for o in priya.affiliations] == [
        ("Nordlicht Lab", "DK"),
        ("Atelier Nove", "IT"),
        ("Sci-Hub Europe", "BE"),
    ]
    assert tom.job_titles == ("Director",)
    assert [o.name for o in tom.affiliations] == ["Harbour Museum"]


def test_moderation_par_makes_a_moderator() -> None:
    facts = facts_of(
        "Modération par [Hugo Berthet](https://example.org/hb), Journaliste, "
        "[Radio Lac](https://rl.example/) (CH)"
    )
    (person,) = facts.people
    assert (person.name, person.role, person.job_titles) == ("Hugo Berthet", "moderator", ("Journaliste",))


def test_plain_name_and_wikilinked_name_open_speaker_lines() -> None:
    facts = facts_of(
        "- Carla Rinaldi, Médiatrice, [Musée du Vin](https://vin.example/) (CH)\n"
        "- [[Bruno Jaquet]], Conservateur, [Musée du Vin](https://vin.example/) (CH)\n"
    )
    assert set(people_by_name(facts)) == {"Carla Rinaldi", "Bruno Jaquet"}


def test_generic_link_text_takes_the_organisation_name_before_it() -> None:
    facts = facts_of(
        "[Marc Aubry](https://example.org/ma)  \n"
        "Directeur, AGENCE PIXELS [lien ici](https://pixels.example/) (FR)\n"
    )
    (person,) = facts.people
    assert [(o.name, o.url, o.country) for o in person.affiliations] == [
        ("AGENCE PIXELS", "https://pixels.example/", "FR")
    ]


def test_prose_par_x_directrice_de_y() -> None:
    facts = facts_of("Le guide a été rédigé par Amélie Fournier, directrice du Musée de la Poste, en 2020.")
    person = people_by_name(facts)["Amélie Fournier"]
    assert isinstance(person, PersonMention)
    assert person.job_titles == ("directrice",)
    assert [o.name for o in person.affiliations] == ["Musée de la Poste"]


def test_prose_x_head_of_digital_at_y() -> None:
    facts = facts_of(
        "We spoke to Rachel Moore, head of digital at Tyne Museums, about open data.", language="en"
    )
    person = people_by_name(facts)["Rachel Moore"]
    assert isinstance(person, PersonMention)
    assert person.job_titles == ("head of digital",)
    assert [o.name for o in person.affiliations] == ["Tyne Museums"]


def test_prose_person_needs_a_given_name_and_a_whole_name() -> None:
    facts = facts_of(
        "Laut Stefan Brunner ist das Projekt gelungen. Digital Heritage Network und Open Data Day sind Namen."
    )
    assert list(people_by_name(facts)) == ["Stefan Brunner"]


def test_a_museum_named_after_a_person_is_not_that_person() -> None:
    facts = facts_of("Une visite au musée Jules Verne de Nantes.")
    assert facts.people == ()


def test_person_note_is_about_that_person_with_job_and_affiliation() -> None:
    facts = facts_of(
        "## Sofia Lindqvist\n\n"
        "Sofia Lindqvist est médiatrice de La Grange depuis 2020, après des études à Uppsala.",
        name="Sofia Lindqvist",
    )
    subject = facts.subject
    assert isinstance(subject, PersonMention)
    assert (subject.name, subject.role, subject.job_titles) == ("Sofia Lindqvist", "subject", ("médiatrice",))
    assert [o.name for o in subject.affiliations] == ["La Grange"]


def test_note_named_like_a_topic_has_no_subject() -> None:
    assert facts_of("Du texte sur le sujet.", name="Open Data Day").subject is None


def test_organisations_in_prose_with_head_words_and_acronyms() -> None:
    facts = facts_of(
        "Elle a étudié à l'Université de Neuchâtel puis travaillé au Musée cantonal d'archéologie de Sion. "
        "Le rapport de la Fondation Pro Arte (FPA) cite aussi le Club Mobile et les données COVID."
    )
    names = {o.name for o in facts.organizations}
    assert {"Université de Neuchâtel", "Musée cantonal d'archéologie de Sion", "Fondation Pro Arte"} <= names
    assert "COVID" not in names
    fpa = next(o for o in facts.organizations if o.name == "Fondation Pro Arte")
    assert fpa.alternate_names == ("FPA",)


def test_organisation_names_in_english_and_german() -> None:
    en = facts_of("She joined the Institute of Conservation in York last year.", language="en")
    de = facts_of("Die Stiftung Kunst und Technik fördert das Projekt.", language="de")
    assert "Institute of Conservation" in {o.name for o in en.organizations}
    assert "Stiftung Kunst" in {o.name for o in de.organizations}


def test_capitalised_words_before_a_head_word_belong_to_the_name() -> None:
    facts = facts_of("Funding came from Arts Council England and the Natural History Museum.", language="en")
    names = {o.name for o in facts.organizations}
    assert {"Arts Council England", "Natural History Museum"} <= names


def test_a_question_title_is_not_an_organisation() -> None:
    facts = facts_of("Read How Do Museum Professionals Use Social Media today.", language="en")
    assert facts.organizations == ()


def test_plain_name_with_its_organisation_in_parentheses_and_organisation_without_link() -> None:
    facts = facts_of(
        "- Jean Dupont (Musée Rath)\n- [Ana Lima](https://example.org/al), Fondation Beyeler (CH)\n"
        "- Claire Roux (ancienne directrice) affirmait le contraire.\n"
    )
    people = people_by_name(facts)
    assert [o.name for o in people["Jean Dupont"].affiliations] == ["Musée Rath"]
    assert [(o.name, o.country) for o in people["Ana Lima"].affiliations] == [("Fondation Beyeler", "CH")]
    assert people["Claire Roux"].affiliations == () and people["Claire Roux"].job_titles == ()


def test_linked_project_name_followed_by_a_description_is_not_a_person() -> None:
    facts = facts_of("- [Kiosk Nord](https://kiosk.example/), le festival qui propose des ateliers\n")
    assert facts.people == ()


def test_names_inside_an_organisations_name_are_not_people() -> None:
    facts = facts_of(
        "Le Musée Paul Dupuis a ouvert ses réserves. La Fondation J. Henri Morel finance le projet."
    )
    assert facts.people == ()


def test_a_moderator_directrice_de_an_organisation_without_a_head_word() -> None:
    facts = facts_of("## Table ronde\n\n- Modération par Anne Keller, directrice de Mémoires Vives\n")
    [person] = [p for p in facts.people if p.name == "Anne Keller"]
    assert person.job_titles == ("directrice",)
    assert [o.name for o in person.affiliations] == ["Mémoires Vives"]


def test_a_link_to_a_note_after_a_verb_is_not_an_employer() -> None:
    facts = facts_of(
        "Prof. Hannah Okafor, head of digital at the Open Heritage Network, presented the findings "
        "at the [[Spring Forum 2023|Spring Forum]].\n",
        language="en",
    )
    [person] = [p for p in facts.people if "Okafor" in p.name]
    assert person.job_titles == ("head of digital",)
    assert [o.name for o in person.affiliations] == ["Open Heritage Network"]
