"""Clocks: simulated time moves only forwards; naive times are refused."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

import consensus as cs


def test_simulated_clock_moves_forward_only() -> None:
    """advance and set move forward; backwards or negative raises ClockError."""
    clock = cs.SimulatedClock(pendulum.datetime(2025, 3, 29, 12, tz="Europe/London"))
    assert clock.advance(days=1).hour == 12  # across the BST change, the local time is kept
    with pytest.raises(cs.ClockError, match="negative"):
        clock.advance(hours=-1)
    with pytest.raises(cs.ClockError, match="never runs backwards"):
        clock.set(pendulum.datetime(2025, 1, 1, tz="UTC"))
    assert clock.set(pendulum.datetime(2025, 4, 1, tz="UTC")) == pendulum.datetime(
        2025, 4, 1, tz="UTC"
    )


def test_naive_times_are_refused() -> None:
    """A naive start or instant is refused, never guessed at."""
    with pytest.raises(cs.ClockError, match="naive"):
        cs.SimulatedClock(dt.datetime(2025, 1, 1))
    clock = cs.SimulatedClock(pendulum.datetime(2025, 1, 1, tz="UTC"))
    with pytest.raises(cs.ClockError, match="naive"):
        clock.set(dt.datetime(2026, 1, 1))
    with pytest.raises(cs.InvalidArgument):
        clock.set("2026-01-01")  # type: ignore[arg-type]


def test_stdlib_aware_datetimes_are_accepted() -> None:
    """An aware stdlib datetime becomes a pendulum DateTime for the same instant."""
    clock = cs.SimulatedClock(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert isinstance(clock.now(), pendulum.DateTime)
    assert clock.now() == pendulum.datetime(2025, 1, 1, tz="UTC")


def test_system_clock_is_aware() -> None:
    """The system clock tells an aware UTC time (read once, never compared)."""
    assert cs.SystemClock().now().tzinfo is not None


def test_end_of_day_refuses_a_missing_midnight() -> None:
    """Where the clocks change at midnight, the end of the day before does not exist."""
    # Chile starts summer time at 00:00 local time on the first Sunday of September.
    with pytest.raises(cs.ClockError, match="does not exist"):
        cs.end_of_day(pendulum.date(2024, 9, 7), "America/Santiago")
    with pytest.raises(cs.InvalidArgument):
        cs.end_of_day(pendulum.datetime(2024, 9, 7), "Europe/London")  # type: ignore[arg-type]
