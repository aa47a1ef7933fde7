"""Extensions from outside the package: motions and rules of your own, through registries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import consensus as cs
from consensus.testing import assert_rejected, check_rule_conformance

from .conftest import CHARTER_PATH

CHARTER = cs.load_charter(CHARTER_PATH)
START = pendulum.datetime(2025, 5, 15, 10, tz="Europe/London")
BUILT_IN_KINDS = (
    "admit",
    "adopt_model",
    "amend",
    "conclude_review",
    "consult",
    "dissolve",
    "drop_milestone",
    "rescind_model",
    "resolution",
    "revise_model",
    "set_milestone",
)
SECTOR = ("care-workers", "employers")
CHAIR = CHARTER.chair


@attrs.frozen(kw_only=True)
class Statement:
    """A jointly agreed statement to an audience: a motion defined outside the package."""

    KIND: ClassVar[str] = "joint_statement"
    audience: str = attrs.field(validator=attrs.validators.instance_of(str))
    text: str = attrs.field(validator=attrs.validators.instance_of(str))

    def describe(self) -> str:
        return f"issue a joint statement to {self.audience}"

    def check(self, view: cs.PartnershipView) -> str | None:
        if not self.text.strip():
            return "the statement has no text"
        if self.audience in SECTOR or self.audience in view.active_members:
            return None
        return f"{self.audience!r} is not an audience the partnership addresses"


@attrs.frozen
class NoBlock:
    """Agreed once every member has spoken and nobody blocks: a rule from outside."""

    name = "no-block"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        if cs.Position.BLOCK in ballot.counted().values():
            return cs.Outcome.NOT_AGREED
        if ballot.missing or not ballot.electorate:
            return cs.Outcome.PENDING
        return cs.Outcome.AGREED


def registry_with_statements() -> cs.Registry:
    """A private registry that knows the Statement motion and the no-block rule."""
    registry = cs.Registry()
    cs.register_motion(Statement, registry=registry)
    cs.register_rule(NoBlock(), registry=registry)
    return registry


def active(
    registry: cs.Registry | None = None, charter: cs.Charter = CHARTER
) -> tuple[cs.Partnership, cs.SimulatedClock]:
    """The bundled partnership, drafted with ``registry`` and signed by everyone."""
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(charter, clock=clock, registry=registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    return p, clock


def tabled(p: cs.Partnership, motion: Any, *, by: str = "unison") -> str:
    """Propose and table ``motion``; return its id."""
    pid = p.propose(motion, by=by)
    p.table(pid, by=p.charter.chair)
    return pid


def positions(p: cs.Partnership, pid: str, cast: dict[str, cs.Position] | None = None) -> None:
    """Every active member records its position in ``cast``, AGREE by default."""
    for member in sorted(p.active_members):
        p.record_position(pid, (cast or {}).get(member, cs.Position.AGREE), by=member)


def round_trip(p: cs.Partnership, registry: cs.Registry | None) -> cs.Partnership:
    """Encode, decode and replay ``p``'s log with ``registry``."""
    text = cs.events_to_jsonl(p.events, registry=registry)
    events = cs.events_from_jsonl(text, registry=registry)
    assert events == p.events
    return cs.Partnership.replay(events, registry=registry)


# ----------------------------------------------------------------------------- round trip


@given(
    audience=st.sampled_from([*SECTOR, "gmb", "welsh-government"]),
    text=st.text(min_size=1, max_size=80).filter(str.strip),
)
def test_a_motion_of_your_own_is_agreed_stored_and_replayed(audience: str, text: str) -> None:
    """A registered downstream motion is proposed, agreed, encoded, decoded and replayed to an equal partnership."""
    registry = registry_with_statements()
    p, _ = active(registry)
    pid = tabled(p, Statement(audience=audience, text=text))
    positions(p, pid)
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert p.proposal(pid).motion == Statement(audience=audience, text=text)
    assert p.events[-1] == cs.ProposalAgreed(
        at=START, proposal=pid, by=CHAIR, electorate=p.active_members, rule="unanimity"
    )
    replayed = round_trip(p, registry)
    assert replayed == p
    assert replayed.proposal(pid).motion == Statement(audience=audience, text=text)


