"""The Fragen tab in a real browser: source cards with highlights, [n] links, examples, layout."""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import open_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def ask_example(page, index: int = 0) -> None:
    """Click an example question; it is asked at once (no typing, no send button)."""
    page.locator(".beispielfrage").nth(index).click()
    page.wait_for_selector("#quellen details.quelle", timeout=60_000)
    page.wait_for_selector("#chat a.quelle-link", timeout=60_000)


def test_example_is_asked_at_once_and_markers_open_their_highlighted_card(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = open_app(context, server)
    ask_example(page)
    assert "Predictive Maintenance" in page.locator("#chat").inner_text()
    card = page.locator("#quelle-1")
    assert card.get_attribute("open") is None  # cards start collapsed
    assert page.locator("#quelle-1 mark").count() >= 1
    page.locator("#chat a.quelle-link").first.click()
    page.wait_for_function("document.getElementById('quelle-1').open === true")
    marked = page.locator("#quelle-1 mark").first
    assert marked.is_visible()
    # the highlighted text is what the answer quotes
    answer = " ".join(page.locator("#chat .bot-row").last.inner_text().split())
    assert " ".join(marked.inner_text().split())[:40] in answer
    assert len(context.pages) == 1  # the link did not open a new tab
    # desktop: the sources stand next to the answer
    chat, sources = page.locator("#chat").bounding_box(), page.locator("#quellen").bounding_box()
    assert sources["x"] >= chat["x"] + chat["width"] - 1
    assert sources["y"] < chat["y"] + chat["height"]
    context.close()


def test_on_a_phone_the_sources_follow_the_answer_and_the_toolbar_covers_nothing(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = open_app(context, server)
    ask_example(page, 1)
    page.get_by_label("Ihre Frage").fill("Fasse Modul 3 zusammen")
    page.locator("#senden").click()
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length >= 2")
    page.wait_for_selector("#quelle-5", timeout=60_000)
    chat = page.locator("#chat").bounding_box()
    sources = page.locator("#quellen").bounding_box()
    box = page.locator("#frage").bounding_box()
    assert chat["y"] + chat["height"] <= sources["y"] + 1  # directly under the chat …
    assert sources["y"] + sources["height"] <= box["y"] + 1  # … before the input box
    toolbar = page.locator("#chat .top-panel").bounding_box()
    messages = page.locator("#chat .bubble-wrap").bounding_box()
    assert toolbar is None or toolbar["y"] + toolbar["height"] <= messages["y"] + 1
    context.close()
