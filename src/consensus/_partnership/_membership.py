"""The membership room (clauses 4.1–4.4, 7.1): signing, admission, withdrawal, dissolution.

Founding signatories are ``pending`` until they sign; the last signature
ratifies the charter and makes the partnership ``active``. Other parties join
by an agreed Admit motion. Withdrawal is unilateral and always possible for an
active member; the last member's withdrawal dissolves the partnership, as
does an agreed Dissolve motion.
"""

from __future__ import annotations

import datetime as _dt

import attrs
import pendulum

from .._charter import check_charter
from .._errors import IntegrityError, InvalidTransition, NotEntitled
from .._events import (
    CharterSigned,
    Event,
    MemberAdmitted,
    MemberWithdrawn,
    PartnershipDissolved,
    PartnershipDrafted,
    PartnershipRatified,
)
from .._motions import Admit, Dissolve
from .._records import CharterVersion, Membership, Proposal
from .._workflows import MEMBERSHIP, PARTNERSHIP
from ._command import Context, member, name, when_text
from ._command import execute as run
from ._review import scheduled_review
from ._state import State, applies, carries_out, quorum_exempt, replays

__all__ = ["sign", "withdraw"]


# -- commands


def _signatory(s: State, by: str, action: str, target: object) -> None:
    membership = s.members.get(by)
    if membership is None:
        charter = s.the_charter
        raise NotEntitled(
            name(by),
            action,
            f"it is not a signatory of {charter.title!r}",
            "Signatories: " + ", ".join(p.id for p in charter.signatories) + ".",
        )
    if not MEMBERSHIP.allows(membership.state, "sign"):
        raise InvalidTransition(
            by,
            action,
            by,
            "a signatory already",
            (),
            hint=f"{by} signed on {when_text(membership.since)}",
        )


def sign(s: State, *, by: object, at: _dt.datetime | None) -> None:
    """Sign the charter as a founding signatory; the last signature ratifies it."""

    def decide(c: Context[None]) -> tuple[list[Event], None]:
        events: list[Event] = [CharterSigned(at=c.when, party=c.by)]
        if all(m.state == "active" or m.party.id == c.by for m in s.members.values()):
            events.append(PartnershipRatified(at=c.when))
            events.append(scheduled_review(s, c.when, 1, anchor=(c.when, 0)))
        return events, None

    run(
        s,
        action="sign the charter",
        by=by,
        at=at,
        lifecycle="sign",
        role=_signatory,
        decide=decide,
    )


@replays(CharterSigned)
def _replay_signed(s: State, event: CharterSigned) -> None:
    sign(s, by=event.party, at=event.at)


def withdraw(s: State, *, by: object, at: _dt.datetime | None) -> str | None:
    """Withdraw ``by`` from the partnership; returns a notice when that changes who chairs."""

    def decide(c: Context[None]) -> tuple[list[Event], str | None]:
        events: list[Event] = [MemberWithdrawn(at=c.when, party=c.by)]
        if s.active == {c.by}:
            events.append(PartnershipDissolved(at=c.when, party=c.by))
            return events, f"{c.by} was the last member: the partnership is dissolved."
        if c.by == s.the_charter.chair:
            return events, (
                f"{c.by} chaired the partnership. Until an agreed Amend names a new chair, "
                "any active member may act for the chair."
            )
        return events, None

    return run(s, action="withdraw from the partnership", by=by, at=at, role=member, decide=decide)


@replays(MemberWithdrawn)
def _replay_withdrawn(s: State, event: MemberWithdrawn) -> None:
    withdraw(s, by=event.party, at=event.at)


# -- the motions


@carries_out(Admit)
def _admit(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, Admit)
    return [MemberAdmitted(at=when, party=motion.party, proposal=proposal.id)]


@quorum_exempt(Admit)
def _admit_refills(s: State, motion: Admit, unrepresented: list[str]) -> bool:
    # Admitting a party into an empty required constituency is how a
    # partnership becomes quorate again.
    return motion.party.constituency in unrepresented


@carries_out(Dissolve)
def _dissolve(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    return [PartnershipDissolved(at=when, proposal=proposal.id)]


# -- applying


@applies(PartnershipDrafted)
def _apply_drafted(s: State, event: PartnershipDrafted) -> None:
    if s.charter is not None:
        raise IntegrityError("partnership.drafted may only begin a log")
    check_charter(event.charter, source="<log>", registry=s.registry)
    s.charter = event.charter
    for party in event.charter.signatories:
        s.members[party.id] = Membership(
            party=party, state=MEMBERSHIP.initial, founding=True, since=event.at
        )


@applies(CharterSigned)
def _apply_signed(s: State, event: CharterSigned) -> None:
    PARTNERSHIP.next_state(s.lifecycle, "sign")
    membership = s.members[event.party]
    state = MEMBERSHIP.next_state(membership.state, "sign")
    s.put_member(attrs.evolve(membership, state=state, since=event.at))


@applies(PartnershipRatified)
def _apply_ratified(s: State, event: PartnershipRatified) -> None:
    unsigned = [m.party.id for m in s.members.values() if m.state != "active"]
    if unsigned:
        raise IntegrityError(f"ratified while {', '.join(unsigned)} had not signed")
    s.set("lifecycle", PARTNERSHIP.next_state(s.lifecycle, "ratify"))
    s.set("ratified_at", event.at)
    s.set("review_anchor", (event.at, 0))
    version = CharterVersion(
        version=1, charter=s.the_charter, effective_from=event.at, amended_by=None
    )
    s.set("history", (*s.history, version))


@applies(MemberAdmitted)
def _apply_admitted(s: State, event: MemberAdmitted) -> None:
    current = s.members.get(event.party.id)
    if current is None:
        current = Membership(
            party=event.party, state=MEMBERSHIP.initial, founding=False, since=event.at
        )
    state = MEMBERSHIP.next_state(current.state, "admit")
    s.put_member(attrs.evolve(current, party=event.party, state=state, since=event.at))


@applies(MemberWithdrawn)
def _apply_withdrawn(s: State, event: MemberWithdrawn) -> None:
    membership = s.members[event.party]
    state = MEMBERSHIP.next_state(membership.state, "withdraw")
    s.put_member(attrs.evolve(membership, state=state, since=event.at))


@applies(PartnershipDissolved)
def _apply_dissolved(s: State, event: PartnershipDissolved) -> None:
    s.set("lifecycle", PARTNERSHIP.next_state(s.lifecycle, "dissolve"))
    s.set("dissolved", event)
