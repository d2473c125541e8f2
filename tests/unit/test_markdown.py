"""Markdown structure: wikilinks in every form, inline tags, links, videos — each with its line."""

from __future__ import annotations

from xtd_rdf.notes import parse_note, without_prose
from xtd_rdf.vault import SourceFile


def note(body: str):
    return parse_note(SourceFile("N.md", body))


def test_wikilink_forms() -> None:
    parsed = note("See [[Target]], [[Other|shown]], [[Third#Part|x]], [[Fourth.md]] and ![[Embedded]].\n")
    assert [(w.value, w.text, w.anchor, w.embed) for w in parsed.wikilinks] == [
        ("Target", "Target", "", False),
        ("Other", "shown", "", False),
        ("Third", "x", "Part", False),
        ("Fourth", "Fourth", "", False),
        ("Embedded", "Embedded", "", True),
    ]


def test_a_link_to_a_heading_of_the_same_note_is_not_a_wikilink_to_a_note() -> None:
    assert note("Go to [[#Section]].\n").wikilinks == ()


def test_inline_tags_but_not_in_code_urls_headings_or_numbers() -> None:
    parsed = note(
        "# Title #nottag\n\nProse #museum and #numerique/3d, issue #12, a#b, "
        "[link](https://x.org/#frag) `#code`\n\n```\n#fenced\n```\n"
    )
    assert [t.value for t in parsed.tags] == ["museum", "numerique/3d"]
    assert all(t.line == 3 for t in parsed.tags)


def test_external_links_bare_urls_and_iframe_videos_with_lines() -> None:
    parsed = note(
        "Intro [site](https://a.example/x) and https://b.example/y.\n\n"
        '<iframe src="https://www.youtube.com/embed/abc" title="v"></iframe>\n\n'
        "[mail](mailto:x@y.z) [local](other.md)\n"
    )
    assert [(link.value, link.line) for link in parsed.links] == [
        ("https://a.example/x", 1),
        ("https://b.example/y", 1),
    ]
    assert [(v.value, v.line) for v in parsed.videos] == [("https://www.youtube.com/embed/abc", 3)]


def test_blocks_keep_kind_level_quote_and_line() -> None:
    parsed = note("## Programme\n- [Ann](https://l.in/ann), Director\n  - nested item\n\n> quote\n> — Bob\n")
    assert [(b.kind, b.level, b.quoted, b.line) for b in parsed.blocks] == [
        ("heading", 2, False, 1),
        ("item", 1, False, 2),
        ("item", 2, False, 3),
        ("paragraph", 0, True, 5),
    ]
    item = parsed.blocks[1]
    assert [(i.kind, i.text, i.target) for i in item.inlines] == [
        ("link", "Ann", "https://l.in/ann"),
        ("text", ", Director", ""),
    ]


def test_description_is_the_first_paragraph_of_prose() -> None:
    parsed = note("[Only a link](https://x.example)\n\nThe first real paragraph, with **some** words.\n")
    assert parsed.description == "The first real paragraph, with some words."


def test_without_prose_keeps_what_the_writers_read_and_drops_the_rest() -> None:
    parsed = note("# Title [[A]]\n\nProse with [[B|b]] and [c](https://c.example/).\n\nOnly prose here.\n")
    slim = without_prose(parsed)
    assert slim.blocks[0] == parsed.blocks[0]  # a heading stays whole: its anchor is its text
    assert [(b.kind, [(i.kind, i.target, i.start, i.end) for i in b.inlines]) for b in slim.blocks[1:]] == [
        ("paragraph", [(i.kind, i.target, i.start, i.end) for i in parsed.blocks[1].inlines if i.target])
    ]
    assert (slim.body, slim.wikilinks, slim.links, slim.description) == (
        parsed.body,
        parsed.wikilinks,
        parsed.links,
        parsed.description,
    )


def test_without_prose_keeps_query_blocks_whole_and_drops_other_code() -> None:
    parsed = note("Text.\n\n```sparql\nSELECT * WHERE { ?s ?p ?o }\n```\n\n```python\nprint(1)\n```\n")
    slim = without_prose(parsed)
    assert [(b.kind, b.info) for b in slim.blocks] == [("code", "sparql")]
    assert slim.blocks[0] == next(b for b in parsed.blocks if b.info == "sparql")


def test_notes_leave_the_per_note_stage_without_prose() -> None:
    """What the cache stores and the parent unpickles is the slim note (the prose was read already)."""
    from xtd_rdf.config import Config
    from xtd_rdf.parallel import interpret

    data = b"---\ntitle: T\n---\nLong prose, nothing else, in a paragraph.\n\nMore [[Link]] here.\n"
    parsed, _facts = interpret("T.md", data, Config())
    assert [[i.kind for i in b.inlines] for b in parsed.blocks] == [["wikilink"]]
