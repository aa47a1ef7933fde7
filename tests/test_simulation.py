"""The seeded simulation (issue 8): determinism, invariants, replay, and everything a year holds."""

from __future__ import annotations

import collections
import datetime as _dt
import random

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import consensus as cs
from consensus.testing import charters, sample_charter


def kinds(p: cs.Partnership) -> collections.Counter[str]:
    return collections.Counter(event.TYPE for event in p.events)


def sound(p: cs.Partnership) -> None:
    """Every invariant holds, and the log replays (strictly, and through the codec) equal."""
    assert cs.check_invariants(p) == []
    assert cs.Partnership.replay(p.events) == p
    assert cs.Partnership.replay(cs.events_from_jsonl(cs.events_to_jsonl(p.events))) == p


# -- determinism


def test_the_same_seed_gives_the_same_log(charter: cs.Charter) -> None:
    """Equal event lists, and equal canonical lines."""
    first = cs.simulate(charter, seed=11, years=2)
    second = cs.simulate(charter, seed=11, years=2)
    assert list(first.events) == list(second.events)
    assert cs.events_to_jsonl(first.events) == cs.events_to_jsonl(second.events)
    assert first == second


def test_the_run_reads_neither_the_wall_clock_nor_the_global_random(
    charter: cs.Charter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own seeded Random and a SimulatedClock only."""

    def wall_clock(*_: object, **__: object) -> None:
        raise AssertionError("the simulation read the wall clock")

    monkeypatch.setattr(pendulum, "now", wall_clock)
    monkeypatch.setattr(cs.SystemClock, "now", wall_clock)
    before = random.getstate()
    p = cs.simulate(charter, seed=4, years=1)
    assert random.getstate() == before
    assert isinstance(p.clock, cs.SimulatedClock)


def test_different_seeds_usually_differ(charter: cs.Charter) -> None:
    logs = {
        cs.events_to_jsonl(cs.simulate(charter, seed=seed, years=1).events) for seed in range(5)
    }
    assert len(logs) >= 4


def test_the_run_keeps_to_its_dates(charter: cs.Charter) -> None:
    """Drafted at the default start, nothing after start + years, the clock left there."""
    p = cs.simulate(charter, seed=3, years=2)
    start = pendulum.datetime(2024, 9, 2, 10, tz=charter.timezone)
    assert p.events[0].at == start
    end = start.add(years=2)
    assert all(cs.instant_key(e.at) <= cs.instant_key(end) for e in p.events)
    assert p.clock.now() == end
    moved = cs.simulate(charter, seed=3, years=1, start=pendulum.datetime(2030, 1, 6, 9, tz="UTC"))
    assert moved.events[0].at == pendulum.datetime(2030, 1, 6, 9, tz="UTC")
    assert str(moved.events[0].at.tzinfo) == charter.timezone


# -- everything the issue lists


def test_a_run_contains_every_kind_of_thing(charter: cs.Charter) -> None:
    """Over a few seeds: meetings with apologies and deputies, reasons, blocks then revisions,
    consultations with responses (some on the closing date), amendments, reviews,
    admissions and withdrawals."""
    totals: collections.Counter[str] = collections.Counter()
    for seed in range(4):
        p = cs.simulate(charter, seed=seed, years=3)
        sound(p)
        totals.update(kinds(p))
        deputies = {
            n.person.id
            for party in p.memberships
            for n in p.nominations(party)
            if n.role == "deputy"
        }
        for meeting in p.meetings.values():
            if meeting.state == "closed":
                totals["quarterly meeting held"] += 1
                totals["deputy present"] += len(set(meeting.present.values()) & deputies)
                totals["meeting with apologies"] += bool(meeting.apologies)
        for proposal in p.proposals.values():
            totals["position with a reason"] += len(proposal.reasons)
            if isinstance(proposal.motion, cs.Resolution) and proposal.motion.title.endswith(
                "(revised)"
            ):
                totals["revised proposal"] += 1
                assert "Revised to meet" in proposal.motion.text
            totals["block"] += sum(pos is cs.Position.BLOCK for pos in proposal.positions.values())
        for consultation in p.consultations.values():
            for response in consultation.responses:
                on_the_day = (
                    response.at.date() == consultation.closes_at.subtract(microseconds=1).date()
                )
                totals["late response"] += on_the_day
            totals["consultation closed early"] += consultation.closed_by is not None
            totals["advisor who never responded"] += len(consultation.awaiting)
        # the chair always sits (it convenes, opens and closes every meeting)
        assert all(
            m.opened_at is None or p.charter.chair in m.present or p.charter.chair in m.apologies
            for m in p.meetings.values()
        )
    for thing in (
        "quarterly meeting held",
        "meeting with apologies",
        "deputy present",
        "position with a reason",
        "block",
        "proposal.withdrawn",
        "revised proposal",
        "proposal.not_agreed",
        "consultation.opened",
        "response.received",
        "late response",
        "consultation closed early",
        "advisor who never responded",
        "charter.amended",
        "review.opened",
        "review.concluded",
        "member.admitted",
        "member.withdrawn",
        "person.nominated",
        "nomination.withdrawn",
    ):
        assert totals[thing] > 0, thing
    assert totals["quarterly meeting held"] == 4 * 3 * 4


def test_a_year_has_four_meetings_and_the_review(charter: cs.Charter) -> None:
    p = cs.simulate(charter, seed=5, years=1)
    assert [m.state for m in p.meetings.values()] == ["closed"] * 4
    # Ratified a few days after the start: the first review falls due a year after that.
    assert p.reviews[0].due == p.ratified_at.add(months=12)
    p = cs.simulate(charter, seed=5, years=2)
    assert p.reviews[0].state == "concluded"


def test_no_two_people_share_a_name(charter: cs.Charter) -> None:
    """Minutes name people: two of one name would make "deputising for" ambiguous."""
    for seed, years in ((1, 3), (7, 30)):
        p = cs.simulate(charter, seed=seed, years=years)
        names = [e.person.name for e in p.events if isinstance(e, cs.PersonNominated)]
        assert len(names) > 14
        assert len(set(names)) == len(names)


# -- any charter


@settings(max_examples=25)
@given(seed=st.integers(), charter=charters(), years=st.integers(1, 2))
def test_any_charter_simulates_soundly(seed: int, charter: cs.Charter, years: int) -> None:
    """Invariants hold and the log replays equal, whatever the charter's shape."""
    p = cs.simulate(charter, seed=seed, years=years)
    sound(p)
    assert p.state == "active"
    assert len(p.meetings) >= 4 * years - 1
    represented = {p.membership(m).party.constituency for m in p.active_members}
    founded = {s.constituency for s in charter.signatories}
    # Departures never empty a required constituency the signatories filled.
    assert set(p.charter.required_constituencies) & founded <= represented


@settings(max_examples=10)
@given(seed=st.integers(0, 2**64))
def test_the_bundled_charter_simulates_soundly_for_any_seed(
    charter: cs.Charter, seed: int
) -> None:
    sound(cs.simulate(charter, seed=seed, years=2))


def test_a_charter_allowing_decisions_only_at_meetings_is_respected(charter: cs.Charter) -> None:
    """No position or conclusion outside a meeting in session with the item on its agenda."""
    strict = attrs.evolve(charter, between_meetings=False, meeting_quorum="all-members")
    p = cs.simulate(strict, seed=2, years=2)
    sound(p)
    assert kinds(p)["proposal.agreed"] > 0
    sitting: str | None = None
    for event in p.events:
        if isinstance(event, cs.MeetingOpened):
            sitting = event.meeting
        elif isinstance(event, cs.MeetingClosed):
            sitting = None
        elif isinstance(event, cs.PositionRecorded | cs.ProposalAgreed | cs.ProposalNotAgreed):
            assert sitting is not None, event


def test_an_empty_required_constituency_is_filled_by_admission() -> None:
    """A charter requiring a side no signatory belongs to: the run admits a party into it."""
    base = sample_charter()
    lonely = attrs.evolve(
        base,
        constituencies=(*base.constituencies, cs.Constituency(id="carers", name="Carers")),
        required_constituencies=(*base.required_constituencies, "carers"),
    )
    p = cs.simulate(lonely, seed=1, years=1)
    sound(p)
    assert any(p.membership(m).party.constituency == "carers" for m in p.active_members)


# -- bad input


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"charter": "charter.toml"}, "charter"),
        ({"seed": "7"}, "seed"),
        ({"seed": 7.0}, "seed"),
        ({"seed": True}, "seed"),
        ({"years": 0}, "years"),
        ({"years": 51}, "years"),
        ({"years": 2.5}, "years"),
        ({"years": False}, "years"),
        ({"start": _dt.datetime(2025, 1, 1, 10)}, "start"),  # naive
        ({"start": "2025-01-01"}, "start"),
        ({"start": _dt.date(2025, 1, 1)}, "start"),
    ],
)
def test_bad_arguments_are_refused_naming_the_value(
    charter: cs.Charter, arguments: dict[str, object], named: str
) -> None:
    given_ = {"charter": charter, "seed": 7, "years": 1, **arguments}
    with pytest.raises(cs.InvalidArgument) as raised:
        cs.simulate(given_.pop("charter"), **given_)  # type: ignore[arg-type]
    assert raised.value.argument == named
    assert str(raised.value).startswith(f"{named}: ")


def test_a_charter_that_is_not_at_version_one_is_a_charter_error(charter: cs.Charter) -> None:
    with pytest.raises(cs.CharterError):
        cs.simulate(attrs.evolve(charter, version=2), seed=1, years=1)
