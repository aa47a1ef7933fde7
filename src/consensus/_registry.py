"""Registries: which decision rules and which kinds of motion a partnership knows.

A :class:`Registry` is an explicit object a partnership is given (drafted,
replayed or decoded with ``registry=``); without one it uses the process-wide
default, which :func:`register_rule` and :func:`register_motion` extend. Every
registry starts with the built-in rules and motions, and the built-in motions
enter through the same checks as a downstream one.

A motion is a frozen attrs class with a ``KIND`` (a lower-case id, stable in
stored logs), a ``describe()`` phrase, and optionally ``check(view)``: why it
cannot apply to the partnership now, or ``None``. The partnership calls
``check`` when the motion is proposed and again when it is concluded, and
turns a reason into :class:`~consensus.InvalidMotion`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Final, Protocol, final, runtime_checkable

import attrs

from ._errors import ConsensusError, IntegrityError, InvalidArgument, UnknownReference, safe_repr
from ._rules import BUILTIN_RULES, Ballot, DecisionRule, Outcome

__all__ = [
    "Motion",
    "Registry",
    "decide",
    "default_registry",
    "register_motion",
    "register_rule",
    "rule_named",
    "rule_names",
]

_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_KIND = re.compile(r"[a-z][a-z0-9_]*")


@runtime_checkable
class Motion(Protocol):
    """What a proposal asks the partnership to agree: the extension point for motions.

    Built-in motions are :class:`~consensus.Resolution`, :class:`~consensus.Admit`,
    :class:`~consensus.Consult`, :class:`~consensus.Amend`,
    :class:`~consensus.ConcludeReview`, :class:`~consensus.Dissolve`,
    :class:`~consensus.AdoptModel`, :class:`~consensus.ReviseModel`,
    :class:`~consensus.RescindModel`, :class:`~consensus.SetMilestone` and
    :class:`~consensus.DropMilestone`. A
    motion of your own is a frozen attrs class with these members, registered
    with :func:`register_motion`; it may also define
    ``check(self, view) -> str | None``, called with a read-only
    :class:`~consensus.PartnershipView` when the motion is proposed and again
    when it is concluded.

    Examples:
        >>> import consensus as cs
        >>> isinstance(cs.Resolution(title="T", text="x"), cs.Motion)
        True
    """

    KIND: ClassVar[str]

    def describe(self) -> str:
        """A short phrase for messages and minutes (``"admit unite"``)."""
        ...


def _frozen(cls: type) -> bool:
    props = getattr(cls, "__attrs_props__", None)
    if props is not None:
        return bool(props.is_frozen)
    return getattr(cls.__setattr__, "__name__", "") == "_frozen_setattrs"


def _check_motion_class(cls: object) -> type[Any]:
    if not isinstance(cls, type) or not attrs.has(cls):
        raise InvalidArgument("motion class", cls, "an attrs class (@attrs.frozen)")
    if not _frozen(cls):
        raise InvalidArgument(
            "motion class", cls, "a frozen attrs class: a motion never changes once made"
        )
    kind = cls.__dict__.get("KIND")
    if type(kind) is not str or not _KIND.fullmatch(kind):
        raise InvalidArgument(
            f"{cls.__name__}.KIND", kind, "a lower-case id such as 'joint_statement'"
        )
    if any(field.name == "kind" for field in attrs.fields(cls)):
        raise InvalidArgument(
            f"{cls.__name__}.kind",
            "a field",
            "free for the log: a stored motion's 'kind' names its class; rename the field",
        )
    if not callable(getattr(cls, "describe", None)):
        raise InvalidArgument(f"{cls.__name__}.describe", None, "a method returning a phrase")
    check = getattr(cls, "check", None)
    if check is not None and not callable(check):
        raise InvalidArgument(f"{cls.__name__}.check", check, "a method, or absent")
    return cls


def _check_rule(rule: object) -> DecisionRule:
    try:
        name = getattr(rule, "name", None)
        method = getattr(rule, "decide", None) or getattr(rule, "evaluate", None)
    except Exception:  # an object of a caller's own whose attributes fail
        name = method = None
    if not callable(method):
        raise InvalidArgument(
            "rule", rule, "a DecisionRule (a `name` and a `decide(ballot)` method)"
        )
    if type(name) is not str or not _NAME.fullmatch(name):
        raise InvalidArgument("rule.name", name, "a lower-case name such as 'supermajority'")
    return rule  # type: ignore[return-value]


_BUILTIN_MOTIONS: dict[str, type[Any]] = {}
_BUILTIN_RULE_NAMES: Final = frozenset(rule.name for rule in BUILTIN_RULES)


def _register_builtin_motion(cls: type[Any]) -> None:
    # Built-in motions pass the same checks as a downstream one.
    checked = _check_motion_class(cls)
    _BUILTIN_MOTIONS[checked.KIND] = checked
    # The default registry exists before the built-in motions are defined;
    # registries made later copy them.
    _DEFAULT._motions.setdefault(checked.KIND, checked)


@final
class Registry:
    """The decision rules and motion kinds a partnership knows, by name.

    Every registry starts with the built-ins (rules ``unanimity`` and
    ``consent``; motions ``resolution``, ``admit``, ``consult``, ``amend``,
    ``conclude_review``, ``dissolve``, and the work programme's
    ``adopt_model``, ``revise_model``, ``rescind_model``, ``set_milestone``
    and ``drop_milestone``). Registering an equal rule, or the
    same motion class, again changes nothing; taking a name that another rule
    or class holds is refused unless ``replace=True``.

    Examples:
        >>> import consensus as cs
        >>> registry = cs.Registry()
        >>> registry.rule("unanimity")
        Unanimity()
        >>> "admit" in registry.motion_kinds()
        True
    """

    def __init__(self) -> None:
        self._rules: dict[str, DecisionRule] = {rule.name: rule for rule in BUILTIN_RULES}
        self._motions: dict[str, type[Any]] = dict(_BUILTIN_MOTIONS)

    def register_rule(self, rule: DecisionRule, *, replace: bool = False) -> None:
        """Make ``rule`` selectable by its name in charters and amendments.

        Raises:
            InvalidArgument: ``rule`` is not a rule, its name is not a
                lower-case id, or another rule holds the name and ``replace`` is false.
        """
        checked = _check_rule(rule)
        current = self._rules.get(checked.name)
        if current is not None:
            if type(current) is type(checked) and current == checked:
                return
            builtin = checked.name in _BUILTIN_RULE_NAMES
            if builtin or not replace:
                raise InvalidArgument(
                    "rule.name",
                    checked.name,
                    f"a free name: {current!r} is registered under it"
                    + (
                        " and built-in names are never replaced"
                        if builtin
                        else " (pass replace=True)"
                    ),
                )
        self._rules[checked.name] = checked

    def register_motion(self, cls: type[Any], *, replace: bool = False) -> type[Any]:
        """Make the motion class ``cls`` proposable, storable and replayable.

        Returns:
            ``cls``, so that this can decorate the class.

        Raises:
            InvalidArgument: ``cls`` is not a frozen attrs class with a
                lower-case ``KIND`` and a ``describe`` method, or another class
                holds its ``KIND`` and ``replace`` is false.
        """
        checked = _check_motion_class(cls)
        current = self._motions.get(checked.KIND)
        if (
            current is not None
            and current is not checked
            and (not replace or checked.KIND in _BUILTIN_MOTIONS)
        ):
            raise InvalidArgument(
                f"{checked.__name__}.KIND",
                checked.KIND,
                f"a free kind: {current.__module__}.{current.__qualname__} has it"
                + ("" if checked.KIND in _BUILTIN_MOTIONS else " (pass replace=True)"),
            )
        self._motions[checked.KIND] = checked
        return cls

    def rule(self, name: object) -> DecisionRule:
        """Return the rule registered as ``name``.

        Raises:
            UnknownReference: no rule has that name.
        """
        try:
            return self._rules[name]  # type: ignore[index]
        except Exception:  # not there, unhashable, or a name whose own methods fail
            raise UnknownReference("decision rule", name, sorted(self._rules)) from None

    def motion(self, kind: object) -> type[Any]:
        """Return the motion class registered as ``kind``.

        Raises:
            IntegrityError: no motion has that kind (met in a stored log,
                which names a kind this process has not registered).
        """
        try:
            return self._motions[kind]  # type: ignore[index]
        except Exception:  # not there, unhashable, or a kind whose own methods fail
            raise IntegrityError(
                f"the log holds a motion of kind {safe_repr(kind)}, which is not registered; "
                "register its class with consensus.register_motion before reading the log "
                f"(registered: {', '.join(sorted(self._motions))})"
            ) from None

    def knows(self, motion: object) -> bool:
        """Whether ``motion`` is an instance of a class registered under its ``KIND``."""
        kind = getattr(type(motion), "KIND", None)
        return type(kind) is str and self._motions.get(kind) is type(motion)

    def rule_names(self) -> tuple[str, ...]:
        """The registered rule names, sorted."""
        return tuple(sorted(self._rules))

    def motion_kinds(self) -> tuple[str, ...]:
        """The registered motion kinds, sorted."""
        return tuple(sorted(self._motions))

    def __repr__(self) -> str:
        return f"<Registry: rules {', '.join(self.rule_names())}; motions {', '.join(self.motion_kinds())}>"


_DEFAULT: Final = Registry()


def default_registry() -> Registry:
    """Return the process-wide registry that partnerships use unless given another.

    Examples:
        >>> import consensus as cs
        >>> cs.default_registry().rule("consent")
        Consent()
    """
    return _DEFAULT


def _target(registry: Registry | None) -> Registry:
    if registry is None:
        return _DEFAULT
    if not isinstance(registry, Registry):
        raise InvalidArgument("registry", registry, "a consensus.Registry")
    return registry


def register_rule(
    rule: DecisionRule, *, replace: bool = False, registry: Registry | None = None
) -> None:
    """Make ``rule`` selectable by its name in charters and amendments.

    Register a rule before loading a charter, or replaying a log, that names it.
    Registering an equal rule again is a no-op.

    Args:
        rule: an object satisfying :class:`DecisionRule`.
        replace: allow replacing a rule already registered under the same name.
        registry: where to register it (default: :func:`default_registry`).

    Raises:
        InvalidArgument: ``rule`` does not satisfy the protocol, its name is not
            a lower-case identifier, or the name is taken and ``replace`` is false.

    Examples:
        >>> import consensus as cs
        >>> class ChairDecides:
        ...     name = "chair-decides"
        ...     def decide(self, ballot):
        ...         return cs.Outcome.AGREED
        >>> cs.register_rule(ChairDecides(), registry=cs.Registry())
    """
    _target(registry).register_rule(rule, replace=replace)


def register_motion(
    cls: type[Any], *, replace: bool = False, registry: Registry | None = None
) -> type[Any]:
    """Make a motion class of your own proposable, storable and replayable.

    Can be used as a class decorator. Built-in motions register through the
    same checks.

    Args:
        cls: a frozen attrs class with a ``KIND`` (lower-case id), ``describe()``
            and optionally ``check(self, view) -> str | None``.
        replace: allow another class to take a kind held by a registered
            class of your own (never a built-in's kind).
        registry: where to register it (default: :func:`default_registry`).

    Returns:
        ``cls``.

    Raises:
        InvalidArgument: the class is not a frozen attrs class with a valid
            ``KIND`` and ``describe``, or its kind is taken.

    Examples:
        >>> import attrs, consensus as cs
        >>> @cs.register_motion
        ... @attrs.frozen(kw_only=True)
        ... class Thanks:
        ...     KIND = "thanks"
        ...     to: str
        ...     def describe(self) -> str:
        ...         return f"thank {self.to}"
        >>> "thanks" in cs.default_registry().motion_kinds()
        True
    """
    return _target(registry).register_motion(cls, replace=replace)


def rule_named(name: str, *, registry: Registry | None = None) -> DecisionRule:
    """Return the registered rule called ``name``.

    Raises:
        UnknownReference: no rule is registered under that name.

    Examples:
        >>> rule_named("unanimity")
        Unanimity()
    """
    return _target(registry).rule(name)


def rule_names(*, registry: Registry | None = None) -> tuple[str, ...]:
    """Return the names of every registered rule, sorted.

    Examples:
        >>> "consent" in rule_names()
        True
    """
    return _target(registry).rule_names()


def decide(rule: DecisionRule, ballot: Ballot) -> Outcome:
    """Ask ``rule`` for the outcome of ``ballot`` (rules with only ``evaluate`` too).

    Raises:
        IntegrityError: the rule returned something other than an
            :class:`~consensus.Outcome`.

    Examples:
        >>> import consensus as cs
        >>> ballot = cs.Ballot(electorate={"a"}, positions={"a": cs.Position.AGREE},
        ...                    constituencies={"a": "workers"})
        >>> decide(cs.Unanimity(), ballot)
        <Outcome.AGREED: 'agreed'>
    """
    if not isinstance(ballot, Ballot):
        raise InvalidArgument("ballot", ballot, "a consensus.Ballot")
    rule = _check_rule(rule)
    try:
        method = getattr(rule, "decide", None)
        outcome = (
            method(ballot)
            if callable(method)
            else rule.evaluate(ballot.electorate, ballot.positions)  # type: ignore[attr-defined]
        )
    except ConsensusError:
        raise
    except Exception as err:  # a defect in a rule of a caller's own
        raise IntegrityError(
            f"the decision rule {rule.name!r} failed ({type(err).__name__}: {safe_repr(err)})"
        ) from None
    if not isinstance(outcome, Outcome):
        raise IntegrityError(
            f"the decision rule {rule.name!r} returned {safe_repr(outcome)}, not an Outcome"
        )
    return outcome
