"""The change feed: a dated baseline, one activity per resource that changed, kept across exports."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import snapshot
from xtd_rdf.config import Config
from xtd_rdf.export import export
from xtd_rdf.output import Files
from xtd_rdf.pipeline import build
from xtd_rdf.writers import feed as feed_module
from xtd_rdf.writers.feed import Activity, Feed, ResourceState, build_feed, read_feed, write_feed

BASE = "https://example.org/xtd/"
LATER = "1800000000"  # 2027-01-15T08:00:00Z
LATER_TIME = "2027-01-15T08:00:00Z"

NOTES = {
    "Notes/Alpha.md": "---\ndate: 2021-03-04\ntags: [musee]\n---\nAlpha is about museums. See [[Beta]].\n",
    "Notes/Beta.md": "---\ndate: 2022-05-06\ntags: [musee]\n---\nBeta is about collections.\n",
    "Notes/Gamma.md": "---\ndate: 2020-01-02\ntags: [musee]\n---\nGamma stands alone.\n",
}


def activities(out: Path) -> list[dict]:
    collection = json.loads((out / "changes" / "collection.json").read_text())
    pages = sorted((out / "changes").glob("page-*.json"), key=lambda p: int(re.findall(r"\d+", p.name)[0]))
    items = [item for page in pages for item in json.loads(page.read_text())["orderedItems"]]
    assert collection["totalItems"] == len(items)
    return items


def summary(items: list[dict]) -> list[tuple[str, str, str]]:
    return [(a["type"], a["object"]["id"].removeprefix(BASE), a["endTime"]) for a in items]


def test_a_first_export_is_one_create_per_resource_dated_from_the_notes(make_vault, tmp_path: Path) -> None:
    """No clock in a first export: notes carry their own date, other resources the dataset's."""
    export(make_vault(NOTES), tmp_path / "out", Config())
    assert summary(activities(tmp_path / "out")) == [
        ("Create", "notes/gamma", "2020-01-02T00:00:00Z"),
        ("Create", "notes/alpha", "2021-03-04T00:00:00Z"),
        ("Create", "notes/beta", "2022-05-06T00:00:00Z"),
        ("Create", "tags", "2022-05-06T00:00:00Z"),
        ("Create", "tags/musee", "2022-05-06T00:00:00Z"),
    ]


def test_first_exports_into_fresh_folders_are_byte_identical(make_vault, tmp_path: Path, monkeypatch) -> None:
    vault = make_vault(NOTES)
    export(vault, tmp_path / "one", Config())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)  # the clock of later exports; a first one ignores it
    export(vault, tmp_path / "two", Config())
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_an_export_that_changes_nothing_leaves_the_feed_byte_identical(make_vault, tmp_path: Path) -> None:
    vault, out = make_vault(NOTES), tmp_path / "out"
    export(vault, out, Config())
    before = snapshot(out)
    export(vault, out, Config())  # the real clock: nothing changed, so nothing may be dated by it
    assert snapshot(out) == before


def test_one_changed_and_one_deleted_note_add_one_update_and_one_delete(
    make_vault, tmp_path: Path, monkeypatch
) -> None:
    """Acceptance 3: the feed gains exactly an Update and a Delete; the sitemap says the same times."""
    vault, out = make_vault(NOTES), tmp_path / "out"
    export(vault, out, Config())
    before = activities(out)
    (vault / "Notes" / "Beta.md").write_text(NOTES["Notes/Beta.md"].replace("collections", "archives"))
    (vault / "Notes" / "Gamma.md").unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    export(vault, out, Config())
    after = activities(out)
    assert after[: len(before)] == before
    assert summary(after[len(before) :]) == [
        ("Update", "notes/beta", LATER_TIME),
        ("Delete", "notes/gamma", LATER_TIME),
    ]
    assert "seeAlso" not in after[-1]["object"]
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{BASE}notes/beta/</loc><lastmod>{LATER_TIME}</lastmod>" in sitemap
    assert f"<loc>{BASE}notes/alpha/</loc><lastmod>2021-03-04T00:00:00Z</lastmod>" in sitemap
    assert "notes/gamma" not in sitemap
    assert f"<loc>{BASE}</loc><lastmod>{LATER_TIME}</lastmod>" in sitemap


def test_a_note_that_comes_back_is_created_again(make_vault, tmp_path: Path, monkeypatch) -> None:
    vault, out = make_vault(NOTES), tmp_path / "out"
    export(vault, out, Config())
    text = (vault / "Notes" / "Gamma.md").read_text()
    (vault / "Notes" / "Gamma.md").unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    export(vault, out, Config())
    (vault / "Notes" / "Gamma.md").write_text(text)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(LATER) + 60))
    export(vault, out, Config())
    assert summary(activities(out))[-2:] == [
        ("Delete", "notes/gamma", LATER_TIME),
        ("Create", "notes/gamma", "2027-01-15T08:01:00Z"),
    ]


