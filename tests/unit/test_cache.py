"""The per-note cache: rows round-trip, damage is survived with a message, unused rows go."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from helpers import SEED, require_corpus
from xtd_rdf import parallel, pipeline
from xtd_rdf.cache import (
    DB_NAME,
    RACY_NS,
    FileState,
    NoteCache,
    config_fingerprint,
    digest,
    file_state,
    opened,
)
from xtd_rdf.config import Config
from xtd_rdf.extract import extract_facts
from xtd_rdf.notes import parse_note
from xtd_rdf.output import Made
from xtd_rdf.parallel import MIN_POOLED
from xtd_rdf.pipeline import build
from xtd_rdf.vault import read_vault

NOTES = {
    "Notes/Index.md": "---\ntitle: Index\ntags: [musees]\n---\nSur les musées.\n\nVoir [[Colloque]].\n",
    "Notes/Colloque.md": "---\ntitle: Colloque\n---\nLe colloque a lieu le 5 octobre 2018 à Genève.\n",
    "Notes/Binaire.md": b"\x00\x01binary",
}


def rows(folder: Path) -> int:
    with sqlite3.connect(folder / DB_NAME) as db:
        return db.execute("SELECT count(*) FROM notes").fetchone()[0]


@pytest.mark.parametrize("vault", ["seed", "corpus"])
def test_notes_and_facts_survive_a_pickle_round_trip_equal(vault: str) -> None:
    """What the cache stores is what parse + extract made: equal after pickle, for every real note."""
    folder = SEED if vault == "seed" else require_corpus()
    sources = [s for s in read_vault(folder) if not hasattr(s, "severity")]
    assert sources
    for source in sources:
        note = parse_note(source)
        pair = (note, extract_facts(note, "fr"))
        assert pickle.loads(pickle.dumps(pair, protocol=pickle.HIGHEST_PROTOCOL)) == pair, source.path


def test_a_second_build_reads_nothing_and_finds_the_same(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    with opened(tmp_path / "cache") as cache:
        first = build(vault, Config(), cache=cache)
    with opened(tmp_path / "cache") as cache:
        second = build(vault, Config(), cache=cache)
    plain = build(vault, Config())
    assert (first.parsed, second.parsed) == (3, 0)  # the binary file's warning is cached too
    assert second.by_document == first.by_document == plain.by_document
    assert second.diagnostics == first.diagnostics == plain.diagnostics
    assert any(d.code == "binary-file" for d in second.diagnostics)


def test_a_changed_note_is_read_again_and_unused_rows_are_pruned(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    with opened(tmp_path / "cache") as cache:
        build(vault, Config(), cache=cache)
    (vault / "Notes" / "Index.md").write_text("Une autre note, sans lien.\n", encoding="utf-8")
    (vault / "Notes" / "Binaire.md").unlink()
    with opened(tmp_path / "cache") as cache:
        built = build(vault, Config(), cache=cache)
    assert built.parsed == 1 and rows(tmp_path / "cache") == 2
    assert built.by_document == build(vault, Config()).by_document


def test_another_config_is_another_key() -> None:
    assert config_fingerprint(Config()) != config_fingerprint(Config(language="en"))
    assert config_fingerprint(Config()) == config_fingerprint(Config())


def test_a_stat_taken_in_the_same_instant_as_the_write_is_not_trusted(tmp_path: Path) -> None:
    """Like git's racy-clean rule: a later write in the same clock tick would keep size and mtime."""
    path = tmp_path / "A.md"
    path.write_text("text")
    stat = os.stat(path)
    racy = file_state("A.md", stat, b"text", now_ns=stat.st_mtime_ns + 1)
    settled = file_state("A.md", stat, b"text", now_ns=stat.st_mtime_ns + RACY_NS + 1)
    assert racy.mtime_ns == -1 and not racy.same_stat(stat)
    assert settled.same_stat(stat) and settled.digest == racy.digest


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_database_is_replaced_with_a_message(make_vault, tmp_path: Path, damage: str) -> None:
    vault = make_vault(NOTES)
    folder = tmp_path / "cache"
    with opened(folder) as cache:
        expected = build(vault, Config(), cache=cache)
    db = folder / DB_NAME
    data = db.read_bytes()
    db.write_bytes(
        {"garbage": os.urandom(len(data)), "truncated": data[: len(data) // 2], "empty": b""}[damage]
    )
    with opened(folder) as cache:
        built = build(vault, Config(), cache=cache)
    assert built.by_document == expected.by_document
    notices = [d for d in built.diagnostics if d.code == "cache-ignored"]
    if damage != "empty":  # SQLite takes an empty file for a new database: nothing was lost
        assert len(notices) == 1 and "cache.sqlite is damaged" in notices[0].message, built.diagnostics
    with opened(folder) as cache:  # the database was rebuilt: the next run reads nothing again
        assert build(vault, Config(), cache=cache).parsed == 0


def test_a_row_that_cannot_be_read_back_is_dropped_and_the_note_read_again(
    make_vault, tmp_path: Path
) -> None:
    vault = make_vault(NOTES)
    folder = tmp_path / "cache"
    with opened(folder) as cache:
        expected = build(vault, Config(), cache=cache)
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("UPDATE notes SET value = X'80054B' WHERE rowid = (SELECT min(rowid) FROM notes)")
        db.execute(
            "UPDATE notes SET value = ? WHERE rowid = (SELECT max(rowid) FROM notes)", (pickle.dumps(42),)
        )
    with opened(folder) as cache:
        built = build(vault, Config(), cache=cache)
    assert built.parsed == 2 and built.by_document == expected.by_document
    notices = sorted(d.message for d in built.diagnostics if d.code == "cache-ignored")
    assert len(notices) == 2 and any("not a note" in m for m in notices), notices
    assert all(m.startswith("cache entry for this note could not be read back") for m in notices)


def test_a_cache_folder_that_cannot_be_written_only_turns_the_cache_off(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    cache = NoteCache(blocker)
    try:
        built = build(vault, Config(), cache=cache)
    finally:
        cache.close()
    assert built.parsed == 3 and built.by_document == build(vault, Config()).by_document


def test_pooled_build_equals_the_build_in_one_process(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(require_corpus(), vault)
    with opened(tmp_path / "cache") as cache:
        pooled = build(vault, Config(), cache=cache, jobs=2)
    plain = build(vault, Config())
    assert pooled.by_document == plain.by_document and pooled.diagnostics == plain.diagnostics
    assert pooled.parsed > 100 and pooled.files and all(isinstance(f, FileState) for f in pooled.files)


def test_a_note_that_cannot_be_pickled_is_read_but_not_cached(
    make_vault, tmp_path: Path, monkeypatch
) -> None:
    """An outcome pickle refuses (front matter nested thousands deep could be one) never crosses processes
    nor enters the cache: it is read in process. Here pickle is made to refuse one note on purpose."""
    files = {f"Notes/N{i:03}.md": f"Note {i} sur les musées.\n" for i in range(MIN_POOLED + 4)}
    vault = make_vault(files)
    real = parallel.pickled

    def refusing(outcome):
        note = outcome[0] if isinstance(outcome, tuple) else None
        return None if note is not None and note.path == "Notes/N010.md" else real(outcome)

    monkeypatch.setattr(parallel, "pickled", refusing)  # the forked workers inherit it
    monkeypatch.setattr(pipeline, "pickled", refusing)
    with opened(tmp_path / "cache") as cache:
        pooled = build(vault, Config(), cache=cache, jobs=2)
    with opened(tmp_path / "cache") as cache:
        again = build(vault, Config(), cache=cache, jobs=2)
    plain = build(vault, Config())
    assert pooled.by_document == again.by_document == plain.by_document
    assert pooled.diagnostics == again.diagnostics == plain.diagnostics
    assert (pooled.parsed, again.parsed, rows(tmp_path / "cache")) == (len(files), 1, len(files) - 1)


def test_the_output_memo_is_written_with_the_stamp_and_damaged_rows_are_left_out(tmp_path: Path) -> None:
    memo = {"persons/a.ttl": Made(b"k" * 32, 1, 2, 3), "persons/a/index.html": Made(b"h" * 32, 4, 5, 6)}
    with opened(tmp_path) as cache:
        cache.set_stamp('{"a": 1}', memo)
        cache.set_stamp(None)  # the output is about to change: the stamp goes, the memo is never read
    with opened(tmp_path) as cache:
        assert cache.stamp() is None and cache.memo() == memo
        cache.set_stamp('{"b": 2}', {"x.ttl": Made(b"x" * 32, 7, 8, 9)})  # replaces the whole memo
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("INSERT INTO memo VALUES ('bad-key.ttl', 'text', 1, 2, 3)")
        db.execute("INSERT INTO memo VALUES ('bad-stat.ttl', ?, 'one', 2, 3)", (b"y" * 32,))
        db.execute("INSERT INTO memo VALUES ('no-key.ttl', NULL, 1, 2, 3)")
    with opened(tmp_path) as cache:
        assert cache.memo() == {"x.ttl": Made(b"x" * 32, 7, 8, 9)}
        assert cache.stamp() == '{"b": 2}'


def memo_table(folder: Path) -> dict[str, tuple[object, ...]]:
    with sqlite3.connect(folder / DB_NAME) as db:
        return {row[0]: tuple(row[1:]) for row in db.execute("SELECT * FROM memo")}


def test_a_memo_read_whole_is_written_back_as_its_changes_and_ends_the_same(tmp_path: Path) -> None:
    """Kept, changed, new and gone rows; a damaged row is not part of what was read: it goes too."""
    first = {f"persons/{n}.ttl": Made(bytes([n]) * 32, n, n + 1, n + 2) for n in range(6)}
    with opened(tmp_path) as cache:
        cache.set_stamp('{"a": 1}', first)
    assert memo_table(tmp_path) == {path: tuple(made) for path, made in first.items()}
    second = {**first, "persons/1.ttl": Made(b"z" * 32, 1, 2, 4), "persons/9.ttl": Made(b"n" * 32, 9, 9, 9)}
    del second["persons/2.ttl"]
    with opened(tmp_path) as cache:
        assert cache.memo() == first
        cache.set_stamp('{"b": 2}', second)
    assert memo_table(tmp_path) == {path: tuple(made) for path, made in second.items()}
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("INSERT INTO memo VALUES ('bad.ttl', 'text', 1, 2, 3)")
    with opened(tmp_path) as cache:
        assert cache.memo() == second
        cache.set_stamp('{"c": 3}', first)
    assert memo_table(tmp_path) == {path: tuple(made) for path, made in first.items()}


def test_the_files_table_follows_the_vault_row_by_row(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    with opened(tmp_path / "cache") as cache:
        build(vault, Config(), cache=cache)
    (vault / "Notes" / "Index.md").write_text("Une autre note.\n", encoding="utf-8")
    (vault / "Notes" / "Binaire.md").unlink()
    (vault / "Notes" / "Nouvelle.md").write_text("Une nouvelle note.\n", encoding="utf-8")
    with opened(tmp_path / "cache") as cache:
        built = build(vault, Config(), cache=cache)
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:
        table = sorted((FileState(*row) for row in db.execute("SELECT * FROM files")), key=str)
    assert table == sorted(built.files, key=str) and [f.path for f in table] == [
        "Notes/Colloque.md",
        "Notes/Index.md",
        "Notes/Nouvelle.md",
    ]
    assert {f.digest for f in table} == {digest((vault / f.path).read_bytes()) for f in table}


def test_stale_rows_are_pruned_once_they_are_over_a_quarter_of_the_used_ones(
    make_vault, tmp_path: Path
) -> None:
    """A few stale rows after an edit are kept (pruning costs a pass over the table), never more."""
    vault = make_vault({f"Notes/Note {n}.md": f"La note {n}.\n" for n in range(8)})
    folder = tmp_path / "cache"

    def edit_and_build(*numbers: int) -> None:
        for n in numbers:
            append_text(vault / f"Notes/Note {n}.md", "Une phrase de plus.\n")
        with opened(folder) as cache:
            assert build(vault, Config(), cache=cache).parsed == len(numbers)

    edit_and_build(*range(8))
    assert rows(folder) == 8
    edit_and_build(0, 1)  # two stale rows: 8 // 4 allows them
    assert rows(folder) == 10
    edit_and_build(2)  # three: over a quarter, all stale rows go
    assert rows(folder) == 8
    with opened(folder) as cache:
        assert build(vault, Config(), cache=cache).parsed == 0


def append_text(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
