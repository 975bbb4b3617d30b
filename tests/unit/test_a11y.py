"""The accessibility layer without a browser: theme contrasts (WCAG 2.1 AA) and the head
script's configuration. The browser tests are tests/e2e/test_accessibility.py and
tests/e2e/test_keyboard.py."""

from __future__ import annotations

import json
import re

import pytest

from tutor.web import a11y

pytestmark = pytest.mark.unit


def resolve(theme, name: str) -> str:
    """A theme variable's colour, following Gradio's ``*other_variable`` references."""
    value = getattr(theme, name)
    while isinstance(value, str) and value.startswith("*"):
        value = getattr(theme, value[1:])
    return {"white": "#ffffff", "black": "#000000"}.get(value, value)


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# (foreground, background, minimum): text 4.5:1, input borders (non-text) 3:1
PAIRS = [
    ("button_primary_text_color", "button_primary_background_fill", 4.5),
    ("button_primary_text_color", "button_primary_background_fill_hover", 4.5),
    ("button_primary_text_color_dark", "button_primary_background_fill_dark", 4.5),
    ("button_cancel_text_color", "button_cancel_background_fill", 4.5),
    ("button_cancel_text_color_dark", "button_cancel_background_fill_dark", 4.5),
    ("color_accent", "background_fill_primary", 4.5),  # selected tab
    ("body_text_color_subdued", "background_fill_primary", 4.5),  # info texts, slider ends
    ("body_text_color_subdued_dark", "background_fill_primary_dark", 4.5),
    ("input_placeholder_color", "input_background_fill", 4.5),
    ("input_placeholder_color_dark", "input_background_fill_dark", 4.5),
    ("input_border_color", "background_fill_primary", 3.0),
    ("input_border_color_dark", "block_background_fill_dark", 3.0),
    ("link_text_color", "background_fill_primary", 4.5),
]


@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_theme_colours_meet_wcag_aa_contrast(fg, bg, minimum):
    theme = a11y.theme()
    ratio = contrast(resolve(theme, fg), resolve(theme, bg))
    assert ratio >= minimum, f"{fg} auf {bg}: {ratio:.2f}:1 < {minimum}:1"


def test_gradio_default_theme_fails_where_ours_passes():
    """The check above can fail: Gradio's default orange button is 2.8:1."""
    import gradio as gr

    default = gr.themes.Default()
    white = resolve(default, "button_primary_text_color")
    assert contrast(white, resolve(default, "button_primary_background_fill")) < 4.5


def test_head_script_carries_german_configuration():
    head = a11y.head()
    match = re.search(r"window\.__kiTutorA11yConfig = (\{.*?\});\n", head)
    assert match
    assert head.startswith("<script>")
    assert head.endswith("</script>")
    config = json.loads(match.group(1))
    assert config["lang"] == "de"
    assert config["labels"]["More tabs"] == "Weitere Reiter"
    assert all(v.strip() and v != k for k, v in config["labels"].items())
    assert all(start.endswith(" ") and new.endswith(" ") for start, new in config["prefixes"])
    assert config["regionId"] == a11y.LIVE_REGION_ID
    assert "quiz-rueckmeldung" in config["announce"]
    assert "</script" not in head[len("<script>") : -len("</script>")]
