"""Pseudonymous learner ids: stable, keyed, never the name itself; the key file is private."""

from __future__ import annotations

import stat

import pytest
from pydantic import SecretStr

from tests.conftest import make_settings
from tutor.progress import Pseudonymizer, is_browser_id, new_browser_id

pytestmark = pytest.mark.unit


def test_key_is_created_once_with_mode_600_and_ids_survive_a_restart(tmp_path):
    settings = make_settings(tmp_path / "corpus", tmp_path / "vectorstore")
    first = Pseudonymizer.from_settings(settings)
    key_file = settings.data_dir / "db" / "pseudonym.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    again = Pseudonymizer.from_settings(settings)  # e.g. after a restart
    assert again.for_login("anna") == first.for_login("anna")
    assert again.browser_state_secret() == first.browser_state_secret()


def test_ids_are_pseudonyms_not_names(tmp_path):
    settings = make_settings(tmp_path / "c", tmp_path / "v", pseudonym_secret=SecretStr("k" * 32))
    ids = Pseudonymizer.from_settings(settings)
    anna = ids.for_login("anna@example.org")
    assert anna.startswith("u-")
    assert "anna" not in anna
    assert len(anna) == 34
    assert ids.for_login("bert") != anna
    browser = new_browser_id()
    assert ids.for_browser(browser).startswith("a-")
    assert browser.removeprefix("anon-") not in ids.for_browser(browser)
    # the CLI accepts either form and finds the same id
    assert ids.for_learner(" anna@example.org ") == anna
    assert ids.for_learner(browser) == ids.for_browser(browser)


def test_same_secret_gives_same_ids_on_every_instance(tmp_path):
    secret = SecretStr("gemeinsamer-schluessel-fuer-alle-instanzen")
    one = Pseudonymizer.from_settings(
        make_settings(tmp_path / "a", tmp_path / "x" / "v", pseudonym_secret=secret)
    )
    two = Pseudonymizer.from_settings(
        make_settings(tmp_path / "b", tmp_path / "y" / "v", pseudonym_secret=secret)
    )
    other = Pseudonymizer.from_settings(make_settings(tmp_path / "c", tmp_path / "z" / "v"))
    assert one.for_login("anna") == two.for_login("anna") != other.for_login("anna")


@pytest.mark.parametrize(
    "value", [None, "", "anna", "anon-123", "anon-" + "g" * 32, {"id": 1}, "ANON-" + "a" * 32]
)
def test_malformed_browser_ids_are_ignored(value):
    assert not is_browser_id(value)


def test_fresh_browser_ids_are_random_and_well_formed():
    a, b = new_browser_id(), new_browser_id()
    assert a != b
    assert is_browser_id(a)
    assert is_browser_id(b)
