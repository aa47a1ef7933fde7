"""The partnership's tables, the undo journal, and the registries the rooms fill.

:class:`State` holds every table a partnership keeps. It is changed only by
applying events (:meth:`State.emit`), through the handler each room registers
with ``@applies(SomeEvent)``; while a command runs, every change also records
how to undo it, so that a refused command leaves nothing behind.

Each room also says, with ``@replays(SomeEvent)``, which command an event
records when it is the first fact of that command: strict replay re-runs that
command and requires the events it makes to be exactly the ones in the log.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol, TypeVar

import attrs
import pendulum

from .._charter import Charter
from .._clock import Clock
from .._clock import instant_key as _key
from .._errors import (
    ConcurrencyError,
    ConsensusError,
    IntegrityError,
    PersistenceError,
    safe_repr,
)
from .._events import Event
from .._records import (
    Adoption,
    CharterVersion,
    Consultation,
    Employer,
    Meeting,
    Membership,
    Milestone,
    Model,
    Nomination,
    Person,
    Proposal,
    Review,
)
from .._registry import Registry
from .._workflows import PARTNERSHIP, Workflow

__all__ = [
    "APPLY",
    "EFFECTS",
    "QUORUM_EXEMPT",
    "REPLAY",
    "AgendaEntry",
    "Sink",
    "State",
    "applies",
    "carries_out",
    "persist",
    "quorum_exempt",
    "replays",
]

K = TypeVar("K")
V = TypeVar("V")
H = TypeVar("H", bound=Callable[..., None])
R = TypeVar("R")

# (UTC instant, tie-breaker, instant in the charter's zone, kind, ref)
AgendaEntry = tuple[_dt.datetime, int, pendulum.DateTime, str, str]

APPLY: Final[dict[type[Any], Callable[[State, Any], None]]] = {}
"""Event class -> the handler that applies it to a State (filled by ``@applies``)."""

REPLAY: Final[dict[type[Any], Callable[[State, Any], None]]] = {}
"""Event class -> the command that event records when it opens a command (``@replays``)."""


EFFECTS: Final[dict[type[Any], Callable[[State, Proposal, pendulum.DateTime], list[Event]]]] = {}
"""Motion class -> the events that carry it out once agreed (``@carries_out``).

