"""Bounded exhaustive exploration: every command sequence up to a depth, every state checked.

The hypothesis state machine samples sequences; :func:`explore` tries them
all, breadth first, so a violation is found with its shortest sequence. Each
state is a cheap fork of its parent (:meth:`State.fork`: a one-level copy of
the tables, the records themselves immutable and shared), sharing its clock
until a step waits; a sample of states is rebuilt by strict replay and
compared, so a fork that drifted from its log would be caught.

States are deduplicated by a canonical key (see :func:`_Keyer.key`); why
merging states with equal keys loses no violation is argued in
docs/invariants.md ("Exhaustive exploration").
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import pendulum

from .._charter import Charter, PartyRecord
from .._clock import SimulatedClock
from .._clock import instant_key as _key
from .._codec import events_to_jsonl
from .._errors import ConsensusError, InvalidArgument
from .._invariants import INVARIANTS, check_invariants
from .._motions import Admit, AdoptModel, Consult, Resolution
from .._partnership import Partnership
from .._partnership._state import State
from .._records import Channel, Employer, Person
from .._registry import Registry
from .._rules import Position
from .._values import tuple_of
from ._machine import recovery_problems, unrepresented

__all__ = [
    "STARTS",
    "Exploration",
    "Finding",
    "Level",
    "Step",
    "default_alphabet",
    "explore",
]

#: When an exploration's partnership is drafted, unless its start says otherwise.
EXPLORE_START = (2024, 9, 2, 10)


def _check_call(_: object, __: object, value: str) -> None:
    if type(value) is not str or not value.isidentifier() or value.startswith("_"):
        raise InvalidArgument("call", value, "the name of a public Partnership method, or 'wait'")


def _args(value: object) -> tuple[Any, ...]:
    return _tuple(value, "args")


def _tuple(value: object, name: str) -> tuple[Any, ...]:
    if not isinstance(value, tuple | list):
        raise InvalidArgument(name, value, "a tuple")
    return tuple(value)


def _pairs(value: object) -> tuple[tuple[str, Any], ...]:
    pairs = _tuple(value, "kwargs")
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and type(pair[0]) is str):
            raise InvalidArgument("kwargs", value, "(name, value) pairs")
    return pairs


@attrs.frozen
class Step:
    """One command an exploration tries: a method of the partnership and its arguments.

    ``call`` is a method of :class:`~consensus.Partnership`, or ``"wait"``,
    which moves the clock to ``args[0]`` (time-driven facts then fall due).
    :meth:`source` is the step as a line of Python, for the scripts that
    reproduce a finding. An alphabet may also give objects of its own with
    ``run(p, clock)`` and ``source()``.

    Raises:
        InvalidArgument: ``call`` is not a public method's name, ``args`` not a
            tuple, ``kwargs`` not ``(name, value)`` pairs, or a wait without
            one datetime to wait for.

    Examples:
        >>> import consensus as cs
        >>> from consensus.testing import Step
        >>> Step("record_position", ("p-0001", cs.Position.AGREE), (("by", "unison"),)).source()
        "p.record_position('p-0001', Position.AGREE, by='unison')"
    """

    call: str = attrs.field(validator=_check_call)
    args: tuple[Any, ...] = attrs.field(default=(), converter=_args)
    kwargs: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)

    def __attrs_post_init__(self) -> None:
        if self.call == "wait" and not (
            len(self.args) == 1 and isinstance(self.args[0], _dt.datetime) and not self.kwargs
        ):
            raise InvalidArgument("args", self.args, "one aware datetime to wait for")

    def run(self, p: Partnership, clock: SimulatedClock) -> object:
        """Carry the step out on ``p``, whose clock is ``clock``."""
        if not isinstance(p, Partnership):
            raise InvalidArgument("p", p, "a consensus.Partnership")
        if self.call == "wait":
            clock.set(self.args[0])
            return p.advance()
        return getattr(p, self.call)(*self.args, **dict(self.kwargs))

    def source(self) -> str:
        """The step as a line of Python, on a partnership ``p`` whose clock is ``clock``."""
        if self.call == "wait":  # as run() does: move the clock, then let time act
            return f"clock.set({_source(self.args[0])}); p.advance()"
        parts = [_source(a) for a in self.args] + [f"{k}={_source(v)}" for k, v in self.kwargs]
        return f"p.{self.call}({', '.join(parts)})"


def _source(value: object) -> str:
    """``value`` as Python source, or a note saying it cannot be written as source."""
    try:
        return _as_source(value)
    except Exception:  # a value of a caller's own whose repr or equality fails
        return "..."  # a value the script cannot spell: fill it in by hand


def _as_source(value: object) -> str:
    """``value`` as Python source, given ``from consensus import *`` and ``import pendulum``."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, _dt.datetime):
        return f"pendulum.parse({value.isoformat()!r})"
    if isinstance(value, _dt.date):
        return f"pendulum.Date({value.year}, {value.month}, {value.day})"
    if attrs.has(type(value)):
        fields = [
            f"{f.name}={_as_source(getattr(value, f.name))}"
            for f in attrs.fields(type(value))  # type: ignore[arg-type]
            if f.init and getattr(value, f.name) != _default(f)
        ]
        return f"{type(value).__name__}({', '.join(fields)})"
    if isinstance(value, tuple):
        inner = ", ".join(_as_source(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_as_source(k)}: {_as_source(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _default(field: attrs.Attribute[Any]) -> object:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


# -- the default alphabet


def _parties(p: Partnership, outsiders: Sequence[Any]) -> list[str]:
    known = [party.id for party in p.charter.signatories]
    known += [party for party in p.memberships if party not in known]
    known += [o.id for o in outsiders if o.id not in known]
    return known


def default_alphabet(
    *,
    resolutions: int = 2,
    admissions: int = 1,
    positions: Sequence[Position] = tuple(Position),
    outsiders: Sequence[Any] = (),
) -> Callable[[Partnership], list[Step]]:
    """The commands :func:`explore` tries in each state, by default: all of them, for everyone.

    In every state, for every party (the signatories, every party that ever
    was a member, and ``outsiders``): sign; propose a resolution while
    fewer than ``resolutions`` exist, and an ``Admit`` of each outsider while
    fewer than ``admissions`` exist; on every proposal, table, record each
    of ``positions``, withdraw and conclude; withdraw from the partnership.
    And what the state's open matters allow: respond to and close each open
    consultation, open a review, attend, open, close and cancel each meeting,
    record an adoption of each model in force; and wait for the next
    consultation to close or the next review to fall due (other time-driven
    facts are reached from starting states). Most of
    these must be refused; each refusal is checked to change nothing.

    Args:
        resolutions: how many resolutions a state may hold before no more
            are proposed.
        admissions: how many ``Admit`` proposals a state may hold.
        positions: the positions tried.
        outsiders: parties (:class:`~consensus.PartyRecord`) that are not
            signatories, proposed for admission and trying every command.

    Returns:
        A function of a partnership giving the steps to try in it, in a fixed order.

    Raises:
        InvalidArgument: a count is not a whole number, 0 or more, or
            ``positions`` or ``outsiders`` hold something else.

    Examples:
        >>> import pendulum, consensus as cs
        >>> from consensus.testing import default_alphabet, sample_charter
        >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
        >>> p = cs.Partnership.draft(sample_charter(parties=3), clock=clock)
        >>> steps = default_alphabet(resolutions=1)(p)
        >>> len(steps), steps[0].source()
        (9, "p.sign(by='government')")
        >>> steps[3].source()
        "p.propose(Resolution(title='A resolution', text='We agree this.'), by='government')"
    """
    for name, count in (("resolutions", resolutions), ("admissions", admissions)):
        if type(count) is not int or count < 0:
            raise InvalidArgument(name, count, "a whole number, 0 or more")
    chosen = tuple_of(positions, Position, "positions")
    outsiders = tuple_of(outsiders, PartyRecord, "outsiders")

    def alphabet(p: Partnership) -> list[Step]:
        if not isinstance(p, Partnership):
            raise InvalidArgument("p", p, "a consensus.Partnership")
        parties = _parties(p, outsiders)
        steps: list[Step] = [Step("sign", (), (("by", party),)) for party in parties]
        kinds = [proposal.motion.KIND for proposal in p.proposals.values()]
        count = kinds.count("resolution")
        if count < resolutions:
            # Every resolution alike, so that proposal-id symmetry can merge states
            # that differ only in which partner proposed first.
            motion = Resolution(title="A resolution", text="We agree this.")
            steps += [Step("propose", (motion,), (("by", party),)) for party in parties]
        if kinds.count("admit") < admissions:
            for outsider in outsiders:
                steps += [
                    Step("propose", (Admit(party=outsider),), (("by", party),))
                    for party in parties
                ]
        for pid in p.proposals:
            for party in parties:
                steps.append(Step("table", (pid,), (("by", party),)))
                steps += [
                    Step("record_position", (pid, position), (("by", party),))
                    for position in chosen
                ]
                steps.append(Step("withdraw_proposal", (pid,), (("by", party),)))
                steps.append(Step("conclude", (pid,), (("by", party),)))
        steps += [Step("withdraw", (), (("by", party),)) for party in parties]
        steps += _open_matters(p, parties)
        landmark = _next_landmark(p)
        if landmark is not None:
            steps.append(Step("wait", (landmark,)))
        return steps

    return alphabet


def _open_matters(p: Partnership, parties: list[str]) -> list[Step]:
    steps: list[Step] = []
    for cid, consultation in p.consultations.items():
        if consultation.state != "open":
            continue
        for advisor in consultation.advisors:
            steps.append(
                Step(
                    "respond",
                    (cid, "A response."),
                    (("by", advisor), ("channel", Channel.EMAIL)),
                )
            )
        steps += [Step("close_consultation", (cid,), (("by", party),)) for party in parties]
    if p.current_review is not None and p.current_review.state == "due":
        steps += [Step("open_review", (), (("by", party),)) for party in parties]
    for mid, meeting in p.meetings.items():
        if meeting.state not in {"convened", "in_session"}:
            continue
        for party in parties:
            for nomination in p.nominations(party):
                steps.append(Step("attend", (mid, nomination.person.id), (("by", party),)))
            steps += [
                Step(call, (mid,), (("by", party),))
                for call in ("open_meeting", "close_meeting", "cancel_meeting")
            ]
    for model in p.models.values():
        if model.is_in_force:
            steps += [
                Step(
                    "record_adoption",
                    (model.id,),
                    (("employer", _EMPLOYER), ("embedded_in_contracts", True), ("by", party)),
                )
                for party in parties
            ]
    return steps


_EMPLOYER = Employer(id="acme-care", name="Acme Care", sector="independent")


def _next_landmark(p: Partnership) -> pendulum.DateTime | None:
    """The next instant a time-driven fact falls due: a consultation closing, a review due."""
    now = max(p.clock.now(), p.last_event_at, key=_key)
    due: list[pendulum.DateTime] = []
    for cid in p.open_consultations:
        due.append(pendulum.instance(p.consultation(cid).closes_at))
    if p.next_review_due is not None:
        due.append(pendulum.instance(p.next_review_due))
    later = [instant for instant in due if _key(instant) > _key(now)]
    return min(later, key=_key) if later else None


# -- the canonical key


#: The slots of a state its key is made of: every table, not the log.
_KEYED = (
    "lifecycle",
    "charter",
    "history",
    "ratified_at",
    "dissolved",
    "members",
    "proposals",
    "consultations",
    "reviews",
    "current_review",
    "review_anchor",
    "people",
    "nominations",
    "meetings",
    "in_session",
    "last_closed",
    "models",
    "adoptions",
    "employers",
    "milestones",
    "agenda",
    "agenda_seq",
)


@attrs.frozen(eq=False)
class _Frozen:
    """A state's tables, their frozen forms and the renaming they were frozen under."""

    values: tuple[object, ...]
    frozen: tuple[object, ...]
    rename: dict[str, str]


class _Keyer:
    """The canonical key of a state: equal keys, the same state up to a renaming of proposals.

    Every table of the state (not the log: two orders of commuting commands
    reach equal tables and merge), the clock and the last event's instant,
    frozen into hashable values (mappings as frozensets, so the order
    positions were recorded in does not matter; instants as UTC keys). With
    ``symmetry``, proposal ids are renamed canonically (ordered by what each
    proposal holds), so two states that differ only in which proposal came
    first merge too.
    """

    def __init__(self, symmetry: bool) -> None:
        self.symmetry = symmetry
        # (id of a record, the renaming's id) -> (the record, its frozen form): records
        # are immutable and shared between a state and its forks, so each is frozen
        # once per renaming; the record is held so that its id is not reused.
        self.frozen: dict[tuple[int, int], tuple[object, object]] = {}
        self.renamings: dict[tuple[tuple[str, str], ...], dict[str, str]] = {(): {}}
        self.numbers: dict[object, int] = {}

    def freeze(self, value: object, rename: Mapping[str, str]) -> object:
        if isinstance(value, str):
            return rename.get(value, value)
        if value is None or isinstance(value, bool | int | float | enum.Enum):
            return value
        if attrs.has(type(value)):
            memo = (id(value), id(rename))
            held = self.frozen.get(memo)
            if held is not None and held[0] is value:
                return held[1]
            # A record's frozen form is interned as a number, so that the key
            # stays shallow and hashing it does not walk every record again.
            frozen = self._freeze(value, rename)
            number = self.numbers.setdefault(frozen, len(self.numbers))
            self.frozen[memo] = (value, number)
            return number
        return self._freeze(value, rename)

    def canonical(self, rename: dict[str, str]) -> dict[str, str]:
        """One dict per distinct renaming, so that the memo can key on its id."""
        if all(old == new for old, new in rename.items()):
            return self.renamings[()]
        return self.renamings.setdefault(tuple(sorted(rename.items())), rename)

    def _freeze(self, value: object, rename: Mapping[str, str]) -> object:
        if isinstance(value, _dt.datetime):
            return _key(value)
        if isinstance(value, _dt.date):
            return value.isoformat()
        if attrs.has(type(value)):
            return (
                type(value).__name__,
                *(
                    self.freeze(getattr(value, f.name), rename)
                    for f in attrs.fields(type(value))  # type: ignore[arg-type]
                ),
            )
        if isinstance(value, Mapping):
            return frozenset(
                (self.freeze(k, rename), self.freeze(v, rename)) for k, v in value.items()
            )
        if isinstance(value, set | frozenset):
            return frozenset(self.freeze(v, rename) for v in value)
        if isinstance(value, tuple | list):
            return tuple(self.freeze(v, rename) for v in value)
        return value

    def key(self, p: Partnership, parent: _Frozen | None = None) -> tuple[object, _Frozen]:
        """The key of ``p``'s state, and its frozen tables (to reuse for its forks).

        ``parent`` is what this returned for the state ``p`` was forked from:
        a table the command left as it was is not frozen again.
        """
        s = p._s
        rename = self.renaming(p) if self.symmetry else self.renamings[()]
        values = tuple(getattr(s, slot) for slot in _KEYED)
        reuse = parent is not None and parent.rename is rename
        frozen = tuple(
            parent.frozen[index]  # type: ignore[union-attr]
            # Tables (copied containers of records whose equality is by UTC
            # instant) may be compared; anything else must be the same object,
            # since two datetimes an hour apart in a repeated hour compare equal.
            if reuse
            and (
                value is parent.values[index]  # type: ignore[union-attr]
                or (
                    type(value) in (dict, list, set) and value == parent.values[index]  # type: ignore[union-attr]
                )
            )
            else self.freeze(value, rename)
            for index, value in enumerate(values)
        )
        return (frozen, _key(p.clock.now()), _key(s.events[-1].at)), _Frozen(
            values, frozen, rename
        )

    def renaming(self, p: Partnership) -> dict[str, str]:
        """Proposal ids renamed in the order of what each proposal holds (its id aside)."""
        proposals = p._s.proposals
        if len(proposals) < 2:
            return self.renamings[()]
        blank = self.canonical_blank(tuple(proposals))
        order = sorted(
            proposals,
            key=lambda pid: (hash(self.freeze(proposals[pid], blank)), pid),
        )
        return self.canonical({pid: f"p-{rank + 1:04d}" for rank, pid in enumerate(order)})

    def canonical_blank(self, pids: tuple[str, ...]) -> dict[str, str]:
        return self.renamings.setdefault(
            (("blank", ""), *((pid, "") for pid in pids)), dict.fromkeys(pids, "")
        )


# -- starting states


def _clock_of(p: Partnership) -> SimulatedClock:
    clock = p.clock
    assert isinstance(clock, SimulatedClock)
    return clock


def _drafted(charter: Charter, registry: Registry | None) -> Partnership:
    at = pendulum.datetime(*EXPLORE_START, tz=charter.timezone)
    return Partnership.draft(charter, clock=SimulatedClock(at), registry=registry)


def _active(charter: Charter, registry: Registry | None) -> Partnership:
    p = _drafted(charter, registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    return p


def _agree(p: Partnership, motion: Any, by: str) -> str:
    pid = p.propose(motion, by=by)
    p.table(pid, by=p.charter.chair)
    for member in sorted(p.active_members):
        p.record_position(pid, Position.AGREE, by=member)
    p.conclude(pid, by=p.charter.chair)
    return pid


def _chair_withdrawn(charter: Charter, registry: Registry | None) -> Partnership:
    p = _active(charter, registry)
    p.withdraw(by=charter.chair)
    return p


def _constituency_empty(charter: Charter, registry: Registry | None) -> Partnership:
    p = _active(charter, registry)
    chair = p.membership(charter.chair).party.constituency
    for constituency in charter.required_constituencies:
        if constituency == chair:
            continue
        for party in sorted(p.active_members):
            if p.membership(party).party.constituency == constituency:
                p.withdraw(by=party)
        break
    if not unrepresented(p):
        raise InvalidArgument(
            "start",
            "constituency empty",
            "a charter with a required constituency besides the chair's",
        )
    return p


def _consultation_open(charter: Charter, registry: Registry | None) -> Partnership:
    if not charter.advisors:
        raise InvalidArgument("start", "consultation open", "a charter with advisors")
    p = _active(charter, registry)
    chair = charter.chair
    target = p.propose(
        Resolution(title="Consulted on", text="A proposal to consult on."), by=chair
    )
    p.table(target, by=chair)
    closes = p.clock.now().in_timezone(charter.timezone).date().add(days=14)
    motion = Consult(
        proposal=target,
        advisors=tuple(a.id for a in charter.advisors),
        question="What do you advise?",
        closes=closes,
    )
    _agree(p, motion, chair)
    return p


def _review_due(charter: Charter, registry: Registry | None) -> Partnership:
    p = _active(charter, registry)
    due = p.next_review_due
    assert due is not None
    _clock_of(p).set(due)
    p.advance()
    return p


def _meeting_in_session(charter: Charter, registry: Registry | None) -> Partnership:
    p = _active(charter, registry)
    for party in sorted(p.active_members):
        p.nominate(Person(id=f"rep-{party}", name=f"For {party}"), role="representative", by=party)
    clock = _clock_of(p)
    mid = p.convene(starts=clock.now().add(hours=1), by=charter.chair)
    clock.advance(hours=1)
    for party in sorted(p.active_members):
        p.attend(mid, f"rep-{party}", by=party)
    p.open_meeting(mid, by=charter.chair)
    return p


def _model_in_force(charter: Charter, registry: Registry | None) -> Partnership:
    p = _active(charter, registry)
    topic = charter.scope.topics[0] if charter.scope.topics else "Induction"
    _agree(p, AdoptModel(topic=topic, title="A model policy", text="Its text."), charter.chair)
    return p


#: The named starting states :func:`explore` can begin from, each built by
#: commands from the charter alone (so it works for any valid charter that has
#: what the state needs: advisors for a consultation, a second required
#: constituency for an empty one).
STARTS: Mapping[str, Callable[[Charter, Registry | None], Partnership]] = MappingProxyType(
    {
        "drafted": _drafted,
        "active": _active,
        "chair withdrawn": _chair_withdrawn,
        "constituency empty": _constituency_empty,
        "consultation open": _consultation_open,
        "review due": _review_due,
        "meeting in session": _meeting_in_session,
        "model in force": _model_in_force,
    }
)


# -- the result


@attrs.frozen
class Level:
    """What one depth of an exploration held.

    Attributes:
        depth: how many commands from the start.
        states: the distinct states first reached at this depth.
        commands: the commands tried from the states of the depth before.
        refused: how many of those were refused (each checked to change nothing).
    """

    depth: int
    states: int
    commands: int
    refused: int


@attrs.frozen
class Finding:
    """Something an exploration found wrong, with the shortest sequence that shows it.

    Attributes:
        kind: ``"invariant"`` (a state breaks one), ``"exception"`` (a command
            raised something other than a ConsensusError), ``"refusal"`` (a
            refused command changed the state or the log), ``"liveness"`` (the
            recovery recipe of invariant 14 failed), or ``"fork"`` (a state
            differs from the strict replay of its own log).
        detail: what went wrong.
        steps: the commands from the starting state, in order.
        script: a runnable Python script that replays ``steps`` and shows it.
    """

    kind: str
    detail: str
    steps: tuple[Step, ...]
    script: str


@attrs.frozen
class Exploration:
    """What :func:`explore` found: per-depth figures and every finding.

    Attributes:
        start: the name of the starting state, or ``"given"``.
        depth: the depth explored to (less than asked if the budget ran out).
        complete: whether every sequence up to ``depth`` was tried.
        levels: the figures for each depth, from 0 (the starting state).
        findings: what went wrong, shortest sequences first.
        replayed: how many states were rebuilt by strict replay and compared.
        recovered: how many states of the frontier ran the recovery recipe.
    """

    start: str
    depth: int
    complete: bool
    levels: tuple[Level, ...]
    findings: tuple[Finding, ...]
    replayed: int
    recovered: int

    @property
    def states(self) -> int:
        """The distinct states reached, the starting state included."""
        return sum(level.states for level in self.levels)

    @property
    def commands(self) -> int:
        """The commands tried."""
        return sum(level.commands for level in self.levels)

    def table(self) -> str:
        """The per-depth figures as a Markdown table."""
        rows = ["| depth | new states | commands tried | refused |", "|---|---|---|---|"]
        rows += [
            f"| {lv.depth} | {lv.states:,} | {lv.commands:,} | {lv.refused:,} |"
            for lv in self.levels
        ]
        return "\n".join(rows)


# -- the search


class _Node:
    __slots__ = ("frozen", "p", "parent", "step")

    def __init__(
        self,
        p: Partnership | None,
        parent: _Node | None,
        step: Step | None,
        frozen: _Frozen | None = None,
    ) -> None:
        self.p = p
        self.parent = parent
        self.step = step
        self.frozen = frozen

    def live(self) -> Partnership:
        """The node's partnership (dropped once the node is expanded)."""
        assert self.p is not None, "an expanded node keeps only its way here"
        return self.p

    def steps(self) -> tuple[Step, ...]:
        found: list[Step] = []
        node: _Node | None = self
        while node is not None and node.step is not None:
            found.append(node.step)
            node = node.parent
        return tuple(reversed(found))


def _fork(p: Partnership) -> tuple[Partnership, SimulatedClock]:
    twin = p._s.fork()
    clock = SimulatedClock(p.clock.now())
    twin.clock = clock
    return Partnership._of(twin), clock


# Everything a command may change: every slot of the state but the clock, the
# registry, the store and the bookkeeping of a command in progress.
_STATE = tuple(
    slot
    for slot in State.__slots__
    if slot not in {"clock", "registry", "store", "stream", "undo", "running", "agenda_saved"}
)


def _unchanged(after: Partnership, before: Partnership) -> bool:
    """Whether a fork is, slot by slot, as its parent (identical records compare at once)."""
    a, b = after._s, before._s
    for slot in _STATE:
        x, y = getattr(a, slot), getattr(b, slot)
        if x is not y and x != y:
            return False
    return True


def explore(
    charter: Charter,
    *,
    depth: int,
    start: str | Partnership | None = None,
    alphabet: Callable[[Partnership], Iterable[Step]] | None = None,
    budget: int | None = None,
    registry: Registry | None = None,
    symmetry: bool = True,
    replay_every: int = 97,
    liveness: bool = True,
) -> Exploration:
    """Try every command of ``alphabet`` in every state reachable in ``depth`` commands.

    Breadth first from the starting state: each state is forked for each
    step of the alphabet; a refused step must raise a
    :class:`~consensus.ConsensusError` and leave the fork exactly as it was
    (invariant 10); an accepted one makes a new state unless its canonical
    key was seen before. Every new state is checked by
    :func:`~consensus.check_invariants` (all but invariant 8); one in every
    ``replay_every`` is also rebuilt by strict replay of its log and
    compared, and checked for invariant 8 (replay and the codec's round
    trip). Each state of the last depth runs invariant 14's recovery recipe
    on a fork. Each finding keeps its shortest sequence, as a script.

    Args:
        charter: the charter to draft from (ignored when ``start`` is a partnership).
        depth: how many commands deep to go, from 0.
        start: a name from :data:`STARTS` (default ``"drafted"``), or a
            partnership whose clock is a :class:`~consensus.SimulatedClock`
            (it is forked, never changed).
        alphabet: what to try in each state (default: :func:`default_alphabet`).
        budget: stop after this many commands (the result says it is not complete).
        registry: the rules and motion kinds (default: the default registry).
        symmetry: merge states that differ only in the order proposals were made
            (sound when the alphabet names proposals by the state's own ids).
        replay_every: check replay on one new state in this many (1: all).
        liveness: run the recovery recipe on each state of the last depth.

    Returns:
        The figures per depth and every finding.

    Raises:
        InvalidArgument: an argument is of the wrong kind, or ``start`` names
            no starting state or one this charter cannot have.

    Examples:
        >>> from consensus.testing import explore, sample_charter
        >>> found = explore(sample_charter(parties=3), depth=3, start="active")
        >>> found.complete, found.findings
        (True, ())
        >>> [level.states for level in found.levels]
        [1, 7, 37, 201]
        >>> print(found.table())
        | depth | new states | commands tried | refused |
        |---|---|---|---|
        | 0 | 1 | 0 | 0 |
        | 1 | 7 | 10 | 3 |
        | 2 | 37 | 135 | 86 |
        | 3 | 201 | 1,068 | 775 |
    """
    if not isinstance(charter, Charter):
        raise InvalidArgument("charter", charter, "a consensus.Charter")
    if type(depth) is not int or depth < 0:
        raise InvalidArgument("depth", depth, "a whole number, 0 or more")
    if budget is not None and (type(budget) is not int or budget < 1):
        raise InvalidArgument("budget", budget, "a whole number of commands, or None")
    if type(replay_every) is not int or replay_every < 1:
        raise InvalidArgument("replay_every", replay_every, "a whole number, 1 or more")
    for name, flag in (("symmetry", symmetry), ("liveness", liveness)):
        if type(flag) is not bool:
            raise InvalidArgument(name, flag, "True or False")
    if registry is not None and not isinstance(registry, Registry):
        raise InvalidArgument("registry", registry, "a consensus.Registry, or None")
    if registry is not None and isinstance(start, Partnership) and registry is not start.registry:
        raise InvalidArgument(
            "registry", registry, "None when start is a partnership (its own registry is used)"
        )
    if alphabet is not None and not callable(alphabet):
        raise InvalidArgument("alphabet", alphabet, "a function of a partnership giving steps")
    root, name = _start(charter, start, registry)
    steps_of = alphabet if alphabet is not None else default_alphabet()
    keyer = _Keyer(symmetry=symmetry)
    search = _Search(keyer, steps_of, replay_every, root)
    key, frozen = keyer.key(root)
    first = _Node(root, None, None, frozen)
    search.seen.add(key)
    search.check_new(first, replay=True)
    levels = [Level(depth=0, states=1, commands=0, refused=0)]
    frontier = [first]
    complete = True
    for level in range(1, depth + 1):
        following, figures, exhausted = search.expand(frontier, level, budget)
        if exhausted and figures.commands == 0:  # the budget ran out before this depth began
            complete = False
            break
        frontier = following
        levels.append(figures)
        if exhausted:
            complete = False
            break
    if liveness:
        for node in frontier:
            search.recover(node)
    return Exploration(
        start=name,
        depth=len(levels) - 1,
        complete=complete,
        levels=tuple(levels),
        findings=tuple(search.findings),
        replayed=search.replayed,
        recovered=search.recovered,
    )


def _start(charter: Charter, start: object, registry: Registry | None) -> tuple[Partnership, str]:
    if start is None or type(start) is str:
        if start == "":
            raise InvalidArgument("start", start, f"one of {', '.join(map(repr, STARTS))}")
        name = start or "drafted"
        builder = STARTS.get(name)
        if builder is None:
            raise InvalidArgument("start", start, f"one of {', '.join(map(repr, STARTS))}")
        try:
            return builder(charter, registry), name
        except ConsensusError as err:
            raise InvalidArgument(
                "start", start, f"a starting state this charter can reach ({err})"
            ) from None
    if isinstance(start, Partnership):
        if not isinstance(start.clock, SimulatedClock):
            raise InvalidArgument("start", start, "a partnership with a SimulatedClock")
        return _fork(start)[0], "given"
    raise InvalidArgument("start", start, "the name of a starting state, or a Partnership")


class _Search:
    def __init__(
        self,
        keyer: _Keyer,
        alphabet: Callable[[Partnership], Iterable[Step]],
        replay_every: int,
        root: Partnership,
    ) -> None:
        self.keyer = keyer
        self.alphabet = alphabet
        self.replay_every = replay_every
        self.root = root
        self.seen: set[object] = set()
        self.findings: list[Finding] = []
        self.kinds_found: set[tuple[str, str]] = set()
        self.new = 0
        self.replayed = 0
        self.recovered = 0
        self.every_but_replay = set(INVARIANTS) - {8}
        self.spent = 0  # commands tried before this level; the budget spans levels

    def expand(
        self, frontier: list[_Node], level: int, budget: int | None
    ) -> tuple[list[_Node], Level, bool]:
        following: list[_Node] = []
        commands = refused = 0
        for node in frontier:
            parent = node.live()
            steps = _steps(self.alphabet, parent)
            # Commands run on a scratch fork that shares the parent's clock (no
            # command moves a clock): a refusal undoes itself, so the scratch
            # serves the next step too; only an accepted command (or a refusal
            # that left something behind) uses it up. A wait, or a step of the
            # caller's own, gets a fork with a clock of its own.
            scratch: Partnership | None = None
            for step in steps:
                if budget is not None and self.spent + commands >= budget:
                    self.spent += commands
                    return following, Level(level, len(following), commands, refused), True
                commands += 1
                plain = type(step) is Step and step.call != "wait"
                if plain:
                    if scratch is None:
                        scratch = Partnership._of(parent._s.fork())
                    child, clock = scratch, parent.clock
                else:
                    child, clock = _fork(parent)
                try:
                    step.run(child, clock)  # type: ignore[arg-type]
                except ConsensusError:
                    refused += 1
                    if getattr(step, "call", None) != "wait" and not _unchanged(child, parent):
                        scratch = None
                        self.report(
                            "refusal",
                            f"{step.source()} was refused, yet changed the state or the log",
                            _Node(child, node, step),
                        )
                    continue
                except Exception as err:  # what the exploration is for: a plain exception
                    scratch = None
                    self.report(
                        "exception",
                        f"{step.source()} raised {type(err).__name__}: {err}",
                        _Node(child, node, step),
                    )
                    continue
                scratch = None
                key, frozen = self.keyer.key(child, node.frozen)
                if key in self.seen:
                    continue
                self.seen.add(key)
                born = _Node(child, node, step, frozen)
                following.append(born)
                self.check_new(born)
            # Expanded: only the way here is still needed (for findings' scripts).
            node.p = None
            node.frozen = None
        self.spent += commands
        return following, Level(level, len(following), commands, refused), False

    def check_new(self, node: _Node, *, replay: bool = False) -> None:
        self.new += 1
        p = node.live()
        for violation in check_invariants(p, only=self.every_but_replay):
            self.report("invariant", str(violation), node)
        if replay or self.new % self.replay_every == 0:
            self.replayed += 1
            for violation in check_invariants(p, only={8}):
                self.report("invariant", str(violation), node)
            try:
                rebuilt = Partnership.replay(p.events, clock=p.clock, registry=p.registry)
            except ConsensusError as err:
                self.report("fork", f"strict replay refuses the state's own log: {err}", node)
                return
            if rebuilt != p:
                self.report("fork", "the state differs from the strict replay of its log", node)

    def recover(self, node: _Node) -> None:
        if node.live().state != "active":
            return
        self.recovered += 1
        copy, _ = _fork(node.live())
        try:
            problems = recovery_problems(copy)
        except Exception as err:  # the recipe itself met a plain exception
            problems = [f"the recovery recipe raised {type(err).__name__}: {err}"]
        for problem in problems:
            self.report("liveness", problem, node)

    def report(self, kind: str, detail: str, node: _Node) -> None:
        """Keep a finding: the first (so shortest) sequence for each kind of problem."""
        what = (kind, _shape(detail))
        if what in self.kinds_found:
            return
        self.kinds_found.add(what)
        steps = node.steps()
        self.findings.append(Finding(kind, detail, steps, _script(self.root, steps, kind)))


def _steps(alphabet: Callable[[Partnership], Iterable[Step]], p: Partnership) -> list[Step]:
    """The alphabet's steps for ``p``, each a Step or an object with ``run`` and ``source``."""
    try:
        steps = list(alphabet(p))
    except Exception as err:
        raise InvalidArgument(
            "alphabet",
            alphabet,
            f"a function that gives steps; it raised {type(err).__name__}: {err}",
        ) from err
    for step in steps:
        if type(step) is not Step and not (
            callable(getattr(step, "run", None)) and callable(getattr(step, "source", None))
        ):
            raise InvalidArgument(
                "alphabet", alphabet, f"steps with run() and source(), not {step!r}"
            )
    return steps


def _shape(detail: str) -> str:
    """A finding's detail with ids and numbers blanked, so one problem is reported once."""
    return "".join("#" if ch.isdigit() else ch for ch in detail)[:120]


def _script(root: Partnership, steps: Sequence[Step], kind: str) -> str:
    """A runnable script: the starting state rebuilt from its log, then each step."""
    log = events_to_jsonl(root.events, registry=root.registry)
    custom = root.registry is not _default_registry()
    lines = [
        "import pendulum",
        "import consensus as cs",
        "from consensus import *  # noqa: F403",
        "",
        f"START = {log!r}",
        "",
        f"clock = cs.SimulatedClock(pendulum.parse({root.clock.now().isoformat()!r}))",
        "# the exploration's registry, with rules or motions of its own, must be bound to `registry`"
        if custom
        else "registry = cs.default_registry()",
        "p = cs.Partnership.replay(cs.events_from_jsonl(START, registry=registry),"
        " clock=clock, registry=registry)",
    ]
    imports = sorted(
        {
            f"from {type(value).__module__} import {type(value).__qualname__}"
            for step in steps
            for value in getattr(step, "args", ())
            if attrs.has(type(value)) and not type(value).__module__.startswith("consensus")
        }
    )
    lines[3:3] = imports
    lines += [step.source() for step in steps]
    if kind in {"invariant", "fork", "liveness"}:
        lines.append("print(cs.check_invariants(p))")
    return "\n".join(lines) + "\n"


def _default_registry() -> Registry:
    from .._registry import default_registry

    return default_registry()
