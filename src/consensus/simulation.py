"""A seeded, deterministic simulation of a partnership over years: :func:`simulate`.

The simulation drives a real :class:`~consensus.Partnership` through its
public commands on a :class:`~consensus.SimulatedClock`, choosing what the
partners do with one :class:`random.Random` seeded by the caller. It never
reads the wall clock or the global random module, so the same charter, seed,
years and start give the same log, event for event.

Each quarter holds one meeting, convened by the chair about three weeks ahead
with an agenda of every proposal not yet concluded. Around it the partners
propose resolutions on the charter's topics, record positions (with reasons)
in writing where the charter allows it, block and revise, consult the
advisory group, amend the terms of reference, open and conclude the annual
review, admit new partners and, now and then, withdraw. See
``docs/design.md``, "What a simulated year contains".
"""

from __future__ import annotations

import datetime as _dt
import functools
import heapq
import random
from collections.abc import Callable
from typing import Any

import pendulum

from ._charter import AdvisorRecord, Charter, PartyRecord
from ._clock import SimulatedClock, to_instant
from ._clock import instant_key as _key
from ._errors import DecisionPending, InvalidArgument, InvalidMotion, NotEntitled, NotQuorate
from ._motions import Admit, Amend, ConcludeReview, Consult, Resolution
from ._partnership import Partnership
from ._records import Channel, Person, Proposal
from ._rules import Outcome, Position
from ._values import reporter

__all__ = ["DEFAULT_START", "MAX_YEARS", "simulate"]

DEFAULT_START = (2024, 9, 2, 10)
"""When a run starts unless told: 2 September 2024, 10:00 in the charter's zone.

The month the bundled MoU was ratified (September 2024), on its first working day.
"""

MAX_YEARS = 50
"""The longest run :func:`simulate` accepts, in years."""

# Clause 3.1 of the MoU: the employment issues the partnership considers. A
# charter that names its own topics (``charter.scope.topics``) is used instead.
_TOPICS = (
    "terms and conditions",
    "model HR policies",
    "access to trade unions",
    "induction policies",
    "bullying and discrimination complaints",
    "protection in relation to whistleblowing",
)

_FIRST_NAMES = (
    "Rhian", "Gareth", "Siân", "Owain", "Carys", "Dylan", "Ffion", "Huw",
    "Megan", "Rhys", "Alys", "Iwan", "Nia", "Tomos", "Elin", "Aled",
)  # fmt: skip
_SURNAMES = (
    "Jones", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis",
    "Morgan", "Griffiths", "Price", "Powell", "Parry", "Pritchard", "Rees",
)  # fmt: skip

_NEW_PARTIES = (
    ("unite", "Unite the Union"),
    ("community-union", "Community"),
    ("care-providers-alliance", "Care Providers Alliance"),
    ("homecare-association", "Homecare Association"),
    ("carers-trust", "Carers Trust"),
    ("social-care-employers-forum", "Social Care Employers Forum"),
)

_NEW_ADVISORS = (
    ("fair-work-commission", "Fair Work Commission"),
    ("workforce-researchers", "Social care workforce researchers"),
    ("care-inspectorate", "Care inspectorate"),
)

_AGREE = (
    "It reflects what our members asked for",
    "A sensible first step that employers can adopt",
    "Consistent with the fair work principles we signed up to",
    "Our members support it",
)
_BLOCK = (
    "Small providers cannot release staff for this in the time proposed",
    "The costs to employers have not been assessed",
    "It cuts across recognised collective bargaining arrangements",
    "Our members have not yet been consulted on the draft",
    "It leaves out personal assistants, who are in scope",
)
_DISAGREE = (
    "We would prefer a stronger commitment",
    "The evidence does not support this approach yet",
)
_ABSTAIN = (
    "We have no mandate on this yet",
    "This falls outside what our members asked us to pursue",
)
_RESPONSES = (
    "The draft is workable; employers will need guidance to adopt it.",
    "We support the aim, and suggest phasing it in over a year.",
    "The evidence we hold supports the proposal.",
    "Smaller employers will need help with the costs.",
)


