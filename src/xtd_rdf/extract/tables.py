"""Data tables under `_data/`: a CSV of actors (name, URL, location, nature, expertise) → organisations."""

from __future__ import annotations

import csv
import io
import re

from ..diagnostics import Diagnostic, warning
from ..facts import OrgMention

NAME_COLUMNS = ("nom", "name", "organisation", "organization", "name der organisation")
URL_COLUMNS = ("url", "site", "website", "lien", "link")
LOCATION_COLUMNS = ("localisation", "location", "lieu", "ville", "city", "ort")
TOPIC_PREFIXES = ("expertise", "nature", "domaine", "topic", "thème", "theme")


def organizations_from_tables(
    tables: dict[str, str],
) -> tuple[list[tuple[str, OrgMention]], list[Diagnostic]]:
    """Every row of a table that has a name column becomes an organisation mention."""
    found: list[tuple[str, OrgMention]] = []
    diagnostics: list[Diagnostic] = []
    for path, text in sorted(tables.items()):
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            continue
        header = [h.strip().casefold() for h in rows[0]]
        name_col = _column(header, NAME_COLUMNS)
        if name_col is None:
            diagnostics.append(
                warning(
                    path,
                    1,
                    "table-no-name",
                    "this table has no name column; skipped",
                    f"name a column one of: {', '.join(NAME_COLUMNS)}",
                )
            )
            continue
        url_col, place_col = _column(header, URL_COLUMNS), _column(header, LOCATION_COLUMNS)
        topic_cols = [i for i, h in enumerate(header) if h.startswith(TOPIC_PREFIXES)]
        for number, row in enumerate(rows[1:], start=2):
            cell = _cells(row)
            name = cell(name_col)
            if not name:
                continue
            topics = tuple(dict.fromkeys(t for t in (cell(i) for i in topic_cols) if t))
            name, alternates = _acronym_of(name)
            org = OrgMention(
                name,
                number,
                url=cell(url_col),
                location=cell(place_col),
                knows_about=topics,
                alternate_names=alternates,
            )
            found.append((path, org))
    return found, diagnostics


ACRONYM_IN_PARENTHESES = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Z0-9&+-]{1,9})\)$")


def _acronym_of(name: str) -> tuple[str, tuple[str, ...]]:
    """ "Association des musées suisses (AMS)" → the name, and its acronym as an alternate name."""
    match = ACRONYM_IN_PARENTHESES.match(name)
    return (match.group("name"), (match.group("acronym"),)) if match else (name, ())


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, h in enumerate(header) if h in names), None)


def _cells(row: list[str]):  # type: ignore[no-untyped-def]
    def cell(index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    return cell
