"""The partnership's commands as a hypothesis state machine (invariants 1-11, 13 and 14)."""

from __future__ import annotations

import pytest
from hypothesis import settings

import consensus as cs
from consensus.testing import PartnershipMachine

TestPartnership = PartnershipMachine.TestCase

# Every way through a dead end that DESIGN.md promises, as PartnershipMachine counts them.
WAYS_BACK = {
    "a rule per kind of motion",
    "chair withdrew",
    "new chair named after the chair withdrew",
    "required constituency emptied",
    "constituency refilled by admission",
    "required constituencies amended while one was empty",
    "dissolved by motion",
    "dissolved by the last withdrawal",
    "refused after dissolution",
    # meetings (invariant 11)
    "decisions only at meetings",
    "concluded at a meeting",
    "meeting not quorate",
    "absent party refused in session",
    # the work programme (invariant 13)
    "model adopted",
    "model revised",
    "model rescinded",
    "adoption recorded",
    "adoption outside the scope refused",
    "scope amended",
    "milestone set",
    "progress reported",
    "milestone met",
    "milestone overdue",
    "milestone dropped",
}


def test_the_machine_ran_steps_and_refused_some() -> None:
    """The stateful run above exercised commands, some of them refused."""
    # pytest runs this module's tests in order; the class counters tell what ran.
    assert PartnershipMachine.steps > 0
    assert PartnershipMachine.refused > 0
    assert PartnershipMachine.recoveries > 0
    print(
        f"stateful steps: {PartnershipMachine.steps}, refused: {PartnershipMachine.refused}, "
        f"recoveries: {PartnershipMachine.recoveries}"
    )
    print("ways back:", dict(sorted(PartnershipMachine.reached.items())))


def test_the_run_took_every_way_back() -> None:
    """A repeatable (derandomized) run passed through every way out of a dead end."""
    if not settings.default.derandomize:
        pytest.skip("a random run may miss a rare path; the derandomized ci profile checks this")
    assert set(PartnershipMachine.reached) >= WAYS_BACK, WAYS_BACK - set(
        PartnershipMachine.reached
    )


class StoredMachine(PartnershipMachine):
    """The same machine with its partnership kept in a MemoryStore, checked after every step."""

    store = cs.MemoryStore


TestStoredPartnership = StoredMachine.TestCase
# Fewer runs than the main machine: the commands are the same, only the store is new.
TestStoredPartnership.settings = settings(
    parent=settings.default, max_examples=max(10, settings.default.max_examples // 8)
)