@cs.register_motion
@attrs.frozen(kw_only=True)
class Communique:
    """A motion registered on the process-wide default registry."""

    KIND: ClassVar[str] = "test_extension_communique"
    text: str

    def describe(self) -> str:
        return "agree a communiqué"


def test_a_motion_on_the_default_registry_needs_no_registry_argument() -> None:
    """Registered with cs.register_motion alone, a motion round-trips and every invariant holds."""
    p, _ = active()
    pid = tabled(p, Communique(text="We will keep working together."))
    positions(p, pid)
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert round_trip(p, None) == p
    assert cs.check_invariants(p) == []


def test_every_invariant_holds_with_a_private_registry() -> None:
    """check_invariants reads a log whose motions only a private registry knows."""
    registry = registry_with_statements()
    p, _ = active(registry)
    pid = tabled(p, Statement(audience="employers", text="Adopt the model."))
    positions(p, pid)
    p.conclude(pid, by=CHAIR)
    assert cs.check_invariants(p) == []


@attrs.frozen(kw_only=True)
class Notice:
    """A motion with a field called ``kind``, like the codec's own tag."""

    KIND: ClassVar[str] = "notice"
    kind: str
    title: str
    text: str

    def describe(self) -> str:
        return f"give notice {self.title!r}"


def test_a_field_named_kind_cannot_turn_a_motion_into_another() -> None:
    """A motion with a ``kind`` field is refused at registration or survives the round trip."""
    registry = cs.Registry()
    try:
        cs.register_motion(Notice, registry=registry)
    except cs.InvalidArgument:
        return
    p, _ = active(registry)
    p.propose(Notice(kind="resolution", title="T", text="x"), by="unison")
    try:
        replayed = round_trip(p, registry)
    except cs.IntegrityError:
        return  # refused loudly is acceptable; silently another motion is not
    assert replayed.proposal("p-0001").motion == p.proposal("p-0001").motion


# ----------------------------------------------------------------------------- unregistered kinds


def test_a_log_naming_an_unregistered_kind_is_refused() -> None:
    """Read without the motion's registry, a log is an IntegrityError naming the kind and saying to register it."""
    registry = registry_with_statements()
    p, _ = active(registry)
    tabled(p, Statement(audience="employers", text="Adopt the model."))
    text = cs.events_to_jsonl(p.events, registry=registry)
    for other in (cs.Registry(), None):
        with pytest.raises(cs.IntegrityError) as caught:
            cs.events_from_jsonl(text, registry=other)
        message = str(caught.value)
        assert "line 11 (motion.proposed)" in message
        assert "'joint_statement', which is not registered" in message
        assert "register its class with consensus.register_motion" in message
    with pytest.raises(cs.IntegrityError, match="not a registered motion kind"):
        cs.events_to_jsonl(p.events)
    with pytest.raises(cs.IntegrityError, match="is not a registered motion") as caught:
        cs.Partnership.replay(p.events)
    assert "while applying event #10 motion.proposed" in caught.value.__notes__


def test_a_partnership_refuses_a_motion_its_registry_does_not_know() -> None:
    """Proposing a motion registered elsewhere is refused, naming how to register it, and changes nothing."""
    p, _ = active()
    err = assert_rejected(
        p,
        p.propose,
        Statement(audience="employers", text="x"),
        by="unison",
        error=cs.InvalidArgument,
    )
    assert "register a motion class of your own with consensus.register_motion" in str(err)


# ----------------------------------------------------------------------------- check(view)


@given(text=st.text(alphabet=" \t\n\r\x0b\x0c\x85\xa0\u2000\u2028\u2029\u3000", max_size=5))
def test_a_blank_statement_is_refused_at_propose(text: str) -> None:
    """A motion whose check gives a reason is InvalidMotion at propose, naming who and why, changing nothing."""
    p, _ = active(registry_with_statements())
    err = assert_rejected(
        p, p.propose, Statement(audience="employers", text=text), by="gmb", error=cs.InvalidMotion
    )
    assert isinstance(err, cs.InvalidMotion)
    assert (err.party, err.reason) == ("gmb", "the statement has no text")
    assert str(err) == (
        "gmb cannot propose to issue a joint statement to employers: the statement has no text."
    )


