"""Progress of a long ingest: chunks done, chunks per second and the time left.

The pipeline reports ``(done, total)`` after every batch; :class:`ProgressMeter` turns those
calls into an :class:`IngestProgress` with a rate over the last half minute (so a slow start —
model load, a busy machine — does not distort the estimate for long) and the time left at that
rate. The CLI and the web app only format it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IngestProgress:
    """One progress report: chunks embedded so far, of how many, at what rate, time left."""

    done: int
    total: int
    elapsed_s: float
    rate: float | None  # chunks per second; None until two reports are apart in time
    eta_s: float | None  # seconds left at that rate

    @property
    def fraction(self) -> float:
        """Share done, 0…1 (1 when there is nothing to do)."""
        return self.done / self.total if self.total else 1.0


class ProgressMeter:
    """Rate and time left from ``(done, total)`` reports, over a sliding time window."""

    def __init__(self, window_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._window = window_s
        self._start = clock()
        self._samples: deque[tuple[float, int]] = deque()

    def update(self, done: int, total: int) -> IngestProgress:
        """Record a report and return the progress it means."""
        now = self._clock()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self._window:
            self._samples.popleft()  # keep one sample at or beyond the window's start
        first_t, first_done = self._samples[0]
        rate = (done - first_done) / (now - first_t) if now > first_t else None
        if rate is not None and rate <= 0:
            rate = None
        eta = (total - done) / rate if rate else None
        return IngestProgress(done, total, now - self._start, rate, eta)


def german_number(value: float, decimals: int = 1) -> str:
    """``12 247`` / ``21,3``: German digit grouping (narrow space) and decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def duration_text(seconds: float | None) -> str:
    """A rough German duration: ``45 s``, ``8 min 40 s``, ``1 h 05 min``, ``–`` if unknown."""
    if seconds is None:
        return "–"
    s = max(0, int(round(seconds)))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {(s % 3600) // 60:02d} min"


def progress_text(p: IngestProgress) -> str:
    """One German line, e.g. ``1 200 von 12 247 Abschnitten · 21,3 Abschnitte/s · noch 8 min``."""
    rate = german_number(p.rate) if p.rate else "–"
    return (
        f"{german_number(p.done, 0)} von {german_number(p.total, 0)} Abschnitten · "
        f"{rate} Abschnitte/s · noch etwa {duration_text(p.eta_s)}"
    )
