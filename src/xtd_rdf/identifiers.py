"""Authority identifiers written as shorthands (`wikidata: Q42`, `gnd:`, `viaf:`, `isni:`) → their IRIs.

Each is checked against the shape its registry publishes, so a typo becomes a warning, not a dead link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .urls import safe_iri


@dataclass(frozen=True)
class Authority:
    """A registry: its canonical IRI prefix, the identifier's shape, and an example for hints."""

    label: str
    prefix: str
    pattern: re.Pattern[str]
    example: str
    pasted: re.Pattern[str]  # the registry's own web addresses, so a pasted URL works too


def _pasted(host: str) -> re.Pattern[str]:
    return re.compile(rf"https?://(?:www\.)?{host}/", re.IGNORECASE)


AUTHORITIES = {
    "wikidata": Authority(
        "a Wikidata item ID",
        "http://www.wikidata.org/entity/",
        re.compile(r"Q[1-9]\d*"),
        "Q42",
        re.compile(r"https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/", re.IGNORECASE),
    ),
    "gnd": Authority(  # the pattern of Wikidata's property P227, which follows the GND's own rules
        "a GND identifier",
        "https://d-nb.info/gnd/",
        re.compile(r"1[012]?\d{7}[0-9X]|[47]\d{6}-\d|[1-9]\d{0,7}-[0-9X]|3\d{7}[0-9X]"),
        "118540238",
        _pasted(r"d-nb\.info/gnd"),
    ),
    "viaf": Authority(  # Wikidata's property P214
        "a VIAF ID",
        "http://viaf.org/viaf/",
        re.compile(r"[1-9]\d(?:\d{0,7}|\d{17,20})"),
        "113230702",
        _pasted(r"viaf\.org/viaf"),
    ),
    "isni": Authority(  # ISO 27729: 15 digits and a MOD 11-2 check character
        "an ISNI",
        "https://isni.org/isni/",
        re.compile(r"\d{15}[\dX]"),
        "0000 0001 2103 2683",
        _pasted(r"isni\.org/isni"),
    ),
}


def authority_iri(scheme: str, value: str) -> tuple[str, str]:
    """(IRI, "") for a well-formed identifier of `scheme`, else ("", why it is not one)."""
    authority = AUTHORITIES[scheme]
    ident = authority.pasted.sub("", value.strip(), count=1).strip().strip("/")
    ident = re.sub(r"\s+", "", ident).upper() if scheme in ("isni", "wikidata", "gnd") else ident
    if not authority.pattern.fullmatch(ident):
        return "", f"is not {authority.label}"
    if scheme == "isni" and isni_check(ident[:15]) != ident[15]:
        return "", f"has a wrong check character (with these digits it ends in {isni_check(ident[:15])})"
    return authority.prefix + ident, ""


def isni_check(digits: str) -> str:
    """The check character of 15 ISNI digits: ISO 7064 MOD 11-2, 10 written as X."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def web_iri(value: str) -> str:
    """An absolute http(s) IRI for a `sameAs` value, or ""."""
    return safe_iri(value)
