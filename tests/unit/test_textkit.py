"""The shared toolkit (ingest/textkit): atomic file writing and the sentence splitter."""

from __future__ import annotations

import stat

import pytest

from ingest.textkit import (
    fold_for_grading,
    fold_for_matching,
    fold_for_search,
    split_sentences,
    stem,
    write_atomic,
)

pytestmark = pytest.mark.unit


def test_text_is_written_as_utf8_and_replaces_the_old_file(tmp_path):
    target = tmp_path / "ordner" / "bericht.md"
    write_atomic(target, "alt")
    assert write_atomic(target, "Größe: 5 Mitarbeitende") == target
    assert target.read_text(encoding="utf-8") == "Größe: 5 Mitarbeitende"
    assert [p.name for p in target.parent.iterdir()] == ["bericht.md"]


def test_private_files_are_readable_by_their_owner_only(tmp_path):
    target = write_atomic(tmp_path / "logins.toml", b"x", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    shared = write_atomic(tmp_path / "manifest.json", "{}")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_state_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "bericht.pdf"
    target.mkdir()  # a folder where the file should go: os.replace fails
    with pytest.raises(IsADirectoryError):
        write_atomic(target, b"%PDF")
    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.pdf"]


def test_sentences_split_before_capitals_quotes_and_numbers_only():
    text = "Der Kurs hat elf Module. 2023 kam Modul 11 dazu! „Pilotprojekte“ zuerst? ja."
    assert split_sentences(text) == [
        "Der Kurs hat elf Module.",
        "2023 kam Modul 11 dazu!",
        "„Pilotprojekte“ zuerst? ja.",
    ]
    assert split_sentences("  ") == []


def test_cited_answers_keep_markers_and_do_not_split_at_abbreviations_or_numbers():
    text = "Nutzen Sie z. B. Sensoren. [2] Schritt 1. Dann 3 Tests! [1, 3] Fertig."
    assert split_sentences(text, cited=True) == [
        "Nutzen Sie z. B. Sensoren. [2]",
        "Schritt 1. Dann 3 Tests! [1, 3]",
        "Fertig.",
    ]
    # the plain splitter (source text) keeps abbreviations whole but ends a sentence after a
    # number ("im Jahr 2023.")
    assert split_sentences(text)[:1] == ["Nutzen Sie z. B. Sensoren. [2] Schritt 1."]
    assert split_sentences(
        "Das war im Jahr 2023. Danach, d. h. ab 2024, lief es. Vgl. Modul 3."
    ) == [
        "Das war im Jahr 2023.",
        "Danach, d. h. ab 2024, lief es.",
        "Vgl. Modul 3.",
    ]


def test_each_folding_keeps_what_its_purpose_needs():
    # search keeps umlauts for the stemmer; rules drop the dots; grading spells them out
    assert fold_for_search("Müller’s MASSNAHME") == "müller’s massnahme"
    assert fold_for_matching("Müller’s Maßnahme ﬁnal") == "muller's massnahme final"
    assert fold_for_grading("Müller Maß") == "mueller mass"
    assert stem("maßnahmen") == stem("maßnahme")
