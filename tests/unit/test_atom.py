"""Atom feeds read by a real feed client (feedparser): entries, titles, links, dates, tags, no withheld."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from xtd_rdf.cli import main
from xtd_rdf.config import Config
from xtd_rdf.pipeline import build
from xtd_rdf.writers.atom import write_atom

BASE = "https://example.org/x/"


def dated(day: str, tags: str = "[]", extra: str = "", body: str = "") -> str:
    text = body or "A public note with enough words to give it a description."
    return f"---\ndate: {day}\ntags: {tags}\n{extra}---\n{text}\n"


VAULT = {
    "Notes/Old.md": dated("2023-01-05", "[musee]"),
    "Notes/New.md": dated("2024-02-01", "[musee/3d, web]", "updated: 2024-06-30\n"),
    "Notes/Mid.md": dated(
        "2024-03-15", "[web]", body="Tom & Jerry <b>bold</b> about the web and \x07 more words."
    ),
    "Notes/Undated.md": "---\ntags: [musee]\n---\nA note without any date at all, left out of the feeds.\n",
    "Notes/Secret Plan.md": dated("2024-12-01", "[musee]", "publish: false\n"),
    "Notes/Draft.md": dated("2024-12-02", "[web]", "draft: true\n"),
}


@pytest.fixture
def out(make_vault, tmp_path: Path) -> Path:
    vault = make_vault(VAULT)
    stage = tmp_path / "out"
    stage.mkdir()
    write_atom(stage, build(vault, Config(base=BASE, title="Museum notes", publisher="The Museum")).dataset)
    return stage


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_site_feed_lists_dated_notes_newest_first(out: Path) -> None:
    feed = parse(out / "feed.xml")
    assert feed.feed.title == "Museum notes"
    assert feed.feed.id == BASE + "feed.xml"
    assert feed.feed.updated == "2024-06-30T00:00:00Z"
    assert feed.feed.author == "The Museum"
    assert [e.title for e in feed.entries] == ["New", "Mid", "Old"]
    assert [e.link for e in feed.entries] == [BASE + f"notes/{n}/" for n in ("new", "mid", "old")]
    assert [e.id for e in feed.entries] == [BASE + f"notes/{n}" for n in ("new", "mid", "old")]
    assert [e.updated for e in feed.entries] == [
        "2024-06-30T00:00:00Z",
        "2024-03-15T00:00:00Z",
        "2023-01-05T00:00:00Z",
    ]
    assert feed.entries[0].published == "2024-02-01T00:00:00Z"
    assert [t.term for t in feed.entries[0].tags] == ["musee/3d", "web"]
    assert (
        feed.entries[1].summary == "Tom & Jerry bold about the web and  more words."
    )  # no control character


def test_withheld_and_undated_notes_are_in_no_feed(out: Path) -> None:
    for path in out.rglob("feed.xml"):
        text = path.read_text(encoding="utf-8")
        assert "secret-plan" not in text and "Secret Plan" not in text and "notes/draft" not in text
        assert "undated" not in text.casefold()


def test_a_tag_feed_holds_the_notes_of_the_tag_and_of_its_narrower_tags(out: Path) -> None:
    musee = parse(out / "tags" / "musee" / "feed.xml")
    assert musee.feed.id == BASE + "tags/musee/feed.xml"
    assert musee.feed.link == BASE + "tags/musee/"
    assert [e.title for e in musee.entries] == ["New", "Old"]
    web = parse(out / "tags" / "web" / "feed.xml")
    assert [(e.title, e.updated) for e in web.entries] == [
        ("New", "2024-06-30T00:00:00Z"),
        ("Mid", "2024-03-15T00:00:00Z"),
    ]
    assert [e.title for e in parse(out / "tags" / "musee-3d" / "feed.xml").entries] == ["New"]


def test_feed_entries_caps_every_feed(make_vault, tmp_path: Path) -> None:
    vault = make_vault(VAULT)
    write_atom(tmp_path, build(vault, Config(base=BASE, feed_entries=1)).dataset)
    assert [e.title for e in parse(tmp_path / "feed.xml").entries] == ["New"]
    assert [e.title for e in parse(tmp_path / "tags" / "web" / "feed.xml").entries] == ["New"]


def test_the_same_vault_gives_byte_identical_feeds_across_hash_seeds(make_vault, tmp_path: Path) -> None:
    vault = make_vault(VAULT)
    for seed in ("1", "4242"):
        command = [sys.executable, "-m", "xtd_rdf", "export", str(vault), "--out", str(tmp_path / seed), "-q"]
        subprocess.run([*command, "--base", BASE], check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    feeds = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("feed.xml"))
    assert len(feeds) == 4  # the site's and one per tag: musee, musee/3d, web (no tag of a withheld note)
    assert all((tmp_path / "1" / f).read_bytes() == (tmp_path / "4242" / f).read_bytes() for f in feeds)


def test_every_page_links_the_site_feed_and_a_tag_page_its_own(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["export", str(make_vault(VAULT)), "--out", str(out), "--base", BASE])
    assert result.exit_code == 0, result.output
    pages = list(out.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        href = "../" * (len(page.relative_to(out).parts) - 1) + "feed.xml"
        assert re.search(f'<link rel="alternate" type="application/atom[+]xml"[^>]* href="{href}">', html), (
            page
        )
    tag_page = (out / "tags" / "web" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="#web" href="feed.xml">' in tag_page
    assert parse(out / "feed.xml").entries
