"""The ```sparql fenced code blocks of a note: the queries its page runs over the published graph.

Read from the parsed structure (markdown.Block), never from the raw text: a block's text, the file line
its first query line is on (so a syntax error at line 3 of the query is reported at that file line), and
the byte range of its text in the body (so the page can show the result where the block was).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .markdown import Block

if TYPE_CHECKING:  # notes.py reads is_query_block
    from .notes import Note

LANGUAGE = "sparql"


@dataclass(frozen=True)
class QueryBlock:
    """The n-th ```sparql block of a note (from 1)."""

    number: int
    text: str
    line: int  # the file line of the query's first line (the fence's when the block is empty)
    start: int = 0  # UTF-8 byte range of the query text in the note body (equal when empty)
    end: int = 0

    def file_line(self, query_line: int | None) -> int:
        """The file line of a line of the query (from 1); the block's first line when unknown."""
        return self.line + query_line - 1 if query_line and self.text else self.line


def is_query_block(block: Block) -> bool:
    """A fenced code block whose info string's first word is `sparql` (in any case)."""
    if block.kind != "code":  # most blocks are prose: no split for them
        return False
    words = block.info.split(maxsplit=1)
    return bool(words) and words[0].lower() == LANGUAGE


def query_blocks(note: Note) -> list[QueryBlock]:
    """Every ```sparql block of the note, in reading order."""
    if "```" not in note.body and "~~~" not in note.body:
        return []  # no fence: its blocks, unpickled when first read (markdown.Blocks), stay as they are
    found = []
    for block in note.blocks:
        if not is_query_block(block):
            continue
        runs = block.inlines
        text = "".join(run.text for run in runs)
        line = runs[0].line if runs else block.line
        start, end = (runs[0].start, runs[-1].end) if runs else (0, 0)
        found.append(QueryBlock(len(found) + 1, text, line, start, end))
    return found
