"""Extend the governance rules with a decision rule of your own, and check it.

A partnership that moves from unanimity to "two thirds, and no block" writes
a class with a ``name`` and an ``evaluate`` method (the ``DecisionRule``
protocol), registers it, checks it with the conformance checks that
``consensus.testing`` ships, and amends its charter to use it (clause 6.2).

Run it with ``python examples/custom_rule.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Set
from pathlib import Path

import pendulum

import consensus as cs
from consensus.testing import check_rule_conformance

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


class TwoThirds:
    """Agreed when two thirds of the electorate agree and nobody blocks."""

    name = "two-thirds"

    def evaluate(self, electorate: Set[str], positions: Mapping[str, cs.Position]) -> cs.Outcome:
        counted = [positions[party] for party in electorate if party in positions]
        if cs.Position.BLOCK in counted:
            return cs.Outcome.NOT_AGREED
        agree = counted.count(cs.Position.AGREE)
        missing = len(electorate) - len(counted)
        if 3 * (agree + missing) < 2 * len(electorate):
            return cs.Outcome.NOT_AGREED  # even if everyone left agrees, too few
        if missing:
            return cs.Outcome.PENDING  # a missing member could still block
        return cs.Outcome.AGREED


def conformance_problems(rule: cs.DecisionRule) -> list[str]:
    """Try every way three voters and an outsider can have spoken."""
    electorate = {"a", "b", "c"}
    choices = [None, *cs.Position]
    problems: list[str] = []
    for spoken in itertools.product(choices, repeat=4):
        positions = {
            party: pos
            for party, pos in zip(["a", "b", "c", "outsider"], spoken, strict=True)
            if pos
        }
        problems += check_rule_conformance(rule, electorate, positions)
    return sorted(set(problems))


def main() -> int:
    rule = TwoThirds()
    problems = conformance_problems(rule)
    print(f"Conformance of {rule.name}: {problems if problems else 'passes'}")
    cs.register_rule(rule)

    charter = cs.load_charter(CHARTER)
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
        print(f"{pid} ({p.proposal(pid).rule}): {outcome.value}")
        return outcome

    policy = cs.Resolution(title="Model HR policy", text="...", topic="model HR policies")
    decide(policy, {"wlga": cs.Position.ABSTAIN})
    decide(
        cs.Amend(
            clauses={"6.3": "Decisions need two thirds of the partners and no block."},
            rule="two-thirds",
            rationale="Let one abstention not stop the partnership.",
        ),
        {},
    )
    decide(policy, {"wlga": cs.Position.ABSTAIN})
    violations = cs.check_invariants(p)
    print(f"Invariants: {violations if violations else 'all hold'}")
    return 0 if not problems and not violations else 1


if __name__ == "__main__":
    raise SystemExit(main())
