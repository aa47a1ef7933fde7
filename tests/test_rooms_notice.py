"""Faults in the partnership's rooms that only a pointed test notices (found by scripts/mutation).

Each test here was written for a mutant of a room that the rest of the suite
let through: a line deleted, a condition flipped. Some reach into the state's
private tables, because the fault they exist for changes nothing a caller can
see until much later.
"""

from __future__ import annotations

import heapq

import attrs
import pendulum
import pytest

import consensus as cs
from consensus._partnership import _agenda

from .conftest import decide


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


def test_an_amendment_that_keeps_the_review_period_keeps_the_anchor(
    active: cs.Partnership,
) -> None:
    """Only a new review period counts later reviews from the open one (the anchor stays)."""
    anchor = active._s.review_anchor
    decide(active, cs.Amend(clauses={"7.2": "No funding."}, rationale="Tidy."))
    assert active._s.review_anchor == anchor
    decide(active, cs.Amend(review_period_months=6, rationale="Twice a year."))
    review = active.current_review
    assert review is not None
    assert active._s.review_anchor == (review.due, review.cycle)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 5}, "does not follow version"),
        ({"proposal": "p-9999"}, "is not an agreed Amend motion"),
    ],
)
def test_a_forged_charter_amendment_is_refused_by_replay(
    active: cs.Partnership, change: dict[str, object], message: str
) -> None:
    decide(active, cs.Amend(clauses={"7.2": "No funding."}, rationale="Tidy."))
    events = list(active.events)
    i = next(n for n, e in enumerate(events) if isinstance(e, cs.CharterAmended))
    events[i] = attrs.evolve(events[i], **change)
    with pytest.raises(cs.IntegrityError, match=message):  # applying it, trusted
        cs.Partnership.replay(events, trusted=True)
    with pytest.raises(cs.IntegrityError, match="where the command of event"):  # strict
        cs.Partnership.replay(events)


def test_an_amendment_of_a_proposal_not_agreed_is_refused_by_replay(
    active: cs.Partnership,
) -> None:
    """A CharterAmended naming an Amend still open (tabled, not agreed)."""
    pid = active.propose(cs.Amend(clauses={"7.2": "No funding."}, rationale="Tidy."), by="unison")
    active.table(pid, by=active.charter.chair)
    amended = cs.amended_charter(
        active.charter,
        active.proposal(pid).motion,
        member_ids=active.memberships.keys(),
    )
    forged = cs.CharterAmended(
        at=active.last_event_at, proposal=pid, version=amended.version, charter=amended
    )
    with pytest.raises(cs.IntegrityError, match="is not an agreed Amend motion"):
        cs.Partnership.replay([*active.events, forged], trusted=True)
