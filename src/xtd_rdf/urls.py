"""External URLs as valid IRIs: percent-encode what IRIs forbid, refuse what cannot be one."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlsplit

# Characters an IRI may not contain raw (RFC 3987): space, controls, and <>"{}|\^`
_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>"{}|\\^`') + "%"


@lru_cache(maxsize=65536)
def safe_iri(url: str) -> str:
    """`url` as an IRI, forbidden characters percent-encoded; "" if not an absolute http(s) URL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return "".join(c if c in _SAFE or _ucschar(ord(c)) else quote(c, safe="") for c in url)


def _ucschar(code: int) -> bool:
    """Non-ASCII characters an IRI may hold raw (RFC 3987 `ucschar`)."""
    if 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF:
        return True
    return 0x10000 <= code <= 0xEFFFD and (code & 0xFFFF) < 0xFFFE
