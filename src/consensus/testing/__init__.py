"""Checks that ship with ``consensus``, for its own tests and for yours.

- :func:`assert_rejected` checks invariant 10 for one call: it must raise a
  :class:`~consensus.ConsensusError` and leave the log and the state as they were.
- :func:`check_rule_conformance` checks that a :class:`~consensus.DecisionRule`
  keeps the promises the partnership relies on.
- :func:`check_motion_conformance` checks the same of a motion of your own:
  registered, frozen, described, equal to its copy, stored and read back
  whole, and a ``check`` that answers without raising.
- :class:`PartnershipMachine` is a hypothesis ``RuleBasedStateMachine`` whose
  rules are the partnership's commands, valid and invalid calls mixed, checking
  every invariant after every step, and that the partnership can always reach
  agreement again. Subclass it to add rules for your own use.
- :class:`StoreContract` is the suite every :class:`~consensus.EventStore`
  passes: subclass it in a pytest module, say how to make and tamper with
  your store, and pytest runs the contract against it.
- :func:`explore` tries every command sequence up to a depth, breadth first,
  checking every invariant in every state reached, and reports each
  violation with its shortest sequence as a runnable script.
- :func:`sample_charter` is a small valid charter to test with, and
  :func:`charters` a hypothesis strategy of valid charters of many shapes.

This module needs ``hypothesis`` (``pip install consensus-mou[testing]``).
"""

from . import _requires as _requires  # first: says what to install if hypothesis is missing
from ._charters import sample_charter as sample_charter
from ._conformance import check_motion_conformance as check_motion_conformance
from ._conformance import check_rule_conformance as check_rule_conformance
from ._explore import STARTS as STARTS
from ._explore import Exploration as Exploration
from ._explore import Finding as Finding
from ._explore import Level as Level
from ._explore import Step as Step
from ._explore import default_alphabet as default_alphabet
from ._explore import explore as explore
from ._machine import PartnershipMachine as PartnershipMachine
from ._rejection import RejectionNotClean as RejectionNotClean
from ._rejection import assert_rejected as assert_rejected
from ._store import StoreContract as StoreContract
from ._strategies import charters as charters

__all__ = [
    "STARTS",
    "Exploration",
    "Finding",
    "Level",
    "PartnershipMachine",
    "RejectionNotClean",
    "Step",
    "StoreContract",
    "assert_rejected",
    "charters",
    "check_motion_conformance",
    "check_rule_conformance",
    "default_alphabet",
    "explore",
    "sample_charter",
]


def _present_as_public() -> None:
    # Tracebacks, reprs and docs show the names users import
    # (consensus.testing.PartnershipMachine), not the private modules.
    for name in __all__:
        if name.isupper():  # a constant: its type's module is its own
            continue
        globals()[name].__module__ = __name__


_present_as_public()
