"""Progress of a long ingest: what the CLI bar and the Kursmaterial tab show."""

from __future__ import annotations

import pytest

from ingest.progress import ProgressMeter, duration_text, german_number, progress_text

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_and_time_left_follow_the_reports():
    clock = Clock()
    meter = ProgressMeter(window_s=30, clock=clock)
    first = meter.update(0, 1000)
    assert first.rate is None  # nothing measured yet: the line says "–", not a made-up rate
    assert first.eta_s is None
    clock.now += 10
    p = meter.update(200, 1000)
    assert p.rate == pytest.approx(20.0)
    assert p.eta_s == pytest.approx(40.0)
    assert p.fraction == pytest.approx(0.2)
    assert progress_text(p) == "200 von 1\u202f000 Abschnitten · 20,0 Abschnitte/s · noch etwa 40 s"


def test_the_rate_forgets_a_slow_start_after_the_window():
    """A slow first minute (model load, busy machine) must not distort the estimate for long."""
    clock = Clock()
    meter = ProgressMeter(window_s=30, clock=clock)
    meter.update(0, 10_000)
    clock.now += 60
    done = 60
    p = meter.update(done, 10_000)  # 1 chunk/s during the first minute
    assert p.rate == pytest.approx(1.0)
    for _ in range(10):  # then 20 chunks/s for 100 s
        clock.now += 10
        done += 200
        p = meter.update(done, 10_000)
    assert p.rate == pytest.approx(20.0)
    assert p.eta_s == pytest.approx((10_000 - done) / 20.0)


def test_german_numbers_and_durations():
    assert german_number(12247, 0) == "12\u202f247"
    assert german_number(21.34) == "21,3"
    assert duration_text(None) == "–"
    assert duration_text(44.6) == "45 s"
    assert duration_text(520) == "8 min 40 s"
    assert duration_text(3900) == "1 h 05 min"


def test_nothing_to_do_counts_as_done():
    meter = ProgressMeter()
    assert meter.update(0, 0).fraction == 1.0
