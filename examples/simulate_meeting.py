"""Simulate the Social Care Workforce Partnership's meetings and print their minutes.

A thin script over :func:`consensus.simulate`: the bundled charter, a seed,
a number of years. The seed decides everything the partners do — who sends
apologies and who deputises, what is proposed, who blocks and why, who
answers a consultation — on a simulated clock, so the same seed gives the
same log and the same minutes. Each meeting's minutes come from
:func:`consensus.render_minutes`.

Run it with ``python examples/simulate_meeting.py [--seed N] [--years N]
[--minutes DIR]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import consensus as cs

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024, help="decides what the partners do")
    parser.add_argument("--years", type=int, default=1, help="how many years to simulate")
    parser.add_argument(
        "--minutes", type=Path, metavar="DIR", help="write each meeting's minutes to DIR/<id>.md"
    )
    args = parser.parse_args(argv)

    charter = cs.load_charter(CHARTER)
    try:
        p = cs.simulate(charter, seed=args.seed, years=args.years)
    except cs.ConsensusError as err:
        parser.error(str(err))
    print(
        f"Simulating {charter.title}: {args.years} year(s) from seed {args.seed} "
        "(--seed N plays another).\n"
    )
    held = [mid for mid, meeting in p.meetings.items() if meeting.state != "convened"]
    if args.minutes is not None:
        args.minutes.mkdir(parents=True, exist_ok=True)
        for mid in held:
            (args.minutes / f"{mid}.md").write_text(cs.render_minutes(p, mid), encoding="utf-8")
        print(f"Wrote the minutes of {len(held)} meetings to {args.minutes}/")
    else:
        for mid in held:
            print(cs.render_minutes(p, mid))

    agreed = sum(1 for proposal in p.proposals.values() if proposal.state == "agreed")
    violations = cs.check_invariants(p)
    replayed = cs.Partnership.replay(cs.events_from_jsonl(cs.events_to_jsonl(p.events)))
    print(
        f"{charter.title}, seed {args.seed}, {args.years} year(s): {len(p.events)} events, "
        f"{len(held)} meetings, {len(p.proposals)} proposals ({agreed} agreed), "
        f"{len(p.active_members)} active members.\n"
        f"Replayed from JSON Lines: {'same state' if replayed == p else 'DIFFERENT STATE'}; "
        f"invariants: {'; '.join(map(str, violations)) if violations else 'all hold'}."
    )
    return 0 if not violations and replayed == p else 1


if __name__ == "__main__":
    sys.exit(main())
