"""What the OAI-PMH endpoint serves, read from an export folder: one record per note, tags as sets.

Datestamps are the change feed's times (changes/state.json), so `from`/`until` select what a
harvester has not seen yet; notes the feed records as deleted stay as deleted records (persistent).
A note whose file went but which other notes still link to keeps a stub page (an Update in the feed)
and is a deleted record here too. An export without a feed falls back to each note's own dates and
keeps no deleted records.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from .iris import slugify
from .vocab import DCTERMS, RDF, SCHEMA, SKOS
from .writers.feed import EPOCH, FOLDER, STATE, read_feed

ARTICLE = str(SCHEMA.Article)
Values = dict[str, list[ox.NamedNode | ox.Literal]]


@dataclass(frozen=True)
class DcValue:
    element: str  # a Dublin Core element: title, subject, relation, …
    value: str
    language: str = ""


@dataclass(frozen=True)
class Record:
    identifier: str  # the note's IRI
    datestamp: str  # YYYY-MM-DDThh:mm:ssZ
    deleted: bool
    sets: tuple[str, ...]
    dc: tuple[DcValue, ...]
    jsonld: str  # the note's own JSON-LD file (schema.org), "" for deleted records


@dataclass(frozen=True)
class Repository:
    """The records, in datestamp order, and what Identify and ListSets say."""

    name: str
    base: str
    admin_email: str
    deleted_records: str  # "persistent" with a change feed, else "no"
    records: tuple[Record, ...]
    sets: tuple[tuple[str, str], ...]  # (setSpec, setName)
    fingerprint: str  # changes when the export does; resumption tokens carry it

    @property
    def earliest(self) -> str:
        return min((r.datestamp for r in self.records), default=EPOCH)

    @cached_property
    def datestamps(self) -> list[str]:
        return [r.datestamp for r in self.records]

    @cached_property
    def _by_identifier(self) -> dict[str, Record]:
        return {r.identifier: r for r in self.records}

    def record(self, identifier: str) -> Record | None:
        return self._by_identifier.get(identifier)


def load_repository(folder: Path, admin_email: str | None = None) -> Repository:
    """Read `dataset.nt` and the change feed of an export folder."""
    dump = folder / "dataset.nt"
    data = dump.read_bytes()
    subjects = _by_subject(data)
    base = _dataset_iri(subjects)
    specs = set_specs(subjects)
    feed = read_feed(folder)
    times = {iri: r.time for iri, r in feed.resources.items()} if feed else {}
    live = _articles(subjects)
    records = [_record(folder, base, iri, subjects, specs, times) for iri in live]
    if feed is not None:  # a note the feed once had, now gone or only a link target's stub
        gone = {a.iri for a in feed.activities if a.type == "Article"} - set(live)
        records += [Record(iri, feed.resources[iri].time, True, (), (), "") for iri in sorted(gone)]
    state = folder / FOLDER / STATE
    fingerprint = hashlib.sha256(data + (state.read_bytes() if state.is_file() else b"")).hexdigest()[:16]
    return Repository(
        name=_text(subjects.get(base, {}), str(DCTERMS.title)) or base,
        base=base,
        admin_email=admin_email or f"webmaster@{urlsplit(base).hostname or 'localhost'}",
        deleted_records="persistent" if feed is not None else "no",
        records=tuple(sorted(records, key=lambda r: (r.datestamp, r.identifier))),
        sets=tuple(sorted((spec, name) for _, (spec, name) in specs.items())),
        fingerprint=fingerprint,
    )


def _by_subject(data: bytes) -> dict[str, Values]:
    subjects: dict[str, Values] = defaultdict(lambda: defaultdict(list))
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        subjects[triple.subject.value][triple.predicate.value].append(triple.object)
    return subjects


def _dataset_iri(subjects: dict[str, Values]) -> str:
    dcat_dataset = "http://www.w3.org/ns/dcat#Dataset"
    return next(
        s for s, v in sorted(subjects.items()) if any(o.value == dcat_dataset for o in v[str(RDF.type)])
    )


def _articles(subjects: dict[str, Values]) -> list[str]:
    return sorted(s for s, v in subjects.items() if any(o.value == ARTICLE for o in v[str(RDF.type)]))


def _text(values: Values, prop: str) -> str:
    found = sorted(o.value for o in values.get(prop, []))
    return found[0] if found else ""


def set_specs(subjects: dict[str, Values]) -> dict[str, tuple[str, str]]:
    """Tag concept IRI → (setSpec, setName): `parent:child` from the slugs of the tag path."""
    concepts = sorted(
        s for s, v in subjects.items() if any(o.value == str(SKOS.Concept) for o in v[str(RDF.type)])
    )
    specs: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()

    def spec_of(iri: str) -> str:
        if iri not in specs:
            values = subjects[iri]
            notation = _text(values, str(SKOS.notation)) or iri.rsplit("/", 1)[-1]
            broader = _text(values, str(SKOS.broader))
            head = spec_of(broader) + ":" if broader in subjects else ""
            spec = candidate = head + slugify(notation.rsplit("/", 1)[-1])
            n = 2
            while spec in taken:
                spec, n = f"{candidate}-{n}", n + 1
            taken.add(spec)
            specs[iri] = (spec, notation)
        return specs[iri][0]

    for iri in concepts:
        spec_of(iri)
    return specs


def _record(
    folder: Path,
    base: str,
    iri: str,
    subjects: dict[str, Values],
    specs: dict[str, tuple[str, str]],
    times: dict[str, str],
) -> Record:
    values = subjects[iri]
    sets = sorted({s for tag in values.get(str(DCTERMS.subject), []) for s in _ancestors(specs, tag.value)})
    jsonld_path = folder / (iri[len(base) :] + ".jsonld")
    jsonld = jsonld_path.read_text(encoding="utf-8") if jsonld_path.is_file() else ""
    return Record(
        iri, times.get(iri) or _own_time(values), False, tuple(sets), _dc(iri, values, subjects, base), jsonld
    )


def _ancestors(specs: dict[str, tuple[str, str]], tag: str) -> list[str]:
    if tag not in specs:
        return []
    parts = specs[tag][0].split(":")
    return [":".join(parts[: n + 1]) for n in range(len(parts))]


def _own_time(values: Values) -> str:
    date = _text(values, str(DCTERMS.modified)) or _text(values, str(DCTERMS.created))
    return f"{date[:10]}T00:00:00Z" if date else EPOCH


def _dc(iri: str, values: Values, subjects: dict[str, Values], base: str) -> tuple[DcValue, ...]:
    """Simple Dublin Core from the note's own description (docs/model.md)."""
    out: list[DcValue] = []

    def put(element: str, terms: list[ox.NamedNode | ox.Literal]) -> None:
        for term in terms:
            language = (term.language or "") if isinstance(term, ox.Literal) else ""
            out.append(DcValue(element, term.value, language))

    put("title", values.get(str(DCTERMS.title), []))
    for tag in values.get(str(DCTERMS.subject), []):
        put("subject", subjects.get(tag.value, {}).get(str(SKOS.notation), []))
    put("description", values.get(str(SCHEMA.description), []))
    put("publisher", _publisher(subjects, base))
    put("date", values.get(str(DCTERMS.created), []) + values.get(str(DCTERMS.modified), []))
    out.append(DcValue("type", "Text"))
    out.append(DcValue("format", "text/html"))
    out.append(DcValue("identifier", iri))
    put("identifier", values.get(str(SCHEMA.url), []))
    put("language", values.get(str(SCHEMA.inLanguage), []))
    put("relation", values.get(str(DCTERMS.relation), []))
    put("rights", subjects.get(base, {}).get(str(DCTERMS.license), []))
    return tuple(dict.fromkeys(out))


def _publisher(subjects: dict[str, Values], base: str) -> list[ox.NamedNode | ox.Literal]:
    return [
        name
        for publisher in subjects.get(base, {}).get(str(DCTERMS.publisher), [])
        for name in subjects.get(publisher.value, {}).get(str(SCHEMA.name), [])
    ]
