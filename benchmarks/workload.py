"""The business the benchmarks run: the bundled partnership's regular cycle, through the system clock.

A partnership here is drafted under the bundled charter (Europe/London, so
every instant the system clock gives in UTC is converted) with
:class:`consensus.SystemClock`, as a production tool would draft it, and
grown by repeating :class:`Cycle`: every command a partnership repeats in
its ordinary life, each at least once a pass. The commands that cannot
repeat under the real clock — drafting and signing, and what only the
passing of days or months brings (a review falling due, a consultation
closing) — are timed on their own: see :func:`overdue_history`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pendulum
from measure import Stopwatch, Untimed

import consensus as cs

CHARTER_PATH = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "charters"
    / "social_care_workforce_partnership.toml"
)

UNTIMED: Stopwatch = Untimed()

#: Who proposes every motion of the cycle.
PROPOSER = "unison"
#: Who sends apologies for each meeting (and records its position in writing beforehand).
ABSENT = "wlga"
#: A party admitted and withdrawing again each pass, so that the membership stays the same size.
NEWCOMER = cs.PartyRecord(id="unite", name="Unite the Union", constituency="workers")
DEPUTY = cs.Person(id="gmb-deputy", name="Deputy for GMB")
EMPLOYER = cs.Employer(id="bryn-care-home", name="Bryn Care Home", sector="independent")
ADVISORS = ("adss", "tuc")
#: How far ahead a meeting is convened: the real clock must pass it before the meeting opens.
MEETING_LEAD_US = 1_000


@functools.cache
def charter() -> cs.Charter:
    """The bundled charter of the Social Care Workforce Partnership."""
    return cs.load_charter(CHARTER_PATH)


def founded(
    *,
    clock: cs.Clock | None = None,
    lap: Stopwatch = UNTIMED,
    store: cs.EventStore | None = None,
    stream: str | None = None,
) -> cs.Partnership:
    """A partnership drafted and signed by every signatory, each member's representative nominated.

    Args:
        clock: its clock (default: a :class:`consensus.SystemClock`).
        lap: times the drafting (``draft``) and each signature (``sign``).
        store: where to keep its log, with ``stream``; in memory only by default.
        stream: its stream id in ``store``.
    """
    terms = charter()
    p = lap(
        "draft",
        cs.Partnership.draft,
        terms,
        clock=clock if clock is not None else cs.SystemClock(),
        store=store,
        stream=stream,
    )
    for party in terms.signatories:
        lap("sign", p.sign, by=party.id)
    for member in sorted(p.active_members):
        p.nominate(
            cs.Person(id=f"{member}-rep", name=f"Representative of {member}"),
            role="representative",
            by=member,
        )
    return p


class Cycle:
    """One pass of a partnership's regular business; every command it repeats, once or more.

    A pass agrees a resolution; withdraws a proposal; consults two advisors
    on a proposal (responses, an early close) and withdraws it; holds a
    meeting (a deputy nominated and withdrawn, apologies, attendance,
    positions at the meeting, a conclusion) and convenes and cancels
    another; agrees a model policy, records and withdraws an employer's
    adoption of it, agrees a milestone and reports it met, rescinds the model;
    admits a party that then withdraws; and advances the partnership's time.
    Every motion is proposed by :data:`PROPOSER` and agreed unanimously.

    Args:
        p: an active partnership from :func:`founded` (or grown from one).
    """

    def __init__(self, p: cs.Partnership) -> None:
        self.p = p
        self.chair = p.charter.chair
        self.members = sorted(p.active_members)

    def run(self, lap: Stopwatch) -> None:
        """One pass, each command timed by ``lap`` under its method's name."""
        today = pendulum.now(self.p.charter.timezone).date()
        self.agree(
            lap,
            cs.Resolution(
                title="Model lone-working policy", text="Staff who work alone carry a phone."
            ),
        )
        draft = lap(
            "propose",
            self.p.propose,
            cs.Resolution(title="Withdrawn", text="Not now."),
            by=PROPOSER,
        )
        lap("withdraw_proposal", self.p.withdraw_proposal, draft, by=PROPOSER)
        self._consultation(lap, today)
        self._meeting(lap)
        self._programme(lap, today)
        self.agree(lap, cs.Admit(party=NEWCOMER))
        lap("withdraw", self.p.withdraw, by=NEWCOMER.id)
        lap("advance", self.p.advance)

    def agree(self, lap: Stopwatch, motion: object) -> str:
        """Propose ``motion``, table it, record every member's agreement and conclude it."""
        p = self.p
        pid: str = lap("propose", p.propose, motion, by=PROPOSER)
        lap("table", p.table, pid, by=self.chair)
        for member in self.members:
            lap(
                "record_position",
                p.record_position,
                pid,
                cs.Position.AGREE,
                by=member,
                reason="It works for us.",
            )
        outcome = lap("conclude", p.conclude, pid, by=self.chair)
        if outcome is not cs.Outcome.AGREED:
            raise RuntimeError(f"the benchmark's {pid} was {outcome.value}, not agreed")
        return pid

    def _consultation(self, lap: Stopwatch, today: pendulum.Date) -> None:
        p = self.p
        target = lap(
            "propose",
            p.propose,
            cs.Resolution(title="Rotas", text="Rotas a month ahead."),
            by=PROPOSER,
        )
        lap("table", p.table, target, by=self.chair)
        consult = cs.Consult(
            proposal=target,
            advisors=ADVISORS,
            question="Is this workable?",
            closes=today.add(days=30),
        )
        cid = self.agree(lap, consult)
        for advisor in ADVISORS:
            lap("respond", p.respond, cid, "Workable.", by=advisor, channel=cs.Channel.EMAIL)
        lap("close_consultation", p.close_consultation, cid, by=self.chair)
        lap("withdraw_proposal", p.withdraw_proposal, target, by=PROPOSER)

    def _meeting(self, lap: Stopwatch) -> None:
        p = self.p
        item = lap(
            "propose", p.propose, cs.Resolution(title="Breaks", text="Paid breaks."), by=PROPOSER
        )
        lap("table", p.table, item, by=self.chair)
        lap("record_position", p.record_position, item, cs.Position.AGREE, by=ABSENT)
        lap("nominate", p.nominate, DEPUTY, role="deputy", by="gmb")
        starts, mid = self._convene_soon(lap, item)
        lap("send_apologies", p.send_apologies, mid, by=ABSENT)
        present = [member for member in self.members if member != ABSENT]
        while cs.SystemClock().now() < starts:  # the meeting opens at its start time
            pass
        for member in present:
            lap("attend", p.attend, mid, f"{member}-rep", by=member)
        lap("open_meeting", p.open_meeting, mid, by=self.chair)
        for member in present:
            lap("record_position", p.record_position, item, cs.Position.AGREE, by=member)
        lap("conclude", p.conclude, item, by=self.chair)
        lap("close_meeting", p.close_meeting, mid, by=self.chair)
        lap("withdraw_nomination", p.withdraw_nomination, DEPUTY.id, by="gmb")
        later = cs.SystemClock().now().add(days=7)
        cancelled: str = lap("convene", p.convene, starts=later, by=self.chair)
        lap("cancel_meeting", p.cancel_meeting, cancelled, by=self.chair)

    def _convene_soon(self, lap: Stopwatch, item: str) -> tuple[pendulum.DateTime, str]:
        """Convene a meeting starting in a moment; its start and its id.

        If the real clock passes the start before the command reads it (a
        pause of the process), the library rightly refuses; the refusal is
        not timed, and the meeting is convened again further ahead.
        """
        lead = MEETING_LEAD_US
        while True:
            starts = cs.SystemClock().now().add(microseconds=lead)
            try:
                mid: str = lap(
                    "convene", self.p.convene, starts=starts, agenda=[item], by=self.chair
                )
            except cs.InvalidArgument as err:
                if err.argument != "starts" or lead > 10**7:
                    raise
                lead *= 10
            else:
                return starts, mid

    def _programme(self, lap: Stopwatch, today: pendulum.Date) -> None:
        p = self.p
        model = self.agree(
            lap,
            cs.AdoptModel(
                topic="induction policies",
                title="Model induction policy",
                text="New staff shadow a colleague.",
                review_by=today.add(years=1),
            ),
        )
        lap(
            "record_adoption",
            p.record_adoption,
            model,
            employer=EMPLOYER,
            embedded_in_contracts=True,
            by=PROPOSER,
        )
        lap("withdraw_adoption", p.withdraw_adoption, model, employer=EMPLOYER.id, by=PROPOSER)
        milestone = self.agree(
            lap,
            cs.SetMilestone(title="Induction everywhere", due=today.add(days=90), owner=PROPOSER),
        )
        lap("report_progress", p.report_progress, milestone, note="Done.", done=True, by=PROPOSER)
        self.agree(lap, cs.RescindModel(model=model, rationale="Superseded."))


