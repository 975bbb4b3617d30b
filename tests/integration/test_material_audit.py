"""Material changes write the audit trail: upload, ingest and removal, with their results.

The real handlers over a copy of the corpus index (real embedding model, real Chroma, real
SQLite progress database, a real PDF made by the test).
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import make_settings
from tests.pdfs import text_pdf
from tutor.progress.audit import recent_changes
from tutor.web import material
from tutor.web.audit_view import audit_markdown
from tutor.web.material_changes import indexed_documents, remove_document

pytestmark = pytest.mark.integration


@pytest.fixture
def container(tmp_path, corpus_settings, embedder):
    from tutor.container import Container

    shutil.copytree(corpus_settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(corpus_settings.store_dir, tmp_path / "vectorstore")
    settings = make_settings(tmp_path / "corpus", tmp_path / "vectorstore")
    return Container(settings, embedder=embedder)


def test_upload_records_accepted_refused_and_ingest_result(container, tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    good = text_pdf(upload / "lager-ki.pdf", ["Die Lagerhaltung nutzt KI-Prognosen im Einkauf."])
    wrong = upload / "notizen.docx"
    wrong.write_bytes(b"PK")
    message = material.upload_and_ingest(container, [str(good), str(wrong)], actor="anna")
    assert "Abschnitte neu" in message

    ingest, upload_entry = recent_changes(container.progress)
    assert (upload_entry.actor, upload_entry.action, upload_entry.outcome) == (
        "anna",
        "upload",
        "teilweise",
    )
    assert upload_entry.files == ["lager-ki.pdf", "notizen.docx"]
    assert "notizen.docx" in upload_entry.detail
    assert (ingest.action, ingest.outcome, ingest.files) == ("ingest", "ok", ["lager-ki.pdf"])
    assert "Abschnitte neu" in ingest.detail


def test_a_failed_ingest_is_recorded_as_failed(container, tmp_path):
    broken = tmp_path / "kaputt.txt"
    broken.write_bytes(b"\x00\x01binary")
    material.upload_and_ingest(container, [str(broken)])  # no login: the local label
    ingest, upload = recent_changes(container.progress)
    assert upload.outcome == "ok"
    assert (ingest.outcome, ingest.files) == ("fehler", ["kaputt.txt"])
    assert "Binärdaten" in ingest.detail
    assert ingest.actor == "ohne Anmeldung (Server-Rechner)"


def test_removal_takes_the_document_out_keeps_a_copy_and_is_recorded(container):
    source = "seminararbeit-ki-herausforderungen-kmu.txt"
    assert source in indexed_documents(container)
    message = remove_document(container, source, "anna")
    assert f"{source} ist entfernt" in message
    assert source not in indexed_documents(container)
    assert not (container.settings.corpus_dir / source).exists()
    kept = list((container.settings.data_dir / "entfernt").glob(f"*_{source}"))
    assert len(kept) == 1
    [entry] = recent_changes(container.progress)
    assert (entry.actor, entry.action, entry.files, entry.outcome) == (
        "anna",
        "delete",
        [source],
        "ok",
    )
    assert "Seminararbeit" not in material.overview_html(container)
    table = audit_markdown(recent_changes(container.progress))
    assert "| anna | Entfernen |" in table


@pytest.mark.parametrize("source", ["../vectorstore/CURRENT", "gibt-es-nicht.pdf", None])
def test_unknown_or_outside_documents_are_not_touched(container, source):
    before = indexed_documents(container)
    message = remove_document(container, source, "anna")
    assert "nicht (mehr) im Index" in message or "zuerst ein Dokument" in message
    assert indexed_documents(container) == before
    assert recent_changes(container.progress) == []


def test_names_and_files_are_inert_in_the_table(container):
    from tutor.progress.audit import record_change

    record_change(container.progress, "<b>x</b>|y", "upload", ["a|b.pdf"], "ok", "<script>")
    table = audit_markdown(recent_changes(container.progress))
    assert "<b>" not in table
    assert "<script>" not in table
    assert table.count("\n") == 2  # header, separator, one row: the pipes did not split it


def test_cli_ingest_is_recorded_with_the_system_user(tmp_path, monkeypatch, corpus_settings):
    import getpass

    from tutor.cli import main
    from tutor.progress import ProgressStore
    from tutor.settings import load_settings

    corpus = tmp_path / "cli-corpus"
    corpus.mkdir()
    (corpus / "notiz.md").write_text("# Lager\nDas Lager nutzt KI-Prognosen.", encoding="utf-8")
    for key, value in {
        "TUTOR_CORPUS_DIR": corpus,
        "TUTOR_STORE_DIR": tmp_path / "cli-store",
        "TUTOR_DATA_DIR": tmp_path / "cli-data",
        "TUTOR_MODEL_CACHE_DIR": corpus_settings.model_cache_dir,
    }.items():
        monkeypatch.setenv(key, str(value))
    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)
    assert main(["ingest", "--json"]) == 0
    assert main(["ingest", "--json", str(tmp_path / "fehlt.pdf")]) != 0
    failed, done = recent_changes(ProgressStore.from_settings(load_settings()))
    assert done.actor == failed.actor == f"Kommandozeile ({getpass.getuser()})"
    assert (done.action, done.outcome, done.files) == ("ingest", "ok", ["(ganzer Korpusordner)"])
    assert (failed.outcome, failed.files) == ("fehler", [str(tmp_path / "fehlt.pdf")])
