"""The site's rendering shortcuts write what the templates would: same escaping, same header and footer."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from browser.forum_vault import FILES, export_with
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from xtd_rdf.writers.html_escape import escape_text, replaced
from xtd_rdf.writers.site_model import DataRow, Link
from xtd_rdf.writers.site_render import data_rows, link_items, links_html

HOSTILE = "<script>alert('x')</script> & \"quoted\" <b>"


@given(st.text())
def test_escaping_a_string_gives_markupsafes_text(value: str) -> None:
    assert escape_text(value) == str(escape(value))
    assert replaced(value) == str(escape(value))


def test_every_value_of_a_data_row_is_escaped() -> None:
    rows = [
        DataRow(HOSTILE, HOSTILE, HOSTILE, Link(HOSTILE, "https://example.org/?a=1&b=<2>"), HOSTILE, HOSTILE),
        DataRow("", "schema:name", "https://schema.org/name", HOSTILE, "@fr"),
    ]
    table = lxml.html.fromstring(f"<table>{data_rows(rows)}</table>")
    assert not table.xpath("//script | //b")
    first, second = table.xpath("//tr")
    assert first.get("id") == HOSTILE
    assert [td.text_content() for td in first.xpath("td")] == [HOSTILE, HOSTILE, f"{HOSTILE} {HOSTILE}"]
    assert first.xpath("td/abbr")[0].get("title") == HOSTILE
    assert first.xpath("td/a")[0].get("href") == "https://example.org/?a=1&b=<2>"
    assert [td.text_content() for td in second.xpath("td")] == ["·", "schema:name", f"{HOSTILE} @fr"]


def test_link_lists_escape_labels_and_drop_unsafe_targets() -> None:
    links = [Link(HOSTILE, "javascript:alert(1)"), Link("B & C", "../b/index.html", "2022", missing=True)]
    items = lxml.html.fromstring(f"<ul>{link_items(links)}</ul>")
    assert not items.xpath("//script | //b")
    assert [li.text_content() for li in items.xpath("li")] == [HOSTILE, "B & C 2022"]
    assert items.xpath("li/a/@href") == ["../b/index.html"]  # javascript: is no link
    fact = lxml.html.fromstring(f"<dd>{links_html(links)}</dd>")
    assert fact.text_content() == f"{HOSTILE}, B & C 2022"


@pytest.fixture
def forum(make_vault, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    export_with(make_vault(FILES), out)
    return out


def _chrome(out: Path, relative: str) -> tuple[list[str], bool, str]:
    page = lxml.html.fromstring((out / relative).read_bytes())
    menu = page.xpath("//nav[@class='menu']//a/@href")
    return menu, bool(page.xpath("//form[@class='head-search']")), page.xpath("//footer//a/@href")[-1]


def test_header_and_footer_made_once_per_kind_of_page_lead_from_each_page_to_the_root(forum: Path) -> None:
    kinds = ("notes", "persons", "organizations", "events", "places", "tags")
    menu = [f"{kind}/index.html" for kind in kinds]
    assert _chrome(forum, "index.html") == (menu, False, "feed.xml")  # the index is the search
    for relative, root in (("persons/index.html", "../"), ("persons/elisabeth-gravil/index.html", "../../")):
        assert _chrome(forum, relative) == ([root + href for href in menu], True, root + "feed.xml")
