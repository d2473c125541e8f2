"""Atom feeds (RFC 4287): `feed.xml`, the newest notes by date, and `tags/{slug}/feed.xml` per tag.

Templated rather than built with feedgen: that way the bytes depend on the notes only (no generator
version, no build time). `updated` is a note's newest date (front-matter `updated`/`modified`, else
`date`); notes without a date have no place in a dated feed and are left out. A tag's feed holds
the notes tagged with it or with a narrower tag, as Obsidian's tag search does. Withheld notes are
not in the Dataset, so they cannot be in a feed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..dataset import Dataset, PublishedNote, Tag
from ..graph import page_url
from ..output import Files
from .site_pages import note_label

FEED = "feed.xml"
MEDIA_TYPE = "application/atom+xml"
EPOCH = "1970-01-01T00:00:00Z"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Entry:
    """One note as a feed entry."""

    iri: str
    title: str
    updated: str
    published: str
    summary: str
    lang: str
    categories: tuple[str, ...]  # full tag paths


def feed_path(base: str, tag: Tag | None = None) -> str:
    """Where a feed is written, relative to the output root: `feed.xml`, `tags/{slug}/feed.xml`."""
    return FEED if tag is None else f"{tag.iri.removeprefix(base)}/{FEED}"


def write_atom(target: Path | Files, dataset: Dataset) -> int:
    """The site's feed and one per tag; returns how many feeds were written."""
    files = Files.of(target)
    config = dataset.config
    size = config.feed_entries
    newest = _newest([item for item in dataset.notes if _date(item)])
    entries = _Entries(config.base, {tag.iri: tag.path for tag in dataset.tags.values()})
    files.write_text(
        FEED, _feed(config.base, FEED, config.base, config.title, newest[:size], entries, dataset)
    )
    by_tag = _newest_by_tag(dataset, newest, size)
    for tag in sorted(dataset.tags.values(), key=lambda t: t.iri):
        tagged = by_tag.get(tag.iri, [])
        path = feed_path(config.base, tag)
        title = f"{config.title} · #{tag.path}"
        files.write_text(path, _feed(config.base, path, page_url(tag.iri), title, tagged, entries, dataset))
    return 1 + len(dataset.tags)


class _Entries(dict[str, tuple[str, str]]):
    """Note IRI → its `updated` and its entry's XML, made once: only the notes some feed shows, and
    each once however many tag feeds show it."""

    def __init__(self, base: str, paths: dict[str, str]) -> None:
        super().__init__()
        self.base, self.paths = base, paths

    def of(self, item: PublishedNote) -> tuple[str, str]:
        found = self.get(item.iri)
        if found is None:
            entry = _entry(item, self.paths)
            found = self[item.iri] = (entry.updated, "\n".join(_entry_xml(entry, self.base)))
        return found


def _date(item: PublishedNote) -> dt.date | None:
    dates = [d for d in (item.note.created, item.note.modified) if d is not None]
    return max(dates) if dates else None


def _stamp(day: dt.date | None) -> str:
    return f"{day.isoformat()}T00:00:00Z" if day else ""


def _entry(item: PublishedNote, paths: dict[str, str]) -> Entry:
    return Entry(
        iri=item.iri,
        title=note_label(item),
        updated=_stamp(_date(item)),
        published=_stamp(item.note.created),
        summary=item.note.description,
        lang=item.facts.language,
        categories=tuple(paths[iri] for iri in item.tags if iri in paths),
    )


def _newest(items: list[PublishedNote]) -> list[PublishedNote]:
    """Newest first; notes of one day by title, then IRI, so the order never depends on the run."""
    ordered = sorted(items, key=lambda item: (note_label(item).casefold(), item.iri))
    return sorted(ordered, key=lambda item: _stamp(_date(item)), reverse=True)


def _newest_by_tag(
    dataset: Dataset, newest: list[PublishedNote], size: int
) -> dict[str, list[PublishedNote]]:
    """Tag IRI → the newest `size` notes tagged with it or with a narrower tag.

    One pass over the notes, newest first: each goes to its tags and their broader ones.
    """
    broader = {tag.iri: tag.broader for tag in dataset.tags.values()}
    found: dict[str, list[PublishedNote]] = defaultdict(list)
    for item in newest:
        for tag in _with_broader(item.tags, broader):
            if len(found[tag]) < size:
                found[tag].append(item)
    return found


def _with_broader(tags: Iterable[str], broader: dict[str, str]) -> dict[str, None]:
    """The tags and every broader one, each once."""
    found: dict[str, None] = {}
    for iri in tags:
        while iri and iri not in found:
            found[iri] = None
            iri = broader.get(iri, "")
    return found


def _feed(
    base: str,
    path: str,
    home: str,
    title: str,
    shown: list[PublishedNote],
    entries: _Entries,
    dataset: Dataset,
) -> str:
    config = dataset.config
    xml = [entries.of(item) for item in shown]
    updated = xml[0][0] if xml else EPOCH
    author = config.publisher or config.title
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_attr(config.language)}>',
        f"  <id>{_text(base + path)}</id>",
        f"  <title>{_text(title)}</title>",
        f"  <subtitle>{_text(config.description)}</subtitle>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="{MEDIA_TYPE}" href={_attr(base + path)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr(home)}/>',
        f"  <author><name>{_text(author)}</name></author>",
        f"  <rights>{_text(config.license)}</rights>",
    ]
    return "\n".join([*head, *(text for _, text in xml), "</feed>", ""])


def _entry_xml(entry: Entry, base: str) -> list[str]:
    lang = f" xml:lang={_attr(entry.lang)}" if entry.lang else ""
    lines = [
        f"  <entry{lang}>",
        f"    <id>{_text(entry.iri)}</id>",
        f"    <title>{_text(entry.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={_attr(page_url(entry.iri))}/>',
        f"    <updated>{entry.updated}</updated>",
    ]
    lines += [f"    <published>{entry.published}</published>"] if entry.published else []
    lines += [f"    <summary>{_text(entry.summary)}</summary>"] if entry.summary else []
    lines += [
        f"    <category term={_attr(path)} scheme={_attr(base + 'tags')} label={_attr(path)}/>"
        for path in entry.categories
    ]
    return [*lines, "  </entry>"]


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))
