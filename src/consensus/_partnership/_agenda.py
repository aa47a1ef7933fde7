"""Time-driven facts: what the passing of time will do, and doing it in order.

A room schedules an entry (a kind and a reference) for an instant when it
applies the event that makes one due (a consultation opening schedules its
closing). Before any command at ``at`` is considered, :func:`catch_up` emits
every entry at or before ``at`` in instant order, each event stamped with its
scheduled instant. An entry whose fact already happened (a consultation
closed early) is stale: its handler returns ``None`` and nothing is emitted.
A dissolved partnership has no time-driven facts.
"""

from __future__ import annotations

import datetime as _dt
import heapq
from collections.abc import Callable
from typing import Final

import pendulum

from .._clock import instant_key as _key
from .._events import Event
from ._state import State

__all__ = ["catch_up", "falls_due", "schedule"]

_DUE: Final[dict[str, Callable[[State, pendulum.DateTime, str], Event | None]]] = {}


def falls_due(
    kind: str,
) -> Callable[
    [Callable[[State, pendulum.DateTime, str], Event | None]],
    Callable[[State, pendulum.DateTime, str], Event | None],
]:
    """Register what an agenda entry of ``kind`` emits when its instant comes."""

    def register(
        handler: Callable[[State, pendulum.DateTime, str], Event | None],
    ) -> Callable[[State, pendulum.DateTime, str], Event | None]:
        if kind in _DUE:
            raise RuntimeError(f"agenda kind {kind!r} is registered twice")
        _DUE[kind] = handler
        return handler

    return register


def schedule(
    s: State, when: pendulum.DateTime, kind: str, ref: str, not_before: pendulum.DateTime
) -> None:
    """Put ``kind`` for ``ref`` on the agenda at ``when``, or at ``not_before`` if later.

    Never into the past of the log: a due date already passed takes effect at
    the event that scheduled it.
    """
    s.save_agenda()
    s.agenda_seq += 1
    at = when if _key(when) >= _key(not_before) else not_before
    heapq.heappush(s.agenda, (_key(at), s.agenda_seq, at, kind, ref))


def catch_up(s: State, until: pendulum.DateTime, limit: _dt.datetime) -> None:
    """Emit every time-driven event due at or before ``until``, in instant order.

    ``limit`` is ``instant_key(until)``, which the command has already computed.
    """
    if s.lifecycle == "dissolved":
        return
    while s.agenda and s.agenda[0][0] <= limit:
        s.save_agenda()
        _, _, when, kind, ref = heapq.heappop(s.agenda)
        event = _DUE[kind](s, when, ref)
        if event is not None:
            s.emit(event)
