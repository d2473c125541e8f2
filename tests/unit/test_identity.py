"""One person, one organisation, one IRI across a vault; merges are explained."""

from __future__ import annotations

from pathlib import Path

from xtd_rdf.config import Config
from xtd_rdf.identity import org_key, person_key
from xtd_rdf.pipeline import build


def test_person_key_ignores_titles_case_accents_and_hyphens() -> None:
    assert person_key("Prof. Hannah Okafor") == person_key("hannah okafor")
    assert person_key("Ana-Maria Dúbois") == person_key("Ana Maria Dubois")
    assert person_key("Hannah Okafor") != person_key("Peter Okafor")


def test_org_key_ignores_spacing_around_joiners() -> None:
    assert org_key("Lab A + B") == org_key("lab a+b")
    assert org_key("Musée A") != org_key("Musée B")


def _persons(vault: Path) -> dict[str, set[str]]:
    dataset = build(vault, Config()).dataset
    return {p.name: {n for n in p.notes} for p in dataset.persons.values()}


def test_same_person_in_several_notes_is_one_iri_with_all_jobs(make_vault) -> None:
    vault = make_vault(
        {
            "a.md": "- [Prof. Hannah Okafor](https://example.org/ho), Curator, [Lake Museum](https://lm.example/)\n",
            "b.md": "- [Hannah Okafor](https://example.org/ho), Directrice, [Musée du Lac](https://lm.example/)\n",
            "c.md": "- [Peter Okafor](https://example.org/po), Designer, [Studio Nord](https://sn.example/)\n",
        }
    )
    dataset = build(vault, Config()).dataset
    persons = {p.name: p for p in dataset.persons.values()}
    assert set(persons) == {"Hannah Okafor", "Peter Okafor"}
    assert set(persons["Hannah Okafor"].job_titles) == {"Curator", "Directrice"}
    assert len(persons["Hannah Okafor"].notes) == 2
    assert any("Prof. Hannah Okafor" in m and "a.md" in m for m in dataset.merges)


def test_acronym_and_full_name_are_one_organisation_where_the_vault_ties_them(make_vault) -> None:
    vault = make_vault(
        {
            "a.md": "Le rapport de l'Association des archives vaudoises (AAV) est paru.\n",
            "b.md": "Selon l'AAV, tout va bien. L'Association des archives vaudoises publie un guide.\n",
            "c.md": "Die Stiftung Nordlicht ist eine andere Organisation.\n",
        }
    )
    dataset = build(vault, Config()).dataset
    orgs = {o.name: o for o in dataset.organizations.values()}
    aav = orgs["Association des archives vaudoises"]
    assert "AAV" in aav.alternate_names
    assert "AAV" not in orgs
    assert len(aav.notes) == 2
    (merge,) = [m for m in dataset.merges if "AAV" in m]
    assert "a.md:1" in merge


def test_acronym_then_full_name_in_parentheses_ties_them_too(make_vault) -> None:
    vault = make_vault(
        {
            "a.md": "Le guide de la FMV (Fédération des musées valaisans) est utile.\n",
            "b.md": "La Fédération des musées valaisans organise des cours.\n",
        }
    )
    dataset = build(vault, Config()).dataset
    orgs = {o.name: o for o in dataset.organizations.values()}
    assert set(orgs) == {"Fédération des musées valaisans"}
    assert orgs["Fédération des musées valaisans"].alternate_names == {"FMV"}


def test_job_titles_that_differ_only_by_case_are_one(make_vault) -> None:
    from xtd_rdf.config import Config
    from xtd_rdf.pipeline import build

    line = "- [Ann Meier](https://ann.example/), {job}, [Musée Exemple](https://musee.example/) (CH)\n"
    vault = make_vault(
        {
            "A.md": "## Programme\n\n- #### Ouverture\n" + line.format(job="Directrice"),
            "B.md": "## Programme\n\n- #### Clôture\n" + line.format(job="directrice"),
        }
    )
    [person] = build(vault, Config()).dataset.persons.values()
    assert list(person.job_titles) == ["Directrice"]
