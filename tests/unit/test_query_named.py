"""The named queries give the answers a hand-written graph and the seed note are known to hold."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from helpers import SEED
from xtd_rdf.config import load_config
from xtd_rdf.query import execute, named_queries, named_query
from xtd_rdf.store import load_vault

# A small graph in the shape of docs/model.md: four notes (one missing), tags, four events over
# three years, three people, four organisations in three countries, three quotations.
GRAPH = """
@prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix n: <https://example.org/xtd/notes/> . @prefix t: <https://example.org/xtd/tags/> .
@prefix e: <https://example.org/xtd/events/> . @prefix p: <https://example.org/xtd/persons/> .
@prefix o: <https://example.org/xtd/organizations/> .
n:a a schema:Article ; schema:name "Note A"@fr ; dcterms:subject t:strategie, t:numerique-3d ;
  dcterms:relation n:b, n:missing ; schema:mentions o:icom ;
  schema:citation <https://www.gov.uk/report.pdf>, <https://www.gov.uk/other> ;
  schema:hasPart <https://example.org/xtd/notes/a#quote-1> .
n:b a schema:Article ; schema:name "Note B"@fr ; dcterms:subject t:strategie ;
  dcterms:relation n:a, n:c ; schema:citation <https://www.nga.gov/open-access?x=1> .
n:c a schema:Article ; schema:name "Note C"@en ; schema:citation <http://www.gov.uk> ;
  dcterms:relation n:b, n:missing, n:c .
n:missing schema:name "Missing note" .
t:strategie a skos:Concept ; skos:notation "strategie" .
t:numerique-3d a skos:Concept ; skos:notation "numerique/3d" .
t:unused a skos:Concept ; skos:notation "unused" .
e:forum a schema:Event ; schema:name "Forum"@fr ; schema:startDate "2019-05-03"^^xsd:date ;
  schema:organizer o:icom, o:msuisse ;
  schema:performer p:ada, p:bob .
e:colloque a schema:Event ; schema:name "Colloque"@fr ; schema:startDate "2019"^^xsd:gYear ;
  schema:organizer o:icom, o:va ; schema:performer p:ada .
e:journee a schema:Event ; schema:name "Journée"@fr ; schema:startDate "2021-06"^^xsd:gYearMonth ;
  schema:organizer o:msuisse ; schema:performer p:bob, p:ada .
e:sans-date a schema:Event ; schema:name "Sans date"@fr ;
  schema:organizer o:icom, o:msuisse ; schema:performer p:carla .
p:ada a schema:Person ; schema:name "Ada Lovelace" ; schema:jobTitle "Directrice"@fr ;
  schema:affiliation o:icom .
p:bob a schema:Person ; schema:name "Bob Martin" .
p:carla a schema:Person ; schema:name "Carla Rossi" .
o:icom a schema:Organization ; schema:name "ICOM" ; schema:subjectOf n:b ;
  schema:address <https://example.org/xtd/organizations/icom#address-fr> .
<https://example.org/xtd/organizations/icom#address-fr> schema:addressCountry "FR" .
o:msuisse a schema:Organization ; schema:name "Musée suisse" ;
  schema:address <https://example.org/xtd/organizations/msuisse#address-ch> .
<https://example.org/xtd/organizations/msuisse#address-ch> schema:addressCountry "CH" .
o:lab a schema:Organization ; schema:name "Swiss Lab" ;
  schema:address <https://example.org/xtd/organizations/lab#address-ch> .
<https://example.org/xtd/organizations/lab#address-ch> schema:addressCountry "CH" .
o:va a schema:Organization ; schema:name "V&A" ;
  schema:address <https://example.org/xtd/organizations/va#address-gb> .
<https://example.org/xtd/organizations/va#address-gb> schema:addressCountry "GB" .
<https://example.org/xtd/notes/a#quote-1> a schema:Quotation ;
  schema:text "La culture est un bien commun."@fr ;
  schema:spokenByCharacter p:ada ; schema:isPartOf n:a .
<https://example.org/xtd/notes/b#quote-1> a schema:Quotation ; schema:text "Open by default."@en ;
  schema:spokenByCharacter p:ada ; schema:isPartOf n:b .
<https://example.org/xtd/notes/b#quote-2> a schema:Quotation ; schema:text "Small steps."@en ;
  schema:spokenByCharacter p:bob ; schema:isPartOf n:b .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    graph = ox.Store()
    graph.load(GRAPH, format=ox.RdfFormat.TURTLE)
    return graph


def rows(store: ox.Store, name: str, *columns: str) -> list[tuple[str, ...]]:
    """The named query's solutions, as the lexical values of the given columns, in result order."""
    query = named_query(name)
    assert query is not None, name
    results = execute(store, query.text)
    return [tuple(s[c].value if s[c] is not None else "" for c in columns) for s in results]


def test_at_least_eight_named_queries_each_with_a_comment() -> None:
    queries = named_queries()
    assert len(queries) >= 8
    assert all(len(q.comment) > 20 for q in queries), [q.name for q in queries if len(q.comment) <= 20]


def test_people_across_events(store: ox.Store) -> None:
    assert rows(store, "people-across-events", "name", "events") == [
        ("Ada Lovelace", "3"),
        ("Bob Martin", "2"),
    ]


