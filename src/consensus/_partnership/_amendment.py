"""The amendment room (clause 6.2): the terms of reference change only by agreement.

An agreed Amend puts the next version of the charter in force from the
instant it is concluded; ``CharterAmended`` carries the whole new charter,
so replay computes nothing. The structure is amendable like the clauses (the
chair, the required constituencies, the review period), and an Amend that
changes the required constituencies may be concluded while one of them is
empty, so that a departure never locks the partnership.
"""

from __future__ import annotations

import pendulum

from .._errors import IntegrityError
from .._events import CharterAmended, Event
from .._motions import Amend, amended_charter
from .._records import CharterVersion, Proposal
from ._state import State, applies, carries_out, quorum_exempt

__all__: list[str] = []


@carries_out(Amend)
def _amend(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, Amend)
    # check_motion has just accepted the amendment against this charter.
    charter = amended_charter(
        s.the_charter, motion, member_ids=s.members.keys(), registry=s.registry
    )
    return [
        CharterAmended(at=when, proposal=proposal.id, version=charter.version, charter=charter)
    ]


@quorum_exempt(Amend)
def _changes_the_quorum(s: State, motion: Amend, unrepresented: list[str]) -> bool:
    # Only an amendment that ends the shortfall, by requiring no side that is
    # empty, and changes nothing else: the sides still present may not rewrite
    # the terms of reference while another side is missing. Compared whole, so
    # every field of Amend (the scope included) counts as "something else";
    # _invariants.py and testing/_machine.py each list the fields themselves.
    required = motion.required_constituencies
    if required is None or set(required) & set(unrepresented):
        return False
    return motion == Amend(rationale=motion.rationale, required_constituencies=required)


@applies(CharterAmended)
def _apply_amended(s: State, event: CharterAmended) -> None:
    before = s.the_charter
    if event.version != before.version + 1:
        raise IntegrityError(
            f"charter version {event.version} does not follow version {before.version}"
        )
    proposal = s.proposals.get(event.proposal)
    if proposal is None or not isinstance(proposal.motion, Amend) or proposal.state != "agreed":
        raise IntegrityError(f"{event.proposal} is not an agreed Amend motion")
    s.set("charter", event.charter)
    version = CharterVersion(
        version=event.version,
        charter=event.charter,
        effective_from=event.at,
        amended_by=event.proposal,
    )
    s.set("history", (*s.history, version))
    if event.charter.review_period_months != before.review_period_months and s.current_review:
        # The open review keeps its date; later ones count the new period from it.
        current = s.reviews[s.current_review]
        s.set("review_anchor", (current.due, current.cycle))
