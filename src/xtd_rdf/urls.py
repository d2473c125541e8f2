"""External URLs as valid IRIs: percent-encode what IRIs forbid, refuse what cannot be one."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

import pyoxigraph

# Characters an IRI may not contain raw (RFC 3987): space, controls, and <>"{}|\^`
_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>"{}|\\^`') + "%"


@lru_cache(maxsize=65536)
def safe_iri(url: str) -> str:
    """`url` as an IRI, forbidden characters percent-encoded, a `%` that starts no escape as `%25`;
    "" if not an absolute http(s) URL or still no valid IRI (a bad port or host: pyoxigraph decides)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    authority = url[: url.index(parts.netloc) + len(parts.netloc)]
    rest = _BAD_PERCENT.sub("%25", url[len(authority) :])
    authority = _BAD_PERCENT.sub("%25", authority)  # a '%' that starts no escape, even in the host
    fragment = rest.find("#")
    if fragment >= 0:  # a second '#' is data of the fragment
        rest = rest[: fragment + 1] + rest[fragment + 1 :].replace("#", "%23")
    iri = _encode(authority, _SAFE) + _encode(rest, _SAFE_PATH)
    return iri if _is_iri(iri) else ""


_SAFE_PATH = _SAFE.replace("[", "").replace("]", "")  # brackets belong to an IPv6 host only
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _encode(text: str, safe: str) -> str:
    if not text.strip(safe):  # every character allowed as is, as in most URLs: nothing to encode
        return text
    return "".join(c if c in safe or _ucschar(ord(c)) else quote(c, safe="") for c in text)


def _is_iri(iri: str) -> bool:
    """The strict parser the dumps are written with has the last word (a port that is no number)."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def _ucschar(code: int) -> bool:
    """Non-ASCII characters an IRI may hold raw (RFC 3987 `ucschar`)."""
    if 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF:
        return True
    return 0x10000 <= code <= 0xEFFFD and (code & 0xFFFF) < 0xFFFE
