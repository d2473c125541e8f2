"""Markdown structure of a note body: blocks of inlines with source lines (pyromark, pulldown-cmark).

Extraction works on this structure, never on raw text: a heading, a list item, a paragraph,
each a sequence of text, links and wikilinks in reading order, with the line it starts on.
"""

from __future__ import annotations

import pickle
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pyromark

from .frozen import fast_pickle

OPTIONS = (
    pyromark.Options.ENABLE_WIKILINKS
    | pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_FOOTNOTES
)

BARE_URL = re.compile(r"https?://[^\s<>\"'\]\[)(]+[^\s<>\"'\]\[)(.,;:!?]")
INLINE_TAG = re.compile(r"(?<![\w/#&\]\[(=-])#([^\W\d_][\w/\-]*|\d+[^\W\d][\w/\-]*)")


@fast_pickle
@dataclass(frozen=True, slots=True)
class Inline:
    """A run of a block: `text`, `link`, `wikilink`, `embed`, `image`, `code`, `html` or `break`."""

    kind: str
    text: str
    line: int
    target: str = ""  # a link's URL, a wikilink's note name
    anchor: str = ""  # a wikilink's `#heading` or `#^block`
    start: int = 0  # byte offsets in the file, for renderers that rewrite links
    end: int = 0


@fast_pickle
@dataclass(frozen=True, slots=True)
class Block:
    """A heading, paragraph, list item, table cell, code or HTML block, with its runs."""

    kind: str
    line: int
    inlines: tuple[Inline, ...]
    level: int = 0  # heading level, or list depth for items
    quoted: bool = False  # inside a `>` blockquote
    info: str = ""  # a fenced code block's info string

    @property
    def text(self) -> str:
        """The block as plain text: link texts kept, markup dropped, breaks as spaces."""
        return "".join(" " if i.kind == "break" else i.text for i in self.inlines if i.kind != "html").strip()


class Blocks(Sequence[Block]):
    """A note's blocks, travelling as their pickle and unpickled when first read.

    Every later stage reads every note from the cache or from a worker, but only the pages and query
    blocks of some notes look into their blocks: the others' blocks stay one bytes object (the largest
    part of a cached note, in time to unpickle and in memory once unpickled). Equal to the tuple of the
    same blocks; pickled as the same bytes whether or not they were read.
    """

    __slots__ = ("_data", "_items")

    def __init__(self, items: Iterable[Block] = ()) -> None:
        self._items: tuple[Block, ...] | None = tuple(items)
        self._data: bytes | None = None

    def _tuple(self) -> tuple[Block, ...]:
        items = self._items
        if items is None:
            items = self._items = pickle.loads(self._data)  # type: ignore[arg-type]
        return items

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        if self._data is None:
            self._data = pickle.dumps(self._items, protocol=pickle.HIGHEST_PROTOCOL)
        return _pickled_blocks, (self._data,)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._tuple()[index]

    def __len__(self) -> int:
        return len(self._tuple())

    def __iter__(self) -> Iterator[Block]:
        return iter(self._tuple())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Blocks):
            other = other._tuple()
        return self._tuple() == other if isinstance(other, tuple) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Blocks({self._tuple()!r})"


def _pickled_blocks(data: bytes) -> Blocks:
    blocks = Blocks.__new__(Blocks)
    blocks._items, blocks._data = None, data
    return blocks


@dataclass(slots=True)
class _Open:
    kind: str
    line: int
    level: int = 0
    quoted: bool = False
    info: str = ""
    inlines: list[Inline] = field(default_factory=list)


class _LineMap:
    """Byte offsets of the body → 1-based lines of the file."""

    def __init__(self, data: bytes, first_line: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(b"\n", data)]  # at C speed, not byte by byte
        self.first_line = first_line

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1 + self.first_line


