"""Note Markdown → page HTML: links rewritten from the parsed structure, everything else sanitised."""

from __future__ import annotations

import json

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from xtd_rdf.config import Config
from xtd_rdf.pipeline import build
from xtd_rdf.writers.html import render_note, sanitise
from xtd_rdf.writers.site_graph import SiteGraph
from xtd_rdf.writers.site_pages import Site
from xtd_rdf.writers.site_text import dumps_for_script

BASE = "https://example.org/xtd/"


def _rendered(make_vault, files: dict[str, str], name: str) -> lxml.html.HtmlElement:
    vault = make_vault(files)
    built = build(vault, Config(base=BASE))
    site = Site.of(built.dataset, SiteGraph.of(BASE, built.by_document), vault)
    item = next(n for n in built.dataset.notes if n.note.name == name)
    return lxml.html.fragment_fromstring(render_note(item, site.targets, "../../"), create_parent="div")


def test_wikilinks_become_relative_links_to_note_pages_and_missing_notes_are_marked(make_vault) -> None:
    root = _rendered(
        make_vault,
        {
            "A.md": "Voir [[Bé|le B]], [[c]] et [[Nulle part]].\n",
            "Sub/Bé.md": "B\n",
            "C.md": "C\n",
        },
        "A",
    )
    links = {a.text_content(): a.get("href") for a in root.iter("a")}
    assert links == {"le B": "../../notes/be/index.html", "c": "../../notes/c/index.html"}
    (missing,) = root.find_class("missing")
    assert missing.tag == "span" and missing.text_content() == "Nulle part"


def test_site_internal_paths_point_to_pages_and_unpublished_paths_are_not_links(make_vault) -> None:
    root = _rendered(
        make_vault,
        {
            "A.md": "[contact](/Navigation/A%20propos/#Contact), [doc](url), ![logo](/images/x.png)\n\n"
            '<img alt="plan" src="/images/plan.png">\n',
            "Navigation/A propos.md": "Qui sommes-nous\n",
        },
        "A",
    )
    assert [a.get("href") for a in root.iter("a")] == ["../../notes/a-propos/index.html"]
    assert [s.text_content() for s in root.find_class("unpublished")] == ["doc", "logo", "[image : plan]"]
    assert not list(root.iter("img"))


def test_link_text_with_markdown_characters_is_kept_as_written(make_vault) -> None:
    root = _rendered(make_vault, {"A.md": "[[B|*not* [emphasis] <b>]]\n", "B.md": "b\n"}, "A")
    (link,) = root.iter("a")
    assert link.text_content() == "*not* [emphasis] <b>"
    assert not list(link.iter("em", "b"))


def test_sanitiser_keeps_known_video_hosts_sandboxed_and_drops_other_frames() -> None:
    root = lxml.html.fragment_fromstring(
        sanitise(
            '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)"></iframe>'
            '<iframe src="https://evil.example/x"></iframe><iframe src="http://player.vimeo.com/v"></iframe>',
            "",
        ),
        create_parent="div",
    )
    (frame,) = root.iter("iframe")
    assert frame.get("src") == "https://www.youtube.com/embed/x"
    assert "allow-scripts" in frame.get("sandbox") and frame.get("onload") is None
    assert len(root.find_class("blocked")) == 2


def test_sanitiser_removes_scripts_handlers_and_dangerous_urls() -> None:
    html = sanitise(
        '<script>alert(1)</script><img src="https://x.org/a.png" onerror="alert(2)">'
        '<a href="javascript:alert(3)">j</a><a href=" JaVaScRiPt:alert(4)">k</a>'
        '<a href="data:text/html,x">d</a><svg onload="alert(5)"></svg><p style="color:red">p</p>',
        "",
    )
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not list(root.iter("script", "svg"))
    assert all(not name.startswith("on") and name != "style" for e in root.iter() for name in e.attrib)
    assert [a.get("href") for a in root.iter("a")] == [None, None, None]
    assert root.find(".//img").get("src") == "https://x.org/a.png"


def test_note_headings_sit_below_the_page_title() -> None:
    html = sanitise("<h1>A</h1><h2>B</h2><h6>A</h6>", "")
    assert html == '<h2 id="h-a">A</h2><h3 id="h-b">B</h3><h6 id="h-a-2">A</h6>'


FRAGMENTS = [
    "<script>alert(1)</script>",
    "<scr<script>ipt>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">',
    "<a href=' jav&#x09;ascript:alert(1)'>",
    '<iframe src="https://www.youtube.com/embed/x">',
    '<iframe src="//evil.example">',
    "<svg><script>x</script></svg>",
    '<object data="x.swf">',
    "</iframe>",
    "<!--",
    "-->",
    '"',
    "'",
    " onload=alert(1) ",
    "<style>*{}</style>",
    "text",
    "<p>",
    "</p>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12))
@settings(max_examples=300, deadline=None)
def test_nothing_active_survives_sanitising(pieces: list[str]) -> None:
    html = sanitise("".join(pieces), "../../")
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not list(root.iter("script", "style", "svg", "math", "object"))
    for element in root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)
        for name in ("href", "src"):
            value = (element.get(name) or "").strip().lower()
            assert not value or value.startswith(("https://", "http://", "mailto:", "#", "../../"))
        if element.tag == "iframe":
            assert element.get("sandbox") and element.get("src", "").startswith("https://www.youtube.com/")


@given(st.text())
def test_json_in_a_script_element_reads_back_the_same_and_holds_no_markup(text: str) -> None:
    escaped = str(dumps_for_script({"t": text}))
    assert json.loads(escaped) == {"t": text}
    assert "<" not in escaped and ">" not in escaped and "&" not in escaped


def test_heading_links_land_on_the_heading_or_else_on_the_note(make_vault) -> None:
    root = _rendered(
        make_vault,
        {
            "A.md": "# Lieu et accès\n\n[[#Lieu et accès]], [[B#Section deux|là]] et [[B#Nulle part]].\n",
            "B.md": "## Section deux\n\nTexte.\n",
        },
        "A",
    )
    assert root.find(".//h2").get("id") == "h-lieu-et-acces"
    assert [a.get("href") for a in root.iter("a")] == [
        "#h-lieu-et-acces",
        "../../notes/b/index.html#h-section-deux",
        "../../notes/b/index.html",
    ]


def test_ids_written_in_a_note_cannot_clash_with_the_page_and_footnotes_still_work(make_vault) -> None:
    root = _rendered(
        make_vault,
        {"A.md": '<div id="main">x</div>\n\nTexte[^1] et [rien](#).\n\n[^1]: Une note.\n'},
        "A",
    )
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert "main" not in ids and "n-main" in ids
    hrefs = [a.get("href") for a in root.iter("a")]
    assert all(h[1:] in ids for h in hrefs if h), hrefs
    assert None in hrefs  # `#` alone goes nowhere: no link