def grow(events: int, *, clock: cs.Clock | None = None) -> tuple[cs.Partnership, Cycle]:
    """A partnership whose log holds at least ``events`` events, grown by passes of :class:`Cycle`."""
    p = founded(clock=clock)
    cycle = Cycle(p)
    while len(p.events) < events:
        cycle.run(UNTIMED)
    return p, cycle


def overdue_history() -> tuple[cs.Event, ...]:
    """A log that ended thirteen months ago, with facts falling due since.

    Drafted, signed and busy for a moment thirteen months before now (by a
    simulated clock), it leaves behind what only the passing of time brings:
    its first review falls due a year after ratification, a consultation
    closes, a model policy's review date comes and eight milestones fall
    overdue. Replayed with a :class:`consensus.SystemClock`, the first command
    (``advance``) emits them all; then the review can be opened.
    """
    start = pendulum.now(charter().timezone).subtract(months=13)
    p = founded(clock=cs.SimulatedClock(start))
    cycle = Cycle(p)
    day = start.date()
    target = p.propose(cs.Resolution(title="Rotas", text="Rotas a month ahead."), by=PROPOSER)
    p.table(target, by=cycle.chair)
    cycle.agree(
        UNTIMED,
        cs.Consult(
            proposal=target, advisors=ADVISORS, question="Workable?", closes=day.add(days=30)
        ),
    )
    cycle.agree(
        UNTIMED,
        cs.AdoptModel(
            topic="induction policies",
            title="Model induction policy",
            text="New staff shadow a colleague.",
            review_by=day.add(days=60),
        ),
    )
    for week in range(8):
        cycle.agree(
            UNTIMED,
            cs.SetMilestone(
                title=f"Milestone {week}", due=day.add(days=90, weeks=week), owner=PROPOSER
            ),
        )
    return tuple(p.events)
