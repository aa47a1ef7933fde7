"""Extend the governance rules with a decision rule of your own, and check it.

Clause 6.3 keeps the partnership unanimous, and this example leaves it so. But
under clause 4.5 the advisory group is consulted when the partnership agrees
to consult it, and partners may decide that asking the experts' views needs
less than a decision does: agreement from every side — government, the unions, the
employers — and a block from nobody. That rule needs to know which side each
partner sits on, which its ``Ballot`` says (``ballot.constituencies``).

The rule is a class with a ``name`` and ``decide(ballot)`` (the
``DecisionRule`` protocol). It is checked with the conformance checks that
``consensus.testing`` ships, registered, and selected for Consult motions
only through the charter's ``rules``; every other kind of motion is still
decided by the charter's ``rule``, unanimity.

Run it with ``python examples/custom_rule.py``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import attrs
import pendulum

import consensus as cs
from consensus.testing import check_rule_conformance

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


@attrs.frozen
class EveryConstituency:
    """Agreed when someone in every represented constituency agrees and nobody blocks.

    Only the electorate counts. A constituency is represented when one of its
    parties is in the electorate; DISAGREE and ABSTAIN are recorded without
    stopping the decision, as long as someone else on that side agrees.
    """

    name = "every-constituency"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        counted = ballot.counted()
        if cs.Position.BLOCK in counted.values():
            return cs.Outcome.NOT_AGREED
        undecided = False
        for side in {ballot.constituencies[party] for party in ballot.electorate}:
            members = [p for p in ballot.electorate if ballot.constituencies[p] == side]
            if any(counted.get(p) is cs.Position.AGREE for p in members):
                continue
            if all(p in counted for p in members):
                return cs.Outcome.NOT_AGREED  # nobody on this side can agree any more
            undecided = True
        if undecided or ballot.missing or not ballot.electorate:
            return cs.Outcome.PENDING  # someone may yet agree, or block
        return cs.Outcome.AGREED


def conformance_problems(rule: cs.DecisionRule) -> list[str]:
    """Try every way up to three voters on two sides, and an outsider, can have spoken."""
    sides = {"a": "workers", "b": "workers", "c": "employers", "outsider": "employers"}
    choices = [None, *cs.Position]
    problems: list[str] = []
    for electorate in ({"a"}, {"a", "b"}, {"a", "c"}, {"a", "b", "c"}):
        for spoken in itertools.product(choices, repeat=len(sides)):
            positions = {party: pos for party, pos in zip(sides, spoken, strict=True) if pos}
            problems += check_rule_conformance(
                rule, electorate, positions, constituencies=sides, kind="consult"
            )
    return sorted(set(problems))


def main() -> int:
    rule = EveryConstituency()
    problems = conformance_problems(rule)
    print(f"Conformance of {rule.name}: {problems if problems else 'passes'}")
    cs.register_rule(rule)
    cs.register_rule(EveryConstituency())  # an equal rule again: nothing changes

    charter = attrs.evolve(cs.load_charter(CHARTER), rules={"consult": rule.name})
    print(f"Consult motions: {charter.rule_for('consult')}; the rest: {charter.rule}")
    clock = cs.SimulatedClock(pendulum.datetime(2025, 1, 13, 10, tz=charter.timezone))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)

    def decide(motion: cs.Motion, dissent: dict[str, cs.Position]) -> cs.Outcome:
        pid = p.propose(motion, by="unison")
        p.table(pid, by=charter.chair)
        for member in sorted(p.active_members):
            p.record_position(pid, dissent.get(member, cs.Position.AGREE), by=member)
        outcome = p.conclude(pid, by=charter.chair)
        said = ", ".join(f"{party} {pos.value}" for party, pos in dissent.items())
        print(f"{pid} {motion.describe()} ({p.proposal(pid).rule}): {outcome.value}")
        print(f"    everyone else agreeing; {said}")
        return outcome

    policy = p.propose(
        cs.Resolution(
            title="Model whistleblowing policy", text="...", topic="whistleblowing protection"
        ),
        by="unison",
    )
    p.table(policy, by=charter.chair)
    ask = cs.Consult(
        proposal=policy,
        advisors=("social-care-wales", "tuc"),
        question="Is the model workable for small providers?",
        closes=pendulum.date(2025, 2, 14),
    )
    employers = ("national-provider-forum", "care-forum-wales", "wlga")
    decide(ask, dict.fromkeys(employers, cs.Position.ABSTAIN))
    decide(ask, {"rcn": cs.Position.ABSTAIN, "wlga": cs.Position.DISAGREE})

    clock.set(pendulum.datetime(2025, 2, 17, 10, tz=charter.timezone))
    p.advance()  # the consultation closed at the end of 14 February
    for member in sorted(p.active_members):
        position = cs.Position.ABSTAIN if member == "rcn" else cs.Position.AGREE
        p.record_position(policy, position, by=member)
    outcome = p.conclude(policy, by=charter.chair)
    concluded = p.proposal(policy)
    print(f"{policy} {concluded.motion.describe()} ({concluded.rule}): {outcome.value}")
    print("    everyone else agreeing; rcn abstain")

    violations = cs.check_invariants(p)
    print(f"Invariants: {violations if violations else 'all hold'}")
    return 0 if not problems and not violations else 1


if __name__ == "__main__":
    raise SystemExit(main())