def test_times_never_go_backwards(make_vault, tmp_path: Path, monkeypatch) -> None:
    """A clock behind the newest activity (a note dated in the future) dates changes at that activity."""
    vault, out = (
        make_vault({**NOTES, "Notes/Future.md": "---\ndate: 2030-01-01\n---\nLater.\n"}),
        tmp_path / "out",
    )
    export(vault, out, Config())
    (vault / "Notes" / "Alpha.md").write_text("Alpha, rewritten.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    export(vault, out, Config())
    times = [a["endTime"] for a in activities(out)]
    assert times == sorted(times) and times[-1] == "2030-01-01T00:00:00Z"


def test_pages_fill_in_order_and_full_pages_never_change(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    first, second = tmp_path / "first", tmp_path / "second"
    write_feed(first, build_feed(first, BASE, build(vault, Config()).by_document), page_size=2)
    pages = sorted((first / "changes").glob("page-*.json"))
    assert [p.name for p in pages] == ["page-0.json", "page-1.json", "page-2.json"]
    head, tail = (json.loads(p.read_text()) for p in (pages[0], pages[-1]))
    assert head["next"]["id"] == f"{BASE}changes/page-1.json" and "prev" not in head
    assert tail["prev"]["id"] == f"{BASE}changes/page-1.json" and "next" not in tail
    assert [p["startIndex"] for p in (head, tail)] == [0, 4]
    (vault / "Notes" / "Alpha.md").write_text("Alpha, rewritten.\n")
    feed = build_feed(first, BASE, build(vault, Config()).by_document, now=LATER_TIME)
    write_feed(second, feed, page_size=2)
    for name in ("page-0.json", "page-1.json"):
        assert (second / "changes" / name).read_bytes() == (first / "changes" / name).read_bytes()
    collection = json.loads((second / "changes" / "collection.json").read_text())
    assert collection["totalItems"] == 6 and collection["last"]["id"].endswith("page-2.json")


@pytest.mark.parametrize("damage", ["{not json", '{"version": 99}'])
def test_an_unreadable_previous_feed_starts_a_new_baseline(make_vault, tmp_path: Path, damage: str) -> None:
    vault, out = make_vault(NOTES), tmp_path / "out"
    export(vault, out, Config())
    reference = snapshot(out)
    (out / "changes" / "state.json").write_text(damage)
    assert read_feed(out) is None
    export(vault, out, Config())
    assert snapshot(out) == reference


def test_a_new_base_starts_a_new_feed(make_vault, tmp_path: Path) -> None:
    vault, out = make_vault(NOTES), tmp_path / "out"
    export(vault, out, Config())
    shutil.copytree(out, tmp_path / "copy")
    export(vault, out, Config(base="https://data.example.net/"))
    items = activities(out)
    assert {a["type"] for a in items} == {"Create"}
    assert all(a["object"]["id"].startswith("https://data.example.net/") for a in items)


def test_each_activity_names_the_type_of_its_object(make_vault, tmp_path: Path) -> None:
    export(make_vault(NOTES), tmp_path / "out", Config())
    items = activities(tmp_path / "out")
    types = {item["object"]["id"].removeprefix(BASE): item["object"]["type"] for item in items}
    assert types == {
        "notes/alpha": "Article",
        "notes/beta": "Article",
        "notes/gamma": "Article",
        "tags": "ConceptScheme",
        "tags/musee": "Concept",
    }


def test_state_json_printed_by_hand_is_what_json_dumps_writes(tmp_path: Path) -> None:
    """`state.json` holds every resource: printed without the generic writer, to the same bytes."""
    resources = {
        f"{BASE}notes/a": ResourceState("a" * 64, "Article", "2021-03-04T00:00:00Z"),
        f'{BASE}notes/é "b"': ResourceState("b" * 64, "Article", "2022-05-06T00:00:00Z", deleted=True),
    }
    activities = [Activity("Create", iri, r.type, r.time) for iri, r in resources.items()]
    for feed in (Feed(BASE, resources, activities), Feed(BASE, {}, [])):
        write_feed(tmp_path, feed)
        state = json.loads((tmp_path / "changes" / "state.json").read_text(encoding="utf-8"))
        expected = json.dumps(state, ensure_ascii=False, indent=2) + "\n"
        assert (tmp_path / "changes" / "state.json").read_text(encoding="utf-8") == expected
        assert read_feed(tmp_path) == feed
        shutil.rmtree(tmp_path / "changes")


def test_full_pages_of_a_re_export_are_linked_not_printed(tmp_path: Path, monkeypatch) -> None:
    """With the output memo, the pages that did not change are not even printed again."""
    printed: list[int] = []
    real = feed_module._page_text

    def page_text(feed: Feed, n: int, *rest: object) -> bytes:
        printed.append(n)
        return real(feed, n, *rest)

    monkeypatch.setattr(feed_module, "_page_text", page_text)
    items = [
        Activity("Create", f"{BASE}notes/{n}", "Article", f"2021-01-0{n}T00:00:00Z") for n in range(1, 8)
    ]
    resources = {a.iri: ResourceState("a" * 64, a.type, a.time) for a in items}
    before = Files(tmp_path / "before")
    write_feed(before, Feed(BASE, resources, items[:5]), page_size=2)
    printed.clear()
    after = Files(tmp_path / "after", previous=tmp_path / "before", memo=before.made)
    write_feed(after, Feed(BASE, resources, items), page_size=2)
    assert printed == [2, 3]  # page 2 was the last (no `next`), page 3 is new
    write_feed(tmp_path / "plain", Feed(BASE, resources, items), page_size=2)
    assert snapshot(tmp_path / "after") == snapshot(tmp_path / "plain")
    assert (tmp_path / "after/changes/page-1.json").stat().st_ino == (
        tmp_path / "before/changes/page-1.json"
    ).stat().st_ino


def test_a_page_printed_by_hand_is_what_the_json_writer_prints() -> None:
    """Every kind of activity, a resource without files of its own, text to escape, an empty page."""
    from xtd_rdf.writers.jsonld import indented_json

    items = [
        Activity("Create", f"{BASE}notes/a", "Article", "2021-01-01T00:00:00Z"),
        Activity("Update", f'{BASE}persons/é "b" \\ c', "Person", "2021-01-02T00:00:00Z"),
        Activity("Delete", f"{BASE}notes/c", "Article", "2021-01-03T00:00:00Z"),
        Activity("Update", f"{BASE}catalog", "Dataset", "2021-01-04T00:00:00Z"),
    ]
    feed = Feed(BASE, {}, items)
    for n, page, pages in ((0, items[:2], 3), (1, items[2:], 3), (2, [], 3), (0, items, 1)):
        expected = indented_json(feed_module._page(feed, n, pages, page, 2 * n)) + "\n"
        assert feed_module._page_text(feed, n, pages, page, 2 * n) == expected.encode("utf-8")


def many_activities(count: int) -> tuple[dict[str, ResourceState], list[Activity]]:
    items = [
        Activity(
            "Create", f"{BASE}notes/n{n:05d}", "Article", f"2021-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}Z"
        )
        for n in range(count)
    ]
    return {a.iri: ResourceState(f"{a.iri[-5:]:0>64}", a.type, a.time) for a in items}, items


def test_full_pages_whose_memo_rows_hold_are_kept_unread(tmp_path: Path, monkeypatch) -> None:
    """Only the last page is parsed; the full ones before it are kept as they are, and the feed
    written from that is the one written from every page parsed."""
    resources, items = many_activities(2 * feed_module.PAGE_SIZE + 7)
    before = Files(tmp_path / "before")
    write_feed(before, Feed(BASE, resources, items))
    parsed: list[int] = []
    real = feed_module._items
    monkeypatch.setattr(feed_module, "_items", lambda folder, page: parsed.append(page) or real(folder, page))
    kept = read_feed(tmp_path / "before", before.made)
    assert kept is not None and parsed == [2]
    assert len(kept.kept) == 2 and kept.total == len(items) and kept.activities == items[-7:]
    assert kept.times() == read_feed(tmp_path / "before").times()
    now = "2030-01-01T00:00:00Z"
    current = {iri: (r.sha256, r.type) for iri, r in resources.items()} | {
        f"{BASE}notes/new": ("c" * 64, "Article")
    }
    write_feed(Files(tmp_path / "kept"), feed_module.next_feed(kept, current, now))
    write_feed(
        Files(tmp_path / "parsed"), feed_module.next_feed(read_feed(tmp_path / "before"), current, now)
    )
    assert snapshot(tmp_path / "kept") == snapshot(tmp_path / "parsed")


def test_a_page_replaced_since_it_was_made_is_parsed_again(tmp_path: Path) -> None:
    resources, items = many_activities(2 * feed_module.PAGE_SIZE + 7)
    before = Files(tmp_path / "before")
    write_feed(before, Feed(BASE, resources, items))
    page = tmp_path / "before" / "changes" / "page-1.json"
    page.write_bytes(page.read_bytes())  # same bytes, another file: the memo row no longer holds
    feed = read_feed(tmp_path / "before", before.made)
    assert feed is not None and len(feed.kept) == 1 and feed.activities == items[feed_module.PAGE_SIZE :]


def test_keep_feed_writes_nothing_unless_the_state_was_made_from_the_key(tmp_path: Path) -> None:
    resources, items = many_activities(5)
    current = {iri: (r.sha256, r.type) for iri, r in resources.items()}
    before = Files(tmp_path / "before")
    keys = feed_module.state_keys(BASE, {}, current)
    write_feed(before, replace(Feed(BASE, resources, items), key=keys[0]))
    other = dict(current) | {f"{BASE}notes/new": ("c" * 64, "Article")}
    stage = Files(tmp_path / "other", previous=tmp_path / "before", memo=before.made)
    assert not feed_module.keep_feed(stage, tmp_path / "before", feed_module.state_keys(BASE, {}, other))
    assert not (tmp_path / "other").exists() or not any((tmp_path / "other").rglob("*.json"))
    same = Files(tmp_path / "same", previous=tmp_path / "before", memo=before.made)
    assert feed_module.keep_feed(same, tmp_path / "before", keys)
    assert snapshot(tmp_path / "same") == snapshot(tmp_path / "before")
    for name in ("state.json", "collection.json", "page-0.json"):
        assert (tmp_path / "same/changes" / name).stat().st_ino == (
            tmp_path / "before/changes" / name
        ).stat().st_ino


HARVEST = (
    "changes/state.json",
    "changes/collection.json",
    "changes/page-0.json",
    "sitemap.xml",
    "catalog.ttl",
)


def test_a_re_export_that_changes_no_resource_links_the_feed_sitemap_and_catalogue(
    make_vault, tmp_path: Path, monkeypatch
) -> None:
    """A body sentence the graph does not hold: nothing of the feed is read, every harvesting file is
    the previous one (same inode), and the output is what a full export of the same history writes."""
    vault, out, full = make_vault(NOTES), tmp_path / "out", tmp_path / "full"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)  # the baseline's date for resources without one
    export(vault, out, Config())
    export(vault, full, Config(), full=True)
    before = {name: (out / name).stat().st_ino for name in HARVEST}
    nt = (out / "dataset.nt").read_bytes()
    with (vault / "Notes" / "Alpha.md").open("a", encoding="utf-8") as note:
        note.write("\nAlpha is also about collections and their museums.\n")
    with monkeypatch.context() as patched:
        patched.setattr(feed_module, "_items", lambda *args: pytest.fail("a page was parsed"))
        export(vault, out, Config())
    export(vault, full, Config(), full=True)
    assert (out / "dataset.nt").read_bytes() == nt, "the sentence changed the graph: pick another edit"
    assert {name: (out / name).stat().st_ino for name in HARVEST} == before
    assert snapshot(out) == snapshot(full)


@pytest.mark.parametrize(
    "edit",
    ["sentence", "front matter", "delete", "rename"],
)
def test_the_harvesting_files_of_a_re_export_are_those_of_a_full_export(
    make_vault, tmp_path: Path, monkeypatch, edit: str
) -> None:
    vault, out, full = make_vault(NOTES), tmp_path / "out", tmp_path / "full"
    for step, epoch in enumerate((LATER, "1800000100", "1800000200")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        if step:
            change(vault, edit, step)
        export(vault, out, Config())
        export(vault, full, Config(), full=True)
        assert snapshot(out) == snapshot(full), (edit, step)


def change(vault: Path, edit: str, step: int) -> None:
    notes = vault / "Notes"
    if edit == "sentence":
        (notes / "Beta.md").write_text(NOTES["Notes/Beta.md"] + f"\nSentence {step}.\n", encoding="utf-8")
    elif edit == "front matter":
        text = NOTES["Notes/Beta.md"].replace(
            "date: 2022-05-06", f"date: 2022-05-0{step}\ntitle: Beta {step}"
        )
        (notes / "Beta.md").write_text(text, encoding="utf-8")
    elif edit == "delete" and step == 1:
        (notes / "Gamma.md").unlink()
    elif edit == "delete":
        (notes / "Delta.md").write_text("---\ndate: 2023-01-01\n---\nDelta arrives.\n", encoding="utf-8")
    elif edit == "rename":
        old, new = notes / f"Beta{step - 1 or ''}.md", notes / f"Beta{step}.md"
        old.rename(new)
