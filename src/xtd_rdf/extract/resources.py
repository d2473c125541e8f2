"""The external resource a note summarises: a link that stands alone as a heading or paragraph."""

from __future__ import annotations

from ..facts import MainResource
from ..notes import Note


def main_resource(note: Note) -> MainResource | None:
    """The first http(s) link that is the whole of a heading or paragraph before the note's prose.

    A note that opens with `[Report title](url)` or `## [Project](url)` is a summary of that resource.
    """
    for block in note.blocks:
        if block.kind not in ("heading", "paragraph") or block.quoted:
            continue
        links = [
            i for i in block.inlines if i.kind == "link" and i.target.startswith(("http://", "https://"))
        ]
        rest = "".join(i.text for i in block.inlines if i.kind in ("text", "code")).strip(" :-–—|")
        if len(links) == 1 and not rest:
            return MainResource(links[0].target, links[0].text.strip(), links[0].line)
        if block.kind == "paragraph" and len(rest.split()) >= 4:
            return None
    return None
