"""The partnership's commands as a hypothesis state machine (invariants 1-10)."""

from __future__ import annotations

from consensus.testing import PartnershipMachine

TestPartnership = PartnershipMachine.TestCase


def test_the_machine_ran_steps_and_refused_some() -> None:
    """The stateful run above exercised commands, some of them refused."""
    # pytest runs this module's tests in order; the class counters tell what ran.
    assert PartnershipMachine.steps > 0
    assert PartnershipMachine.refused > 0
    print(f"stateful steps: {PartnershipMachine.steps}, refused: {PartnershipMachine.refused}")
