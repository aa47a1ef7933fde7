"""Checks that a mutation of the kernel would get past: each is made to fail on purpose here.

Deleting one line of the invariant checker, a workflow's refusal or a rule's
comparison must turn a test red. Each test below feeds the check exactly the
fault it exists for and asserts that the check names it.
"""

from __future__ import annotations

import attrs
import pytest

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import agree_all, decide
from .test_integrity import forged, tabled

CHAIR = "welsh-government"


def details(p: cs.Partnership, invariant: int) -> list[str]:
    return [v.detail for v in cs.check_invariants(p) if v.invariant == invariant]


def test_only_the_chair_opens_a_due_review(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    due = active.next_review_due
    assert due is not None
    clock.set(due)
    err = assert_rejected(active, active.open_review, by="unison", error=cs.NotEntitled)
    assert "unison" in str(err)
    assert "chair" in str(err)
    assert active.open_review(by=CHAIR) == "r-0001"


def test_a_party_active_without_an_agreed_admit_is_named(active: cs.Partnership) -> None:
    """Invariant 7, read off the state: a member the log never admitted is named.

    A forged admission is caught as an event; this is the same hole seen from
    the tables, built by hand: an active membership no event made.
    """
    pid = tabled(active)
    stranger = cs.PartyRecord(id="stranger", name="Stranger", constituency="workers")
    bad = forged(active, cs.MemberAdmitted(at=active.last_event_at, party=stranger, proposal=pid))
    assert any("admitted without an agreed Admit" in d for d in details(bad, 7))
    other = cs.PartyRecord(id="other", name="Other", constituency="workers")
    membership = attrs.evolve(active.membership("unison"), party=other)
    active._s.members["other"] = membership
    active._s.active.add("other")
    found = details(active, 7)
    assert "other is active without an agreed Admit" in found


def test_an_amendment_that_made_two_versions_is_named(active: cs.Partnership) -> None:
    """Invariant 5: one agreed Amend, one version; a second CharterAmended is reported."""
    pid = decide(active, cs.Amend(rationale="Tidy.", clauses={"7.2": "No funding."}))
    amended = next(e for e in active.events if isinstance(e, cs.CharterAmended))
    twice = attrs.evolve(amended, version=amended.version + 1)
    bad = forged(active, twice)
    assert f"{pid} made 2 charter versions" in details(bad, 5)


def test_a_concluded_review_that_scheduled_nothing_is_named(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Invariant 6: concluding a review schedules the next; a log without it is reported."""
    due = active.next_review_due
    assert due is not None
    clock.set(due)
    review = active.open_review(by=CHAIR)
    decide(active, cs.ConcludeReview(review=review, findings="All well."))
    log = list(active.events)
    cut = next(i for i, e in enumerate(log) if isinstance(e, cs.ReviewScheduled) and e.cycle == 2)
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay(log[:cut] + log[cut + 1 :])
    bad = cs.Partnership.replay(log[:cut] + log[cut + 1 :], trusted=True)
    assert f"concluding {review} scheduled no next review" in details(bad, 6)


@pytest.mark.parametrize(
    ("positions", "outcome"),
    [
        ({"a": cs.Position.AGREE, "b": cs.Position.DISAGREE}, cs.Outcome.AGREED),
        ({"a": cs.Position.DISAGREE, "b": cs.Position.DISAGREE}, cs.Outcome.NOT_AGREED),
        ({"a": cs.Position.ABSTAIN, "b": cs.Position.ABSTAIN}, cs.Outcome.NOT_AGREED),
        ({"a": cs.Position.AGREE, "b": cs.Position.ABSTAIN}, cs.Outcome.AGREED),
        ({"a": cs.Position.AGREE, "b": cs.Position.BLOCK}, cs.Outcome.NOT_AGREED),
        ({"a": cs.Position.AGREE}, cs.Outcome.PENDING),
    ],
)
def test_consent_needs_one_agreement_and_no_block(
    positions: dict[str, cs.Position], outcome: cs.Outcome
) -> None:
    assert cs.Consent().evaluate({"a", "b"}, positions) is outcome


def test_a_workflow_refuses_a_transition_it_does_not_declare(active: cs.Partnership) -> None:
    """Applying a move the declaration lacks is an IntegrityError, even on trusted replay."""
    proposal = cs.workflow("proposal")
    with pytest.raises(cs.IntegrityError, match="no transition 'table' from 'agreed'"):
        proposal.next_state("agreed", "table")
    pid = tabled(active)
    agree_all(active, pid)
    active.conclude(pid, by=CHAIR)
    again = cs.ProposalTabled(at=active.last_event_at, proposal=pid, by=CHAIR)
    with pytest.raises(cs.IntegrityError, match="no transition"):
        cs.Partnership.replay([*active.events, again], trusted=True)


def test_a_rule_that_answers_something_else_is_an_integrity_error() -> None:
    @attrs.frozen
    class Shrug:
        name = "shrug"

        def decide(self, ballot: cs.Ballot) -> object:
            return "agreed"

    ballot = cs.Ballot(
        electorate=frozenset({"a"}),
        positions={"a": cs.Position.AGREE},
        constituencies={"a": "workers"},
    )
    with pytest.raises(cs.IntegrityError, match="returned 'agreed', not an Outcome"):
        cs.decide(Shrug(), ballot)  # type: ignore[arg-type]


@pytest.mark.parametrize("electorate", ["ab", 5, [["a"]], None])
def test_a_ballot_refuses_an_electorate_that_is_not_a_set_of_ids(electorate: object) -> None:
    with pytest.raises(cs.InvalidArgument, match="electorate"):
        cs.Ballot(electorate=electorate, positions={}, constituencies={})  # type: ignore[arg-type]


def test_a_ballot_is_keyword_only_and_hashable_with_its_read_only_mappings() -> None:
    ballot = cs.Ballot(
        electorate={"a"}, positions={"a": cs.Position.AGREE}, constituencies={"a": "workers"}
    )
    assert hash(ballot) == hash(attrs.evolve(ballot, positions={}))
    with pytest.raises(TypeError):
        cs.Ballot(frozenset({"a"}), {}, {})  # type: ignore[misc]


@pytest.mark.parametrize("rule", [cs.Unanimity(), cs.Consent()])
def test_the_built_in_rules_are_values(rule: cs.DecisionRule) -> None:
    """Equal to a fresh copy and to nothing else, hashed by name, shown as constructed."""
    other = cs.Consent() if isinstance(rule, cs.Unanimity) else cs.Unanimity()
    assert rule == type(rule)()
    assert rule != other
    assert hash(rule) == hash(rule.name)
    assert repr(rule) == f"{type(rule).__name__}()"
    assert len({rule, type(rule)(), other}) == 2


WORKFLOWS = cs.workflow.__globals__["WORKFLOWS"]


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_each_workflow_table_answers_as_the_transitions_machine_does(name: str) -> None:
    """next_state reads a table; fire asks the `transitions` machine; they agree everywhere."""
    from transitions import MachineError

    flow = cs.workflow(name)
    assert flow is WORKFLOWS[name]
    assert repr(flow) == f"<Workflow {name}: {', '.join(flow.states)}>"
    declared = {(source, trigger): dest for source, trigger, dest in flow.transitions}
    assert declared
    triggers = {trigger for _, trigger in declared}
    for state in flow.states:
        # the machine offers exactly the declared triggers (no automatic to_<state>)
        offered = set(flow.machine.get_triggers(state))
        assert offered == {t for (s, t) in declared if s == state}, state
        for trigger in sorted(triggers):
            if (state, trigger) in declared:
                dest = declared[(state, trigger)]
                assert flow.fire(state, trigger) == flow.next_state(state, trigger)
                assert flow.next_state(state, trigger) == (state if dest is None else dest)
            else:
                with pytest.raises(MachineError):
                    flow.fire(state, trigger)
                with pytest.raises(cs.IntegrityError):
                    flow.next_state(state, trigger)


def test_an_unknown_workflow_is_named_with_the_ones_there_are() -> None:
    with pytest.raises(cs.UnknownReference, match="proposal"):
        cs.workflow("nonsense")
    with pytest.raises(cs.UnknownReference):
        cs.workflow(["proposal"])  # type: ignore[arg-type]


def test_amending_the_period_with_a_review_current_counts_from_that_review(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """A new period applies from the review in hand: the next falls due one new period after it."""
    first = active.current_review
    assert first is not None
    decide(active, cs.Amend(rationale="Twice a year.", review_period_months=6))
    due = active.review(first.id).due
    clock.set(due)
    review = active.open_review(by=CHAIR)
    decide(active, cs.ConcludeReview(review=review, findings="Done."))
    following = active.current_review
    assert following is not None
    assert following.cycle == first.cycle + 1
    assert following.due == due.add(months=6)
    assert cs.check_invariants(active) == []


def test_a_workflow_answers_from_its_declaration() -> None:
    """Triggers per state, terminal states and phrased options, read from one small declaration."""
    from consensus._workflows import Workflow

    door = Workflow(
        "door",
        states=("shut", "open", "gone"),
        initial="shut",
        transitions=[
            ("open", "shut", "open"),
            ("shut", "open", "shut"),
            ("remove", ("shut", "open"), "gone"),
        ],
        phrases={"open": "be opened", "remove": "be removed"},
    )
    assert door.triggers("shut") == ("open", "remove")
    assert door.triggers("open") == ("shut", "remove")
    assert door.terminal_states == frozenset({"gone"})
    assert door.options("shut") == ("be opened", "be removed")
    assert door.options("open") == ("be removed",)
    assert Workflow("bare", states=("a",), initial="a", transitions=[]).options("a") == ()
