"""Positions, outcomes and the decision rules that turn one into the other.

Clause 6.3 of the reference MoU: decisions are made by consensus, every
partner agreeing. That is :class:`Unanimity`, the default. A charter may name
another rule; a downstream developer adds one by writing a class that
satisfies :class:`DecisionRule` and registering it with :func:`register_rule`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Set
from typing import Protocol, final, runtime_checkable

from ._errors import InvalidArgument, UnknownReference

__all__ = [
    "Consent",
    "DecisionRule",
    "Outcome",
    "Position",
    "Unanimity",
    "register_rule",
    "rule_named",
    "rule_names",
]


class Position(enum.Enum):
    """A member's position on a proposal (Loomio's vocabulary).

    Examples:
        >>> Position.BLOCK.value
        'block'
        >>> Position("agree") is Position.AGREE
        True
    """

    AGREE = "agree"
    ABSTAIN = "abstain"
    DISAGREE = "disagree"
    BLOCK = "block"


class Outcome(enum.Enum):
    """What a decision rule makes of the positions recorded so far.

    ``PENDING`` means the positions still missing could change the outcome.

    Examples:
        >>> Outcome.AGREED.value
        'agreed'
    """

    AGREED = "agreed"
    NOT_AGREED = "not_agreed"
    PENDING = "pending"


@runtime_checkable
class DecisionRule(Protocol):
    """How a set of positions becomes an outcome: the extension point for rules.

    A rule must be a pure function of its arguments: the same electorate and
    positions always give the same outcome, positions of parties outside the
    electorate never matter, and it answers ``PENDING`` exactly when the
    missing positions could still change the outcome. ``consensus.testing``
    ships conformance checks for these promises.

    Examples:
        >>> isinstance(Unanimity(), DecisionRule)
        True
    """

    @property
    def name(self) -> str:
        """The name a charter uses to select the rule (``"unanimity"``)."""
        ...

    def evaluate(self, electorate: Set[str], positions: Mapping[str, Position]) -> Outcome:
        """Decide the outcome for ``electorate`` given the ``positions`` recorded so far."""
        ...


@final
class Unanimity:
    """Agreed only when every member of the electorate says AGREE (clause 6.3).

    Any other position from a member (ABSTAIN, DISAGREE or BLOCK) settles the
    outcome as NOT_AGREED; while some members have said nothing and every
    member who spoke agreed, the outcome is PENDING.

    Examples:
        >>> rule = Unanimity()
        >>> rule.evaluate({"a", "b"}, {"a": Position.AGREE, "b": Position.AGREE})
        <Outcome.AGREED: 'agreed'>
        >>> rule.evaluate({"a", "b"}, {"a": Position.AGREE})
        <Outcome.PENDING: 'pending'>
        >>> rule.evaluate({"a", "b"}, {"a": Position.ABSTAIN})
        <Outcome.NOT_AGREED: 'not_agreed'>
    """

    name = "unanimity"

    def evaluate(self, electorate: Set[str], positions: Mapping[str, Position]) -> Outcome:
        """Return AGREED, NOT_AGREED or PENDING for ``electorate``."""
        missing = False
        for party in electorate:
            position = positions.get(party)
            if position is None:
                missing = True
            elif position is not Position.AGREE:
                return Outcome.NOT_AGREED
        if missing or not electorate:
            return Outcome.PENDING
        return Outcome.AGREED

    def __repr__(self) -> str:
        return "Unanimity()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unanimity)

    def __hash__(self) -> int:
        return hash(self.name)


@final
class Consent:
    """Agreed when every position is in, nobody blocks, and someone agrees.

    A single BLOCK settles the outcome as NOT_AGREED at once; DISAGREE and
    ABSTAIN are recorded objections that do not stop a decision.

    Examples:
        >>> rule = Consent()
        >>> rule.evaluate({"a", "b"}, {"a": Position.AGREE, "b": Position.DISAGREE})
        <Outcome.AGREED: 'agreed'>
        >>> rule.evaluate({"a", "b"}, {"a": Position.BLOCK})
        <Outcome.NOT_AGREED: 'not_agreed'>
        >>> rule.evaluate({"a", "b"}, {"a": Position.ABSTAIN, "b": Position.ABSTAIN})
        <Outcome.NOT_AGREED: 'not_agreed'>
    """

    name = "consent"

    def evaluate(self, electorate: Set[str], positions: Mapping[str, Position]) -> Outcome:
        """Return AGREED, NOT_AGREED or PENDING for ``electorate``."""
        missing = False
        agreed = False
        for party in electorate:
            position = positions.get(party)
            if position is None:
                missing = True
            elif position is Position.BLOCK:
                return Outcome.NOT_AGREED
            elif position is Position.AGREE:
                agreed = True
        if missing or not electorate:
            return Outcome.PENDING
        return Outcome.AGREED if agreed else Outcome.NOT_AGREED

    def __repr__(self) -> str:
        return "Consent()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Consent)

    def __hash__(self) -> int:
        return hash(self.name)


_RULE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_RULES: dict[str, DecisionRule] = {"unanimity": Unanimity(), "consent": Consent()}


def register_rule(rule: DecisionRule, *, replace: bool = False) -> None:
    """Make ``rule`` selectable by its name in charters and amendments.

    Register a rule before loading a charter, or replaying a log, that names it.

    Args:
        rule: an object satisfying :class:`DecisionRule`.
        replace: allow replacing a rule already registered under the same name.

    Raises:
        InvalidArgument: ``rule`` does not satisfy the protocol, its name is not
            a lower-case identifier, or the name is taken and ``replace`` is false.

    Examples:
        >>> class Chair:
        ...     name = "chair-decides"
        ...     def evaluate(self, electorate, positions):
        ...         return Outcome.AGREED
        >>> register_rule(Chair())
        >>> rule_named("chair-decides").name
        'chair-decides'
    """
    if not isinstance(rule, DecisionRule):
        raise InvalidArgument("rule", rule, "a DecisionRule (a `name` and an `evaluate` method)")
    name = rule.name
    if not isinstance(name, str) or not _RULE_NAME.match(name):
        raise InvalidArgument("rule.name", name, "a lower-case name such as 'supermajority'")
    if name in _RULES and not replace and _RULES[name] != rule:
        raise InvalidArgument(
            "rule.name",
            name,
            "a free name: another rule is registered under it (pass replace=True)",
        )
    _RULES[name] = rule


def rule_named(name: str) -> DecisionRule:
    """Return the registered rule called ``name``.

    Raises:
        UnknownReference: no rule is registered under that name.

    Examples:
        >>> rule_named("unanimity")
        Unanimity()
    """
    try:
        return _RULES[name]
    except (KeyError, TypeError):
        raise UnknownReference("decision rule", name, sorted(_RULES)) from None


def rule_names() -> tuple[str, ...]:
    """Return the names of every registered rule, sorted.

    Examples:
        >>> "consent" in rule_names()
        True
    """
    return tuple(sorted(_RULES))
