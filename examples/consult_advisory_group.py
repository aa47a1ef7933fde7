"""Send a model policy to the advisory group with a closing date (clause 4.5).

The partners agree to consult three bodies on a model whistleblowing policy,
two respond in time (by email and by video), the third writes a day late and
is refused, and the partners decide once the consultation has closed at
midnight, London time, at the end of its closing date.

Run it with ``python examples/consult_advisory_group.py``.
"""

from __future__ import annotations

from pathlib import Path

import pendulum

import consensus as cs

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


def unanimous(p: cs.Partnership, pid: str) -> None:
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)


def main() -> int:
    charter = cs.load_charter(CHARTER)
    tz = charter.timezone
    clock = cs.SimulatedClock(pendulum.datetime(2025, 5, 12, 10, tz=tz))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    chair = charter.chair

    policy = p.propose(
        cs.Resolution(
            title="Model whistleblowing policy",
            text="Staff may raise concerns in confidence and are protected from detriment.",
            topic="protection in relation to whistleblowing",
        ),
        by="unison",
    )
    p.table(policy, by=chair)
    ask = p.propose(
        cs.Consult(
            proposal=policy,
            advisors=("social-care-wales", "tuc", "adss"),
            question="Is the model policy workable for independent providers?",
            closes=pendulum.date(2025, 6, 25),
        ),
        by="unison",
    )
    p.table(ask, by=chair)
    unanimous(p, ask)
    p.conclude(ask, by=chair)
    consultation = p.consultation(ask)
    print(f"{ask}: the partners agree to consult {', '.join(consultation.advisors)} on {policy}.")
    print(f"  Question: {consultation.question}")
    closes = consultation.closes_at
    print(
        f"  Closing date: {closes.subtract(days=1).format('dddd D MMMM YYYY')}; responses accepted "
        f"until {closes.format('HH:mm zz')} ({closes.in_timezone('UTC').format('HH:mm')} UTC) "
        f"on {closes.format('D MMMM')}."
    )
    print(f"  {policy} is now {p.proposal(policy).state}.")

    clock.set(pendulum.datetime(2025, 6, 2, 15, tz=tz))
    p.respond(
        ask,
        "Workable; providers will need template letters.",
        by="social-care-wales",
        channel="email",
    )
    clock.set(pendulum.datetime(2025, 6, 25, 23, 30, tz=tz))
    p.respond(
        ask,
        "Supported, with a named contact in each provider.",
        by="tuc",
        channel=cs.Channel.VIDEO,
    )
    for response in p.consultation(ask).responses:
        print(
            f"  {response.at.format('D MMM HH:mm')} {response.advisor} ({response.channel.value}): {response.text}"
        )

    try:
        p.record_position(policy, cs.Position.AGREE, by="gmb")
    except cs.InvalidTransition as err:
        print(f"  Refused: {err}")

    clock.set(pendulum.datetime(2025, 6, 26, 9, tz=tz))
    try:
        p.respond(ask, "Our comments, a little late.", by="adss", channel="letter")
    except cs.InvalidTransition as err:
        print(f"  Refused: {err}")
    closed = p.advance()
    print(
        f"  {closed[0].TYPE} at {closed[0].at.format('D MMMM YYYY HH:mm zz')}; {policy} is "
        f"{p.proposal(policy).state} again."
    )
    print("  Responses by advisor:")
    for advisor, responses in p.consultation(ask).responses_by_advisor().items():
        print(f"    {advisor}: {len(responses)}")

    clock.set(pendulum.datetime(2025, 7, 7, 10, tz=tz))
    unanimous(p, policy)
    outcome = p.conclude(policy, by=chair)
    print(f"{policy} concluded after the consultation: {outcome.value}.")
    violations = cs.check_invariants(p)
    print(f"Invariants: {violations if violations else 'all hold'}")
    return 0 if not violations else 1


if __name__ == "__main__":
    raise SystemExit(main())
