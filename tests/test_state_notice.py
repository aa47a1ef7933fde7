"""Faults in the state's own machinery that only a pointed test notices (found by scripts/mutation).

The undo journal (every table a refused command touched is put back), the
store's errors as a command reports them, the registries of handlers, a
view's copy of the state, and what makes two partnerships equal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pendulum
import pytest

import consensus as cs
from consensus._events import Event
from consensus._partnership import _state

from .conftest import agree_all, decide

UNITE = cs.PartyRecord(id="unite", name="Unite", constituency="workers")


def _snapshot(p: cs.Partnership) -> tuple[Any, ...]:
    """Every table as it stands now: copies, since the state's own tables change in place."""
    s = p._s
    tables = tuple(
        type(table)(table) if isinstance(table, dict | list | set) else table
        for table in s.comparable()
    )
    return (tables, list(s.agenda), set(s.active), s.lifecycle, len(s.events))


def _deliberating(p: cs.Partnership, motion: Any) -> str:
    pid = p.propose(motion, by="unison")
    p.table(pid, by=p.charter.chair)
    return pid


def _concluding(p: cs.Partnership, motion: Any) -> Callable[[], object]:
    """Bring ``motion`` to agreement; the refused command is its conclusion."""
    pid = _deliberating(p, motion)
    agree_all(p, pid)
    return lambda: p.conclude(pid, by=p.charter.chair)


def _proposing(p: cs.Partnership) -> Callable[[], object]:
    return lambda: p.propose(cs.Resolution(title="T", text="X"), by="unison")


def _positioning(p: cs.Partnership) -> Callable[[], object]:
    pid = _deliberating(p, cs.Resolution(title="T", text="X"))
    return lambda: p.record_position(pid, cs.Position.AGREE, by="gmb")


def _withdrawing(p: cs.Partnership) -> Callable[[], object]:
    return lambda: p.withdraw(by="gmb")


def _consulting(p: cs.Partnership) -> Callable[[], object]:
    target = _deliberating(p, cs.Resolution(title="T", text="X"))
    closes = pendulum.date(2024, 10, 1)
    return _concluding(
        p, cs.Consult(proposal=target, advisors=("tuc",), question="Q?", closes=closes)
    )


def _advancing(p: cs.Partnership) -> Callable[[], object]:
    return lambda: p.advance(to=pendulum.datetime(2025, 12, 1, tz="UTC"))


def _unadopting(p: cs.Partnership) -> Callable[[], object]:
    model = decide(p, cs.AdoptModel(topic="induction policies", title="T", text="X"))
    employer = cs.Employer(id="acme-care", name="Acme Care", sector="independent")
    by = "national-provider-forum"
    p.record_adoption(model, employer=employer, embedded_in_contracts=False, by=by)
    return lambda: p.withdraw_adoption(model, employer="acme-care", by=by)


