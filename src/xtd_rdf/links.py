"""Links to the wider web of data: `schema:sameAs` from front matter and `_data/sameas.csv`, and `iri:` pins.

Front matter `sameAs:` (IRIs) and `wikidata:`/`gnd:`/`viaf:`/`isni:` (identifiers) go to the one person,
organisation or event a note is about, else to the note. A row of `_data/sameas.csv` (`name,iri`) goes to
every person and organisation of that name. `iri:` keeps a renamed note's IRI. Bad values are warnings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .dataset import Dataset, Entity, PublishedNote
from .diagnostics import Diagnostic, error, info, warning
from .identifiers import AUTHORITIES, authority_iri, web_iri
from .identity import org_key, person_key
from .iris import IriMinter, slugify
from .notes import Note

SAME_AS_TABLE = "_data/sameas.csv"
SAME_AS_KEYS = ("sameas", "same_as")
PIN_KEY = "iri"
LINK_KEYS = (*SAME_AS_KEYS, *AUTHORITIES, PIN_KEY)  # front-matter keys (case-insensitive) read here


@dataclass(frozen=True)
class SameAsRow:
    """A row of `_data/sameas.csv`: everyone called `name` is also `iri`."""

    name: str
    iri: str
    line: int


def is_link_key(key: str) -> bool:
    """True for the front-matter keys this module turns into data (other readers should skip them)."""
    return key.casefold() in LINK_KEYS


# -- front matter → IRIs


def note_same_as(note: Note) -> tuple[list[str], list[Diagnostic]]:
    """The `schema:sameAs` IRIs a note's front matter states, in the order written, and warnings."""
    found: list[str] = []
    diagnostics: list[Diagnostic] = []
    for key, value in note.front_matter.items():
        scheme = key.casefold()
        if scheme not in SAME_AS_KEYS and scheme not in AUTHORITIES:
            continue
        line = note.line_of(key)
        for item in value if isinstance(value, list) else [value]:
            iri, why = _one_same_as(scheme, item)
            if iri:
                found.append(iri)
            else:
                diagnostics.append(_bad_value(note.path, line, key, item, why))
    return list(dict.fromkeys(found)), diagnostics


def _one_same_as(scheme: str, value: Any) -> tuple[str, str]:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return "", "is not text"
    if scheme in AUTHORITIES:
        return authority_iri(scheme, str(value))
    iri = web_iri(str(value))
    return (iri, "") if iri else ("", "is not an absolute http(s) address")


def _bad_value(path: str, line: int, key: str, value: Any, why: str) -> Diagnostic:
    scheme = key.casefold()
    if scheme in AUTHORITIES:
        example = f"{key}: {AUTHORITIES[scheme].example}"
    else:
        example = f"{key}: https://www.wikidata.org/wiki/Q42"
    shown = repr(value) if isinstance(value, str) else _kind(value)
    message = f"the front-matter {key} {shown} {why}; it was ignored"
    return warning(path, line, "bad-identifier", message, f"e.g. {example}")


def _kind(value: Any) -> str:
    """A non-text value named without repr: a nested list may be deep."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a nested list"
    return repr(value)


# -- _data/sameas.csv


def same_as_table(text: str | None) -> tuple[list[SameAsRow], list[Diagnostic]]:
    """The rows of `_data/sameas.csv` with a name and a valid IRI; a warning per unusable row."""
    if not text:
        return [], []
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().casefold() for h in rows[0]] if rows else []
    if "name" not in header or "iri" not in header:
        message, hint = "this table has no name and iri columns; it was ignored", "start it with: name,iri"
        return [], [warning(SAME_AS_TABLE, 1, "same-as-table", message, hint)]
    name_col, iri_col = header.index("name"), header.index("iri")
    found: list[SameAsRow] = []
    diagnostics: list[Diagnostic] = []
    for number, row in enumerate(rows[1:], start=2):
        name = row[name_col].strip() if name_col < len(row) else ""
        value = row[iri_col].strip() if iri_col < len(row) else ""
        if not name and not value:
            continue
        if name and web_iri(value):
            found.append(SameAsRow(name, web_iri(value), number))
            continue
        why = f"the IRI {value!r} is not an absolute http(s) address" if name else "the name is empty"
        diagnostics.append(warning(SAME_AS_TABLE, number, "same-as-table", f"{why}; the row was ignored"))
    return found, diagnostics


# -- attaching to the resolved vault


def attach_same_as(dataset: Dataset, rows: Sequence[SameAsRow] = ()) -> list[Diagnostic]:
    """Add the front matter's and the table's `schema:sameAs` to the dataset's entities and notes."""
    diagnostics: list[Diagnostic] = []
    stated = []
    for item in dataset.notes:
        iris, found = note_same_as(item.note)
        diagnostics += found
        stated += [(item, iris)] if iris else []
    if not stated and not rows:
        return diagnostics  # the usual vault: no index to build
    entities: dict[str, Entity] = {e.iri: e for e in dataset.entities()}
    named = _by_name(dataset)
    for item, iris in stated:
        diagnostics += _attach_note(item, iris, entities, named)
    return diagnostics + _attach_rows(named, rows)