def test_an_audience_out_of_reach_is_refused_at_propose() -> None:
    """An audience the check does not accept is refused before any proposal exists."""
    p, _ = active(registry_with_statements())
    err = assert_rejected(
        p, p.propose, Statement(audience="nhs-staff", text="x"), by="gmb", error=cs.InvalidMotion
    )
    assert "'nhs-staff' is not an audience" in str(err)
    assert p.proposals == {}


@cs.register_motion
@attrs.frozen(kw_only=True)
class Thanks:
    """Thanks to a partner's own organisation: only while it is a member (default registry)."""

    KIND: ClassVar[str] = "test_extension_thanks"
    to: str

    def describe(self) -> str:
        return f"thank {self.to}"

    def check(self, view: cs.PartnershipView) -> str | None:
        return None if self.to in view.active_members else f"{self.to} is not an active member"


def test_a_check_that_fails_after_proposing_is_refused_at_conclude() -> None:
    """The check runs again at conclusion: an agreed motion that no longer applies is refused, changing nothing."""
    p, clock = active()
    pid = tabled(p, Thanks(to="rcn"))
    clock.advance(days=1)
    p.withdraw(by="rcn")
    positions(p, pid)
    err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.InvalidMotion)
    assert str(err) == f"{CHAIR} cannot carry out {pid}: thank rcn: rcn is not an active member."
    assert p.proposal(pid).state == "deliberating"
    p.withdraw_proposal(pid, by="unison")
    assert p.proposal(pid).state == "withdrawn"


def test_a_motion_not_agreed_is_concluded_without_its_check() -> None:
    """Only an agreed motion is carried out, so only then is it checked again."""
    p, clock = active()
    pid = tabled(p, Thanks(to="rcn"))
    clock.advance(days=1)
    p.withdraw(by="rcn")
    positions(p, pid, {"gmb": cs.Position.DISAGREE})
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.NOT_AGREED


EMPLOYERS = ("national-provider-forum", "care-forum-wales", "wlga")


@pytest.mark.parametrize("way_back", ["admit", "amend"])
def test_a_motion_of_your_own_waits_for_quorum_but_the_ways_back_do_not(way_back: str) -> None:
    """With a required constituency empty only an Admit into it or an Amend of the required constituencies is agreed."""
    p, clock = active()
    thanks = tabled(p, Thanks(to="unison"))
    unite = tabled(
        p, cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers"))
    )
    back = tabled(
        p,
        cs.Admit(party=cs.PartyRecord(id="acme-care", name="Acme Care", constituency="employers"))
        if way_back == "admit"
        else cs.Amend(required_constituencies=("government", "workers"), rationale="Go on."),
    )
    clock.advance(days=1)
    for employer in EMPLOYERS:
        p.withdraw(by=employer)
    for pid in (thanks, unite, back):
        positions(p, pid)
    for pid in (thanks, unite):
        err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.NotQuorate)
        assert "the charter requires employers to be represented" in str(err)
    assert p.conclude(back, by=CHAIR) is cs.Outcome.AGREED
    if way_back == "admit":
        positions(p, thanks)  # the new member's position is needed too
        positions(p, unite)
    assert p.conclude(thanks, by=CHAIR) is cs.Outcome.AGREED
    assert p.conclude(unite, by=CHAIR) is cs.Outcome.AGREED
    assert cs.check_invariants(p) == []


def test_assert_rejected_works_with_a_private_registry() -> None:
    """assert_rejected checks a refusal on a partnership whose log holds privately registered motions."""
    p, clock = active(registry_with_statements())
    pid = tabled(p, Statement(audience="rcn", text="Thanks to the RCN's council."))
    clock.advance(days=1)
    p.withdraw(by="rcn")
    positions(p, pid)
    assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.InvalidMotion)


FAILURES: list[BaseException] = [
    ValueError("bad"),
    KeyError("audience"),
    ZeroDivisionError("division by zero"),
    AttributeError("no such thing"),
    TypeError("wrong type"),
    RecursionError("too deep"),
    AssertionError("assumed wrongly"),
    NotImplementedError(),
    UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    cs.UnknownReference("proposal", "p-9999", []),
]


