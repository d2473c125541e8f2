"""Pages of every kind, from a small vault whose people and events are stated by hand."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from browser.forum_vault import BASE, FILES, FORUM, SPEAKER, TALK, export_with
from browser.pages import all_pages, crawl, embedded_graph, jsonld_graph
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from xtd_rdf.facts import NoteFacts, PersonMention, QuoteFact


@pytest.fixture
def forum(make_vault, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    export_with(make_vault(FILES), out)
    return out


def _page(out: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / relative / "index.html").read_bytes())


def _section(page: lxml.html.HtmlElement, heading: str) -> list[str]:
    for section in page.iter("section"):
        h2 = section.find("h2")
        if h2 is not None and (h2.text or "").strip() == heading:
            return [a.text_content() for a in section.iter("a")]
    return []


def _facts(page: lxml.html.HtmlElement) -> dict[str, str]:
    return {
        div.find("dt").text_content(): " ".join(div.find("dd").text_content().split())
        for div in page.find_class("facts")[0]
    }


def test_person_page_lists_roles_affiliations_talks_quotations_and_notes(forum: Path) -> None:
    page = _page(forum, "persons/elisabeth-gravil")
    facts = _facts(page)
    assert facts["Fonction"] == "Dirigeante"
    assert facts["Rôles"] == "intervenant·e, cité·e"
    assert facts["Affiliations"] == "Museovation"
    assert _section(page, "Interventions") == [FORUM, TALK]
    assert _section(page, "Notes qui en parlent") == ["Elisabeth Gravil - phygital", "Forum 2022"]
    (quote,) = page.find_class("quote")
    assert "injonction post-Covid" in quote.find("blockquote").text_content()
    assert (
        quote.find(".//figcaption/a[2]").get("href")
        == "../../notes/elisabeth-gravil-phygital/index.html#quote-1"
    )


def test_a_role_stated_in_a_note_shows_on_the_person_page(forum: Path) -> None:
    assert _facts(_page(forum, "persons/zelda-chauvet"))["Rôles"] == "modération"


def test_event_page_shows_date_place_organisers_speakers_and_talks(forum: Path) -> None:
    page = _page(forum, "events/forum-museumxtd-2022")
    facts = _facts(page)
    assert facts["Date"] == "12 octobre 2022 – 13 octobre 2022"
    assert facts["Lieu"] == "HEIG-VD, Yverdon-les-Bains"
    assert _section(page, "Organisation") == ["Musées de Pully"]
    assert _section(page, "Intervenant·e·s") == [SPEAKER]
    assert _section(page, "Interventions") == [TALK]
    talk = _page(forum, "events/vers-une-organisation-phygitale")
    assert _facts(talk)["Fait partie de"] == FORUM


def test_organisation_page_lists_its_people_events_and_notes(forum: Path) -> None:
    museovation = _page(forum, "organizations/museovation")
    assert _section(museovation, "Personnes") == [SPEAKER]
    assert _facts(museovation)["Pays"] == "FR"
    pully = _page(forum, "organizations/musees-de-pully")
    assert _section(pully, "Événements") == [FORUM]
    assert _section(pully, "Notes qui en parlent") == ["Forum 2022"]


def test_tag_page_lists_its_notes_and_narrower_tags(forum: Path) -> None:
    page = _page(forum, "tags/forum")
    assert _section(page, "Tags plus précis") == ["forum/programme"]
    assert _section(page, "Notes") == ["Forum 2022", "Programme J1"]


def test_note_page_has_breadcrumbs_from_navigation_parents_backlinks_and_a_missing_link(forum: Path) -> None:
    page = _page(forum, "notes/programme-j1")
    crumbs = [li.text_content().strip() for li in page.find(".//nav[@class='crumbs wrap']/ol")]
    assert crumbs == ["Accueil", "MuseumXTD", "Forum 2022", "Programme J1"]
    assert _section(page, "Apparaît dans") == ["Forum 2022", "index"]
    forum_note = _page(forum, "notes/forum-2022")
    assert _facts(forum_note)["Sujet"] == FORUM
    assert _facts(forum_note)["Tags"] == "forum"
    (missing,) = forum_note.find_class("prose")[0].find_class("missing")
    assert missing.text_content() == "Note fantôme"
    assert page.get("lang") == "fr" and page.find(".//main") is not None


def test_pages_are_byte_identical_from_run_to_run(make_vault, forum: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    export_with(make_vault(FILES), again)
    pages = sorted(p.relative_to(forum) for p in forum.rglob("*.html"))
    assert pages == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    assert all((forum / p).read_bytes() == (again / p).read_bytes() for p in pages)


def test_every_page_is_reached_and_every_link_resolves(forum: Path) -> None:
    reached, broken, _ = crawl(forum)
    assert broken == [] and all_pages(forum) == reached


def test_embedded_json_ld_describes_the_page_iri_and_equals_the_resource_file(forum: Path) -> None:
    pages = sorted(forum.glob("*/*.jsonld"))
    assert len(pages) == 14  # 5 notes (one missing), 2 events, 2 persons, 2 organisations, 1 place, 2 tags
    for jsonld in pages:
        relative = jsonld.relative_to(forum).with_suffix("").as_posix()
        html = (forum / relative / "index.html").read_text(encoding="utf-8")
        graph = embedded_graph(html, BASE + relative + "/")
        assert (URIRef(BASE + relative), None, None) in graph
        assert isomorphic(graph, jsonld_graph(jsonld.read_text(encoding="utf-8")))


def test_every_page_but_the_listings_embeds_the_graph_of_its_own_iri(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = export_with(make_vault(FILES), out)
    listings = {f"{k}/index.html" for k in ("notes", "persons", "organizations", "events", "places")}
    for page in sorted(all_pages(out) - listings):
        iri = BASE + page.removesuffix("index.html").rstrip("/")
        iri = iri if iri != BASE.rstrip("/") else BASE
        graph = embedded_graph((out / page).read_text(encoding="utf-8"), iri)
        expected = Graph()
        for triple in built.by_document[iri]:
            expected.add(triple)
        assert isomorphic(graph, expected), page
    for page in listings:
        assert "application/ld+json" not in (out / page).read_text(encoding="utf-8")


HOSTILE = {
    "Evil.md": """---
