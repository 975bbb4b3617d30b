"""Accessibility of the web app (WCAG 2.1 AA, as BITV 2.0 requires): theme, CSS, head script.

Gradio renders the markup; what its components do not expose as arguments is fixed here, in
one place, and wired in by :func:`tutor.web.server.serve` (``launch(theme=, css=, head=)``):

- :func:`theme` — text contrast of at least 4.5:1 (primary and stop buttons, the selected tab,
  info and secondary text, placeholders) and 3:1 for input borders, light and dark mode;
- :data:`CSS` — a visible focus ring on every control, the hidden live region;
- :func:`head` — ``a11y.js`` with its configuration: ``lang="de"`` and German locale for
  Gradio's own strings, German names for Gradio's remaining English labels
  (``prompts/barrierefreiheit.toml``), one live region that reads new chat/checklist messages
  and status outputs once they are complete, and Enter in choice controls submits.

See docs/BARRIEREFREIHEIT.md for what was checked and the known limits.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

import gradio as gr

from tutor.prompts import load, render

LANG = "de"
ChatButton = Literal["share", "copy", "copy_all"] | gr.Button
# Id of the live region the head script adds to the page (tests read it).
LIVE_REGION_ID = "a11y-ansage"
# Output blocks (elem_id) whose new text is read out; chatbots are found without a list.
ANNOUNCED_OUTPUTS: tuple[str, ...] = (
    "quiz-frage",
    "quiz-rueckmeldung",
    "quiz-ergebnis",
    "check-angebot",
    "check-resultat",
    "trainer-status",
    "trainer-export-meldung",
    "ingest-ergebnis",
)
# Single-line fields without a submit event of their own: Enter presses this button.
ENTER_BUTTONS: dict[str, str] = {
    "trainer-seed": "trainer-erzeugen",
    "trainer-antwort": "trainer-speichern",
    "trainer-format": "trainer-exportieren",
}
SETTLE_MS = 700  # a message counts as complete after this long without change
POLL_MS = 250

# Focus colour: blue-700, 6.7:1 on white and clearly different from the orange accent.
FOCUS = "#1d4ed8"
FOCUS_DARK = "#93c5fd"  # blue-300 on the dark background

CSS = f"""
:root {{ --a11y-fokus: {FOCUS}; }}
.dark {{ --a11y-fokus: {FOCUS_DARK}; --color-accent: var(--primary-500); }}
.gradio-container :is(button, a, input, textarea, select, summary, [tabindex]):focus-visible,
.gradio-container [role="tab"]:focus-visible {{
    outline: 3px solid var(--a11y-fokus) !important;
    outline-offset: 2px !important;
    transition: none !important; /* the ring is there at once, not faded in */
}}
/* the tab bar clips what lies outside a tab: draw the ring inside it */
.gradio-container [role="tab"]:focus-visible {{ outline-offset: -3px !important; }}
.a11y-nur-screenreader {{
    position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}}
"""


def chat_buttons() -> list[ChatButton]:
    """Chatbot toolbar: copy buttons only. Gradio's default "share" button uploads to Hugging
    Face Spaces (useless offline, and it has no accessible name)."""
    return ["copy", "copy_all"]


def theme() -> gr.themes.Base:
    """Gradio's default look (orange accent) with contrasts that meet WCAG 2.1 AA.

    Ratios on white: orange-700 4.9:1 under white text, red-700 6.5:1, zinc-600 7.7:1 (info
    and secondary text), zinc-500 4.8:1 (placeholders, input borders: 3:1 needed).
    """
    return gr.themes.Default().set(
        color_accent="*primary_700",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_dark="*primary_700",
        button_primary_background_fill_hover_dark="*primary_800",
        button_cancel_background_fill=gr.themes.colors.red.c700,
        button_cancel_background_fill_hover=gr.themes.colors.red.c800,
        button_cancel_background_fill_dark=gr.themes.colors.red.c700,
        body_text_color_subdued="*neutral_600",
        body_text_color_subdued_dark="*neutral_400",
        input_placeholder_color="*neutral_500",
        input_placeholder_color_dark="*neutral_400",
        input_border_color="*neutral_500",
        input_border_color_dark="*neutral_400",
        checkbox_border_color="*neutral_500",
        checkbox_border_color_dark="*neutral_400",
        link_text_color="*secondary_700",
        link_text_color_visited="*secondary_800",
    )


@cache
def _config() -> dict[str, object]:
    """The head script's configuration (German texts from prompts/barrierefreiheit.toml)."""
    texts = load("barrierefreiheit")
    return {
        "lang": LANG,
        "labels": dict(texts["beschriftung"]),
        # longest start first, so that a more specific start wins
        "prefixes": sorted(texts["anfang"].items(), key=lambda kv: -len(kv[0])),
        "regionId": LIVE_REGION_ID,
        "regionLabel": render("barrierefreiheit", "ansage.region"),
        "scrollLabel": render("barrierefreiheit", "ansage.bildlauf"),
        "announce": list(ANNOUNCED_OUTPUTS),
        "enter": ENTER_BUTTONS,
        "settleMs": SETTLE_MS,
        "pollMs": POLL_MS,
    }


def head() -> str:
    """The ``<script>`` for ``launch(head=...)``: configuration, then ``a11y.js``."""
    script = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")
    # "</" must not appear inside an inline script; JSON allows escaping it.
    config = json.dumps(_config(), ensure_ascii=False).replace("</", "<\\/")
    return f"<script>window.__kiTutorA11yConfig = {config};\n{script}</script>"
