"""Faults in the one path every command takes that only a pointed test notices.

Each test here was written for a mutant of ``_partnership/_command.py`` that
the rest of the suite let through (found by scripts/mutation): the guard
against a command started inside another, the undo journal left behind, the
agenda saved once per command, the hints a refusal gives.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest

import consensus as cs

from .conftest import agree_all, decide


def _formed_with_a_store(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> tuple[cs.Partnership, cs.MemoryStore]:
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    for party in charter.signatories:
        clock.advance(minutes=5)
        p.sign(by=party.id)
    return p, store


def _outrun(charter: cs.Charter, clock: cs.SimulatedClock) -> cs.Partnership:
    """A formed partnership whose store another copy of it has written to since."""
    p, store = _formed_with_a_store(charter, clock)
    other = cs.Partnership.load(store, "scwp", clock=clock)
    clock.advance(minutes=5)
    other.propose(cs.Resolution(title="T", text="X"), by="unison")
    return p


def test_a_refused_command_restores_the_agenda_after_an_earlier_command_saved_it(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """Ratifying saved and changed the agenda; the next command must save it afresh."""
    p = _outrun(charter, clock)
    review = p.current_review
    assert review is not None
    before = list(p._s.agenda)
    with pytest.raises(cs.ConcurrencyError) as caught:
        p.advance(to=review.due.add(days=1))  # the review falls due: the agenda moves on
    assert p._s.agenda == before
    # time passing is nobody's command: the refusal names no party
    assert "cannot advance the partnership's time" in str(caught.value)
    assert "None" not in str(caught.value)
    assert p.current_review == review


def test_a_finished_command_leaves_no_undo_journal_behind(active: cs.Partnership) -> None:
    """The journal holds the last command's old records; kept, it would keep them alive."""
    active.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert active._s.undo is None
    with pytest.raises(cs.NotEntitled):
        active.propose(cs.Resolution(title="T", text="X"), by="tuc")
    assert active._s.undo is None


