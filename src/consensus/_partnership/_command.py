"""The one path every command takes; the order of its checks is written only here.

::

    execute(command)
      0. no command already running on this partnership     InvalidArgument
      1. settle the time: ``at`` aware, not before the log;  ClockError
         emit the time-driven events due up to it
      2. the arguments: ``by`` is an id, the values valid    InvalidArgument
      3. the partnership's own state allows the command     InvalidTransition
         (forming, active, dissolved)
      4. find what it acts on                                UnknownReference
      5. authorise: is ``by`` entitled, in this role?        NotEntitled
      6. guard: may the subject's workflow fire the trigger? InvalidTransition
      7. decide: the motion, the rule, the quorum            InvalidMotion, DecisionPending, NotQuorate
      8. emit the events it decided, applying each
      9. persist: append every event of the command to the   ConcurrencyError, PersistenceError
         partnership's store in one transaction, if it has one

So the same bad call gets the same error from every command. Whatever
raises, everything the command changed on the way (the time-driven events it
emitted included) is undone: a refused command changes nothing.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import attrs
import pendulum

from .._clock import Clock, system_now, to_instant
from .._errors import (
    ClockError,
    ConsensusError,
    InvalidArgument,
    InvalidTransition,
    NotEntitled,
    UnknownReference,
    safe_repr,
)
from .._events import Event
from .._values import ID
from .._workflows import PARTNERSHIP, Workflow
from ._agenda import catch_up
from ._state import State, persist

__all__ = [
    "Context",
    "Guard",
    "advance",
    "anyone",
    "as_chair",
    "execute",
    "lookup",
    "member",
    "name",
    "when_text",
]

T = TypeVar("T")
R = TypeVar("R")
V = TypeVar("V")

Role = Callable[[State, str, str, Any], None]
"""Who may act: ``role(state, by, action, target)`` raises NotEntitled, or returns."""


@attrs.frozen
class Guard:
    """A transition a command needs: ``trigger`` must be allowed from ``state``."""

    workflow: Workflow
    state: str
    trigger: str
    subject: str
    hint: str | None = None


@attrs.frozen
class Context(Generic[T]):
    """What a command's decision step knows: the state, when, who, and its subject."""

    s: State
    when: pendulum.DateTime
    by: str
    action: str
    target: T


def name(by: object) -> str:
    """How to name whoever tried, in a message: the id, or the repr of a non-id."""
    return by if type(by) is str and len(by) <= 80 else safe_repr(by)


def refused(by: object, action: str) -> str:
    """How a refusal of ``action`` begins: ``unison cannot propose ...``."""
    return f"{name(by)} cannot {action}" if by is not None else f"cannot {action}"


def when_text(instant: pendulum.DateTime) -> str:
    """An instant as a message shows it: ``2025-06-26 00:00 BST``."""
    return instant.format("YYYY-MM-DD HH:mm zz")


def lookup(table: dict[str, V], key: object, kind: str) -> V:
    """``table[key]``, or an UnknownReference naming the latest few ids (never a scan)."""
    try:
        return table[key]  # type: ignore[index]
    except Exception:  # not there, unhashable, or a key whose own methods fail
        recent = list(itertools.islice(reversed(table), 8))[::-1]
        raise UnknownReference(kind, key, recent) from None


def execute(
    s: State,
    *,
    action: str,
    by: object,
    at: object,
    role: Role,
    decide: Callable[[Context[Any]], tuple[Sequence[Event], R]],
    lifecycle: str | None = "act",
    arguments: Callable[[], object] | None = None,
    find: Callable[[], Any] | None = None,
    guard: Callable[[Any], Guard | None] | None = None,
    argument: str = "at",
) -> R:
    """Run one command through the pipeline (see the module's docstring for the order)."""
    if s.running is not None:
        raise InvalidArgument(
            "command",
            action,
            f"allowed now: another command of this partnership is running ({s.running})",
            party=name(by),
            action=action,
        )
    s.running = action
    s.undo = []
    s.agenda_saved = False
    start = len(s.events)
    memo = s.key_memo
    try:
        when, limit = _settle_time(s, at, by, action, argument)
        catch_up(s, when, limit)
        if role is not anyone and (type(by) is not str or not ID.fullmatch(by)):
            raise InvalidArgument(
                "by", by, "a party id such as 'unison'", party=name(by), action=action
            )
        who = by if type(by) is str else ""
        if arguments is not None:
            try:
                arguments()
            except InvalidArgument as err:
                raise err.tried_by(who, action) from None
        if lifecycle is not None and not PARTNERSHIP.allows(s.lifecycle, lifecycle):
            raise InvalidTransition(
                name(by),
                action,
                "the partnership",
                s.lifecycle,
                (),
                hint=_lifecycle_hint(s, lifecycle),
            )
        target = None
        if find is not None:
            try:
                target = find()
            except UnknownReference as err:
                raise UnknownReference(
                    err.kind, err.ref, err.known, party=name(by), action=action
                ) from None
        role(s, who, action, target)
        move = guard(target) if guard is not None else None
        if move is not None and not move.workflow.allows(move.state, move.trigger):
            raise InvalidTransition(
                who,
                action,
                move.subject,
                move.state,
                move.workflow.options(move.state),
                hint=move.hint,
            )
        events, result = decide(Context(s=s, when=when, by=who, action=action, target=target))
        for event in events:
            s.emit(event)
        persist(s, start, refused(by, action))
        return result
    except BaseException:
        assert s.undo is not None
        for undo in reversed(s.undo):
            undo()
        s.key_memo = memo  # a refused command leaves nothing behind, not even a memo
        raise
    finally:
        s.undo = None
        s.running = None


