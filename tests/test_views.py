"""Views at an instant (``as_of``) and the queries a dashboard asks of any view."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs
from consensus._partnership._state import State
from consensus.testing import assert_rejected, sample_charter

from .conftest import agree_all, decide
from .test_api import _method_examples

CHAIR = "welsh-government"
LONDON = "Europe/London"


def resolution(title: str = "Model induction policy") -> cs.Resolution:
    return cs.Resolution(title=title, text="The model text.", topic="induction policies")


def deliberating(p: cs.Partnership, by: str = "unison") -> str:
    pid = p.propose(resolution(), by=by)
    p.table(pid, by=CHAIR)
    return pid


def consulting(
    p: cs.Partnership, closes: dt.date, advisors: tuple[str, ...] = ("tuc",)
) -> tuple[str, str]:
    """A deliberating proposal and the agreed consultation on it closing on ``closes``."""
    pid = deliberating(p)
    ask = decide(
        p, cs.Consult(proposal=pid, advisors=advisors, question="Workable?", closes=closes)
    )
    return pid, ask


def replayed_and_advanced(p: cs.PartnershipView, to: dt.datetime) -> cs.Partnership:
    """What ``p`` would be after ``advance(to=to)``: a strict replay of its log, advanced."""
    copy = cs.Partnership.replay(
        p.events, registry=p.registry, clock=cs.SimulatedClock(p.last_event_at)
    )
    copy.advance(to=to)
    return copy


# ------------------------------------------------------------------ as_of


def test_a_view_applies_what_time_does_and_writes_nothing(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """The consultation closes and the review falls due in the view; the log stays as it was."""
    p = active
    policy, ask = consulting(p, pendulum.date(2024, 10, 25))
    before = tuple(p.events)
    at = pendulum.datetime(2025, 9, 3, 9, tz=LONDON)
    view = p.as_of(at)
    assert tuple(p.events) == before
    assert p == cs.Partnership.replay(p.events)
    assert (p.consultation(ask).state, p.proposal(policy).state) == ("open", "consulting")
    assert (view.consultation(ask).state, view.proposal(policy).state) == (
        "closed",
        "deliberating",
    )
    assert view.current_review is not None
    assert view.current_review.state == "due"
    assert [type(e).__name__ for e in view.events[len(before) :]] == [
        "ConsultationClosed",
        "ReviewFellDue",
    ]
    assert view.events[-2].at == pendulum.datetime(2024, 10, 26, tz=LONDON)
    assert view.at == at
    assert view.at.timezone_name == LONDON
    assert view == replayed_and_advanced(p, at)
    assert p.advance(to=at) == view.events[len(before) :]
    assert p == view


def test_a_view_at_the_last_event_equals_the_partnership(active: cs.Partnership) -> None:
    """Nothing falls due between the last event and itself: the view equals the partnership."""
    p = active
    view = p.as_of(p.last_event_at)
    assert view == p
    assert p == view
    assert view.events == p.events
    assert not isinstance(view, cs.Partnership)


def test_a_view_in_another_zone_shows_its_instant_in_the_charters(
    active: cs.Partnership,
) -> None:
    """``at`` is the same instant, expressed in the charter's zone."""
    instant = pendulum.datetime(2025, 1, 1, 12, tz="Asia/Tokyo")
    view = active.as_of(instant)
    assert cs.instant_key(view.at) == cs.instant_key(instant)
    assert view.at.timezone_name == LONDON


