"""Slugs and IRIs: every IRI the export mints is made here and nowhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from anyascii import anyascii

KINDS = ("notes", "events", "persons", "organizations", "places", "tags", "vocab")


MAX_SLUG = 120  # file names stay far below the 255-byte limit, with room for ".jsonld" and a "-2"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII, lower case, accents folded, runs of anything else turned into `-`; at most MAX_SLUG long."""
    folded = (text if text.isascii() else anyascii(text)).lower()  # anyascii keeps ASCII as it is
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug or "x"


def tag_slug(path: str) -> str:
    """The slug of a full tag path: `numerique/3d` → `numerique-3d`."""
    return slugify(path.replace("/", " "))


@dataclass
class IriMinter:
    """Mints stable, unique IRIs under a base; tells apart keys that fold to one slug.

    Keys must be offered in a deterministic order (the caller sorts them), so the
    same vault always gives the same IRIs. Collisions are recorded for the report.
    """

    base: str
    _taken: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    _next: dict[tuple[str, str], int] = field(default_factory=dict)  # the first number left to try
    collisions: list[tuple[str, str, str]] = field(default_factory=list)

    def mint(self, kind: str, key: str, label: str | None = None) -> str:
        """The IRI of `key` (a stable identity) in `kind`, slugged from `label` or the key."""
        if (kind, key) in self._by_key:
            return self._by_key[(kind, key)]
        slug = base_slug = slugify(label if label is not None else key)
        n = self._next.get((kind, base_slug), 2)  # slugs are never given back: lower numbers are taken
        while (kind, slug) in self._taken:
            slug = f"{base_slug}-{n}"
            n += 1
        self._next[(kind, base_slug)] = n
        if slug != base_slug:
            self.collisions.append((kind, self._taken[(kind, base_slug)], key))
        self._taken[(kind, slug)] = key
        iri = f"{self.base}{kind}/{slug}"
        self._by_key[(kind, key)] = iri
        return iri

    def pin(self, kind: str, key: str, slug: str) -> str:
        """Give `key` an exact slug; returns the IRI (the caller checks clashes first)."""
        self._taken[(kind, slug)] = key
        iri = f"{self.base}{kind}/{slug}"
        self._by_key[(kind, key)] = iri
        return iri


def hash_iri(document: str, *parts: object) -> str:
    """A part of a document: `notes/x#quote-1`, `organizations/y#address-ch`, `BASE#dataset-ttl`."""
    return f"{document}#{'-'.join(str(p) for p in parts)}"


def scheme_iri(base: str) -> str:
    """The SKOS concept scheme of the tags."""
    return base + "tags"


def distribution_iri(base: str, filename: str) -> str:
    """A dump of the dataset, as a dcat:Distribution: `BASE#dataset-ttl`."""
    return hash_iri(base, filename.replace(".", "-"))


def publisher_iri(base: str) -> str:
    """The publisher named in the config, as an organisation."""
    return base + "organizations/publisher"


def document_of(iri: str) -> str:
    """The resource whose page and files hold this IRI (hash IRIs live in their document)."""
    return iri.split("#", 1)[0]


def relative_path(iri: str, base: str) -> str | None:
    """Where a minted IRI's files live under the output folder (`persons/x`), or None if not ours."""
    if not iri.startswith(base):
        return None
    return document_of(iri)[len(base) :]
