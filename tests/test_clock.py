"""Clocks: simulated time moves only forwards; naive times are refused."""

from __future__ import annotations

import datetime as dt
import functools

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    with pytest.raises(cs.InvalidArgument, match=r"^day: DateTime\(2024, 9, 7"):
        cs.end_of_day(pendulum.datetime(2024, 9, 7), "Europe/London")  # type: ignore[arg-type]
    with pytest.raises(
        cs.InvalidArgument,
        match=r"^day: Date\(1066, 10, 14\) is not a date between the years 1900",
    ):
        cs.end_of_day(pendulum.date(1066, 10, 14), "Europe/London")


def test_the_repeated_hour_when_bst_ends_keeps_its_order() -> None:
    """01:00 GMT follows 01:59 BST on 27 October 2024, though the wall clock went back."""
    bst = pendulum.datetime(2024, 10, 27, 0, 59, tz="UTC").in_timezone("Europe/London")
    gmt = pendulum.datetime(2024, 10, 27, 1, 0, tz="UTC").in_timezone("Europe/London")
    assert gmt < bst  # Python compares same-zone datetimes by wall clock: the trap
    assert cs.instant_key(gmt) > cs.instant_key(bst)
    clock = cs.SimulatedClock(bst)
    assert clock.set(gmt) == gmt  # forward, not backwards
    with pytest.raises(cs.ClockError):
        clock.set(bst)


def test_commands_in_the_repeated_hour(active: cs.Partnership, clock: cs.SimulatedClock) -> None:
    """Commands a minute apart across the end of BST are accepted, ordered, and replay equal."""
    p = active
    clock.set(pendulum.datetime(2024, 10, 27, 0, 59, tz="UTC"))  # 01:59 BST
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    clock.advance(minutes=1)  # 01:00 GMT
    p.table(pid, by="welsh-government")
    proposed, tabled = p.events[-2:]
    assert proposed.at.utcoffset() == dt.timedelta(hours=1)
    assert tabled.at.utcoffset() == dt.timedelta(0)
    assert cs.check_invariants(p) == []
    decoded = cs.events_from_jsonl(cs.events_to_jsonl(p.events))
    assert [e.at.utcoffset() for e in decoded[-2:]] == [dt.timedelta(hours=1), dt.timedelta(0)]
    assert decoded == p.events


def test_events_an_hour_apart_in_the_repeated_hour_differ() -> None:
    """Events at 01:30 BST and 01:30 GMT are different facts, though their wall clocks match."""
    bst = pendulum.datetime(2024, 10, 27, 0, 30, tz="UTC").in_timezone("Europe/London")
    gmt = pendulum.datetime(2024, 10, 27, 1, 30, tz="UTC").in_timezone("Europe/London")
    assert cs.MemberWithdrawn(at=bst, party="gmb") != cs.MemberWithdrawn(at=gmt, party="gmb")


@pytest.mark.parametrize(
    "tz", ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
)
def test_the_system_clocks_fast_conversion_gives_the_instant_in_timezone_gives(tz: str) -> None:
    """A command reads the system clock the fast way: the same instant, fields and fold."""
    from consensus._clock import from_utc, to_instant

    start = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    for quarter in range(4 * 24 * 366):  # every quarter of an hour of a leap year
        utc = start + dt.timedelta(minutes=15 * quarter, microseconds=quarter)
        fast = from_utc(utc, tz)
        slow = to_instant(pendulum.instance(utc).in_timezone("UTC"), tz)
        assert (type(fast), fast.tzinfo, fast.fold) == (type(slow), slow.tzinfo, slow.fold)
        assert fast.isoformat() == slow.isoformat()
        assert repr(fast) == repr(slow)
        assert cs.instant_key(fast) == utc


def test_a_replaced_system_clock_is_read_the_ordinary_way(monkeypatch: pytest.MonkeyPatch) -> None:
    from consensus._clock import system_now

    assert system_now(cs.SystemClock(), "Europe/London") is not None
    monkeypatch.setattr(cs.SystemClock, "now", lambda self: pendulum.datetime(2030, 1, 1))
    assert system_now(cs.SystemClock(), "Europe/London") is None
    assert system_now(cs.SimulatedClock(pendulum.datetime(2030, 1, 1)), "UTC") is None


def test_end_of_day_is_the_same_instant_asked_twice_and_refuses_twice() -> None:
    """end_of_day remembers what it computed; a refusal is never remembered as an answer."""
    first = cs.end_of_day(pendulum.date(2024, 10, 26), "Europe/London")
    again = cs.end_of_day(dt.date(2024, 10, 26), "Europe/London")
    assert again == first
    assert again.isoformat() == "2024-10-27T00:00:00+01:00"
    assert cs.end_of_day(pendulum.date(2024, 10, 26), "UTC").isoformat() == (
        "2024-10-27T00:00:00+00:00"
    )
    for _ in range(2):
        with pytest.raises(cs.ClockError, match="end of 2024-09-07 does not exist"):
            cs.end_of_day(pendulum.date(2024, 9, 7), "America/Santiago")


