"""Small text helpers of the site: dates for people, JSON safe inside a script element."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..graph import Triple
from .rdf import jsonld

MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
}
_SCRIPT_ESCAPES = (
    ("&", "\\u0026"),
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def format_date(value: str, language: str) -> str:
    """`2022-10-12` → `12 octobre 2022`; `2022-10` → `octobre 2022`; other text as is."""
    months = MONTHS.get(language.split("-")[0], MONTHS["en"])
    parts = value.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return value


def json_for_script(text: str) -> Markup:
    """JSON that cannot close or comment out its `<script>`: `<`, `>`, `&` become \\u escapes.

    Those characters only ever occur inside JSON strings, where the escapes mean the same.
    """
    for raw, escaped in _SCRIPT_ESCAPES:  # str.replace runs at C speed; translate() does not
        text = text.replace(raw, escaped)
    return Markup(text)


def dumps_for_script(value: Any) -> Markup:
    return json_for_script(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def jsonld_of(read: Callable[[str], str | None], relative: str, triples: list[Triple]) -> str:
    """The resource's JSON-LD as the RDF writer wrote it (`read` gives a staged file's text), so page
    and file never differ."""
    if relative and "/" in relative:
        text = read(f"{relative}.jsonld")
        if text is not None:
            return text
    return jsonld(triples).decode("utf-8")


def read_text(path: str) -> str | None:
    """A UTF-8 file's text, None if there is no such file.

    Plain os calls on a plain path: open()'s layers of objects, and pathlib's joins and checks,
    cost more than the read itself, page after page. (Our JSON has no carriage return to translate.)
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    except IsADirectoryError:
        return None
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8")
