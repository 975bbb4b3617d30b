"""Faults: the PostgreSQL server stops in the middle of a session and comes back.

While it is down every write fails fast with a German message (the web hooks show it as a
note, nothing crashes); once it is back the same store object works again and everything
confirmed before the outage is still there.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import make_settings
from tests.progress_helpers import checklist_state, played
from tests.progress_pg import new_server, skip_reason
from tutor.container import Container
from tutor.progress import ProgressStore, ProgressUnavailable
from tutor.web import learner as learners
from tutor.web.progress_tab import progress_markdown
from tutor.web.quiz_play import QuizTabState

pytestmark = pytest.mark.integration

DOWN = "Die Datenbank ist nicht erreichbar"


@pytest.fixture
def own_server():
    """A PostgreSQL server this test may stop and start."""
    server = new_server()
    if server is None:
        pytest.skip(skip_reason())
    yield server
    server.remove()


def test_postgres_outage_gives_german_error_and_loses_nothing_confirmed(own_server, tmp_path):
    store = ProgressStore(own_server.create_database())
    container = Container(make_settings(tmp_path / "corpus", tmp_path / "vectorstore"))
    container.__dict__["progress"] = store  # the composition root's store, on this server
    confirmed = [store.record_quiz("u-anna", played(3, correct=n % 5)) for n in range(5)]
    store.save_checklist("u-anna", checklist_state(6))

    own_server.stop()
    started = time.perf_counter()
    with pytest.raises(ProgressUnavailable, match=DOWN):
        store.record_quiz("u-anna", played(3, correct=1))
    failed_after = time.perf_counter() - started
    tab = QuizTabState(session=played(3, correct=2), checked=True)
    note = learners.quiz_recorder(container, "u-anna")(tab)
    assert note.startswith("⚠ Ihr Ergebnis konnte nicht gespeichert werden")
    assert DOWN in note
    with pytest.raises(ProgressUnavailable, match=DOWN):
        store.save_checklist("u-anna", checklist_state(7))
    assert DOWN in progress_markdown(container, "u-anna")

    own_server.start()
    started = time.perf_counter()
    after = store.record_quiz("u-anna", played(3, correct=4))  # same store object reconnects
    recovered_after = time.perf_counter() - started

    attempts = store.attempts("u-anna")
    assert [a.id for a in attempts] == [*confirmed, after]  # nothing confirmed is lost
    saved = store.open_checklist("u-anna")
    assert saved is not None
    assert saved.answered == 6  # the write during the outage was refused, not half-done
    print(
        f"\nPG-Ausfall: {len(confirmed) + 1} bestätigte Schreibvorgänge vorher, 0 verloren; "
        f"Fehler nach {failed_after:.2f} s; erste Schreibung nach Neustart {recovered_after:.2f} s"
    )
