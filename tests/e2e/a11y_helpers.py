"""Shared steps of the accessibility tests: open the app, switch tabs, read the live region.

Everything is found by role, German name (from prompts/, so wording changes follow) or the
live region's id, not by layout, so the tests survive changes to the tabs' content.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.prompts import load, render
from tutor.web.a11y import LIVE_REGION_ID

# (viewport width, height): desktop and a phone
WIDTHS = {1280: 900, 390: 844}
TIMEOUT_MS = 90_000


def tab_names() -> list[str]:
    """The seven tab titles in reading order (as the app shows them without a login)."""
    return [
        render("ui", "fragen.tab"),
        render("ui_quiz", "quiz.tab"),
        render("ui", "check.tab"),
        render("fortschritt", "tab.titel"),
        render("ui_quiz", "trainer.tab"),
        render("ui", "material.tab"),
        render("fortschritt", "trainer.titel"),
    ]


def open_app(browser, server: str, width: int, dark: bool = False):
    """A fresh context at ``width`` px (German browser, light or dark system colours); returns
    (context, page) once the app has rendered its tabs."""
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS.get(width, 900)},
        locale="de-DE",
        color_scheme="dark" if dark else "light",
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server, wait_until="domcontentloaded", timeout=120_000)
    page.get_by_role("tab").first.wait_for(timeout=120_000)
    page.get_by_label(render("ui", "fragen.eingabe")).first.wait_for(timeout=120_000)
    return context, page


def open_tab(page, name: str) -> None:
    """Select a tab by its title: in the tab list, or (narrow screens) in the overflow menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
    else:
        more = load("barrierefreiheit")["beschriftung"]["More tabs"]
        page.get_by_role("button", name=more, exact=True).click()
        page.get_by_role("button", name=name, exact=True).click()
    page.locator(f"[role=tab][aria-selected=true]:text-is('{name}')").first.wait_for(
        state="attached"
    )
    page.wait_for_timeout(500)  # Gradio renders the panel after the selection


def announcement(page) -> str:
    """Text of the live region screen readers read (empty before the first message)."""
    region = page.locator(f"#{LIVE_REGION_ID}")
    return region.text_content() or "" if region.count() else ""


def wait_for_announcement(page, before: str, timeout_ms: int = TIMEOUT_MS) -> str:
    """Wait until the live region says something new; return it."""
    page.wait_for_function(
        """([id, before]) => {
            const r = document.getElementById(id);
            const t = r ? r.textContent.trim() : "";
            return t !== "" && t !== before.trim();
        }""",
        arg=[LIVE_REGION_ID, before],
        timeout=timeout_ms,
    )
    return announcement(page)


@dataclass(frozen=True)
class Step:
    """A user action that fills a tab with content before it is audited again."""

    tab: str
    button: str  # German button name to press
    announced: bool = True  # whether the result is read out (we then wait for it)


def filling_steps() -> list[Step]:
    """One representative action per tab (the question box of "Fragen" is typed into)."""
    return [
        Step(render("ui_quiz", "quiz.tab"), render("ui_quiz", "quiz.starten")),
        Step(render("ui", "check.tab"), render("ui", "check.ja")),
        Step(render("ui", "check.tab"), render("ui", "check.ergebnis")),
        Step(render("fortschritt", "tab.titel"), render("fortschritt", "tab.aktualisieren"), False),
        Step(render("ui_quiz", "trainer.tab"), render("ui_quiz", "trainer.erzeugen")),
        Step(render("ui", "material.tab"), render("ui", "material.einlesen")),
        Step(
            render("fortschritt", "trainer.titel"),
            render("fortschritt", "trainer.aktualisieren"),
            False,
        ),
    ]


def press(page, step: Step) -> None:
    """Press the step's button (in its tab) and wait until its result is there."""
    before = announcement(page)
    page.get_by_role("button", name=step.button, exact=True).first.click()
    if step.announced:
        wait_for_announcement(page, before)
    else:
        page.wait_for_timeout(2_000)


def ask(page, question: str) -> str:
    """Type a question into the "Fragen" tab, send it with Enter; return what was read out."""
    before = announcement(page)
    box = page.get_by_label(render("ui", "fragen.eingabe")).first
    box.fill(question)
    box.press("Enter")
    return wait_for_announcement(page, before)
