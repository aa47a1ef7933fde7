"""The state machines of a partnership, each declared once, as data.

One module-level ``transitions`` machine per workflow, built with
``model=None`` and ``auto_transitions=False``. Records stay frozen: a
transition is fired on a throw-away cursor holding the record's state, and the
record is rebuilt with the new state. "May this fire now?" is answered from a
(state, trigger) table derived once from the declaration, never by catching
``MachineError``, and firing reads the destination from the same table
(tens of nanoseconds, against microseconds for firing the ``transitions``
machine); the machine stays the single declaration, draws the diagrams, and a
test checks that the table and the machine agree on every pair. A trigger whose destination is ``None`` is an *internal*
transition: allowed in that state, changing nothing of the state itself
(recording a position while deliberating, say).

These workflows know nothing of partnerships; the partnership drives them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, final

from transitions import Machine

from ._errors import IntegrityError, UnknownReference

__all__ = [
    "CONSULTATION",
    "MEETING",
    "MEMBERSHIP",
    "MILESTONE",
    "MODEL",
    "PARTNERSHIP",
    "PROPOSAL",
    "REVIEW",
    "WORKFLOWS",
    "Workflow",
    "workflow",
]


class _Cursor:
    """The model ``transitions`` moves: a state and nothing else."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


@final
class Workflow:
    """A named state machine: its states, its initial state and its transitions.

    Args:
        name: what the machine governs (``"proposal"``).
        states: every state, in the order a diagram should show them.
        initial: the state a new record starts in.
        transitions: ``(trigger, sources, dest)`` triples; ``dest`` ``None``
            makes an internal transition.
        phrases: how to say each trigger in a sentence about the subject
            ("be tabled"); a trigger without one is not offered to users
            (it happens by itself, as time passes).

    Examples:
        >>> import consensus as cs
        >>> cs.workflow("proposal").allows("deliberating", "record_position")
        True
        >>> cs.workflow("proposal").next_state("draft", "table")
        'deliberating'
        >>> cs.workflow("proposal").triggers("agreed")
        ()
        >>> cs.workflow("proposal").options("deliberating")
        ('take positions', 'go to consultation', 'be concluded', 'be withdrawn')
    """

    def __init__(
        self,
        name: str,
        states: Iterable[str],
        initial: str,
        transitions: Iterable[tuple[str, str | tuple[str, ...], str | None]],
        phrases: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.states: tuple[str, ...] = tuple(states)
        self.initial = initial
        declared = []
        moves: dict[tuple[str, str], str | None] = {}
        for trigger, sources, dest in transitions:
            for source in (sources,) if isinstance(sources, str) else sources:
                declared.append({"trigger": trigger, "source": source, "dest": dest})
                moves[(source, trigger)] = dest
        self.machine = Machine(
            model=None,
            states=list(self.states),
            initial=initial,
            transitions=declared,
            auto_transitions=False,
        )
        self._moves = moves
        self._phrases = dict(phrases or {})
        self._triggers = {
            state: tuple(trigger for (source, trigger) in moves if source == state)
            for state in self.states
        }

    @property
    def transitions(self) -> tuple[tuple[str, str, str | None], ...]:
        """Every ``(source, trigger, dest)`` the declaration allows."""
        return tuple((source, trigger, dest) for (source, trigger), dest in self._moves.items())

    @property
    def terminal_states(self) -> frozenset[str]:
        """The states with no outgoing transition."""
        return frozenset(state for state, triggers in self._triggers.items() if not triggers)

    def allows(self, state: str, trigger: str) -> bool:
        """Whether ``trigger`` may fire from ``state``."""
        return (state, trigger) in self._moves

    def triggers(self, state: str) -> tuple[str, ...]:
        """The triggers that may fire from ``state``, in declaration order."""
        return self._triggers.get(state, ())

    def options(self, state: str) -> tuple[str, ...]:
        """What may happen from ``state``, as phrases for messages, without repeats."""
        phrased = (self._phrases.get(t) for t in self.triggers(state))
        return tuple(dict.fromkeys(p for p in phrased if p))

    def next_state(self, state: str, trigger: str) -> str:
        """Return the state ``trigger`` leads to from ``state``, read from the declaration's table.

        Raises:
            IntegrityError: the declaration does not allow it; met while
                applying a stored log, this means the log is not one the
                library produced.
        """
        try:
            dest = self._moves[(state, trigger)]
        except KeyError:
            raise IntegrityError(
                f"the {self.name} workflow has no transition {trigger!r} from {state!r}"
            ) from None
        return state if dest is None else dest

    def fire(self, state: str, trigger: str) -> str:
        """Fire ``trigger`` from ``state`` on the ``transitions`` machine itself.

        Slower than :meth:`next_state`, which reads the same answer from a
        table; kept so that tests can check the table against the machine.

        Raises:
            transitions.MachineError: the machine refuses the trigger.
        """
        if self._moves.get((state, trigger), state) is None:
            return state
        cursor = _Cursor(state)
        self.machine.events[trigger].trigger(cursor)
        return cursor.state

    def __repr__(self) -> str:
        return f"<Workflow {self.name}: {', '.join(self.states)}>"


PARTNERSHIP: Final = Workflow(
    "partnership",
    states=("forming", "active", "dissolved"),
    initial="forming",
    transitions=[
        ("sign", "forming", None),
        ("ratify", "forming", "active"),
        ("act", "active", None),
        ("dissolve", "active", "dissolved"),
    ],
    phrases={"sign": "be signed", "act": "act", "dissolve": "be dissolved"},
)

MEMBERSHIP: Final = Workflow(
    "membership",
    states=("pending", "active", "withdrawn"),
    initial="pending",
    transitions=[
        ("sign", "pending", "active"),
        ("admit", ("pending", "withdrawn"), "active"),
        ("withdraw", "active", "withdrawn"),
    ],
    phrases={"sign": "sign", "admit": "be admitted", "withdraw": "withdraw"},
)

PROPOSAL: Final = Workflow(
    "proposal",
    states=("draft", "deliberating", "consulting", "agreed", "not_agreed", "withdrawn"),
    initial="draft",
    transitions=[
        ("table", "draft", "deliberating"),
        ("record_position", "deliberating", None),
        ("consult", "deliberating", "consulting"),
        ("resume", "consulting", "deliberating"),
        ("agree", "deliberating", "agreed"),
        ("not_agree", "deliberating", "not_agreed"),
        ("withdraw", ("draft", "deliberating", "consulting"), "withdrawn"),
    ],
    phrases={
        "table": "be tabled",
        "record_position": "take positions",
        "consult": "go to consultation",
        "agree": "be concluded",
        "not_agree": "be concluded",
        "withdraw": "be withdrawn",
    },
)

CONSULTATION: Final = Workflow(
    "consultation",
    states=("open", "closed"),
    initial="open",
    transitions=[
        ("respond", "open", None),
        ("close", "open", "closed"),
    ],
    phrases={"respond": "take responses", "close": "close"},
)

REVIEW: Final = Workflow(
    "review",
    states=("scheduled", "due", "in_progress", "concluded"),
    initial="scheduled",
    transitions=[
        ("fall_due", "scheduled", "due"),
        ("mark_overdue", ("due", "in_progress"), None),
        ("open", "due", "in_progress"),
        ("conclude", "in_progress", "concluded"),
    ],
    phrases={"fall_due": "fall due", "open": "be opened", "conclude": "be concluded"},
)

MEETING: Final = Workflow(
    "meeting",
    states=("convened", "in_session", "closed", "cancelled"),
    initial="convened",
    transitions=[
        ("send_apologies", ("convened", "in_session"), None),
        ("attend", ("convened", "in_session"), None),
        ("open", "convened", "in_session"),
        ("close", "in_session", "closed"),
        ("cancel", "convened", "cancelled"),
    ],
    phrases={
        "send_apologies": "take apologies",
        "attend": "take attendance",
        "open": "be opened",
        "close": "be closed",
        "cancel": "be cancelled",
    },
)

MODEL: Final = Workflow(
    "model",
    states=("in_force", "rescinded"),
    initial="in_force",
    transitions=[
        ("revise", "in_force", None),
        ("fall_due_for_review", "in_force", None),
        ("record_adoption", "in_force", None),
        # an employer may stop applying a model, rescinded or not
        ("withdraw_adoption", ("in_force", "rescinded"), None),
        ("rescind", "in_force", "rescinded"),
    ],
    phrases={
        "revise": "be revised",
        "record_adoption": "be adopted",
        "withdraw_adoption": "have an adoption withdrawn",
        "rescind": "be rescinded",
    },
)

MILESTONE: Final = Workflow(
    "milestone",
    states=("open", "overdue", "met", "dropped"),
    initial="open",
    transitions=[
        ("report_progress", ("open", "overdue"), None),
        ("mark_overdue", "open", "overdue"),
        ("meet", ("open", "overdue"), "met"),
        ("drop", ("open", "overdue"), "dropped"),
    ],
    phrases={
        "report_progress": "take progress reports",
        "meet": "be met",
        "drop": "be dropped",
    },
)

WORKFLOWS: Final[dict[str, Workflow]] = {
    machine.name: machine
    for machine in (
        PARTNERSHIP,
        MEMBERSHIP,
        PROPOSAL,
        CONSULTATION,
        REVIEW,
        MEETING,
        MODEL,
        MILESTONE,
    )
}


def workflow(name: str) -> Workflow:
    """Return the workflow called ``name``: ``partnership``, ``membership``,
    ``proposal``, ``consultation``, ``review``, ``meeting``, ``model`` or ``milestone``.

    Raises:
        UnknownReference: no workflow has that name.

    Examples:
        >>> workflow("review").states
        ('scheduled', 'due', 'in_progress', 'concluded')
    """
    try:
        return WORKFLOWS[name]
    except (KeyError, TypeError):
        raise UnknownReference("workflow", name, sorted(WORKFLOWS)) from None