def _validate(charter: object, seed: object, years: object, start: object) -> pendulum.DateTime:
    if not isinstance(charter, Charter):
        raise InvalidArgument("charter", charter, "a consensus.Charter (see load_charter)")
    if type(seed) is not int:
        raise InvalidArgument("seed", seed, "a whole number (an int)")
    if type(years) is not int or not 1 <= years <= MAX_YEARS:
        raise InvalidArgument("years", years, f"a whole number of years from 1 to {MAX_YEARS}")
    if start is None:
        return pendulum.datetime(*DEFAULT_START, tz=charter.timezone)
    if not isinstance(start, _dt.datetime) or start.tzinfo is None or start.utcoffset() is None:
        raise InvalidArgument("start", start, "an aware datetime such as pendulum.datetime(...)")
    return to_instant(start, charter.timezone, argument="start")


def simulate(
    charter: Charter,
    *,
    seed: int,
    years: int,
    start: _dt.datetime | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Partnership:
    """Simulate a partnership under ``charter`` for ``years`` years; the same seed, the same log.

    The partnership is drafted at ``start`` and signed by every signatory;
    each party nominates a representative, and some a deputy (the chair's
    party always: clause 4.2). Every quarter the chair convenes a meeting with
    an agenda; some parties send apologies, deputies sit when the
    representative cannot come (and now and then at random); the meeting is
    opened, positions are recorded with reasons, items are concluded when the
    meeting is quorate and closed. Between meetings the partners propose
    resolutions on the charter's topics (MoU clause 3.1 when the charter names
    none), record positions in writing when the charter allows it, and
    conclude what they can. A block is met by a revised proposal (the first
    withdrawn, the revision proposed) or the proposal is not agreed. The
    advisory group is consulted (an advisor added by amendment when the
    charter has none); advisors respond, some on the closing date, some not
    at all: the library refuses a response after the close, so a late advisor
    leaves no trace but the gap. Clauses are amended, the review is opened
    when it falls due and concluded by agreement, new parties are admitted
    (first into any required constituency left empty), and members withdraw
    only when every required constituency keeps an active member, the chair
    stays and two members remain. Anything the library refuses (a meeting
    that is not quorate, positions still missing) waits for a later meeting.

    Args:
        charter: a charter at version 1, as :func:`~consensus.load_charter` returns.
        seed: the seed of the run's own :class:`random.Random`.
        years: how long to run, from 1 to :data:`MAX_YEARS`.
        start: when the partnership is drafted, an aware datetime (default:
            2 September 2024, 10:00 in the charter's zone, :data:`DEFAULT_START`).
        progress: called as ``progress(done, total)`` as each simulated
            quarter begins and once at the end, for a progress bar on a long
            run; it does not change the run.

    Returns:
        The partnership, with its time-driven events emitted up to ``start``
        plus ``years`` years; its clock stands there.

    Raises:
        InvalidArgument: ``charter`` is not a Charter, ``seed`` not an int,
            ``years`` not a whole number from 1 to :data:`MAX_YEARS`,
            ``start`` not an aware datetime, or ``progress`` not callable
            (or it raised).
        CharterError: the charter is not valid, or not at version 1.

    Examples:
        >>> import consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> p = cs.simulate(charter, seed=7, years=1)
        >>> p.state, len(p.meetings)
        ('active', 4)
        >>> cs.simulate(charter, seed=7, years=1).events == p.events
        True
        >>> cs.check_invariants(p), cs.Partnership.replay(p.events) == p
        ([], True)
    """
    begins = _validate(charter, seed, years, start)
    return _Run(charter, random.Random(seed), begins, years).go(reporter(progress))


class _Run:
    """One simulation: the partnership, its clock, the run's random numbers and its diary."""

    def __init__(self, charter: Charter, rng: random.Random, start: pendulum.DateTime, years: int):
        self.rng = rng
        self.clock = SimulatedClock(start)
        self.p = Partnership.draft(charter, clock=self.clock)
        self.end = start.add(years=years)
        self.diary: list[tuple[_dt.datetime, int, _dt.datetime, Callable[[], None]]] = []
        self.entries = 0
        self.people = 0
        self.names: set[str] = set()
        self.objector: dict[str, tuple[str, Position] | None] = {}
        self.revised_for: dict[str, str] = {}  # revision's id -> the party whose block it meets
        self.consulting_on: dict[str, str] = {}  # Consult proposal -> the proposal consulted on
        self.plans: dict[str, dict[str, str | None]] = {}  # meeting -> party -> person or None
        self.texts = {clause.id: clause.text for clause in charter.clauses}
        self.tz = charter.timezone

    # -- time

    def at(self, when: _dt.datetime, action: Callable[[], None]) -> None:
        """Put ``action`` in the diary for ``when``."""
        self.entries += 1
        heapq.heappush(self.diary, (_key(when), self.entries, when, action))

    def now(self) -> pendulum.DateTime:
        return self.clock.now().in_timezone(self.tz)

    def wait(self, **delta: int) -> None:
        self.clock.advance(**delta)

    def go(self, progress: Callable[[int, int], object] | None = None) -> Partnership:
        self.form()
        ratified = self.now()
        quarters = [
            begins
            for quarter in range(4 * ((self.end.year - ratified.year) + 1))
            if _key(begins := ratified.add(months=3 * quarter, days=1).set(hour=9, minute=0))
            < _key(self.end)
        ]
        for quarter, begins in enumerate(quarters):
            self.at(begins, functools.partial(self.quarter, quarter, len(quarters), progress))
        while self.diary and self.diary[0][0] < _key(self.end):
            key, _, when, action = heapq.heappop(self.diary)
            if key > _key(self.now()):
                self.clock.set(when)
            self.p.advance()
            action()
        if _key(self.now()) < _key(self.end):
            self.clock.set(self.end)
        self.p.advance()
        if progress is not None:
            progress(len(quarters), len(quarters))
        return self.p

    # -- who

    @property
    def chair(self) -> str:
        return self.p.charter.chair

    def members(self) -> list[str]:
        return sorted(self.p.active_members)

    def person(self, party: str, role: str) -> None:
        """``party`` nominates a new person in ``role``."""
        self.people += 1
        # Two people of one name would make minutes ambiguous ("deputising
        # for Alys Lewis"): a name drawn before is drawn again, and after as
        # many draws as there are names, it is told apart by its number.
        for _ in range(len(_FIRST_NAMES) * len(_SURNAMES)):
            name = f"{self.rng.choice(_FIRST_NAMES)} {self.rng.choice(_SURNAMES)}"
            if name not in self.names:
                break
        else:
            name = f"{name} ({self.people})"
        self.names.add(name)
        chosen = Person(id=f"person-{self.people:04d}", name=name)
        self.p.nominate(chosen, role=role, by=party)

    def seats(self, party: str) -> tuple[str | None, str | None]:
        """``party``'s representative and first deputy, by person id."""
        representative = deputy = None
        for nomination in self.p.nominations(party):
            if nomination.role == "representative":
                representative = nomination.person.id
            elif deputy is None:
                deputy = nomination.person.id
        return representative, deputy

    def seat(self, party: str, *, deputy: bool) -> None:
        """Make sure ``party`` has a representative, and a deputy if asked."""
        held, second = self.seats(party)
        if held is None:
            self.wait(minutes=5)
            self.person(party, "representative")
        if deputy and second is None:
            self.wait(minutes=5)
            self.person(party, "deputy")

    # -- forming

    def form(self) -> None:
        signatories = [party.id for party in self.p.charter.signatories]
        self.rng.shuffle(signatories)
        for party in signatories:
            self.wait(days=self.rng.randint(0, 2), minutes=self.rng.randint(5, 90))
            self.p.sign(by=party)
        self.wait(days=1)
        for party in self.members():
            self.seat(party, deputy=party == self.chair or self.rng.random() < 0.5)

    # -- a quarter

    def quarter(
        self, number: int, total: int, progress: Callable[[int, int], object] | None
    ) -> None:
        if progress is not None:
            progress(number, total)
        begins = self.now()
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            self.at(begins.add(days=rng.randint(1, 20), hours=rng.randint(0, 7)), self.resolution)
        if rng.random() < 0.25:
            self.at(begins.add(days=rng.randint(2, 24)), self.reshuffle)
        if self.unrepresented() or (number % 4 == 2 and rng.random() < 0.6):
            self.at(begins.add(days=rng.randint(3, 22)), self.admission)
        if number % 4 == 1 and rng.random() < 0.7:
            self.at(begins.add(days=rng.randint(3, 22)), self.amendment)
        if number % 4 == 3 and rng.random() < 0.4:
            self.at(begins.add(days=rng.randint(3, 22)), self.withdrawal)
        if rng.random() < 0.6:
            self.at(begins.add(days=26), self.consultation)
        starts = begins.add(days=49).set(hour=10, minute=0)
        while starts.day_of_week in (pendulum.SATURDAY, pendulum.SUNDAY):
            starts = starts.add(days=1)
        self.at(begins.add(days=28), lambda: self.convene(starts))

    def unrepresented(self) -> list[str]:
        p = self.p
        represented = {p.membership(party).party.constituency for party in p.active_members}
        return [c for c in p.charter.required_constituencies if c not in represented]

    def propose(self, motion: Any, by: str, *, contested: float) -> str:
        """``by`` proposes ``motion``, the chair tables it an hour later; written positions follow."""
        pid = self.p.propose(motion, by=by)
        others = [party for party in self.members() if party != by]
        if others and self.rng.random() < contested:
            party = self.rng.choice(others)
            roll = self.rng.random()
            stance = (
                Position.BLOCK
                if roll < 0.6
                else Position.DISAGREE
                if roll < 0.8
                else Position.ABSTAIN
            )
            self.objector[pid] = (party, stance)
        else:
            self.objector[pid] = None
        self.wait(hours=1)
        self.p.table(pid, by=self.chair)
        if self.rng.random() < 0.25:  # too urgent to wait for the meeting: written procedure
            when = self.now().add(days=self.rng.randint(3, 10))
            self.at(when, functools.partial(self.written_round, (pid,)))
        return pid

    def resolution(self, *, revising: Proposal | None = None, blocker: str = "") -> None:
        rng = self.rng
        if revising is not None:
            motion = revising.motion
            assert isinstance(motion, Resolution)
            reason = revising.reasons.get(blocker, "its concern")
            revised = Resolution(
                title=f"{motion.title} (revised)",
                text=f"{motion.text} Revised to meet the concern of "
                f"{self.p.membership(blocker).party.name}: {reason}.",
                topic=motion.topic,
            )
            pid = self.propose(revised, revising.proposer, contested=0.05)
            self.revised_for[pid] = blocker
            return
        charter = self.p.charter
        topics = tuple(getattr(charter.scope, "topics", ())) or _TOPICS
        topic = rng.choice(topics)
        title = rng.choice(("A model approach to", "Guidance on", "A framework for"))
        motion = Resolution(
            title=f"{title} {topic}",
            text=(
                f"The partners agree {title.lower()} {topic}, for employers in scope "
                "to adopt voluntarily as part of their contracts."
            ),
            topic=topic,
        )
        self.propose(motion, rng.choice(self.members()), contested=0.3)

    # -- positions and conclusions

    def stance(self, pid: str, party: str) -> tuple[Position, str | None]:
        proposal = self.p.proposal(pid)
        if self.revised_for.get(pid) == party:
            return Position.AGREE, "The revision meets our concern"
        objection = self.objector.get(pid)
        if objection is not None and objection[0] == party:
            stance = objection[1]
            texts = {Position.BLOCK: _BLOCK, Position.DISAGREE: _DISAGREE}.get(stance, _ABSTAIN)
            return stance, self.rng.choice(texts)
        if party == proposal.proposer:
            return Position.AGREE, "We proposed it"
        return Position.AGREE, self.rng.choice(_AGREE) if self.rng.random() < 0.4 else None

    def speak(self, pid: str, party: str) -> None:
        position, reason = self.stance(pid, party)
        self.wait(minutes=self.rng.randint(1, 4))
        self.p.record_position(pid, position, by=party, reason=reason)

    def open_items(self) -> list[str]:
        """Proposals deliberating and free to be decided (no Consult on them pending)."""
        waiting = set(self.consulting_on.values())
        return [
            pid
            for pid, proposal in self.p.proposals.items()
            if proposal.state == "deliberating" and pid not in waiting
        ]

    def written_round(self, items: tuple[str, ...]) -> None:
        """Positions in writing on ``items`` from members who have not given one; conclusions."""
        if not self.p.charter.between_meetings:
            return
        free = self.open_items()
        for pid in (item for item in items if item in free):
            for party in self.members():
                if party not in self.p.proposal(pid).positions and self.rng.random() < 0.8:
                    self.speak(pid, party)
            self.settle(pid)

    def settle(self, pid: str) -> None:
        """Revise a blocked resolution, or conclude the proposal if its outcome is settled."""
        proposal = self.p.proposal(pid)
        if proposal.state != "deliberating":
            return
        blockers = [party for party, pos in proposal.positions.items() if pos is Position.BLOCK]
        motion = proposal.motion
        active = self.p.active_members
        if (
            blockers
            and isinstance(motion, Resolution)
            and proposal.proposer in active
            and pid not in self.consulting_on.values()
            and self.rng.random() < 0.75
        ):
            self.wait(minutes=5)
            self.p.withdraw_proposal(pid, by=proposal.proposer)
            self.resolution(revising=proposal, blocker=blockers[0])
            return
        if isinstance(motion, Consult):
            target = self.p.proposals.get(motion.proposal)
            ended = motion.closes <= self.now().date()
            if target is None or target.state != "deliberating" or ended:
                self.drop(pid)
                return
        if self.p.tally(pid) is Outcome.PENDING:
            return
        self.wait(minutes=2)
        try:
            self.p.conclude(pid, by=self.chair)
        except (NotQuorate, DecisionPending, NotEntitled):
            return  # not quorate, or not here: it waits for a later meeting
        except InvalidMotion:
            self.drop(pid)
            return
        self.concluded(pid)

    def drop(self, pid: str) -> None:
        """The proposer withdraws a motion that can no longer apply."""
        proposal = self.p.proposal(pid)
        if proposal.proposer in self.p.active_members:
            self.wait(minutes=2)
            self.p.withdraw_proposal(pid, by=proposal.proposer)
        self.concluded(pid)

    def concluded(self, pid: str) -> None:
        proposal = self.p.proposal(pid)
        self.consulting_on.pop(pid, None)
        if proposal.state != "agreed":
            return
        motion = proposal.motion
        if isinstance(motion, Consult):
            self.responses(pid)
        elif isinstance(motion, Admit):
            party = motion.party.id
            self.at(self.now().add(days=self.rng.randint(2, 7)), lambda: self.welcome(party))

    def welcome(self, party: str) -> None:
        if party in self.p.active_members:
            self.seat(party, deputy=self.rng.random() < 0.5)

    # -- the meeting

    def convene(self, starts: pendulum.DateTime) -> None:
        p = self.p
        review = p.current_review
        if review is not None and review.state == "due":
            p.open_review(by=self.chair)
            review = p.current_review
        if review is not None and review.state == "in_progress" and not self.pending(review.id):
            findings = self.rng.choice(
                (
                    "The arrangements work; the partners keep them as they are.",
                    "The arrangements work; more employers should be reached.",
                    "The partners should meet the advisory group more often.",
                )
            )
            motion = ConcludeReview(review=review.id, findings=findings)
            self.wait(minutes=10)
            self.propose(motion, self.rng.choice(self.members()), contested=0.1)
        agenda = [pid for pid, proposal in p.proposals.items() if not proposal.is_concluded]
        self.wait(minutes=10)
        mid = p.convene(starts=starts, agenda=agenda, by=self.chair)
        plan: dict[str, str | None] = {}
        for party in self.members():
            representative, deputy = self.seats(party)
            roll = self.rng.random()
            if party != self.chair and roll < 0.1:
                plan[party] = None  # apologies
            elif roll < 0.3 or (deputy is not None and roll > 0.95):
                plan[party] = deputy  # the representative cannot come: the deputy, if any
            else:
                plan[party] = representative
            if plan[party] is None and party == self.chair:
                plan[party] = representative  # the chair comes to chair it
            if plan[party] is None:
                when = self.now().add(days=self.rng.randint(1, 18))
                self.at(when, functools.partial(self.apologise, mid, party))
        self.plans[mid] = plan
        self.at(starts, lambda: self.meet(mid))

    def pending(self, review: str) -> bool:
        return any(
            isinstance(proposal.motion, ConcludeReview)
            and proposal.motion.review == review
            and not proposal.is_concluded
            for proposal in self.p.proposals.values()
        )

    def apologise(self, mid: str, party: str) -> None:
        if party in self.p.active_members and self.p.meeting(mid).state == "convened":
            self.p.send_apologies(mid, by=party)

    def meet(self, mid: str) -> None:
        p, plan = self.p, self.plans.pop(mid)
        meeting = p.meeting(mid)
        for party in self.members():
            if party in meeting.apologies:
                continue
            nominated = {n.person.id for n in p.nominations(party)}
            person = plan.get(party, self.seats(party)[0])
            if person is None or person not in nominated:
                person = self.seats(party)[0]
            if person is not None:
                self.wait(minutes=1)
                p.attend(mid, person, by=party)
        self.wait(minutes=2)
        p.open_meeting(mid, by=self.chair)
        agenda = sorted(
            p.meeting(mid).agenda, key=lambda pid: not isinstance(p.proposal(pid).motion, Consult)
        )
        for pid in agenda:
            if p.proposal(pid).state == "draft":
                p.table(pid, by=self.chair)
            if pid not in self.open_items():
                continue
            for party in p.meeting(mid).present:
                if party not in p.proposal(pid).positions:
                    self.speak(pid, party)
            self.settle(pid)
        self.wait(hours=1)
        p.close_meeting(mid, by=self.chair)
        # Those absent give their positions on what is still open in writing.
        when = self.now().add(days=self.rng.randint(3, 10))
        self.at(when, functools.partial(self.written_round, p.meeting(mid).agenda))

    # -- the advisory group

    def consultation(self) -> None:
        p, charter = self.p, self.p.charter
        if not charter.advisors:
            return
        busy = set(self.consulting_on.values())
        candidates = [
            pid
            for pid in self.open_items()
            if isinstance(p.proposal(pid).motion, Resolution) and pid not in busy
        ]
        if not candidates:
            return
        target = self.rng.choice(candidates)
        advisors = [a.id for a in charter.advisors]
        invited = self.rng.sample(advisors, self.rng.randint(1, min(3, len(advisors))))
        closes = self.now().add(days=70).date()
        motion = Consult(
            proposal=target,
            advisors=tuple(invited),
            question="Is this workable for employers and workers in scope?",
            closes=_dt.date(closes.year, closes.month, closes.day),
        )
        pid = self.propose(motion, self.rng.choice(self.members()), contested=0.05)
        self.consulting_on[pid] = target

    def responses(self, cid: str) -> None:
        consultation = self.p.consultation(cid)
        opened, closes = consultation.opened_at, consultation.closes_at
        days = max(1, closes.diff(opened).in_days() - 2)
        for advisor in consultation.advisors:
            roll = self.rng.random()
            if roll < 0.55:
                when = opened.add(days=self.rng.randint(1, days), hours=self.rng.randint(0, 6))
            elif roll < 0.85:
                when = closes.subtract(hours=self.rng.randint(1, 8))  # on the closing date
            else:
                continue  # never responds: anything after the close would be refused
            self.at(when, functools.partial(self.respond, cid, advisor))
        self.at(closes.subtract(days=1), lambda: self.close_early(cid))

    def respond(self, cid: str, advisor: str) -> None:
        if self.p.consultation(cid).state == "open":
            channel = self.rng.choice(list(Channel))
            self.p.respond(cid, self.rng.choice(_RESPONSES), by=advisor, channel=channel)

    def close_early(self, cid: str) -> None:
        consultation = self.p.consultation(cid)
        if consultation.state == "open" and not consultation.awaiting:
            self.p.close_consultation(cid, by=self.chair)

    # -- structure

    def amendment(self) -> None:
        p, rng = self.p, self.rng
        charter = p.charter
        if not charter.advisors or rng.random() < 0.15:
            taken = charter.advisor_ids | set(p.memberships)
            free = [(i, n) for i, n in _NEW_ADVISORS if i not in taken]
            if free:
                advisor_id, name = rng.choice(free)
                motion = Amend(
                    add_advisors=(AdvisorRecord(id=advisor_id, name=name),),
                    rationale=f"{name} brings evidence the partnership needs.",
                )
                self.propose(motion, rng.choice(self.members()), contested=0.1)
                return
        clause = rng.choice(charter.clauses)
        original = self.texts.get(clause.id, clause.text)
        motion = Amend(
            clauses={clause.id: f"{original} (Reviewed {self.now().format('D MMMM YYYY')}.)"},
            rationale=f"Clause {clause.id} should say how it now works in practice.",
        )
        self.propose(motion, rng.choice(self.members()), contested=0.15)

    def admission(self) -> None:
        p, rng = self.p, self.rng
        charter = p.charter
        empty = self.unrepresented()
        former = [
            m.party
            for m in p.memberships.values()
            if m.state == "withdrawn" and (not empty or m.party.constituency in empty)
        ]
        pending = {
            proposal.motion.party.id
            for proposal in p.proposals.values()
            if isinstance(proposal.motion, Admit) and not proposal.is_concluded
        }
        former = [party for party in former if party.id not in pending]
        if former and rng.random() < 0.5:
            party = rng.choice(former)
        else:
            taken = charter.advisor_ids | set(p.memberships) | pending
            free = [(i, n) for i, n in _NEW_PARTIES if i not in taken]
            number = len(p.memberships) + 1
            while f"partner-{number}" in taken:
                number += 1
            ident, name = rng.choice(free) if free else (f"partner-{number}", f"Partner {number}")
            constituency = rng.choice(empty or list(charter.constituency_ids))
            party = PartyRecord(id=ident, name=name, constituency=constituency)
        self.propose(Admit(party=party), rng.choice(self.members()), contested=0.1)

    def withdrawal(self) -> None:
        p = self.p
        members = self.members()
        if len(members) < 3:
            return
        required = set(p.charter.required_constituencies)

        def leaves_quorate(party: str) -> bool:
            left = {p.membership(m).party.constituency for m in members if m != party}
            return required <= left

        candidates = [m for m in members if m != self.chair and leaves_quorate(m)]
        if not candidates:
            return
        leaving = self.rng.choice(candidates)
        for pid, proposal in p.proposals.items():  # it takes its open proposals with it
            if proposal.proposer == leaving and not proposal.is_concluded:
                self.wait(minutes=5)
                p.withdraw_proposal(pid, by=leaving)
        self.wait(minutes=5)
        p.withdraw(by=leaving)

    def reshuffle(self) -> None:
        """A member names a new representative, or a deputy."""
        party = self.rng.choice(self.members())
        representative, deputy = self.seats(party)
        if deputy is None or self.rng.random() < 0.4:
            self.person(party, "deputy")
        elif representative is not None:
            self.p.withdraw_nomination(representative, by=party)
            self.wait(minutes=5)
            self.person(party, "representative")
