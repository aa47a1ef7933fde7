"""Guarantees against any caller: isolation, no dead ends, bad values refused.

Each test here is a finding of issue 7 that the library once got wrong.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import agree_all, decide

CHAIR = "welsh-government"


# -- isolation (invariant 15)


def test_positions_a_caller_holds_cannot_turn_a_block_into_agreement(
    active: cs.Partnership,
) -> None:
    p = active
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by=CHAIR)
    agree_all(p, pid)
    p.record_position(pid, cs.Position.BLOCK, by="gmb")
    positions = p.proposal(pid).positions
    with pytest.raises(TypeError):
        positions["gmb"] = cs.Position.AGREE  # type: ignore[index]
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.NOT_AGREED


def test_an_amendment_cannot_be_rewritten_after_the_vote(active: cs.Partnership) -> None:
    p = active
    clauses = {"6.3": "Decisions are by consent."}
    motion = cs.Amend(clauses=clauses, rationale="Move to consent.")
    clauses["6.3"] = "Decisions are whatever the chair says."
    pid = p.propose(motion, by="unison")
    held = p.proposal(pid).motion
    assert isinstance(held, cs.Amend)
    with pytest.raises(TypeError):
        held.clauses["6.3"] = "Rewritten."  # type: ignore[index]
    with pytest.raises(TypeError):
        held.headings["9.9"] = "New"  # type: ignore[index]
    p.table(pid, by=CHAIR)
    agree_all(p, pid)
    p.conclude(pid, by=CHAIR)
    assert p.charter.clause("6.3").text == "Decisions are by consent."
    assert cs.check_invariants(p) == []


def test_a_charter_built_from_lists_keeps_none_of_them(charter: cs.Charter) -> None:
    scope = ["home care workers"]
    signatories = list(charter.signatories)
    built = attrs.evolve(charter, scope=scope, signatories=signatories)
    scope.append("smuggled")
    signatories.clear()
    assert built.scope.workers == ("home care workers",)
    assert built.signatories == charter.signatories
    with pytest.raises(TypeError):
        built.rules["amend"] = "consent"  # type: ignore[index]


def test_records_and_events_hold_tuples_and_frozensets(active: cs.Partnership) -> None:
    p = active
    pid = decide(p, cs.Resolution(title="T", text="x"))
    agreed = p.events[-1]
    assert isinstance(agreed, cs.ProposalAgreed)
    assert isinstance(agreed.electorate, frozenset)
    made = cs.ProposalAgreed(
        at=agreed.at, proposal=pid, by=CHAIR, electorate={"gmb"}, rule="unanimity"
    )
    assert isinstance(made.electorate, frozenset)


# -- no dead ends (invariant 14)


def test_an_absent_chair_is_replaced_by_amendment(active: cs.Partnership) -> None:
    p = active
    p.withdraw(by="unison")
    notice = p.withdraw(by=CHAIR)
    assert notice is not None
    assert "any active member may act for the chair" in notice
    # government is now empty: only the admission that refills it may be agreed
    admit = cs.Admit(
        party=cs.PartyRecord(
            id="dss", name="Director of Social Services", constituency="government"
        )
    )
    blocked = p.propose(cs.Resolution(title="T", text="x"), by="gmb")
    p.table(blocked, by="gmb")
    agree_all(p, blocked)
    assert_rejected(p, p.conclude, blocked, by="gmb", error=cs.NotQuorate)
    pid = p.propose(admit, by="gmb")
    p.table(pid, by="rcn")  # any active member acts for the absent chair
    agree_all(p, pid)
    assert p.conclude(pid, by="rcn") is cs.Outcome.AGREED
    chair = p.propose(cs.Amend(chair="dss", rationale="A new chair."), by="gmb")
    p.table(chair, by="gmb")
    agree_all(p, chair)
    assert p.conclude(chair, by="gmb") is cs.Outcome.AGREED
    assert p.charter.chair == "dss"
    assert_rejected(p, p.table, blocked, by="gmb", error=cs.ConsensusError)
    fresh = p.propose(cs.Resolution(title="Again", text="y"), by="gmb")
    assert_rejected(p, p.table, fresh, by="gmb", error=cs.NotEntitled)
    p.table(fresh, by="dss")
    agree_all(p, fresh)
    assert p.conclude(fresh, by="dss") is cs.Outcome.AGREED
    assert cs.check_invariants(p) == []
    assert cs.Partnership.replay(p.events) == p


def test_required_constituencies_are_amendable_while_one_is_empty(
    active: cs.Partnership,
) -> None:
    p = active
    for party in ("national-provider-forum", "care-forum-wales", "wlga"):
        p.withdraw(by=party)
    pid = p.propose(
        cs.Amend(required_constituencies=("government", "workers"), rationale="Regroup."),
        by="unison",
    )
    p.table(pid, by=CHAIR)
    agree_all(p, pid)
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert p.charter.required_constituencies == ("government", "workers")
    decide(p, cs.Resolution(title="T", text="x"))
    assert cs.check_invariants(p) == []


def test_dissolution_ends_every_command_but_not_the_queries(active: cs.Partnership) -> None:
    p = active
    pid = decide(p, cs.Dissolve(rationale="The work is done."))
    assert p.state == "dissolved"
    assert p.dissolved_at == p.events[-1].at
    assert_rejected(
        p, p.propose, cs.Resolution(title="T", text="x"), by="unison", error=cs.ConsensusError
    )
    assert_rejected(p, p.withdraw, by="gmb", error=cs.ConsensusError)
    assert p.proposal(pid).state == "agreed"
    assert cs.check_invariants(p) == []
    assert cs.Partnership.replay(p.events) == p


def test_the_last_withdrawal_dissolves(charter: cs.Charter, clock: cs.SimulatedClock) -> None:
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    members = sorted(p.active_members)
    for party in members[:-1]:
        p.withdraw(by=party)
    notice = p.withdraw(by=members[-1])
    assert notice is not None
    assert "dissolved" in notice
    assert p.state == "dissolved"
    assert cs.check_invariants(p) == []


# -- bad values


def test_ids_must_match_in_full(active: cs.Partnership) -> None:
    for bad in ("unison\n", " unison", "UNISON", "uni son", "unіson"):
        with pytest.raises(cs.InvalidArgument):
            cs.Admit(party=cs.PartyRecord(id=bad, name="Twin", constituency="workers"))


def test_only_iana_zones(charter: cs.Charter) -> None:
    for zone in ("localtime", "Factory", "Europe/Atlantis", ""):
        with pytest.raises(cs.CharterError, match="timezone"):
            cs.check_charter(attrs.evolve(charter, timezone=zone), source="mine")
    cs.check_charter(attrs.evolve(charter, timezone="UTC"), source="mine")


def test_charter_numbers_are_bounded(charter: cs.Charter) -> None:
    for field, value in [
        ("review_grace_months", 100_000),
        ("review_grace_months", -1),
        ("review_period_months", 0),
        ("review_period_months", 121),
        ("version", 0),
    ]:
        with pytest.raises(cs.CharterError, match=field):
            cs.check_charter(attrs.evolve(charter, **{field: value}), source="mine")
    for field, value in [("review_period_months", "12"), ("version", True), ("title", 5)]:
        with pytest.raises(cs.InvalidArgument, match=field):
            attrs.evolve(charter, **{field: value})


@pytest.mark.parametrize(
    "at",
    [
        dt.datetime(1, 1, 1, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
        pendulum.datetime(3000, 1, 1, tz="UTC"),
    ],
)
def test_instants_beyond_what_the_clock_computes_are_refused(
    active: cs.Partnership, at: dt.datetime
) -> None:
    err = assert_rejected(
        active,
        active.propose,
        cs.Resolution(title="T", text="x"),
        by="unison",
        at=at,
        error=cs.InvalidArgument,
    )
    assert str(err).startswith("unison cannot propose")


def test_closing_dates_beyond_the_clock_are_refused() -> None:
    with pytest.raises(cs.InvalidArgument):
        cs.end_of_day(dt.date(9999, 12, 31), "Europe/London")


@pytest.mark.parametrize("now", [lambda: "noon", lambda: dt.datetime(2030, 1, 1), lambda: 1 / 0])
def test_a_clock_that_cannot_tell_the_time_is_a_clock_error(
    active: cs.Partnership, now: object
) -> None:
    class Broken:
        def now(self) -> object:
            return now()  # type: ignore[operator]

    p = cs.Partnership.replay(active.events, clock=Broken())  # type: ignore[arg-type]
    assert_rejected(p, p.withdraw, by="gmb", error=cs.ClockError)


def test_a_position_may_be_given_by_its_value(active: cs.Partnership) -> None:
    p = active
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by=CHAIR)
    p.record_position(pid, "agree", by="gmb")  # type: ignore[arg-type]
    assert p.proposal(pid).positions["gmb"] is cs.Position.AGREE
    err = assert_rejected(p, p.record_position, pid, "yes", by="gmb", error=cs.InvalidArgument)
    assert str(err) == (
        f"gmb cannot record a position on {pid}: position: 'yes' is not one of "
        "agree, abstain, disagree, block."
    )


def test_text_utf8_cannot_encode_is_refused_where_it_enters() -> None:
    with pytest.raises(cs.InvalidArgument, match="lone surrogate"):
        cs.Resolution(title="T", text="half a pair: \ud800")


def test_a_deeply_nested_line_is_an_integrity_error() -> None:
    with pytest.raises(cs.IntegrityError, match="line 1"):
        cs.events_from_jsonl("[" * 100_000)


@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"]),
        min_size=1,
    ).filter(str.strip)
)
def test_any_text_round_trips_one_line_an_event(text: str) -> None:
    at = pendulum.datetime(2025, 1, 1, tz="UTC")
    events = [
        cs.MotionProposed(
            at=at, proposal="p-0001", by="gmb", motion=cs.Resolution(title=text, text=text)
        ),
        cs.CharterSigned(at=at, party="gmb"),
    ]
    encoded = cs.events_to_jsonl(events)
    assert encoded.count("\n") == 2
    assert len(encoded.split("\n")) == 3
    assert cs.events_from_jsonl(encoded) == tuple(events)


def test_restating_the_required_sides_is_no_way_around_the_quorum(
    active: cs.Partnership,
) -> None:
    p = active
    for party in ("national-provider-forum", "care-forum-wales", "wlga"):
        p.withdraw(by=party)
    same = cs.Amend(
        required_constituencies=("employers", "government", "workers"),
        rule="consent",
        rationale="Slip a new rule through.",
    )
    pid = p.propose(same, by="unison")
    p.table(pid, by=CHAIR)
    agree_all(p, pid)
    assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.NotQuorate)


def test_check_invariants_refuses_what_is_not_a_partnership(active: cs.Partnership) -> None:
    with pytest.raises(cs.InvalidArgument, match="a consensus\\.Partnership"):
        cs.check_invariants(active.events)  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match="invariant numbers"):
        cs.check_invariants(active, only=5)  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match="numbers among"):
        cs.check_invariants(active, only={99})
    assert cs.check_invariants(active, only={1, 9}) == []


def test_strict_replay_refuses_an_instant_written_in_another_zone(active: cs.Partnership) -> None:
    log = list(active.events)
    moved = attrs.evolve(log[-1], at=log[-1].at.in_timezone("Asia/Tokyo"))
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay([*log[:-1], moved])


class _Text(str):
    __slots__ = ()


def test_strict_replay_refuses_an_equal_value_of_another_type(active: cs.Partnership) -> None:
    """Equal is not enough: the logged event must hold what the library makes, types too."""
    log = list(active.events)
    last = log[-1]
    name = next(f.name for f in attrs.fields(type(last)) if type(getattr(last, f.name)) is str)
    forged = attrs.evolve(last)
    object.__setattr__(forged, name, _Text(getattr(last, name)))  # past the validators
    assert forged == last
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay([*log[:-1], forged])
    assert cs.Partnership.replay(log) == active


@pytest.mark.parametrize("to", ["2025-01-01", 1735689600, dt.datetime(2025, 1, 1)])
def test_advance_to_a_bad_instant_says_what_could_not_be_done(
    active: cs.Partnership, to: object
) -> None:
    """Advancing time has no actor: the message names the action, never "None"."""
    before = list(active.events)
    with pytest.raises(cs.ConsensusError) as caught:
        active.advance(to=to)  # type: ignore[arg-type]
    assert str(caught.value).startswith("cannot advance the partnership's time: "), caught.value
    assert "None" not in str(caught.value)
    assert list(active.events) == before
