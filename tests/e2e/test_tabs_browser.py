"""Every tab at phone (390 px) and desktop (1280 px) width in a real browser, plus the readiness
check's result; screenshots of each go to docs/screenshots with `make screenshots`."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WIDTHS = {"390": (390, 844), "1280": (1280, 900)}
MAIN_TABS = ("Fragen", "Quiz", "KI-Readiness-Check")
# tab → (screenshot name, an element the tab shows once it is open)
TABS = {
    "Fragen": ("fragen", "#frage textarea"),
    "Quiz": ("quiz", "#quiz-start"),
    "KI-Readiness-Check": ("readiness-check", "#check-fortschritt"),
    "Mein Fortschritt": ("fortschritt", "#fortschritt :text('Kennung')"),
    "Für Trainer": ("trainer", "#trainer-erzeugen"),
    "Kursmaterial": ("kursmaterial", "#uebersicht details"),
    "Auswertung": ("auswertung", "#auswertung :text('KI-Readiness-Checks')"),
}


def open_page(browser, server, width: str):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector("#frage textarea", timeout=120_000)
    return context, page


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_tab_is_reachable_and_main_tabs_need_no_menu(browser, server, width):
    context, page = open_page(browser, server, width)
    viewport = WIDTHS[width][0]
    for name in MAIN_TABS:
        tab = page.get_by_role("tab", name=name, exact=True)
        assert tab.is_visible(), name
        box = tab.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewport, (name, box)
    overflow = page.locator(".overflow-menu")
    assert overflow.count() == 0 or not overflow.first.is_visible()  # no "⋯" menu
    for name, (shot, marker) in TABS.items():
        page.get_by_role("tab", name=name, exact=True).click()
        page.wait_for_selector(marker, state="visible", timeout=60_000)
        page.screenshot(path=str(SHOTS / f"{shot}-{width}.png"), full_page=True)
        if name == "Kursmaterial":  # the upload comes before the list of documents
            upload = page.locator("#upload").bounding_box()
            listing = page.locator("#uebersicht").bounding_box()
            assert upload is not None
            assert listing is not None
            assert upload["y"] < listing["y"]
            for entry in page.locator("#uebersicht summary").all()[:2]:  # expand course, guide
                entry.click()
            page.wait_for_selector("#uebersicht details[open] :text('Modul 11: EU AI Act')")
            listing_text = page.locator("#uebersicht").inner_text()
            assert "Bedarfsanalyse" in listing_text
            assert "Bachbauer" not in listing_text  # the author's line is no chapter
    context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_readiness_result_shows_chart_table_and_downloads_only_at_the_end(browser, server, width):
    from playwright.sync_api import expect

    context, page = open_page(browser, server, width)
    page.get_by_role("tab", name="KI-Readiness-Check", exact=True).click()
    page.wait_for_selector("#check-fortschritt :text('Frage 1 von 29')")
    for hidden in ("#check-resultat", "#check-diagramm", "#bericht-pdf", "#bericht-md"):
        expect(page.locator(hidden)).to_be_hidden()  # no empty chart or file boxes before
    box = page.locator("#check-antwort textarea")
    for answer, shown in (("ja", "Frage 2"), ("teilweise", "Frage 3"), ("ja", "Frage 4")):
        expect(box).to_have_value("")  # the box is cleared after each answer; wait for it
        box.fill(answer)
        page.locator("#check-senden").click()
        page.wait_for_selector(f"#check-fortschritt :text('{shown} von 29')")
    expect(box).to_have_value("")
    page.locator("#check-ergebnis").click()  # the "Ergebnis" button
    expect(page.locator("#check-resultat")).to_be_visible(timeout=180_000)
    box = page.locator("#check-resultat .check-ergebnis")
    expect(box).to_have_class("check-ergebnis stufe-0")  # 2 × Ja: the lowest band, red
    expect(box).to_contain_text("2 von 29 Fragen mit Ja beantwortet")
    table = page.locator("#check-diagramm table")
    expect(table.locator("caption")).to_contain_text("Anteil der Ja-Antworten je Abschnitt")
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text("Zielsetzung klären")  # guide order, not alphabetical
    expect(first_row).to_contain_text("1/2 (50 %)")
    expect(page.locator("#bericht-pdf")).to_be_visible()
    chat = page.locator("#check-chat").inner_text()
    assert "„Teilweise“ zählt im Leitfaden nicht als Ja" in chat
    page.locator("#check-diagramm").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"readiness-ergebnis-{width}.png"), full_page=True)
    context.close()
