"""Decision rules: the built-ins satisfy the contract; custom rules plug in by name."""

from __future__ import annotations

from collections.abc import Mapping, Set

import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs
from consensus.testing import check_rule_conformance, sample_charter

PARTIES = ["a", "b", "c", "d", "e"]


@given(
    rule=st.sampled_from([cs.Unanimity(), cs.Consent()]),
    electorate=st.sets(st.sampled_from(PARTIES), min_size=1),
    positions=st.dictionaries(
        st.sampled_from([*PARTIES, "outsider"]), st.sampled_from(list(cs.Position))
    ),
)
def test_built_in_rules_conform(
    rule: cs.DecisionRule, electorate: set[str], positions: dict[str, cs.Position]
) -> None:
    """Unanimity and Consent keep every promise of the DecisionRule contract."""
    assert check_rule_conformance(rule, electorate, positions) == []


class Lenient:
    """Agreed by anyone's AGREE: breaks the contract on purpose."""

    name = "lenient"

    def evaluate(self, electorate: Set[str], positions: Mapping[str, cs.Position]) -> cs.Outcome:
        return cs.Outcome.AGREED if cs.Position.AGREE in positions.values() else cs.Outcome.PENDING


def test_conformance_check_catches_a_broken_rule() -> None:
    """The shipped check reports outsiders counting and a premature outcome."""
    problems = check_rule_conformance(Lenient(), {"a", "b"}, {"outsider": cs.Position.AGREE})
    assert any("outside the electorate" in p for p in problems)
    assert any("could still change it" in p for p in problems)


class Supermajority:
    """Agreed when at least two thirds of the electorate agree and nobody blocks."""

    name = "two-thirds"

    def evaluate(self, electorate: Set[str], positions: Mapping[str, cs.Position]) -> cs.Outcome:
        counted = [positions[p] for p in electorate if p in positions]
        if cs.Position.BLOCK in counted:
            return cs.Outcome.NOT_AGREED
        agree = counted.count(cs.Position.AGREE)
        missing = len(electorate) - len(counted)
        if 3 * agree >= 2 * len(electorate):
            return cs.Outcome.AGREED if missing == 0 else cs.Outcome.PENDING
        if 3 * (agree + missing) < 2 * len(electorate):
            return cs.Outcome.NOT_AGREED
        return cs.Outcome.PENDING


def test_a_registered_rule_governs_a_partnership() -> None:
    """A custom rule, registered by name, decides the proposals of a charter naming it."""
    cs.register_rule(Supermajority())
    import pendulum

    p = cs.Partnership.draft(
        sample_charter(rule="two-thirds"),
        clock=cs.SimulatedClock(pendulum.datetime(2025, 1, 6, tz="UTC")),
    )
    for party in p.charter.signatories:
        p.sign(by=party.id)
    pid = p.propose(cs.Resolution(title="T", text="x"), by="union-a")
    p.table(pid, by="government")
    for member, position in zip(
        sorted(p.active_members), [cs.Position.AGREE] * 4 + [cs.Position.DISAGREE], strict=True
    ):
        p.record_position(pid, position, by=member)
    assert p.conclude(pid, by="government") is cs.Outcome.AGREED
    assert cs.check_invariants(p) == []


def test_registering_needs_a_rule_and_a_free_name() -> None:
    """register_rule refuses non-rules, bad names and silent replacement."""
    with pytest.raises(cs.InvalidArgument):
        cs.register_rule(object())  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match="is registered under it"):
        cs.register_rule(
            Lenient.__new__(type("X", (), {"name": "unanimity", "evaluate": Lenient.evaluate}))
        )  # type: ignore[arg-type]
    with pytest.raises(cs.UnknownReference, match="no decision rule 'nope'"):
        cs.rule_named("nope")
