"""Bounded exhaustive exploration: every state within a depth, checked; bugs found shortest-first."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

import attrs
import pendulum
import pytest

import consensus as cs
from consensus.testing import (
    STARTS,
    Step,
    default_alphabet,
    explore,
    sample_charter,
)

from .conftest import ROOT

THREE = sample_charter(parties=3)
OUTSIDER = cs.PartyRecord(id="outsider", name="Outsider", constituency="workers")
CORE = default_alphabet(
    resolutions=1,
    admissions=1,
    positions=(cs.Position.AGREE, cs.Position.ABSTAIN, cs.Position.BLOCK),
    outsiders=(OUTSIDER,),
)


def abstain_counts_as_agree(self: cs.Unanimity, electorate: Any, positions: Any) -> cs.Outcome:
    """An injected bug: unanimity that takes an abstention for agreement."""
    if any(positions.get(party) is None for party in electorate) or not electorate:
        return cs.Outcome.PENDING
    if all(positions[party] in (cs.Position.AGREE, cs.Position.ABSTAIN) for party in electorate):
        return cs.Outcome.AGREED
    return cs.Outcome.NOT_AGREED


@attrs.frozen
class NobodyAgrees:
    """A rule under which nothing is ever agreed: a partnership that cannot decide again."""

    name = "nobody-agrees"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        return cs.Outcome.NOT_AGREED if not ballot.missing else cs.Outcome.PENDING


def run_script(script: str, registry: cs.Registry | None = None) -> str:
    """Run a finding's script as its reader would, and return what it printed."""
    shown = io.StringIO()
    scope: dict[str, Any] = {} if registry is None else {"registry": registry}
    with redirect_stdout(shown):
        exec(compile(script, "<finding>", "exec"), scope)  # the script explore wrote
    return shown.getvalue()


@pytest.mark.parametrize("start", list(STARTS))
def test_every_starting_state_explores_clean(start: str) -> None:
    """From each starting state, two commands deep: every state checked, nothing found."""
    found = explore(THREE, depth=2, start=start, alphabet=CORE)
    assert found.findings == ()
    assert found.complete
    assert found.start == start
    assert [level.depth for level in found.levels] == [0, 1, 2]
    assert found.levels[0].states == 1
    assert all(level.states > 0 for level in found.levels)
    assert all(level.commands >= level.refused for level in found.levels)
    assert found.states == sum(level.states for level in found.levels)
    assert found.replayed >= 1


