"""The review room (clauses 3.3, 3.5): the annual review and its cadence.

Review cycle *n* falls due one review period after cycle *n - 1*, counted
from an anchor so that dates never drift: the anchor is ratification, and
an amendment of the review period re-anchors at the due date of the review
then open (which keeps its date). A review falls due and, after the grace
period, is marked overdue by time-driven events; the chair opens it; an
agreed ConcludeReview concludes it and schedules the next.
"""

from __future__ import annotations

import datetime as _dt

import pendulum

from .._errors import ClockError, IntegrityError, InvalidArgument
from .._events import (
    Event,
    ReviewBecameOverdue,
    ReviewConcluded,
    ReviewFellDue,
    ReviewOpened,
    ReviewScheduled,
)
from .._motions import ConcludeReview
from .._records import Proposal, Review
from .._workflows import REVIEW
from ._agenda import falls_due, schedule
from ._command import Context, Guard, advance, as_chair, execute, when_text
from ._state import State, applies, carries_out, replays

__all__ = ["open_review", "review_due", "review_id", "scheduled_review"]

_DUE = "review_due"
_OVERDUE = "review_overdue"


def review_due(
    ratified_at: pendulum.DateTime, cycle: int, period_months: int
) -> pendulum.DateTime:
    """Return when review ``cycle`` (1, 2, …) falls due, counted from ratification.

    Computed from the anchor, never from the previous due date, so that a
    partnership ratified on 29 February keeps its reviews on the last day of
    February and returns to the 29th in leap years.

    Examples:
        >>> import pendulum
        >>> anchor = pendulum.datetime(2024, 2, 29, 10, tz="Europe/London")
        >>> [review_due(anchor, n, 12).to_date_string() for n in (1, 2, 3, 4)]
        ['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']
    """
    if not isinstance(ratified_at, pendulum.DateTime):
        raise InvalidArgument("ratified_at", ratified_at, "a pendulum DateTime")
    for argument, value in (("cycle", cycle), ("period_months", period_months)):
        if type(value) is not int or not 0 <= value <= 10_000:
            raise InvalidArgument(argument, value, "a whole number from 0 to 10000")
    try:
        return ratified_at.add(months=period_months * cycle)
    except (ValueError, OverflowError):
        raise ClockError(
            f"review {cycle} of {period_months} months after {ratified_at.isoformat()} "
            "falls beyond any date the calendar holds."
        ) from None


def review_id(cycle: int) -> str:
    """The id of review cycle ``cycle``: ``r-0001`` for the first."""
    return f"r-{cycle:04d}"


def scheduled_review(
    s: State,
    when: pendulum.DateTime,
    cycle: int,
    *,
    anchor: tuple[pendulum.DateTime, int] | None = None,
) -> ReviewScheduled:
    """The event that schedules review ``cycle``, counted from ``anchor`` (default: the state's)."""
    start, counted = anchor or s.review_anchor or (when, 0)
    due = review_due(start, cycle - counted, s.the_charter.review_period_months)
    return ReviewScheduled(at=when, review=review_id(cycle), cycle=cycle, due=due)


# -- command


def open_review(s: State, *, by: object, at: _dt.datetime | None) -> str:
    """Open the review that has fallen due (the chair, or any member for an absent chair)."""

    def find() -> Review:
        current = s.current_review
        if current is None:  # only in a log the library did not write
            raise IntegrityError("the partnership is active but no review cycle is open")
        return s.reviews[current]

    def guard(review: Review) -> Guard:
        hint = f"It falls due on {when_text(review.due)}" if review.state == "scheduled" else None
        return Guard(REVIEW, review.state, "open", f"review {review.id}", hint)

    def decide(c: Context[Review]) -> tuple[list[Event], str]:
        return [ReviewOpened(at=c.when, review=c.target.id, by=c.by)], c.target.id

    return execute(
        s,
        action="open the review",
        by=by,
        at=at,
        find=find,
        role=as_chair,
        guard=guard,
        decide=decide,
    )


@replays(ReviewOpened)
def _replay_opened(s: State, event: ReviewOpened) -> None:
    open_review(s, by=event.by, at=event.at)


# -- the motion


@carries_out(ConcludeReview)
def _conclude(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, ConcludeReview)
    review = s.reviews[motion.review]
    return [
        ReviewConcluded(at=when, review=review.id, proposal=proposal.id, findings=motion.findings),
        scheduled_review(s, when, review.cycle + 1),
    ]


# -- time


@falls_due(_DUE)
def _falls_due(s: State, when: pendulum.DateTime, ref: str) -> Event | None:
    return ReviewFellDue(at=when, review=ref) if s.reviews[ref].state == "scheduled" else None


@falls_due(_OVERDUE)
def _becomes_overdue(s: State, when: pendulum.DateTime, ref: str) -> Event | None:
    review = s.reviews[ref]
    if review.is_open and not review.overdue:
        return ReviewBecameOverdue(at=when, review=ref)
    return None


@replays(ReviewFellDue, ReviewBecameOverdue)
def _replay_time(s: State, event: ReviewFellDue | ReviewBecameOverdue) -> None:
    advance(s, to=event.at)


# -- applying


@applies(ReviewScheduled)
def _apply_scheduled(s: State, event: ReviewScheduled) -> None:
    if event.review in s.reviews:
        raise IntegrityError(f"review {event.review} was scheduled twice")
    if s.current_review is not None:
        raise IntegrityError(f"review {s.current_review} is still open")
    review = Review(id=event.review, cycle=event.cycle, due=event.due, state=REVIEW.initial)
    s.put(s.reviews, event.review, review)
    s.set("current_review", event.review)
    schedule(s, event.due, _DUE, event.review, event.at)


@applies(ReviewFellDue)
def _apply_fell_due(s: State, event: ReviewFellDue) -> None:
    review = s.move(s.reviews, event.review, REVIEW, "fall_due")
    grace = s.the_charter.review_grace_months
    schedule(s, review.due.add(months=grace), _OVERDUE, review.id, event.at)


@applies(ReviewBecameOverdue)
def _apply_overdue(s: State, event: ReviewBecameOverdue) -> None:
    s.move(s.reviews, event.review, REVIEW, "mark_overdue", overdue=True)


@applies(ReviewOpened)
def _apply_opened(s: State, event: ReviewOpened) -> None:
    s.move(s.reviews, event.review, REVIEW, "open", opened_at=event.at)


@applies(ReviewConcluded)
def _apply_concluded(s: State, event: ReviewConcluded) -> None:
    s.move(
        s.reviews,
        event.review,
        REVIEW,
        "conclude",
        concluded_at=event.at,
        findings=event.findings,
        concluded_by=event.proposal,
    )
    s.set("current_review", None)
