"""Which notes are published: front-matter `publish`/`draft`, the config's exclude globs and its mode.

A withheld note is dropped right after parsing, before extraction, so nothing it says (its title,
its text, the people and quotes in it) can reach a writer. Only the names wikilinks may use for it
are kept, so that a link to it becomes plain text instead of a "missing note".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .diagnostics import Diagnostic, warning
from .notes import Note
from .vault import is_ignored

PRIVATE = "publish: false"
DRAFT = "draft"
EXCLUDED = "excluded"
UNMARKED = "not publish: true"  # `publish = "explicit"` and the note does not say `publish: true`
REASONS = (PRIVATE, DRAFT, EXCLUDED, UNMARKED)


@dataclass(frozen=True)
class Withheld:
    """A note that is not published: its path, why, and the names wikilinks may use for it."""

    path: str
    reason: str
    names: tuple[str, ...]  # casefolded: the path without `.md`, the file name, the aliases


def flag(value: Any) -> bool | None:
    """A YAML boolean, or the string "true"/"false" in any case; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
        return value.strip().casefold() == "true"
    return None


def withhold_reason(note: Note, config: Config) -> str | None:
    """Why a note is not published, or None when it is; the first reason found, in REASONS order."""
    publish, draft = flag(note.front_matter.get("publish")), flag(note.front_matter.get("draft"))
    if publish is False or _unreadable(note, "publish"):
        return PRIVATE
    if draft is True or _unreadable(note, "draft"):
        return DRAFT
    if is_excluded(note.path, config):
        return EXCLUDED
    if config.publish == "explicit" and publish is not True:
        return UNMARKED
    return None


def is_excluded(path: str, config: Config) -> bool:
    """True when a vault-relative path matches the `exclude` (or `ignore`) globs of the config."""
    return is_ignored(path, (*config.exclude, *config.ignore))


def _unreadable(note: Note, key: str) -> bool:
    """A `publish`/`draft` value that is neither true nor false withholds the note, to be safe."""
    return (
        key in note.front_matter
        and note.front_matter[key] is not None
        and flag(note.front_matter[key]) is None
    )


def unreadable_flags(note: Note) -> list[Diagnostic]:
    """A warning per `publish`/`draft` value that says neither true nor false."""
    return [
        warning(
            note.path,
            note.line_of(key),
            "publish-flag",
            f"the front-matter {key} {note.front_matter[key]!r} is neither true nor false; "
            "the note was withheld to be safe",
            f"write '{key}: true' or '{key}: false'",
        )
        for key in ("publish", "draft")
        if _unreadable(note, key)
    ]


def withheld(note: Note, reason: str) -> Withheld:
    names = (note.path[: -len(".md")], note.name, *note.aliases)
    return Withheld(note.path, reason, tuple(dict.fromkeys(n.strip().casefold() for n in names if n.strip())))


@dataclass
class PublishGate:
    """Sorts the notes of one build into published and withheld, remembering the withheld ones."""

    config: Config
    withheld: list[Withheld] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def withhold(self, note: Note) -> bool:
        """True (and the note remembered) when the note must not be published."""
        reason = withhold_reason(note, self.config)
        if reason is None:
            return False
        self.withheld.append(withheld(note, reason))
        self.diagnostics += unreadable_flags(note)
        return True

    def excludes(self, path: str) -> bool:
        """True for a path under the exclude globs: its read problems are not reported either."""
        return is_excluded(path, self.config)


class WithheldNames:
    """Wikilink target → is it a withheld note? Looked up like resolve's note index, by path or name."""

    def __init__(self, items: Iterable[Withheld]) -> None:
        self.names = frozenset(name for item in items for name in item.names)

    def __call__(self, target: str) -> bool:
        key = target.strip().casefold()
        return bool(key) and (key in self.names or key.rsplit("/", 1)[-1] in self.names)


def summary(items: Iterable[Withheld]) -> str:
    """`3 notes withheld: 1 publish: false, 1 draft, 1 excluded`, or "" when every note is published."""
    counts = Counter(item.reason for item in items)
    total = sum(counts.values())
    if not total:
        return ""
    reasons = ", ".join(f"{counts[r]} {r}" for r in REASONS if counts[r])
    return f"{total} note{'s' if total > 1 else ''} withheld: {reasons}"
