"""Parse one SourceFile into a Note: front matter, Markdown structure, links, tags, each with its line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from .diagnostics import Diagnostic, warning
from .fields import Field, only_fields, read_fields
from .frontmatter_repair import date_from, split_front_matter, strings_from, tags_from
from .frozen import fast_pickle
from .markdown import Block, Blocks, bare_urls, iframe_sources, inline_tags, parse_blocks
from .sparql_blocks import is_query_block
from .vault import SourceFile


@fast_pickle
@dataclass(frozen=True, slots=True)
class Located:
    """A value written at a line of a note (a tag, a link target, a URL)."""

    value: str
    line: int
    text: str = ""  # a link's visible text, a wikilink's alias
    anchor: str = ""  # a wikilink's `#heading`
    embed: bool = False  # `![[…]]`


@fast_pickle
@dataclass(frozen=True, slots=True)
class Note:
    """Everything one note says, in structure, before any interpretation of its prose."""

    path: str
    name: str
    front_matter: dict[str, Any]
    key_lines: dict[str, int]
    titles: tuple[str, ...]  # front-matter title, aliases and navigation title, as written
    aliases: tuple[str, ...]  # names wikilinks may use for this note
    tags: tuple[Located, ...]
    created: dt.date | None
    modified: dt.date | None
    blocks: Blocks  # unpickled when first read (markdown.Blocks)
    wikilinks: tuple[Located, ...]
    links: tuple[Located, ...]  # external http(s) links, in reading order
    videos: tuple[Located, ...]
    description: str
    nav_parent: str
    body: str  # the Markdown after the front matter; Inline.start/end are UTF-8 byte offsets into it
    body_line: int  # the file line the body starts on
    diagnostics: tuple[Diagnostic, ...]
    fields: tuple[Field, ...] = ()  # front-matter keys the model does not read, and inline fields
    headings: tuple[str, ...] = ()  # the headings' texts: what links to the note's sections need of it

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or 1."""
        return self.key_lines.get(key, 1)


def parse_note(source: SourceFile) -> Note:
    """A Note from a file's text; bad front matter becomes diagnostics, never an exception."""
    text = source.text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates past this point
    fm = split_front_matter(source.path, text)
    data = fm.data
    diagnostics = list(source.diagnostics) + list(fm.diagnostics)
    blocks = tuple(parse_blocks(fm.body, fm.body_line))
    nav = data.get("eleventyNavigation") if isinstance(data.get("eleventyNavigation"), dict) else {}
    aliases = tuple(strings_from(data.get("aliases")) + strings_from(data.get("alias")))
    titles = tuple(
        strings_from(data.get("title"))
        + list(aliases)
        + strings_from(nav.get("title"))
        + strings_from(nav.get("key"))
    )
    created = date_from(data.get("date"))
    modified = date_from(data.get("updated") or data.get("modified") or data.get("lastmod"))
    diagnostics += _bad_dates(source.path, data, fm.key_lines) + _odd_types(source.path, data, fm.key_lines)
    if not text.strip():
        diagnostics.append(
            warning(source.path, 1, "empty-note", "this note is empty; it is published with its name only")
        )
    tags = _front_matter_tags(data, fm.key_lines, fm.raw_lines) + _inline_tags(blocks)
    fields, field_diagnostics = read_fields(source.path, data, fm.key_lines, blocks, fm.body)
    return Note(
        path=source.path,
        name=source.name,
        front_matter=data,
        key_lines=fm.key_lines,
        titles=titles,
        aliases=aliases,
        tags=tuple(_unique(tags)),
        created=created,
        modified=modified,
        blocks=Blocks(blocks),
        wikilinks=tuple(_wikilinks(blocks)),
        links=tuple(_links(blocks)),
        videos=tuple(_videos(blocks)),
        description=_description(blocks),
        nav_parent=str(nav.get("parent") or "").strip(),
        body=fm.body,
        body_line=fm.body_line,
        diagnostics=tuple(diagnostics) + field_diagnostics,
        fields=fields,
        headings=tuple(b.text for b in blocks if b.kind == "heading"),
    )


LINK_RUNS = ("wikilink", "embed", "link", "image")


