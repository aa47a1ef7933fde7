"""Simulate the first meetings of the Social Care Workforce Partnership.

From signature through a year of meetings: a model policy agreed, one
blocked and then revised and agreed, a new trade union admitted, a member
withdrawing. The run is deterministic: the seed decides who speaks in what
order and how long each contribution takes, on a simulated clock.

Run it with ``python examples/simulate_meeting.py [--seed N]``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterable
from pathlib import Path

import pendulum

import consensus as cs

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


class Meeting:
    """Plays a partnership's meetings on a simulated clock and writes the minutes."""

    def __init__(self, p: cs.Partnership, clock: cs.SimulatedClock, rng: random.Random) -> None:
        self.p = p
        self.clock = clock
        self.rng = rng
        self.printed = len(p.events)

    def name(self, party: str) -> str:
        membership = self.p.memberships.get(party)
        return membership.party.name if membership else party

    def pause(self) -> None:
        self.clock.advance(minutes=self.rng.randint(2, 9))

    def minute(self, text: str) -> None:
        print(f"  {self.clock.now().format('HH:mm')}  {text}")

    def flush_time_driven(self) -> None:
        for event in self.p.events[self.printed :]:
            if isinstance(event, cs.ReviewFellDue):
                print(f"  ({event.at.format('D MMMM YYYY')}: the annual review fell due)")
        self.printed = len(self.p.events)

    def convene(self, when: pendulum.DateTime, title: str) -> None:
        self.clock.set(when)
        self.p.advance()
        self.flush_time_driven()
        print(f"\n{title}, {when.format('dddd D MMMM YYYY')}")
        print(f"  Present: {', '.join(self.name(m) for m in sorted(self.p.active_members))}")

    def decide(
        self,
        motion: cs.Motion,
        *,
        proposer: str,
        objections: dict[str, tuple[cs.Position, str]] | None = None,
    ) -> str:
        """Propose, table and decide a motion; members not objecting agree."""
        objections = objections or {}
        chair = self.p.charter.chair
        pid = self.p.propose(motion, by=proposer)
        self.minute(f"{self.name(proposer)} proposes {pid}: {describe(motion)}.")
        self.pause()
        self.p.table(pid, by=chair)
        self.minute(f"The chair tables {pid} for deliberation.")
        speakers = sorted(self.p.active_members)
        self.rng.shuffle(speakers)
        for party in speakers:
            self.pause()
            position, reason = objections.get(party, (cs.Position.AGREE, ""))
            self.p.record_position(pid, position, by=party)
            said = f" \u2014 {reason}" if reason else ""
            self.minute(f"{self.name(party)}: {position.value.upper()}{said}")
        self.pause()
        outcome = self.p.conclude(pid, by=chair)
        verdict = "AGREED" if outcome is cs.Outcome.AGREED else "NOT AGREED"
        self.minute(f"The chair concludes {pid}: {verdict} (rule: {self.p.proposal(pid).rule}).")
        self.printed = len(self.p.events)
        return pid


def describe(motion: cs.Motion) -> str:
    if isinstance(motion, cs.Resolution):
        return f"resolution {motion.title!r}"
    if isinstance(motion, cs.Admit):
        return f"to admit {motion.party.name} for the {motion.party.constituency}"
    return motion.describe()


def sign_up(p: cs.Partnership, clock: cs.SimulatedClock, order: Iterable[str]) -> None:
    print("Signature of the memorandum of understanding")
    for party in order:
        clock.advance(hours=1)
        p.sign(by=party)
        print(f"  {clock.now().format('D MMM HH:mm')}  {p.membership(party).party.name} signs.")
    assert p.ratified_at is not None
    print(
        f"  Ratified {p.ratified_at.format('D MMMM YYYY [at] HH:mm zz')}; charter version "
        f"{p.charter.version} in force; first review due {p.next_review_due.format('D MMMM YYYY')}."
    )  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024, help="decides speaking order and timing")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    charter = cs.load_charter(CHARTER)
    tz = charter.timezone
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 9, tz=tz))
    p = cs.Partnership.draft(charter, clock=clock)
    print(f"{charter.title} (seed {args.seed})")
    print(f"Decisions by {charter.rule} (clause 6.3): {charter.clause('6.3').text}\n")

    signatories = [party.id for party in charter.signatories]
    rng.shuffle(signatories)
    sign_up(p, clock, signatories)

    meeting = Meeting(p, clock, rng)
    meeting.convene(pendulum.datetime(2024, 10, 14, 10, tz=tz), "First meeting")
    meeting.decide(
        cs.Resolution(
            title="Model induction policy",
            text="A model induction policy for new staff in independent social care.",
            topic="induction policies",
        ),
        proposer="unison",
    )
    meeting.decide(
        cs.Resolution(
            title="Access to trade unions",
            text="Employers give union representatives access to staff at any time.",
            topic="access to trade unions",
        ),
        proposer="gmb",
        objections={
            "care-forum-wales": (
                cs.Position.BLOCK,
                "small providers cannot release staff at any time without notice",
            )
        },
    )

    meeting.convene(pendulum.datetime(2024, 12, 9, 10, tz=tz), "Second meeting")
    meeting.decide(
        cs.Resolution(
            title="Access to trade unions (revised)",
            text="Employers give union representatives access to staff at agreed times, "
            "with reasonable notice.",
            topic="access to trade unions",
        ),
        proposer="gmb",
    )
    meeting.decide(
        cs.Admit(party=cs.PartyRecord(id="unite", name="Unite the Union", constituency="workers")),
        proposer="unison",
    )
    print(
        f"  Unite is now {p.membership('unite').state}; the electorate has "
        f"{len(p.active_members)} members."
    )

    clock.set(pendulum.datetime(2025, 2, 3, 12, tz=tz))
    p.withdraw(by="rcn")
    print(
        f"\n{clock.now().format('D MMMM YYYY')}: the Royal College of Nursing withdraws "
        "from the partnership (clause 7.1: nothing binds a partner)."
    )

    meeting.convene(pendulum.datetime(2025, 3, 10, 10, tz=tz), "Third meeting")
    meeting.decide(
        cs.Resolution(
            title="Protection for whistleblowers",
            text="A model whistleblowing policy with protection from detriment.",
            topic="protection in relation to whistleblowing",
        ),
        proposer="unite",
    )

    agreed = [pr for pr in p.proposals.values() if pr.state == "agreed"]
    print("\nSummary")
    print(
        f"  {len(p.proposals)} proposals, {len(agreed)} agreed: "
        + "; ".join(describe(pr.motion) for pr in agreed)
    )
    print(f"  Active members: {', '.join(sorted(p.active_members))}")
    violations = cs.check_invariants(p)
    replayed = cs.Partnership.replay(cs.events_from_jsonl(cs.events_to_jsonl(p.events)))
    print(
        f"  {len(p.events)} events; replayed from JSON Lines: "
        f"{'same state' if replayed == p else 'DIFFERENT STATE'}; "
        f"invariants: {violations if violations else 'all hold'}"
    )
    return 0 if not violations and replayed == p else 1


if __name__ == "__main__":
    raise SystemExit(main())
