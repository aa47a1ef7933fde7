"""A secretariat's tool that keeps the Social Care Workforce Partnership in ``scwp.db``.

Each run opens the database (creating it the first time), loads the
partnership with its hash chain verified, takes the next step of the
business, and stores it before saying so. Run it several times:

    python examples/secretariat.py            # drafts and ratifies, then one step a run
    python examples/secretariat.py status     # what the record says, nothing changed
    python examples/secretariat.py verify     # checks the hash chain

Time is simulated: each step happens a day after the last, so runs are
repeatable. A record someone edited behind the tool's back is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pendulum

import consensus as cs

CHARTER = Path(__file__).resolve().parent / "charters" / "social_care_workforce_partnership.toml"
STREAM = "scwp"
AGENDA = (
    ("Model induction policy", "A common induction for new social care workers."),
    ("Model lone working policy", "Safe practice for staff who work alone."),
)


def open_partnership(store: cs.SQLiteStore) -> tuple[cs.Partnership, str]:
    """The partnership kept in the store, or a new one drafted and ratified into it."""
    if STREAM in store.streams():
        p = cs.Partnership.load(store, STREAM, clock=cs.SimulatedClock(START))
        return p, f"Loaded {STREAM}: {len(p.events)} events, chain verified."
    charter = cs.load_charter(CHARTER)
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream=STREAM)
    for party in charter.signatories:
        clock.advance(minutes=10)
        p.sign(by=party.id)
    return p, f"Drafted {STREAM}; every signatory signed; ratified {p.ratified_at:%Y-%m-%d}."


START = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")


def next_step(p: cs.Partnership) -> str:
    """Take the next step of the business at one day after the last event; say what it was."""
    at = p.last_event_at.add(days=1)
    chair = p.charter.chair
    unfinished = [q for q in p.proposals.values() if q.state in ("draft", "deliberating")]
    if not unfinished:
        done = len(p.proposals)
        if done == len(AGENDA):
            return "Nothing left on the agenda."
        title, text = AGENDA[done]
        pid = p.propose(cs.Resolution(title=title, text=text), by="unison", at=at)
        return f"unison proposed {pid}: {title}."
    proposal = unfinished[0]
    if proposal.state == "draft":
        p.table(proposal.id, by=chair, at=at)
        return f"The chair tabled {proposal.id} for deliberation."
    missing = sorted(p.active_members - set(proposal.positions))
    if missing:
        for member in missing:
            p.record_position(proposal.id, cs.Position.AGREE, by=member, at=at)
        return f"{len(missing)} members recorded AGREE on {proposal.id}."
    outcome = p.conclude(proposal.id, by=chair, at=at)
    return f"The chair concluded {proposal.id}: {outcome.value.upper()}."


def status(p: cs.Partnership) -> str:
    lines = [f"{p.charter.title}: {p.state}, {len(p.active_members)} active members"]
    for proposal in p.proposals.values():
        lines.append(f"  {proposal.id} {proposal.motion.describe()}: {proposal.state}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", default="next", choices=("next", "status", "verify"))
    parser.add_argument("--db", default="scwp.db", help="the database file (default: scwp.db)")
    args = parser.parse_args()
    try:
        with cs.SQLiteStore(args.db) as store:
            if args.action == "verify":
                print(f"{args.db}: {store.verify(STREAM)} events, the hash chain verifies.")
                return 0
            p, opened = open_partnership(store)
            print(opened)
            if args.action == "next":
                print(next_step(p))
                print(f"Stored: {store.version(STREAM)} events.")
            else:
                print(status(p))
    except cs.ConsensusError as err:
        print(f"refused: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
