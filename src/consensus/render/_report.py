"""A monitoring report of a partnership at an instant (clause 5.1), in Markdown."""

from __future__ import annotations

import datetime as _dt

import pendulum

from .._errors import InvalidArgument
from .._partnership import PartnershipView
from .._records import Milestone, Model
from ._describe import closing_text, listing, motion_phrase, when

__all__ = ["render_report"]

_PROPOSAL_STATES = {
    "draft": "not yet tabled",
    "deliberating": "under deliberation",
    "consulting": "out to consultation",
}
_REVIEW_STATES = {
    "scheduled": "scheduled",
    "due": "due, not yet opened",
    "in_progress": "open, under way",
    "concluded": "concluded",
}
_MILESTONE_STATES = {"open": "open", "overdue": "OVERDUE", "met": "met", "dropped": "dropped"}


def _day(value: _dt.date) -> str:
    return pendulum.date(value.year, value.month, value.day).format("D MMMM YYYY")


class _Report:
    """Builds the report from a view's queries, line by line."""

    def __init__(self, view: PartnershipView) -> None:
        self.view = view
        self.zone = view.charter.timezone
        self.lines: list[str] = []
        self.names: dict[str, str] = {}
        for version in view.charter_history:
            self.names.update({a.id: a.name for a in version.charter.advisors})
        self.names.update({m.party.id: m.party.name for m in view.memberships.values()})
        self.names.update({person.id: person.name for person in view.people.values()})

    def name(self, ref: str) -> str:
        return self.names.get(ref, ref)

    def local(self, instant: _dt.datetime) -> pendulum.DateTime:
        return pendulum.instance(instant).in_timezone(self.zone)

    def date(self, instant: _dt.datetime) -> str:
        return self.local(instant).format("D MMMM YYYY")

    def say(self, *lines: str) -> None:
        self.lines.extend(lines)

    def section(self, title: str) -> None:
        self.say(f"### {title}", "")

    def bullets(self, items: list[str], empty: str) -> None:
        self.say(*(f"- {item}" for item in items) if items else (empty,))
        self.say("")

    # -- the sections

    def heading(self) -> None:
        view = self.view
        self.say(f"# {view.charter.title}", "")
        self.say(f"## Monitoring report as of {when(self.local(view.at))}", "")
        history = view.charter_history  # empty until the charter is ratified
        if view.state == "forming":
            signed = [m for m in view.memberships.values() if m.state == "active"]
            status = (
                f"The partnership is forming: {len(signed)} of "
                f"{len(view.charter.signatories)} signatories have signed."
            )
        elif view.state == "dissolved" and view.dissolved_at is not None:
            status = f"The partnership was dissolved on {self.date(view.dissolved_at)}."
        elif view.ratified_at is not None:
            status = f"The partnership has been active since {self.date(view.ratified_at)}."
        else:
            status = f"The partnership is {view.state}."
        if not history:
            self.say(f"{status} Its charter comes into force when the last signatory signs.", "")
            return
        charter = history[-1]
        since = (
            f", in force since {self.date(charter.effective_from)}" if charter.version > 1 else ""
        )
        self.say(f"{status} Version {charter.charter.version} of its charter applies{since}.", "")

    def members(self) -> None:
        view = self.view
        self.section("Members")
        required = set(view.charter.required_constituencies)
        names = {c.id: c.name for c in view.charter.constituencies}
        items = []
        for constituency, members in view.members_by_constituency.items():
            shown = names.get(constituency, constituency)
            if members:
                items.append(f"{shown}: {listing([self.name(m) for m in members])}")
            elif constituency in required:
                items.append(
                    f"{shown}: **no active member**; the charter requires one, so only an "
                    "admission into it can be agreed until then"
                )
            else:
                items.append(f"{shown}: no active member")
        gone = sorted(m.party.id for m in view.memberships.values() if m.state == "withdrawn")
        if gone:
            items.append(f"Withdrawn: {listing([self.name(m) for m in gone])}")
        self.bullets(items, "The charter names no constituencies.")

    def proposals(self) -> None:
        view = self.view
        self.section("Open proposals")
        items = []
        for pid, proposal in view.proposals.items():
            if proposal.state not in _PROPOSAL_STATES:
                continue
            line = (
                f"{pid}: to {motion_phrase(proposal.motion, self.name)}; proposed by "
                f"{self.name(proposal.proposer)} on {self.date(proposal.proposed_at)}; "
                f"{_PROPOSAL_STATES[proposal.state]}"
            )
            if proposal.state in ("deliberating", "consulting"):
                awaited = view.awaiting_positions(pid)
                line += (
                    f"; positions awaited from {listing([self.name(p) for p in awaited])}"
                    if awaited
                    else "; every member has stated a position"
                )
            items.append(line + ".")
        self.bullets(items, "No proposal is open.")

    def consultations(self) -> None:
        view = self.view
        self.section("Consultations")
        items = []
        for cid in view.open_consultations:
            consultation = view.consultation(cid)
            answered = {response.advisor for response in consultation.responses}
            waiting = [self.name(a) for a in consultation.advisors if a not in answered]
            line = (
                f"{cid} on {consultation.proposal}: {len(answered)} of "
                f"{len(consultation.advisors)} advisers have responded; closes at "
                f"{closing_text(self.local(consultation.closes_at))}"
            )
            items.append(line + (f"; awaited from {listing(waiting)}." if waiting else "."))
        self.bullets(items, "No consultation is open.")

    def meetings(self) -> None:
        view = self.view
        self.section("Meetings")
        meetings = list(view.meetings.values())
        items = []
        sitting = [m for m in meetings if m.state == "in_session"]
        coming = [m for m in meetings if m.state == "convened"]
        held = [m for m in meetings if m.state == "closed"]
        for meeting in sitting:
            items.append(f"In session: {meeting.id}, opened {when(self.local(meeting.starts))}.")
        for meeting in coming:
            agenda = listing(list(meeting.agenda)) if meeting.agenda else "nothing yet"
            items.append(
                f"Next: {meeting.id} on {when(self.local(meeting.starts))}; agenda: {agenda}."
            )
        if held:
            last = held[-1]
            items.append(
                f"Last held: {last.id} on {self.date(last.starts)}, "
                f"{len(last.present)} members present ({len(held)} held in all)."
            )
        self.bullets(items, "No meeting has been convened.")

    def model(self, model: Model) -> None:
        current = model.current
        title = f'#### {model.id}: "{model.title}"'
        self.say(title, "")
        facts = [
            f"Topic: {model.topic}"
            + ("" if model.named_topic else " (not one the charter names)"),
            f"Version {current.version} in force since {self.date(current.effective_from)}, "
            f"agreed in {current.agreed_by}",
        ]
        if model.review_by is not None:
            due = " (**review due**)" if model.review_due else ""
            facts.append(f"To be reviewed by {_day(model.review_by)}{due}")
        self.bullets(facts, "")
        adoptions = self.view.adoptions(model.id)
        if adoptions:
            self.say("Adopted by:", "")
        self.bullets(
            [
                f"{a.employer.name} ({a.employer.sector}): version {a.version}, "
                + ("embedded in its contracts" if a.embedded_in_contracts else "not in contracts")
                + f"; recorded by {self.name(a.recorded_by)} on {self.date(a.at)}"
                for a in adoptions
            ],
            "No employer has recorded adopting it.",
        )

    def models(self) -> None:
        view = self.view
        self.section("Model policies")
        in_force = [m for m in view.models.values() if m.state == "in_force"]
        if not in_force:
            self.say("No model policy is in force.", "")
        for model in in_force:
            self.model(model)
        rescinded = [m for m in view.models.values() if m.state == "rescinded"]
        if rescinded:
            self.say("Rescinded:", "")
            self.bullets(
                [
                    f'{m.id}: "{m.title}", rescinded on {self.date(m.rescinded_at)}'
                    for m in rescinded
                    if m.rescinded_at is not None
                ],
                "",
            )

    def milestone(self, milestone: Milestone) -> str:
        line = (
            f'{milestone.id}: "{milestone.title}", owned by {self.name(milestone.owner)}, '
            f"due by the end of {_day(milestone.due)}: {_MILESTONE_STATES[milestone.state]}"
        )
        if milestone.state == "met" and milestone.met_at is not None:
            line += f" on {self.date(milestone.met_at)}"
        if milestone.state == "dropped" and milestone.dropped_at is not None:
            line += f" on {self.date(milestone.dropped_at)}"
        if milestone.reports:
            latest = milestone.reports[-1]
            line += f"; latest report ({self.date(latest.at)}): {latest.note.strip()}"
        return line if line.endswith((".", "?", "!")) else line + "."

    def milestones(self) -> None:
        self.section("Milestones")
        self.bullets(
            [self.milestone(m) for m in self.view.milestones.values()],
            "No milestone has been set.",
        )

    def review(self) -> None:
        view = self.view
        self.section("Annual review")
        review = view.current_review
        if review is None:
            concluded = [r for r in view.reviews if r.concluded_at is not None]
            self.bullets(
                [
                    f"Review {r.id} concluded on {self.date(r.concluded_at)}"
                    for r in concluded[-1:]
                    if r.concluded_at is not None
                ],
                "No review is scheduled.",
            )
            return
        state = _REVIEW_STATES.get(review.state, review.state)
        overdue = " and **overdue**" if review.overdue else ""
        self.bullets(
            [
                f"Review {review.id} (cycle {review.cycle}): due on {self.date(review.due)}; "
                f"{state}{overdue}."
            ],
            "",
        )

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def render_report(p: PartnershipView, at: _dt.datetime | None = None) -> str:
    """A monitoring report of the partnership, in Markdown, as partners would receive it.

    Clause 5.1: all partners monitor progress. The report gives the state of
    the partnership and the charter version in force, the members by
    constituency, open proposals and whose positions are awaited, open
    consultations and when they close, meetings (in session, next, last held),
    the model policies in force with their versions, review dates and
    employers' adoptions, rescinded models, milestones with their status and
    latest report, and the annual review. Times are in the charter's zone.

    Args:
        p: a partnership, or a view of one.
        at: report the partnership as of this instant (``p.as_of(at)``: time-driven
            facts due by then applied, nothing appended to ``p``). By default the
            partnership as it stands, without advancing its time.

    Returns:
        Markdown text, ending with a newline.

    Raises:
        InvalidArgument: ``p`` is not a partnership, or ``at`` is not a datetime.
        ClockError: ``at`` is naive or earlier than the last event.

    Examples:
        >>> import consensus as cs, pendulum
        >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
        >>> p = cs.Partnership.draft(cs.load_charter(
        ...     "examples/charters/social_care_workforce_partnership.toml"), clock=clock)
        >>> for party in p.charter.signatories:
        ...     p.sign(by=party.id)
        >>> report = cs.render_report(p, at=pendulum.datetime(2025, 9, 3, tz="Europe/London"))
        >>> print(report.split("### Annual review")[1].strip())
        - Review r-0001 (cycle 1): due on 2 September 2025; due, not yet opened.
        >>> len(p.events) == len(p.as_of(p.last_event_at).events)
        True
    """
    if not isinstance(p, PartnershipView):
        raise InvalidArgument("p", p, "a consensus.Partnership, or a view of one")
    view = p if at is None else p.as_of(at)
    report = _Report(view)
    report.heading()
    report.members()
    report.proposals()
    report.consultations()
    report.meetings()
    report.models()
    report.milestones()
    report.review()
    return report.text()
