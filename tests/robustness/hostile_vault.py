"""A vault of hostile notes, one per case of issue 9: every way a real vault breaks the rules.

`HOSTILE` maps a vault-relative path to its content; `BAD` lists the notes that are bad input and must
each be named by a diagnostic in `export -v`'s output. The other notes are odd but valid: they must
export without a word.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

MAX_NOTE_BYTES = 250_000

ALIAS_BOMB = "\n".join(
    ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)]
    + ["title: Alias bomb", "---", "Body of the alias bomb."]
)

DEEP_YAML = "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nDeep YAML.\n"

BAD: dict[str, str | bytes] = {
    "Unclosed front matter.md": "---\ntitle: Never closed\ntags: a\n\nBody without the closing line.\n",
    "Bad YAML.md": "---\ntitle: a: b: [unclosed\ntags: x\n---\nBody.\n",
    "Python tag.md": "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nBody.\n",
    "Python name.md": "---\nobj: !!python/name:os.system\n---\nBody.\n",
    "Alias bomb.md": ALIAS_BOMB,
    "Deep YAML.md": DEEP_YAML,
    "Tags number.md": "---\ntags: 42\n---\nTags as a number.\n",
    "Tags mapping.md": "---\ntags:\n  a: 1\n  b: 2\n---\nTags as a mapping.\n",
    "Bad date.md": "---\ndate: 2022-02-30\n---\nA day that does not exist.\n",
    "Date list.md": "---\ndate: [2022, 5]\n---\nA date as a list.\n",
    "Bad updated.md": "---\nupdated: 2022-13-45\n---\nA month that does not exist.\n",
    "Binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 4,
    "Latin-1.md": "---\ntitle: Café été\n---\nUn musée à Zürich, déjà vu.\n".encode("latin-1"),
    "Large note.md": "# Large\n\n" + ("A line of a note that is far too large. " * 3 + "\n") * 4000,
    "List front matter.md": "---\n- a\n- b\n---\nFront matter as a list.\n",
    "Scalar front matter.md": "---\njust some words\n---\nFront matter as a scalar.\n",
    "Surrogate title.md": '---\ntitle: "half \\ud800 a pair"\n---\nA lone surrogate from a YAML escape.\n',
}

FINE: dict[str, str | bytes] = {
    "Empty.md": "",
    "Only front matter.md": "---\n---\n",
    "BOM.md": "\ufeff---\ntitle: With a BOM\n---\nText after a byte order mark.\n".encode(),
    "CRLF.md": b"---\r\ntitle: CRLF note\r\ntags: [crlf]\r\n---\r\nLine one.\r\nSee [[Empty]].\r\n",
    "Title list.md": "---\ntitle: [First title, Second title]\n---\nTitle as a list.\n",
    "Title null.md": "---\ntitle:\n---\nTitle empty.\n",
    "Duplicate keys.md": "---\ntitle: One\ntitle: Two\n---\nA key twice.\n",
    "Aliases number.md": "---\naliases: 3\n---\nAliases as a number.\n",
    "Navigation string.md": "---\neleventyNavigation: just a string\n---\nNavigation as a string.\n",
    "Lang odd.md": "---\nlang: '<x y=\"z\">'\n---\nA language code that is none.\n",
    "Many links.md": "# Links\n\n"
    + "\n".join(f"- [[Empty|e{i}]] [[CRLF#Line]] and [l{i}](https://example.org/{i})" for i in range(3000)),
    "Empty link.md": "Empty [[]] and [[ ]] and [[|shown]] and [[#]].\n",
    "Parent link.md": "Up: [[../x]], [[../../etc/passwd]], [[/abs/path]], [[C:\\\\Windows]].\n",
    "Pipes.md": "Two pipes: [[a|b|c]], and [[Pipes|self|again]].\n",
    "Block ref.md": "Block: [[a#^block]], [[#^only]], [[Block ref#^x|shown]].\n",
    "Nested brackets.md": "Nested: [[a[[b]]c]], [[[x]]], [[[[y]]]], [[z]]] and [[w.\n",
    "Heading link.md": "Heading [[#Only heading]] and [[Pipes#Two pipes]] and ![[Heading link]].\n",
    "Case.md": "Lower and upper: [[case]] [[CASE]].\n",
    "case.md": "The other one, differing only by case.\n",
    unicodedata.normalize("NFC", "Musée.md"): "Composed accent. [[Musee]] [[MUSÉE]]\n",
    unicodedata.normalize("NFD", "Musée.md"): "Decomposed accent, the same name to the eye.\n",
    "Musee.md": "Without the accent.\n",
    'Illegal <name> "quoted" {x} |pipe| ^caret` %41 ?q #h.md': "A name with every IRI-illegal character.\n",
    "Back\\slash and :colon; *star*.md": "Characters Windows refuses in file names.\n",
    "!!!.md": "A name with nothing to slug.\n",
    " leading space .md": "A name with spaces around it.\n",
    "A b.md": "Slug collision one.\n",
    "A-b.md": "Slug collision two.\n",
    "a_b.md": "Slug collision three.\n",
    "🎨 Emoji 🏛️.md": "---\ntitle: 🎨 Art & 🏛️ musées\ntags: [🎨, art/🏛️]\n---\nEmoji in text 😀 #🎨tag.\n",
    "متحف.md": "---\ntitle: متحف اللوفر\n---\nنص من اليمين إلى اليسار \u202ereversed\u202c with [[Musee]].\n",
    "Quotes.md": (
        "---\ntitle: 'He said \"hi\" \\ and \"\"\" and '''''\n---\n"
        'Triple """ quotes, \\backslashes\\, \\n escapes, "quoted", «guillemets» and `code """`.\n'
    ),
    "Control.md": (
        '---\ntitle: "bell \\a esc \\e nul \\0 end"\n---\nControl \x01\x02\x0b\x0c\x1b[31m red\x7f chars.\n'
    ),
    "URLs.md": (
        "[space](<https://example.org/a b>) [brackets](https://example.org/[x]) "
        '<https://example.org/{y}> https://example.org/a%20b|c https://example.org/"q" '
        "[ok](https://example.org/ok?x=1&y=<2>) https://exa mple.org [relative](../../etc/passwd)\n"
    ),
    "Long name " + "x" * 180 + ".md": "A name near the file-system limit.\n",
    "Deep nesting.md": "> " * 500 + "deep quote\n\n" + "".join("  " * i + "- item\n" for i in range(300)),
    "Unclosed HTML.md": "<div><span><table><tr><td>unclosed\n\n<!-- never closed\n",
    "Tags weird.md": "---\ntags: ['#', 'a b', '<script>', '../x', '', 'x/../../y', 'ü/ß']\n---\nOdd tags.\n",
    "Folder/Sub folder/Deep.md": "In a sub-folder: [[../Case]] and [[Folder/Sub folder/Deep]].\n",
}


def write_hostile_vault(vault: Path) -> Path:
    """Write every hostile note into `vault` (created), with a small size limit, and return it."""
    vault.mkdir(parents=True, exist_ok=True)
    (vault / "xtd-rdf.toml").write_text(f"max_note_bytes = {MAX_NOTE_BYTES}\n", encoding="utf-8")
    for relative, content in {**BAD, **FINE}.items():
        path = vault / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path.write_bytes(data)
    outside = vault.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "Secret.md").write_text("A secret outside the vault.\n", encoding="utf-8")
    for name, target in SYMLINKS.items():
        (vault / name).symlink_to(target if name != "Outside.md" else outside / "Secret.md")
    return vault


SYMLINKS = {"Outside.md": "", "Outside folder": "../outside", "Loop": ".", "Passwd.md": "/etc/passwd"}
