"""Failed-login limits and idle sessions with a hand-moved clock (no server, no sleeping)."""

from __future__ import annotations

import pytest

from tutor.web.login_limits import LoginLimiter
from tutor.web.sessions import SessionTokens

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(clock: Clock, account_max: int = 3, client_max: int = 10) -> LoginLimiter:
    return LoginLimiter(
        account_max=account_max,
        client_max=client_max,
        window_s=900,
        lockout_s=60,
        lockout_max_s=600,
        clock=clock,
    )


def fail(lim: LoginLimiter, account: str, client: str = "10.0.0.1") -> list:
    assert lim.begin(account, client) == 0
    return lim.finish(account, client, success=False)


def test_account_locks_after_limit_and_backs_off():
    clock = Clock()
    lim = limiter(clock)
    assert fail(lim, "ben") == []
    assert fail(lim, "ben") == []
    assert fail(lim, "ben") == [("konto", 60, 3)]
    assert lim.begin("ben", "10.0.0.1") == 60  # refused, password not looked at
    assert lim.begin("ben", "10.0.0.2") == 60  # from any address
    assert lim.begin("anna", "10.0.0.1") == 0  # other accounts are not affected
    lim.finish("anna", "10.0.0.1", success=True)
    clock.now += 61
    for _ in range(2):
        fail(lim, "ben")
    assert fail(lim, "ben") == [("konto", 120, 3)]  # the second lockout doubles
    clock.now += 121
    for _ in range(2):
        fail(lim, "ben")
    assert fail(lim, "ben") == [("konto", 240, 3)]


def test_back_off_is_capped_and_forgotten_after_a_quiet_window():
    clock = Clock()
    lim = limiter(clock, account_max=1)
    seconds = []
    for _ in range(6):
        [(_, duration, _)] = fail(lim, "ben")
        seconds.append(duration)
        clock.now += duration + 1
    assert seconds == [60, 120, 240, 480, 600, 600]
    clock.now += 901 + 600
    assert fail(lim, "ben") == [("konto", 60, 1)]


def test_success_clears_the_account_record():
    clock = Clock()
    lim = limiter(clock)
    fail(lim, "ben")
    fail(lim, "ben")
    assert lim.begin("ben", "10.0.0.1") == 0
    lim.finish("ben", "10.0.0.1", success=True)
    assert fail(lim, "ben") == []
    assert fail(lim, "ben") == []


def test_one_address_guessing_many_accounts_is_locked():
    clock = Clock()
    lim = limiter(clock, account_max=3, client_max=5)
    locks = [fail(lim, f"name{i}", "10.6.6.6") for i in range(5)]
    assert locks[-1] == [("adresse", 60, 5)]
    assert lim.begin("name99", "10.6.6.6") == 60
    assert lim.begin("name99", "10.0.0.1") == 0  # the rest of the class keeps working


def test_parallel_attempts_cannot_slip_past_the_limit():
    clock = Clock()
    lim = limiter(clock)
    started = [lim.begin("ben", "10.0.0.1") for _ in range(5)]
    assert started[:3] == [0, 0, 0]
    assert all(wait > 0 for wait in started[3:])


def test_idle_session_ends_and_active_one_lives():
    clock = Clock()
    stamps = {"anna": "hash-1", "ben": "hash-2"}
    tokens = SessionTokens(300, stamps.get, clock=clock)
    tokens["t-anna"] = "anna"
    tokens["t-ben"] = "ben"
    for _ in range(5):  # anna keeps working every 4 minutes
        clock.now += 240
        assert tokens.get("t-anna") == "anna"
    assert tokens.get("t-ben") is None  # ben was idle for 20 minutes
    assert "t-ben" not in tokens
    assert tokens.get("nicht-da") is None
    assert tokens.get(None) is None


def test_locked_or_reset_account_ends_its_sessions():
    clock = Clock()
    stamps: dict[str, str | None] = {"anna": "hash-1", "ben": "hash-2"}
    tokens = SessionTokens(300, stamps.get, clock=clock)
    tokens["t-anna"] = "anna"
    tokens["t-ben"] = "ben"
    stamps["anna"] = "hash-neu"  # password reset
    stamps["ben"] = None  # account locked
    assert tokens.get("t-anna") is None
    assert tokens.get("t-ben") is None
    assert len(tokens) == 0


def test_new_logins_sweep_idle_tokens():
    clock = Clock()
    tokens = SessionTokens(300, lambda user: "h", clock=clock)
    for i in range(50):
        tokens[f"t{i}"] = "anna"
    clock.now += 301
    tokens["frisch"] = "anna"
    assert list(tokens) == ["frisch"]


def test_an_attempt_without_verdict_does_not_reset_the_count():
    clock = Clock()
    lim = limiter(clock)
    fail(lim, "ben")
    fail(lim, "ben")
    assert lim.begin("ben", "10.0.0.1") == 0
    lim.cancel("ben", "10.0.0.1")  # e.g. a form without password field
    assert fail(lim, "ben") == [("konto", 60, 3)]
