"""Identity keys: when two names written in notes are one person or one organisation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HONORIFICS = re.compile(
    r"^(?:(?:prof|professeur|professor|dr|docteur|doktor|me|mme|mlle|m|mr|mrs|ms|herr|frau|sir|dame)\.?\s+)+",
    re.IGNORECASE,
)


SPACES = re.compile(r"\s+")
HYPHENS_OR_SPACES = re.compile(r"\s*-\s*|\s+")
ORG_JOINERS = re.compile(r"\s*([+&/·–—-])\s*")
NAMES_CACHED = 1 << 16  # a vault names the same people and organisations again and again


class _Plain(dict[int, str | None]):
    """A `str.translate` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> str | None:
        kept = None if unicodedata.combining(chr(code)) else chr(code)
        self[code] = kept
        return kept


_PLAIN = _Plain({0x2019: "'", 0x2018: "'", 0xA0: " "})


@lru_cache(maxsize=NAMES_CACHED)
def fold(text: str) -> str:
    """Case-, accent-, quote- and space-insensitive form of a name."""
    plain = text if text.isascii() else unicodedata.normalize("NFKD", text).translate(_PLAIN)
    return SPACES.sub(" ", plain).strip(" .,;:").casefold()


@lru_cache(maxsize=NAMES_CACHED)
def person_key(name: str) -> str:
    """Honorifics and hyphens do not make another person: "Prof. Ana-Maria Okafor" is "Ana Maria Okafor"."""
    return HYPHENS_OR_SPACES.sub(" ", HONORIFICS.sub("", fold(name))).strip()


@lru_cache(maxsize=NAMES_CACHED)
def org_key(name: str) -> str:
    """Organisations are one when their names fold to one form ("EPFL + ECAL Lab" is "EPFL+ECAL Lab")."""
    return ORG_JOINERS.sub(r"\1", fold(name))


def has_honorific(name: str) -> bool:
    return bool(HONORIFICS.match(fold(name)))


class UnionFind:
    """Groups of keys that name one thing; the representative is the smallest key, so merges are stable."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low