@cs.register_motion
@attrs.frozen(kw_only=True)
class Fragile:
    """A motion whose check fails: when proposed, or only when concluded (default registry)."""

    KIND: ClassVar[str] = "test_extension_fragile"
    failure: int = attrs.field(validator=attrs.validators.instance_of(int))
    at_conclusion: bool = False

    def describe(self) -> str:
        return "do something fragile"

    def check(self, view: cs.PartnershipView) -> str | None:
        if self.at_conclusion and not view.proposals:
            return None  # proposing: the proposal does not exist yet
        raise FAILURES[self.failure]


@attrs.frozen(kw_only=True)
class Evasive:
    """A motion whose check returns something that is neither a reason nor None."""

    KIND: ClassVar[str] = "evasive"
    answer: int

    def describe(self) -> str:
        return "do something evasive"

    def check(self, view: cs.PartnershipView) -> object:
        return [False, 0, True, 1, b"no", ["no"], ("no",)][self.answer]


@given(failure=st.integers(min_value=0, max_value=len(FAILURES) - 1), at_conclusion=st.booleans())
def test_a_check_that_raises_is_an_invalid_motion(failure: int, at_conclusion: bool) -> None:
    """Whatever a check raises becomes InvalidMotion, at propose or at conclude, never a crash."""
    p, _ = active()
    motion = Fragile(failure=failure, at_conclusion=at_conclusion)
    if not at_conclusion:
        err = assert_rejected(p, p.propose, motion, by="gmb", error=cs.InvalidMotion)
    else:
        pid = tabled(p, motion)
        positions(p, pid)
        err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.InvalidMotion)
    assert isinstance(err, cs.InvalidMotion)
    assert "do something fragile" in str(err)
    if not isinstance(FAILURES[failure], cs.ConsensusError):
        assert f"its check failed ({type(FAILURES[failure]).__name__}" in err.reason


@given(answer=st.integers(min_value=0, max_value=6))
def test_a_check_that_returns_neither_a_reason_nor_none_is_an_invalid_motion(answer: int) -> None:
    """A check answering False, 0, bytes or a list is refused, not taken for a yes."""
    registry = cs.Registry()
    cs.register_motion(Evasive, registry=registry)
    p, _ = active(registry)
    err = assert_rejected(p, p.propose, Evasive(answer=answer), by="gmb", error=cs.InvalidMotion)
    assert "not a reason or None" in str(err)


@attrs.frozen
class Interrupted:
    """A motion whose check is interrupted from outside (Ctrl-C)."""

    KIND: ClassVar[str] = "interrupted"

    def describe(self) -> str:
        return "wait"

    def check(self, view: cs.PartnershipView) -> str | None:
        raise KeyboardInterrupt


def test_an_interrupted_check_propagates_and_changes_nothing() -> None:
    """KeyboardInterrupt is not turned into a refusal, and the command still leaves nothing behind."""
    registry = cs.Registry()
    cs.register_motion(Interrupted, registry=registry)
    p, clock = active(registry)
    before = p.events
    clock.advance(years=1, days=1)  # a review falls due: time-driven events are emitted first
    with pytest.raises(KeyboardInterrupt):
        p.propose(Interrupted(), by="gmb")
    assert p.events == before
    assert p == cs.Partnership.replay(before, registry=registry)
    assert [event.TYPE for event in p.advance()] == ["review.fallen_due"]


_seen: list[tuple[str, pendulum.DateTime]] = []


@attrs.frozen
class Watched:
    """A motion whose check notes what it was shown."""

    KIND: ClassVar[str] = "watched"

    def describe(self) -> str:
        return "be watched"

    def check(self, view: cs.PartnershipView) -> str | None:
        _seen.append((type(view).__name__, view.at))
        return None