def test_a_day_starts_where_the_day_before_ends() -> None:
    """start_of_day is local midnight before the day, down to the first day kept."""
    from consensus._clock import start_of_day

    assert start_of_day(pendulum.date(2024, 10, 27), "Europe/London") == cs.end_of_day(
        pendulum.date(2024, 10, 26), "Europe/London"
    )
    first = start_of_day(pendulum.date(1900, 1, 1), "Europe/London")
    assert first.isoformat() == "1900-01-01T00:00:00+00:00"
    with pytest.raises(cs.InvalidArgument, match=r"^day: Date\(1899, 12, 31\) is not a date"):
        start_of_day(pendulum.date(1899, 12, 31), "Europe/London")
    with pytest.raises(cs.InvalidArgument, match=r"^tz: "):
        start_of_day(pendulum.date(2024, 1, 1), "Mars/Olympus")


def test_the_system_clock_is_read_the_ordinary_way_near_the_edge_of_the_years(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Near the ends of the years kept, the fast path steps aside for the checked one."""
    from consensus import _clock

    for year, fast in ((1900, False), (1901, True), (2998, True), (2999, False)):
        reading = dt.datetime(year, 6, 1, tzinfo=dt.UTC)
        monkeypatch.setattr(_clock, "_utc_now", lambda reading=reading: reading)
        found = _clock.system_now(cs.SystemClock(), "Europe/London")
        assert (found is not None) is fast, year
        if found is not None:
            assert found == (_clock.from_utc(reading, "Europe/London"), reading)


def test_a_wall_time_the_clocks_skip_is_refused_not_moved(active: cs.Partnership) -> None:
    """01:30 on the morning British Summer Time begins never happens in London:
    the standard library and pendulum would each guess a different instant."""
    from zoneinfo import ZoneInfo

    from consensus._clock import to_instant
    from consensus.testing import assert_rejected

    london = ZoneInfo("Europe/London")
    for fold in (0, 1):
        skipped = dt.datetime(2025, 3, 30, 1, 30, fold=fold, tzinfo=london)
        err = assert_rejected(
            active,
            active.propose,
            cs.Resolution(title="T", text="X"),
            by="gmb",
            at=skipped,
            error=cs.ClockError,
        )
        assert "does not exist in Europe/London (the clocks go forward then)" in str(err)
    # The hour repeated in autumn exists twice; fold chooses, and is kept.
    for fold, utc in ((0, "00:30"), (1, "01:30")):
        repeated = dt.datetime(2025, 10, 26, 1, 30, fold=fold, tzinfo=london)
        instant = to_instant(repeated, "Europe/London")
        assert instant.in_timezone("UTC").strftime("%H:%M") == utc
        assert cs.instant_key(instant) == cs.instant_key(repeated)

    class Failing(dt.tzinfo):
        def utcoffset(self, _value: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

        def fromutc(self, _value: dt.datetime) -> dt.datetime:
            raise RuntimeError("no")

    with pytest.raises(cs.InvalidArgument, match="a datetime whose time zone works"):
        to_instant(dt.datetime(2025, 1, 1, tzinfo=Failing()), "Europe/London")


_ZONES = ("Europe/London", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "UTC")


@given(
    wall=st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    zone=st.sampled_from(_ZONES),
    fold=st.sampled_from((0, 1)),
)
def test_any_wall_time_is_the_instant_it_names_or_refused(
    wall: dt.datetime, zone: str, fold: int
) -> None:
    """Invariant 9's instants: a wall time in a zone is taken as exactly the
    instant the standard library gives it, or, where the clocks skip it,
    refused; never moved."""
    from zoneinfo import ZoneInfo

    from consensus._clock import to_instant

    value = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    if value.astimezone(dt.UTC).astimezone(value.tzinfo).replace(tzinfo=None) != wall:
        with pytest.raises(cs.ClockError, match=f"does not exist in {zone}"):
            to_instant(value, zone)
        return
    instant = to_instant(value, zone)
    assert cs.instant_key(instant) == cs.instant_key(value)
    assert instant.timezone_name == zone
    assert instant.replace(tzinfo=None) == wall


@given(
    steps=st.lists(st.integers(min_value=-3 * 3600, max_value=2 * 86400), min_size=1, max_size=25)
)
def test_through_the_system_clock_time_never_runs_backwards(
    charter: cs.Charter, steps: list[int]
) -> None:
    """Invariant 9 on the system clock's fast path: whatever it reads, forward
    or back, each event is stamped with its reading, times never decrease, and
    a reading earlier than the log is refused without changing anything."""
    from consensus import _clock

    start = dt.datetime(2024, 9, 2, 9, tzinfo=dt.UTC)
    readings = []
    for step in steps:
        readings.append((readings[-1] if readings else start) + dt.timedelta(seconds=step))
    p = cs.Partnership.draft(charter, clock=cs.SystemClock(), at=start)
    unsigned = [party.id for party in charter.signatories]
    real = _clock._utc_now
    try:
        for reading in readings:
            _clock._utc_now = lambda reading=reading: reading
            before = list(p.events)
            act = (
                functools.partial(p.sign, by=unsigned[0])
                if unsigned
                else functools.partial(p.propose, cs.Resolution(title="T", text="X"), by="unison")
            )
            if reading < cs.instant_key(before[-1].at):
                with pytest.raises(cs.ClockError, match="earlier than the last event"):
                    act()
                assert list(p.events) == before
                continue
            act()
            if unsigned:
                unsigned.pop(0)
            assert cs.instant_key(p.events[-1].at) == reading
            assert p.events[-1].at.timezone_name == charter.timezone
    finally:
        _clock._utc_now = real
    keys = [cs.instant_key(event.at) for event in p.events]
    assert keys == sorted(keys)
    assert cs.check_invariants(p) == []