def instant(clock: Clock, at: object, tz: str, *, argument: str = "at") -> pendulum.DateTime:
    """``at`` as an instant in ``tz``, or the clock's now when ``at`` is None.

    Raises:
        ClockError: the clock failed, or told a time that is not an aware datetime.
        InvalidArgument: ``at`` is not an aware datetime within the years a
            partnership keeps time in.
    """
    if at is not None:
        return to_instant(at, tz, argument=argument)
    try:
        now: object = clock.now()
    except ConsensusError:
        raise
    except Exception as err:
        raise ClockError(f"the clock failed to tell the time ({err!r})") from None
    try:
        return to_instant(now, tz, argument="the clock's now()")
    except InvalidArgument as err:
        raise ClockError(str(err)) from None


def _settle_time(
    s: State, at: object, by: object, action: str, argument: str
) -> tuple[pendulum.DateTime, _dt.datetime]:
    """The command's instant, and its key; refused if earlier than the last event."""
    charter = s.the_charter
    last = s.events[-1].at
    last_key = s.key(last)  # remembered: usually the previous command's instant
    # The system clock's now, converted the fast way (the same instant).
    fast = system_now(s.clock, charter.timezone) if at is None else None
    if fast is not None:
        when, key = fast
        s.key_memo = fast
    else:
        try:
            when = instant(s.clock, at, charter.timezone, argument=argument)
        except InvalidArgument as err:
            raise InvalidArgument(
                err.argument,
                err.value,
                err.expected,
                party=name(by) if by is not None else None,
                action=action,
            ) from None
        except ClockError as err:
            raise ClockError(f"{refused(by, action)}: {err}") from None
        key = s.key(when)
    if key < last_key:
        source, wait = (
            ("the clock reads", "; commands through the clock wait until it passes that instant")
            if at is None
            else (f"{argument}=", "")
        )
        raise ClockError(
            f"{refused(by, action)}: {source} {when.isoformat()}, earlier than the last event "
            f"({s.events[-1].TYPE} at {last.isoformat()}); time never runs backwards in a "
            f"log{wait}."
        )
    return when, key


def _lifecycle_hint(s: State, trigger: str) -> str | None:
    if s.lifecycle == "forming":
        unsigned = [m.party.id for m in s.members.values() if m.state == "pending"]
        return "Nothing can be done until every signatory has signed; still to sign: " + (
            ", ".join(unsigned) or "nobody"
        )
    if s.lifecycle == "dissolved" and s.dissolved is not None:
        event = s.dissolved
        how = (
            f"by the agreed {event.proposal}"  # type: ignore[union-attr]
            if getattr(event, "proposal", None)
            else f"when its last member, {getattr(event, 'party', '?')}, withdrew"
        )
        return (
            f"It was dissolved on {when_text(event.at)} {how}; "
            "its record can be read, but nothing more can be done"
        )
    if trigger == "sign" and s.ratified_at is not None:
        return (
            f"Its charter was ratified on {when_text(s.ratified_at)}; "
            "a new partner joins through an agreed Admit motion"
        )
    return None


# -- roles shared by the rooms


def anyone(s: State, by: str, action: str, target: object) -> None:
    """No one in particular acts (time passing)."""


def member(s: State, by: str, action: str, target: object) -> None:
    """``by`` must be an active member."""
    active_member(s, by, action)


def active_member(s: State, by: str, action: str) -> None:
    """Refuse unless ``by`` is an active member: not a member, withdrawn, not signed yet."""
    membership = s.members.get(by)
    if membership is None:
        if by in s.the_charter.advisor_ids:
            raise NotEntitled(
                by,
                action,
                f"{by} is in the advisory group, not a partner",
                "Advisors respond to consultations they are invited to",
            )
        raise NotEntitled(by, action, f"{by} is not a member of the partnership")
    if membership.state == "withdrawn":
        raise NotEntitled(
            by,
            action,
            f"{by} withdrew from the partnership on {membership.since.to_date_string()}",
            "Only active members act; a former member may be admitted again with an Admit motion",
        )
    if membership.state != "active":
        raise NotEntitled(by, action, f"{by} has not signed the charter yet")


def as_chair(s: State, by: str, action: str, target: object) -> None:
    """``by`` must be the chair; while the chair is not an active member, any active member may act."""
    active_member(s, by, action)
    chair = s.the_charter.chair
    if by != chair and chair in s.active:
        raise NotEntitled(by, action, f"only the chair ({chair}) may do that")


def advance(s: State, *, to: _dt.datetime | None) -> tuple[Event, ...]:
    """Emit every time-driven event due up to ``to`` (default: the clock's now)."""
    before = len(s.events)

    def decide(c: Context[None]) -> tuple[list[Event], None]:
        return [], None

    execute(
        s,
        action="advance the partnership's time",
        by=None,
        at=to,
        role=anyone,
        lifecycle=None,
        decide=decide,
        argument="to",
    )
    return tuple(s.events[before:])
