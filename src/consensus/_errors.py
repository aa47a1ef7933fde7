"""The exception hierarchy of ``consensus``.

Every error the library raises on purpose is a :class:`ConsensusError`; each
keeps the values that caused it as attributes and builds a message that a
secretariat could show a user: who tried what, and why not::

    ConsensusError
    ├── CharterError          a charter file or an amended charter is not valid
    ├── NotEntitled           the acting party may not do this
    ├── InvalidTransition     the thing acted on is not in a state that allows it
    ├── InvalidMotion         a motion cannot be proposed or carried out as it stands
    ├── InvalidArgument       a value of the wrong kind was passed
    ├── DecisionPending       positions that could still change the outcome are missing
    ├── NotQuorate            a required constituency has no active member; a meeting lacks quorum
    ├── UnknownReference      an id names no party, proposal, consultation or review
    ├── ClockError            a naive time, or a time earlier than the log allows
    └── PersistenceError
        ├── IntegrityError    a log that the library could not have produced
        └── ConcurrencyError  a store was written by someone else meanwhile

A rejected command changes nothing: the partnership and its log are exactly as
they were before the call.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CharterError",
    "ClockError",
    "ConcurrencyError",
    "ConsensusError",
    "DecisionPending",
    "IntegrityError",
    "InvalidArgument",
    "InvalidMotion",
    "InvalidTransition",
    "NotEntitled",
    "NotQuorate",
    "PersistenceError",
    "UnknownReference",
]


def safe_repr(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, never raising.

    A caller's object whose ``__repr__`` fails is shown by its type, so that
    an error message about it can always be written.

    Examples:
        >>> safe_repr("x" * 100)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxx'"
    """
    try:
        shown = repr(value)
        if type(shown) is not str:
            raise TypeError
    except Exception:
        try:
            kind = type(value).__name__
        except Exception:
            kind = "object"
        return f"<a {kind} that cannot be shown>"
    if len(shown) > limit:
        shown = shown[: limit - 20] + "…" + shown[-10:]
    return shown


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _listing(items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return "nothing"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


class ConsensusError(Exception):
    """The root of every error that ``consensus`` raises on purpose.

    Catch this to handle any refusal of the library in one place.

    Examples:
        >>> import consensus as cs
        >>> issubclass(cs.NotEntitled, cs.ConsensusError)
        True
    """


class CharterError(ConsensusError):
    """A charter is not valid: the file, the field path and the problem.

    Attributes:
        source: the file name (or ``"<amendment>"``, ``"<string>"``).
        field: the path of the offending field, such as ``"signatories[3].constituency"``.
        problem: what is wrong with it.

    Examples:
        >>> import consensus as cs
        >>> str(cs.CharterError("charter.toml", "chair", "'x' is not a signatory"))
        "charter.toml: chair: 'x' is not a signatory"
    """

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        where = f"{source}: {field}: " if field else f"{source}: "
        super().__init__(where + problem)


class NotEntitled(ConsensusError):
    """The acting party is not entitled to do what it tried.

    Attributes:
        party: the id of the party (or advisor) that tried.
        action: what it tried, as a phrase (``"record a position on p-0004"``).
        reason: why it may not.
        hint: what may be done instead, or ``None``.

    Examples:
        >>> import consensus as cs
        >>> print(cs.NotEntitled("gmb", "table p-0001", "only the chair tables proposals"))
        gmb cannot table p-0001: only the chair tables proposals.
    """

    def __init__(self, party: str, action: str, reason: str, hint: str | None = None) -> None:
        self.party = party
        self.action = action
        self.reason = reason
        self.hint = hint
        message = _sentence(f"{party} cannot {action}: {reason}")
        if hint:
            message += " " + _sentence(hint)
        super().__init__(message)


class InvalidTransition(ConsensusError):
    """What was tried cannot happen in the current state of its subject.

    Attributes:
        party: who tried.
        action: what they tried, as a phrase.
        subject: what it was tried on (``"p-0003"``, ``"the partnership"``).
        state: the subject's current state.
        allowed: what may happen to the subject from this state, as phrases
            ("be tabled", "be withdrawn").

    Examples:
        >>> import consensus as cs
        >>> print(cs.InvalidTransition("unison", "record a position on p-0001", "p-0001",
        ...                            "draft", ("be tabled", "be withdrawn")))
        unison cannot record a position on p-0001: p-0001 is draft. Now it can only be tabled or be withdrawn.
    """

    def __init__(
        self,
        party: str,
        action: str,
        subject: str,
        state: str,
        allowed: Iterable[str],
        hint: str | None = None,
    ) -> None:
        self.party = party
        self.action = action
        self.subject = subject
        self.state = state
        self.allowed = tuple(allowed)
        if hint:
            then = _sentence(hint)
        elif self.allowed:
            moves = list(dict.fromkeys(a.replace("_", " ") for a in self.allowed))
            listed = ", ".join(moves[:-1]) + " or " + moves[-1] if len(moves) > 1 else moves[0]
            then = f"Now it can only {listed}."
        else:
            then = (
                f"{state.replace('_', ' ').capitalize()} is final: nothing more can happen to it."
            )
        message = f"{party} cannot {action}: {subject} is {state.replace('_', ' ')}. {then}"
        super().__init__(message)


class InvalidMotion(ConsensusError):
    """A motion cannot be proposed, or carried out, as it stands.

    Attributes:
        party: who proposed or concluded it.
        motion: a short description of the motion.
        reason: why not.

    Examples:
        >>> import consensus as cs
        >>> print(cs.InvalidMotion("unison", "admit gmb", "gmb is already an active member"))
        unison cannot propose to admit gmb: gmb is already an active member.
    """

    def __init__(self, party: str, motion: str, reason: str, verb: str = "propose to") -> None:
        self.party = party
        self.motion = motion
        self.reason = reason
        super().__init__(_sentence(f"{party} cannot {verb} {motion}: {reason}"))


class InvalidArgument(ConsensusError):
    """A value of the wrong kind was passed; nothing is coerced.

    Attributes:
        argument: the parameter's name.
        value: the value that was passed.
        expected: what was expected.
        party: who tried, when a command was refused (else ``None``).
        action: what they tried, as a phrase (else ``None``).

    Examples:
        >>> import consensus as cs
        >>> print(cs.InvalidArgument("position", "yes", "one of agree, abstain, disagree, block"))
        position: 'yes' is not one of agree, abstain, disagree, block.
        >>> print(cs.InvalidArgument("position", "yes", "one of agree, abstain, disagree, block",
        ...                          party="gmb", action="record a position on p-0004"))
        gmb cannot record a position on p-0004: position: 'yes' is not one of agree, abstain, disagree, block.
    """

    def __init__(
        self,
        argument: str,
        value: object,
        expected: str,
        *,
        party: str | None = None,
        action: str | None = None,
    ) -> None:
        self.argument = argument
        self.value = value
        self.expected = expected
        self.party = party
        self.action = action
        shown = safe_repr(value)
        text = f"{argument}: {shown} is not {expected}"
        if action is not None:
            text = f"{party} cannot {action}: {text}" if party else f"cannot {action}: {text}"
        super().__init__(_sentence(text))

    def tried_by(self, party: str, action: str) -> InvalidArgument:
        """The same complaint, saying who tried what."""
        return InvalidArgument(
            self.argument, self.value, self.expected, party=party, action=action
        )


class DecisionPending(ConsensusError):
    """A proposal cannot be concluded yet: missing positions could change the outcome.

    Attributes:
        proposal: the proposal id.
        missing: the active members whose positions are missing, sorted.

    Examples:
        >>> import consensus as cs
        >>> print(cs.DecisionPending("welsh-government", "p-0002", ["gmb", "rcn"]))
        welsh-government cannot conclude p-0002 yet: positions from gmb and rcn are missing and could still change the outcome.
    """

    def __init__(self, party: str, proposal: str, missing: Iterable[str]) -> None:
        self.party = party
        self.proposal = proposal
        self.missing = tuple(sorted(missing))
        super().__init__(
            f"{party} cannot conclude {proposal} yet: positions from "
            f"{_listing(self.missing)} are missing and could still change the outcome."
        )


class NotQuorate(ConsensusError):
    """Nothing can be agreed: a required constituency has no active member, or a meeting lacks quorum.

    Attributes:
        proposal: the proposal id.
        constituencies: what is missing, sorted: the required constituencies
            without an active member; at a meeting, what its quorum still
            needs present (constituencies, members, or a count).
        meeting: the meeting in session, when it is the meeting that is not
            quorate (else ``None``).
        quorum: the charter's meeting quorum, in words (else ``None``).

    Examples:
        >>> import consensus as cs
        >>> print(cs.NotQuorate("welsh-government", "p-0003", ["employers"]))
        welsh-government cannot conclude p-0003: the charter requires employers to be represented, and no active member is. Admit a member for them first.
        >>> print(cs.NotQuorate("welsh-government", "p-0003", ["employers"], meeting="m-0002",
        ...                     quorum="every required constituency present"))
        welsh-government cannot conclude p-0003 at meeting m-0002: the meeting is not quorate (every required constituency present); still needed: employers. Record their attendance, or close the meeting.
    """

    def __init__(
        self,
        party: str,
        proposal: str,
        constituencies: Iterable[str],
        *,
        meeting: str | None = None,
        quorum: str | None = None,
    ) -> None:
        self.party = party
        self.proposal = proposal
        self.constituencies = tuple(sorted(constituencies))
        self.meeting = meeting
        self.quorum = quorum
        if meeting is not None:
            super().__init__(
                f"{party} cannot conclude {proposal} at meeting {meeting}: the meeting is not "
                f"quorate ({quorum}); still needed: {_listing(self.constituencies)}. "
                "Record their attendance, or close the meeting."
            )
            return
        super().__init__(
            f"{party} cannot conclude {proposal}: the charter requires "
            f"{_listing(self.constituencies)} to be represented, and no active member is. "
            "Admit a member for them first."
        )


class UnknownReference(ConsensusError):
    """An id that names nothing of the kind asked for.

    Attributes:
        kind: what kind of thing was looked for (``"proposal"``, ``"party"``).
        ref: the id that was given.
        known: a few ids that do exist, to help spot a typo.
        party: who tried, when a command was refused (else ``None``).
        action: what they tried, as a phrase.

    Examples:
        >>> import consensus as cs
        >>> print(cs.UnknownReference("proposal", "p-0099", ["p-0001", "p-0002"]))
        There is no proposal 'p-0099'; known: p-0001, p-0002.
        >>> print(cs.UnknownReference("proposal", "p-0099", ["p-0001"], party="gmb",
        ...                           action="record a position on p-0099"))
        gmb cannot record a position on p-0099: there is no proposal 'p-0099'; known: p-0001.
    """

    def __init__(
        self,
        kind: str,
        ref: object,
        known: Iterable[str] = (),
        *,
        party: str | None = None,
        action: str | None = None,
    ) -> None:
        self.kind = kind
        self.ref = ref
        self.known = tuple(known)
        self.party = party
        self.action = action
        tail = "; known: " + ", ".join(map(str, self.known[:8])) if self.known else ""
        if len(self.known) > 8:
            tail += ", …"
        if party is not None and action is not None:
            super().__init__(
                f"{party} cannot {action}: there is no {kind} {safe_repr(ref)}{tail}."
            )
        else:
            super().__init__(f"There is no {kind} {safe_repr(ref)}{tail}.")


class ClockError(ConsensusError):
    """A time that cannot be used: naive, non-existent, or earlier than the log.

    Examples:
        >>> import consensus as cs
        >>> issubclass(cs.ClockError, cs.ConsensusError)
        True
    """


class PersistenceError(ConsensusError):
    """The root of errors about stored or encoded logs; also a store that failed.

    A store that cannot do what it was asked (disk full, locked too long,
    server gone) raises this; the command that was storing its events
    changes nothing, in memory or in the store.

    Attributes:
        store: where the log is kept (a file, or a DSN without its password),
            when a store raised it; else ``None``.
        stream: the stream concerned, or ``None``.
        position: the position of the first event concerned (0 for the
            first event of a stream), or ``None``.

    Examples:
        >>> import consensus as cs
        >>> issubclass(cs.IntegrityError, cs.PersistenceError)
        True
    """

    def __init__(
        self,
        message: str,
        *,
        store: str | None = None,
        stream: str | None = None,
        position: int | None = None,
    ) -> None:
        super().__init__(message)
        self.store = store
        self.stream = stream
        self.position = position


class IntegrityError(PersistenceError):
    """A log that the library could not have produced: corrupt, altered or out of order.

    Examples:
        >>> import consensus as cs
        >>> issubclass(cs.IntegrityError, cs.ConsensusError)
        True
    """


class ConcurrencyError(PersistenceError):
    """A store was appended to by someone else since the log was read.

    Examples:
        >>> import consensus as cs
        >>> issubclass(cs.ConcurrencyError, cs.PersistenceError)
        True
    """
