"""Document roles as data (corpus/rollen.toml): the guide is found by name or by its checklist,
never by a file name in the code; a broken roles file gets a German message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutor.checklist.guide import guide_path, load_checklist
from tutor.checklist.models import ChecklistParseError
from tutor.corpus_roles import ROLES_FILE, CorpusRolesError, document_roles
from tutor.settings import Settings

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def settings_for(corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus)


def test_the_shipped_corpus_names_its_three_documents():
    roles = document_roles(CORPUS)
    for name in (roles.kurs, roles.leitfaden, roles.seminar):
        assert name is not None
        assert (CORPUS / name).is_file()


def test_a_renamed_guide_is_found_through_the_roles_file(tmp_path):
    guide = CORPUS / str(document_roles(CORPUS).leitfaden)
    shutil.copy(guide, tmp_path / "handbuch-2026.txt")
    shutil.copy(guide, tmp_path / "alte-fassung.txt")
    (tmp_path / ROLES_FILE).write_text('leitfaden = "handbuch-2026.txt"\n', encoding="utf-8")
    assert guide_path(settings_for(tmp_path)).name == "handbuch-2026.txt"
    assert len(load_checklist(settings_for(tmp_path)).items) == 29


def test_without_roles_file_the_guide_is_recognised_by_its_checklist(tmp_path):
    roles = document_roles(CORPUS)
    shutil.copy(CORPUS / str(roles.kurs), tmp_path / "a-kurs.txt")
    shutil.copy(CORPUS / str(roles.leitfaden), tmp_path / "b-unser-leitfaden.txt")
    assert guide_path(settings_for(tmp_path)).name == "b-unser-leitfaden.txt"
    assert len(load_checklist(settings_for(tmp_path)).items) == 29


def test_no_guide_at_all_says_so_in_german(tmp_path):
    (tmp_path / "notizen.txt").write_text("Nur Notizen.\n", encoding="utf-8")
    with pytest.raises(ChecklistParseError, match="Leitfaden mit der Checkliste wurde nicht"):
        load_checklist(settings_for(tmp_path))


def test_a_malformed_roles_file_is_named_in_the_message(tmp_path):
    (tmp_path / ROLES_FILE).write_text('leitfadn = "x.txt"\n', encoding="utf-8")
    with pytest.raises(CorpusRolesError, match=r"rollen\.toml ist fehlerhaft"):
        document_roles(tmp_path)
    with pytest.raises(ChecklistParseError, match="„leitfaden“"):
        load_checklist(settings_for(tmp_path))
