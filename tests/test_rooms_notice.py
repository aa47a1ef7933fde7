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
from consensus.testing import STARTS

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


# -- reviews


@pytest.mark.parametrize(
    ("cycle", "period", "valid"),
    [
        *(
            (0, 12, True),
            (10_000, 1, True),
            (-1, 12, False),
            (10_001, 1, False),
            (True, 12, False),
        ),
        *((1, 0, True), (1, 10_000, True), (1, -1, False), (1, 10_001, False), (1, 1.0, False)),
    ],
)
def test_review_due_takes_whole_numbers_from_0_to_10000(
    cycle: object, period: object, valid: bool
) -> None:
    start = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
    if valid:
        assert cs.review_due(start, cycle, period) == start.add(months=cycle * period)  # type: ignore[arg-type, operator]
    else:
        with pytest.raises(cs.InvalidArgument, match="a whole number from 0 to 10000"):
            cs.review_due(start, cycle, period)  # type: ignore[arg-type]


def test_a_review_beyond_the_calendar_is_a_clock_error() -> None:
    with pytest.raises(cs.ClockError, match="beyond any date the calendar holds"):
        cs.review_due(pendulum.datetime(9000, 1, 1, tz="UTC"), 10_000, 12)


def test_opening_a_review_with_no_cycle_open_is_an_integrity_error(
    active: cs.Partnership,
) -> None:
    active._s.current_review = None  # only a log the library did not write leaves this
    with pytest.raises(cs.IntegrityError, match="no review cycle is open"):
        active.open_review(by=active.charter.chair)


def test_a_review_scheduled_twice_or_while_one_is_open_is_refused_by_replay(
    active: cs.Partnership,
) -> None:
    events = list(active.events)
    i = next(n for n, e in enumerate(events) if isinstance(e, cs.ReviewScheduled))
    with pytest.raises(cs.IntegrityError, match="was scheduled twice"):
        cs.Partnership.replay([*events[: i + 1], events[i], *events[i + 1 :]], trusted=True)
    second = attrs.evolve(events[i], review="r-0002", cycle=2)
    with pytest.raises(cs.IntegrityError, match="r-0001 is still open"):
        cs.Partnership.replay([*events[: i + 1], second, *events[i + 1 :]], trusted=True)


# -- consultations


def _consulted(charter: cs.Charter) -> tuple[cs.Partnership, str, str]:
    """The 'consultation open' start: the partnership, the consultation, an advisor."""
    p = STARTS["consultation open"](charter, None)
    (cid,) = p.open_consultations
    return p, cid, p.consultations[cid].advisors[0]


def test_a_response_s_words_and_channel_are_checked_before_anything_else(
    charter: cs.Charter,
) -> None:
    """Bad arguments are named even where the consultation would refuse anyway."""
    p, cid, advisor = _consulted(charter)
    p.clock.set(p.consultations[cid].closes_at)  # type: ignore[attr-defined]
    p.advance()
    assert p.consultations[cid].state == "closed"
    with pytest.raises(cs.InvalidArgument, match="text"):
        p.respond(cid, 42, by=advisor, channel="email")  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match="channel"):
        p.respond(cid, "Advice.", by=advisor, channel="pigeon")


def test_a_consultation_opened_twice_or_a_response_uninvited_is_refused_by_replay(
    charter: cs.Charter,
) -> None:
    p, cid, advisor = _consulted(charter)
    p.respond(cid, "Advice.", by=advisor, channel="email")
    events = list(p.events)
    i = next(n for n, e in enumerate(events) if isinstance(e, cs.ConsultationOpened))
    with pytest.raises(cs.IntegrityError, match="was opened twice"):
        cs.Partnership.replay([*events[: i + 1], events[i], *events[i + 1 :]], trusted=True)
    j = next(n for n, e in enumerate(events) if isinstance(e, cs.ResponseReceived))
    events[j] = attrs.evolve(events[j], advisor="stranger")
    with pytest.raises(cs.IntegrityError, match="stranger was not invited"):
        cs.Partnership.replay(events, trusted=True)