def test_check_sees_a_read_only_view_at_the_command_instant_and_strict_replay_asks_again() -> None:
    """check(view) gets a PartnershipView (no commands) dated at the command; strict replay re-asks, trusted does not."""
    registry = cs.Registry()
    cs.register_motion(Watched, registry=registry)
    p, _ = active(registry)
    _seen.clear()
    proposed, concluded = START.add(hours=1), START.add(days=2)
    pid = p.propose(Watched(), by="gmb", at=proposed)
    p.table(pid, by=CHAIR, at=proposed)
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member, at=proposed)
    p.conclude(pid, by=CHAIR, at=concluded)
    assert _seen == [("PartnershipView", proposed), ("PartnershipView", concluded)]
    assert not hasattr(cs.PartnershipView, "propose")
    _seen.clear()
    assert cs.Partnership.replay(p.events, registry=registry) == p
    assert _seen == [("PartnershipView", proposed), ("PartnershipView", concluded)]
    _seen.clear()
    assert cs.Partnership.replay(p.events, registry=registry, trusted=True) == p
    assert _seen == []


# ----------------------------------------------------------------------------- registering


def test_registering_an_equal_rule_again_is_a_no_op() -> None:
    """An equal rule under its own name changes nothing; the first instance stays."""
    registry = cs.Registry()
    first = NoBlock()
    registry.register_rule(first)
    cs.register_rule(NoBlock(), registry=registry)
    assert registry.rule("no-block") is first
    assert registry.rule_names() == ("consent", "no-block", "unanimity")


class PlainNoBlock:
    """The no-block rule without value equality: each instance is a different rule."""

    name = "no-block"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        return NoBlock().decide(ballot)


def test_a_different_rule_under_a_taken_name_needs_replace() -> None:
    """Another rule, or an unequal instance, under a taken name is refused unless replace=True."""
    registry = cs.Registry()
    registry.register_rule(NoBlock())
    with pytest.raises(cs.InvalidArgument, match=r"NoBlock\(\) is registered under it"):
        cs.register_rule(PlainNoBlock(), registry=registry)
    replacement = PlainNoBlock()
    cs.register_rule(replacement, registry=registry, replace=True)
    assert registry.rule("no-block") is replacement
    with pytest.raises(cs.InvalidArgument, match="pass replace=True"):
        cs.register_rule(PlainNoBlock(), registry=registry)


def test_registering_the_same_motion_class_again_is_a_no_op() -> None:
    """The same class under its own kind changes nothing."""
    registry = cs.Registry()
    assert cs.register_motion(Statement, registry=registry) is Statement
    assert cs.register_motion(Statement, registry=registry) is Statement
    assert registry.motion("joint_statement") is Statement


def test_another_class_under_a_taken_kind_needs_replace() -> None:
    """A second class under a downstream kind is refused unless replace=True."""

    @attrs.frozen(kw_only=True)
    class Statement2:
        KIND: ClassVar[str] = "joint_statement"
        text: str

        def describe(self) -> str:
            return "say it again"

    registry = cs.Registry()
    cs.register_motion(Statement, registry=registry)
    with pytest.raises(cs.InvalidArgument, match=r"has it \(pass replace=True\)"):
        cs.register_motion(Statement2, registry=registry)
    cs.register_motion(Statement2, registry=registry, replace=True)
    assert registry.motion("joint_statement") is Statement2


@attrs.frozen(kw_only=True)
class LooseResolution(cs.Resolution):  # type: ignore[misc]
    """A subclass of a built-in motion that tries to take its kind."""

    KIND: ClassVar[str] = "resolution"


@attrs.frozen(kw_only=True)
class Usurper:
    """Another class that tries to take a built-in motion's kind."""

    KIND: ClassVar[str] = "admit"
    party: str

    def describe(self) -> str:
        return f"admit {self.party} without checks"


@pytest.mark.parametrize("cls", [LooseResolution, Usurper])
@pytest.mark.parametrize("replace", [False, True])
def test_no_class_takes_a_built_in_kind(cls: type[Any], replace: bool) -> None:
    """A built-in motion's kind is never taken, by a subclass or another class, even with replace=True."""
    for registry in (cs.Registry(), cs.default_registry()):
        builtin = registry.motion(cls.KIND)
        with pytest.raises(cs.InvalidArgument) as caught:
            cs.register_motion(cls, registry=registry, replace=replace)
        assert f"consensus.{builtin.__qualname__} has it" in str(caught.value)
        assert "replace=True" not in str(caught.value)
        assert registry.motion(cls.KIND) is builtin


