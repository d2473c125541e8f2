"""Identity keys: when two names written in notes are one person or one organisation."""

from __future__ import annotations

import re
import unicodedata

HONORIFICS = re.compile(
    r"^(?:(?:prof|professeur|professor|dr|docteur|doktor|me|mme|mlle|m|mr|mrs|ms|herr|frau|sir|dame)\.?\s+)+",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Case-, accent-, quote- and space-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain).strip(" .,;:").casefold()


def person_key(name: str) -> str:
    """Honorifics and hyphens do not make another person: "Prof. Ana-Maria Okafor" is "Ana Maria Okafor"."""
    return re.sub(r"\s*-\s*|\s+", " ", HONORIFICS.sub("", fold(name))).strip()


def org_key(name: str) -> str:
    """Organisations are one when their names fold to one form ("EPFL + ECAL Lab" is "EPFL+ECAL Lab")."""
    return re.sub(r"\s*([+&/·–—-])\s*", r"\1", fold(name))


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
