"""Dates in French, English and German prose, at the precision the text gives."""

from __future__ import annotations

import pytest

from xtd_rdf.extract.dates import find_dates


def dates(text: str) -> list[tuple[str, str | None]]:
    return [(d.start.value, d.end.value if d.end else None) for d in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La rencontre aura lieu le 9 février 2024 à Lyon.", [("2024-02-09", None)]),
        ("Le salon se tient du 21 au 23 novembre 2019.", [("2019-11-21", "2019-11-23")]),
        ("Deux journées, les 7 et 8 avril 2016.", [("2016-04-07", "2016-04-08")]),
        ("Ouverture le 1er juillet 2015.", [("2015-07-01", None)]),
        ("Prévu pour mi-septembre 2025.", [("2025-09", None)]),
        ("Du 2 mai au 30 juin 2017, l'atelier…", [("2017-05-02", "2017-06-30")]),
        ("The workshop took place on 21 June 2019 in Leeds.", [("2019-06-21", None)]),
        ("Registration closes September 3, 2021.", [("2021-09-03", None)]),
        ("Die Tagung fand am 3. März 2020 in Graz statt.", [("2020-03-03", None)]),
        ("Vom 4. bis 6. Mai 2018 in Bern.", [("2018-05-04", "2018-05-06")]),
        ("im Jahr 2011 gegründet", [("2011", None)]),
        ("Le musée a été fondé en 1998.", [("1998", None)]),
        ("Stand: 2023-01-15", [("2023-01-15", None)]),
        ("Rendez-vous le 17.11.2022", [("2022-11-17", None)]),
    ],
)
def test_date_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(text) == expected


def test_a_day_without_year_borrows_the_year_of_the_block() -> None:
    assert dates("Le 3 juin 2021 puis le 1er décembre") == [("2021-06-03", None), ("2021-12-01", None)]


def test_a_day_without_any_year_is_no_date() -> None:
    assert dates("chaque 1er décembre") == []


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    assert dates("Il y a 2 salles et 1500 objets, page 12.") == []
