"""consensus.testing: the checks it ships keep their own promises."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

import consensus as cs
import consensus.testing
from consensus.testing import (
    PartnershipMachine,
    RejectionNotClean,
    assert_rejected,
    check_motion_conformance,
    check_rule_conformance,
    sample_charter,
)

SRC = Path(cs.__file__).parent
AT = pendulum.datetime(2025, 1, 6, 9, tz="Europe/London")

# ----------------------------------------------------------------------------- the module


def test_the_public_names_stay_and_present_as_consensus_testing() -> None:
    """Every name the single module had is still exported, sorted, from consensus.testing."""
    before = {
        "PartnershipMachine",
        "RejectionNotClean",
        "assert_rejected",
        "check_rule_conformance",
        "sample_charter",
    }
    added = {"check_motion_conformance", "StoreContract", "charters"}
    exploration = {"explore", "default_alphabet", "Exploration", "Finding", "Level", "Step"}
    assert before | added | exploration | {"STARTS"} == set(consensus.testing.__all__)
    # sorted as isort does: constants, classes, functions
    kinds = [
        (0 if n.isupper() else 1 if n[0].isupper() else 2, n) for n in consensus.testing.__all__
    ]
    assert kinds == sorted(kinds)
    for name in consensus.testing.__all__:
        if not name.isupper():
            assert getattr(consensus.testing, name).__module__ == "consensus.testing", name


def _imports(path: Path, package: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
                continue
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            found.add(".".join([*base, *(node.module.split(".") if node.module else [])]))
    return found


def test_imports_only_go_down_into_the_core() -> None:
    """The core never imports consensus.testing; its modules import each other without cycles."""
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        package = ".".join(relative.parts[:-1])
        if parts[:2] == ("consensus", "testing"):
            continue
        assert not any(name.startswith("consensus.testing") for name in _imports(path, package)), (
            f"{path} imports consensus.testing"
        )
    # Inside testing: charters and rejection are leaves; conformance and the
    # machine build on them, never on each other, and nothing on __init__.
    testing = SRC / "testing"
    allowed = {
        "_charters": set(),
        "_rejection": set(),
        "_conformance": {"_charters"},
        "_machine": {"_charters", "_rejection"},
    }
    for module, may in allowed.items():
        siblings = {
            name.rsplit(".", 1)[-1]
            for name in _imports(testing / f"{module}.py", "consensus.testing")
            if name.startswith("consensus.testing")
        }
        assert siblings <= may, f"testing.{module} imports {sorted(siblings - may)}"


# ----------------------------------------------------------------------------- assert_rejected


def _active(registry: cs.Registry | None = None) -> cs.Partnership:
    clock = cs.SimulatedClock(AT)
    p = cs.Partnership.draft(sample_charter(), clock=clock, registry=registry)
    for party in p.charter.signatories:
        p.sign(by=party.id)
    return p


def test_assert_rejected_complains_when_a_command_is_accepted() -> None:
    """A call that succeeds is not a clean rejection."""
    p = _active()
    with pytest.raises(RejectionNotClean, match="was not refused"):
        assert_rejected(p, p.propose, cs.Resolution(title="T", text="x"), by="government")


def test_assert_rejected_complains_about_the_wrong_error() -> None:
    """A refusal of another kind than expected is reported, naming both."""
    p = _active()
    with pytest.raises(RejectionNotClean, match="expected NotQuorate, got UnknownReference"):
        assert_rejected(p, p.table, "p-0001", by="stranger", error=cs.NotQuorate)


def test_assert_rejected_catches_a_change_the_refusal_left_behind() -> None:
    """A 'command' that appends to the log and then raises is caught."""
    p = _active()

    def sneaky() -> None:
        p.propose(cs.Resolution(title="Sneaked in", text="x"), by="government")
        raise cs.InvalidArgument("x", 1, "something else")

    with pytest.raises(RejectionNotClean, match="the log changed"):
        assert_rejected(p, sneaky)


@attrs.frozen(kw_only=True)
class Thanks:
    """A well-made motion of a downstream developer's."""

    KIND: ClassVar[str] = "vote_of_thanks"
    to: str

    def describe(self) -> str:
        return f"thank {self.to}"

    def check(self, view: cs.PartnershipView) -> str | None:
        return None if self.to in view.active_members else f"{self.to} is not a member"