def test_speakers_by_event(store: ox.Store) -> None:
    found = set(rows(store, "speakers-by-event", "eventName", "speakerName"))
    assert found == {
        ("Forum", "Ada Lovelace"),
        ("Forum", "Bob Martin"),
        ("Colloque", "Ada Lovelace"),
        ("Journée", "Ada Lovelace"),
        ("Journée", "Bob Martin"),
        ("Sans date", "Carla Rossi"),
    }


def test_co_organisers(store: ox.Store) -> None:
    found = rows(store, "co-organisers", "name", "partnerName", "events")
    assert found == [
        ("ICOM", "Musée suisse", "2"),
        ("ICOM", "V&A", "1"),
        ("Musée suisse", "ICOM", "2"),
        ("V&A", "ICOM", "1"),
    ]


def test_notes_per_tag_counts_articles_only(store: ox.Store) -> None:
    assert rows(store, "notes-per-tag", "notation", "notes") == [("strategie", "2"), ("numerique/3d", "1")]


def test_quotations_by_person(store: ox.Store) -> None:
    assert rows(store, "quotations-by-person", "speakerName", "text", "noteName") == [
        ("Ada Lovelace", "La culture est un bien commun.", "Note A"),
        ("Ada Lovelace", "Open by default.", "Note B"),
        ("Bob Martin", "Small steps.", "Note B"),
    ]


def test_dangling_links(store: ox.Store) -> None:
    assert rows(store, "dangling-links", "noteName", "targetName") == [
        ("Note A", "Missing note"),
        ("Note C", "Missing note"),
    ]


def test_events_by_year_whatever_the_date_precision(store: ox.Store) -> None:
    assert rows(store, "events-by-year", "year", "events") == [("2019", "2"), ("2021", "1")]


def test_organisations_by_country(store: ox.Store) -> None:
    assert rows(store, "organisations-by-country", "country", "organisations") == [
        ("CH", "2"),
        ("FR", "1"),
        ("GB", "1"),
    ]


def test_most_linked_notes_ignores_self_links(store: ox.Store) -> None:
    assert rows(store, "most-linked-notes", "name", "backlinks") == [
        ("Missing note", "2"),
        ("Note B", "2"),
        ("Note A", "1"),
        ("Note C", "1"),  # from Note B; its link to itself does not count
    ]


def test_notes_mentioning_organisation(store: ox.Store) -> None:
    assert rows(store, "notes-mentioning-organisation", "name", "notes") == [("ICOM", "2")]


def test_people_and_affiliations(store: ox.Store) -> None:
    assert rows(store, "people-and-affiliations", "name", "jobTitles", "affiliations") == [
        ("Ada Lovelace", "Directrice", "ICOM"),
        ("Bob Martin", "", ""),
        ("Carla Rossi", "", ""),
    ]


def test_cited_sites(store: ox.Store) -> None:
    assert rows(store, "cited-sites", "site", "notes") == [("www.gov.uk", "2"), ("www.nga.gov", "1")]


@pytest.fixture(scope="module")
def seed() -> ox.Store:
    if not SEED.is_dir():
        pytest.skip(f"the seed note is not at {SEED}")
    return load_vault(SEED, load_config(SEED))[0].store


def test_seed_note_tags(seed: ox.Store) -> None:
    assert rows(seed, "notes-per-tag", "notation", "notes") == [
        ("liens", "1"),
        ("rapport", "1"),
        ("strategie", "1"),
    ]


def test_seed_note_dangling_links_and_most_linked(seed: ox.Store) -> None:
    missing = [
        "Comment élaborer une stratégie numérique",
        "Exemples de stratégie numérique de musées",
        "Qu'est-ce qu'une stratégie numérique",
    ]
    note = "La Stratégie numérique dans les musées"
    assert rows(seed, "dangling-links", "noteName", "targetName") == [(note, m) for m in missing]
    assert rows(seed, "most-linked-notes", "name", "backlinks") == [(m, "1") for m in missing]


def test_seed_note_cites_culture_gouv(seed: ox.Store) -> None:
    assert rows(seed, "cited-sites", "site", "notes") == [("www.culture.gouv.fr", "1")]


def test_seed_note_quotations_event_and_co_organisers(seed: ox.Store) -> None:
    """The seed's three attributed quotations, its one event of 2018 and its three co-organisers."""
    speakers = [("Blandine Chavanne",), ("David de Sousa",), ("Jean-François Depelsenaire",)]
    assert rows(seed, "quotations-by-person", "speakerName") == speakers
    assert rows(seed, "events-by-year", "year", "events") == [("2018", "1")]
    pairs = {tuple(sorted(r)) for r in rows(seed, "co-organisers", "name", "partnerName")}
    assert pairs == {
        ("ICOM France", "Institut national du patrimoine"),
        ("Association Générale des Conservateurs des Collections Publiques de France", "ICOM France"),
        (
            "Association Générale des Conservateurs des Collections Publiques de France",
            "Institut national du patrimoine",
        ),
    }
    assert rows(seed, "people-across-events", "name") == []  # one event: nobody is at two
