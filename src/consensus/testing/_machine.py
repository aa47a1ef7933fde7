"""The partnership's commands as a hypothesis state machine, checked after every step."""

from __future__ import annotations

import collections
import datetime as _dt
import itertools
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

import attrs
import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from .._charter import AdvisorRecord, Charter, PartyRecord, Scope
from .._clock import SimulatedClock
from .._clock import instant_key as _key
from .._errors import ConsensusError, InvalidTransition, NotEntitled, NotQuorate
from .._invariants import check_invariants
from .._motions import (
    Admit,
    AdoptModel,
    Amend,
    ConcludeReview,
    Consult,
    Dissolve,
    DropMilestone,
    RescindModel,
    Resolution,
    ReviseModel,
    SetMilestone,
)
from .._partnership import Partnership, PartnershipView
from .._records import Channel, Employer, Meeting, Person
from .._rules import Outcome, Position
from ._charters import sample_charter
from ._rejection import RejectionNotClean, unchanged_after

__all__ = ["PartnershipMachine", "hold_meeting", "unrepresented"]

T = TypeVar("T")


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

_KINDS = ("resolution", "admit", "consult", "amend", "review", "chair", "required", "period")


def unrepresented(p: Partnership) -> list[str]:
    """The required constituencies with no active member, in charter order."""
    represented = {p.membership(member).party.constituency for member in p.active_members}
    return [c for c in p.charter.required_constituencies if c not in represented]


# How a run's charter says meetings work: (meeting_quorum, between_meetings).
_MEETING_RULES: tuple[tuple[str | int, bool], ...] = (
    ("every-required-constituency", True),
    ("every-required-constituency", True),
    ("all-members", True),
    (2, True),
    ("every-required-constituency", False),
)

_PEOPLE = ("person-a", "person-b", "person-c", "person-d", "person-e")

# Employers to record adoptions for: ids, and sectors in and out of the scope
# (the sample charter excludes "public"); "acme-care" also under another sector.
_EMPLOYERS = (
    Employer(id="acme-care", name="Acme Care", sector="independent"),
    Employer(id="bryn-homes", name="Bryn Homes", sector="independent"),
    Employer(id="acme-care", name="Acme Care", sector="public"),
    Employer(id="county-council", name="County Council", sector="public"),
)


def sitting(p: Partnership) -> Meeting | None:
    """The meeting in session, or ``None``."""
    return next((m for m in p.meetings.values() if m.state == "in_session"), None)


def hold_meeting(p: Partnership, pid: str, acting: str) -> str:
    """Open a meeting now with ``pid`` on its agenda and every active member present.

    Closes the meeting in session first (``acting`` acts for the chair);
    a member with nobody nominated names ``rep-<party>`` its representative.
    Returns the meeting's id; the caller closes it.
    """
    current = sitting(p)
    if current is not None:
        p.close_meeting(current.id, by=acting)
    seats = {}
    for party in sorted(p.active_members):
        held = p.nominations(party)
        if not held:
            p.nominate(
                Person(id=f"rep-{party}"[:64], name=f"For {party}"),
                role="representative",
                by=party,
            )
            held = p.nominations(party)
        seats[party] = held[0].person.id
    mid = p.convene(starts=max(p.clock.now(), p.last_event_at, key=_key), agenda=(pid,), by=acting)
    for party, person in seats.items():
        p.attend(mid, person, by=party)
    p.open_meeting(mid, by=acting)
    return mid


def _quorum_exempt(motion: object, empty: list[str]) -> bool:
    # DESIGN, "Structure that cannot lock itself": only these may be agreed
    # while a required constituency is empty.
    if isinstance(motion, Admit):
        return motion.party.constituency in empty
    if not isinstance(motion, Amend) or motion.required_constituencies is None:
        return False
    changes_only_that = not (
        motion.clauses
        or motion.headings
        or motion.add_advisors
        or motion.remove_advisors
        or motion.rule is not None
        or motion.chair is not None
        or motion.review_period_months is not None
        or motion.scope is not None
    )
    return changes_only_that and not set(motion.required_constituencies) & set(empty)


def recovery_problems(q: Partnership) -> list[str]:
    """Invariant 14's recipe, run on ``q`` (a copy: it is changed): can agreement be reached?

    The acting chair (the chair, or while the chair is not an active member
    the first active member) has a party admitted into each required
    constituency with no active member, has itself named chair if the chair
    is gone, then brings a fresh resolution to ``agreed``, every active member
    agreeing each time; when the charter allows no decisions between
    meetings, each at a meeting it holds with every active member present.

    Returns:
        What went wrong, as sentences; ``[]`` when the recipe reached agreement.
    """
    if not q.active_members:
        return ["the partnership is active, but it has no active member"]
    acting = q.charter.chair if q.charter.chair in q.active_members else min(q.active_members)
    steps: list[tuple[str, Any]] = [
        (
            f"admit a party into {constituency}",
            Admit(
                party=PartyRecord(
                    id=f"liveness-{constituency}",
                    name=f"A new partner for {constituency}",
                    constituency=constituency,
                )
            ),
        )
        for constituency in unrepresented(q)
    ]
    if q.charter.chair not in q.active_members:
        steps.append((f"name {acting} chair", Amend(chair=acting, rationale="Chair again.")))
    steps.append(("agree a fresh resolution", Resolution(title="Liveness", text="We agree.")))
    for what, motion in steps:
        try:
            pid = q.propose(motion, by=acting)
            q.table(pid, by=acting)
            if not q.charter.between_meetings:  # no written procedure: meet
                hold_meeting(q, pid, acting)
            for member in sorted(q.active_members):
                q.record_position(pid, Position.AGREE, by=member)
            outcome = q.conclude(pid, by=acting)
        except ConsensusError as err:
            return [f"dead end: {acting} could not {what}: {err}"]
        if outcome is not Outcome.AGREED:
            return [f"dead end: {acting} could not {what}: everyone agreed, yet {outcome}"]
    return []


