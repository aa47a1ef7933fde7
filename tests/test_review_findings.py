"""Defects found in review: each test asserts the behaviour the design promises, and fails now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

import attrs
import pendulum
import pytest

import consensus as cs
from consensus.testing import sample_charter

START = pendulum.datetime(2025, 1, 6, 10, tz="Europe/London")


def active(
    charter: cs.Charter | None = None, registry: cs.Registry | None = None
) -> tuple[cs.Partnership, cs.SimulatedClock]:
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(charter or sample_charter(), clock=clock, registry=registry)
    for party in p.charter.signatories:
        clock.advance(minutes=1)
        p.sign(by=party.id)
    return p, clock


def tabled_with_everyone_agreeing(p: cs.Partnership, motion: object, *, by: str) -> str:
    pid = p.propose(motion, by=by)
    p.table(pid, by=by if p.charter.chair not in p.active_members else p.charter.chair)
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)
    return pid


# -- invariant 7 / 14: the quorum exemption is wider than "a way back"


def test_an_amend_that_keeps_the_empty_side_required_is_no_way_back() -> None:
    """With the workers gone, an Amend that still requires the workers cannot end the shortfall.

    DESIGN "Structure that cannot lock itself" exempts only the ways back; the
    code exempts any Amend whose required set differs, so the remaining sides
    rewrite clause 6.3 and the decision rule without the workers by dropping
    *another* side from the requirement.
    """
    p, clock = active()
    for union in ("union-a", "union-b"):
        clock.advance(minutes=1)
        p.withdraw(by=union)
    clock.advance(minutes=1)
    sneak = cs.Amend(
        rationale="Decide without the unions.",
        required_constituencies=("government", "workers"),  # workers still required, still empty
        clauses={"6.3": "The government decides alone."},
        rule="consent",
    )
    pid = tabled_with_everyone_agreeing(p, sneak, by="government")
    before = list(p.events)
    with pytest.raises(cs.NotQuorate):
        p.conclude(pid, by="government")
    assert list(p.events) == before
    assert p.charter.version == 1


# -- invariant 15: the registry a caller holds through p.registry


def test_a_built_in_rule_name_cannot_be_taken_over() -> None:
    """Built-in motion kinds are protected even with replace=True; built-in rule names are not.

    Anyone holding ``p.registry`` (the process-wide default) can make every
    running partnership record a BLOCK as agreed "under unanimity".
    """

    class AlwaysAgreed:
        name = "unanimity"

        def decide(self, ballot: cs.Ballot) -> cs.Outcome:
            return cs.Outcome.AGREED

    registry = cs.Registry()
    with pytest.raises(cs.InvalidArgument):
        registry.register_rule(AlwaysAgreed(), replace=True)  # type: ignore[arg-type]
    assert registry.rule("unanimity") == cs.Unanimity()


def test_a_motion_holding_a_list_cannot_be_rewritten_after_proposing() -> None:
    """A registered motion class with a list field: the caller's list reaches the log."""

    @attrs.frozen(kw_only=True)
    class Note:
        KIND: ClassVar[str] = "review_note"
        lines: list[str]

        def describe(self) -> str:
            return "note"

    registry = cs.Registry()
    registry.register_motion(Note)
    p, _ = active(registry=registry)
    motion = Note(lines=["as proposed"])
    try:
        p.propose(motion, by="union-a")
    except cs.ConsensusError:
        return  # refusing a motion that holds a mutable sequence keeps the promise too
    motion.lines.append("added after the vote")
    logged = p.events[-1]
    assert isinstance(logged, cs.MotionProposed)
    assert list(logged.motion.lines) == ["as proposed"]  # type: ignore[attr-defined]


# -- errors: only ConsensusError escapes, and it names who tried what


def test_a_rule_that_raises_is_a_consensus_error_not_a_crash() -> None:
    """A motion's failing ``check`` becomes InvalidMotion; a failing rule escapes as itself."""

    class Broken:
        name = "broken"

        def decide(self, ballot: cs.Ballot) -> cs.Outcome:
            raise ZeroDivisionError("a defect in a downstream rule")

    registry = cs.Registry()
    registry.register_rule(Broken())  # type: ignore[arg-type]
    p, _ = active(sample_charter(rule="broken"), registry=registry)
    pid = tabled_with_everyone_agreeing(p, cs.Resolution(title="T", text="x"), by="union-a")
    before = list(p.events)
    with pytest.raises(cs.ConsensusError) as refused:
        p.conclude(pid, by="government")
    assert str(refused.value).startswith("government cannot conclude p-0001")
    assert list(p.events) == before
    with pytest.raises(cs.ConsensusError):
        p.tally(pid)