def test_views_of_forming_and_dissolved_partnerships(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """A forming partnership has nothing due; a dissolved one has no time-driven facts."""
    p = cs.Partnership.draft(charter, clock=clock)
    later = p.as_of(clock.now().add(years=3))
    assert later.state == "forming"
    assert later == p
    for party in charter.signatories:
        p.sign(by=party.id)
    decide(p, cs.Dissolve(rationale="The work is done."))
    far = p.as_of(clock.now().add(years=5))
    assert far.state == "dissolved"
    assert far == p
    assert far.current_review == p.current_review


def test_a_view_of_a_view(active: cs.Partnership) -> None:
    """``as_of`` on a view goes on from the view, and touches neither the view nor the partnership."""
    p = active
    first = p.as_of(pendulum.datetime(2025, 9, 3, tz=LONDON))
    first_log = tuple(first.events)
    second = first.as_of(pendulum.datetime(2026, 1, 3, tz=LONDON))
    assert tuple(first.events) == first_log
    assert second.current_review is not None
    assert second.current_review.overdue
    assert second == replayed_and_advanced(p, pendulum.datetime(2026, 1, 3, tz=LONDON))
    assert p.current_review is not None
    assert p.current_review.state == "scheduled"
    with pytest.raises(cs.ClockError, match="earlier than its last event"):
        second.as_of(pendulum.datetime(2025, 12, 1, tz=LONDON))


def test_as_of_never_replays(active: cs.Partnership, monkeypatch: pytest.MonkeyPatch) -> None:
    """A view costs a copy of the tables, never a replay of the log."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("as_of replayed the log")

    p = active
    consulting(p, pendulum.date(2024, 9, 20))
    monkeypatch.setattr(cs.Partnership, "replay", classmethod(forbidden))
    view = p.as_of(pendulum.datetime(2026, 1, 1, tz=LONDON))
    assert view.open_consultations == {}


# ------------------------------------------------------------------ aliasing


def _shared_mutables(a: object, b: object, path: str = "") -> list[str]:
    """Paths at which ``a`` and ``b`` hold the very same mutable container."""
    if isinstance(a, dict | list | set) and a is b:
        return [path or "itself"]
    found: list[str] = []
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a.keys() & b.keys():
            found += _shared_mutables(a[key], b[key], f"{path}[{key!r}]")
    return found


def _mutable_inside(value: object, path: str) -> list[str]:
    """Paths inside a table entry that hold a mutable container (a record must hold none)."""
    if isinstance(value, dict | list | set | bytearray):
        return [path]
    if isinstance(value, tuple | frozenset):
        return [
            hit for i, item in enumerate(value) for hit in _mutable_inside(item, f"{path}[{i}]")
        ]
    if isinstance(value, MappingProxyType):
        return [
            hit for k, item in value.items() for hit in _mutable_inside(item, f"{path}[{k!r}]")
        ]
    if attrs.has(type(value)):
        return [
            hit
            for field in attrs.fields(type(value))
            for hit in _mutable_inside(getattr(value, field.name), f"{path}.{field.name}")
        ]
    return []


def test_a_fork_shares_no_table_and_its_tables_hold_only_immutable_values(
    active: cs.Partnership,
) -> None:
    """Every table of the state behind a view is its own, and holds frozen values only.

    ``State.fork`` copies tables one level deep; this is what makes that a
    whole copy, for every table there is (a new room's too).
    """
    p = active
    consulting(p, pendulum.date(2024, 10, 25))
    deliberating(p)
    p.nominate(cs.Person(id="dss", name="Director"), role="representative", by=CHAIR)
    p.convene(starts=p.last_event_at.add(days=1), agenda=("p-0001",), by=CHAIR)
    view = p.as_of(pendulum.datetime(2025, 9, 3, tz=LONDON))
    mine, theirs = view._s, p._s
    assert mine is not theirs
    for slot in State.__slots__:
        if slot in ("clock", "registry"):  # not state: shared on purpose
            continue
        a, b = getattr(mine, slot), getattr(theirs, slot)
        assert not _shared_mutables(a, b), f"the view shares State.{slot} with the partnership"
        entries = a.values() if isinstance(a, dict) else a if isinstance(a, list | set) else [a]
        for entry in entries:
            assert not _mutable_inside(entry, slot), f"{slot} holds a mutable value: {entry!r}"
    assert mine.undo is None
    assert mine.running is None


def test_later_commands_never_change_a_view_taken_earlier(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """A view is a snapshot: commands and time on the partnership leave it as it was."""
    p = active
    pid = deliberating(p)
    _policy, ask = consulting(p, pendulum.date(2024, 10, 25))
    view = p.as_of(p.last_event_at)
    expected = cs.Partnership.replay(view.events)
    log = view.events
    agree_all(p, pid)
    p.conclude(pid, by=CHAIR)
    p.respond(ask, "Fine.", by="tuc", channel="email")
    p.withdraw(by="gmb")
    clock.set(pendulum.datetime(2025, 12, 25, tz=LONDON))
    p.advance()
    assert view == expected
    assert view.events == log
    assert len(view.events) == len(log)
    assert view.proposal(pid).state == "deliberating"
    assert view.consultation(ask).responses == ()
    assert "gmb" in view.active_members
    assert view.members_by_constituency["workers"] == ("gmb", "rcn", "unison")
    assert view.awaiting_positions(pid) == tuple(sorted(expected.active_members))
    assert dict(view.open_consultations) == {ask: pendulum.date(2024, 10, 25)}


def test_a_view_cannot_change_the_partnership(active: cs.Partnership) -> None:
    """A view has no commands, and what it returns is read-only."""
    p = active
    pid = deliberating(p)
    _, ask = consulting(p, pendulum.date(2024, 10, 25))
    before = tuple(p.events)
    view = p.as_of(p.last_event_at.add(days=1))
    for command in ("sign", "propose", "record_position", "conclude", "advance", "withdraw"):
        assert not hasattr(view, command), command
    for table in (
        view.proposals,
        view.memberships,
        view.consultations,
        view.members_by_constituency,
        view.open_consultations,
    ):
        with pytest.raises(TypeError):
            table["x"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        view.proposal(pid).positions["unison"] = cs.Position.AGREE  # type: ignore[index]
    assert isinstance(view.active_members, frozenset)
    assert isinstance(view.awaiting_positions(pid), tuple)
    with pytest.raises(AttributeError):
        view.state = "dissolved"  # type: ignore[misc]
    view.as_of(p.last_event_at.add(years=2))
    assert tuple(p.events) == before
    assert p == cs.Partnership.replay(p.events)
    assert p.consultation(ask).state == "open"


_LOOKS_AHEAD = cs.Registry()


@_LOOKS_AHEAD.register_motion
@attrs.frozen
class LookAhead:
    """A motion whose check takes a view two years ahead: it must change nothing."""

    KIND: ClassVar[str] = "look_ahead"
    seen: ClassVar[list[str]] = []

    def describe(self) -> str:
        return "look two years ahead"

    def check(self, view: cs.PartnershipView) -> str | None:
        ahead = view.as_of(view.at.add(years=2))
        type(self).seen.append(ahead.current_review.state if ahead.current_review else "none")
        return None


def test_a_view_taken_inside_a_command_changes_nothing(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """A motion's check may look ahead with as_of; the command's own events are all it writes."""
    p = cs.Partnership.draft(charter, clock=clock, registry=_LOOKS_AHEAD)
    for party in charter.signatories:
        p.sign(by=party.id)
    before = len(p.events)
    pid = p.propose(LookAhead(), by="unison")
    assert [e.TYPE for e in p.events[before:]] == ["motion.proposed"]
    p.table(pid, by=CHAIR)
    agree_all(p, pid)
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert LookAhead.seen[-2:] == ["due", "due"]
    assert p.current_review is not None
    assert p.current_review.state == "scheduled"
    assert p == cs.Partnership.replay(p.events, registry=_LOOKS_AHEAD)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("bad", "error", "says"),
    [
        (dt.datetime(2025, 1, 1, 9, 0), cs.ClockError, "instant: datetime.datetime(2025, 1, 1"),
        ("2025-01-01", cs.InvalidArgument, "instant: '2025-01-01' is not an aware datetime"),
        (None, cs.InvalidArgument, "instant: None is not an aware datetime"),
        (pendulum.date(2025, 1, 1), cs.InvalidArgument, "instant: Date(2025, 1, 1) is not"),
        (1735722000, cs.InvalidArgument, "instant: 1735722000 is not an aware datetime"),
        (
            pendulum.datetime(2024, 9, 2, 9, tz=LONDON),
            cs.ClockError,
            "cannot view the partnership as of 2024-09-02 09:00 BST: that is earlier than its "
            "last event (review.scheduled at 2024-09-02 10:",
        ),
        (
            pendulum.datetime(3001, 1, 1, tz="UTC"),
            cs.InvalidArgument,
            "an instant between the years 1900 and 2999",
        ),
    ],
)
def test_a_bad_instant_is_refused_and_changes_nothing(
    active: cs.Partnership, bad: object, error: type[cs.ConsensusError], says: str
) -> None:
    """A naive, backward or non-time instant is a ConsensusError that names it; nothing changes."""
    err = assert_rejected(active, active.as_of, bad, error=error)
    assert says in str(err)


def test_dashboard_queries_refuse_unknown_ids(active: cs.Partnership) -> None:
    """An unknown proposal or consultation is an UnknownReference naming it."""
    view = active.as_of(active.last_event_at)
    for query, ref in (
        (view.awaiting_positions, "p-0042"),
        (view.closing_date, "p-0042"),
        (active.awaiting_positions, ["p-0001"]),
        (active.closing_date, None),
    ):
        with pytest.raises(cs.UnknownReference) as caught:
            query(ref)  # type: ignore[operator]
        assert caught.value.ref == ref


# ------------------------------------------------------------------ dashboard queries


def test_members_by_constituency(active: cs.Partnership) -> None:
    """Active members by constituency, in charter order, ids sorted, empty ones kept."""
    p = active
    assert dict(p.members_by_constituency) == {
        "government": ("welsh-government",),
        "workers": ("gmb", "rcn", "unison"),
        "employers": ("care-forum-wales", "national-provider-forum", "wlga"),
    }
    decide(p, cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")))
    for party in ("care-forum-wales", "national-provider-forum", "wlga"):
        p.withdraw(by=party)
    grouped = p.members_by_constituency
    assert list(grouped) == ["government", "workers", "employers"]
    assert grouped["workers"] == ("gmb", "rcn", "unison", "unite")
    assert grouped["employers"] == ()
    assert {m for members in grouped.values() for m in members} == p.active_members


def test_awaiting_positions_through_a_proposals_life(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Every active member without a position until it is concluded, then nobody."""
    p = active
    everyone = tuple(sorted(p.active_members))
    pid = p.propose(resolution(), by="unison")
    assert p.awaiting_positions(pid) == everyone  # a draft: nobody has spoken yet
    p.table(pid, by=CHAIR)
    p.record_position(pid, cs.Position.AGREE, by="unison")
    p.record_position(pid, cs.Position.ABSTAIN, by="wlga")
    assert p.awaiting_positions(pid) == tuple(m for m in everyone if m not in {"unison", "wlga"})
    p.withdraw(by="gmb")  # a former member is not awaited
    assert "gmb" not in p.awaiting_positions(pid)
    decide(
        p,
        cs.Consult(
            proposal=pid, advisors=("tuc",), question="?", closes=pendulum.date(2024, 10, 1)
        ),
    )
    assert p.proposal(pid).state == "consulting"
    assert p.awaiting_positions(pid)[0] == "care-forum-wales"  # still to speak when it resumes
    clock.set(pendulum.datetime(2024, 10, 2, tz=LONDON))
    agree_all(p, pid)
    assert p.awaiting_positions(pid) == ()
    p.conclude(pid, by=CHAIR)
    assert p.awaiting_positions(pid) == ()
    blocked = deliberating(p)
    p.record_position(blocked, cs.Position.BLOCK, by="rcn")
    assert p.conclude(blocked, by=CHAIR) is cs.Outcome.NOT_AGREED
    assert p.awaiting_positions(blocked) == ()  # concluded early: no more positions to state
    left_open = deliberating(p)
    decide(p, cs.Dissolve(rationale="The work is done."))
    assert p.proposal(left_open).state == "deliberating"
    assert p.awaiting_positions(left_open) == ()  # nobody can state one any more


def test_open_consultations_soonest_first(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Open consultations with the dates the partners chose, soonest closing first."""
    p = active
    _, late = consulting(p, pendulum.date(2024, 12, 1))
    _, soon = consulting(p, pendulum.date(2024, 10, 27), advisors=("tuc", "social-care-wales"))
    _, early = consulting(p, pendulum.date(2024, 11, 5), advisors=("tuc",))
    assert list(p.open_consultations.items()) == [
        (soon, pendulum.date(2024, 10, 27)),
        (early, pendulum.date(2024, 11, 5)),
        (late, pendulum.date(2024, 12, 1)),
    ]
    p.respond(early, "Fine.", by="tuc", channel="email")
    p.close_consultation(early, by=CHAIR)  # closed early: no longer open, same date chosen
    assert list(p.open_consultations) == [soon, late]
    assert p.closing_date(early) == pendulum.date(2024, 11, 5)
    # Past the end of 27 October, London time (GMT by then): closed in a view, open on p.
    after = pendulum.datetime(2024, 10, 28, 0, 0, tz=LONDON)
    assert list(p.as_of(after.subtract(seconds=1)).open_consultations) == [soon, late]
    assert list(p.as_of(after).open_consultations) == [late]
    assert list(p.open_consultations) == [soon, late]


@pytest.mark.parametrize(
    ("closes", "closes_at"),
    [
        (pendulum.date(2024, 10, 26), "2024-10-27T00:00:00+01:00"),  # the night BST ends
        (pendulum.date(2024, 10, 27), "2024-10-28T00:00:00+00:00"),
        (pendulum.date(2025, 3, 29), "2025-03-30T00:00:00+00:00"),  # the night BST starts
        (pendulum.date(2025, 6, 25), "2025-06-26T00:00:00+01:00"),
        (pendulum.date(2024, 12, 31), "2025-01-01T00:00:00+00:00"),
        (pendulum.date(2028, 2, 29), "2028-03-01T00:00:00+00:00"),
    ],
)
def test_closing_date_is_the_date_chosen_not_the_closing_instants(
    active: cs.Partnership, closes: pendulum.Date, closes_at: str
) -> None:
    """closes_at is local midnight after the date chosen; closing_date gives that date back."""
    _, ask = consulting(active, closes)
    consultation = active.consultation(ask)
    assert consultation.closes_at.isoformat() == closes_at
    assert consultation.closes_at.date() != closes  # the trap a dashboard fell into
    assert active.closing_date(ask) == closes
    assert isinstance(active.closing_date(ask), pendulum.Date)
    assert active.proposal(ask).motion.closes == closes


def test_closing_date_in_a_zone_far_from_utc(clock: cs.SimulatedClock) -> None:
    """The date is read in the charter's zone: in Auckland, the UTC date is the day before."""
    charter = sample_charter(timezone="Pacific/Auckland")
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    pid = p.propose(resolution(), by=party.id)
    p.table(pid, by=charter.chair)
    advisor = charter.advisors[0].id
    ask = p.propose(
        cs.Consult(
            proposal=pid, advisors=(advisor,), question="?", closes=pendulum.date(2024, 9, 30)
        ),
        by=party.id,
    )
    p.table(ask, by=charter.chair)
    agree_all(p, ask)
    p.conclude(ask, by=charter.chair)
    closes_at = p.consultation(ask).closes_at
    assert closes_at.in_timezone("UTC").date() == pendulum.date(2024, 9, 30)
    assert closes_at.date() == pendulum.date(2024, 10, 1)
    assert p.closing_date(ask) == pendulum.date(2024, 9, 30)
    assert dict(p.open_consultations) == {ask: pendulum.date(2024, 9, 30)}


# ------------------------------------------------------------------ properties

_ADVISORS = ("tuc", "social-care-wales", "adss")
_STEPS = st.sampled_from(
    [
        "propose",
        "table",
        "agree",
        "conclude",
        "consult",
        "wait",
        "position",
        "respond",
        "consult",
        "wait",
        "close",
        "withdraw_proposal",
        "open_review",
        "conclude_review",
        "withdraw",
    ]
)
_OFFSETS = st.one_of(
    st.just(dt.timedelta(0)),
    st.integers(1, 180).map(lambda minutes: dt.timedelta(minutes=minutes)),
    st.integers(1, 800).map(lambda days: dt.timedelta(days=days)),
    st.integers(0, 800 * 24).map(lambda hours: dt.timedelta(hours=hours)),
)


class _Run:
    """Commands drawn at random, mostly by a party entitled to them, sometimes by anyone."""

    def __init__(self, p: cs.Partnership, clock: cs.SimulatedClock, data: st.DataObject) -> None:
        self.p, self.clock, self.data = p, clock, data

    def draw(self, options: Any, label: str) -> Any:
        return self.data.draw(st.sampled_from(sorted(options) or ["nobody"]), label=label)

    def by(self, likely: Any) -> str:
        anyone = [m.party.id for m in self.p.memberships.values()]
        stranger = self.data.draw(st.integers(0, 4), label="someone unlikely") == 4
        return str(self.draw(anyone if stranger else likely, "by"))

    def chair(self) -> str:
        chair = self.p.charter.chair
        return self.by([chair] if chair in self.p.active_members else self.p.active_members)

    def proposal(self, *states: str) -> str:
        """A proposal in one of ``states``: one that exists, or a new one tabled for it."""
        ids = [pid for pid, q in self.p.proposals.items() if not states or q.state in states]
        if not ids or self.data.draw(st.integers(0, 3), label="a new one") == 3:
            pid = self.p.propose(resolution(), by=self.by(self.p.active_members))
            if "draft" not in states:
                self.p.table(pid, by=self.chair())
            return pid
        return str(self.draw(ids, "proposal"))

    def consultation(self) -> str:
        open_ = [c for c, x in self.p.consultations.items() if x.state == "open"]
        return str(self.draw(open_ or self.p.consultations, "consultation"))

    def carry(self, motion: Any) -> None:
        """Propose, table, everyone agrees, conclude: each step may be refused."""
        pid = self.p.propose(motion, by=self.by(self.p.active_members))
        self.p.table(pid, by=self.chair())
        for member in self.p.awaiting_positions(pid):
            self.p.record_position(pid, cs.Position.AGREE, by=member)
        self.p.conclude(pid, by=self.chair())

    def step(self, step: str) -> None:
        p, data, members = self.p, self.data, self.p.active_members
        if step == "wait":
            self.clock.advance(
                days=data.draw(st.integers(0, 200)), hours=data.draw(st.integers(0, 23))
            )
            if data.draw(st.booleans(), label="write what time did"):
                p.advance()
        elif step == "propose":
            p.propose(resolution(f"Policy {len(p.proposals) + 1}"), by=self.by(members))
        elif step == "table":
            p.table(self.proposal("draft"), by=self.chair())
        elif step == "position":
            position = data.draw(st.sampled_from(list(cs.Position)), label="position")
            p.record_position(self.proposal("deliberating"), position, by=self.by(members))
        elif step == "agree":
            pid = self.proposal("deliberating")
            for member in p.awaiting_positions(pid):
                p.record_position(pid, cs.Position.AGREE, by=member)
        elif step == "conclude":
            p.conclude(self.proposal("deliberating"), by=self.chair())
        elif step == "consult":
            closes = self.clock.now().add(days=data.draw(st.integers(0, 60), label="days")).date()
            advisors = tuple(data.draw(st.sets(st.sampled_from(_ADVISORS), min_size=1)))
            target = self.proposal("deliberating")
            self.carry(cs.Consult(proposal=target, advisors=advisors, question="?", closes=closes))
        elif step == "respond":
            cid = self.consultation()
            invited = p.consultation(cid).advisors if cid in p.consultations else _ADVISORS
            p.respond(cid, "Noted.", by=self.draw(invited, "advisor"), channel="email")
        elif step == "close":
            p.close_consultation(self.consultation(), by=self.chair())
        elif step == "withdraw_proposal":
            pid = self.proposal()
            p.withdraw_proposal(
                pid, by=self.by([p.proposals[pid].proposer] if pid in p.proposals else members)
            )
        elif step == "withdraw":
            if data.draw(st.integers(0, 3), label="really withdraw") == 0:
                p.withdraw(by=self.by(members))
        elif step == "open_review":
            p.open_review(by=self.chair())
        elif step == "conclude_review" and p.current_review is not None:
            self.carry(cs.ConcludeReview(review=p.current_review.id, findings="Fine."))


def _run(p: cs.Partnership, clock: cs.SimulatedClock, data: st.DataObject, steps: int) -> None:
    """``steps`` commands drawn at random, valid and refused alike."""
    run = _Run(p, clock, data)
    for _ in range(steps):
        with contextlib.suppress(cs.ConsensusError):
            run.step(data.draw(_STEPS, label="step"))
        clock.advance(minutes=data.draw(st.integers(0, 90), label="minutes"))


@given(data=st.data(), steps=st.integers(5, 40), offset=_OFFSETS)
def test_a_view_is_the_partnership_advanced_on_a_copy(
    charter: cs.Charter, data: st.DataObject, steps: int, offset: dt.timedelta
) -> None:
    """For any run and any later instant, as_of equals a replayed copy advanced there; p is untouched."""
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz=LONDON))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    _run(p, clock, data, steps)
    at = p.last_event_at + offset
    before = tuple(p.events)

    view = p.as_of(at)

    assert tuple(p.events) == before
    copy = cs.Partnership.replay(before, clock=cs.SimulatedClock(at))
    assert copy == p, "as_of changed the partnership's state"
    copy.advance(to=at)
    assert view == copy
    assert copy == view
    assert cs.instant_key(view.at) == cs.instant_key(at)
    _queries_agree(view, copy)


def _queries_agree(view: cs.PartnershipView, p: cs.Partnership) -> None:
    """The dashboard queries give the same answers on the view and on the advanced copy, and hold."""
    grouped = view.members_by_constituency
    assert grouped == p.members_by_constituency
    assert [m for members in grouped.values() for m in members] == sorted(
        view.active_members,
        key=lambda m: (list(grouped).index(view.membership(m).party.constituency), m),
    )
    for pid, proposal in view.proposals.items():
        awaited = view.awaiting_positions(pid)
        assert awaited == p.awaiting_positions(pid)
        assert list(awaited) == sorted(awaited)
        assert set(awaited) <= view.active_members
        assert not set(awaited) & proposal.positions.keys()
        assert (awaited == ()) or not proposal.is_concluded
    assert view.open_consultations == p.open_consultations
    for cid, consultation in view.consultations.items():
        day = view.closing_date(cid)
        assert day == view.proposal(cid).motion.closes
        assert cs.end_of_day(day, view.charter.timezone) == consultation.closes_at
        assert (cid in view.open_consultations) == (consultation.state == "open")
        if consultation.state == "open":  # a view applies every closing due by its instant
            assert cs.instant_key(consultation.closes_at) > cs.instant_key(view.at)
    closing = [cs.instant_key(view.consultation(cid).closes_at) for cid in view.open_consultations]
    assert closing == sorted(closing)


# ------------------------------------------------------------------ documentation


def test_methods_with_examples_are_found() -> None:
    """The examples of the dashboard queries are among those run above."""
    names = {name for name, _ in _method_examples()}
    assert {
        "PartnershipView.as_of",
        "PartnershipView.awaiting_positions",
        "PartnershipView.closing_date",
    } <= names


def test_a_view_repr_says_which_instant(active: cs.Partnership) -> None:
    """A view's repr shows what it holds, like the partnership's."""
    view = active.as_of(pendulum.datetime(2025, 1, 6, 9, tz=LONDON))
    assert repr(view).startswith(
        "<PartnershipView 'Social Care Workforce Partnership' active as of 2025-01-06 09:00 GMT, "
        "7 active members"
    )
    assert "as of" not in repr(active)
    assert isinstance(view.members_by_constituency, Mapping)


def test_a_view_of_a_stored_partnership_writes_nothing_to_the_store(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """The time-driven facts a view applies stay in the view: the store keeps the log as it was."""
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    for party in charter.signatories:
        p.sign(by=party.id)
    stored = store.verify("scwp")
    view = p.as_of(p.last_event_at.add(years=1, days=1))
    assert view.current_review is not None
    assert view.current_review.state == "due"
    assert store.verify("scwp") == stored == len(p.events)
    clock.set(p.last_event_at.add(minutes=5))
    p.propose(cs.Resolution(title="After the view", text="x"), by="unison")
    assert store.verify("scwp") == len(p.events)


# ------------------------------------------------------------------ the small print of queries


@attrs.frozen
class Sides:
    """A rule that agrees once a member of every constituency on the ballot agrees."""

    name = "sides"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        agreeing = {
            ballot.constituencies[party]
            for party, position in ballot.counted().items()
            if position is cs.Position.AGREE
        }
        sides = {ballot.constituencies[party] for party in ballot.electorate}
        return cs.Outcome.AGREED if sides and agreeing == sides else cs.Outcome.PENDING


def test_tally_sees_each_members_constituency(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """The ballot a tally decides on names every voter's constituency, as a rule by side needs."""
    registry = cs.Registry()
    cs.register_rule(Sides(), registry=registry)
    p = cs.Partnership.draft(attrs.evolve(charter, rule="sides"), clock=clock, registry=registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    pid = deliberating(p)
    by_side = p.members_by_constituency
    for side in sorted(by_side):
        assert p.tally(pid) is cs.Outcome.PENDING
        p.record_position(pid, cs.Position.AGREE, by=by_side[side][0])
    assert p.tally(pid) is cs.Outcome.AGREED


def test_tally_of_a_concluded_proposal_is_its_outcome(active: cs.Partnership) -> None:
    """Once concluded, a proposal's tally is the outcome recorded, whatever happened since."""
    pid = deliberating(active)
    agree_all(active, pid)
    assert active.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert active.tally(pid) is cs.Outcome.AGREED
    active.withdraw(by="unison")
    assert active.tally(pid) is cs.Outcome.AGREED


def test_charter_at_says_why_no_version_was_in_force(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """Before ratification the message says it is not ratified yet; after, when it was."""
    p = cs.Partnership.draft(charter, clock=clock)
    with pytest.raises(cs.ClockError, match="it is not ratified yet"):
        p.charter_at(clock.now())
    for party in charter.signatories:
        p.sign(by=party.id)
    ratified = p.charter_history[0].effective_from
    with pytest.raises(
        cs.ClockError, match=re.escape(f"it was ratified at {ratified.isoformat()}.")
    ):
        p.charter_at(ratified.subtract(seconds=1))
    assert p.charter_at(ratified).version == 1


def test_a_view_takes_no_new_attributes_and_equals_no_stranger(active: cs.Partnership) -> None:
    """A view holds only its state and instant; compared with anything else it is unequal."""
    view = active.as_of(active.last_event_at.add(days=1))
    with pytest.raises(AttributeError):
        view.note = "scribbled"  # type: ignore[attr-defined]
    assert not hasattr(view, "__dict__")
    assert (view == 5) is False
    assert (active == "p") is False
    assert view != 5


def test_consultations_lists_every_consultation_read_only(active: cs.Partnership) -> None:
    """The consultations mapping holds each consultation by its Consult's id, and refuses edits."""
    _, ask = consulting(active, dt.date(2024, 10, 1))
    consultations = active.consultations
    assert list(consultations) == [ask]
    assert consultations[ask] is active.consultation(ask)
    with pytest.raises(TypeError):
        consultations[ask] = None  # type: ignore[index]
