"""Find and read a vault's Markdown files: the only place that reads notes from disk."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, warning

SKIPPED_DIRS = {"node_modules", "_site", "__pycache__"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One Markdown file as read: its vault-relative POSIX path and decoded text."""

    path: str
    text: str
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def name(self) -> str:
        """The note's name as Obsidian knows it: the file name without `.md`."""
        return self.path.rsplit("/", 1)[-1][: -len(".md")]


def is_ignored(relative: str, globs: tuple[str, ...]) -> bool:
    """True when a vault-relative path matches one of the ignore globs (`Template/**`)."""
    for pattern in globs:
        if fnmatch.fnmatchcase(relative, pattern):
            return True
        if pattern.endswith("/**") and relative.startswith(pattern[:-2]):
            return True
    return False


def find_markdown(vault: Path, ignore: tuple[str, ...] = ()) -> list[str]:
    """Every `.md` below the vault, as sorted relative paths; hidden and tool folders skipped.

    Symbolic links are not followed, so nothing outside the vault is read and loops cannot hang.
    """
    return _walk(vault, ignore)[0]


def _walk(vault: Path, ignore: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The vault's notes, and the symbolic links (to notes or folders) that were not followed."""
    notes, links = scan(vault, ignore)
    return list(notes), links


def scan(vault: Path, ignore: tuple[str, ...] = ()) -> tuple[dict[str, os.stat_result | None], list[str]]:
    """The vault's notes with their `lstat` (None if it failed), and the symbolic links not followed.

    One `os.scandir` per folder and one `lstat` per note: the incremental export compares these
    stats with the last run's before reading anything.
    """
    notes: dict[str, os.stat_result | None] = {}
    links: list[str] = []
    pending = [(os.fspath(vault), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError:
            continue
        for entry in entries:
            relative = prefix + entry.name
            if _is_dir(entry):
                if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                    continue
                if entry.is_symlink():
                    links.append(relative)
                else:
                    pending.append((entry.path, relative + "/"))
            elif _is_note(entry.name, relative, ignore):
                if entry.is_symlink():
                    links.append(relative)
                else:
                    notes[relative] = _lstat(entry)
    return dict(sorted(notes.items())), sorted(p for p in links if not is_ignored(p, ignore))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a symbolic link to one (named, never followed)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_note(name: str, relative: str, ignore: tuple[str, ...]) -> bool:
    return name.endswith(".md") and not name.startswith(".") and not is_ignored(relative, ignore)


def _lstat(entry: os.DirEntry[str]) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError:
        return None


def decode(path: str, data: bytes, max_bytes: int = 0) -> SourceFile | Diagnostic:
    """Text of a file: UTF-8 (BOM dropped, CRLF folded), else Latin-1 with a warning; binary is skipped."""
    if b"\x00" in data[:8192]:
        return warning(
            path,
            0,
            "binary-file",
            "this file is binary, not Markdown; skipped",
            "rename it or move it out of the vault",
        )
    diagnostics: tuple[Diagnostic, ...] = ()
    if max_bytes and len(data) > max_bytes:
        data = data[: data.rfind(b"\n", 0, max_bytes) + 1 or max_bytes]
        message = f"this note is larger than {max_bytes:,} bytes; only the part before this line was read"
        hint = "split the note, or raise max_note_bytes in xtd-rdf.toml"
        diagnostics = (warning(path, data.count(b"\n") + 1, "note-too-large", message, hint),)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("latin-1")
        diagnostics += (
            warning(
                path,
                line,
                "not-utf8",
                "this file is not UTF-8; read as Latin-1",
                "save it as UTF-8 in your editor",
            ),
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(path, text, diagnostics)


def walk(vault: Path, ignore: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The vault's notes and its symbolic links not followed, as `read_vault` sees them (sorted)."""
    return _walk(vault, ignore)


def link_warning(relative: str) -> Diagnostic:
    message = "this is a symbolic link; it was not followed (it may lead outside the vault)"
    return warning(relative, 0, "symbolic-link", message, "copy the note or folder into the vault")


def unreadable(relative: str, exc: OSError) -> Diagnostic:
    return warning(relative, 0, "unreadable", f"cannot read this file ({exc.strerror}); skipped")


def read_vault(
    vault: Path, ignore: tuple[str, ...] = (), max_bytes: int = 0
) -> Iterator[SourceFile | Diagnostic]:
    """Read every note of the vault in a deterministic order; a symbolic link is named, not followed."""
    notes, links = _walk(vault, ignore)
    for relative in links:
        yield link_warning(relative)
    for relative in notes:
        try:
            data = (vault / relative).read_bytes()
        except OSError as exc:
            yield unreadable(relative, exc)
            continue
        yield decode(relative, data, max_bytes)


def data_table_paths(vault: Path) -> list[str]:
    """The vault-relative paths of the CSV tables under `_data/` that are read (no symbolic links)."""
    data_dir = vault / "_data"
    if not data_dir.is_dir():
        return []
    return [
        f"_data/{path.name}"
        for path in sorted(data_dir.glob("*.csv"))
        if path.is_file() and not path.is_symlink()
    ]


def read_data_tables(vault: Path) -> dict[str, str]:
    """CSV tables under `_data/`, by vault-relative path, decoded like notes."""
    tables: dict[str, str] = {}
    for relative in data_table_paths(vault):
        raw = (vault / relative).read_bytes()
        try:
            tables[relative] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            tables[relative] = raw.decode("latin-1")
    return tables