@pytest.mark.parametrize("by", ["", "government\n", "GOVERNMENT"])
def test_a_by_that_is_not_an_id_is_an_invalid_argument(by: str) -> None:
    """docs/design.md, pipeline step 2: ``by`` not an id is InvalidArgument.

    Now it passes as text and is refused as NotEntitled, naming nobody for
    ``""`` (" cannot table p-0001:  is not a member") or splitting the
    message over two lines for ``"government\\n"``.
    """
    p, _ = active()
    pid = p.propose(cs.Resolution(title="T", text="x"), by="union-a")
    with pytest.raises(cs.InvalidArgument):
        p.table(pid, by=by)


FAR: dict[str, Callable[[], object]] = {
    "review_due(text)": lambda: cs.review_due("2025-01-06", 1, 12),  # type: ignore[arg-type]
    "review_due(huge cycle)": lambda: cs.review_due(START, 10**9, 12),
    "instant_key(text)": lambda: cs.instant_key("2025-01-06"),  # type: ignore[call-overload]
    "decide(None, None)": lambda: cs.decide(None, None),  # type: ignore[arg-type]
    "Ballot(electorate=5)": lambda: cs.Ballot(electorate=5, positions={}, constituencies={}),  # type: ignore[arg-type]
    "load_charter(5)": lambda: cs.load_charter(5),  # type: ignore[arg-type]
    "SimulatedClock.advance(seconds=nan)": lambda: cs.SimulatedClock(START).advance(
        seconds=float("nan")
    ),
    "SimulatedClock.advance(days='1')": lambda: cs.SimulatedClock(START).advance(days="1"),  # type: ignore[arg-type]
    "SimulatedClock.advance(years=10000)": lambda: cs.SimulatedClock(START).advance(years=10000),
}


@pytest.mark.parametrize("call", sorted(FAR))
def test_public_functions_outside_the_fuzz_refuse_with_a_consensus_error(call: str) -> None:
    """Issue 7: every public call raises only ConsensusError; the fuzz sweep leaves these out."""
    with pytest.raises(cs.ConsensusError):
        FAR[call]()


def test_the_simulated_clock_refuses_to_advance_past_the_years_it_can_set() -> None:
    """``set`` refuses year 3025; ``advance`` goes there, and every command then fails."""
    clock = cs.SimulatedClock(START)
    with pytest.raises(cs.ConsensusError):
        clock.set(START.add(years=1000))
    with pytest.raises(cs.ConsensusError):
        clock.advance(years=1000)
    assert clock.now() == START
    assert isinstance(clock.now(), dt.datetime)


# -- the oracle: invariant 5 goes silent when the Amend names a chair who was not a signatory


def test_invariant_5_sees_a_forged_charter_whatever_the_amendment_names() -> None:
    """``_charter_history`` recomputes the amendment without the members, gets a
    CharterError for a chair admitted later, and then checks nothing: a forged
    ``charter.amended`` (rule changed, clauses dropped) passes invariant 5."""
    p, clock = active()
    unite = cs.PartyRecord(id="unite", name="Unite", constituency="workers")
    for motion in (cs.Admit(party=unite), cs.Amend(rationale="Unite chairs.", chair="unite")):
        clock.advance(days=1)
        pid = tabled_with_everyone_agreeing(p, motion, by="union-a")
        assert p.conclude(pid, by=p.charter.chair) is cs.Outcome.AGREED
    log = list(p.events)
    i = max(j for j, e in enumerate(log) if isinstance(e, cs.CharterAmended))
    amended = log[i]
    assert isinstance(amended, cs.CharterAmended)
    forged_charter = attrs.evolve(
        amended.charter, rule="consent", clauses=amended.charter.clauses[:1]
    )
    forged = [*log[:i], attrs.evolve(amended, charter=forged_charter), *log[i + 1 :]]
    q = cs.Partnership.replay(forged, trusted=True)
    assert cs.check_invariants(q, only={5})