def test_an_injected_bug_is_found_with_its_shortest_sequence_as_a_runnable_script(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ABSTAIN counted as AGREE: found six commands after ratification, the shortest way."""
    monkeypatch.setattr(cs.Unanimity, "evaluate", abstain_counts_as_agree)
    alphabet = default_alphabet(
        resolutions=1, admissions=0, positions=(cs.Position.AGREE, cs.Position.ABSTAIN)
    )
    found = explore(THREE, depth=6, start="active", alphabet=alphabet)
    broken = [f for f in found.findings if f.kind == "invariant" and "invariant 1" in f.detail]
    assert broken, found.findings
    shortest = broken[0]
    assert [step.call for step in shortest.steps] == [
        "propose",
        "table",
        "record_position",
        "record_position",
        "record_position",
        "conclude",
    ]
    assert "without AGREE" in shortest.detail
    shown = run_script(shortest.script)
    assert "without AGREE" in shown
    assert found.levels[-1].depth == 6


def test_the_same_bug_is_found_with_and_without_symmetry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merging symmetric states loses no finding, and never adds states."""
    monkeypatch.setattr(cs.Unanimity, "evaluate", abstain_counts_as_agree)
    alphabet = default_alphabet(
        resolutions=2, admissions=0, positions=(cs.Position.AGREE, cs.Position.ABSTAIN)
    )
    merged = explore(THREE, depth=5, start="active", alphabet=alphabet)
    plain = explore(THREE, depth=5, start="active", alphabet=alphabet, symmetry=False)
    assert merged.states < plain.states
    assert {(f.kind, len(f.steps)) for f in merged.findings} == {
        (f.kind, len(f.steps)) for f in plain.findings
    }


def test_a_partnership_that_cannot_decide_again_is_found_by_liveness() -> None:
    """Invariant 14: under a rule that never agrees, the recovery recipe meets a dead end."""
    registry = cs.Registry()
    registry.register_rule(NobodyAgrees())
    charter = attrs.evolve(THREE, rule="nobody-agrees")
    found = explore(charter, depth=0, start="active", registry=registry)
    assert [f.kind for f in found.findings] == ["liveness"]
    assert "dead end" in found.findings[0].detail
    assert found.recovered == 1


def _sneaky(kind: str) -> Callable[[cs.Partnership], list[Any]]:
    """An alphabet with one step that breaks the rules the way a buggy command would."""

    @attrs.frozen
    class Sneaky:
        call = "sneaky"

        def run(self, p: cs.Partnership, clock: cs.SimulatedClock) -> None:
            if kind == "refusal":
                p._s.people["ghost"] = cs.Person(id="ghost", name="Ghost")
                raise cs.InvalidArgument("ghost", "ghost", "nobody")
            raise KeyError("ghost")

        def source(self) -> str:
            return "p.sneaky()"

    return lambda p: [Sneaky()]


@pytest.mark.parametrize("kind", ["refusal", "exception"])
def test_a_refusal_that_changes_something_and_a_plain_exception_are_found(kind: str) -> None:
    found = explore(THREE, depth=1, start="active", alphabet=_sneaky(kind))
    assert [f.kind for f in found.findings] == [kind]
    assert found.findings[0].script.rstrip().endswith("p.sneaky()")


def test_a_fork_that_shares_a_table_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork is checked: if it shared the proposals table, a state would drift from its log."""
    from consensus._partnership._state import State

    real = State.fork

    def leaky(self: State) -> State:
        twin = real(self)
        twin.proposals = self.proposals  # the bug: parent and child share a table
        return twin

    monkeypatch.setattr(State, "fork", leaky)
    found = explore(THREE, depth=3, start="active", alphabet=CORE, replay_every=1)
    assert {"fork", "invariant"} & {f.kind for f in found.findings}


def test_the_custom_rule_of_the_examples_is_explored() -> None:
    """examples/custom_rule.py's rule, chosen for resolutions, explored like the built-ins."""
    spec = importlib.util.spec_from_file_location("custom_rule", ROOT / "examples/custom_rule.py")
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    registry = cs.Registry()
    registry.register_rule(example.EveryConstituency())
    charter = attrs.evolve(sample_charter(parties=4), rules={"resolution": "every-constituency"})
    alphabet = default_alphabet(resolutions=1, admissions=0)
    found = explore(charter, depth=5, start="active", alphabet=alphabet, registry=registry)
    assert found.findings == ()
    assert found.complete
    assert found.states > 500


def test_a_custom_motion_in_the_alphabet_is_explored(monkeypatch: pytest.MonkeyPatch) -> None:
    """An alphabet of your own: the defaults plus proposing a motion kind of your own."""
    spec = importlib.util.spec_from_file_location(
        "custom_motion", ROOT / "examples/custom_motion.py"
    )
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "custom_motion", example)  # as an import would
    spec.loader.exec_module(example)
    registry = cs.Registry()
    cs.register_motion(example.JointStatement, registry=registry)
    base = default_alphabet(resolutions=0, admissions=0)
    motion = example.JointStatement(audience="employers", text="We agree this together.")

    def alphabet(p: cs.Partnership) -> list[Step]:
        steps = base(p)
        if not p.proposals:
            steps += [
                Step("propose", (motion,), (("by", party.id),)) for party in THREE.signatories
            ]
        return steps

    found = explore(THREE, depth=5, start="active", alphabet=alphabet, registry=registry)
    assert found.findings == ()
    # one step in: three proposers of the statement, three withdrawals, and waiting for the review
    assert found.levels[1].states == 7


def test_a_budget_stops_the_search_and_says_so() -> None:
    found = explore(THREE, depth=6, start="active", alphabet=CORE, budget=500)
    assert not found.complete
    assert found.commands == 500
    assert found.depth < 6


def test_a_given_partnership_is_forked_never_changed(charter: cs.Charter) -> None:
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    before = p.events
    found = explore(charter, depth=1, start=p)
    assert found.start == "given"
    assert found.findings == ()
    assert p.events == before
    assert clock.now() == pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"depth": -1}, "depth"),
        ({"depth": True}, "depth"),
        ({"depth": 1, "budget": 0}, "budget"),
        ({"depth": 1, "start": "nowhere"}, "start"),
        ({"depth": 1, "start": 7}, "start"),
        ({"depth": 1, "alphabet": "all"}, "alphabet"),
        ({"depth": 1, "alphabet": lambda p: [1]}, "alphabet"),
        ({"depth": 1, "alphabet": lambda p: 1 / 0}, "alphabet"),
        ({"depth": 1, "replay_every": 0}, "replay_every"),
        ({"depth": 1, "start": ""}, "start"),
        ({"depth": 1, "registry": 5}, "registry"),
    ],
)
def test_bad_arguments_are_refused_clearly(arguments: dict[str, Any], named: str) -> None:
    with pytest.raises(cs.InvalidArgument, match=named):
        explore(THREE, **arguments)


