"""A visitor's path through the site in chromium: search a speaker, their talk, its event."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser.chromium import artifacts_folder, chromium, served
from browser.forum_vault import FILES, FORUM, SPEAKER, TALK, export_with

pytest.importorskip("playwright")
from playwright.sync_api import Page, expect


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def artifacts() -> Path:
    return artifacts_folder()


@pytest.fixture
def site_url(make_vault, tmp_path: Path):
    out = tmp_path / "out"
    export_with(make_vault(FILES), out)
    with served(out) as url:
        yield url


def _local_only(context, base: str) -> None:
    """No request leaves 127.0.0.1 (the talk's video frame would try)."""
    context.route(re.compile(r"^(?!" + re.escape(base) + ").*"), lambda route: route.abort())


def _walk(page: Page, base: str, shots: Path, width: str) -> None:
    page.goto(base + "index.html")
    page.get_by_label("Rechercher un nom ou un titre").fill("gravil")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name=SPEAKER, exact=True)).to_be_visible()
    page.screenshot(path=shots / f"{width}-1-index-search.png", full_page=True)
    results.get_by_role("link", name=SPEAKER, exact=True).click()
    expect(page).to_have_url(base + "persons/elisabeth-gravil/index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text(SPEAKER)
    page.screenshot(path=shots / f"{width}-2-person.png", full_page=True)
    page.locator("aside.related").get_by_role("link", name=TALK).click()
    expect(page).to_have_url(base + "events/vers-une-organisation-phygitale/index.html")
    page.screenshot(path=shots / f"{width}-3-talk.png", full_page=True)
    page.locator("dl.facts").get_by_role("link", name=FORUM).click()
    expect(page).to_have_url(base + "events/forum-museumxtd-2022/index.html")
    expect(page.locator("dl.facts")).to_contain_text("12 octobre 2022")
    page.screenshot(path=shots / f"{width}-4-event.png", full_page=True)


@pytest.mark.parametrize(
    ("width", "viewport"),
    [("desktop", {"width": 1280, "height": 800}), ("phone", {"width": 390, "height": 844})],
)
def test_index_search_person_talk_event(
    browser, site_url: str, artifacts: Path, width: str, viewport
) -> None:
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    _local_only(context, site_url)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _walk(page, site_url, artifacts, width)
    context.close()
    assert errors == []


def test_the_site_works_with_javascript_off(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    _local_only(context, site_url)
    page = context.new_page()
    page.goto(site_url + "index.html")
    expect(page.locator("#search")).to_be_hidden()
    page.locator("main").get_by_role("link", name=re.compile("^Personnes")).click()
    page.get_by_role("link", name=SPEAKER).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SPEAKER)
    context.close()


def test_keyboard_focus_is_visible(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "persons/elisabeth-gravil/index.html")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    context.close()


def test_the_folder_works_from_file_urls(browser, make_vault, tmp_path: Path) -> None:
    """Relative links and the inline search index need no server: open the folder as files."""
    out = tmp_path / "out"
    export_with(make_vault(FILES), out)
    context = browser.new_context()
    _local_only(context, out.as_uri())
    page = context.new_page()
    page.goto((out / "index.html").as_uri())
    page.get_by_label("Rechercher un nom ou un titre").fill("phygitale")
    page.locator("#search-results").get_by_role("link", name=TALK).click()
    page.locator("dl.facts").get_by_role("link", name=FORUM).click()
    expect(page).to_have_url((out / "events/forum-museumxtd-2022/index.html").as_uri())
    context.close()
