"""A block as one string with its links kept aside: what sentence patterns read.

Patterns run on one block at a time (a list item, a paragraph), never on the whole note, and
ask this object whether a span of the string is a link, and where it points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..markdown import Block
from .names import capitalised_words


@dataclass(frozen=True, slots=True)
class Piece:
    """A link or wikilink inside a block's text: its span in `BlockText.text` and its target."""

    kind: str  # link, wikilink
    text: str
    target: str
    begin: int
    end: int


@dataclass(frozen=True, slots=True)
class BlockText:
    """A block's text (line breaks kept as "\\n") with its links by position."""

    block: Block
    text: str
    links: tuple[Piece, ...]
    lines: tuple[tuple[int, int], ...]  # (offset in text, file line) where each inline starts
    codes: tuple[tuple[int, int], ...] = ()  # spans of inline code
    # what several rules test before running their patterns, read once on first use
    _words: list[str] | None = field(default=None, compare=False, repr=False)
    _capitalised: frozenset[str] | None = field(default=None, compare=False, repr=False)

    @property
    def words(self) -> list[str]:
        """Its letter runs, in lower case."""
        if self._words is None:
            object.__setattr__(self, "_words", WORD.findall(self.text.lower()))
        return self._words  # type: ignore[return-value]

    @property
    def capitalised(self) -> frozenset[str]:
        """Its capitalised words (`names.capitalised_words`): no given name among them, no person."""
        if self._capitalised is None:
            object.__setattr__(self, "_capitalised", capitalised_words(self.text))
        return self._capitalised  # type: ignore[return-value]

    def in_code(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.codes)

    def line_at(self, offset: int) -> int:
        line = self.block.line
        for start, number in self.lines:
            if start > offset:
                break
            line = number
        return line

    def links_in(self, begin: int, end: int) -> list[Piece]:
        return [p for p in self.links if p.begin >= begin and p.end <= end]

    def link_at(self, offset: int) -> Piece | None:
        return next((p for p in self.links if p.begin <= offset < p.end), None)


def block_text(block: Block) -> BlockText:
    """The block's runs joined in reading order; links and wikilinks keep their visible text."""
    parts: list[str] = []
    links: list[Piece] = []
    lines: list[tuple[int, int]] = []
    codes: list[tuple[int, int]] = []
    offset = 0
    for inline in block.inlines:
        if inline.kind in ("html", "image", "embed"):
            continue
        text = "\n" if inline.kind == "break" else inline.text
        lines.append((offset, inline.line))
        if inline.kind in ("link", "wikilink"):
            links.append(Piece(inline.kind, text, inline.target, offset, offset + len(text)))
        elif inline.kind == "code":
            codes.append((offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return BlockText(block, "".join(parts), tuple(links), tuple(lines), tuple(codes))


WORD = re.compile(r"[^\W\d_]+")


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"“„])|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text (a full stop before a capital, or a line break)."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if _abbreviation_before(text, match.start()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


ABBREVIATION = re.compile(r"(?:\d{1,2}|[A-Z]|Prof|Dr|Mme|M|St|Mr|Mrs|Ms|Dpt|etc|cf|p|ca|env|vol|no)\.")


def _abbreviation_before(text: str, at: int) -> bool:
    word = text[max(0, at - 6) : at].rsplit(" ", 1)[-1]
    return bool(ABBREVIATION.fullmatch(word))


def split_outside_links(
    bt: BlockText, begin: int, end: int, separator: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Spans of `bt.text[begin:end]` between separators, never cutting through a link's text."""
    spans, start = [], begin
    for match in separator.finditer(bt.text, begin, end):
        if bt.link_at(match.start()) is not None:
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, end))
    return [(a, b) for a, b in spans if bt.text[a:b].strip()]