def test_assert_rejected_replays_with_the_partnership_s_own_registry() -> None:
    """A partnership with a private registry of motions is compared by a replay that knows them."""
    registry = cs.Registry()
    registry.register_motion(Thanks)
    p = _active(registry)
    p.propose(Thanks(to="union-a"), by="government")
    err = assert_rejected(p, p.table, "p-0001", by="union-a", error=cs.NotEntitled)
    assert err.party == "union-a"


# ----------------------------------------------------------------------------- sample_charter


def test_sample_charter_may_name_a_rule_per_kind_of_motion() -> None:
    """rules= gives a valid charter that decides amendments by their own rule."""
    charter = sample_charter(rule="consent", rules={"amend": "unanimity"})
    cs.check_charter(charter, source="sample")
    assert charter.rule_for("amend") == "unanimity"
    assert charter.rule_for("resolution") == charter.rule_for("dissolve") == "consent"
    assert sample_charter().rules == {}


def test_the_machine_drafts_from_the_charter_and_a_mixed_variant() -> None:
    """PartnershipMachine.charters() is its charter and that charter with a rule for amendments."""
    plain, mixed = PartnershipMachine.charters()
    assert plain == PartnershipMachine.charter
    assert mixed.rule == "consent"
    assert mixed.rule_for("amend") == "unanimity"
    cs.check_charter(mixed, source="variant")


# ----------------------------------------------------------------------------- rules


def test_rule_conformance_still_reports_a_rule_that_settles_too_soon() -> None:
    """check_rule_conformance (moved, not changed) names a rule that ignores missing positions."""

    class Hasty:
        name = "hasty"

        def decide(self, ballot: cs.Ballot) -> cs.Outcome:
            agree = sum(p is cs.Position.AGREE for p in ballot.counted().values())
            return (
                cs.Outcome.AGREED if agree > len(ballot.electorate) / 2 else cs.Outcome.NOT_AGREED
            )

    problems = check_rule_conformance(Hasty(), {"a", "b"}, {"a": cs.Position.AGREE})
    assert any("could still change it" in problem for problem in problems), problems


# ----------------------------------------------------------------------------- motions


def _text() -> st.SearchStrategy[str]:
    # Text a log can hold: no lone surrogates (see the report on the codec).
    return st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
        str.strip
    )


@st.composite
def resolutions(draw: st.DrawFn) -> cs.Resolution:
    """Resolutions with any text the constructor accepts."""
    try:
        return cs.Resolution(
            title=draw(_text()), text=draw(_text()), topic=draw(st.none() | _text())
        )
    except cs.InvalidArgument:
        reject()


@given(resolutions())
def test_generated_resolutions_conform(motion: cs.Resolution) -> None:
    """Every Resolution keeps the motion contract."""
    assert check_motion_conformance(motion) == []


BUILT_INS: list[Any] = [
    cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")),
    # a check that gives a reason is keeping its promise
    cs.Admit(party=cs.PartyRecord(id="union-a", name="Union A", constituency="workers")),
    cs.Consult(
        proposal="p-0001",
        advisors=("expert-a", "expert-b"),
        question="Is it workable?",
        closes=pendulum.date(2025, 6, 25),
    ),
    cs.Amend(clauses={"7.2": None, "6.3": "Decisions are by consent."}, rationale="Consent."),
    cs.Amend(
        headings={"6.3": "Deciding"},
        add_advisors=(cs.AdvisorRecord(id="expert-d", name="Expert D"),),
        remove_advisors=("expert-a",),
        rule="consent",
        chair="union-a",
        required_constituencies=(),
        review_period_months=24,
        rationale="Everything at once.",
    ),
    cs.ConcludeReview(review="r-0001", findings="The arrangements work."),
    cs.Dissolve(rationale="The work is done."),
]