#: Each prepares its command on the partnership (accepted) and returns it,
#: to be refused by the store: what each refusal must undo is in its name.
SCENARIOS: dict[str, Callable[[cs.Partnership], Callable[[], object]]] = {
    "propose (a new proposal)": _proposing,
    "record a position (a record replaced)": _positioning,
    "admit (a member made active)": lambda p: _concluding(p, cs.Admit(party=UNITE)),
    "withdraw (a member no longer active)": _withdrawing,
    "consult (a closing put on the agenda)": _consulting,
    "dissolve (the lifecycle set)": lambda p: _concluding(p, cs.Dissolve(rationale="Done.")),
    "advance (the review falls due)": _advancing,
    "withdraw an adoption (a record dropped)": _unadopting,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_command_the_store_refuses_leaves_every_table_as_it_was(
    scenario: str, charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    for party in charter.signatories:
        p.sign(by=party.id)
    refused = SCENARIOS[scenario](p)
    other = cs.Partnership.load(store, "scwp", clock=clock)
    other.propose(cs.Resolution(title="Elsewhere", text="X"), by="gmb")
    before = _snapshot(p)
    with pytest.raises(cs.ConcurrencyError):
        refused()
    assert _snapshot(p) == before
    assert p._s.undo is None
    assert p._s.running is None


class _Sink:
    """A store of the caller's own that fails, once told to, with ``error``."""

    def __init__(self, error: BaseException, location: object = "my-sink") -> None:
        self.error = error
        self.failing = False
        self._location = location
        self.events: list[Event] = []

    @property
    def location(self) -> object:
        if isinstance(self._location, BaseException):
            raise self._location
        return self._location

    def append(
        self, stream: str, events: Sequence[Event], *, expected_version: int, registry: Any = None
    ) -> int:
        if self.failing:
            raise self.error
        self.events.extend(events)
        return len(self.events)

    def read(self, stream: str, *, start: int = 0, registry: Any = None) -> Sequence[Event]:
        return self.events[start:]


def _failing(charter: cs.Charter, clock: cs.SimulatedClock, sink: _Sink) -> cs.Partnership:
    p = cs.Partnership.draft(charter, clock=clock, store=sink, stream="scwp")  # type: ignore[arg-type]
    for party in charter.signatories:
        p.sign(by=party.id)
    sink.failing = True
    return p


@pytest.mark.parametrize("kind", [cs.ConcurrencyError, cs.IntegrityError, cs.PersistenceError])
def test_a_store_s_refusal_is_reported_as_the_command_s(
    kind: type[cs.PersistenceError], charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    error = kind("stream scwp moved on", store="my-sink", stream="scwp", position=9)
    error.add_note("a note the store added")
    p = _failing(charter, clock, _Sink(error))
    with pytest.raises(kind) as caught:
        p.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert str(caught.value).startswith("unison cannot propose to resolve 'T': ")
    assert (caught.value.store, caught.value.stream, caught.value.position) == (
        "my-sink",
        "scwp",
        9,
    )
    assert caught.value.__notes__ == ["a note the store added"]


def test_a_store_error_of_its_own_kind_goes_through_unchanged(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    class Quota(cs.PersistenceError):
        pass

    for error in (Quota("over quota"), cs.InvalidArgument("events", 1, "events")):
        p = _failing(charter, clock, _Sink(error))
        with pytest.raises(type(error)) as caught:
            p.propose(cs.Resolution(title="T", text="X"), by="unison")
        assert caught.value is error


@pytest.mark.parametrize(
    ("location", "named"),
    [("my-sink", "the store my-sink failed"), (7, "the store <"), (OSError("x"), "the store <")],
)
def test_a_store_that_fails_its_own_way_is_a_persistence_error_naming_it(
    location: object, named: str, charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    p = _failing(charter, clock, _Sink(RuntimeError("disk on fire"), location))
    with pytest.raises(cs.PersistenceError) as caught:
        p.propose(cs.Resolution(title="T", text="X"), by="unison")
    message = str(caught.value)
    assert message.startswith(f"unison cannot propose to resolve 'T': {named}")
    assert "to stream 'scwp' at position" in message
    assert message.endswith("RuntimeError: disk on fire")


def test_an_event_class_gets_one_apply_handler_and_one_replay_command() -> None:
    def handler(s: object, event: object) -> None:
        return None

    with pytest.raises(RuntimeError, match="CharterSigned already has an apply handler"):
        _state.applies(cs.CharterSigned)(handler)
    with pytest.raises(RuntimeError, match="CharterSigned already has a replay command"):
        _state.replays(cs.CharterSigned)(handler)

    @attrs.frozen
    class Fresh:
        at: object

    try:
        assert _state.applies(Fresh)(handler) is handler
        assert _state.replays(Fresh)(handler) is handler
    finally:
        _state.APPLY.pop(Fresh, None)
        _state.REPLAY.pop(Fresh, None)


def test_a_state_without_its_draft_has_no_charter() -> None:
    s = _state.State(
        clock=cs.SimulatedClock(pendulum.datetime(2024, 1, 1)), registry=cs.Registry()
    )
    with pytest.raises(cs.IntegrityError, match=r"does not begin with partnership\.drafted"):
        s.the_charter  # noqa: B018
    with pytest.raises(cs.IntegrityError, match="is not a consensus event"):
        s.emit("charter.signed")  # type: ignore[arg-type]


def test_partnerships_that_differ_are_not_equal(active: cs.Partnership) -> None:
    twin = cs.Partnership.replay(active.events)
    assert twin == active
    active.propose(cs.Resolution(title="T", text="X"), by="unison")
    assert twin != active


def test_a_view_taken_during_a_command_is_a_copy_that_writes_nowhere(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """A motion's check may look ahead with as_of while its command runs."""
    seen: list[Any] = []

    @attrs.frozen
    class LookAhead:
        KIND = "look_ahead"
        text: str

        def describe(self) -> str:
            return "look ahead"

        def check(self, view: Any) -> str | None:
            later = view.as_of(pendulum.datetime(2025, 12, 1, tz="UTC"))
            seen.append(later.current_review.state)
            return None

    registry = cs.Registry()
    cs.register_motion(LookAhead, registry=registry)
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, registry=registry, store=store, stream="s")
    for party in charter.signatories:
        p.sign(by=party.id)
    before = p.current_review
    pid = p.propose(LookAhead(text="x"), by="unison")
    assert seen == ["due"]
    assert p.current_review == before
    assert p.proposal(pid).state == "draft"
    assert cs.Partnership.load(store, "s", clock=clock, registry=registry).events == p.events
    assert p._s.undo is None


def test_an_effect_and_a_quorum_exemption_are_registered_as_written() -> None:
    @attrs.frozen
    class Fresh:
        KIND = "fresh"

    def effect(s: object, proposal: object, when: object) -> list[Event]:
        return []

    def exempt(s: object, motion: object, present: list[str]) -> bool:
        return False

    try:
        assert _state.carries_out(Fresh)(effect) is effect
        assert _state.quorum_exempt(Fresh)(exempt) is exempt
        assert _state.EFFECTS[Fresh] is effect
        assert _state.QUORUM_EXEMPT[Fresh] is exempt
    finally:
        _state.EFFECTS.pop(Fresh, None)
        _state.QUORUM_EXEMPT.pop(Fresh, None)


def test_a_fork_has_no_command_no_journal_and_no_store(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """Whatever the original is doing, its copy starts idle and writes nowhere."""
    p = cs.Partnership.draft(charter, clock=clock, store=cs.MemoryStore(), stream="scwp")
    s = p._s
    s.undo, s.running, s.agenda_saved = [], "propose", True
    try:
        twin = s.fork()
    finally:
        s.undo, s.running, s.agenda_saved = None, None, False
    assert (twin.undo, twin.running, twin.agenda_saved) == (None, None, False)
    assert (twin.store, twin.stream) == (None, None)
    assert twin.comparable() == s.comparable()


def test_the_journal_undoes_exactly_the_membership_changes_made(active: cs.Partnership) -> None:
    """Re-storing an active member, or a pending party, leaves the active set as it was."""
    s = active._s
    before = set(s.active)
    gmb = s.members["gmb"]
    pending = attrs.evolve(gmb, party=UNITE, state="pending")
    s.undo = []
    try:
        s.put_member(attrs.evolve(gmb, since=gmb.since.add(seconds=1)))
        s.put_member(pending)
        assert s.active == before
        for undo in reversed(s.undo):
            undo()
    finally:
        s.undo = None
    assert s.active == before
    assert s.members["gmb"] == gmb
    assert "unite" not in s.members


def test_the_agenda_is_saved_once_however_often_a_command_changes_it(
    active: cs.Partnership,
) -> None:
    s = active._s
    s.undo, s.agenda_saved = [], False  # as a command begins
    try:
        s.save_agenda()
        s.save_agenda()
        assert len(s.undo) == 1
    finally:
        s.undo, s.agenda_saved = None, False


def test_a_record_moved_is_the_record_attrs_evolve_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    """State.move converts only the fields that change: the result is still attrs.evolve's."""
    fast = _state.evolve
    moved: list[str] = []

    def compared(record: Any, changes: dict[str, Any]) -> Any:
        made = fast(record, dict(changes))
        expected = attrs.evolve(record, **changes)
        assert type(made) is type(expected)
        for field in attrs.fields(type(made)):
            value, wanted = getattr(made, field.name), getattr(expected, field.name)
            assert type(value) is type(wanted), field.name
            assert value == wanted, field.name
        moved.append(type(record).__name__)
        return made

    monkeypatch.setattr(_state, "evolve", compared)
    charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
    simulated = cs.simulate(charter, seed=3, years=3)
    assert cs.Partnership.replay(simulated.events, trusted=True) == simulated
    assert {"Proposal", "Meeting"} <= set(moved)


def test_a_moved_record_is_still_validated_and_refuses_a_field_it_lacks() -> None:
    person = cs.Person(id="gmb-rep", name="Rep")
    with pytest.raises(cs.InvalidArgument):
        _state.evolve(person, {"name": ""})
    with pytest.raises(TypeError):
        _state.evolve(person, {"no_such_field": 1})
    assert _state.evolve(person, {"name": "Deputy"}) == attrs.evolve(person, name="Deputy")


@attrs.frozen
class _Initialised:
    """A record whose __init__ does more than take its fields."""

    name: str

    def __attrs_post_init__(self) -> None:
        if not self.name:
            raise ValueError("a name")


@attrs.frozen
class _Prepared:
    name: str

    def __attrs_pre_init__(self) -> None:
        _prepared.append(1)


_prepared: list[int] = []


@attrs.frozen
class _Private:
    """A private field: attrs' __init__ takes it without its underscore."""

    _secret: str


@attrs.frozen
class _Derived:
    """A field __init__ does not take at all."""

    name: str
    derived: int = attrs.field(init=False, default=0)


@attrs.frozen
class _SelfConverted:
    """A field converted with the instance at hand."""

    doubled: int = attrs.field(
        converter=attrs.Converter(lambda value, self: 2 * value, takes_self=True)
    )


@attrs.frozen
class _Plain:
    name: str


class _Audited(_Plain):
    """A plain subclass of a record, with an __init__ of its own."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        _prepared.append(2)


def test_a_record_whose_init_does_more_is_moved_by_attrs_own_evolve() -> None:
    """evolve takes its shortcut only for records __init__ merely fills in:
    each of these, taken the short way, would differ from attrs.evolve."""
    with pytest.raises(ValueError, match="a name"):
        _state.evolve(_Initialised("x"), {"name": ""})
    prepared = _Prepared("x")
    before = len(_prepared)
    _state.evolve(prepared, {"name": "y"})
    assert _prepared[before:] == [1]
    audited = _Audited("x")
    before = len(_prepared)
    assert type(_state.evolve(audited, {"name": "y"})) is _Audited
    assert _prepared[before:] == [2]
    with pytest.raises(TypeError):
        _state.evolve(_Private(secret="s"), {"_secret": "t"})  # attrs takes it as secret=
    with pytest.raises(TypeError):
        _state.evolve(_Derived("x"), {"derived": 1})
    converted = _SelfConverted(doubled=1)
    assert _state.evolve(converted, {"doubled": 3}) == attrs.evolve(converted, doubled=3)
    assert _state.evolve(converted, {"doubled": 3}).doubled == 6
    with pytest.raises(attrs.exceptions.NotAnAttrsClassError):
        _state.evolve(object(), {})


def test_a_moved_record_shares_the_fields_that_did_not_change() -> None:
    """Only the changed fields are converted again: the others are the very objects."""
    proposal = cs.Proposal(
        id="p-0001",
        motion=cs.Resolution(title="T", text="X"),
        proposer="gmb",
        state="deliberating",
        proposed_at=pendulum.datetime(2024, 9, 2, tz="Europe/London"),
        positions={"gmb": cs.Position.AGREE},
        reasons={"gmb": "Fine."},
    )
    moved = _state.evolve(proposal, {"state": "agreed"})
    assert moved == attrs.evolve(proposal, state="agreed")
    assert moved.positions is proposal.positions
    assert moved.reasons is proposal.reasons
    assert attrs.evolve(proposal, state="agreed").positions is not proposal.positions


def test_the_key_of_the_last_instant_asked_about_is_remembered() -> None:
    """State.key computes a key once for an instant asked about twice in a row."""
    s = _state.State(
        clock=cs.SimulatedClock(pendulum.datetime(2024, 1, 1)), registry=cs.Registry()
    )
    first = pendulum.datetime(2024, 9, 2, 12, tz="Europe/London")
    assert s.key(first) == cs.instant_key(first)
    assert s.key_memo == (first, cs.instant_key(first))
    s.key_memo = (first, marker := pendulum.datetime(2000, 1, 1, tz="UTC"))
    assert s.key(first) is marker  # remembered, not computed
    equal = pendulum.datetime(2024, 9, 2, 12, tz="Europe/London")
    assert s.key(equal) == cs.instant_key(first)  # an equal instant: computed (by identity)
    assert s.key_memo is not None
    assert s.key_memo[0] is equal
