"""Checks that ship with ``consensus``, for its own tests and for yours.

- :func:`assert_rejected` checks invariant 10 for one call: it must raise a
  :class:`~consensus.ConsensusError` and leave the log and the state as they were.
- :func:`check_rule_conformance` checks that a :class:`~consensus.DecisionRule`
  keeps the promises the partnership relies on.
- :class:`PartnershipMachine` is a hypothesis ``RuleBasedStateMachine`` whose
  rules are the partnership's commands, valid and invalid calls mixed, checking
  every invariant after every step. Subclass it to add rules for your own use.
- :func:`sample_charter` is a small valid charter to test with.

This module needs ``hypothesis`` (``pip install consensus[testing]``).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from .._charter import AdvisorRecord, Charter, Clause, Constituency, PartyRecord
from .._clock import SimulatedClock
from .._clock import instant_key as _key
from .._errors import ConsensusError
from .._invariants import check_invariants
from .._motions import Admit, Amend, ConcludeReview, Consult, Resolution
from .._partnership import Partnership
from .._records import Channel
from .._registry import decide
from .._rules import Ballot, DecisionRule, Outcome, Position

__all__ = [
    "PartnershipMachine",
    "RejectionNotClean",
    "assert_rejected",
    "check_rule_conformance",
    "sample_charter",
]

T = TypeVar("T")


class RejectionNotClean(AssertionError):
    """A refused command changed the log or the state, or was not refused at all."""


def assert_rejected(
    p: Partnership,
    command: Callable[..., Any],
    *args: Any,
    error: type[ConsensusError] = ConsensusError,
    **kwargs: Any,
) -> ConsensusError:
    """Call ``command(*args, **kwargs)``; it must raise ``error`` and change nothing.

    Invariant 10: a rejected command leaves the log and the state exactly as
    they were. Any exception that is not a ``ConsensusError`` propagates as it
    is: it is a defect, whatever the input was.

    Args:
        p: the partnership the command acts on.
        command: a bound method of ``p`` (``p.conclude``) or any callable.
        error: the ``ConsensusError`` subclass expected.

    Returns:
        The error raised, for further checks of its message or attributes.

    Raises:
        RejectionNotClean: the command succeeded, raised another kind of
            ``ConsensusError``, or changed the log or the state.

    Examples:
        >>> import consensus as cs, pendulum
        >>> from consensus.testing import assert_rejected, sample_charter
        >>> p = cs.Partnership.draft(sample_charter(), clock=cs.SimulatedClock(
        ...     pendulum.datetime(2025, 1, 6, tz="Europe/London")))
        >>> err = assert_rejected(p, p.sign, by="nobody", error=cs.NotEntitled)
        >>> err.party
        'nobody'
    """
    before = p.events
    try:
        command(*args, **kwargs)
    except ConsensusError as err:
        if not isinstance(err, error):
            raise RejectionNotClean(
                f"expected {error.__name__}, got {type(err).__name__}: {err}"
            ) from err
        if p.events != before:
            raise RejectionNotClean(
                f"the log changed although the command was refused: {err}"
            ) from err
        if p != Partnership.replay(before):
            raise RejectionNotClean(
                f"the state changed although the command was refused: {err}"
            ) from err
        return err
    raise RejectionNotClean(f"{getattr(command, '__name__', command)} was not refused")


def sample_charter(*, rule: str = "unanimity", timezone: str = "Europe/London") -> Charter:
    """Return a small valid charter: three constituencies, five signatories, three advisors.

    Examples:
        >>> [party.id for party in sample_charter().signatories]
        ['government', 'union-a', 'union-b', 'employer-a', 'employer-b']
    """
    return Charter(
        title="Sample partnership",
        version=1,
        ratification_month="2024-02",
        timezone=timezone,
        review_period_months=12,
        review_grace_months=3,
        rule=rule,
        chair="government",
        constituencies=(
            Constituency(id="government", name="Government"),
            Constituency(id="workers", name="Trade unions"),
            Constituency(id="employers", name="Employers"),
        ),
        required_constituencies=("government", "workers", "employers"),
        signatories=(
            PartyRecord(id="government", name="Government", constituency="government"),
            PartyRecord(id="union-a", name="Union A", constituency="workers"),
            PartyRecord(id="union-b", name="Union B", constituency="workers"),
            PartyRecord(id="employer-a", name="Employer A", constituency="employers"),
            PartyRecord(id="employer-b", name="Employer B", constituency="employers"),
        ),
        advisors=(
            AdvisorRecord(id="expert-a", name="Expert A"),
            AdvisorRecord(id="expert-b", name="Expert B"),
            AdvisorRecord(id="expert-c", name="Expert C"),
        ),
        clauses=(
            Clause(
                id="1.1", heading="Purpose", text="The partners agree models of good practice."
            ),
            Clause(
                id="3.3",
                heading="Scope",
                text="The partners review these arrangements every year.",
            ),
            Clause(id="6.2", heading="Governance", text="These terms change only by agreement."),
            Clause(id="6.3", heading="Governance", text="Decisions are unanimous."),
            Clause(id="7.2", heading="Disclaimer", text="No central funding is available."),
        ),
        scope=("care home staff",),
    )


# ----------------------------------------------------------------------------- rules


def check_rule_conformance(
    rule: DecisionRule,
    electorate: Iterable[str],
    positions: Mapping[str, Position],
    *,
    constituencies: Mapping[str, str] | None = None,
    kind: str = "resolution",
) -> list[str]:
    """Return the ways ``rule`` breaks its contract on one case (``[]`` if none).

    The contract: the outcome is an :class:`~consensus.Outcome`; it is the
    same when asked twice; positions of parties outside the electorate never
    change it; with every position in it is never ``PENDING``; and with some
    positions missing it is ``PENDING`` exactly when the missing positions
    could still lead to different outcomes (otherwise it is that one outcome).
    Use it under hypothesis with generated electorates and positions.

    Args:
        rule: the rule to check (with ``decide(ballot)``, or a 0.1-style ``evaluate``).
        electorate: a non-empty set of party ids (keep it small: the check
            tries every way of filling in the missing positions).
        positions: the positions recorded so far, possibly from outsiders too.
        constituencies: each party's constituency (default: all in ``"members"``).
        kind: the motion kind the ballot decides.

    Examples:
        >>> import consensus as cs
        >>> check_rule_conformance(cs.Unanimity(), {"a", "b"}, {"a": cs.Position.AGREE})
        []
    """
    voters = frozenset(electorate)
    parties = voters | positions.keys()
    sides = (
        dict(constituencies) if constituencies is not None else dict.fromkeys(parties, "members")
    )

    def outcome_of(cast: Mapping[str, Position]) -> object:
        ballot = Ballot(electorate=voters, positions=cast, constituencies=sides, kind=kind)
        try:
            return decide(rule, ballot)
        except ConsensusError as err:
            return err

    problems: list[str] = []
    outcome = outcome_of(positions)
    if not isinstance(outcome, Outcome):
        return [f"{rule.name} returned {outcome!r}, not an Outcome"]
    if outcome_of(positions) is not outcome:
        problems.append(f"{rule.name} gave two outcomes for the same positions")
    inside = {party: position for party, position in positions.items() if party in voters}
    if outcome_of(inside) is not outcome:
        problems.append(f"{rule.name}: positions from outside the electorate changed the outcome")
    missing = sorted(voters - inside.keys())
    if not missing:
        if outcome is Outcome.PENDING:
            problems.append(f"{rule.name} is PENDING although every position is in")
        return problems
    finals = {
        outcome_of({**inside, **dict(zip(missing, filled, strict=True))})
        for filled in itertools.product(list(Position), repeat=len(missing))
    }
    if len(finals) > 1 and outcome is not Outcome.PENDING:
        problems.append(
            f"{rule.name} settled on {outcome.value} while {', '.join(missing)} could still change it"
        )
    if len(finals) == 1 and outcome not in finals:
        (only,) = finals
        problems.append(
            f"{rule.name} said {outcome.value}, but every way the missing positions fall gives {only}"
        )
    return problems


# ----------------------------------------------------------------------------- stateful machine


def _utc(text: str) -> pendulum.DateTime:
    return pendulum.instance(_dt.datetime.fromisoformat(text), tz="UTC")


_LANDMARKS = tuple(
    _utc(text)
    for text in (
        # the BST changes (01:00 UTC) and the last days of February
        "2024-03-31T00:30:00+00:00",
        "2024-03-31T01:00:00+00:00",
        "2024-10-27T00:30:00+00:00",  # 01:30 BST
        "2024-10-27T00:59:00+00:00",  # 01:59 BST
        "2024-10-27T01:00:00+00:00",  # 01:00 GMT: the wall clock goes back
        "2024-10-27T01:30:00+00:00",  # 01:30 GMT, the same wall time as 01:30 BST
        "2025-02-28T23:00:00+00:00",
        "2025-03-30T01:00:00+00:00",
        "2025-10-26T01:00:00+00:00",
        "2026-02-28T12:00:00+00:00",
        "2026-03-29T01:00:00+00:00",
        "2026-10-25T01:00:00+00:00",
        "2027-03-28T00:59:59+00:00",
        "2028-02-29T09:00:00+00:00",
    )
)


class PartnershipMachine(RuleBasedStateMachine):
    """A hypothesis state machine: the partnership's commands as rules.

    Every rule calls a command with arguments drawn from ids that exist and
    ids that do not, by the right party and the wrong one; a refused call must
    raise a :class:`~consensus.ConsensusError` and change nothing (checked by
    :func:`assert_rejected`'s logic), and after every step
    :func:`~consensus.check_invariants` must find nothing. Time moves forward
    by hours, days, months, and to landmarks: the BST changes and the end of
    February.

    Subclass it to check an extension: set :attr:`charter`, add rules that
    call your commands through :meth:`attempt`, and expose it to pytest with
    ``TestMine = MyMachine.TestCase``.

    Attributes:
        charter: the charter every run drafts from.
        start: when each run begins (29 February 2024, 09:00 in the charter's zone).
        steps: how many rules ran in this process, across all runs.
    """

    charter: ClassVar[Charter] = sample_charter()
    start: ClassVar[_dt.datetime] = pendulum.datetime(2024, 2, 29, 9, tz="Europe/London")
    steps: ClassVar[int] = 0
    refused: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        self.clock = SimulatedClock(self.start)
        self.p = Partnership.draft(self.charter, clock=self.clock)
        self.serial = itertools.count(1)

    # -- helpers

    def attempt(self, command: Callable[..., T], *args: Any, **kwargs: Any) -> T | ConsensusError:
        """Run a command; if refused, check that it changed nothing, and return the error."""
        type(self).steps += 1
        before = self.p.events
        try:
            return command(*args, **kwargs)
        except ConsensusError as err:
            type(self).refused += 1
            if self.p.events != before:
                raise RejectionNotClean(f"the log changed although refused: {err}") from err
            if self.p != Partnership.replay(before):
                raise RejectionNotClean(f"the state changed although refused: {err}") from err
            if not str(err).strip():
                raise RejectionNotClean(f"{type(err).__name__} has no message") from err
            return err

    def actor(self, data: st.DataObject, likely: Iterable[str], label: str = "by") -> str:
        """Draw who acts: usually one of ``likely``, sometimes anyone at all."""
        likely = list(likely)
        anyone = st.sampled_from(self.parties())
        choice = (
            st.one_of(st.sampled_from(likely), st.sampled_from(likely), anyone)
            if likely
            else anyone
        )
        return data.draw(choice, label=label)

    def expect(self, result: object, *, valid: bool, call: str) -> None:
        """The oracle: a call the model knows to be valid must not be refused."""
        if valid and isinstance(result, ConsensusError):
            raise AssertionError(f"{call} was refused although valid: {result}")

    def chair_acting(self, by: str) -> bool:
        """Whether ``by`` is the chair and an active member."""
        return by == self.chair and by in self.p.active_members

    def state_of(self, pid: str) -> str | None:
        """The state of proposal ``pid``, or ``None`` if there is none."""
        proposal = self.p.proposals.get(pid)
        return proposal.state if proposal else None

    def members(self) -> list[str]:
        """The active members, sorted."""
        return sorted(self.p.active_members)

    def pick_proposal(self, data: st.DataObject, *states: str) -> str:
        """Draw a proposal id: usually one in ``states``, sometimes any, or none that exists."""
        fitting = [pid for pid, proposal in self.p.proposals.items() if proposal.state in states]
        return (
            self.actor(data, fitting, label="pid")
            if fitting
            else data.draw(st.sampled_from(self.proposal_ids()), label="pid")
        )

    def pick_consultation(self, data: st.DataObject) -> str:
        """Draw a consultation id: usually an open one, sometimes any, or none that exists."""
        open_ = [cid for cid, c in self.p.consultations.items() if c.state == "open"]
        every = [*self.p.consultations, "p-9999"]
        return data.draw(
            st.one_of(st.sampled_from(open_), st.sampled_from(every))
            if open_
            else st.sampled_from(every),
            label="cid",
        )

    def quorate_without(self, party: str) -> bool:
        """Whether every required constituency keeps an active member if ``party`` leaves."""
        remaining = {
            self.p.membership(m).party.constituency for m in self.p.active_members if m != party
        }
        return set(self.p.charter.required_constituencies) <= remaining

    def parties(self) -> list[str]:
        """Every party id worth trying: members, former members, advisors and strangers."""
        return [*self.p.memberships, "expert-a", "stranger"]

    def proposal_ids(self) -> list[str]:
        """Existing proposal ids and one that does not exist."""
        return [*self.p.proposals, "p-9999"]

    @property
    def chair(self) -> str:
        """The chair under the charter in force."""
        return self.p.charter.chair

    # -- commands

    @initialize(signatures=st.sampled_from(["all", "all", "all", "some"]), data=st.data())
    def form(self, signatures: str, data: st.DataObject) -> None:
        signatories = [party.id for party in self.charter.signatories]
        if signatures == "some":
            signatories = data.draw(
                st.lists(st.sampled_from(signatories), unique=True, max_size=len(signatories) - 1),
                label="signers",
            )
        for party in signatories:
            self.clock.advance(minutes=10)
            self.attempt(self.p.sign, by=party)

    @rule(data=st.data())
    def sign(self, data: st.DataObject) -> None:
        unsigned = [party for party, m in self.p.memberships.items() if m.state == "pending"]
        by = self.actor(data, unsigned)
        self.expect(self.attempt(self.p.sign, by=by), valid=by in unsigned, call=f"sign by {by}")

    @rule(
        data=st.data(),
        kind=st.sampled_from(["resolution", "admit", "consult", "amend", "review"]),
        dissent=st.sampled_from([None, None, Position.ABSTAIN, Position.DISAGREE, Position.BLOCK]),
    )
    def pass_motion(self, data: st.DataObject, kind: str, dissent: Position | None) -> None:
        """Carry a valid motion through: propose, table, positions, conclude.

        Everyone agrees, unless ``dissent`` is drawn: then one member changes
        its position to it, and the rule decides what that means.
        """
        members = self.members()
        if not members:
            return
        n = next(self.serial)
        proposer = data.draw(st.sampled_from(members), label="proposer")
        motion: Any
        if kind == "admit":
            constituency = data.draw(
                st.sampled_from(self.p.charter.constituency_ids), label="constituency"
            )
            motion = Admit(
                party=PartyRecord(id=f"member-{n}", name=f"Member {n}", constituency=constituency)
            )
        elif kind == "consult":
            target = self.attempt(
                self.p.propose,
                Resolution(title=f"Draft policy {n}", text="For consultation."),
                by=proposer,
            )
            if not isinstance(target, str):
                return
            self.attempt(self.p.table, target, by=self.chair)
            advisors = sorted(self.p.charter.advisor_ids)
            if not advisors:
                return
            days = data.draw(st.integers(min_value=0, max_value=30), label="days")
            closes = self.clock.now().in_timezone(self.p.charter.timezone).date().add(days=days)
            motion = Consult(
                proposal=target, advisors=tuple(advisors[:2]), question="Views?", closes=closes
            )
        elif kind == "amend":
            motion = Amend(
                clauses={f"9.{n}": f"Added by amendment {n}."}, rationale="Keep the terms current."
            )
        elif kind == "review":
            current = self.p.current_review
            if current is None:
                return
            if current.state == "scheduled" and data.draw(st.booleans(), label="wait until due"):
                self.clock.set(max(self.clock.now(), current.due, key=_key))
            if current.state in ("scheduled", "due"):
                self.attempt(self.p.open_review, by=self.chair)
            motion = ConcludeReview(review=current.id, findings=f"Findings {n}.")
        else:
            motion = Resolution(
                title=f"Model policy {n}", text="The model text.", topic="model HR policies"
            )
        pid = self.attempt(self.p.propose, motion, by=proposer)
        if not isinstance(pid, str):
            return
        self.attempt(self.p.table, pid, by=self.chair)
        for member in self.members():
            self.attempt(self.p.record_position, pid, Position.AGREE, by=member)
        if dissent is not None and self.members():
            dissenter = data.draw(st.sampled_from(self.members()), label="dissenter")
            self.attempt(self.p.record_position, pid, dissent, by=dissenter)
        self.attempt(self.p.conclude, pid, by=self.chair)
        if kind == "consult" and pid in self.p.consultations:
            consultation = self.p.consultation(pid)
            for advisor in consultation.advisors:
                if data.draw(st.booleans(), label=f"{advisor} responds"):
                    channel = data.draw(st.sampled_from(list(Channel)), label="channel")
                    self.attempt(
                        self.p.respond, pid, f"{advisor}'s view.", by=advisor, channel=channel
                    )
            if data.draw(st.booleans(), label="close early"):
                self.attempt(self.p.close_consultation, pid, by=self.chair)

    @rule(
        data=st.data(),
        title=st.sampled_from(
            ["Model induction policy", "Access to trade unions", "Whistleblowing"]
        ),
    )
    def propose_resolution(self, data: st.DataObject, title: str) -> None:
        by = self.actor(data, self.members())
        self.attempt(
            self.p.propose, Resolution(title=title, text=f"{title}: the model text."), by=by
        )

    @rule(
        data=st.data(),
        party=st.sampled_from(["new-union", "new-employer", "union-a", "expert-b"]),
        constituency=st.sampled_from(["workers", "employers", "government", "nobody"]),
    )
    def propose_admit(self, data: st.DataObject, party: str, constituency: str) -> None:
        by = self.actor(data, self.members())
        record = PartyRecord(
            id=party, name=party.replace("-", " ").title(), constituency=constituency
        )
        self.attempt(self.p.propose, Admit(party=record), by=by)

    @rule(
        data=st.data(),
        advisors=st.lists(
            st.sampled_from(["expert-a", "expert-b", "expert-c", "union-a", "new-expert"]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
        days=st.integers(min_value=-2, max_value=45),
    )
    def propose_consult(self, data: st.DataObject, advisors: list[str], days: int) -> None:
        by = self.actor(data, self.members())
        target = self.pick_proposal(data, "deliberating")
        closes = self.clock.now().in_timezone(self.p.charter.timezone).date().add(days=days)
        motion = Consult(
            proposal=target, advisors=tuple(advisors), question="Is it workable?", closes=closes
        )
        self.attempt(self.p.propose, motion, by=by)

    @rule(
        data=st.data(),
        change=st.sampled_from(
            [
                "replace",
                "remove",
                "add",
                "add_advisor",
                "remove_advisor",
                "rule",
                "bad_remove",
                "advisor_is_party",
            ]
        ),
    )
    def propose_amend(self, data: st.DataObject, change: str) -> None:
        by = self.actor(data, self.members())
        charter = self.p.charter
        clause = data.draw(st.sampled_from([c.id for c in charter.clauses]), label="clause")
        n = next(self.serial)
        motions = {
            "replace": lambda: Amend(clauses={clause: f"Revised text {n}."}, rationale="Clarify."),
            "remove": lambda: Amend(clauses={clause: None}, rationale="No longer needed."),
            "add": lambda: Amend(clauses={f"8.{n}": f"New clause {n}."}, rationale="Extend."),
            "add_advisor": lambda: Amend(
                add_advisors=(AdvisorRecord(id=f"expert-{n}", name=f"Expert {n}"),),
                rationale="Widen.",
            ),
            "remove_advisor": lambda: Amend(
                remove_advisors=(
                    data.draw(
                        st.sampled_from(sorted(charter.advisor_ids) or ["none"]), label="advisor"
                    ),
                ),
                rationale="Narrow.",
            ),
            "rule": lambda: Amend(
                rule=data.draw(st.sampled_from(["unanimity", "consent"]), label="rule"),
                rationale="Change the rule.",
            ),
            "bad_remove": lambda: Amend(clauses={"99.9": None}, rationale="Remove nothing."),
            "advisor_is_party": lambda: Amend(
                add_advisors=(AdvisorRecord(id="union-b", name="Union B"),), rationale="Confused."
            ),
        }
        self.attempt(self.p.propose, motions[change](), by=by)

    @rule(data=st.data())
    def propose_conclude_review(self, data: st.DataObject) -> None:
        by = self.actor(data, self.members())
        review = data.draw(
            st.sampled_from([r.id for r in self.p.reviews] + ["r-0099"]), label="review"
        )
        self.attempt(
            self.p.propose, ConcludeReview(review=review, findings="The arrangements work."), by=by
        )

    @rule(data=st.data())
    def table(self, data: st.DataObject) -> None:
        pid = self.pick_proposal(data, "draft")
        by = self.actor(data, [self.chair])
        valid = self.chair_acting(by) and self.state_of(pid) == "draft"
        self.expect(
            self.attempt(self.p.table, pid, by=by), valid=valid, call=f"table {pid} by {by}"
        )

    @rule(data=st.data(), position=st.sampled_from([*Position, "agree", None]))
    def record_position(self, data: st.DataObject, position: Any) -> None:
        pid = self.pick_proposal(data, "deliberating")
        by = self.actor(data, self.members())
        valid = (
            by in self.p.active_members
            and isinstance(position, Position)
            and self.state_of(pid) == "deliberating"
        )
        self.expect(
            self.attempt(self.p.record_position, pid, position, by=by),
            valid=valid,
            call=f"{by} records {position} on {pid}",
        )

    @rule(data=st.data())
    def everyone_agrees(self, data: st.DataObject) -> None:
        pid = self.pick_proposal(data, "deliberating")
        for member in sorted(self.p.active_members):
            self.attempt(self.p.record_position, pid, Position.AGREE, by=member)

    @rule(data=st.data())
    def withdraw_proposal(self, data: st.DataObject) -> None:
        pid = self.pick_proposal(data, "draft", "deliberating", "consulting")
        proposer = self.p.proposals[pid].proposer if pid in self.p.proposals else "stranger"
        by = self.actor(data, [proposer])
        self.attempt(self.p.withdraw_proposal, pid, by=by)

    @rule(data=st.data())
    def conclude(self, data: st.DataObject) -> None:
        pid = self.pick_proposal(data, "deliberating")
        by = self.actor(data, [self.chair])
        before = self.p.active_members
        outcome = self.attempt(self.p.conclude, pid, by=by)
        if isinstance(outcome, Outcome):
            proposal = self.p.proposal(pid)
            assert proposal.electorate == before, (
                "the electorate is the active members at conclusion"
            )
            assert proposal.outcome is outcome

    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        by = self.actor(
            data, [m for m in self.members() if m != self.chair and self.quorate_without(m)]
        )
        valid = self.p.state == "active" and by in self.p.active_members
        self.expect(self.attempt(self.p.withdraw, by=by), valid=valid, call=f"withdraw {by}")

    @rule(data=st.data(), channel=st.sampled_from([*Channel, "email", "pigeon"]))
    def respond(self, data: st.DataObject, channel: Any) -> None:
        cid = self.pick_consultation(data)
        invited = list(self.p.consultations[cid].advisors) if cid in self.p.consultations else []
        by = self.actor(data, [*invited, "expert-c"])
        consultation = self.p.consultations.get(cid)
        valid = (
            consultation is not None
            and consultation.state == "open"
            and _key(self.clock.now()) < _key(consultation.closes_at)
            and by in invited
            and (isinstance(channel, Channel) or channel in {c.value for c in Channel})
        )
        self.expect(
            self.attempt(self.p.respond, cid, "Our view, in brief.", by=by, channel=channel),
            valid=valid,
            call=f"{by} responds to {cid}",
        )

    @rule(data=st.data())
    def close_consultation(self, data: st.DataObject) -> None:
        cid = self.pick_consultation(data)
        by = self.actor(data, [self.chair])
        self.attempt(self.p.close_consultation, cid, by=by)

    @rule(data=st.data())
    def open_review(self, data: st.DataObject) -> None:
        by = self.actor(data, [self.chair])
        review = self.p.current_review
        valid = (
            self.chair_acting(by)
            and review is not None
            and (
                review.state == "due"
                or (review.state == "scheduled" and _key(review.due) <= _key(self.clock.now()))
            )
        )
        self.expect(
            self.attempt(self.p.open_review, by=by), valid=valid, call=f"open the review by {by}"
        )

    # -- time

    @rule(
        hours=st.integers(min_value=0, max_value=48),
        days=st.integers(min_value=0, max_value=20),
        months=st.integers(min_value=0, max_value=3),
    )
    def advance(self, hours: int, days: int, months: int) -> None:
        self.clock.advance(months=months, days=days, hours=hours)
        self.attempt(self.p.advance)

    @rule(minutes=st.integers(min_value=1, max_value=90))
    def advance_minutes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)
        self.attempt(self.p.advance)

    @rule(which=st.integers(min_value=0, max_value=len(_LANDMARKS) - 1))
    def advance_to_landmark(self, which: int) -> None:
        later = [mark for mark in _LANDMARKS if _key(mark) > _key(self.clock.now())]
        if later:
            self.clock.set(later[min(which, len(later) - 1)])
        self.attempt(self.p.advance)

    @rule(kind=st.sampled_from(["naive", "past", "not-a-time"]))
    def command_at_a_bad_time(self, kind: str) -> None:
        bad: Any = {
            "naive": _dt.datetime(2030, 1, 1, 9, 0),
            "past": pendulum.datetime(2000, 1, 1, tz="UTC"),
            "not-a-time": "tomorrow",
        }[kind]
        result = self.attempt(self.p.withdraw, by=self.chair, at=bad)
        assert isinstance(result, ConsensusError), "a bad time must be refused"

    # -- invariants

    @invariant()
    def every_invariant_holds(self) -> None:
        violations = check_invariants(self.p)
        assert not violations, "\n".join(str(v) for v in violations)