@pytest.mark.parametrize("motion", BUILT_INS, ids=lambda motion: type(motion).KIND)
def test_built_in_motions_conform(motion: Any) -> None:
    """Every built-in motion kind keeps the motion contract."""
    assert check_motion_conformance(motion) == []


def test_a_motion_of_your_own_conforms_in_its_own_registry() -> None:
    """A downstream motion registered in a private registry conforms there, and not elsewhere."""
    registry = cs.Registry()
    registry.register_motion(Thanks)
    assert check_motion_conformance(Thanks(to="union-a"), registry=registry) == []
    (problem,) = check_motion_conformance(Thanks(to="union-a"))
    assert "Thanks is not registered" in problem
    assert "register_motion" in problem


@attrs.frozen(kw_only=True)
class Mumbled:
    """A motion with two defects: an empty phrase, and a check that crashes."""

    KIND: ClassVar[str] = "mumbled"
    about: str

    def describe(self) -> str:
        return ""

    def check(self, view: cs.PartnershipView) -> str | None:
        return view.proposal("p-0404").id  # there is no such proposal: raises


def test_a_broken_motion_is_reported_by_name() -> None:
    """An empty describe() and a check that raises are each named."""
    registry = cs.Registry()
    registry.register_motion(Mumbled)
    problems = check_motion_conformance(Mumbled(about="x"), registry=registry)
    assert len(problems) == 2, problems
    empty, raised = problems
    assert "Mumbled.describe() returned ''" in empty
    assert "Mumbled.check(view) raised UnknownReference" in raised


@attrs.define(kw_only=True)
class Loose:
    """A motion that is neither frozen nor well named, nor answers its check with a reason."""

    KIND: ClassVar[str] = "Loose-Motion"
    tags: list[str]

    def describe(self) -> int:
        return 7

    def check(self, view: cs.PartnershipView) -> object:
        return False


def test_an_unregistered_loose_motion_is_reported_on_every_count() -> None:
    """Unregistered, a bad KIND, not frozen, no phrase, unhashable, a check that answers False."""
    problems = check_motion_conformance(Loose(tags=["a"]))
    expected = [
        "Loose is not registered: the registry has no motion kind 'Loose-Motion'",
        "Loose.KIND is 'Loose-Motion', not a lower-case id",
        "Loose is not frozen",
        "Loose.describe() returned 7, not text",
        "Loose is not hashable",
        "Loose.check(view) returned False, not a reason or None",
    ]
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), (problem, start)


@attrs.frozen(kw_only=True)
class Listed:
    """A motion whose field may be given a list: the log gives back a tuple."""

    KIND: ClassVar[str] = "listed"
    items: tuple[str, ...]

    def describe(self) -> str:
        return "list things"


def test_a_motion_the_log_changes_is_reported() -> None:
    """A value that comes back from the log different is a broken round trip."""
    registry = cs.Registry()
    registry.register_motion(Listed)
    assert check_motion_conformance(Listed(items=("a", "b")), registry=registry) == []
    problems = check_motion_conformance(Listed(items=["a", "b"]), registry=registry)  # type: ignore[arg-type]
    assert problems == [
        "Listed is not hashable: unhashable type: 'list'",
        "Listed comes back from the log as Listed(items=('a', 'b')), not Listed(items=['a', 'b'])",
    ]


def test_a_kind_another_class_holds_is_reported() -> None:
    """A class claiming a built-in's KIND is not the class registered under it."""

    @attrs.frozen(kw_only=True)
    class Impostor:
        KIND: ClassVar[str] = "resolution"
        title: str

        def describe(self) -> str:
            return f"resolve {self.title!r}"

    (problem,) = check_motion_conformance(Impostor(title="T"))
    assert "kind 'resolution' belongs to consensus.Resolution" in problem


def test_motion_conformance_wants_a_registry() -> None:
    """A registry of the wrong kind is refused, not guessed at."""
    with pytest.raises(cs.InvalidArgument, match="registry"):
        check_motion_conformance(cs.Dissolve(rationale="x"), registry={"vote_of_thanks": Thanks})  # type: ignore[arg-type]