def _motion_class(kind: object, *, frozen: bool = True, describe: bool = True) -> type:
    namespace: dict[str, Any] = {"__annotations__": {"text": "str"}}
    if kind is not None:
        namespace["KIND"] = kind
    if describe:
        namespace["describe"] = lambda self: "do it"
    cls = type("Made", (), namespace)
    return attrs.frozen(cls) if frozen else attrs.define(cls)


def test_classes_that_are_not_motions_are_refused() -> None:
    """Not a class, not attrs, not frozen, no KIND, no describe: each is InvalidArgument."""
    registry = cs.Registry()

    class NotAttrs:
        KIND = "not_attrs"

        def describe(self) -> str:
            return "x"

    refused: list[tuple[object, str]] = [
        (Statement(audience="a", text="b"), "an attrs class"),
        (NotAttrs, "an attrs class"),
        (_motion_class("mutable", frozen=False), "a frozen attrs class"),
        (_motion_class(None), "a lower-case id"),
        (_motion_class("silent", describe=False), "a method returning a phrase"),
    ]
    for cls, expected in refused:
        with pytest.raises(cs.InvalidArgument, match=re.escape(expected)):
            cs.register_motion(cls, registry=registry)  # type: ignore[arg-type]
    assert registry.motion_kinds() == BUILT_IN_KINDS


@given(kind=st.one_of(st.text(max_size=12), st.integers(), st.none(), st.binary(max_size=4)))
def test_a_motion_kind_must_be_a_lower_case_id(kind: object) -> None:
    """A KIND is registered exactly when it is a lower-case id that no built-in holds."""
    registry = cs.Registry()
    valid = isinstance(kind, str) and re.fullmatch(r"[a-z][a-z0-9_]*", kind) is not None
    cls = _motion_class(kind)
    if valid and kind not in BUILT_IN_KINDS:
        cs.register_motion(cls, registry=registry)
        assert registry.motion(kind) is cls
    else:
        with pytest.raises(cs.InvalidArgument):
            cs.register_motion(cls, registry=registry)
        assert registry.motion_kinds() == BUILT_IN_KINDS


@given(kind=st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True))
def test_any_lower_case_kind_not_built_in_is_accepted(kind: str) -> None:
    """Every lower-case id that no built-in holds can name a motion of your own."""
    registry = cs.Registry()
    cls = _motion_class(kind)
    if kind in BUILT_IN_KINDS:
        with pytest.raises(cs.InvalidArgument):
            cs.register_motion(cls, registry=registry)
    else:
        assert cs.register_motion(cls, registry=registry) is cls
        assert kind in registry.motion_kinds()


def test_private_registries_do_not_leak() -> None:
    """What a private Registry learns stays there, and a new Registry starts with the built-ins only."""
    private = registry_with_statements()
    assert "joint_statement" in private.motion_kinds()
    assert "no-block" in private.rule_names()
    assert "joint_statement" not in cs.default_registry().motion_kinds()
    assert "no-block" not in cs.default_registry().rule_names()
    assert "no-block" not in cs.rule_names()
    with pytest.raises(cs.UnknownReference):
        cs.rule_named("no-block")
    assert "test_extension_communique" in cs.default_registry().motion_kinds()
    fresh = cs.Registry()
    assert fresh.motion_kinds() == BUILT_IN_KINDS
    assert fresh.rule_names() == ("consent", "unanimity")


def test_a_charter_naming_a_private_rule_needs_that_registry() -> None:
    """A charter that names a rule only a private registry knows is drafted with it, and refused without."""
    charter = attrs.evolve(CHARTER, rules={"joint_statement": "no-block"})
    with pytest.raises(
        cs.CharterError,
        match="'joint_statement' is not a registered motion kind",
    ):
        cs.Partnership.draft(charter, clock=cs.SimulatedClock(START))
    p, _ = active(registry_with_statements(), charter)
    assert p.charter.rule_for("joint_statement") == "no-block"


# ----------------------------------------------------------------------------- a rule per kind

MEMBERS = sorted(party.id for party in CHARTER.signatories)