def _by_name(dataset: Dataset) -> dict[str, list[Entity]]:
    """People and organisations by every name they carry, folded as identity resolution folds them."""
    by_key: dict[str, list[Entity]] = {}
    for person in dataset.persons.values():
        for name in sorted({person.name, *person.alternate_names}):
            by_key.setdefault("p:" + person_key(name), []).append(person)
    for org in dataset.organizations.values():
        for name in sorted({org.name, *org.alternate_names}):
            by_key.setdefault("o:" + org_key(name), []).append(org)
    return by_key


def _named(named: dict[str, list[Entity]], name: str) -> list[Entity]:
    found = named.get("p:" + person_key(name), []) + named.get("o:" + org_key(name), [])
    return list({id(e): e for e in found}.values())


def _attach_note(
    item: PublishedNote, iris: list[str], entities: dict[str, Entity], named: dict[str, list[Entity]]
) -> list[Diagnostic]:
    """To what the note is about when that is one entity; a note named after one person or organisation
    of the vault is about them too; else to the note itself."""
    about = [entities[iri] for iri in item.about if iri in entities] or _named(named, item.note.name)
    if len(about) == 1:
        about[0].same_as.update(iris)
        return []
    item.same_as = list(dict.fromkeys([*item.same_as, *iris]))
    if not about:
        return []
    line = min(item.note.line_of(k) for k in item.note.front_matter if k.casefold() in LINK_KEYS)
    message = "this note is about several things; its sameAs links were given to the note itself"
    return [info(item.note.path, line, "same-as-on-note", message)]


def _attach_rows(named: dict[str, list[Entity]], rows: Sequence[SameAsRow]) -> list[Diagnostic]:
    diagnostics = []
    for row in rows:
        matches = _named(named, row.name)
        for entity in matches:
            entity.same_as.add(row.iri)
        if not matches:
            message = f"no person or organisation of the vault is named {row.name!r}; the row was ignored"
            hint = "write the name as the notes do (case, accents and titles do not matter)"
            diagnostics.append(warning(SAME_AS_TABLE, row.line, "same-as-unmatched", message, hint))
    return diagnostics


# -- iri: pins


def pin_note_iris(minter: IriMinter, notes: Sequence[Note]) -> list[Diagnostic]:
    """Give each note with a valid `iri:` that exact slug under `notes/`, before any other note is minted.

    Two notes pinning one slug, or a pin equal to the slug another note's name gives, is an error that
    names both files; the first pin (in vault order) keeps the IRI, the other note is minted as usual.
    """
    diagnostics: list[Diagnostic] = []
    pins: dict[str, tuple[Note, int]] = {}
    for note in notes:
        slug, line, problem = _pinned_slug(note, minter.base)
        if problem is not None:
            diagnostics.append(problem)
        elif slug and slug in pins:
            other, other_line = pins[slug]
            diagnostics.append(_clash(note, line, slug, f"{other.path}:{other_line}, which pins it too"))
        elif slug:
            pins[slug] = (note, line)
    if not pins:
        return diagnostics
    for note in notes:
        slug = slugify(note.name)
        if slug in pins and _pinned_slug(note, minter.base)[0] == "":
            pinner, line = pins[slug]
            if pinner is not note:
                diagnostics.append(_clash(pinner, line, slug, f"{note.path}, whose file name gives it"))
    for slug, (note, _) in pins.items():
        minter.pin("notes", note.path, slug)
    return diagnostics


def _pinned_slug(note: Note, base: str) -> tuple[str, int, Diagnostic | None]:
    """(slug, line, None) for a usable `iri:`; ("", 0, None) for none; ("", line, warning) for a bad one."""
    key = next((k for k in note.front_matter if k.casefold() == PIN_KEY), None)
    if key is None:
        return "", 0, None
    line, value = note.line_of(key), note.front_matter[key]
    text = value.strip() if isinstance(value, str) else ""
    slug = text[len(base) + len("notes/") :] if text.startswith(base + "notes/") else text
    if slug and slugify(slug) == slug:
        return slug, line, None
    shown = repr(value) if isinstance(value, (str, int, float)) else _kind(value)
    message = f"the front-matter {key} {shown} is not a note slug or a note IRI under {base}; it was ignored"
    hint = f"write the old slug, e.g. {key}: old-name, or the whole IRI {base}notes/old-name"
    return "", line, warning(note.path, line, "bad-iri-pin", message, hint)


def _clash(note: Note, line: int, slug: str, other: str) -> Diagnostic:
    message = f"iri: {slug} is the IRI of two notes: {note.path}:{line} and {other}"
    hint = "each note needs its own IRI: change or remove one of them"
    return error(note.path, line, "iri-clash", message, hint)