def test_a_command_started_inside_another_is_refused(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """A motion's check that calls back into its partnership gets InvalidArgument."""
    inner: list[BaseException] = []
    holder: dict[str, cs.Partnership] = {}

    @attrs.frozen
    class Meddling:
        KIND = "meddling"
        text: str

        def describe(self) -> str:
            return "meddle"

        def check(self, view: Any) -> str | None:
            try:
                holder["p"].propose(cs.Resolution(title="T", text="X"), by="unison")
            except cs.ConsensusError as err:
                inner.append(err)
            return None

    registry = cs.Registry()
    cs.register_motion(Meddling, registry=registry)
    p = cs.Partnership.draft(charter, clock=clock, registry=registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    holder["p"] = p
    events = len(p.events)
    pid = p.propose(Meddling(text="x"), by="gmb")
    assert len(inner) == 1
    assert isinstance(inner[0], cs.InvalidArgument)
    assert "another command of this partnership is running (propose to meddle)" in str(inner[0])
    assert len(p.events) == events + 1
    assert p.proposal(pid).state == "draft"


def test_a_long_or_odd_caller_is_named_by_its_repr(active: cs.Partnership) -> None:
    """Ids are short; a caller up to 80 characters is shown as written, a longer one abridged."""
    with pytest.raises(cs.InvalidArgument) as caught:
        active.table("p-0001", by="a" * 80)
    assert str(caught.value).startswith("a" * 80 + " cannot table p-0001")
    with pytest.raises(cs.InvalidArgument) as caught:
        active.table("p-0001", by="a" * 81)
    assert str(caught.value).startswith("'aaa")


def test_an_unknown_reference_names_the_latest_eight_in_order(active: cs.Partnership) -> None:
    ids = [active.propose(cs.Resolution(title=f"T{n}", text="X"), by="unison") for n in range(9)]
    with pytest.raises(cs.UnknownReference) as caught:
        active.table("p-0999", by=active.charter.chair)
    assert caught.value.known == tuple(ids[1:])


def test_a_bad_argument_is_refused_before_anything_changes(active: cs.Partnership) -> None:
    pid = active.propose(cs.Resolution(title="T", text="X"), by="unison")
    active.table(pid, by=active.charter.chair)
    events = active.events
    with pytest.raises(cs.InvalidArgument, match=r"^gmb cannot record a position on"):
        active.record_position(pid, 5, by="gmb")  # type: ignore[arg-type]
    assert active.events == events


def test_each_refusal_of_the_partnership_s_state_says_what_would_help(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    p = cs.Partnership.draft(charter, clock=clock)
    first, *rest = (party.id for party in charter.signatories)
    p.sign(by=first)
    with pytest.raises(cs.InvalidTransition) as caught:
        p.propose(cs.Resolution(title="T", text="X"), by=first)
    assert f"still to sign: {', '.join(rest)}." in str(caught.value)
    for party in rest:
        p.sign(by=party)
    with pytest.raises(cs.InvalidTransition) as caught:
        p.sign(by=first)
    assert "Its charter was ratified on 2024-09-02 10:00 BST; a new partner joins" in str(
        caught.value
    )
    with pytest.raises(cs.NotEntitled, match="tuc is in the advisory group, not a partner"):
        p.propose(cs.Resolution(title="T", text="X"), by="tuc")
    with pytest.raises(cs.NotEntitled, match="unite is not a member of the partnership"):
        p.propose(cs.Resolution(title="T", text="X"), by="unite")


def test_a_dissolved_partnership_says_how_it_was_dissolved(active: cs.Partnership) -> None:
    pid = decide(active, cs.Dissolve(rationale="Done."))
    with pytest.raises(cs.InvalidTransition) as caught:
        active.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert f"by the agreed {pid}; its record can be read" in str(caught.value)


def test_a_partnership_left_by_its_last_member_says_who_left_last(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    *others, last = sorted(p.active_members)
    for party in others:
        p.withdraw(by=party)
    p.withdraw(by=last)
    with pytest.raises(cs.InvalidTransition) as caught:
        p.withdraw(by=last)
    assert f"when its last member, {last}, withdrew" in str(caught.value)


def test_every_command_reaches_the_store(charter: cs.Charter, clock: cs.SimulatedClock) -> None:
    p, store = _formed_with_a_store(charter, clock)
    pid = p.propose(cs.Resolution(title="T", text="X"), by="unison")
    p.table(pid, by=p.charter.chair)
    agree_all(p, pid)
    p.conclude(pid, by=p.charter.chair)
    assert cs.Partnership.load(store, "scwp", clock=clock).events == p.events


def test_a_command_at_no_time_reads_the_clock(active: cs.Partnership) -> None:
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 3, 9, tz="UTC"))
    p = cs.Partnership.replay(active.events, clock=clock)
    p.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert p.events[-1].at == pendulum.datetime(2024, 9, 3, 9, tz="UTC")
    p.propose(cs.Resolution(title="T", text="X"), by="unison", at=clock.now().add(hours=1))
    assert p.events[-1].at == pendulum.datetime(2024, 9, 3, 10, tz="UTC")


def test_a_former_member_is_told_when_it_withdrew(active: cs.Partnership) -> None:
    active.withdraw(by="gmb")
    with pytest.raises(cs.NotEntitled, match="gmb withdrew from the partnership on 2024-09-02"):
        active.propose(cs.Resolution(title="T", text="X"), by="gmb")


def test_with_the_chair_gone_only_an_active_member_acts_as_chair(active: cs.Partnership) -> None:
    pid = active.propose(cs.Resolution(title="T", text="X"), by="unison")
    active.withdraw(by=active.charter.chair)
    for outsider in ("unite", "tuc", active.charter.chair):
        with pytest.raises(cs.NotEntitled):
            active.table(pid, by=outsider)
    active.table(pid, by="gmb")


def test_time_running_backwards_is_refused_naming_the_last_event(active: cs.Partnership) -> None:
    last = active.events[-1]
    earlier = last.at.subtract(minutes=1)
    with pytest.raises(cs.ClockError) as caught:
        active.propose(cs.Resolution(title="T", text="X"), by="unison", at=earlier)
    assert f"unison cannot propose to resolve 'T': at= {earlier.isoformat()}" in str(caught.value)
    assert f"earlier than the last event ({last.TYPE} at {last.at.isoformat()})" in str(
        caught.value
    )
    clock = cs.SimulatedClock(earlier)
    behind = cs.Partnership.replay(active.events, clock=clock)
    with pytest.raises(cs.ClockError, match="the clock reads") as caught:
        behind.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert str(caught.value).endswith("the clock wait until it passes that instant.")


def test_the_system_clock_settles_each_command_as_any_clock_would(
    charter: cs.Charter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system clock's fast path (its reading converted without pendulum's
    detours) stamps, remembers and refuses exactly as the general path does."""
    import datetime as dt

    from consensus import _clock

    start = dt.datetime(2024, 9, 2, 9, tzinfo=dt.UTC)
    readings = [start + dt.timedelta(minutes=5 * n) for n in range(1, 8)]
    monkeypatch.setattr(_clock, "_utc_now", lambda: readings.pop(0))
    p = cs.Partnership.draft(charter, clock=cs.SystemClock(), at=start)
    for party in charter.signatories:
        p.sign(by=party.id)
    last = p.events[-1].at
    assert (len(charter.signatories), readings) == (7, [])
    assert last.isoformat() == "2024-09-02T10:35:00+01:00"  # the seventh reading, in London
    assert last.timezone_name == "Europe/London"
    # The key of the last event's instant is remembered for the next command.
    assert p._s.key_memo is not None
    assert p._s.key_memo[0] is last
    assert p._s.key_memo[1] == cs.instant_key(last)
    readings[:] = [start]  # the clock now reads earlier than the last event
    before = list(p.events)
    with pytest.raises(cs.ClockError) as caught:
        p.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert str(caught.value) == (
        "unison cannot propose to resolve 'T': the clock reads 2024-09-02T10:00:00+01:00, "
        "earlier than the last event (review.scheduled at 2024-09-02T10:35:00+01:00); "
        "time never runs backwards in a log; commands through the clock wait until it "
        "passes that instant."
    )
    assert list(p.events) == before
    readings[:] = [readings_after := start + dt.timedelta(hours=1)]
    pid = p.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert p.proposal(pid).proposed_at == readings_after
