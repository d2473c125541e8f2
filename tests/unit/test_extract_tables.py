"""The actors table under `_data/`: rows become organisations, "Name (ACR)" ties an acronym."""

from __future__ import annotations

from xtd_rdf.extract.tables import organizations_from_tables


def test_rows_become_organisations_with_url_location_topics_and_acronym() -> None:
    table = (
        "Nom,URL,Localisation,Nature,Expertise 1,Expertise 2\n"
        "Atelier Lumière,https://al.example/,Sion,Studio,Éclairage,Scénographie\n"
        "Réseau des musées valaisans (RMV),https://rmv.example/,Sion,Association,Réseau,\n"
        "Studio Nord (Groupe Sud),,Bulle,Studio,,\n"
    )
    found, diagnostics = organizations_from_tables({"_data/acteurs.csv": table})
    assert diagnostics == []
    orgs = {o.name: o for _, o in found}
    assert orgs["Atelier Lumière"].url == "https://al.example/"
    assert orgs["Atelier Lumière"].location == "Sion"
    assert orgs["Atelier Lumière"].knows_about == ("Studio", "Éclairage", "Scénographie")
    assert orgs["Réseau des musées valaisans"].alternate_names == ("RMV",)
    assert orgs["Studio Nord (Groupe Sud)"].alternate_names == ()


def test_a_table_without_a_name_column_is_skipped_with_a_warning() -> None:
    found, diagnostics = organizations_from_tables({"_data/x.csv": "a,b\n1,2\n"})
    assert found == []
    assert [d.code for d in diagnostics] == ["table-no-name"]