def test_withdrawing_a_proposal_under_consultation_closes_it_and_lets_go_of_it(
    charter: cs.Charter,
) -> None:
    p, cid, _ = _consulted(charter)
    target = p.consultations[cid].proposal
    assert p.proposal(target).consultation == cid
    p.withdraw_proposal(target, by=p.proposal(target).proposer)
    assert p.consultations[cid].state == "closed"
    assert p.proposal(target).state == "withdrawn"
    assert p.proposal(target).consultation is None


# -- membership


def test_a_second_drafting_or_an_invalid_charter_in_a_log_is_refused(
    active: cs.Partnership,
) -> None:
    drafted = active.events[0]
    with pytest.raises(cs.IntegrityError, match="cannot follow"):  # replay's own check
        cs.Partnership.replay([*active.events, drafted], trusted=True)
    with pytest.raises(cs.IntegrityError, match="may only begin a log"):  # and applying's
        active._s.emit(attrs.evolve(drafted, at=active.last_event_at))
    nobody = attrs.evolve(drafted.charter, chair="nobody")  # type: ignore[attr-defined]
    with pytest.raises(cs.ConsensusError, match="nobody"):
        cs.Partnership.replay([attrs.evolve(drafted, charter=nobody)], trusted=True)


def test_a_signature_after_ratification_or_a_ratification_too_soon_is_refused(
    charter: cs.Charter, active: cs.Partnership
) -> None:
    signed = next(e for e in active.events if isinstance(e, cs.CharterSigned))
    late = attrs.evolve(signed, party="unison", at=active.last_event_at)
    with pytest.raises(cs.IntegrityError, match="no transition 'sign' from 'active'"):
        cs.Partnership.replay([*active.events, late], trusted=True)
    ratified = next(e for e in active.events if isinstance(e, cs.PartnershipRatified))
    with pytest.raises(cs.IntegrityError, match="had not signed"):
        cs.Partnership.replay([active.events[0], signed, ratified], trusted=True)


# -- proposals


def test_a_motion_that_cannot_describe_itself_is_named_by_its_class() -> None:
    from consensus._partnership._proposals import describe

    class Raises:
        def describe(self) -> str:
            raise RuntimeError("no words")

    class Number:
        def describe(self) -> object:
            return 5

    class Blank:
        def describe(self) -> str:
            return "  "

    for motion in (Raises(), Number(), Blank(), object()):
        assert describe(motion) == f"a {type(motion).__name__}"
    assert describe(cs.Resolution(title="T", text="X")) == "resolve 'T'"


def test_a_position_s_reason_is_checked_before_who_gives_it(active: cs.Partnership) -> None:
    pid = active.propose(cs.Resolution(title="T", text="X"), by="unison")
    active.table(pid, by=active.charter.chair)
    with pytest.raises(cs.InvalidArgument, match="reason"):
        active.record_position(pid, cs.Position.AGREE, reason=5, by="tuc")  # type: ignore[arg-type]


def test_a_proposal_proposed_twice_in_a_log_is_refused(active: cs.Partnership) -> None:
    active.propose(cs.Resolution(title="T", text="X"), by="unison")
    proposed = active.events[-1]
    with pytest.raises(cs.IntegrityError, match="proposal p-0001 was proposed twice"):
        active._s.emit(proposed)


def test_applying_a_drafting_checks_its_charter_whoever_applies_it(
    active: cs.Partnership,
) -> None:
    """Replay checks the first event itself; the apply handler does not rely on that."""
    from consensus._partnership._state import State

    drafted = active.events[0]
    nobody = attrs.evolve(drafted.charter, chair="nobody")  # type: ignore[attr-defined]
    fresh = State(clock=cs.SimulatedClock(drafted.at), registry=cs.default_registry())
    with pytest.raises(cs.CharterError, match="chair: 'nobody' is not a signatory"):
        fresh.emit(attrs.evolve(drafted, charter=nobody))
    assert fresh.charter is None
