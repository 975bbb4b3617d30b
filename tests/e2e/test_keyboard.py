"""Keyboard only, in a real browser: ask, answer a quiz item and a checklist question, generate
a question set, with nothing but Tab, Shift+Tab, Space, typing and Enter; every stop shows a
visible focus ring and the Tab order follows the reading order of each tab.

New messages must reach the live region screen readers read (tutor/web/a11y.js).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.a11y_helpers import (
    WIDTHS,
    announcement,
    open_app,
    open_tab,
    tab_names,
    wait_for_announcement,
)
from tutor.prompts import render

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
Focus = dict[str, Any]

# What the focused element is and how it looks: block id (Gradio elem_id), role, name,
# position, and whether a focus indicator of at least 2 px is drawn on a visible element.
DESCRIBE = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const block = el.closest("[id]:not([id=''])");
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    let shown = r.width > 0 && r.height > 0 && s.visibility !== "hidden";
    for (let a = el; a && shown; a = a.parentElement) {
        if (parseFloat(getComputedStyle(a).opacity) < 0.5) shown = false;
    }
    const clear = s.outlineColor === "transparent" || /rgba\(.*,\s*0\)$/.test(s.outlineColor);
    const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 && !clear;
    return {
        block: block ? block.id : "",
        tag: el.tagName.toLowerCase(),
        type: el.type || "",
        role: el.getAttribute("role") || "",
        name: (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().slice(0, 60),
        panel: !!el.closest('[role="tabpanel"]'),
        top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
        visible_focus: shown && ring,
    };
}"""


def focus(page) -> Focus | None:
    return page.evaluate(DESCRIBE)


def tab_to(page, wanted: Callable[[Focus], bool], back: bool = False, limit: int = 120) -> Focus:
    """Press Tab (Shift+Tab with ``back``) until the focused element is ``wanted``; every stop
    on the way must show its focus."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        here = focus(page)
        if here is None:
            continue
        assert here["visible_focus"], f"Fokus nicht sichtbar: {here}"
        if wanted(here):
            return here
    raise AssertionError(f"Mit {key} nicht erreicht (zuletzt: {focus(page)})")


def is_tab(name: str) -> Callable[[Focus], bool]:
    return lambda f: f["role"] == "tab" and f["name"] == name


def is_button(name: str) -> Callable[[Focus], bool]:
    return lambda f: f["tag"] == "button" and f["name"] == name


def in_block(block: str) -> Callable[[Focus], bool]:
    return lambda f: f["block"] == block and f["tag"] in ("input", "textarea")


def choose_tab(page, name: str) -> None:
    """Back to the tab list with Shift+Tab, then Enter on the tab."""
    tab_to(page, is_tab(name), back=True)
    page.keyboard.press("Enter")
    page.locator(f"[role=tab][aria-selected=true]:text-is('{name}')").wait_for()


@pytest.fixture
def page(browser, server):
    context, page = open_app(browser, server, 1280)
    yield page
    context.close()


def test_ask_quiz_and_checklist_with_the_keyboard_only(page):
    fragen, quiz, check, _, trainer, _, _ = tab_names()
    # Ask: Tab to the question box, type, Enter; the answer is read out.
    tab_to(page, in_block("frage"))
    before = announcement(page)
    page.keyboard.type("Was versteht man unter Predictive Maintenance?")
    page.keyboard.press("Enter")
    said = wait_for_announcement(page, before)
    assert "Predictive Maintenance" in said
    assert said[:40] in " ".join(page.locator("#chat").inner_text().split())

    # Quiz: start it, choose with Space, check with Enter.
    choose_tab(page, quiz)
    tab_to(page, is_button(render("ui_quiz", "quiz.starten")))
    before = announcement(page)
    page.keyboard.press("Enter")
    assert "Frage 1 von" in wait_for_announcement(page, before)
    field = tab_to(page, lambda f: f["type"] == "radio" or in_block("quiz-eingabe")(f))
    if field["type"] == "radio":
        page.keyboard.press("Space")
    else:
        page.keyboard.type("Daten")
    before = announcement(page)
    page.keyboard.press("Enter")
    said = wait_for_announcement(page, before)
    assert "Richtig!" in said or "Leider falsch" in said
    assert page.get_by_role("button", name=render("ui_quiz", "quiz.weiter")).is_visible()

    # Checklist: type an answer + Enter, then the "Nein" button with Enter.
    choose_tab(page, check)
    tab_to(page, in_block("check-antwort"))
    before = announcement(page)
    page.keyboard.type("ja, haben wir")
    page.keyboard.press("Enter")
    assert "Frage 2 von 29" in wait_for_announcement(page, before)
    tab_to(page, is_button(render("ui", "check.nein")))
    before = announcement(page)
    page.keyboard.press("Enter")
    assert "Frage 3 von 29" in wait_for_announcement(page, before)

    # Trainer: Enter in the seed field generates the set.
    choose_tab(page, trainer)
    tab_to(page, in_block("trainer-seed"))
    before = announcement(page)
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    assert "Seed 7" in wait_for_announcement(page, before)


def backwards(prev: Focus, nxt: Focus) -> bool:
    """Whether the next stop goes against the reading order: above the previous one without
    being a column to its right, or to its left on the same line."""
    above = nxt["bottom"] <= prev["top"] + 2
    same_line = not above and nxt["top"] < prev["bottom"] - 2
    if above:
        return nxt["left"] < prev["right"] - 2
    return same_line and nxt["right"] <= prev["left"] + 2


@pytest.mark.parametrize("width", list(WIDTHS))
def test_tab_order_follows_reading_order_with_visible_focus(browser, server, width):
    context, page = open_app(browser, server, width)
    try:
        problems: list[str] = []
        for name in tab_names():
            open_tab(page, name)
            page.get_by_role("tab", name=name, exact=True).focus()
            stops: list[Focus] = []
            for _ in range(80):
                page.keyboard.press("Tab")
                here = focus(page)
                if here is None or (stops and not here["panel"]):
                    break  # left the tab's panel
                if not here["panel"]:
                    continue  # still in the tab list
                if not here["visible_focus"]:
                    problems.append(f"{name}, {width} px: Fokus nicht sichtbar auf {here}")
                if stops and backwards(stops[-1], here):
                    problems.append(
                        f"{name}, {width} px: {here['name'] or here['block']!r} nach "
                        f"{stops[-1]['name'] or stops[-1]['block']!r} gegen die Lesereihenfolge"
                    )
                stops.append(here)
            assert stops, f"Reiter „{name}“: kein Bedienelement mit Tab erreichbar"
    finally:
        context.close()
    assert not problems, "\n".join(problems)
