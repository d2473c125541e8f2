"""The "nothing changed" fast path: an export whose inputs and output are as the last one left them.

After each published export, a stamp goes into the cache database: a hash of what shapes the output
(the tool's fingerprint, the vault's path, the whole config, validate/force and the shapes files'
contents), every note file, symbolic link and `_data/*.csv` table as read (path, size, mtime_ns,
SHA-256), the output folder's root (its inode and mtime, and each entry's inode, size and mtime), and
the report the export printed. The next export checks the stamp first: the vault is compared the way
git compares its index (stat first; only a file whose stat changed is read and hashed, so a file
touched but not changed passes), and when all is equal it writes nothing and prints the recorded
report again, with the same warnings and exit code.

This module is imported before anything heavy (no rdflib, pyshacl, pyoxigraph, jinja2): the check
costs a walk of the vault and a stat per file. Edits made by hand deep inside the output folder are
not looked for (only its root is); `--full` always exports.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .cache import DB_NAME, FileState, digest, file_state, tool_fingerprint
from .config import Config
from .diagnostics import Diagnostic, Severity
from .output import OutputError, cache_folder, exclusive
from .vault import data_table_paths, scan

FORMAT = 1
RUN_ONLY = ("cache-ignored",)  # diagnostics about the run, not the vault: never said again


@dataclass(frozen=True)
class Report:
    """What an export tells its user: enough to say it again when nothing has changed."""

    notes: int
    triples: int
    resources: int
    parsed: int  # notes parsed this run (the others came from the cache)
    diagnostics: tuple[Diagnostic, ...]
    findings: tuple[tuple[str, str, str], ...]  # SHACL findings: severity, the line printed, message
    validation: str | None  # the findings' summary; None when validation was skipped
    published: bool
    has_errors: bool
    withheld: str = ""  # how many notes were not published, and why ("" when none)
    unchanged: bool = False  # True when the fast path replays it


@dataclass(frozen=True)
class Options:
    """The export options that change the output (beside the config)."""

    validate: bool
    force: bool
    shapes: tuple[Path, ...] = ()


def inputs_hash(vault: Path, config: Config, options: Options) -> str:
    """Everything but the vault's files that decides the output."""
    shapes = [(str(p.resolve()), digest(p.read_bytes())) for p in options.shapes]
    parts = [FORMAT, tool_fingerprint(), str(vault.resolve()), asdict(config)]
    parts += [options.validate, options.force, shapes]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=list).encode()).hexdigest()


def output_state(out: Path) -> list[Any]:
    """The output folder's root as it stands: a swap, a removal or an added entry changes it."""
    root = os.stat(out)
    entries = sorted((e.name, *_stat_of(e.stat(follow_symlinks=False))) for e in os.scandir(out))
    return [root.st_dev, root.st_ino, root.st_mtime_ns, [list(e) for e in entries]]


def _stat_of(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def table_states(vault: Path) -> list[FileState]:
    """The `_data/*.csv` tables, read before the build: a later edit only makes the next run export."""
    states = []
    for relative in data_table_paths(vault):
        stat = os.stat(vault / relative)
        states.append(file_state(relative, stat, (vault / relative).read_bytes()))
    return states


def record(
    out: Path,
    inputs: str,
    notes: Sequence[FileState],
    links: Sequence[str],
    tables: Sequence[FileState],
    report: Report,
) -> str:
    """The stamp of an export just published into `out`, as JSON."""
    kept = [_diagnostic_row(d) for d in report.diagnostics if d.code not in RUN_ONLY]
    # field by field: asdict would copy every diagnostic and finding deeply, only to be replaced
    saved = {**{f.name: getattr(report, f.name) for f in fields(report)}, "diagnostics": kept}
    stamp = {
        "inputs": inputs,
        "notes": [_state_row(s) for s in notes],
        "links": list(links),
        "tables": [_state_row(s) for s in tables],
        "output": output_state(out),
        "report": saved,
    }
    return json.dumps(stamp, ensure_ascii=False)


def _state_row(state: FileState) -> list[Any]:
    return [state.path, state.size, state.mtime_ns, state.digest]


def _diagnostic_row(d: Diagnostic) -> list[Any]:
    return [d.path, d.line, d.severity.value, d.code, d.message, d.hint]


def unchanged(vault: Path, out: Path, config: Config, options: Options) -> Report | None:
    """The last export's report when nothing it was made from has changed since, else None."""
    db_path = cache_folder(out) / DB_NAME
    if not db_path.is_file() or not out.is_dir():
        return None
    try:
        with exclusive(out):  # an export running now would change what is compared
            return _check(db_path, vault, out, config, options)
    except (OutputError, OSError, sqlite3.Error, ValueError, KeyError, TypeError, IndexError):
        return None  # anything unreadable: export as usual (which repairs the cache)


def _check(db_path: Path, vault: Path, out: Path, config: Config, options: Options) -> Report | None:
    stamp = _read_stamp(db_path)
    if stamp is None or stamp["inputs"] != inputs_hash(vault, config, options):
        return None
    if stamp["output"] != output_state(out):
        return None
    notes, links = scan(vault, config.ignore)
    if links != stamp["links"] or not _same_files(vault, notes, stamp["notes"]):
        return None
    tables = {path: os.stat(vault / path) for path in data_table_paths(vault)}
    if not _same_files(vault, tables, stamp["tables"]):
        return None
    return _report(stamp["report"])


def _read_stamp(db_path: Path) -> dict[str, Any] | None:
    db = sqlite3.connect(db_path)  # not mode=ro: a WAL database may need its -shm file made
    try:
        row = db.execute("SELECT value FROM stamp WHERE name = 'last'").fetchone()
    finally:
        db.close()
    return json.loads(row[0]) if row else None


def _same_files(vault: Path, stats: dict[str, os.stat_result | None], rows: list[list[Any]]) -> bool:
    """The files are those recorded: same paths, and each file's stat or else its content the same."""
    if list(stats) != [row[0] for row in rows]:
        return False
    for row in rows:
        state, stat = FileState(*row), stats[row[0]]
        trusted = stat is not None and state.same_stat(stat)
        if not trusted and digest((vault / state.path).read_bytes()) != state.digest:
            return False
    return True


def _report(saved: dict[str, Any]) -> Report:
    diagnostics = tuple(
        Diagnostic(path, line, Severity(severity), code, message, hint)
        for path, line, severity, code, message, hint in saved["diagnostics"]
    )
    findings = tuple((str(s), str(t), str(m)) for s, t, m in saved["findings"])
    return Report(
        **{**saved, "diagnostics": diagnostics, "findings": findings, "parsed": 0, "unchanged": True}
    )