class PartnershipMachine(RuleBasedStateMachine):
    """A hypothesis state machine: the partnership's commands as rules.

    Every rule calls a command with arguments drawn from ids that exist and
    ids that do not, by the right party and the wrong one; a refused call must
    raise a :class:`~consensus.ConsensusError` and change nothing (checked by
    :func:`assert_rejected`'s logic), and after every step
    :func:`~consensus.check_invariants` must find nothing. Time moves forward
    by hours, days, months, and to landmarks: the BST changes and the end of
    February.

    The ways out of every dead end are rules too, so that each run may pass
    through them: the chair withdraws (any active member then acts for the
    chair, and an Amend names a new one); the last members of a required
    constituency withdraw (an Admit into it, or an Amend of the required
    constituencies, may still be agreed); a Dissolve motion is agreed, or
    every member withdraws, after which every command is refused and the
    partnership stays dissolved. People are nominated and withdrawn, and
    meetings convened, attended, opened, closed and cancelled, one command a
    rule, or held whole (:meth:`hold_a_meeting`); a position from a party
    absent from the meeting in session is refused, and a meeting without
    quorum concludes nothing (invariant 11). Some runs draft a charter with
    another meeting quorum, or one that decides only at meetings, where
    :meth:`carry` and :meth:`recover` hold a meeting for each decision.
    After every step, while the partnership is
    active, :meth:`recover` must bring a fresh resolution to agreement on a
    copy (invariant 14, liveness). Some runs draft a charter with a rule per
    kind of motion (see :meth:`charters`). The work programme's motions are
    carried through (:meth:`pass_model_motion`, :meth:`pass_milestone_motion`) and proposed when they
    may not apply; adoptions are recorded in and out of the charter's scope
    and withdrawn; owners and others report progress; milestones are let
    fall overdue (invariant 13). Views are taken at later instants
    (:meth:`take_a_view`): each must equal the partnership advanced there on
    a replayed copy, write nothing, and stay as taken whatever is done later.

    Subclass it to check an extension: set :attr:`charter`, add rules that
    call your commands through :meth:`attempt`, and expose it to pytest with
    ``TestMine = MyMachine.TestCase``.

    Attributes:
        charter: the charter every run drafts from (or a variant, see :meth:`charters`).
        start: when each run begins (29 February 2024, 09:00 in the charter's zone).
        steps: how many commands the rules tried in this process, across all runs.
        refused: how many of those were refused.
        recoveries: how many times :meth:`recover` brought a copy back to agreement.
        reached: how many times each way through a dead end was taken
            (``"chair withdrew"``, ``"constituency refilled by admission"``…).

    Examples:
        >>> from consensus.testing import PartnershipMachine, sample_charter
        >>> class MixedRules(PartnershipMachine):
        ...     charter = sample_charter(rule="consent", rules={"amend": "unanimity"})
        >>> [c.rule_for("amend") for c in MixedRules.charters()]
        ['unanimity', 'unanimity']
        >>> TestMixedRules = MixedRules.TestCase
    """

    charter: ClassVar[Charter] = sample_charter()
    start: ClassVar[_dt.datetime] = pendulum.datetime(2024, 2, 29, 9, tz="Europe/London")
    steps: ClassVar[int] = 0
    refused: ClassVar[int] = 0
    recoveries: ClassVar[int] = 0
    reached: ClassVar[collections.Counter[str]] = collections.Counter()
    #: Set to a function making an empty store (``consensus.MemoryStore``, say)
    #: to keep every run's partnership in a store, and check after every step
    #: that the store holds exactly the log and its chain verifies.
    store: ClassVar[Callable[[], Any] | None] = None

    def __init__(self) -> None:
        super().__init__()
        self.clock = SimulatedClock(self.start)
        self.p = self._draft(self.charter)
        self.serial = itertools.count(1)
        self.was_dissolved = False
        # The latest view taken and the copy it must go on equalling.
        self.view: tuple[PartnershipView, Partnership] | None = None

    @classmethod
    def charters(cls) -> tuple[Charter, ...]:
        """The charters a run may draft from: :attr:`charter`, and it with a rule per kind.

        The variant decides by consent but amends only unanimously
        (``rules={"amend": "unanimity"}``, keeping any rules it already has).
        Override to draw from charters of your own.
        """
        mixed = attrs.evolve(
            cls.charter, rule="consent", rules={"amend": "unanimity", **cls.charter.rules}
        )
        return (cls.charter, mixed)

    # -- helpers

    def attempt(self, command: Callable[..., T], *args: Any, **kwargs: Any) -> T | ConsensusError:
        """Run a command; if refused, check that it changed nothing, and return the error."""
        type(self).steps += 1
        before = self.p.events
        try:
            return command(*args, **kwargs)
        except ConsensusError as err:
            type(self).refused += 1
            unchanged_after(self.p, before, err)
            if not str(err).strip():
                raise RejectionNotClean(f"{type(err).__name__} has no message") from err
            return err

    def note(self, what: str) -> None:
        """Count one passage through ``what`` in :attr:`reached`."""
        cls = type(self)
        if "reached" not in cls.__dict__:
            cls.reached = collections.Counter()
        cls.reached[what] += 1

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
        """Whether ``by`` may act for the chair now: the chair, or any member while it is gone."""
        return (
            self.p.state == "active"
            and by in self.p.active_members
            and (by == self.chair or self.chair not in self.p.active_members)
        )

    def chairs(self) -> list[str]:
        """Who may act for the chair now: the chair, or every member while it is gone."""
        if self.chair in self.p.active_members:
            return [self.chair]
        return self.members()

    def may_speak(self, pid: str, by: str) -> bool:
        """Invariant 11's model: whether the meetings rules let ``by`` take a position on ``pid`` now."""
        meeting = sitting(self.p)
        if meeting is not None and pid in meeting.agenda:
            return by in meeting.present
        return self.p.charter.between_meetings

    def pick_meeting(self, data: st.DataObject, *states: str) -> str:
        """Draw a meeting id: usually one in ``states``, sometimes any, or none that exists."""
        fitting = [mid for mid, m in self.p.meetings.items() if m.state in states]
        every = [*self.p.meetings, "m-9999"]
        return data.draw(
            st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), st.sampled_from(every))
            if fitting
            else st.sampled_from(every),
            label="mid",
        )

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

    def expected_outcome(self, pid: str) -> Outcome | None:
        """What a built-in rule must make of ``pid``'s positions, every member's being in.

        A model of the rules written apart from them (unanimity: everyone
        agrees; consent: nobody blocks and someone agrees); ``None`` for a
        rule of your own.
        """
        proposal = self.p.proposal(pid)
        cast = [proposal.positions.get(member) for member in self.p.active_members]
        if None in cast:
            return None
        name = self.p.charter.rule_for(proposal.motion.KIND)
        if name == "unanimity":
            agreed = all(position is Position.AGREE for position in cast)
        elif name == "consent":
            agreed = Position.BLOCK not in cast and Position.AGREE in cast
        else:
            return None
        return Outcome.AGREED if agreed else Outcome.NOT_AGREED

    def carry(
        self,
        data: st.DataObject,
        motion: Any,
        *,
        proposer: str,
        dissent: Position | None = None,
    ) -> tuple[str | None, Outcome | ConsensusError | None]:
        """Carry ``motion`` through: propose, table, every member agrees, conclude.

        Unless ``dissent`` is drawn: then one member changes its position to
        it, and the rule decides what that means. Whoever may act for the
        chair tables and concludes. Checks on the way that what the model
        knows to be valid is accepted, that nothing but a way back to a quorum
        is agreed while a required constituency is empty, and that the
        outcome is the rule's.

        Returns:
            The proposal id (``None`` if proposing was refused) and the conclusion.
        """
        pid = self.attempt(self.p.propose, motion, by=proposer)
        if not isinstance(pid, str):
            return None, pid
        acting = data.draw(st.sampled_from(self.chairs()), label="acting chair")
        self.expect(
            self.attempt(self.p.table, pid, by=acting),
            valid=self.chair_acting(acting),
            call=f"table {pid} by {acting}",
        )
        deliberating = self.state_of(pid) == "deliberating"
        meeting = None
        if deliberating and not self.p.charter.between_meetings:
            meeting = self.attempt(hold_meeting, self.p, pid, acting)
            self.expect(meeting, valid=True, call=f"hold a meeting on {pid} by {acting}")
        for member in self.members():
            self.expect(
                self.attempt(self.p.record_position, pid, Position.AGREE, by=member),
                valid=deliberating,
                call=f"{member} agrees to {pid}",
            )
        if dissent is not None:
            dissenter = data.draw(st.sampled_from(self.members()), label="dissenter")
            self.attempt(self.p.record_position, pid, dissent, by=dissenter)
        empty = unrepresented(self.p)
        expected = self.expected_outcome(pid)
        outcome = self.attempt(self.p.conclude, pid, by=acting)
        if isinstance(meeting, str) and self.p.state == "active":
            self.attempt(self.p.close_meeting, meeting, by=acting)
        if deliberating and empty and not _quorum_exempt(motion, empty):
            assert isinstance(outcome, NotQuorate), (
                f"{pid} ({motion.describe()}) concluded as {outcome!r} while "
                f"{', '.join(empty)} had no active member"
            )
            return pid, outcome
        # Nothing changed since the motion was proposed, so it still applies.
        self.expect(outcome, valid=deliberating, call=f"conclude {pid} by {acting}")
        if isinstance(outcome, Outcome):
            assert expected is None or outcome is expected, (
                f"{pid} was {outcome.value} under {self.p.charter.rule_for(motion.KIND)}, "
                f"with positions {dict(self.p.proposal(pid).positions)}"
            )
        return pid, outcome

    def recover(self) -> list[str]:
        """Invariant 14 (liveness): show that the partnership, if active, can still agree.

        Works on a copy (a replay of the log, its clock stopped at the later of
        the machine's clock and the last event), never on :attr:`p`: the
        acting chair (the chair, or while the chair is not an active member
        the first active member) has a party admitted into each required
        constituency with no active member, has itself named chair if the
        chair is gone, then brings a fresh resolution to ``agreed``, every
        active member agreeing each time; when the charter allows no
        decisions between meetings, each at a meeting it holds with every
        active member present (closing the one in session first). Override
        it to add the steps an extension of yours needs.

        Returns:
            What went wrong, as sentences; ``[]`` when the recipe reached
            agreement, or when the partnership is not active.
        """
        p = self.p
        if p.state != "active":
            return []
        now = max(self.clock.now(), p.last_event_at, key=_key)
        q = Partnership.replay(
            p.events, clock=SimulatedClock(now), registry=p.registry, trusted=True
        )
        return recovery_problems(q)

    # -- forming

    @initialize(signatures=st.sampled_from(["all", "all", "all", "some"]), data=st.data())
    def form(self, signatures: str, data: st.DataObject) -> None:
        charters = self.charters()
        charter = charters[data.draw(st.integers(0, len(charters) - 1), label="charter")]
        quorum, between = data.draw(st.sampled_from(_MEETING_RULES), label="meetings")
        charter = attrs.evolve(charter, meeting_quorum=quorum, between_meetings=between)
        if not between:
            self.note("decisions only at meetings")
        if charter != self.p.charter:
            self.p = self._draft(charter)
        if charter.rules:
            self.note("a rule per kind of motion")
        signatories = [party.id for party in charter.signatories]
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

    # -- motions carried through

    @rule(
        data=st.data(),
        kind=st.sampled_from(_KINDS),
        dissent=st.sampled_from([None, None, Position.ABSTAIN, Position.DISAGREE, Position.BLOCK]),
    )
    def pass_motion(self, data: st.DataObject, kind: str, dissent: Position | None) -> None:
        """Carry a valid motion through: propose, table, positions, conclude.

        Everyone agrees, unless ``dissent`` is drawn: then one member changes
        its position to it, and the rule decides what that means. An Admit
        goes, when one is empty, into a required constituency with no member.
        """
        members = self.members()
        if not members:
            return
        n = next(self.serial)
        proposer = data.draw(st.sampled_from(members), label="proposer")
        empty = unrepresented(self.p)
        gone = self.chair not in self.p.active_members
        motion: Any
        if kind == "admit":
            constituency = data.draw(
                st.sampled_from(empty or list(self.p.charter.constituency_ids)),
                label="constituency",
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
            self.attempt(self.p.table, target, by=self.chairs()[0])
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
                self.attempt(self.p.open_review, by=self.chairs()[0])
            motion = ConcludeReview(review=current.id, findings=f"Findings {n}.")
        elif kind == "chair":
            chair = data.draw(st.sampled_from(members), label="new chair")
            motion = Amend(chair=chair, rationale="A new chair.")
        elif kind == "required":
            required = data.draw(
                st.lists(st.sampled_from(self.p.charter.constituency_ids), unique=True),
                label="required",
            )
            motion = Amend(required_constituencies=tuple(required), rationale="Who must be there.")
        elif kind == "period":
            months = data.draw(st.integers(min_value=1, max_value=36), label="months")
            motion = Amend(review_period_months=months, rationale="Review at another pace.")
        else:
            motion = Resolution(
                title=f"Model policy {n}", text="The model text.", topic="model HR policies"
            )
        pid, outcome = self.carry(data, motion, proposer=proposer, dissent=dissent)
        if outcome is not Outcome.AGREED:
            return
        self.took_effect(motion, empty=empty, chair_gone=gone)
        if kind == "consult" and pid is not None and pid in self.p.consultations:
            consultation = self.p.consultation(pid)
            for advisor in consultation.advisors:
                if data.draw(st.booleans(), label=f"{advisor} responds"):
                    channel = data.draw(st.sampled_from(list(Channel)), label="channel")
                    self.attempt(
                        self.p.respond, pid, f"{advisor}'s view.", by=advisor, channel=channel
                    )
            if data.draw(st.booleans(), label="close early"):
                self.attempt(self.p.close_consultation, pid, by=self.chairs()[0])

    def took_effect(self, motion: object, *, empty: list[str], chair_gone: bool) -> None:
        """Check what an agreed structural motion did, and count the ways back it took."""
        if isinstance(motion, Admit):
            assert motion.party.id in self.p.active_members, "an agreed Admit makes a member"
            if motion.party.constituency in empty:
                assert motion.party.constituency not in unrepresented(self.p)
                self.note("constituency refilled by admission")
        elif isinstance(motion, Amend):
            if motion.chair is not None:
                assert self.chair == motion.chair, "an agreed Amend names the chair"
                if chair_gone:
                    self.note("new chair named after the chair withdrew")
            if motion.required_constituencies is not None:
                assert self.p.charter.required_constituencies == motion.required_constituencies
                if empty:
                    self.note("required constituencies amended while one was empty")
            if motion.review_period_months is not None:
                assert self.p.charter.review_period_months == motion.review_period_months

    @precondition(lambda self: self.p.state == "active" and bool(unrepresented(self.p)))
    @rule(data=st.data(), dissent=st.sampled_from([None, None, Position.BLOCK]))
    def refill_a_constituency(self, data: st.DataObject, dissent: Position | None) -> None:
        """Admit a party into a required constituency that has no active member."""
        empty = unrepresented(self.p)
        constituency = data.draw(st.sampled_from(empty), label="constituency")
        n = next(self.serial)
        party = PartyRecord(id=f"member-{n}", name=f"Member {n}", constituency=constituency)
        proposer = data.draw(st.sampled_from(self.members()), label="proposer")
        gone = self.chair not in self.p.active_members
        _, outcome = self.carry(data, Admit(party=party), proposer=proposer, dissent=dissent)
        if dissent is None:
            assert outcome is Outcome.AGREED, (
                f"admitting {party.id} into {constituency}: {outcome}"
            )
        if outcome is Outcome.AGREED:
            self.took_effect(Admit(party=party), empty=empty, chair_gone=gone)

    @precondition(lambda self: self.p.state == "active" and bool(unrepresented(self.p)))
    @rule(data=st.data())
    def requalify(self, data: st.DataObject) -> None:
        """Amend the required constituencies while one of them has no active member."""
        empty = unrepresented(self.p)
        present = [c for c in self.p.charter.constituency_ids if c not in empty]
        keep = data.draw(
            # requiring an empty side again would be no way back
            st.lists(st.sampled_from(present), unique=True) if present else st.just([]),
            label="required",
        )
        motion = Amend(required_constituencies=tuple(keep), rationale="Who must be there.")
        proposer = data.draw(st.sampled_from(self.members()), label="proposer")
        gone = self.chair not in self.p.active_members
        _, outcome = self.carry(data, motion, proposer=proposer)
        assert outcome is Outcome.AGREED, f"amending the required constituencies: {outcome}"
        self.took_effect(motion, empty=empty, chair_gone=gone)

    @precondition(
        lambda self: self.p.state == "active" and self.chair not in self.p.active_members
    )
    @rule(data=st.data())
    def name_a_new_chair(self, data: st.DataObject) -> None:
        """With the chair gone, the members agree who chairs next, quorate first if need be.

        The chair is often the only member of its side, so the way back is two
        steps: admit a party into each side left empty, then name a chair.
        """
        # Without refilling, an Amend naming a chair is refused while a side is empty.
        self.seat_a_new_chair(data, refill=data.draw(st.booleans(), label="refill first"))

    def seat_a_new_chair(self, data: st.DataObject, *, refill: bool) -> None:
        """Admit a party into each empty side if ``refill``, then agree a new chair."""
        if refill:
            for constituency in unrepresented(self.p):
                n = next(self.serial)
                party = PartyRecord(
                    id=f"member-{n}", name=f"Member {n}", constituency=constituency
                )
                empty = unrepresented(self.p)
                proposer = data.draw(st.sampled_from(self.members()), label="proposer")
                _, outcome = self.carry(data, Admit(party=party), proposer=proposer)
                assert outcome is Outcome.AGREED, (
                    f"admitting {party.id} into {constituency}: {outcome}"
                )
                self.took_effect(Admit(party=party), empty=empty, chair_gone=True)
        empty = unrepresented(self.p)
        chair = data.draw(st.sampled_from(self.members()), label="new chair")
        motion = Amend(chair=chair, rationale="The chair withdrew.")
        _, outcome = self.carry(data, motion, proposer=chair)
        if not empty:
            assert outcome is Outcome.AGREED, f"naming {chair} chair: {outcome}"
            self.took_effect(motion, empty=empty, chair_gone=True)

    @rule(data=st.data(), go=st.sampled_from([True, False, False]))
    def pass_dissolve(self, data: st.DataObject, go: bool) -> None:
        """Agree a Dissolve motion (only in some steps: a dissolved partnership does nothing)."""
        if not go or self.p.state != "active":
            return
        proposer = data.draw(st.sampled_from(self.members()), label="proposer")
        _, outcome = self.carry(data, Dissolve(rationale="The work is done."), proposer=proposer)
        if outcome is Outcome.AGREED:
            assert self.p.state == "dissolved", "an agreed Dissolve dissolves the partnership"
            assert self.p.dissolved_at is not None
            self.note("dissolved by motion")

    # -- proposals, one command at a time

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
                "chair",
                "required",
                "period",
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
            # any party, a former member or a stranger included: only an active one may chair
            "chair": lambda: Amend(chair=self.actor(data, [], label="chair"), rationale="Chair."),
            "required": lambda: Amend(
                required_constituencies=tuple(
                    data.draw(
                        st.lists(
                            st.sampled_from([*charter.constituency_ids, "nobody"]), max_size=3
                        ),
                        label="required",
                    )
                ),
                rationale="Who must be there.",
            ),
            "period": lambda: Amend(
                review_period_months=data.draw(st.integers(1, 120), label="months"),
                rationale="Another pace.",
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
    def propose_dissolve(self, data: st.DataObject) -> None:
        by = self.actor(data, self.members())
        self.attempt(self.p.propose, Dissolve(rationale="We have done what we set out to."), by=by)

    @rule(data=st.data())
    def table(self, data: st.DataObject) -> None:
        pid = self.pick_proposal(data, "draft")
        by = self.actor(data, self.chairs())
        valid = self.chair_acting(by) and self.state_of(pid) == "draft"
        self.expect(
            self.attempt(self.p.table, pid, by=by), valid=valid, call=f"table {pid} by {by}"
        )

    @rule(data=st.data(), position=st.sampled_from([*Position, "agree", None]))
    def record_position(self, data: st.DataObject, position: Any) -> None:
        pid = self.pick_proposal(data, "deliberating")
        by = self.actor(data, self.members())
        valid = (
            self.p.state == "active"
            and by in self.p.active_members
            and (isinstance(position, Position) or position == "agree")
            and self.state_of(pid) == "deliberating"
            and self.may_speak(pid, by)
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
        by = self.actor(data, self.chairs())
        before = self.p.active_members
        empty = unrepresented(self.p) if self.p.state == "active" else []
        outcome = self.attempt(self.p.conclude, pid, by=by)
        if isinstance(outcome, Outcome):
            proposal = self.p.proposal(pid)
            assert proposal.electorate == before, (
                "the electorate is the active members at conclusion"
            )
            assert proposal.outcome is outcome
            if outcome is Outcome.AGREED and not _quorum_exempt(proposal.motion, empty):
                assert not empty, f"{pid} was agreed while {', '.join(empty)} had no member"

    # -- membership

    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        by = self.actor(
            data, [m for m in self.members() if m != self.chair and self.quorate_without(m)]
        )
        valid = self.p.state == "active" and by in self.p.active_members
        self.expect(self.attempt(self.p.withdraw, by=by), valid=valid, call=f"withdraw {by}")

    @precondition(lambda self: self.p.state == "active" and self.chair in self.p.active_members)
    @rule(data=st.data(), then_seat_another=st.booleans())
    def chair_withdraws(self, data: st.DataObject, then_seat_another: bool) -> None:
        """The chair leaves: accepted, and it says who acts for the chair now.

        With ``then_seat_another`` the members go straight back: they refill
        the sides left empty and agree a new chair.
        """
        chair, last = self.chair, self.p.active_members == {self.chair}
        notice = self.attempt(self.p.withdraw, by=chair)
        self.expect(notice, valid=True, call=f"the chair, {chair}, withdraws")
        assert isinstance(notice, str), f"{chair}'s withdrawal as chair says nothing"
        assert chair in notice, f"{chair}'s withdrawal does not name it: {notice!r}"
        if not last:
            self.note("chair withdrew")
            if then_seat_another:
                self.seat_a_new_chair(data, refill=True)

    @precondition(lambda self: self.p.state == "active" and len(self.p.active_members) > 1)
    @rule(data=st.data())
    def constituency_empties(self, data: st.DataObject) -> None:
        """Every member of one required constituency withdraws (not the last members of all)."""
        represented = [
            c
            for c in self.p.charter.required_constituencies
            if c not in unrepresented(self.p)
            and any(self.p.membership(m).party.constituency != c for m in self.p.active_members)
        ]
        if not represented:
            return
        constituency = data.draw(st.sampled_from(represented), label="constituency")
        for member in self.members():
            if self.p.membership(member).party.constituency == constituency:
                self.expect(
                    self.attempt(self.p.withdraw, by=member),
                    valid=True,
                    call=f"{member} withdraws from {constituency}",
                )
        assert constituency in unrepresented(self.p)
        assert self.p.state == "active", "members remain, so the partnership goes on"
        self.note("required constituency emptied")

    @rule(go=st.sampled_from([True, False, False]))
    def everyone_withdraws(self, go: bool) -> None:
        """Every member withdraws (only in some steps); the last withdrawal dissolves."""
        if not go or self.p.state != "active":
            return
        members = self.members()
        notice = None
        for member in members:
            notice = self.attempt(self.p.withdraw, by=member)
            self.expect(notice, valid=True, call=f"{member} withdraws")
        assert self.p.state == "dissolved", "the last member's withdrawal dissolves"
        assert isinstance(notice, str), "the last withdrawal says nothing"
        assert "dissolved" in notice, notice
        self.note("dissolved by the last withdrawal")

    @precondition(lambda self: self.p.state == "dissolved")
    @rule(data=st.data(), command=st.integers(min_value=0, max_value=12))
    def act_after_dissolution(self, data: st.DataObject, command: int) -> None:
        """After dissolution every command is refused, saying so; nothing falls due."""
        by = self.actor(data, [*self.p.memberships, self.chair])
        pid = data.draw(st.sampled_from(self.proposal_ids()), label="pid")
        cid = data.draw(st.sampled_from([*self.p.consultations, "p-9999"]), label="cid")
        calls: list[tuple[str, Callable[[], object]]] = [
            ("sign", lambda: self.p.sign(by=by)),
            ("propose", lambda: self.p.propose(Resolution(title="After", text="."), by=by)),
            ("propose", lambda: self.p.propose(Dissolve(rationale="Again."), by=by)),
            ("table", lambda: self.p.table(pid, by=by)),
            ("position", lambda: self.p.record_position(pid, Position.AGREE, by=by)),
            ("withdraw a proposal", lambda: self.p.withdraw_proposal(pid, by=by)),
            ("conclude", lambda: self.p.conclude(pid, by=by)),
            ("withdraw", lambda: self.p.withdraw(by=by)),
            ("respond", lambda: self.p.respond(cid, "Late.", by=by, channel=Channel.EMAIL)),
            ("close", lambda: self.p.close_consultation(cid, by=by)),
            ("open the review", lambda: self.p.open_review(by=by)),
            (
                "nominate",
                lambda: self.p.nominate(Person(id="late", name="Late"), role="deputy", by=by),
            ),
            ("convene", lambda: self.p.convene(starts=self.clock.now().add(days=1), by=by)),
        ]
        what, call = calls[command]
        self.clock.advance(days=data.draw(st.integers(0, 400), label="days later"))
        result = self.attempt(call)
        assert isinstance(result, InvalidTransition), (
            f"{what} by {by} after dissolution: {result!r}"
        )
        assert "dissolved" in str(result), f"the refusal does not say it was dissolved: {result}"
        assert self.p.state == "dissolved"
        emitted = self.attempt(self.p.advance)
        assert emitted == (), f"time-driven events after dissolution: {emitted!r}"
        self.note("refused after dissolution")

    # -- people and meetings (invariant 11)

    @rule(
        data=st.data(),
        person=st.sampled_from(_PEOPLE),
        role=st.sampled_from(["representative", "deputy", "deputy", "chief"]),
    )
    def nominate(self, data: st.DataObject, person: str, role: str) -> None:
        by = self.actor(data, self.members())
        result = self.attempt(
            self.p.nominate, Person(id=person, name=person.title()), role=role, by=by
        )
        if not isinstance(result, ConsensusError):
            assert person in {n.person.id for n in self.p.nominations(by)}

    @rule(data=st.data(), person=st.sampled_from([*_PEOPLE, "nobody"]))
    def withdraw_nomination(self, data: st.DataObject, person: str) -> None:
        holder = next(
            (
                m
                for m in self.p.memberships
                if person in {n.person.id for n in self.p.nominations(m)}
            ),
            None,
        )
        by = self.actor(data, [holder] if holder else [])
        valid = holder == by and by in self.p.active_members and self.p.state == "active"
        self.expect(
            self.attempt(self.p.withdraw_nomination, person, by=by),
            valid=valid,
            call=f"{by} withdraws the nomination of {person}",
        )

    @rule(data=st.data(), hours=st.integers(min_value=-2, max_value=48))
    def convene(self, data: st.DataObject, hours: int) -> None:
        by = self.actor(data, self.chairs())
        items = data.draw(
            st.lists(st.sampled_from(self.proposal_ids()), max_size=3, unique=True), label="agenda"
        )
        starts = self.clock.now().add(hours=hours)
        valid = (
            self.chair_acting(by)
            and hours >= 0
            and _key(starts) >= _key(self.p.last_event_at)
            and all(
                pid in self.p.proposals and not self.p.proposals[pid].is_concluded for pid in items
            )
        )
        mid = self.attempt(self.p.convene, starts=starts, agenda=items, by=by)
        self.expect(mid, valid=valid, call=f"convene a meeting by {by} on {items}")
        if isinstance(mid, str):
            assert set(items) <= set(self.p.meeting(mid).agenda)

    @rule(data=st.data())
    def send_apologies(self, data: st.DataObject) -> None:
        mid = self.pick_meeting(data, "convened", "in_session")
        by = self.actor(data, self.members())
        self.attempt(self.p.send_apologies, mid, by=by)

    @rule(data=st.data())
    def attend(self, data: st.DataObject) -> None:
        mid = self.pick_meeting(data, "convened", "in_session")
        by = self.actor(data, self.members())
        own = [n.person.id for n in self.p.nominations(by)] if by in self.p.memberships else []
        person = self.actor(data, [*own, *_PEOPLE], label="person")
        meeting = self.p.meetings.get(mid)
        result = self.attempt(self.p.attend, mid, person, by=by)
        if meeting is not None and not isinstance(result, ConsensusError):
            assert by not in meeting.present, f"a second person sat for {by} at {mid}"
            assert person in own, f"{person} sat for {by} without its nomination"

    @rule(data=st.data())
    def open_meeting(self, data: st.DataObject) -> None:
        mid = self.pick_meeting(data, "convened")
        by = self.actor(data, self.chairs())
        meeting = self.p.meetings.get(mid)
        valid = (
            self.chair_acting(by)
            and meeting is not None
            and meeting.state == "convened"
            and _key(meeting.starts) <= _key(self.clock.now())
            and sitting(self.p) is None
        )
        self.expect(
            self.attempt(self.p.open_meeting, mid, by=by), valid=valid, call=f"open {mid} by {by}"
        )

    @rule(data=st.data())
    def close_meeting(self, data: st.DataObject) -> None:
        mid = self.pick_meeting(data, "in_session")
        by = self.actor(data, self.chairs())
        meeting = self.p.meetings.get(mid)
        valid = self.chair_acting(by) and meeting is not None and meeting.state == "in_session"
        self.expect(
            self.attempt(self.p.close_meeting, mid, by=by),
            valid=valid,
            call=f"close {mid} by {by}",
        )

    @rule(data=st.data())
    def cancel_meeting(self, data: st.DataObject) -> None:
        mid = self.pick_meeting(data, "convened")
        by = self.actor(data, self.chairs())
        self.attempt(self.p.cancel_meeting, mid, by=by)

    @precondition(lambda self: self.p.state == "active" and sitting(self.p) is not None)
    @rule(data=st.data(), position=st.sampled_from(list(Position)))
    def position_in_session(self, data: st.DataObject, position: Position) -> None:
        """A position on an agenda item in session: accepted from a party present, else refused."""
        meeting = sitting(self.p)
        assert meeting is not None
        items = [pid for pid in meeting.agenda if self.state_of(pid) == "deliberating"]
        if not items:
            return
        pid = data.draw(st.sampled_from(items), label="pid")
        by = self.actor(data, self.members())
        result = self.attempt(
            self.p.record_position, pid, position, by=by, reason=f"{by} explains"
        )
        if by in self.p.active_members and by not in meeting.present:
            assert isinstance(result, ConsensusError), (
                f"{by} took a position on {pid} at {meeting.id} without being present"
            )
            self.note("absent party refused in session")
        self.expect(
            result,
            valid=by in meeting.present and by in self.p.active_members,
            call=f"{by}, present at {meeting.id}, takes a position on {pid}",
        )
        if not isinstance(result, ConsensusError):
            assert self.p.proposal(pid).reasons.get(by) == f"{by} explains"

    @precondition(lambda self: self.p.state == "active")
    @rule(data=st.data(), stay_away=st.sampled_from([0, 1, 0, 2, 3]))
    def hold_a_meeting(self, data: st.DataObject, stay_away: int) -> None:
        """A whole meeting on a fresh resolution and the deliberating proposals.

        Some members stay away (sending apologies); each item is concluded
        if the meeting is quorate and the rule can decide. The meeting may
        be left in session.
        """
        acting = data.draw(st.sampled_from(self.chairs()), label="acting chair")
        fresh = self.attempt(
            self.p.propose, Resolution(title="For the meeting", text="."), by=acting
        )
        if isinstance(fresh, str):
            self.attempt(self.p.table, fresh, by=acting)
        items = [pid for pid, prop in self.p.proposals.items() if prop.state == "deliberating"]
        items = items[-3:]
        for party in self.members():
            if not self.p.nominations(party):
                self.attempt(
                    self.p.nominate,
                    Person(id=f"rep-{party}"[:64], name=party),
                    role="representative",
                    by=party,
                )
        current = sitting(self.p)
        if current is not None:
            self.attempt(self.p.close_meeting, current.id, by=acting)
        mid = self.attempt(self.p.convene, starts=self.clock.now(), agenda=items[:3], by=acting)
        if not isinstance(mid, str):
            return
        away = set(data.draw(st.permutations(self.members()), label="away")[:stay_away])
        for party in self.members():
            if party in away:
                self.attempt(self.p.send_apologies, mid, by=party)
            elif self.p.nominations(party):
                person = self.p.nominations(party)[0].person.id
                self.expect(
                    self.attempt(self.p.attend, mid, person, by=party),
                    valid=True,
                    call=f"{person} attends {mid} for {party}",
                )
        self.expect(
            self.attempt(self.p.open_meeting, mid, by=acting), valid=True, call=f"open {mid}"
        )
        for pid in self.p.meeting(mid).agenda:
            if not self.chair_acting(acting):  # an agreed Dissolve, or a new chair
                break
            for party in self.members():
                self.attempt(self.p.record_position, pid, Position.AGREE, by=party)
            outcome = self.attempt(self.p.conclude, pid, by=acting)
            if isinstance(outcome, NotQuorate):
                assert outcome.meeting == mid or unrepresented(self.p), outcome
                self.note("meeting not quorate")
            elif isinstance(outcome, Outcome):
                self.note("concluded at a meeting")
        for party in sorted(away & self.p.active_members):
            first = self.p.meeting(mid).agenda[0] if self.p.meeting(mid).agenda else None
            if first is not None and self.state_of(first) == "deliberating" and sitting(self.p):
                refused = self.attempt(self.p.record_position, first, Position.AGREE, by=party)
                assert isinstance(refused, ConsensusError), f"{party} is absent from {mid}"
                self.note("absent party refused in session")
        if data.draw(st.booleans(), label="close"):
            self.expect(
                self.attempt(self.p.close_meeting, mid, by=acting),
                valid=self.chair_acting(acting),  # an agreed Amend may name another chair
                call=f"close {mid}",
            )

    # -- the work programme (invariant 13)

    def pick_model(self, data: st.DataObject, *states: str) -> str:
        """Draw a model id: usually one in ``states``, sometimes any, or none that exists."""
        fitting = [mid for mid, m in self.p.models.items() if m.state in states]
        every = [*self.p.models, "p-9999"]
        return data.draw(
            st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), st.sampled_from(every))
            if fitting
            else st.sampled_from(every),
            label="model",
        )

    def pick_milestone(self, data: st.DataObject, *states: str) -> str:
        """Draw a milestone id: usually one in ``states``, sometimes any, or none that exists."""
        fitting = [gid for gid, g in self.p.milestones.items() if g.state in states]
        every = [*self.p.milestones, "p-9999"]
        return data.draw(
            st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), st.sampled_from(every))
            if fitting
            else st.sampled_from(every),
            label="milestone",
        )

    def refused_if_dissolved(self, result: object, call: str) -> None:
        """After dissolution a command is refused, saying when and how it was dissolved."""
        if self.p.state != "dissolved":
            return
        assert isinstance(result, InvalidTransition), f"{call} after dissolution: {result!r}"
        assert "dissolved" in str(result), f"the refusal does not say it was dissolved: {result}"
        self.note("refused after dissolution")

    def today(self) -> pendulum.Date:
        """The clock's date in the charter's zone."""
        return self.clock.now().in_timezone(self.p.charter.timezone).date()

    def programme_motion(self, data: st.DataObject, kind: str, owner: str) -> Any:
        """A work-programme motion of ``kind`` that applies now (``None`` if none can)."""
        n = next(self.serial)
        in_force = [mid for mid, m in self.p.models.items() if m.is_in_force]
        unsettled = [gid for gid, g in self.p.milestones.items() if not g.is_settled]
        if kind == "adopt":
            topic = data.draw(st.sampled_from(["induction policies", "rotas"]), label="topic")
            days = data.draw(st.sampled_from([None, 2, 40, 400]), label="review in days")
            return AdoptModel(
                topic=topic,
                title=f"Model policy {n}",
                text=f"Model text {n}.",
                review_by=None if days is None else self.today().add(days=days),
            )
        if kind in ("revise", "rescind") and in_force:
            model = data.draw(st.sampled_from(in_force), label="model")
            if kind == "revise":
                return ReviseModel(model=model, text=f"Revised text {n}.", rationale="Better.")
            return RescindModel(model=model, rationale="Superseded.")
        if kind == "scope":
            excluded = data.draw(st.sampled_from([(), ("public",), ("independent",)]), label="out")
            scope = Scope(workers=("care home staff",), excluded_sectors=excluded)
            return Amend(scope=scope, rationale="Who the models are for.")
        if kind == "drop" and unsettled:
            goal = data.draw(st.sampled_from(unsettled), label="milestone")
            return DropMilestone(milestone=goal, rationale="Overtaken by events.")
        if kind == "set":
            days = data.draw(st.integers(min_value=1, max_value=60), label="due in days")
            return SetMilestone(
                title=f"Milestone {n}", due=self.today().add(days=days), owner=owner
            )
        return None

    @precondition(lambda self: self.p.state == "active")
    @rule(
        data=st.data(),
        kind=st.sampled_from(["adopt", "revise", "rescind", "scope"]),
        dissent=st.sampled_from([None, None, None, None, Position.BLOCK]),
    )
    def pass_model_motion(self, data: st.DataObject, kind: str, dissent: Position | None) -> None:
        """Adopt, revise or rescind a model, or amend the scope (see :meth:`pass_programme_motion`)."""
        self.pass_programme_motion(data, kind, dissent)

    @precondition(lambda self: self.p.state == "active")
    @rule(
        data=st.data(),
        kind=st.sampled_from(["set", "set", "drop"]),
        dissent=st.sampled_from([None, None, None, None, Position.BLOCK]),
    )
    def pass_milestone_motion(
        self, data: st.DataObject, kind: str, dissent: Position | None
    ) -> None:
        """Set or drop a milestone (see :meth:`pass_programme_motion`)."""
        self.pass_programme_motion(data, kind, dissent)

    def pass_programme_motion(
        self, data: st.DataObject, kind: str, dissent: Position | None
    ) -> None:
        """Carry work-programme motions through, and act on what they made.

        Adopt, revise or rescind a model (adopting one first if none is in
        force), set or drop a milestone (setting one first if none is open),
        amend the scope (which sectors are excluded); everyone agrees unless
        ``dissent`` is drawn for the last. Then, mostly, record an adoption of
        the model (or, after a scope amendment, of a model in force) by an
        employer in scope or out of it, report progress on the milestone or
        let it fall overdue.
        """
        members = self.members()
        proposer = data.draw(st.sampled_from(members), label="proposer")
        owner = data.draw(st.sampled_from(members), label="owner")
        needs = {"revise": "adopt", "rescind": "adopt", "drop": "set"}.get(kind)
        in_force = any(m.is_in_force for m in self.p.models.values())
        unsettled = any(not g.is_settled for g in self.p.milestones.values())
        steps = [kind]
        if (needs == "adopt" and not in_force) or (needs == "set" and not unsettled):
            steps = [needs, kind]
        for step in steps:
            motion = self.programme_motion(data, step, owner)
            if motion is None:
                return
            versions = {mid: len(m.versions) for mid, m in self.p.models.items()}
            pid, outcome = self.carry(
                data, motion, proposer=proposer, dissent=dissent if step == kind else None
            )
            if outcome is not Outcome.AGREED or pid is None:
                return
            self.carried_out(motion, pid, versions)
        standing = [mid for mid, m in self.p.models.items() if m.is_in_force]
        if kind == "scope" and standing:
            kind, pid = "adopt", data.draw(st.sampled_from(standing), label="model")
        if kind in ("adopt", "revise", "set"):
            then = data.draw(
                st.sampled_from(
                    ["overdue", "met", "reported", "no more"]
                    if kind == "set"
                    else ["adopted", "adopted", "adopted", "no more"]
                ),
                label="then",
            )
        else:
            then = "no more"
        if then == "adopted":
            # by an employer in scope or out of it, of the model just agreed
            model = motion.model if isinstance(motion, ReviseModel) else pid
            assert model is not None
            employer = data.draw(st.sampled_from(_EMPLOYERS), label="employer")
            embedded = data.draw(st.booleans(), label="embedded")
            by = data.draw(st.sampled_from(self.members()), label="recorded by")
            self.try_adoption(model, employer, embedded=embedded, by=by)
        elif then != "no more" and pid is not None:
            # the owner (or, sometimes, someone else) reports; "met" reports
            # progress first, "overdue" lets the due date pass, then meets it late
            reporter = data.draw(st.sampled_from([owner, owner, proposer]), label="reporter")
            if then == "overdue":
                self.fall_overdue(pid)
            elif then == "met":
                self.try_report(pid, done=False, by=reporter)
            if self.p.state == "active":
                self.try_report(pid, done=then != "reported", by=reporter)

    def carried_out(self, motion: Any, pid: str, versions: dict[str, int]) -> None:
        """Check what an agreed work-programme motion did (invariant 13's model)."""
        if isinstance(motion, AdoptModel):
            adopted = self.p.model(pid)
            assert adopted.current.version == 1
            assert adopted.is_in_force
            assert adopted.named_topic == (motion.topic in self.p.charter.scope.topics)
            self.note("model adopted")
        elif isinstance(motion, ReviseModel):
            assert len(self.p.model(motion.model).versions) == versions[motion.model] + 1
            self.note("model revised")
        elif isinstance(motion, RescindModel):
            assert self.p.model(motion.model).state == "rescinded"
            self.note("model rescinded")
        elif isinstance(motion, SetMilestone):
            assert self.p.milestone(pid).state == "open"
            self.note("milestone set")
        elif isinstance(motion, Amend):
            assert self.p.charter.scope == motion.scope
            self.note("scope amended")
        else:
            assert self.p.milestone(motion.milestone).state == "dropped"
            self.note("milestone dropped")

    @rule(
        data=st.data(),
        kind=st.sampled_from(["revise", "rescind", "drop", "past milestone", "stranger owns"]),
    )
    def propose_programme_motion(self, data: st.DataObject, kind: str) -> None:
        """Propose a work-programme motion that may not apply: refused unless it does."""
        by = self.actor(data, self.members())
        model = self.pick_model(data, "in_force")
        goal = self.pick_milestone(data, "open", "overdue")
        motion: Any
        if kind == "revise":
            motion = ReviseModel(model=model, text="Another text.", rationale="?")
        elif kind == "rescind":
            motion = RescindModel(model=model, rationale="?")
        elif kind == "drop":
            motion = DropMilestone(milestone=goal, rationale="?")
        elif kind == "past milestone":
            motion = SetMilestone(title="Late", due=self.today().subtract(days=1), owner=by)
        else:
            motion = SetMilestone(title="Owned", due=self.today().add(days=9), owner="stranger")
        result = self.attempt(self.p.propose, motion, by=by)
        if kind in ("past milestone", "stranger owns") or (
            kind in ("revise", "rescind") and model not in self.p.models
        ):
            assert isinstance(result, ConsensusError), f"{motion.describe()} was accepted"

    @rule(data=st.data(), employer=st.sampled_from(_EMPLOYERS), embedded=st.booleans())
    def record_adoption(self, data: st.DataObject, employer: Employer, embedded: bool) -> None:
        model = self.pick_model(data, "in_force")
        by = self.actor(data, self.members())
        self.try_adoption(model, employer, embedded=embedded, by=by)

    def try_adoption(self, model: str, employer: Employer, *, embedded: bool, by: str) -> None:
        """Record an adoption; accepted exactly when valid, refused naming Annex A out of scope."""
        record = self.p.models.get(model)
        held = list(self.p.adoptions(model)) if record else []
        excluded = self.p.charter.scope.excludes(employer.sector)
        valid = (
            self.p.state == "active"
            and by in self.p.active_members
            and record is not None
            and record.is_in_force
            and not excluded
            and self.p.employers.get(employer.id, employer) == employer
            and not any(
                a.employer == employer
                and a.version == record.current.version
                and a.embedded_in_contracts == embedded
                for a in held
            )
        )
        result = self.attempt(
            self.p.record_adoption,
            model,
            employer=employer,
            embedded_in_contracts=embedded,
            by=by,
        )
        self.expect(result, valid=valid, call=f"{by} records {employer.id}'s adoption of {model}")
        self.refused_if_dissolved(result, f"{by} records an adoption")
        if excluded and self.p.state == "active" and by in self.p.active_members and record:
            assert isinstance(result, ConsensusError), f"{employer.sector} is outside the scope"
            if isinstance(result, NotEntitled):
                assert "Annex A" in str(result), str(result)
                self.note("adoption outside the scope refused")
        if not isinstance(result, ConsensusError):
            assert record is not None
            adoption = next(a for a in self.p.adoptions(model) if a.employer == employer)
            assert adoption.version == record.current.version
            self.note("adoption recorded")

    @rule(data=st.data())
    def withdraw_adoption(self, data: st.DataObject) -> None:
        model = self.pick_model(data, "in_force", "rescinded")
        held = [a.employer.id for a in self.p.adoptions(model)] if model in self.p.models else []
        employer = data.draw(st.sampled_from([*held, "acme-care", "nobody"]), label="employer")
        by = self.actor(data, self.members())
        valid = self.p.state == "active" and by in self.p.active_members and employer in held
        result = self.attempt(self.p.withdraw_adoption, model, employer=employer, by=by)
        self.expect(result, valid=valid, call=f"{by} withdraws {employer}'s adoption of {model}")
        self.refused_if_dissolved(result, f"{by} withdraws an adoption")

    @rule(data=st.data(), done=st.sampled_from([False, False, True]))
    def report_progress(self, data: st.DataObject, done: bool) -> None:
        goal = self.pick_milestone(data, "open", "overdue")
        record = self.p.milestones.get(goal)
        by = self.actor(data, [record.owner] if record else [])
        self.try_report(goal, done=done, by=by)

    def try_report(self, goal: str, *, done: bool, by: str) -> None:
        """Report progress; accepted exactly from the owner of an open or overdue milestone."""
        record = self.p.milestones.get(goal)
        valid = (
            self.p.state == "active"
            and record is not None
            and by == record.owner
            and by in self.p.active_members
            and record.state in ("open", "overdue")
        )
        result = self.attempt(self.p.report_progress, goal, note="Progress.", done=done, by=by)
        self.expect(result, valid=valid, call=f"{by} reports on {goal}")
        self.refused_if_dissolved(result, f"{by} reports progress")
        if record is not None and by != record.owner:
            assert isinstance(result, ConsensusError), f"{by} reported on {goal}, not its owner"
        if record is not None and record.is_settled:
            assert isinstance(result, ConsensusError), f"{by} reported on {goal}, {record.state}"
        if not isinstance(result, ConsensusError):
            self.note("milestone met" if done else "progress reported")

    @precondition(
        lambda self: (
            self.p.state == "active" and any(g.state == "open" for g in self.p.milestones.values())
        )
    )
    @rule(data=st.data())
    def let_a_milestone_fall_overdue(self, data: st.DataObject) -> None:
        """Time passes the end of an open milestone's due date: it is overdue."""
        goal = data.draw(
            st.sampled_from([g for g, m in self.p.milestones.items() if m.state == "open"]),
            label="milestone",
        )
        self.fall_overdue(goal)

    def fall_overdue(self, goal: str) -> None:
        """Set the clock to the end of ``goal``'s due date: if it was open, it is overdue."""
        was_open = self.p.milestone(goal).state == "open"
        due_at = self.p.milestone(goal).due_at
        self.clock.set(max(self.clock.now(), due_at, key=_key))
        self.attempt(self.p.advance)
        if was_open and self.p.state == "active":
            assert self.p.milestone(goal).state == "overdue", self.p.milestone(goal)
            self.note("milestone overdue")

    # -- consultations and reviews

    @rule(data=st.data(), channel=st.sampled_from([*Channel, "email", "pigeon"]))
    def respond(self, data: st.DataObject, channel: Any) -> None:
        cid = self.pick_consultation(data)
        invited = list(self.p.consultations[cid].advisors) if cid in self.p.consultations else []
        by = self.actor(data, [*invited, "expert-c"])
        consultation = self.p.consultations.get(cid)
        valid = (
            self.p.state == "active"
            and consultation is not None
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
        by = self.actor(data, self.chairs())
        self.attempt(self.p.close_consultation, cid, by=by)

    @rule(data=st.data())
    def open_review(self, data: st.DataObject) -> None:
        by = self.actor(data, self.chairs())
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

    @rule(
        days=st.sampled_from([0, 0, 1, 30, 95, 200, 366, 460, 800]),
        hours=st.integers(min_value=0, max_value=30),
    )
    def take_a_view(self, days: int, hours: int) -> None:
        """A view at a later instant is the partnership advanced there on a copy; nothing changes.

        The view is kept: :meth:`views_stay_as_taken` checks after every
        later step that no command on the partnership reached it.
        """
        at = self.p.last_event_at.add(days=days, hours=hours)
        before = self.p.events
        view = self.p.as_of(at)
        assert self.p.events == before, "as_of wrote to the partnership's log"
        copy = Partnership.replay(
            before, registry=self.p.registry, clock=SimulatedClock(at), trusted=True
        )
        assert copy == self.p, "as_of changed the partnership's state"
        copy.advance(to=at)
        assert view == copy, "the view is not the partnership advanced to its instant"
        assert _key(view.at) == _key(at)
        if len(view.events) > len(before):
            self.note("a view applied what time does")
        self.view = (view, copy)

    @rule(kind=st.sampled_from(["naive", "past", "not-a-time"]))
    def command_at_a_bad_time(self, kind: str) -> None:
        bad: Any = {
            "naive": _dt.datetime(2030, 1, 1, 9, 0),
            "past": pendulum.datetime(2000, 1, 1, tz="UTC"),
            "not-a-time": "tomorrow",
        }[kind]
        result = self.attempt(self.p.withdraw, by=self.chair, at=bad)
        assert isinstance(result, ConsensusError), "a bad time must be refused"

    def _draft(self, charter: Charter) -> Partnership:
        make = type(self).store
        if make is None:
            return Partnership.draft(charter, clock=self.clock)
        self.kept_in = make()
        return Partnership.draft(charter, clock=self.clock, store=self.kept_in, stream="run")

    # -- invariants

    @invariant()
    def the_store_holds_the_log(self) -> None:
        """Invariants 10 and 12 through a store: it holds exactly the log, its chain verifying."""
        if type(self).store is None:
            return
        assert self.kept_in.verify("run") == len(self.p.events)
        assert tuple(self.kept_in.read("run")) == tuple(self.p.events)

    @invariant()
    def every_invariant_holds(self) -> None:
        violations = check_invariants(self.p)
        assert not violations, "\n".join(str(v) for v in violations)

    @invariant()
    def views_stay_as_taken(self) -> None:
        """A view taken earlier is untouched by every command since (invariant 15)."""
        if self.view is not None:
            view, copy = self.view
            assert view == copy, "a later command changed a view taken earlier"

    @invariant()
    def dissolution_is_final(self) -> None:
        if self.was_dissolved:
            assert self.p.state == "dissolved", f"dissolved, and now {self.p.state}"
        if self.p.state == "dissolved":
            assert self.p.dissolved_at is not None
            self.was_dissolved = True

    @invariant()
    def a_way_back_to_agreement(self) -> None:
        """Invariant 14: while active, a member remains, every gap can be refilled, and
        a fresh resolution can still be agreed (shown on a copy by :meth:`recover`)."""
        if self.p.state != "active":
            return
        assert self.p.active_members, "an active partnership must have an active member"
        for constituency in unrepresented(self.p):
            newcomer = PartyRecord(id="newcomer", name="Newcomer", constituency=constituency)
            reason = Admit(party=newcomer).check(self.p)
            assert reason is None, f"{constituency} is empty and cannot be refilled: {reason}"
        problems = self.recover()
        assert not problems, "\n".join(problems)
        type(self).recoveries += 1
