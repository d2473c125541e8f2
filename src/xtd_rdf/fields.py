"""The fields a user writes: front-matter keys the model does not read, and Dataview inline fields.

Read once per note (cached with it), as written: the key, one value per list item, the line. What a
field means (a term of the config, a property of the vault's vocabulary) and how its value is typed
is `field_values`' job, on the whole vault.

Inline fields are read from the parsed Markdown, so code (fenced, indented, inline) never yields one:
`Key:: value` opening a line (of a paragraph, a list item, a table cell, a heading), and `[key:: value]`
or `(key:: value)` anywhere in a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, warning
from .frozen import fast_pickle
from .markdown import Block, Inline

# Front-matter keys the model reads already (notes.py, extract/language.py, publish.py: as written;
# links.py: in any case); they are never fields.
MODEL_KEYS = frozenset(
    (
        "title",
        "aliases",
        "alias",
        "tags",
        "tag",
        "date",
        "updated",
        "modified",
        "lastmod",
        "lang",
        "language",
        "inLanguage",
        "publish",
        "draft",
    )
)
MAX_DEPTH = 4  # `a: {b: {c: {d: x}}}`: deeper mappings are not read (a warning says so)
PROSE_BLOCKS = ("paragraph", "item", "cell", "heading")

_KEY = r"\w[\w .\-'/]*?"  # a word character first, then words, spaces and `. - ' /`
_LINE_FIELD = re.compile(rf"^[*_]{{0,2}}(?P<key>{_KEY})[*_]{{0,2}}::(?P<value>.*)$")
_OPEN_FIELD = re.compile(rf"(?P<key>{_KEY})::")
_CLOSE = {"[": "]", "(": ")"}


@fast_pickle
@dataclass(frozen=True, slots=True)
class Field:
    """One value of a field, as written: `speaker:: [[Jeanne Dupont]]` at line 12."""

    key: str  # as written; a nested front-matter key as a path: `event.place`
    value: str | int | float | bool  # YAML's scalar, or an inline field's text
    line: int
    inline: bool = False  # a Dataview inline field (else front matter)


def is_model_key(key: str) -> bool:
    """True for a front-matter key the model reads itself (see MODEL_KEYS and links.LINK_KEYS)."""
    from .links import is_link_key  # links imports dataset, which imports notes, which imports this

    return key in MODEL_KEYS or is_link_key(key)


def read_fields(
    path: str, front_matter: dict[str, Any], key_lines: dict[str, int], blocks: tuple[Block, ...], body: str
) -> tuple[tuple[Field, ...], tuple[Diagnostic, ...]]:
    """Every field value of a note, front matter first, then inline fields in reading order."""
    found: list[Field] = []
    diagnostics: list[Diagnostic] = []
    for key, value in front_matter.items():
        if is_model_key(key):
            continue
        line = key_lines.get(key, 1)
        if not str(key).strip():  # `"": value`: nothing to name a property after
            message = "a front-matter key is empty, so its value is not data"
            diagnostics.append(warning(path, line, "field-without-key", message, "give the value a key"))
            continue
        found += _front_matter_values(path, key, value, line, diagnostics)
    if "::" not in body:  # most notes: no line to look at
        return tuple(found), tuple(diagnostics)
    data = body.encode("utf-8")
    for block in blocks:
        if block.kind in PROSE_BLOCKS:
            for line, text in _source_lines(block, data):
                found += [Field(key, value, line, inline=True) for key, value in inline_fields(text)]
    return tuple(found), tuple(diagnostics)


def _front_matter_values(
    path: str, key: str, value: Any, line: int, diagnostics: list[Diagnostic]
) -> list[Field]:
    """A value's scalars: one per list item; a mapping's values under `key.subkey` (Dataview's way)."""
    found: list[Field] = []
    stack: list[tuple[str, Any, int]] = [(key, value, 0)]
    while stack:
        name, item, depth = stack.pop()
        if isinstance(item, dict | list) and depth >= MAX_DEPTH:
            message = (
                f"the front-matter field '{key}' nests deeper than {MAX_DEPTH} levels; '{name}' was ignored"
            )
            diagnostics.append(warning(path, line, "field-too-deep", message, "write it as simpler fields"))
        elif isinstance(item, dict):
            stack += [(f"{name}.{k}", v, depth + 1) for k, v in reversed(item.items())]
        elif isinstance(item, list):
            if (
                len(item) == 1
                and isinstance(item[0], list)
                and len(item[0]) == 1
                and isinstance(item[0][0], str)
            ):
                found.append(Field(name, f"[[{item[0][0]}]]", line))  # `key: [[Note]]` unquoted is YAML lists
            else:
                stack += [(name, v, depth + 1) for v in reversed(item)]
        elif item is not None and str(item).strip():
            found.append(
                Field(name, item if isinstance(item, int | float | bool) else str(item).strip(), line)
            )
    return found


def _source_lines(block: Block, data: bytes) -> list[tuple[int, str]]:
    """The block's lines as written in the file (link syntax kept), inline code blanked out."""
    lines: list[tuple[int, str]] = []
    run: list[Inline] = []
    for inline in (*block.inlines, Inline("break", " ", 0)):
        if inline.kind != "break":
            run.append(inline)
            continue
        spans = [i for i in run if i.end > i.start]
        if spans:
            start, end = spans[0].start, max(i.end for i in spans)
            text = bytearray(data[start:end])
            for code in (i for i in spans if i.kind in ("code", "html")):
                text[code.start - start : code.end - start] = b" " * (code.end - code.start)
            lines.append((run[0].line, text.decode("utf-8", "replace")))
        run = []
    return lines


def only_fields(block: Block) -> bool:
    """True for a paragraph whose every line is a `key:: value` field: data, not prose to describe a note."""
    if "::" not in block.text:
        return False
    lines = "".join("\n" if i.kind == "break" else i.text for i in block.inlines).split("\n")
    return all(_LINE_FIELD.match(line.strip()) for line in lines if line.strip())


def inline_fields(text: str) -> list[tuple[str, str]]:
    """(key, value) of the inline fields in one line of Markdown: the whole line, or each bracketed one."""
    whole = _LINE_FIELD.match(text.strip())
    if whole and not _opens_bracket(text.strip()):
        value = whole.group("value").strip()
        return [(whole.group("key").strip(), value)] if value else []
    found = []
    i = 0
    while i < len(text):
        if text[i] in _CLOSE:
            match = _OPEN_FIELD.match(text, i + 1)
            end = _closing(text, i, match.end()) if match else -1
            if match and end < 0:
                break  # never closed: the rest of the line cannot close a later one either, mostly
            if match:
                value = text[match.end() : end].strip()
                if value:
                    found.append((match.group("key").strip(), value))
                i = end + 1
                continue
        i += 1
    return found


def _opens_bracket(text: str) -> bool:
    """`[key:: value] more` is a bracketed field, not a whole-line one."""
    return text[:1] in _CLOSE and _OPEN_FIELD.match(text, 1) is not None


def _closing(text: str, start: int, after: int) -> int:
    """The index of the bracket that closes `text[start]`, counting nested ones (`[k:: [[Note]]]`)."""
    opening, closing, depth = text[start], _CLOSE[text[start]], 1
    for j in range(after, len(text)):
        if text[j] == opening:
            depth += 1
        elif text[j] == closing:
            depth -= 1
            if depth == 0:
                return j
    return -1