def parse_blocks(body: str, first_line: int = 1) -> list[Block]:
    """The body's blocks in reading order; `first_line` is the file line the body starts on."""
    data = body.encode("utf-8")
    lines = _LineMap(data, first_line)
    blocks: list[Block] = []
    current: _Open | None = None
    links: list[tuple[dict[str, Any], int, int, list[str]]] = []
    list_depth = quote_depth = 0

    def close() -> None:
        nonlocal current
        if current is not None and (current.inlines or current.kind == "code"):
            # a block's range may begin on the previous line's newline: its first run knows better
            line = current.inlines[0].line if current.inlines and current.kind != "code" else current.line
            blocks.append(
                Block(current.kind, line, tuple(current.inlines), current.level, current.quoted, current.info)
            )
        current = None

    def open_block(kind: str, start: int, level: int = 0, info: str = "") -> None:
        nonlocal current
        close()
        current = _Open(kind, lines.line(start), level, quote_depth > 0, info)

    def add(inline: Inline) -> None:
        nonlocal current
        if links:
            links[-1][3].append(inline.text if inline.kind != "break" else " ")
            return
        if current is None:
            current = _Open("paragraph", inline.line, 0, quote_depth > 0)
        current.inlines.append(inline)

    line_of = lines.line
    for event, span in pyromark.events_with_range(body, options=OPTIONS):
        start, end = span["start"], span["end"]
        if isinstance(event, str):
            if event in ("SoftBreak", "HardBreak"):
                add(Inline("break", " ", line_of(start)))
            elif event == "Rule":
                close()
            continue
        ((name, value),) = event.items()
        if name == "Text":  # the most frequent event first
            if current is not None and current.kind == "code" and not links:
                current.inlines.append(Inline("code", value, line_of(start), start=start, end=end))
            elif links:  # a link's text: its words are all the link keeps
                links[-1][3].append(value)
            else:
                add(Inline("text", value, line_of(start), start=start, end=end))
        elif name == "Start":
            tag = value if isinstance(value, str) else next(iter(value))
            if tag == "Heading":
                open_block("heading", start, int(value["Heading"]["level"][1:]))
            elif tag == "Paragraph":
                if not (current is not None and current.kind == "item" and not current.inlines):
                    open_block("paragraph", start)
            elif tag == "Item":
                open_block("item", start, list_depth)
            elif tag == "List":
                close()
                list_depth += 1
            elif tag == "BlockQuote":
                close()
                quote_depth += 1
            elif tag == "CodeBlock":
                kind = value["CodeBlock"]
                info = kind.get("Fenced", "") if isinstance(kind, dict) else ""
                open_block("code", start, info=info.strip())
            elif tag == "HtmlBlock":
                open_block("html", start)
            elif tag == "TableCell":
                open_block("cell", start)
            elif tag in ("Link", "Image"):
                links.append((value[tag] | {"tag": tag}, start, end, []))
        elif name == "End":
            tag = value if isinstance(value, str) else next(iter(value))
            if tag in ("Link", "Image") and links:
                attrs, lstart, lend, texts = links.pop()
                add(_link_inline(attrs, "".join(texts), line_of(lstart), lstart, lend))
            elif tag == "List":
                close()
                list_depth -= 1
            elif tag == "BlockQuote":
                close()
                quote_depth -= 1
            elif tag in ("Heading", "Paragraph", "Item", "CodeBlock", "HtmlBlock", "TableCell"):
                close()
        elif name == "Code":
            add(Inline("code", value, line_of(start), start=start, end=end))
        elif name in ("Html", "InlineHtml"):
            add(Inline("html", value, line_of(start), start=start, end=end))
    close()
    return blocks


def _link_inline(attrs: dict[str, Any], text: str, line: int, start: int, end: int) -> Inline:
    link_type = attrs.get("link_type")
    dest = str(attrs.get("dest_url", ""))
    if isinstance(link_type, dict) and "WikiLink" in link_type:
        target, _, anchor = dest.partition("#")
        target = target.strip()
        if target.lower().endswith(".md"):
            target = target[:-3]
        shown = text.split("|")[0] if link_type["WikiLink"].get("has_pothole") else (target or anchor)
        kind = "embed" if attrs["tag"] == "Image" else "wikilink"
        return Inline(kind, shown, line, target, anchor, start, end)
    kind = "image" if attrs["tag"] == "Image" else "link"
    return Inline(kind, text, line, dest.strip(), "", start, end)


class _IframeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src.strip())


def iframe_sources(html: str) -> list[str]:
    """The `src` of every `<iframe>` in a piece of HTML."""
    finder = _IframeFinder()
    finder.feed(html)
    finder.close()
    return finder.sources


def bare_urls(text: str) -> list[str]:
    """http(s) URLs written as plain text (GFM autolinks)."""
    return BARE_URL.findall(text)


def inline_tags(text: str) -> list[str]:
    """`#tag` and `#nested/tag` in a run of prose (not `#1`, not `a#b`, not URL fragments)."""
    return [t.rstrip("/-") for t in INLINE_TAG.findall(text)]