@settings(max_examples=30)
@given(
    cast=st.fixed_dictionaries({member: st.sampled_from(list(cs.Position)) for member in MEMBERS})
)
def test_a_charter_decides_each_kind_by_its_own_rule(cast: dict[str, cs.Position]) -> None:
    """Resolutions by consent, amendments by unanimity, statements by no-block: the rule recorded is the kind's."""
    charter = attrs.evolve(
        CHARTER, rule="consent", rules={"amend": "unanimity", "joint_statement": "no-block"}
    )
    registry = registry_with_statements()
    p, _ = active(registry, charter)
    motions: dict[str, Any] = {
        "consent": cs.Resolution(title="Model induction policy", text="The model."),
        "unanimity": cs.Amend(clauses={"7.2": None}, rationale="Funding was found."),
        "no-block": Statement(audience="employers", text="Adopt the model."),
    }
    pids = {name: tabled(p, motion) for name, motion in motions.items()}
    for pid in pids.values():
        positions(p, pid, cast)
    constituencies = {party.id: party.constituency for party in CHARTER.signatories}
    for name, pid in pids.items():
        ballot = cs.Ballot(
            electorate=p.active_members,
            positions=cast,
            constituencies=constituencies,
            kind=motions[name].KIND,
        )
        expected = cs.decide(registry.rule(name), ballot)
        before = len(p.events)
        assert p.conclude(pid, by=CHAIR) is expected
        decided = p.events[before]
        assert isinstance(decided, cs.ProposalAgreed | cs.ProposalNotAgreed)
        assert isinstance(decided, cs.ProposalAgreed) == (expected is cs.Outcome.AGREED)
        assert decided.rule == name == p.proposal(pid).rule
    assert round_trip(p, registry) == p


def test_one_abstention_splits_the_kinds() -> None:
    """The same abstention agrees a resolution under consent and stops an amendment under unanimity."""
    charter = attrs.evolve(CHARTER, rule="consent", rules={"amend": "unanimity"})
    p, _ = active(None, charter)
    resolution = tabled(p, cs.Resolution(title="Model HR policy", text="The model."))
    amend = tabled(p, cs.Amend(clauses={"7.2": None}, rationale="Funding was found."))
    for pid in (resolution, amend):
        positions(p, pid, {"wlga": cs.Position.ABSTAIN})
    assert p.conclude(resolution, by=CHAIR) is cs.Outcome.AGREED
    assert p.conclude(amend, by=CHAIR) is cs.Outcome.NOT_AGREED
    assert [(e.TYPE, e.rule) for e in p.events if hasattr(e, "rule")] == [
        ("proposal.agreed", "consent"),
        ("proposal.not_agreed", "unanimity"),
    ]
    assert p.charter.version == 1


@given(
    electorate=st.sets(st.sampled_from(MEMBERS), min_size=1, max_size=4),
    cast=st.dictionaries(
        st.sampled_from([*MEMBERS, "outsider"]), st.sampled_from(list(cs.Position))
    ),
    kind=st.sampled_from(["resolution", "amend", "joint_statement"]),
)
def test_the_downstream_rule_conforms(
    electorate: set[str], cast: dict[str, cs.Position], kind: str
) -> None:
    """The rule defined here keeps the DecisionRule contract, with constituencies and kinds."""
    constituencies = {party.id: party.constituency for party in CHARTER.signatories}
    constituencies["outsider"] = "workers"
    problems = check_rule_conformance(
        NoBlock(), electorate, cast, constituencies=constituencies, kind=kind
    )
    assert problems == []


def test_a_typo_in_a_rule_per_kind_is_a_charter_error() -> None:
    """A charter naming a rule for a motion kind nobody registered is refused, not ignored."""
    with pytest.raises(cs.CharterError, match="'amendd' is not a registered motion kind"):
        cs.check_charter(attrs.evolve(CHARTER, rules={"amendd": "consent"}), source="mine")


def test_a_charter_file_may_name_a_privately_registered_rule() -> None:
    """load_charter and parse_charter take the registry the charter's names live in."""
    text = Path("examples/charters/social_care_workforce_partnership.toml").read_text()
    text = text.replace('rule = "unanimity"', 'rule = "no-block"', 1)
    with pytest.raises(cs.CharterError, match="no-block"):
        cs.parse_charter(text)
    assert cs.parse_charter(text, registry=registry_with_statements()).rule == "no-block"