def without_prose(note: Note) -> Note:
    """The note as the later stages read it once extraction is done: headings and query blocks whole,
    and of every other block only its links (the site rewrites them in the body). Prose runs are most
    of a parsed vault's memory, and of the time spent unpickling cached notes."""
    blocks = []
    for block in note.blocks:
        if block.kind == "heading" or is_query_block(block):
            blocks.append(block)
        elif links := tuple(i for i in block.inlines if i.kind in LINK_RUNS):
            blocks.append(Block(block.kind, block.line, links, block.level, block.quoted, block.info))
    return replace(note, blocks=Blocks(blocks))


DATE_KEYS = ("date", "updated", "modified", "lastmod")
TEXT_KEYS = ("title", "aliases", "alias", "tags", "tag")


def _bad_dates(path: str, data: dict[str, Any], key_lines: dict[str, int]) -> list[Diagnostic]:
    """A warning per front-matter date that is none (2022-02-30, a list): the field is ignored."""
    return [
        warning(
            path,
            key_lines.get(key, 1),
            "bad-date",
            f"the front-matter {key} {data[key]!r} is not a date; it was ignored",
            "write it as YYYY-MM-DD, e.g. 2022-05-13",
        )
        for key in DATE_KEYS
        if data.get(key) is not None and date_from(data[key]) is None
    ]


def _odd_types(path: str, data: dict[str, Any], key_lines: dict[str, int]) -> list[Diagnostic]:
    """A warning per title/alias/tag value that names nothing (a number tag, a mapping, a nested list)."""
    found = []
    for key in TEXT_KEYS:
        values = data.get(key) if isinstance(data.get(key), list) else [data.get(key)]
        odd = [v for v in values if isinstance(v, (dict, list)) or _is_number(v, key)]
        if odd:
            message = f"the front-matter field '{key}' holds {_kind(odd[0])}; that value was ignored"
            hint = f"write {key} as text, e.g. '{key}: [museum, archive]'"
            found.append(warning(path, key_lines.get(key, 1), "front-matter-type", message, hint))
    return found


def _is_number(value: Any, key: str) -> bool:
    """A number is a fine title, never a tag: `tags: 42` would be silently lost."""
    return key in ("tags", "tag") and isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    """What the value is, without repr: a nested list may be thousands of levels deep."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a nested list"
    return f"a number ({value})"


def _front_matter_tags(data: dict[str, Any], key_lines: dict[str, int], raw: dict[str, str]) -> list[Located]:
    found: list[Located] = []
    for key in ("tags", "tag"):
        if key in data or key in raw:
            line = key_lines.get(key, 1)
            found += [Located(t, line) for t in tags_from(data.get(key), raw.get(key))]
    return found


def _inline_tags(blocks: tuple[Block, ...]) -> list[Located]:
    found: list[Located] = []
    for block in blocks:
        if block.kind in ("heading", "code", "html"):
            continue
        for inline in block.inlines:
            if inline.kind == "text":
                found += [Located(t, inline.line) for t in inline_tags(inline.text)]
    return found


def _wikilinks(blocks: tuple[Block, ...]) -> list[Located]:
    return [
        Located(i.target, i.line, i.text, i.anchor, i.kind == "embed")
        for b in blocks
        for i in b.inlines
        if i.kind in ("wikilink", "embed") and i.target
    ]


def _links(blocks: tuple[Block, ...]) -> list[Located]:
    found: list[Located] = []
    for block in blocks:
        for inline in block.inlines:
            if inline.kind in ("link", "image") and inline.target.startswith(("http://", "https://")):
                found.append(Located(inline.target, inline.line, inline.text))
            elif inline.kind == "text" and block.kind != "code":
                found += [Located(url, inline.line, url) for url in bare_urls(inline.text)]
    return found


def _videos(blocks: tuple[Block, ...]) -> list[Located]:
    return [
        Located(src, i.line)
        for b in blocks
        for i in b.inlines
        if i.kind == "html"
        for src in iframe_sources(i.text)
        if src.startswith(("http://", "https://"))
    ]


def _description(blocks: tuple[Block, ...]) -> str:
    """The first paragraph of prose: at least a few words written outside links."""
    for block in blocks:
        if block.kind != "paragraph" or block.quoted or only_fields(block):
            continue
        prose = " ".join(i.text for i in block.inlines if i.kind in ("text", "code"))
        if len(prose.split()) >= 4:
            return " ".join(block.text.split())
    return ""


def _unique(items: list[Located]) -> list[Located]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.value not in seen:
            seen.add(item.value)
            kept.append(item)
    return kept
