"""Test hygiene: every test module carries the marker of its folder, so ``-m unit`` selects
exactly ``tests/unit`` (and the same for ``integration`` and ``e2e``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parents[1]
FOLDERS = ("unit", "integration", "e2e")


def module_markers(path: Path) -> set[str]:
    """Marker names in the module's ``pytestmark`` (one mark or a list of them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            return {
                sub.attr
                for sub in ast.walk(node.value)
                if isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Attribute)
                and sub.value.attr == "mark"
            }
    return set()


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_module_is_marked_for_its_folder(folder):
    wrong = {
        path.name: sorted(module_markers(path) & set(FOLDERS))
        for path in sorted((TESTS / folder).glob("test_*.py"))
        if module_markers(path) & set(FOLDERS) != {folder}
    }
    assert not wrong, f"Marker passt nicht zum Ordner tests/{folder}: {wrong}"
