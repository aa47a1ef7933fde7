"""Positions, outcomes and the decision rules that turn one into the other.

Clause 6.3 of the reference MoU: decisions are made by consensus, every
partner agreeing. That is :class:`Unanimity`, the default. A charter may name
another rule; a downstream developer adds one by writing a class that
satisfies :class:`DecisionRule` and registering it with :func:`register_rule`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Set
from typing import Any, Protocol, final, runtime_checkable

import attrs

from ._errors import InvalidArgument
from ._values import read_only

__all__ = [
    "BUILTIN_RULES",
    "Ballot",
    "Consent",
    "DecisionRule",
    "Outcome",
    "Position",
    "Unanimity",
]


def _read_only(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return read_only(value, "ballot")


def _ids(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgument("electorate", value, "a set of party ids")
    try:
        return frozenset(value)
    except Exception:
        raise InvalidArgument("electorate", value, "a set of party ids") from None


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


@final
@attrs.frozen(kw_only=True)
class Ballot:
    """Everything a decision rule may look at: who decides, what they said, and on what.

    Attributes:
        electorate: the active members when the proposal is concluded (or tallied).
        positions: the positions recorded so far, possibly from parties outside
            the electorate (a rule must ignore those).
        constituencies: each party's constituency, for every party in
            ``electorate`` and ``positions``, so a per-constituency rule needs
            no side table.
        kind: the ``KIND`` of the motion decided (``"resolution"``, ``"amend"``…).

    Examples:
        >>> ballot = Ballot(electorate=frozenset({"a", "b"}), positions={"a": Position.AGREE},
        ...                 constituencies={"a": "workers", "b": "employers"}, kind="resolution")
        >>> ballot.missing
        frozenset({'b'})
        >>> ballot.positions["a"] = Position.BLOCK
        Traceback (most recent call last):
          ...
        TypeError: 'mappingproxy' object does not support item assignment
    """

    electorate: frozenset[str] = attrs.field(converter=_ids)
    positions: Mapping[str, Position] = attrs.field(converter=_read_only, hash=False)
    constituencies: Mapping[str, str] = attrs.field(converter=_read_only, hash=False)
    kind: str = "resolution"

    @property
    def missing(self) -> frozenset[str]:
        """Members of the electorate who have not recorded a position."""
        return frozenset(party for party in self.electorate if party not in self.positions)

    def counted(self) -> dict[str, Position]:
        """The positions of the electorate only, by party."""
        return {p: pos for p, pos in self.positions.items() if p in self.electorate}


@runtime_checkable
class DecisionRule(Protocol):
    """How the positions on a proposal become an outcome: the extension point for rules.

    A rule must be a pure function of its :class:`Ballot`: the same ballot
    always gives the same outcome, positions of parties outside the
    electorate never matter, and it answers ``PENDING`` exactly when the
    missing positions could still change the outcome.
    ``consensus.testing.check_rule_conformance`` checks these promises.

    Rules written for consensus 0.1, with ``evaluate(electorate, positions)``
    instead of ``decide``, are still accepted by :func:`register_rule`.

    Examples:
        >>> isinstance(Unanimity(), DecisionRule)
        True
    """

    @property
    def name(self) -> str:
        """The name a charter uses to select the rule (``"unanimity"``)."""
        ...

    def decide(self, ballot: Ballot) -> Outcome:
        """Decide the outcome of ``ballot``."""
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

    def decide(self, ballot: Ballot) -> Outcome:
        """Return AGREED, NOT_AGREED or PENDING for ``ballot``."""
        return self.evaluate(ballot.electorate, ballot.positions)

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

    def decide(self, ballot: Ballot) -> Outcome:
        """Return AGREED, NOT_AGREED or PENDING for ``ballot``."""
        return self.evaluate(ballot.electorate, ballot.positions)

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


BUILTIN_RULES: tuple[DecisionRule, ...] = (Unanimity(), Consent())
"""The rules every registry starts with."""
