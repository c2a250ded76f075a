"""SCHOOLCARE_TODAY fixes today, and with a time of day also now (pictures and checks of hour-long clocks)."""
from __future__ import annotations

import datetime as dt

from schoolcare.domain import clock


def test_a_fixed_day_keeps_the_time_of_day(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28")
    assert clock.today() == dt.date(2026, 11, 28)
    assert clock.now().date() == dt.date(2026, 11, 28)


def test_a_fixed_moment_fixes_now(monkeypatch):
    monkeypatch.setenv("SCHOOLCARE_TODAY", "2026-11-28T10:00")
    assert clock.today() == dt.date(2026, 11, 28)
    assert clock.now() == dt.datetime(2026, 11, 28, 10, 0)


def test_unfixed_is_the_real_day(monkeypatch):
    monkeypatch.delenv("SCHOOLCARE_TODAY", raising=False)
    assert clock.today() == dt.date.today()