A motion without an entry (a Resolution, or a downstream motion) changes
nothing but the proposal's own state: its agreement is the fact.
"""

QUORUM_EXEMPT: Final[dict[type[Any], Callable[[State, Any, list[str]], bool]]] = {}
"""Motion class -> whether it may be concluded while ``unrepresented`` constituencies
have no active member (``@quorum_exempt``): only motions that can end that state."""


def carries_out(
    kind: type[Any],
) -> Callable[
    [Callable[[State, Proposal, pendulum.DateTime], list[Event]]],
    Callable[[State, Proposal, pendulum.DateTime], list[Event]],
]:
    """Register the decorated function as what an agreed motion of class ``kind`` does."""

    def register(
        effect: Callable[[State, Proposal, pendulum.DateTime], list[Event]],
    ) -> Callable[[State, Proposal, pendulum.DateTime], list[Event]]:
        EFFECTS[kind] = effect
        return effect

    return register


def quorum_exempt(
    kind: type[Any],
) -> Callable[[Callable[[State, Any, list[str]], bool]], Callable[[State, Any, list[str]], bool]]:
    """Register when a motion of class ``kind`` may be concluded without quorum."""

    def register(
        exempt: Callable[[State, Any, list[str]], bool],
    ) -> Callable[[State, Any, list[str]], bool]:
        QUORUM_EXEMPT[kind] = exempt
        return exempt

    return register


def applies(*kinds: type[Any]) -> Callable[[H], H]:
    """Register the decorated function as the way to apply events of ``kinds``."""

    def register(handler: H) -> H:
        for kind in kinds:
            if kind in APPLY:
                raise RuntimeError(f"{kind.__name__} already has an apply handler")
            APPLY[kind] = handler
        return handler

    return register


def replays(*kinds: type[Any]) -> Callable[[H], H]:
    """Register the decorated function as the command an event of ``kinds`` records."""

    def register(command: H) -> H:
        for kind in kinds:
            if kind in REPLAY:
                raise RuntimeError(f"{kind.__name__} already has a replay command")
            REPLAY[kind] = command
        return command

    return register


class Sink(Protocol):
    """What the partnership needs of a store: read a stream, append a command's events.

    The core knows no store; :class:`consensus.store.EventStore` satisfies this.
    """

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        registry: Registry | None = None,
    ) -> int:
        """Append ``events`` in one transaction if ``stream`` holds ``expected_version`` events."""
        ...

    def read(
        self, stream: str, *, start: int = 0, registry: Registry | None = None
    ) -> Sequence[Event]:
        """The events of ``stream`` from position ``start`` on, their hash chain verified."""
        ...


def persist(s: State, start: int, doing: str | None = None) -> None:
    """Append the events from ``start`` on to the partnership's store, if it has one.

    Called last in a command, inside its undo journal: if the store refuses
    (another writer got there first) or fails, the error goes on and the
    command's changes in memory are undone, so nothing changed anywhere.
    """
    if s.store is None or len(s.events) == start:
        return
    assert s.stream is not None
    try:
        s.store.append(s.stream, s.events[start:], expected_version=start, registry=s.registry)
    except PersistenceError as err:
        if doing is None or type(err) not in (PersistenceError, IntegrityError, ConcurrencyError):
            raise
        failure = type(err)(
            f"{doing}: {err}", store=err.store, stream=err.stream, position=err.position
        )
        failure.__notes__ = list(getattr(err, "__notes__", ()))
        raise failure from None
    except ConsensusError:
        raise
    except Exception as err:  # a third-party store that failed in its own way
        try:
            where = getattr(s.store, "location", None)
        except Exception:
            where = None
        where = where if type(where) is str else safe_repr(s.store)
        raise PersistenceError(
            (f"{doing}: " if doing else "")
            + f"the store {where} failed to append to stream {s.stream!r} "
            f"at position {start}: {type(err).__name__}: {err}",
            store=where,
            stream=s.stream,
            position=start,
        ) from err


@functools.cache
def _layout(cls: type[Any]) -> tuple[tuple[str, ...], dict[str, Any], bool] | None:
    """A frozen attrs record class's field names, its fields by name and
    whether any field has a validator; None when :func:`evolve` must leave it
    to ``attrs.evolve`` (a class attrs did not make itself, such as a plain
    subclass of a record with an ``__init__`` of its own; a step before or
    after ``__init__``; a field ``__init__`` does not simply take; not an
    attrs class at all, which ``attrs.evolve`` refuses)."""
    if "__attrs_attrs__" not in cls.__dict__:
        return None
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return None
    fields = attrs.fields(cls)
    if any(
        not field.init or field.alias != field.name or isinstance(field.converter, attrs.Converter)
        for field in fields
    ):
        return None
    checked = any(field.validator is not None for field in fields)
    return tuple(field.name for field in fields), {field.name: field for field in fields}, checked


def evolve(record: R, changes: dict[str, Any]) -> R:
    """``attrs.evolve(record, **changes)``, converting only the fields that change.

    A record's other fields were converted when it was made, and its
    converters give back an equal value for a converted one (a tuple for a
    tuple, a read-only copy for a read-only mapping), so they are kept as
    they are, shared with ``record`` (they are immutable). Every validator
    still runs. ``attrs.evolve`` re-converts every field: a meeting's
    attendance re-checked its whole agenda, and each position copied the
    proposal's positions and reasons twice.
    """
    cls: Any = type(record)
    layout = _layout(cls)
    if layout is None or not changes.keys() <= layout[1].keys():
        # attrs' own way, and its TypeError for a field the record lacks
        return attrs.evolve(record, **changes)  # type: ignore[misc]
    names, fields, checked = layout
    moved = object.__new__(cls)
    put = object.__setattr__
    for field_name in names:
        if field_name in changes:
            value = changes[field_name]
            converter = fields[field_name].converter
            put(moved, field_name, value if converter is None else converter(value))
        else:
            put(moved, field_name, getattr(record, field_name))
    if checked:
        attrs.validate(moved)
    return moved  # type: ignore[no-any-return]


class State:
    """Every table of one partnership; changed only by applying events."""

    __slots__ = (
        "active",
        "adoptions",
        "agenda",
        "agenda_saved",
        "agenda_seq",
        "charter",
        "clock",
        "consultations",
        "current_review",
        "dissolved",
        "employers",
        "events",
        "history",
        "in_session",
        "key_memo",
        "last_closed",
        "lifecycle",
        "meetings",
        "members",
        "milestones",
        "models",
        "nominations",
        "people",
        "proposals",
        "ratified_at",
        "registry",
        "review_anchor",
        "reviews",
        "running",
        "store",
        "stream",
        "undo",
    )

    def __init__(self, *, clock: Clock, registry: Registry) -> None:
        self.clock = clock
        self.registry = registry
        self.events: list[Event] = []
        self.lifecycle = PARTNERSHIP.initial
        self.charter: Charter | None = None
        self.history: tuple[CharterVersion, ...] = ()
        self.ratified_at: pendulum.DateTime | None = None
        self.dissolved: Event | None = None
        self.members: dict[str, Membership] = {}
        self.active: set[str] = set()
        self.proposals: dict[str, Proposal] = {}
        self.consultations: dict[str, Consultation] = {}
        self.reviews: dict[str, Review] = {}
        self.current_review: str | None = None
        # (anchor instant, its cycle): review n falls due at
        # anchor + period * (n - cycle); re-anchored when the period is amended.
        self.review_anchor: tuple[pendulum.DateTime, int] | None = None
        self.people: dict[str, Person] = {}
        # person id -> the nomination in force (withdrawn ones are dropped)
        self.nominations: dict[str, Nomination] = {}
        self.meetings: dict[str, Meeting] = {}
        self.in_session: str | None = None
        self.last_closed: str | None = None
        # the work programme: models by id; the adoptions that stand, by
        # (model, employer), one flat table of frozen records like every other
        # (so a command costs the same however many employers adopted, and a
        # one-level copy of the tables copies them); employers by id; milestones
        self.models: dict[str, Model] = {}
        self.adoptions: dict[tuple[str, str], Adoption] = {}
        self.employers: dict[str, Employer] = {}
        self.milestones: dict[str, Milestone] = {}
        self.agenda: list[AgendaEntry] = []
        self.agenda_seq = 0
        self.agenda_saved = False
        # (instant, instant_key(instant)) for the last instant a command settled.
        self.key_memo: tuple[_dt.datetime, _dt.datetime] | None = None
        self.undo: list[Callable[[], object]] | None = None
        self.running: str | None = None
        # Where each command's events are appended (Partnership.draft/load with store=).
        self.store: Sink | None = None
        self.stream: str | None = None

    # -- reading

    @property
    def the_charter(self) -> Charter:
        """The charter in force (every state begins with PartnershipDrafted)."""
        if self.charter is None:
            raise IntegrityError("the log does not begin with partnership.drafted")
        return self.charter

    def comparable(self) -> tuple[Any, ...]:
        """What two equal partnerships share: every table and the log."""
        return (
            self.lifecycle,
            self.charter,
            self.history,
            _key(self.ratified_at),
            self.dissolved,
            self.members,
            self.proposals,
            self.consultations,
            self.reviews,
            self.current_review,
            self.review_anchor and (_key(self.review_anchor[0]), self.review_anchor[1]),
            self.people,
            self.nominations,
            self.meetings,
            self.in_session,
            self.last_closed,
            self.models,
            self.adoptions,
            self.employers,
            self.milestones,
            self.events,
        )

    def fork(self) -> State:
        """A copy that shares nothing mutable with this state, for a read-only view.

        Every table is a dict, list or set of immutable values (frozen
        records, events, tuples), so copying each table one level deep is a
        copy of the whole state: a command on either never reaches the
        other. The clock and the registry are shared (they are not state); the
        store is not: a copy persists nothing.
        The copy has no command running and no undo journal. It costs a
        C-level copy of each table and of the log: about 20 µs for a log of
        10,000 events and 1,000 proposals, against about 80 ms for a replay.
        """
        twin = State.__new__(State)
        for slot in State.__slots__:
            value = getattr(self, slot)
            kind = type(value)
            if kind is dict or kind is list or kind is set:
                value = kind(value)
            setattr(twin, slot, value)
        twin.undo = None
        twin.running = None
        twin.agenda_saved = False
        # A view writes nowhere: time-driven facts applied to the copy must
        # never reach the partnership's store.
        twin.store = None
        twin.stream = None
        return twin

    def key(self, instant: _dt.datetime) -> _dt.datetime:
        """``instant_key(instant)``, remembered for the last instant asked about.

        A command compares its instant with the last event's, and the last
        event of the log is usually the previous command's, stamped with the
        very instant that command settled: so each command computes one key,
        not two. The memo goes by identity, so it is exact (an instant is
        immutable, and the memo holds it alive).
        """
        memo = self.key_memo
        if memo is not None and memo[0] is instant:
            return memo[1]
        key = _key(instant)
        self.key_memo = (instant, key)
        return key

    # -- changing, with undo while a command runs

    def emit(self, event: Event) -> None:
        """Apply ``event`` and append it to the log."""
        try:
            handler = APPLY[type(event)]
        except KeyError:
            raise IntegrityError(f"{event!r} is not a consensus event") from None
        handler(self, event)
        self.events.append(event)
        if self.undo is not None:
            self.undo.append(self.events.pop)

    def put(self, table: dict[K, V], key: K, value: V) -> None:
        """``table[key] = value``, undone if the command is refused."""
        if self.undo is not None:
            if key in table:
                self.undo.append(functools.partial(table.__setitem__, key, table[key]))
            else:
                self.undo.append(functools.partial(table.pop, key))
        table[key] = value

    def drop(self, table: dict[K, V], key: K) -> None:
        """``del table[key]``, undone if the command is refused."""
        value = table.pop(key)
        if self.undo is not None:
            self.undo.append(functools.partial(table.__setitem__, key, value))

    def move(
        self, table: dict[str, R], key: str, workflow: Workflow, trigger: str, **changes: Any
    ) -> R:
        """Fire ``trigger`` on the record ``table[key]`` and store it with ``changes``.

        The one way a room's apply handler moves a record through its
        workflow; an internal transition keeps the state and applies ``changes``.
        """
        record = table[key]
        changes["state"] = workflow.next_state(record.state, trigger)  # type: ignore[attr-defined]
        moved = evolve(record, changes)
        self.put(table, key, moved)
        return moved

    def set(self, name: str, value: object) -> None:
        """Set attribute ``name``, undone if the command is refused."""
        if self.undo is not None:
            old = getattr(self, name)
            self.undo.append(functools.partial(setattr, self, name, old))
        setattr(self, name, value)

    def put_member(self, membership: Membership) -> None:
        """Store a membership and keep the set of active members in step with it."""
        party = membership.party.id
        self.put(self.members, party, membership)
        was_active = party in self.active
        if membership.state == "active" and not was_active:
            self.active.add(party)
            if self.undo is not None:
                self.undo.append(functools.partial(self.active.discard, party))
        elif membership.state != "active" and was_active:
            self.active.discard(party)
            if self.undo is not None:
                self.undo.append(functools.partial(self.active.add, party))

    def save_agenda(self) -> None:
        """Called before the agenda changes: the first change in a command saves it whole.

        Most commands never touch the agenda and copy nothing.
        """
        if self.undo is not None and not self.agenda_saved:
            self.agenda_saved = True
            saved = list(self.agenda)
            self.undo.append(functools.partial(setattr, self, "agenda", saved))
