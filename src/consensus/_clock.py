"""Clocks and the few time helpers the governance rules need.

Every instant in ``consensus`` is a timezone-aware :class:`pendulum.DateTime`.
A :class:`Clock` is injected into a partnership so that simulations and tests
control time; production code uses :class:`SystemClock`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import zoneinfo
from collections.abc import Callable
from typing import Protocol, final, overload, runtime_checkable

import pendulum

from ._errors import ClockError, InvalidArgument, safe_repr

__all__ = ["Clock", "SimulatedClock", "SystemClock", "end_of_day", "instant_key", "to_instant"]


@overload
def instant_key(value: _dt.datetime) -> _dt.datetime: ...


@overload
def instant_key(value: None) -> None: ...


@overload
def instant_key(value: _dt.datetime | None) -> _dt.datetime | None: ...


def instant_key(value: _dt.datetime | None) -> _dt.datetime | None:
    """The instant in UTC: what to compare, sort and test equality by.

    Python compares two datetimes that share a ``tzinfo`` by their wall-clock
    times, ignoring the offset, so in the hour repeated when summer time ends
    01:30 BST and 01:30 GMT (an hour later) compare equal and 01:00 GMT sorts
    before 01:59 BST. Every comparison of instants in ``consensus`` goes
    through this key; records and events use it for their equality.

    Examples:
        >>> import pendulum
        >>> bst = pendulum.datetime(2024, 10, 27, 0, 30, tz="UTC").in_timezone("Europe/London")
        >>> gmt = pendulum.datetime(2024, 10, 27, 1, 30, tz="UTC").in_timezone("Europe/London")
        >>> bst == gmt, instant_key(bst) == instant_key(gmt)
        (True, False)
    """
    # The stdlib method (pendulum's override is several times slower); a key
    # need not be a pendulum DateTime.
    if value is None:
        return None
    if not isinstance(value, _dt.datetime):
        raise InvalidArgument("instant", value, "an aware datetime, or None")
    try:
        return _dt.datetime.astimezone(value, _dt.UTC)
    except Exception:  # naive on a host without a zone, out of range, or a failing tzinfo
        raise InvalidArgument("instant", value, "an aware datetime UTC can hold") from None


def to_instant(value: object, tz: str | None = None, *, argument: str = "at") -> pendulum.DateTime:
    """Return ``value`` as an aware :class:`pendulum.DateTime`, in ``tz`` when given.

    Naive datetimes are refused, never guessed at; any other type is refused too.

    Args:
        value: an aware :class:`datetime.datetime` (a pendulum one is also a datetime).
        tz: the IANA time zone to express the instant in, or ``None`` to keep its own.
        argument: the parameter name to mention in an error.

    Returns:
        The same instant as a pendulum ``DateTime``.

    Raises:
        ClockError: ``value`` is naive, or a wall time its zone skips (the
            hour the clocks go forward).
        InvalidArgument: ``value`` is not a datetime.

    Examples:
        >>> import pendulum
        >>> to_instant(pendulum.datetime(2025, 6, 1, 9, tz="UTC"), "Europe/London")
        DateTime(2025, 6, 1, 10, 0, 0, tzinfo=Timezone('Europe/London'))
    """
    if not isinstance(value, _dt.datetime):
        raise InvalidArgument(argument, value, "an aware datetime such as pendulum.datetime(...)")
    try:
        offset = value.utcoffset() if value.tzinfo is not None else None
    except Exception:  # a tzinfo of a caller's own that fails
        raise InvalidArgument(argument, value, "a datetime whose time zone works") from None
    if offset is None:
        raise ClockError(
            f"{argument}: {safe_repr(value)} is a naive datetime; give it a time zone, "
            "for example pendulum.datetime(2025, 6, 1, 10, tz='Europe/London')."
        )
    # Bounded in UTC, so that the same instant is accepted whatever zone it is
    # written in, live and on replay.
    # An offset is under a day, so only the first and last years need the
    # subtraction (which costs more than the rest of this function).
    inside = FIRST_YEAR < value.year < LAST_YEAR
    utc = value.replace(tzinfo=None) - offset if not inside and _in_range(value.year) else None
    if not inside and (utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR):
        raise InvalidArgument(
            argument, value, f"an instant between the years {FIRST_YEAR} and {LAST_YEAR} (UTC)"
        )
    try:
        if isinstance(value, pendulum.DateTime):
            instant = value  # pendulum settles a wall time the clocks skip when it is made
        else:
            _refuse_skipped(value, argument)
            instant = pendulum.instance(value)
        if tz is None:
            return instant
        zone = _zone(tz)
        return instant if instant.tzinfo is zone else instant.in_timezone(zone)
    except (ValueError, TypeError, OverflowError):
        raise InvalidArgument(argument, value, "an instant pendulum can represent") from None


def _refuse_skipped(value: _dt.datetime, argument: str) -> None:
    """Refuse a wall time its zone skips (inside the hour the clocks go forward).

    The standard library gives such a time an offset anyway and pendulum
    moves it by an hour, so the two disagree on the instant; a partnership
    takes neither guess. A time that exists comes back from UTC unchanged.
    """
    try:
        back = value.astimezone(_dt.UTC).astimezone(value.tzinfo)
    except Exception:  # a tzinfo of a caller's own that fails one way but not the other
        raise InvalidArgument(argument, value, "a datetime whose time zone works") from None
    if back.replace(tzinfo=None) != value.replace(tzinfo=None):
        raise ClockError(
            f"{argument}: {safe_repr(value)} does not exist in {value.tzinfo} "
            "(the clocks go forward then); give a time before or after the change."
        )


def _in_range(year: int) -> bool:
    # One year of margin each side, so subtracting an offset cannot overflow.
    return FIRST_YEAR - 1 <= year <= LAST_YEAR + 1


FIRST_YEAR = 1900
"""The earliest year an instant or date may fall in."""
LAST_YEAR = 2999
"""The latest year an instant or date may fall in: far enough for any
partnership, near enough that every due date computed from it exists."""

_NOT_IANA = frozenset({"localtime", "Factory", "posixrules"})


@functools.cache
def _iana_zones() -> frozenset[str]:
    # The host's "localtime" and the like would make deadlines depend on
    # the machine; only IANA names are accepted.
    names = {
        name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_IANA and not name.startswith(("posix/", "right/"))
    }
    return frozenset(names | {"UTC"})


def is_iana_zone(name: object) -> bool:
    """Whether ``name`` is an IANA time zone name (``"Europe/London"``, ``"UTC"``).

    Examples:
        >>> is_iana_zone("Europe/London"), is_iana_zone("localtime"), is_iana_zone("Mars/Olympus")
        (True, False, False)
    """
    return type(name) is str and name in _iana_zones()


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> pendulum.Timezone:
    return pendulum.timezone(name)


def end_of_day(day: _dt.date, tz: str) -> pendulum.DateTime:
    """Return the instant a calendar day ends in ``tz``: local midnight after it.

    A closing date means the end of that day where the partnership sits, so the
    result is the start of the next day in ``tz``, whatever its UTC offset is
    on that day (BST or GMT in ``Europe/London``).

    Args:
        day: the calendar date (a :class:`datetime.date`, not a datetime).
        tz: an IANA time zone name.

    Returns:
        The first instant of the following day in ``tz``.

    Raises:
        ClockError: local midnight does not exist in ``tz`` on that day (a DST
            change at midnight); the date must then be chosen differently.
        InvalidArgument: ``day`` is not a date.

    Examples:
        >>> import pendulum
        >>> end_of_day(pendulum.date(2025, 6, 25), "Europe/London")
        DateTime(2025, 6, 26, 0, 0, 0, tzinfo=Timezone('Europe/London'))
        >>> end_of_day(pendulum.date(2025, 6, 25), "Europe/London").in_timezone("UTC")
        DateTime(2025, 6, 25, 23, 0, 0, tzinfo=Timezone('UTC'))
    """
    _check_day(day, tz)
    return _midnight_after(day.year, day.month, day.day, tz)


def start_of_day(day: _dt.date, tz: str) -> pendulum.DateTime:
    """The instant a calendar day begins in ``tz``: local midnight before it,
    which is the end of the day before (raises as :func:`end_of_day` does)."""
    _check_day(day, tz)
    before = day - _dt.timedelta(days=1)  # a year from FIRST_YEAR on: no overflow
    return _midnight_after(before.year, before.month, before.day, tz)


def check_date(argument: str, day: object) -> None:
    """Refuse ``day`` unless it is a calendar date (not a datetime) within the
    years a partnership keeps time in, naming it ``argument``."""
    if isinstance(day, _dt.datetime) or not isinstance(day, _dt.date):
        raise InvalidArgument(argument, day, "a calendar date such as pendulum.date(2025, 6, 25)")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidArgument(
            argument, day, f"a date between the years {FIRST_YEAR} and {LAST_YEAR}"
        )


def _check_day(day: object, tz: str) -> None:
    check_date("day", day)
    if not is_iana_zone(tz):
        raise InvalidArgument("tz", tz, "an IANA time zone such as 'Europe/London'")


@functools.lru_cache(maxsize=4096)
def _midnight_after(year: int, month: int, day: int, tz: str) -> pendulum.DateTime:
    # Remembered: building an instant in a named zone costs pendulum some
    # 30 µs, and concluding a motion with a date asks for it twice (its check
    # and its effect). The instant is immutable, so it can be shared.
    following = _dt.date(year, month, day) + _dt.timedelta(days=1)
    midnight = pendulum.datetime(following.year, following.month, following.day, tz=tz)
    if (midnight.hour, midnight.minute) != (0, 0):
        raise ClockError(
            f"midnight at the end of {_dt.date(year, month, day).isoformat()} does not exist "
            f"in {tz} (the clocks change then); choose another date."
        )
    return midnight


@runtime_checkable
class Clock(Protocol):
    """Anything that tells the time: a partnership asks it for ``now()``.

    Examples:
        >>> import pendulum
        >>> isinstance(SimulatedClock(pendulum.datetime(2025, 1, 1, tz="UTC")), Clock)
        True
    """

    def now(self) -> pendulum.DateTime:
        """Return the current instant, timezone-aware."""
        ...


@final
class SystemClock:
    """The real time, in UTC. Use it in production; never in tests.

    Examples:
        >>> SystemClock().now().timezone_name
        'UTC'
    """

    def now(self) -> pendulum.DateTime:
        """Return the current instant in UTC."""
        return pendulum.now("UTC")

    def __repr__(self) -> str:
        return "SystemClock()"


_SYSTEM_NOW = SystemClock.now

#: How :func:`system_now` reads the time: the system's, in UTC. Tests put a
#: chosen sequence of instants here to drive the fast path deterministically.
_utc_now: Callable[[], _dt.datetime] = functools.partial(_dt.datetime.now, _dt.UTC)


def system_now(clock: object, tz: str) -> tuple[pendulum.DateTime, _dt.datetime] | None:
    """``to_instant(clock.now(), tz)`` and its :func:`instant_key`, the fast way, for the system clock.

    ``pendulum.now("UTC")``, ``in_timezone`` and the key cost about 4 µs, a
    fifth of a command. This reads the same clock (``datetime.now`` in UTC)
    and converts it by the same stdlib arithmetic ``in_timezone`` uses
    (``astimezone`` to the zone, then a pendulum ``DateTime`` of the result's
    fields, tzinfo and fold), so the instant is the one the slow way gives.

    Returns:
        ``(instant in tz, its key)``, or None when ``clock`` is not a
        :class:`SystemClock` whose ``now`` is its own (a test may replace
        it), or the year is at the edge of the range: the caller then takes
        the general path, which checks everything.
    """
    if type(clock) is not SystemClock or getattr(clock.now, "__func__", None) is not _SYSTEM_NOW:
        return None
    utc = _utc_now()
    if not FIRST_YEAR < utc.year < LAST_YEAR:
        return None
    return from_utc(utc, tz), utc


def from_utc(utc: _dt.datetime, tz: str) -> pendulum.DateTime:
    """``pendulum.instance(utc).in_timezone(tz)`` for a stdlib datetime in UTC, without the detours.

    The same arithmetic pendulum's ``astimezone`` does (the stdlib's
    ``astimezone`` to the zone, then a ``DateTime`` of its fields, tzinfo and
    fold), so the same instant, fields and fold.
    """
    local = utc.astimezone(_zone(tz))
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=local.tzinfo,
        fold=local.fold,
    )


@final
class SimulatedClock:
    """A clock that moves only when told to, and never backwards.

    Args:
        start: the first instant; must be timezone-aware.

    Raises:
        ClockError: ``start`` is naive.

    Examples:
        >>> import pendulum
        >>> clock = SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
        >>> clock.advance(days=30).to_date_string()
        '2024-10-02'
        >>> clock.set(pendulum.datetime(2024, 9, 1, tz="Europe/London"))
        Traceback (most recent call last):
          ...
        consensus.ClockError: cannot set the clock back from 2024-10-02T10:00:00+01:00 to 2024-09-01T00:00:00+01:00: simulated time never runs backwards.
    """

    def __init__(self, start: _dt.datetime) -> None:
        self._now = to_instant(start, argument="start")

    def now(self) -> pendulum.DateTime:
        """Return the simulated current instant."""
        return self._now

    def advance(
        self,
        *,
        years: int = 0,
        months: int = 0,
        weeks: int = 0,
        days: int = 0,
        hours: int = 0,
        minutes: int = 0,
        seconds: float = 0,
    ) -> pendulum.DateTime:
        """Move the clock forward by a duration and return the new instant.

        Raises:
            ClockError: any part of the duration is negative, or the clock would
                pass the last year a partnership keeps time in.
            InvalidArgument: a part is not a whole number (``seconds`` may be a
                finite float).
        """
        parts = {
            "years": years,
            "months": months,
            "weeks": weeks,
            "days": days,
            "hours": hours,
            "minutes": minutes,
            "seconds": seconds,
        }
        for name, amount in parts.items():
            whole = type(amount) is int
            real = name == "seconds" and type(amount) is float and math.isfinite(amount)
            if not (whole or real) or abs(amount) > 10**9:
                raise InvalidArgument(
                    name,
                    amount,
                    "a whole number" + (" or a finite float" if name == "seconds" else ""),
                )
        negative = [name for name, amount in parts.items() if amount < 0]
        if negative:
            raise ClockError(
                f"cannot advance the clock by a negative amount ({', '.join(negative)}): "
                "simulated time never runs backwards."
            )
        try:
            later = self._now.add(
                years=years,
                months=months,
                weeks=weeks,
                days=days,
                hours=hours,
                minutes=minutes,
                seconds=seconds,
            )
        except (ValueError, OverflowError):
            later = None
        if later is None or not FIRST_YEAR <= later.in_timezone("UTC").year <= LAST_YEAR:
            raise ClockError(
                f"cannot advance the clock from {self._now.isoformat()} beyond the years "
                f"{FIRST_YEAR} to {LAST_YEAR} that a partnership keeps time in."
            )
        self._now = later
        return self._now

    def set(self, instant: _dt.datetime) -> pendulum.DateTime:
        """Move the clock to ``instant``, which must not be earlier than now.

        Raises:
            ClockError: ``instant`` is naive or earlier than the current time.
        """
        new = to_instant(instant, argument="instant")
        if instant_key(new) < instant_key(self._now):
            raise ClockError(
                f"cannot set the clock back from {self._now.isoformat()} to {new.isoformat()}: "
                "simulated time never runs backwards."
            )
        self._now = new
        return self._now

    def __repr__(self) -> str:
        return f"SimulatedClock({self._now.isoformat()})"
