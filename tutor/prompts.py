"""Prompts and user-facing German texts as validated data (``prompts/*.toml``).

Templates use ``str.format`` placeholders; :func:`render` refuses missing or unknown variables,
and retrieved text is only ever passed as a value, never spliced into a template.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


class PromptError(ValueError):
    """A template is missing, or was rendered with the wrong variables."""


@cache
def load(name: str) -> dict[str, dict[str, str]]:
    """Load ``prompts/<name>.toml`` (sections of string templates)."""
    path = PROMPTS_DIR / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"Vorlagendatei {path} fehlt oder ist fehlerhaft: {exc}") from exc
    for section, entries in data.items():
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise PromptError(f"{path}: Abschnitt [{section}] darf nur Texte enthalten.")
    return data


def placeholders(template: str) -> set[str]:
    """Names of the ``{placeholders}`` in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(name: str, key: str, **values: object) -> str:
    """Fill template ``section.entry`` of ``prompts/<name>.toml`` with exactly its variables."""
    section, _, entry = key.partition(".")
    try:
        template = load(name)[section][entry]
    except KeyError:
        raise PromptError(f"Vorlage '{key}' fehlt in prompts/{name}.toml") from None
    expected = placeholders(template)
    if expected != set(values):
        raise PromptError(f"Vorlage '{key}' erwartet {sorted(expected)}, bekommen {sorted(values)}")
    return template.format(**values)