title: "</script><script>alert('title')</script>"
---
Intro <script>alert('inline')</script> text.

<img src="https://x.org/a.png" onerror="alert('img')">

[click](javascript:alert('md')) and <a href="javascript:alert('raw')">raw</a>
and <a href="data:text/html;base64,PHNjcmlwdD4=">data</a>

<iframe src="https://evil.example/frame"></iframe>

> « </script><script>alert('quote')</script> <!-- » dit Mallory
""",
}


def _hostile_facts(path: str) -> NoteFacts:
    mallory = PersonMention("Mallory <img src=x onerror=alert('name')>", 12)
    quote = QuoteFact("</script><script>alert('quote')</script> <!--", 12, speaker=mallory)
    return NoteFacts("fr", people=(mallory,), quotes=(quote,))


def _assert_inert(page: lxml.html.HtmlElement) -> None:
    for script in page.iter("script"):
        assert script.get("type") in ("application/ld+json", "application/json") or (
            script.get("src") or ""
        ).endswith("assets/search.js")
        if script.get("type"):
            json.loads(script.text)  # the data did not break out of its element
    for element in page.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src", "action"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), value
    for frame in page.iter("iframe"):
        assert frame.get("sandbox")


def test_hostile_note_produces_pages_with_nothing_active(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_with(make_vault(HOSTILE), out, _hostile_facts)
    note = _page(out, "notes/evil")
    _assert_inert(note)
    (ld,) = [s for s in note.iter("script") if s.get("type") == "application/ld+json"]
    data = json.dumps(json.loads(ld.text), ensure_ascii=False)
    assert "</script><script>alert('quote')</script> <!--" in data
    assert "<" not in ld.text  # escaped, so the HTML parser never saw a tag
    assert note.find_class("quote")[0].find("blockquote").text_content().startswith("</script>")
    (person,) = [p for p in (out / "persons").iterdir() if p.is_dir()]
    _assert_inert(_page(out, f"persons/{person.name}"))
    _assert_inert(lxml.html.fromstring((out / "index.html").read_bytes()))
    text = (out / "notes/evil/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text


def test_a_page_carries_its_own_language_and_the_site_chrome_keeps_the_site_language(
    make_vault, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export_with(make_vault({"Talk.md": "An English summary of a talk given at the forum.\n"}), out, _english)
    page = _page(out, "notes/talk")
    assert page.get("lang") == "en"
    assert page.find(".//header[@class='site-head']").get("lang") == "fr"
    assert _page(out, "notes").get("lang") == "fr"


def _english(path: str) -> NoteFacts:
    return NoteFacts("en")
