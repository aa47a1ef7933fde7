"""Contract checks for extensions: decision rules and motions of your own.

A downstream developer who adds a :class:`~consensus.DecisionRule` or a
motion kind runs these under hypothesis to show that the extension keeps the
promises the partnership relies on; the built-ins pass the same checks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs
import pendulum

from .._clock import SimulatedClock
from .._codec import events_from_jsonl, events_to_jsonl
from .._errors import ConsensusError, InvalidArgument
from .._events import MotionProposed
from .._partnership import Partnership, PartnershipView
from .._registry import Registry, decide, default_registry
from .._rules import Ballot, DecisionRule, Outcome, Position
from ._charters import sample_charter

__all__ = ["check_motion_conformance", "check_rule_conformance"]


# ----------------------------------------------------------------------------- rules


def check_rule_conformance(
    rule: DecisionRule,
    electorate: Iterable[str],
    positions: Mapping[str, Position],
    *,
    constituencies: Mapping[str, str] | None = None,
    kind: str = "resolution",
) -> list[str]:
    """Return the ways ``rule`` breaks its contract on one case (``[]`` if none).

    The contract: the outcome is an :class:`~consensus.Outcome`; it is the
    same when asked twice; positions of parties outside the electorate never
    change it; with every position in it is never ``PENDING``; and with some
    positions missing it is ``PENDING`` exactly when the missing positions
    could still lead to different outcomes (otherwise it is that one outcome).
    Use it under hypothesis with generated electorates and positions.

    Args:
        rule: the rule to check (with ``decide(ballot)``, or a 0.1-style ``evaluate``).
        electorate: a non-empty set of party ids (keep it small: the check
            tries every way of filling in the missing positions).
        positions: the positions recorded so far, possibly from outsiders too.
        constituencies: each party's constituency (default: all in ``"members"``).
        kind: the motion kind the ballot decides.

    Examples:
        >>> import consensus as cs
        >>> check_rule_conformance(cs.Unanimity(), {"a", "b"}, {"a": cs.Position.AGREE})
        []
    """
    voters = frozenset(electorate)
    parties = voters | positions.keys()
    sides = (
        dict(constituencies) if constituencies is not None else dict.fromkeys(parties, "members")
    )

    def outcome_of(cast: Mapping[str, Position]) -> object:
        ballot = Ballot(electorate=voters, positions=cast, constituencies=sides, kind=kind)
        try:
            return decide(rule, ballot)
        except ConsensusError as err:
            return err

    problems: list[str] = []
    outcome = outcome_of(positions)
    if not isinstance(outcome, Outcome):
        return [f"{rule.name} returned {outcome!r}, not an Outcome"]
    if outcome_of(positions) is not outcome:
        problems.append(f"{rule.name} gave two outcomes for the same positions")
    inside = {party: position for party, position in positions.items() if party in voters}
    if outcome_of(inside) is not outcome:
        problems.append(f"{rule.name}: positions from outside the electorate changed the outcome")
    missing = sorted(voters - inside.keys())
    if not missing:
        if outcome is Outcome.PENDING:
            problems.append(f"{rule.name} is PENDING although every position is in")
        return problems
    finals = {
        outcome_of({**inside, **dict(zip(missing, filled, strict=True))})
        for filled in itertools.product(list(Position), repeat=len(missing))
    }
    if len(finals) > 1 and outcome is not Outcome.PENDING:
        problems.append(
            f"{rule.name} settled on {outcome.value} while {', '.join(missing)} could still change it"
        )
    if len(finals) == 1 and outcome not in finals:
        (only,) = finals
        problems.append(
            f"{rule.name} said {outcome.value}, but every way the missing positions fall gives {only}"
        )
    return problems


# ----------------------------------------------------------------------------- motions

# The documented contract, written out again rather than shared with the
# registry that enforces it: an oracle that reuses the code it checks agrees
# with that code's mistakes.
_KIND: Final = re.compile(r"[a-z][a-z0-9_]*")
_FORMED_AT: Final = pendulum.datetime(2025, 1, 6, 9, tz="Europe/London")
_PROPOSED_AT: Final = pendulum.datetime(2025, 1, 6, 10, tz="Europe/London")


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _failure(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def _registration(motion: object, kind: object, registry: Registry) -> list[str]:
    cls = type(motion)
    if not isinstance(kind, str):
        return [f"{cls.__name__} is not registered: it has no KIND to register it under"]
    if kind not in registry.motion_kinds():
        return [
            f"{cls.__name__} is not registered: the registry has no motion kind {kind!r} "
            "(register the class with consensus.register_motion)"
        ]
    holder = registry.motion(kind)
    if holder is not cls:
        return [
            f"{cls.__name__} is not registered: kind {kind!r} belongs to {_name(holder)}, "
            f"not {_name(cls)}"
        ]
    return []


def _frozen(motion: object) -> list[str]:
    cls = type(motion)
    if not attrs.has(cls):
        return [f"{cls.__name__} is not an attrs class (decorate it with @attrs.frozen)"]
    fields = attrs.fields(cls)
    # Setting a field to the value it already holds changes nothing even when
    # it is (wrongly) allowed; with no field, a new attribute is tried and removed.
    name = fields[0].name if fields else "_conformance_probe"
    try:
        if fields:
            setattr(motion, name, getattr(motion, name))
        else:
            setattr(motion, name, None)
            delattr(motion, name)
    except Exception:  # attrs raises FrozenInstanceError; any refusal keeps the promise
        return []
    return [f"{cls.__name__} is not frozen: setting {name!r} on an instance did not raise"]


def _kind(kind: object, cls: type) -> list[str]:
    if isinstance(kind, str) and _KIND.fullmatch(kind):
        return []
    return [f"{cls.__name__}.KIND is {kind!r}, not a lower-case id such as 'joint_statement'"]


def _describes(motion: Any) -> list[str]:
    cls = type(motion)
    try:
        phrase = motion.describe()
    except Exception as err:
        return [f"{cls.__name__}.describe() raised {_failure(err)}"]
    if not isinstance(phrase, str):
        return [f"{cls.__name__}.describe() returned {phrase!r}, not text"]
    if not phrase.strip():
        return [f"{cls.__name__}.describe() returned {phrase!r}: empty text"]
    return []


def _equal_to_a_copy(motion: Any) -> list[str]:
    cls = type(motion)
    if not attrs.has(cls):
        return []  # reported as not an attrs class
    try:
        copy = attrs.evolve(motion)
    except Exception as err:
        return [f"{cls.__name__} cannot be rebuilt from its own fields: {_failure(err)}"]
    try:
        equal = copy == motion
    except Exception as err:
        return [f"comparing {cls.__name__} with a copy raised {_failure(err)}"]
    if not equal:
        return [f"{cls.__name__} does not equal a copy of itself"]
    try:
        same = hash(copy) == hash(motion)
    except Exception as err:
        return [f"{cls.__name__} is not hashable: {err}"]
    return [] if same else [f"{cls.__name__} hashes differently from a copy of itself"]


def _round_trip(motion: object, registry: Registry) -> list[str]:
    cls = type(motion)
    event = MotionProposed(at=_PROPOSED_AT, proposal="p-0001", motion=motion, by="government")  # type: ignore[arg-type]
    try:
        text = events_to_jsonl([event], registry=registry)
    except Exception as err:
        return [f"{cls.__name__} cannot be encoded in a log: {_failure(err)}"]
    try:
        (decoded,) = events_from_jsonl(text, registry=registry)
    except Exception as err:
        return [
            f"{cls.__name__} cannot be decoded from the log it was encoded in: {_failure(err)}"
        ]
    back = getattr(decoded, "motion", None)
    try:
        same = type(back) is cls and back == motion
    except Exception as err:
        return [f"comparing {cls.__name__} with its decoded copy raised {_failure(err)}"]
    if not same:
        return [f"{cls.__name__} comes back from the log as {back!r}, not {motion!r}"]
    try:
        again = events_to_jsonl([decoded], registry=registry)
    except Exception as err:
        return [f"{cls.__name__} decoded from a log cannot be encoded again: {_failure(err)}"]
    if again != text:
        return [f"{cls.__name__} encodes differently once decoded: {text!r} then {again!r}"]
    return []


def _sample_partnership(registry: Registry) -> Partnership:
    charter = sample_charter()
    clock = SimulatedClock(_FORMED_AT)
    p = Partnership.draft(charter, clock=clock, registry=registry)
    for party in charter.signatories:
        clock.advance(minutes=1)
        p.sign(by=party.id)
    return p


def _checks(motion: object, registry: Registry) -> list[str]:
    cls = type(motion)
    check = getattr(motion, "check", None)
    if check is None:
        return []
    if not callable(check):
        return [f"{cls.__name__}.check is {check!r}, not a method"]
    p = _sample_partnership(registry)
    before = p.events
    # The partnership hands a check the read-only view, never itself: the
    # same here, so a check cannot reach a command.
    view = PartnershipView(p._s, at=_PROPOSED_AT)
    try:
        reason = check(view)
    except Exception as err:
        return [f"{cls.__name__}.check(view) raised {_failure(err)} on a newly formed partnership"]
    problems = []
    if reason is not None and not isinstance(reason, str):
        problems.append(f"{cls.__name__}.check(view) returned {reason!r}, not a reason or None")
    if p.events != before:
        problems.append(f"{cls.__name__}.check(view) changed the partnership")
    return problems


def check_motion_conformance(motion: object, *, registry: Registry | None = None) -> list[str]:
    """Return the ways ``motion`` breaks the motion contract (``[]`` if none).

    The contract a partnership relies on: the motion's class is registered
    under its ``KIND`` (a lower-case id); it is a frozen attrs class, so that
    nothing can change a proposal's motion; ``describe()`` returns non-empty
    text for messages and minutes; it equals, and hashes like, a copy of
    itself (``attrs.evolve(motion)``); it comes back equal from the log, inside
    a ``MotionProposed`` event encoded and decoded with the same registry; and
    its optional ``check(view)``, asked about a newly formed partnership (the
    :func:`sample_charter`, every signatory signed), returns ``None`` or a
    reason and never raises. Use it under hypothesis with generated motions.

    Args:
        motion: an instance of the motion class to check.
        registry: where the class should be registered (default:
            :func:`consensus.default_registry`).

    Returns:
        One sentence for each broken promise, naming the class and what went wrong.

    Raises:
        InvalidArgument: ``registry`` is not a :class:`~consensus.Registry`.

    Examples:
        >>> import consensus as cs
        >>> check_motion_conformance(cs.Resolution(title="Model induction policy", text="..."))
        []
    """
    chosen = default_registry() if registry is None else registry
    if not isinstance(chosen, Registry):
        raise InvalidArgument("registry", registry, "a consensus.Registry, or None")
    cls = type(motion)
    kind = getattr(cls, "KIND", None)
    registered = _registration(motion, kind, chosen)
    problems = [*registered, *_kind(kind, cls), *_frozen(motion), *_describes(motion)]
    problems += _equal_to_a_copy(motion)
    if not registered:  # an unregistered class cannot be written to a log at all
        problems += _round_trip(motion, chosen)
    problems += _checks(motion, chosen)
    return problems
