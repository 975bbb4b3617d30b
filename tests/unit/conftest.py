"""Shared fixtures of the checklist unit tests: the real guide's checklist, the real rule
interpreter, and fake answerer/actions (a module's own fixture of the same name wins)."""

from __future__ import annotations

import pytest

from tests.checklist_helpers import FakeActions, FakeAnswerer
from tests.conftest import CORPUS
from tutor.checklist.conversation import ChecklistConversation
from tutor.checklist.interpret import AnswerInterpreter
from tutor.checklist.models import Checklist
from tutor.checklist.parse import parse_checklist

GUIDE = CORPUS / "leitfaden-ki-integration-kmu.txt"


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return parse_checklist(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture
def answerer() -> FakeAnswerer:
    return FakeAnswerer()


@pytest.fixture
def actions() -> FakeActions:
    return FakeActions()


@pytest.fixture
def conv(checklist, answerer, actions) -> ChecklistConversation:
    return ChecklistConversation(checklist, AnswerInterpreter(), answerer, actions)
