"""Web handlers called directly: streaming, source cards, inert HTML, upload safety."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.conftest import CORPUS, make_settings
from tutor.web import chat, material

pytestmark = pytest.mark.integration


def test_answer_streams_and_ends_with_source_cards(container):
    steps = list(chat.ask_stream(container.answers, "Was sind digitale Zwillinge?", [], None))
    assert len(steps) > 2
    history, sources = steps[-1]
    assert history[0] == {"role": "user", "content": "Was sind digitale Zwillinge?"}
    assert 'href="#quelle-1"' in history[-1]["content"]  # [1] links to its card
    assert "Quellen" in sources
    assert '<details class="quelle" id="quelle-1" data-chunk=' in sources
    assert "<mark>" in sources
    assert "Modul 5" in sources


def test_html_and_script_are_rendered_inert(container):
    message = "<script>alert(1)</script><img src=x onerror=alert(2)> Was ist KI?"
    history, _ = list(chat.ask_stream(container.answers, message, [], None))[-1]
    shown = " ".join(m["content"] for m in history)
    assert "<script>" not in shown
    assert "<img" not in shown
    assert "&lt;script&gt;" in shown


def test_module_filter_label_and_previous_questions():
    assert chat.module_from_label("Modul 11: EU AI Act") == 11
    assert chat.module_from_label("Alle Module und Dokumente") is None
    history: list[dict[str, Any]] = [
        {"role": "user", "content": [{"type": "text", "text": "Was ist Hochrisiko-KI?"}]},
        {"role": "assistant", "content": "…"},
    ]
    assert chat.previous_questions(history) == ["Was ist Hochrisiko-KI?"]


def test_bad_upload_does_not_replace_a_good_corpus_file(tmp_path, embedder):
    from ingest.pipeline import run_ingest
    from tutor.container import Container

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(corpus, tmp_path / "store")
    run_ingest(settings, embedder=embedder)
    container = Container(settings, embedder=embedder)
    original = (corpus / "seminararbeit-ki-herausforderungen-kmu.txt").read_bytes()
    broken = tmp_path / "upload" / "seminararbeit-ki-herausforderungen-kmu.txt"
    broken.parent.mkdir()
    broken.write_bytes(b"\x00\x01binary")
    wrong = tmp_path / "upload" / "notizen.docx"
    wrong.write_bytes(b"PK")
    message = material.upload_and_ingest(container, [str(broken), str(wrong)])
    assert "Binärdaten" in message
    assert "Nur .pdf, .txt und .md" in message
    assert (corpus / "seminararbeit-ki-herausforderungen-kmu.txt").read_bytes() == original
    assert not (corpus / "notizen.docx").exists()
    assert "Seminararbeit" in material.overview_html(container)


def test_upload_shows_chunks_done_rate_and_time_left(tmp_path, embedder):
    """The Kursmaterial tab's progress bar names how far the ingest is, in German."""
    from tutor.container import Container

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    container = Container(make_settings(corpus, tmp_path / "store"), embedder=embedder)
    upload = tmp_path / "upload" / "leitfaden-kopie.txt"
    upload.parent.mkdir()
    shutil.copyfile(CORPUS / "seminararbeit-ki-herausforderungen-kmu.txt", upload)
    reports: list[tuple[float, str]] = []
    message = material.upload_and_ingest(
        container, [str(upload)], progress=lambda share, text: reports.append((share, text))
    )
    assert reports, "no progress shown"
    shares = [share for share, _ in reports]
    assert shares == sorted(shares)
    assert shares[-1] == 1.0
    total = reports[-1][1].split(" von ")[1].split(" ")[0]
    assert f"{total} Abschnitte neu" in message  # the bar counts the chunks the result names
    for _, text in reports:
        assert text.startswith("Einlesen: ")
        assert f"von {total} Abschnitten" in text
        assert "Abschnitte/s · noch etwa " in text