def test_a_start_the_charter_cannot_have_is_refused() -> None:
    without_advisors = attrs.evolve(THREE, advisors=())
    with pytest.raises(cs.InvalidArgument, match="advisors"):
        explore(without_advisors, depth=1, start="consultation open")
    with pytest.raises(cs.InvalidArgument, match="charter"):
        explore("charter.toml", depth=1)  # type: ignore[arg-type]
    live = cs.Partnership.draft(THREE, clock=cs.SystemClock())
    with pytest.raises(cs.InvalidArgument, match="SimulatedClock"):
        explore(THREE, depth=1, start=live)


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"resolutions": -1}, "resolutions"),
        ({"admissions": "1"}, "admissions"),
        ({"positions": ["agree"]}, "positions"),
        ({"positions": "agree"}, "positions"),
        ({"outsiders": ["outsider"]}, "outsiders"),
    ],
)
def test_a_bad_alphabet_is_refused_clearly(arguments: dict[str, Any], named: str) -> None:
    with pytest.raises(cs.InvalidArgument, match=named):
        default_alphabet(**arguments)


def test_a_fault_that_time_brings_is_reproduced_by_its_script(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A wait step's line moves the clock and lets time act, as the exploration did."""
    from consensus._partnership import _state

    fell_due = cs.ReviewFellDue
    real = _state.APPLY[fell_due]

    def forgetful(s: Any, event: Any) -> None:  # the injected bug: a member is forgotten
        real(s, event)
        s.active.discard(sorted(s.active)[0])

    monkeypatch.setitem(_state.APPLY, fell_due, forgetful)
    found = explore(THREE, depth=1, start="active")
    waited = [f for f in found.findings if f.steps and f.steps[-1].call == "wait"]
    assert waited, found.findings
    assert waited[0].steps[-1].source().endswith("; p.advance()")
    assert "active_members says otherwise" in run_script(waited[0].script)


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"call": 5}, "call"),
        ({"call": "_s"}, "call"),
        ({"call": "sign", "args": 5}, "args"),
        ({"call": "sign", "kwargs": 5}, "kwargs"),
        ({"call": "sign", "kwargs": (("by",),)}, "kwargs"),
        ({"call": "wait"}, "args"),
        ({"call": "wait", "args": ("tomorrow",)}, "args"),
    ],
)
def test_a_bad_step_is_refused_clearly(arguments: dict[str, Any], named: str) -> None:
    with pytest.raises(cs.InvalidArgument, match=named):
        Step(**arguments)


def test_flags_are_booleans_and_values_that_cannot_be_shown_still_make_a_script() -> None:
    class Boom:
        def __bool__(self) -> bool:
            raise RuntimeError("bool")

        def __repr__(self) -> str:
            raise RuntimeError("repr")

    for flag in ("symmetry", "liveness"):
        with pytest.raises(cs.InvalidArgument, match=flag):
            explore(THREE, depth=0, **{flag: Boom()})
        with pytest.raises(cs.InvalidArgument, match=flag):
            explore(THREE, depth=0, **{flag: "no"})
    line = Step("sign", (), (("by", Boom()),)).source()
    assert line == "p.sign(by=...)"
    with pytest.raises(cs.InvalidArgument, match="Partnership"):
        Step("sign", (), (("by", "government"),)).run(None, None)  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match="Partnership"):
        CORE(None)  # type: ignore[arg-type]


def test_a_budget_spent_at_a_depth_boundary_still_checks_liveness() -> None:
    """The depth reported is one that was begun; the states reached run the recipe."""
    first = explore(THREE, depth=1, start="active")
    found = explore(THREE, depth=2, start="active", budget=first.commands)
    assert not found.complete
    assert found.depth == 1
    assert found.recovered == first.recovered > 0


def test_a_start_holding_a_motion_of_your_own_makes_scripts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The start's log is written with its own registry (a custom motion in it)."""
    spec = importlib.util.spec_from_file_location(
        "custom_motion", ROOT / "examples/custom_motion.py"
    )
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "custom_motion", example)
    spec.loader.exec_module(example)
    registry = cs.Registry()
    cs.register_motion(example.JointStatement, registry=registry)
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(THREE, clock=clock, registry=registry)
    for party in THREE.signatories:
        p.sign(by=party.id)
    p.propose(example.JointStatement(audience="employers", text="Together."), by="government")
    found = explore(THREE, depth=1, start=p, alphabet=_sneaky("exception"))
    assert [f.kind for f in found.findings] == ["exception"]
    assert "joint_statement" in found.findings[0].script


def test_the_starting_states_cannot_be_changed_by_a_caller() -> None:
    with pytest.raises(TypeError):
        STARTS["drafted"] = STARTS["active"]  # type: ignore[index]
    assert STARTS["drafted"] is not STARTS["active"]
