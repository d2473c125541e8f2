"""External URLs as valid IRIs: percent-encode what IRIs forbid, refuse what cannot be one."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

# Characters an IRI may not contain raw (RFC 3987): space, controls, and <>"{}|\^`
_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>"{}|\\^`') + "%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


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
    encoded = "".join(c if c in _SAFE or _ucschar(ord(c)) else quote(c, safe="") for c in url)
    encoded = _STRAY_PERCENT.sub("%25", encoded)
    try:
        ox.NamedNode(encoded)
    except ValueError:
        return ""
    return encoded


def _ucschar(code: int) -> bool:
    """Non-ASCII characters an IRI may hold raw (RFC 3987 `ucschar`)."""
    if 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF:
        return True
    return 0x10000 <= code <= 0xEFFFD and (code & 0xFFFF) < 0xFFFE
