"""Faults in the partnership's rooms that only a pointed test notices (found by scripts/mutation).

Each test here was written for a mutant of a room that the rest of the suite
let through: a line deleted, a condition flipped. Some reach into the state's
private tables, because the fault they exist for changes nothing a caller can
see until much later.
"""

from __future__ import annotations

import heapq

import pendulum
import pytest

import consensus as cs
from consensus._partnership import _agenda


def test_an_agenda_kind_registers_once_and_its_handler_stays_callable() -> None:
    def handler(s: object, when: object, ref: str) -> None:
        return None

    kind = "test_only_kind"
    try:
        assert _agenda.falls_due(kind)(handler) is handler
        with pytest.raises(RuntimeError, match="registered twice"):
            _agenda.falls_due(kind)(handler)
    finally:
        _agenda._DUE.pop(kind, None)


def test_entries_due_at_the_same_instant_fall_due_in_the_order_they_were_scheduled(
    active: cs.Partnership,
) -> None:
    s = active._s
    s.agenda.clear()
    when = pendulum.datetime(2030, 1, 1, tz="UTC")
    for kind in ("zeta", "alpha", "mu"):
        _agenda.schedule(s, when, kind, "ref", when)
    assert [heapq.heappop(s.agenda)[3] for _ in range(3)] == ["zeta", "alpha", "mu"]


def test_a_command_refused_by_the_store_takes_back_what_it_scheduled(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """The last signature ratifies and schedules the first review; if the store refuses, neither."""
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    *first, last = (party.id for party in charter.signatories)
    for party in first:
        clock.advance(minutes=5)
        p.sign(by=party)
    other = cs.Partnership.load(store, "scwp", clock=clock)
    clock.advance(minutes=5)
    other.sign(by=last)
    assert other._s.agenda, "ratifying schedules the first review"
    before = list(p._s.agenda)
    with pytest.raises(cs.ConcurrencyError):
        p.sign(by=last)
    assert p._s.agenda == before
    assert p.state == "forming"
