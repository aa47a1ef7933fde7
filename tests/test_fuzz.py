"""Hostile values: every public entry point refuses them with a ConsensusError, changing nothing.

Values a careless or malicious caller might pass (None, huge and negative
numbers, NaN, bytes, a megabyte of text, NUL, ids with a trailing newline or a
Cyrillic letter, lone surrogates, containers, naive or out-of-range datetimes,
objects whose ``__eq__``, ``__hash__``, ``__str__`` or ``__repr__`` raise)
go into every argument of every public command, query, constructor and
function. The checks:

- nothing but a :class:`consensus.ConsensusError` escapes;
- a refused partnership command leaves the log and the state as they were
  (invariant 10), and its message names the acting party when ``by`` is an id;
- whatever is accepted writes a log that encodes to one line an event,
  decodes to the same events, and replays strictly to an equal partnership.

Each listed hostile value is tried in each argument by a deterministic sweep,
which reports every distinct failure at once (its kind, the line of the
library it escaped from, how many cases, one example); hypothesis then mixes
generated values, several hostile arguments at once and every starting state.
Values reach hypothesis as labelled :class:`Arg` tokens, built inside the
test, so that a falsifying example prints legibly (no megabyte of text, no
``__repr__`` that raises while it is being reported).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import math
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import currently_in_test_context, given, note
from hypothesis import strategies as st

import consensus as cs

from .conftest import CHARTER_PATH, decide

CHARTER = cs.load_charter(CHARTER_PATH)
CHAIR = CHARTER.chair
START = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # ids as documented: lower-case, digits, hyphens
MB = 1_000_000


# ----------------------------------------------------------------------------- hostile values


@attrs.frozen
class Arg:
    """A value to pass, built fresh for each call, shown by its label."""

    label: str
    make: Callable[[], object] = attrs.field(eq=False)

    def __repr__(self) -> str:
        return self.label

    def get(self) -> object:
        return self.make()


def arg(value: object, label: str | None = None) -> Arg:
    """An Arg for a plain value (mutable containers are copied for each call)."""
    shown = label or repr(value)
    if len(shown) > 80:
        shown = shown[:60] + "…" + shown[-10:]
    if isinstance(value, list | dict | set | bytearray):
        return Arg(shown, lambda: type(value)(value))  # type: ignore[call-arg]
    return Arg(shown, lambda: value)


class Fault(ValueError):
    """What the hostile objects below raise (a ValueError, as numpy's ambiguous __eq__ does)."""


class RaisingEq:
    """Hashes like ``target`` (so a dict lookup compares it) but cannot be compared."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __hash__(self) -> int:
        return hash(self.target)

    def __eq__(self, other: object) -> bool:
        raise Fault("__eq__")

    def __repr__(self) -> str:
        return f"RaisingEq({self.target!r})"


class RaisingHash:
    def __hash__(self) -> int:
        raise Fault("__hash__")

    def __eq__(self, other: object) -> bool:
        raise Fault("__eq__")

    def __repr__(self) -> str:
        return "RaisingHash()"


class RaisingStr:
    def __str__(self) -> str:
        raise Fault("__str__")

    def __format__(self, spec: str) -> str:
        raise Fault("__format__")

    def __repr__(self) -> str:
        return "RaisingStr()"


class RaisingRepr:
    def __repr__(self) -> str:
        raise Fault("__repr__")


class RaisingBool:
    def __bool__(self) -> bool:
        raise Fault("__bool__")

    def __len__(self) -> int:
        raise Fault("__len__")

    def __iter__(self) -> Iterator[object]:
        raise Fault("__iter__")

    def __repr__(self) -> str:
        return "RaisingBool()"


class RaisingGetattr:
    def __getattr__(self, name: str) -> object:
        raise Fault(f"__getattr__({name})")

    def __repr__(self) -> str:
        return "RaisingGetattr()"


class EvilStr(str):
    """Text that passes ``isinstance(value, str)`` but cannot be hashed or compared."""

    __slots__ = ()

    def __hash__(self) -> int:
        raise Fault("EvilStr.__hash__")

    def __eq__(self, other: object) -> bool:
        raise Fault("EvilStr.__eq__")

    def __ne__(self, other: object) -> bool:
        raise Fault("EvilStr.__ne__")

    def __str__(self) -> str:
        raise Fault("EvilStr.__str__")


class BadOffset(dt.tzinfo):
    """A tzinfo whose utcoffset raises."""

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        raise Fault("utcoffset")

    def dst(self, when: dt.datetime | None) -> dt.timedelta:
        raise Fault("dst")

    def tzname(self, when: dt.datetime | None) -> str:
        return "BAD"


class NoOffset(dt.tzinfo):
    """A tzinfo that does not know its offset: a datetime with it is naive."""

    def utcoffset(self, when: dt.datetime | None) -> None:
        return None

    def dst(self, when: dt.datetime | None) -> None:
        return None

    def tzname(self, when: dt.datetime | None) -> str:
        return "NONE"


CYRILLIC_UNISON = "un\u0456son"  # "unіson": a Cyrillic і in place of the Latin i

PLAIN_VALUES: list[Arg] = [
    arg(None),
    arg(True),
    arg(False),
    arg(0),
    arg(-1),
    arg(2**63),
    arg(-(2**63) - 1),
    arg(10**100),
    arg(-(10**100)),
    arg(0.5),
    arg(-0.0),
    arg(math.nan, "nan"),
    arg(math.inf, "inf"),
    arg(-math.inf, "-inf"),
    arg(complex(1, 1)),
    arg(b""),
    arg(b"unison"),
    arg(bytearray(b"p-0001")),
    arg(""),
    arg(" "),
    arg("\x00"),
    arg("unison\x00"),
    arg("unison\n"),
    arg(" unison"),
    arg("unison "),
    arg("UNISON"),
    arg("\ud800"),
    arg("uni\udfffson"),
    arg("\u2028"),
    arg("unison\u2028"),
    arg("\u2029\x85\r\n"),
    arg(CYRILLIC_UNISON),
    arg("p-0001\n"),
    arg("P-0001"),
    arg(" p-0001"),
    arg("p-1"),
    arg("p-00001"),
    arg("p-0001\u2028"),
    arg("r-0001\n"),
    arg("AGREE"),
    arg("agree "),
    arg("EMAIL"),
    arg("\U0001f600"),
    arg("u" * MB, "'u' * 1_000_000"),
    arg("u" * (MB + 1), "'u' * 1_000_001"),
    arg(" " * MB, "' ' * 1_000_000"),
    arg(Ellipsis),
    arg(NotImplemented),
    arg([]),
    arg(["unison"]),
    arg(("unison",)),
    arg({"unison"}),
    arg(frozenset({"p-0001"})),
    arg({}),
    arg({"unison": 1}),
    arg({"7.2": None}),
    arg(range(3)),
    arg(dt.datetime(2025, 1, 1, 10), "naive datetime(2025, 1, 1, 10)"),
    arg(pendulum.naive(2025, 1, 1, 10), "pendulum.naive(2025, 1, 1, 10)"),
    arg(dt.datetime(1, 1, 1, tzinfo=dt.UTC), "datetime(1, 1, 1, UTC)"),
    arg(dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC), "datetime(9999, 12, 31, UTC)"),
    arg(dt.datetime(1899, 12, 31, 23, 59, tzinfo=dt.UTC), "datetime(1899, 12, 31, UTC)"),
    arg(
        dt.datetime(2999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-14))),
        "datetime(2999, 12, 31, 23, 59, -14:00)",
    ),
    arg(dt.datetime(2025, 1, 1, tzinfo=NoOffset()), "datetime(2025, 1, 1, tzinfo=NoOffset())"),
    arg(dt.date(2025, 6, 25)),
    arg(pendulum.date(2025, 6, 25), "pendulum.date(2025, 6, 25)"),
    arg(dt.date(1, 1, 1)),
    arg(dt.date(9999, 12, 31)),
    arg(dt.time(10)),
    arg(dt.timedelta(days=1)),
    arg(cs.Position.AGREE),
    arg(cs.Outcome.AGREED),
    arg(cs.Channel.EMAIL),
    arg(cs.Resolution(title="T", text="x")),
    arg(cs.PartyRecord(id="unite", name="Unite", constituency="workers")),
    arg(CHARTER, "CHARTER"),
    Arg("Registry()", cs.Registry),
    arg(cs.Unanimity()),
    arg(object(), "object()"),
    arg(type, "type"),
    arg(print, "print"),
]

RAISING_VALUES: list[Arg] = [
    Arg("RaisingEq('unison')", lambda: RaisingEq("unison")),
    Arg("RaisingEq('p-0001')", lambda: RaisingEq("p-0001")),
    Arg("RaisingEq('p-0004')", lambda: RaisingEq("p-0004")),
    Arg("RaisingEq('unanimity')", lambda: RaisingEq("unanimity")),
    Arg("RaisingEq('email')", lambda: RaisingEq("email")),
    Arg("RaisingHash()", RaisingHash),
    Arg("RaisingStr()", RaisingStr),
    Arg("RaisingRepr()", RaisingRepr),
    Arg("RaisingBool()", RaisingBool),
    Arg("RaisingGetattr()", RaisingGetattr),
    Arg("EvilStr('unison')", lambda: EvilStr("unison")),
    Arg("EvilStr('p-0002')", lambda: EvilStr("p-0002")),
    Arg("EvilStr('welsh-government')", lambda: EvilStr("welsh-government")),
    Arg("[RaisingHash()]", lambda: [RaisingHash()]),
    Arg("(RaisingRepr(),)", lambda: (RaisingRepr(),)),
    Arg("{'7.2': RaisingStr()}", lambda: {"7.2": RaisingStr()}),
    Arg(
        "datetime(2025, 1, 1, tzinfo=BadOffset())",
        lambda: dt.datetime(2025, 1, 1, tzinfo=BadOffset()),
    ),
]

GENERATED: st.SearchStrategy[Arg] = st.one_of(
    st.integers().map(arg),
    st.floats().map(arg),
    st.binary(max_size=8).map(arg),
    st.text(max_size=12).map(arg),
    st.text(st.characters(codec="utf-8"), max_size=6).map(arg),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2).map(arg),
    st.datetimes(timezones=st.none() | st.timezones()).map(arg),
    st.dates().map(arg),
    st.lists(st.text(max_size=4), max_size=3).map(arg),
    st.dictionaries(st.text(max_size=4), st.none() | st.text(max_size=4), max_size=2).map(arg),
)

PLAIN: st.SearchStrategy[Arg] = st.one_of(st.sampled_from(PLAIN_VALUES), GENERATED)


# ----------------------------------------------------------------------------- partnerships to attack

ADVISORS = ("tuc", "adss", "social-care-wales")
PARTIES = (*(party.id for party in CHARTER.signatories), "unite", *ADVISORS, "nobody")


def _bases() -> dict[str, tuple[cs.Event, ...]]:
    """Logs of the bundled partnership in states worth attacking."""
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(CHARTER, clock=clock)
    bases: dict[str, tuple[cs.Event, ...]] = {}
    for party in CHARTER.signatories:
        clock.advance(minutes=5)
        p.sign(by=party.id)
        if party.id == "gmb":
            bases["forming"] = p.events[:]
    clock.advance(hours=1)
    p.propose(cs.Resolution(title="Draft", text="Still a draft."), by="unison")  # p-0001 draft
    deliberating = p.propose(cs.Resolution(title="Policy", text="A model."), by="gmb")
    p.table(deliberating, by=CHAIR)  # p-0002 deliberating, one position in
    p.record_position(deliberating, cs.Position.AGREE, by="unison")
    consulted = p.propose(cs.Resolution(title="Pay", text="A model."), by="care-forum-wales")
    p.table(consulted, by=CHAIR)  # p-0003, consulting once p-0004 is agreed
    consult = decide(
        p,
        cs.Consult(
            proposal=consulted,
            advisors=("tuc", "adss"),
            question="Is it workable?",
            closes=pendulum.date(2024, 10, 31),
        ),
    )
    p.respond(consult, "Yes.", by="tuc", channel="email")
    p.respond(consult, "Workable.", by="adss", channel="letter")  # all in: it may close early
    decide(p, cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")))
    decide(p, cs.Amend(clauses={"7.2": "Funding is available."}, rationale="Funded."))  # p-0006
    blocked = p.propose(cs.Resolution(title="Blocked", text="x"), by="wlga")  # p-0007
    p.table(blocked, by=CHAIR)
    p.record_position(blocked, cs.Position.BLOCK, by="gmb")
    p.conclude(blocked, by=CHAIR)
    withdrawn = p.propose(cs.Resolution(title="Withdrawn", text="x"), by="wlga")  # p-0008
    p.withdraw_proposal(withdrawn, by="wlga")
    p.withdraw(by="rcn")
    # people and meetings: m-0001 closed, m-0002 cancelled, m-0003 in session, m-0004 convened
    p.nominate(
        cs.Person(id="dss", name="Director of Social Services"), role="representative", by=CHAIR
    )
    p.nominate(cs.Person(id="wg-official", name="Senior official"), role="deputy", by=CHAIR)
    p.nominate(cs.Person(id="gmb-rep", name="GMB organiser"), role="representative", by="gmb")
    p.nominate(cs.Person(id="former", name="Former deputy"), role="deputy", by="gmb")
    p.withdraw_nomination("former", by="gmb")
    held = p.convene(starts=clock.now(), agenda=("p-0001",), by=CHAIR)
    p.send_apologies(held, by="wlga")
    p.attend(held, "dss", by=CHAIR)
    p.open_meeting(held, by=CHAIR)
    p.attend(held, "gmb-rep", by="gmb")
    p.close_meeting(held, by=CHAIR)
    p.cancel_meeting(p.convene(starts=clock.now(), by=CHAIR), by=CHAIR)  # p-0001 carried over
    sitting = p.convene(starts=clock.now(), by=CHAIR)
    p.attend(sitting, "gmb-rep", by="gmb")
    p.open_meeting(sitting, by=CHAIR)
    p.convene(starts=clock.now(), by=CHAIR)  # m-0004, convened
    bases["busy"] = p.events[:]
    p.close_meeting(sitting, by=CHAIR)
    clock.set(pendulum.datetime(2025, 9, 3, 10, tz="Europe/London"))
    p.advance()  # the consultation closed, review r-0001 fell due
    bases["review due"] = p.events[:]
    chairless = cs.Partnership.replay(p.events, clock=clock)
    chairless.withdraw(by=CHAIR)  # any member acts for the chair; government is unrepresented
    bases["chair withdrawn"] = chairless.events[:]
    later = cs.SimulatedClock(pendulum.datetime(2025, 12, 3, 11, tz="Europe/London"))
    overdue = cs.Partnership.replay(p.events, clock=later)
    overdue.advance()  # three months' grace over: r-0001 is overdue
    bases["review overdue"] = overdue.events[:]
    p.open_review(by=CHAIR)
    decide(p, cs.ConcludeReview(review="r-0001", findings="The arrangements work."))
    bases["reviewed"] = p.events[:]
    decide(p, cs.Dissolve(rationale="The work is done."))
    bases["dissolved"] = p.events[:]
    bases.update(_programme_bases())
    return bases


def _programme_bases() -> dict[str, tuple[cs.Event, ...]]:
    """The work programme, in a partnership of its own so that the other bases stay short."""
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(CHARTER, clock=clock)
    for party in CHARTER.signatories:
        p.sign(by=party.id)
    clock.advance(hours=1)
    bases: dict[str, tuple[cs.Event, ...]] = {}
    # the work programme: p-0001 a model revised by p-0002, adopted twice, one withdrawn;
    # p-0003 a model rescinded by p-0004; milestones p-0005 met, p-0006 dropped by p-0007,
    # p-0008 left open (overdue in the "programme due" base)
    model = decide(
        p,
        cs.AdoptModel(
            topic="induction policies",
            title="Model induction policy",
            text="New staff shadow a colleague.",
            review_by=pendulum.date(2025, 9, 1),
        ),
    )
    decide(p, cs.ReviseModel(model=model, text="New staff have a mentor.", rationale="Better."))
    acme = cs.Employer(id="acme-care", name="Acme Care", sector="independent")
    p.record_adoption(model, employer=acme, embedded_in_contracts=True, by="unison")
    bryn = cs.Employer(id="bryn-care", name="Bryn Care", sector="independent")
    p.record_adoption(model, employer=bryn, embedded_in_contracts=False, by="gmb")
    p.withdraw_adoption(model, employer="bryn-care", by="gmb")
    rota = decide(p, cs.AdoptModel(topic="rotas", title="Model rota", text="Four weeks ahead."))
    decide(p, cs.RescindModel(model=rota, rationale="Superseded."))
    met = decide(
        p, cs.SetMilestone(title="Agree induction", due=pendulum.date(2025, 6, 30), owner="unison")
    )
    p.report_progress(met, note="Draft shared.", by="unison")
    p.report_progress(met, note="Agreed.", done=True, by="unison")
    dropped = decide(
        p, cs.SetMilestone(title="A survey", due=pendulum.date(2025, 3, 31), owner="gmb")
    )
    decide(p, cs.DropMilestone(milestone=dropped, rationale="Overtaken by events."))
    decide(
        p,
        cs.SetMilestone(
            title="Publish the models", due=pendulum.date(2025, 6, 30), owner="care-forum-wales"
        ),
    )
    bases["programme"] = p.events[:]
    clock.set(pendulum.datetime(2025, 9, 3, 10, tz="Europe/London"))
    p.advance()  # p-0008 is overdue, p-0001's review date has come
    bases["programme due"] = p.events[:]
    return bases


BASES = _bases()


REFERENCES = {
    base: cs.Partnership.replay(events, clock=cs.SimulatedClock(events[-1].at))
    for base, events in BASES.items()
}


def fresh(base: str) -> cs.Partnership:
    """A partnership replayed from ``base``, its clock an hour after its last event.

    The log was just replayed strictly into :data:`REFERENCES`, so the trusted
    (faster) replay suffices here.
    """
    events = BASES[base]
    clock = cs.SimulatedClock(events[-1].at.add(hours=1))
    return cs.Partnership.replay(events, clock=clock, trusted=True)


def assert_round_trips(p: cs.Partnership) -> None:
    """The log encodes one line an event, decodes to itself, and replays strictly to ``p``."""
    text = cs.events_to_jsonl(p.events)
    assert text.count("\n") == len(p.events)
    assert len(text.splitlines()) == len(p.events)
    decoded = cs.events_from_jsonl(text)
    assert decoded == p.events
    assert cs.Partnership.replay(decoded) == p


def is_id(value: object) -> bool:
    return type(value) is str and ID.fullmatch(value) is not None


def tell(text: str) -> None:
    """Record ``text`` with a falsifying example (outside hypothesis, nowhere)."""
    if currently_in_test_context():
        note(text)


def check_message(err: cs.ConsensusError, by: object = None) -> None:
    """A refusal reads as a sentence, naming who tried when ``by`` is an id."""
    message = str(err)
    assert message.strip()
    if is_id(by):
        assert by in message, f"the message does not name {by}: {message}"


def attempt(
    p: cs.Partnership,
    name: str,
    args: tuple[object, ...],
    kwargs: dict[str, Any],
    reference: cs.Partnership | None = None,
) -> None:
    """Call ``p.<name>(*args, **kwargs)``: refused cleanly, or accepted with a log that round-trips.

    ``reference``, if given, is ``p`` as strict replay of its log builds it.
    """
    before = p.events
    method = getattr(p, name)
    try:
        method(*args, **kwargs)
    except cs.ConsensusError as err:
        tell(f"refused: {type(err).__name__}: {str(err)[:300]}")
        assert p.events == before, "the log changed although the command was refused"
        expected = reference if reference is not None else cs.Partnership.replay(before)
        assert p == expected, "the state changed although the command was refused"
        check_message(err, by=kwargs.get("by"))
        return
    tell("accepted")
    assert_round_trips(p)


def sweep(cases: Iterable[tuple[str, Callable[[], object]]]) -> list[str]:
    """Run every case; one line for each distinct failure (kind and place), with a count and an example."""
    found: dict[tuple[str, str], list[str]] = {}
    for label, run in cases:
        try:
            run()
        except Exception as err:  # every failure is collected, whatever it is
            frames = traceback.extract_tb(err.__traceback__)
            inside = [f for f in frames if "/src/consensus/" in f.filename]
            frame = (inside or frames)[-1]
            place = f"{Path(frame.filename).name}:{frame.lineno}"
            if isinstance(err, AssertionError):
                place += " " + (str(err).splitlines() or [""])[0][:60]
            try:
                detail = str(err)
            except Exception:
                detail = "<str() failed>"
            found.setdefault((type(err).__name__, place), []).append(f"{label}: {detail[:120]}")
    return [
        f"{kind} at {place} ({len(labels)} cases), e.g. {labels[0]}"
        for (kind, place), labels in found.items()
    ]


def assert_no_problems(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} distinct failures:\n" + "\n".join(problems)


# ----------------------------------------------------------------------------- the commands


SIGNATURES: dict[str, tuple[str, ...]] = {
    "sign": ("by", "at"),
    "propose": ("motion", "by", "at"),
    "table": ("pid", "by", "at"),
    "record_position": ("pid", "position", "by", "reason", "at"),
    "withdraw_proposal": ("pid", "by", "at"),
    "conclude": ("pid", "by", "at"),
    "withdraw": ("by", "at"),
    "respond": ("cid", "text", "by", "channel", "at"),
    "close_consultation": ("cid", "by", "at"),
    "open_review": ("by", "at"),
    "nominate": ("person", "role", "by", "at"),
    "withdraw_nomination": ("person", "by", "at"),
    "convene": ("starts", "agenda", "by", "at"),
    "send_apologies": ("mid", "by", "at"),
    "attend": ("mid", "person", "by", "at"),
    "open_meeting": ("mid", "by", "at"),
    "close_meeting": ("mid", "by", "at"),
    "cancel_meeting": ("mid", "by", "at"),
    "record_adoption": ("model", "employer", "embedded_in_contracts", "by", "at"),
    "withdraw_adoption": ("model", "employer", "by", "at"),
    "report_progress": ("milestone", "note", "done", "by", "at"),
    "advance": ("to",),
}
QUERIES: dict[str, tuple[str, ...]] = {
    "membership": ("party",),
    "proposal": ("pid",),
    "consultation": ("cid",),
    "review": ("rid",),
    "charter_at": ("instant",),
    "tally": ("pid",),
    "meeting": ("mid",),
    "nominations": ("party",),
    "model": ("model_id",),
    "adoptions": ("model_id",),
    "milestone": ("milestone_id",),
    "as_of": ("instant",),
    "awaiting_positions": ("pid",),
    "closing_date": ("cid",),
}
POSITIONAL = frozenset(
    {"motion", "pid", "position", "cid", "text", "party", "rid", "instant", "person", "mid"}
    | {"model", "milestone", "model_id", "milestone_id"}
)


def test_every_public_method_of_partnership_is_attacked() -> None:
    """The tables above cover every public method, with its real parameter names."""
    public = {
        name
        for name, member in inspect.getmembers(cs.Partnership)
        if not name.startswith("_") and callable(member)
    }
    assert public == set(SIGNATURES) | set(QUERIES) | {"draft", "replay", "load"}
    for name, params in {**SIGNATURES, **QUERIES}.items():
        real = tuple(inspect.signature(getattr(cs.Partnership, name)).parameters)[1:]
        assert real == params, name


def motions(p: cs.Partnership) -> list[Arg]:
    """Motions of every kind, some that apply now and some that cannot."""
    ids = list(p.proposals) or ["p-0001"]
    return [
        arg(cs.Resolution(title="Model induction policy", text="x", topic="induction")),
        arg(cs.Resolution(title="\u2028\x00", text="line\nbreak\u2029", topic="\x00")),
        arg(cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers"))),
        arg(cs.Admit(party=cs.PartyRecord(id="acme", name="\x00", constituency="employers"))),
        arg(cs.Admit(party=cs.PartyRecord(id="tuc", name="TUC", constituency="workers"))),
        arg(cs.Admit(party=cs.PartyRecord(id="gmb", name="GMB", constituency="nowhere"))),
        arg(cs.Admit(party=cs.PartyRecord(id="new", name="New", constituency="nowhere"))),
        *(
            arg(
                cs.Consult(
                    proposal=pid, advisors=("tuc",), question="?", closes=pendulum.date(2026, 1, 1)
                )
            )
            for pid in ids[:4]
        ),
        arg(
            cs.Consult(
                proposal="p-0002", advisors=("nobody",), question="?", closes=dt.date(2999, 12, 31)
            )
        ),
        arg(
            cs.Consult(
                proposal="p-0002", advisors=("tuc",), question="?", closes=dt.date(1900, 1, 1)
            )
        ),
        arg(
            cs.Consult(
                proposal="p-0002", advisors=("tuc",), question="?", closes=dt.date(2999, 12, 31)
            )
        ),
        arg(cs.Amend(clauses={"7.2": None}, rationale="Funded.")),
        arg(cs.Amend(clauses={"99.9": None}, rationale="No such clause.")),
        arg(cs.Amend(chair="unite", rationale="A new chair.")),
        arg(cs.Amend(chair="nobody", rationale="Not a member.")),
        arg(cs.Amend(rule="no-such-rule", rationale="?")),
        arg(cs.Amend(required_constituencies=(), rationale="None needed.")),
        arg(cs.Amend(required_constituencies=("nowhere",), rationale="?")),
        arg(cs.Amend(review_period_months=120, rationale="Rarely.")),
        arg(cs.Amend(add_advisors=(cs.AdvisorRecord(id="gmb", name="GMB"),), rationale="?")),
        arg(cs.Amend(remove_advisors=("nobody",), rationale="?")),
        arg(cs.ConcludeReview(review="r-0001", findings="It works.")),
        arg(cs.ConcludeReview(review="r-0009", findings="?")),
        arg(cs.Dissolve(rationale="Done.")),
        arg(cs.AdoptModel(topic="induction policies", title="Induction", text="Shadowing.")),
        arg(cs.AdoptModel(topic="x", title="Past", text="x", review_by=dt.date(2000, 1, 1))),
        arg(cs.ReviseModel(model="p-0001", text="Mentoring again.", rationale="?")),
        arg(cs.ReviseModel(model="p-0003", text="Rescinded.", rationale="?")),
        arg(cs.RescindModel(model="p-9999", rationale="?")),
        arg(cs.SetMilestone(title="Later", due=pendulum.date(2030, 1, 1), owner="unison")),
        arg(cs.SetMilestone(title="Past", due=dt.date(2000, 1, 1), owner="unison")),
        arg(cs.SetMilestone(title="Stranger", due=dt.date(2030, 1, 1), owner="nobody")),
        arg(cs.DropMilestone(milestone="p-0008", rationale="?")),
        arg(cs.DropMilestone(milestone="p-0005", rationale="Met already.")),
    ]


def plausible(name: str, p: cs.Partnership) -> st.SearchStrategy[Arg]:
    """Values of the right kind for parameter ``name``, valid or not for ``p`` now."""
    last = p.last_event_at
    later = st.integers(0, 800 * 24 * 3600).map(lambda s: arg(last.add(seconds=s)))
    pids = [*p.proposals, "p-9999"]
    if name == "by":
        return st.sampled_from(PARTIES).map(arg)
    if name in ("at", "to", "instant"):
        return st.one_of(st.just(arg(None)), later)
    if name == "motion":
        return st.sampled_from(motions(p))
    if name == "pid":
        return st.sampled_from(pids).map(arg)
    if name == "cid":
        return st.sampled_from([*p.consultations, "p-0001", "p-9999"]).map(arg)
    if name == "position":
        return st.sampled_from([*cs.Position, "agree", "block"]).map(arg)
    if name == "channel":
        return st.sampled_from([*cs.Channel, "email", "in_person"]).map(arg)
    if name == "text":
        return st.one_of(st.just(arg("Fine.")), st.text(min_size=1, max_size=20).map(arg))
    if name == "party":
        return st.sampled_from(PARTIES).map(arg)
    if name == "rid":
        return st.sampled_from(["r-0001", "r-0002"]).map(arg)
    if name == "reason":
        return st.sampled_from([None, "Small providers cannot release staff."]).map(arg)
    if name == "person":
        return st.sampled_from(
            [
                arg(cs.Person(id="new-deputy", name="New deputy")),
                *map(arg, ("dss", "gmb-rep", "nobody")),
            ]
        )
    if name == "role":
        return st.sampled_from(["representative", "deputy"]).map(arg)
    if name == "mid":
        return st.sampled_from([*p.meetings, "m-9999"]).map(arg)
    if name == "starts":
        return later
    if name in ("model", "model_id"):
        return st.sampled_from([*p.models, "p-0001", "p-9999"]).map(arg)
    if name in ("milestone", "milestone_id"):
        return st.sampled_from([*p.milestones, "p-0001", "p-9999"]).map(arg)
    if name == "employer":
        return st.sampled_from(
            [
                arg(cs.Employer(id="acme-care", name="Acme Care", sector="independent")),
                arg(cs.Employer(id="new-care", name="New Care", sector="independent")),
                arg(cs.Employer(id="council", name="A council", sector="local-authority")),
                *map(arg, ("acme-care", "bryn-care", "nobody")),
            ]
        )
    if name in ("embedded_in_contracts", "done"):
        return st.sampled_from([True, False]).map(arg)
    if name == "note":
        return st.one_of(st.just(arg("On track.")), st.text(min_size=1, max_size=20).map(arg))
    if name == "agenda":
        return st.sampled_from([(), ("p-0001",), tuple(pids[:2]), ("p-9999",)]).map(arg)
    raise AssertionError(name)


def draw_call(
    data: st.DataObject,
    p: cs.Partnership,
    params: tuple[str, ...],
    hostile: st.SearchStrategy[Arg],
) -> tuple[tuple[object, ...], dict[str, Any]]:
    """Arguments for one call: at least one drawn from ``hostile``, the rest plausible."""
    attacked = data.draw(
        st.sets(st.sampled_from(params), min_size=1, max_size=len(params)), label="attacked"
    )
    args: list[object] = []
    kwargs: dict[str, Any] = {}
    for param in params:
        source = hostile if param in attacked else plausible(param, p)
        value = data.draw(source, label=param).get()
        if param in POSITIONAL:
            args.append(value)
        else:
            kwargs[param] = value
    return tuple(args), kwargs


@given(data=st.data())
def test_commands_refuse_hostile_values_and_change_nothing(data: st.DataObject) -> None:
    """Every command, given plain hostile values: a ConsensusError that changes nothing, or a sound log."""
    base = data.draw(st.sampled_from(sorted(BASES)), label="base")
    p = fresh(base)
    name = data.draw(st.sampled_from(sorted(SIGNATURES)), label="command")
    args, kwargs = draw_call(data, p, SIGNATURES[name], PLAIN)
    attempt(p, name, args, kwargs, REFERENCES[base])


AT = arg(None)
SWEPT: dict[str, tuple[str, dict[str, Arg]]] = {
    # command: (the base it acts on, values with which it would be accepted there)
    "sign": ("forming", {"by": arg("rcn"), "at": AT}),
    "propose": (
        "busy",
        {"motion": arg(cs.Resolution(title="T", text="x")), "by": arg("unison"), "at": AT},
    ),
    "table": ("busy", {"pid": arg("p-0001"), "by": arg(CHAIR), "at": AT}),
    "record_position": (
        "busy",
        {
            "pid": arg("p-0002"),
            "position": arg(cs.Position.AGREE),
            "by": arg("gmb"),
            "reason": arg("Workable."),
            "at": AT,
        },
    ),
    "withdraw_proposal": ("busy", {"pid": arg("p-0002"), "by": arg("gmb"), "at": AT}),
    "conclude": ("busy", {"pid": arg("p-0002"), "by": arg(CHAIR), "at": AT}),
    "withdraw": ("busy", {"by": arg("gmb"), "at": AT}),
    "respond": (
        "busy",
        {
            "cid": arg("p-0004"),
            "text": arg("Fine."),
            "by": arg("adss"),
            "channel": arg(cs.Channel.EMAIL),
            "at": AT,
        },
    ),
    "close_consultation": ("busy", {"cid": arg("p-0004"), "by": arg(CHAIR), "at": AT}),
    "open_review": ("review due", {"by": arg(CHAIR), "at": AT}),
    "nominate": (
        "busy",
        {
            "person": arg(cs.Person(id="new-deputy", name="New deputy")),
            "role": arg("deputy"),
            "by": arg("unison"),
            "at": AT,
        },
    ),
    "withdraw_nomination": ("busy", {"person": arg("gmb-rep"), "by": arg("gmb"), "at": AT}),
    "convene": (
        "busy",
        {
            "starts": arg(pendulum.datetime(2030, 1, 15, 10, tz="Europe/London")),
            "agenda": arg(("p-0002",)),
            "by": arg(CHAIR),
            "at": AT,
        },
    ),
    "send_apologies": ("busy", {"mid": arg("m-0004"), "by": arg("unison"), "at": AT}),
    "attend": ("busy", {"mid": arg("m-0004"), "person": arg("dss"), "by": arg(CHAIR), "at": AT}),
    "open_meeting": ("review due", {"mid": arg("m-0004"), "by": arg(CHAIR), "at": AT}),
    "close_meeting": ("busy", {"mid": arg("m-0003"), "by": arg(CHAIR), "at": AT}),
    "cancel_meeting": ("busy", {"mid": arg("m-0004"), "by": arg(CHAIR), "at": AT}),
    "record_adoption": (
        "programme",
        {
            "model": arg("p-0001"),
            "employer": arg(cs.Employer(id="new-care", name="New Care", sector="independent")),
            "embedded_in_contracts": arg(True),
            "by": arg("care-forum-wales"),
            "at": AT,
        },
    ),
    "withdraw_adoption": (
        "programme",
        {"model": arg("p-0001"), "employer": arg("acme-care"), "by": arg("unison"), "at": AT},
    ),
    "report_progress": (
        "programme",
        {
            "milestone": arg("p-0008"),
            "note": arg("Drafting."),
            "done": arg(False),
            "by": arg("care-forum-wales"),
            "at": AT,
        },
    ),
    "advance": ("review due", {"to": AT}),
}


def test_the_sweeps_start_from_calls_that_work() -> None:
    """Every command of the sweeps is accepted with its plausible values (but conclude, pending)."""
    assert list(SWEPT) == list(SIGNATURES)
    for name, (base, chosen) in SWEPT.items():
        assert tuple(chosen) == SIGNATURES[name]
        p = fresh(base)
        call = getattr(p, name)
        args = tuple(chosen[q].get() for q in SIGNATURES[name] if q in POSITIONAL)
        kwargs = {q: chosen[q].get() for q in SIGNATURES[name] if q not in POSITIONAL}
        if name == "conclude":
            with pytest.raises(cs.DecisionPending):
                call(*args, **kwargs)
        else:
            call(*args, **kwargs)


def command_cases(values: list[Arg]) -> Iterator[tuple[str, Callable[[], object]]]:
    """Every command with each of ``values`` in each argument in turn."""
    for name, (base, plausible_values) in SWEPT.items():
        for attacked in plausible_values:
            for value in values:
                chosen = {**plausible_values, attacked: value}

                def run(
                    name: str = name, base: str = base, chosen: dict[str, Arg] = chosen
                ) -> None:
                    args = tuple(chosen[q].get() for q in SIGNATURES[name] if q in POSITIONAL)
                    kwargs = {q: chosen[q].get() for q in SIGNATURES[name] if q not in POSITIONAL}
                    attempt(fresh(base), name, args, kwargs, REFERENCES[base])

                yield f"{name}({attacked}={value!r})", run


def test_commands_refuse_every_listed_hostile_value() -> None:
    """Each listed plain hostile value in each argument of each command: refused cleanly, or sound."""
    assert_no_problems(sweep(command_cases(PLAIN_VALUES)))


def test_commands_survive_every_value_whose_methods_raise() -> None:
    """Objects whose __eq__/__hash__/__str__/__repr__/__bool__ raise, in each argument of each command."""
    assert_no_problems(sweep(command_cases(RAISING_VALUES)))


@given(data=st.data())
def test_a_sequence_of_plausible_commands_keeps_the_log_sound(data: st.DataObject) -> None:
    """Several commands in a row with plausible values only: refused cleanly or sound."""
    bases = ["busy", "review due", "chair withdrawn", "programme"]
    p = fresh(data.draw(st.sampled_from(bases), label="base"))
    for _ in range(data.draw(st.integers(1, 6), label="steps")):
        name = data.draw(st.sampled_from(sorted(SIGNATURES)), label="command")
        params = SIGNATURES[name]
        args: list[object] = []
        kwargs: dict[str, Any] = {}
        for param in params:
            value = data.draw(plausible(param, p), label=param).get()
            if param in POSITIONAL:
                args.append(value)
            else:
                kwargs[param] = value
        attempt(p, name, tuple(args), kwargs)


def query_cases(values: list[Arg]) -> Iterator[tuple[str, Callable[[], object]]]:
    p = fresh("review due")

    def ask(name: str, value: Arg) -> None:
        before = p.events
        with contextlib.suppress(cs.ConsensusError):
            getattr(p, name)(value.get())
        assert p.events == before

    for name, (param,) in QUERIES.items():
        for value in values:
            yield f"{name}({param}={value!r})", lambda n=name, v=value: ask(n, v)


def test_queries_answer_or_refuse_every_listed_hostile_value() -> None:
    """The queries taking an argument answer, or raise a ConsensusError, for every listed value."""
    assert_no_problems(sweep(query_cases(PLAIN_VALUES + RAISING_VALUES)))


@given(data=st.data())
def test_queries_answer_or_refuse_generated_values(data: st.DataObject) -> None:
    """The same for generated values, on every starting state."""
    p = fresh(data.draw(st.sampled_from(sorted(BASES)), label="base"))
    name = data.draw(st.sampled_from(sorted(QUERIES)), label="query")
    value = data.draw(st.one_of(GENERATED, plausible(QUERIES[name][0], p)), label="value").get()
    before = p.events
    with contextlib.suppress(cs.ConsensusError):
        getattr(p, name)(value)
    assert p.events == before


def test_refusals_name_the_acting_party() -> None:
    """A sample of refusals, one per command: the message starts with who tried."""
    p = fresh("review due")
    calls: list[tuple[str, tuple[object, ...], dict[str, Any]]] = [
        ("sign", (), {"by": "unison"}),
        ("propose", ("not a motion",), {"by": "gmb"}),
        ("propose", (cs.Resolution(title="T", text="x"),), {"by": "rcn"}),
        ("table", ("p-0001",), {"by": "gmb"}),
        ("table", ("p-9999",), {"by": CHAIR}),
        ("record_position", ("p-0002", "yes"), {"by": "gmb"}),
        ("record_position", ("p-0001", cs.Position.AGREE), {"by": "gmb"}),
        ("withdraw_proposal", ("p-0002",), {"by": "unison"}),
        ("conclude", ("p-0002",), {"by": CHAIR}),
        ("conclude", ("p-0002",), {"by": "unite", "at": dt.datetime(2030, 1, 1)}),
        ("withdraw", (), {"by": "tuc"}),
        ("respond", ("p-0004", "Late."), {"by": "adss", "channel": "email"}),
        ("respond", ("p-0004", "x"), {"by": "tuc", "channel": "pigeon"}),
        ("close_consultation", ("p-0004",), {"by": "gmb"}),
        ("open_review", (), {"by": "gmb"}),
        ("open_review", (), {"by": CHAIR, "at": dt.datetime(1, 1, 1, tzinfo=dt.UTC)}),
        ("open_review", (), {"by": CHAIR, "at": p.events[0].at}),
    ]
    for name, args, kwargs in calls:
        before = p.events
        with pytest.raises(cs.ConsensusError) as caught:
            getattr(p, name)(*args, **kwargs)
        assert p.events == before
        assert str(caught.value).startswith(f"{kwargs['by']} cannot "), (name, str(caught.value))


KNOWN_CALLS: list[tuple[str, str, tuple[object, ...], dict[str, Any]]] = [
    # (base, command, args, kwargs): calls hypothesis found or might miss
    ("busy", "respond", ("p-0004", "a lone \ud800 surrogate"), {"by": "adss", "channel": "email"}),
    ("busy", "respond", ("p-0004", "u" * (MB + 1)), {"by": "adss", "channel": "email"}),
    (
        "busy",
        "respond",
        ("p-0004", "\x00\u2028\u2029\x85\r\n"),
        {"by": "adss", "channel": "letter"},
    ),
    ("busy", "respond", ("p-0004", " \n"), {"by": "adss", "channel": "email"}),
    ("busy", "respond", ("p-0004", "x"), {"by": "adss", "channel": "EMAIL"}),
    (
        "busy",
        "withdraw",
        (),
        {
            "by": "gmb",
            # 2999 where it was given, 3000 in London: past the last year an instant may fall in
            "at": dt.datetime(2999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-14))),
        },
    ),
    ("busy", "withdraw", (), {"by": "gmb", "at": pendulum.datetime(2999, 12, 31, 23, 59)}),
    ("busy", "withdraw", (), {"by": "gmb", "at": dt.datetime(2025, 1, 1, tzinfo=NoOffset())}),
    ("busy", "withdraw", (), {"by": CYRILLIC_UNISON}),
    ("busy", "withdraw", (), {"by": "unison\n"}),
    ("busy", "propose", (cs.Resolution(title="T", text="x"),), {"by": " unison"}),
    ("busy", "record_position", ("p-0002\n", "agree"), {"by": "gmb"}),
    ("busy", "record_position", ("p-0002", "agree\n"), {"by": "gmb"}),
    ("busy", "record_position", ("p-0002", cs.Outcome.AGREED), {"by": "gmb"}),
    ("review due", "advance", (), {"to": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)}),
    ("review due", "advance", (), {"to": pendulum.datetime(2999, 12, 31, 23, tz="UTC")}),
    ("busy", "table", ("p-0001",), {"by": CHAIR, "at": pendulum.date(2025, 1, 1)}),
    ("busy", "table", (1,), {"by": CHAIR}),
    ("busy", "table", (math.nan,), {"by": CHAIR}),
    ("busy", "table", (["p-0001"],), {"by": CHAIR}),
    ("busy", "table", (b"p-0001",), {"by": CHAIR}),
]


@pytest.mark.parametrize(
    ("base", "name", "args", "kwargs"),
    KNOWN_CALLS,
    ids=[f"{name}-{i}" for i, (_, name, _, _) in enumerate(KNOWN_CALLS)],
)
def test_known_hostile_calls(
    base: str, name: str, args: tuple[object, ...], kwargs: dict[str, Any]
) -> None:
    """Calls worth running every time: refused cleanly, or accepted with a log that round-trips."""
    attempt(fresh(base), name, args, kwargs, REFERENCES[base])


def test_responses_refuse_what_a_log_cannot_hold() -> None:
    """A response holding a lone surrogate, or more than a megabyte, is refused as InvalidArgument."""
    p = fresh("busy")
    for text in ("a lone \ud800 surrogate", "u" * (MB + 1)):
        with pytest.raises(cs.InvalidArgument):
            p.respond("p-0004", text, by="adss", channel="email")
        assert p.events == BASES["busy"]


@pytest.mark.parametrize(
    "tz", [None, 123, "", "\x00", "localtime", "Mars/Olympus", "+05:00", b"UTC", math.nan]
)
def test_end_of_day_refuses_what_is_not_an_iana_zone(tz: object) -> None:
    """end_of_day accepts only IANA zone names, and never returns a naive instant."""
    with pytest.raises(cs.InvalidArgument):
        cs.end_of_day(pendulum.date(2025, 6, 25), tz)  # type: ignore[arg-type]


def test_deep_nesting_is_refused() -> None:
    """100,000 nested brackets: an IntegrityError from the codec, a CharterError from the TOML reader."""
    for text in ("[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 100_000):
        with pytest.raises(cs.IntegrityError):
            cs.events_from_jsonl(text)
    for text in ("x = " + "[" * 100_000, "x = " + "{a = " * 100_000):
        with pytest.raises(cs.CharterError):
            cs.parse_charter(text)


# ----------------------------------------------------------------------------- clocks


class BadClock:
    """A clock whose now() returns ``value``, or raises it if it is an exception."""

    def __init__(self, value: object) -> None:
        self.value = value

    def now(self) -> object:
        if isinstance(self.value, BaseException):
            raise self.value
        return self.value


BAD_NOW = {
    "text": "2025-01-01T10:00:00+00:00",
    "None": None,
    "a date": dt.date(2025, 1, 1),
    "a timestamp": 1_735_725_600,
    "naive": dt.datetime(2025, 1, 1, 10),
    "naive pendulum": pendulum.naive(2025, 1, 1, 10),
    "no offset": dt.datetime(2025, 1, 1, 10, tzinfo=NoOffset()),
    "year 1": dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    "year 9999": dt.datetime(9999, 12, 31, tzinfo=dt.UTC),
    "raises ValueError": ValueError("no signal"),
    "raises OSError": OSError("clock device gone"),
    "raises RecursionError": RecursionError(),
    "raises KeyError": KeyError("tz"),
}


@pytest.mark.parametrize("case", sorted(BAD_NOW))
def test_a_broken_clock_is_a_clock_error(case: str) -> None:
    """A clock whose now() is not an aware datetime in range, or raises, gives ClockError everywhere."""
    clock = BadClock(BAD_NOW[case])
    with pytest.raises(cs.ClockError):
        cs.Partnership.draft(CHARTER, clock=clock)
    p = cs.Partnership.replay(BASES["busy"], clock=clock)
    before = p.events
    for command, kwargs in [
        (p.sign, {"by": "unison"}),
        (p.propose, {"motion": cs.Resolution(title="T", text="x"), "by": "unison"}),
        (p.table, {"pid": "p-0001", "by": CHAIR}),
        (p.withdraw, {"by": "gmb"}),
        (p.open_review, {"by": CHAIR}),
        (p.advance, {}),
    ]:
        with pytest.raises(cs.ClockError):
            command(**kwargs)
        assert p.events == before
    # A command given its own at= never asks the clock.
    p.withdraw(by="gmb", at=before[-1].at)
    assert p.membership("gmb").state == "withdrawn"


# ----------------------------------------------------------------------------- constructors and functions


@attrs.frozen(kw_only=True)
class FuzzMotion:
    """A well-formed downstream motion, registered only into fresh registries."""

    KIND = "fuzz_motion"
    memo: str

    def describe(self) -> str:
        return f"note {self.memo}"


class FuzzRule:
    """A well-formed downstream rule, registered only into fresh registries."""

    name = "fuzz-rule"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        return cs.Unanimity().decide(ballot)


def _motion_class(**namespace: object) -> Callable[[], object]:
    def make() -> object:
        return attrs.frozen(type("Odd", (), {"describe": lambda self: "odd", **namespace}))

    return make


def _rule(**namespace: object) -> Callable[[], object]:
    return lambda: type("OddRule", (), namespace)()


ODD_MOTION_CLASSES = [
    Arg("class without attrs", lambda: type("Plain", (), {"KIND": "plain", "describe": len})),
    Arg(
        "mutable attrs class", lambda: attrs.define(type("M", (), {"KIND": "m", "describe": len}))
    ),
    Arg("KIND 'resolution'", _motion_class(KIND="resolution")),
    Arg("KIND 'Bad Kind'", _motion_class(KIND="Bad Kind")),
    Arg("KIND 'odd\\n'", _motion_class(KIND="odd\n")),
    Arg("KIND None", _motion_class(KIND=None)),
    Arg("KIND 'x' * 100_000", _motion_class(KIND="x" * 100_000)),
    Arg("KIND EvilStr", _motion_class(KIND=EvilStr("odd"))),
    Arg("describe = 5", _motion_class(KIND="odd", describe=5)),
    Arg("check = 5", _motion_class(KIND="odd", check=5)),
    Arg("a motion instance", lambda: cs.Resolution(title="T", text="x")),
]
ODD_RULES = [
    Arg("rule without decide", _rule(name="odd")),
    Arg("rule named None", _rule(name=None, decide=lambda self, b: cs.Outcome.AGREED)),
    Arg("rule named 'unanimity'", _rule(name="unanimity", decide=lambda self, b: None)),
    Arg("rule named 'Odd Rule'", _rule(name="Odd Rule", decide=lambda self, b: None)),
    Arg("rule named 'odd\\n'", _rule(name="odd\n", decide=lambda self, b: None)),
    Arg("rule named EvilStr", _rule(name=EvilStr("odd"), decide=lambda self, b: None)),
    Arg("rule named RaisingHash", _rule(name=RaisingHash(), decide=lambda self, b: None)),
    Arg("the Unanimity class", lambda: cs.Unanimity),
]


def _jsonl_variants() -> list[Arg]:
    text = cs.events_to_jsonl(BASES["busy"])
    lines = text.splitlines()
    return [
        arg(text, "the busy log"),
        arg(text.replace("\n", "\r\n"), "the busy log, CRLF"),
        arg("\n".join(lines[1:]), "the busy log without its first line"),
        arg("[" * 100_000, "'[' * 100_000"),
        arg('{"a":' * 100_000, "'{\"a\":' * 100_000"),
        arg("[" * 100_000 + "]" * 100_000, "100_000 nested empty lists"),
        arg(lines[0][:-1] + "," + lines[0][1:], "first line with every key twice"),
        arg(lines[0].replace('"format":2', '"format":2.0'), "format 2.0"),
        arg(lines[0].replace('"format":2', '"format":99'), "format 99"),
        arg(lines[0].replace('"format":2', '"format":true'), "format true"),
        arg(lines[0].replace('"version":1', '"version":1e400'), "version 1e400"),
        arg(lines[0].replace('"version":1', '"version":' + "9" * 5000), "version of 5000 digits"),
        arg(lines[0].replace('"version":1', '"version":NaN'), "version NaN"),
        arg(lines[0].replace('"version":1', '"version":-Infinity'), "version -Infinity"),
        arg(lines[0].replace('"title":"', '"title":"\\ud800'), "a lone surrogate escaped"),
        arg(lines[0].replace('"title":"', '"title":"\\u0000'), "a NUL escaped"),
        arg("\x00", "NUL"),
        arg("\ufeff" + text, "a BOM first"),
    ]


def _toml_variants() -> list[Arg]:
    text = CHARTER_PATH.read_text(encoding="utf-8")
    return [
        arg(text, "the bundled charter"),
        arg("x = " + "[" * 100_000, "TOML nested 100_000 arrays deep"),
        arg("x = " + "{a = " * 100_000, "TOML nested 100_000 tables deep"),
        arg(text.replace("version = 1", "version = 1e400"), "version = 1e400"),
        arg(text.replace("version = 1", "version = nan"), "version = nan"),
        arg(text.replace("version = 1", "version = " + "9" * 5000), "version of 5000 digits"),
        arg(text.replace("version = 1", "version = 99999999999999999999"), "version 2**66"),
        arg(text.replace("version = 1", "version = -1"), "version = -1"),
        arg(text.replace("version = 1", "version = true"), "version = true"),
        arg(
            text.replace("review_period_months = 12", "review_period_months = 10_000_000"),
            "a review period of 10 million months",
        ),
        arg(
            text.replace("review_grace_months = 3", "review_grace_months = -5"),
            "a negative grace",
        ),
        arg(text.replace('ratified = "2024-09"', "ratified = 2024-09-01"), "ratified as a date"),
        arg(text.replace('ratified = "2024-09"', 'ratified = "0000-00"'), "ratified 0000-00"),
        arg(text.replace('timezone = "Europe/London"', 'timezone = "localtime"'), "localtime"),
        arg(text.replace('timezone = "Europe/London"', 'timezone = "\\u0000"'), "zone NUL"),
        arg(text.replace('chair = "welsh-government"', 'chair = "tuc"'), "an advisor chairs"),
        arg(text.replace('id = "gmb"', 'id = "un\\u0456son"'), "a Cyrillic id"),
        arg(text.replace('id = "gmb"', 'id = "unison"'), "a duplicate id"),
        arg(text.replace('id = "gmb"', 'id = "gmb\\n"'), "an id with a newline"),
        arg(text.replace('id = "tuc"', 'id = "gmb"'), "an advisor with a partner's id"),
        arg(text.replace('id = "6.3"', 'id = "6.3\\n"'), "a clause id with a newline"),
        arg(text.replace('rule = "unanimity"', 'rule = "no-such"'), "an unknown rule"),
        arg(text + "\n[rules]\nAmend = 5\n", "rules with a bad kind and a number"),
        arg(text + "\nextra = 1\n", "an unknown key"),
        arg("\x00", "NUL"),
        arg("title = '\ud800'", "a lone surrogate"),
    ]


Signature = tuple[Callable[..., object], dict[str, Arg], dict[str, list[Arg]]]

FUNCTIONS: dict[str, Signature] = {
    # name: (the callable, a plausible value for each parameter, more values worth trying)
    "Resolution": (
        cs.Resolution,
        {"title": arg("T"), "text": arg("x"), "topic": arg(None)},
        {},
    ),
    "Admit": (
        cs.Admit,
        {"party": arg(cs.PartyRecord(id="unite", name="U", constituency="workers"))},
        {
            "party": [
                arg(cs.PartyRecord(id="", name="U", constituency="workers")),
                arg(cs.PartyRecord(id="UNITE", name="U", constituency="workers")),
                arg(cs.PartyRecord(id="unite\n", name="U", constituency="workers")),
                arg(cs.PartyRecord(id="unite", name=" ", constituency="workers")),
                arg(cs.PartyRecord(id="unite", name="U", constituency="")),
                arg(cs.AdvisorRecord(id="acas", name="Acas")),
            ]
        },
    ),
    "Consult": (
        cs.Consult,
        {
            "proposal": arg("p-0002"),
            "advisors": arg(("tuc",)),
            "question": arg("?"),
            "closes": arg(pendulum.date(2025, 6, 25)),
        },
        {
            "advisors": [
                arg(()),
                arg(("tuc", "tuc")),
                arg(("TUC",)),
                Arg("iter(['tuc'])", lambda: iter(["tuc"])),
            ],
            "closes": [arg(pendulum.datetime(2025, 6, 25)), arg(dt.date.min), arg(dt.date.max)],
        },
    ),
    "Amend": (
        cs.Amend,
        {
            "rationale": arg("Why."),
            "clauses": arg({"7.2": None}),
            "headings": arg({}),
            "add_advisors": arg(()),
            "remove_advisors": arg(()),
            "rule": arg(None),
            "chair": arg(None),
            "required_constituencies": arg(None),
            "review_period_months": arg(None),
            "scope": arg(None),
        },
        {
            "scope": [arg(cs.Scope(excluded_sectors=("nhs",))), arg(("care staff",))],
            "clauses": [arg({"": "x"}), arg({"6.3\n": "x"}), arg({"6.3": ""}), arg({1: "x"})],
            "headings": [arg({"6.3": ""}), arg({"6.3": None})],
            "review_period_months": [arg(0), arg(121), arg(True), arg(12.0)],
            "required_constituencies": [arg(("",)), arg("workers"), arg(("Workers",))],
        },
    ),
    "ConcludeReview": (
        cs.ConcludeReview,
        {"review": arg("r-0001"), "findings": arg("Fine.")},
        {},
    ),
    "Dissolve": (cs.Dissolve, {"rationale": arg("Done.")}, {}),
    "AdoptModel": (
        cs.AdoptModel,
        {"topic": arg("rotas"), "title": arg("T"), "text": arg("x"), "review_by": arg(None)},
        {"review_by": [arg(pendulum.date(2026, 9, 1)), arg(dt.date.max), arg("2026-09-01")]},
    ),
    "ReviseModel": (
        cs.ReviseModel,
        {
            "model": arg("p-0009"),
            "text": arg("x"),
            "rationale": arg("Why."),
            "review_by": arg(None),
        },
        {"model": [arg("P-0009"), arg("p 9")], "review_by": [arg(dt.date.min)]},
    ),
    "RescindModel": (cs.RescindModel, {"model": arg("p-0009"), "rationale": arg("Why.")}, {}),
    "SetMilestone": (
        cs.SetMilestone,
        {"title": arg("T"), "due": arg(pendulum.date(2026, 1, 1)), "owner": arg("unison")},
        {"due": [arg(dt.date.max), arg(dt.date.min)], "owner": [arg("UNISON")]},
    ),
    "DropMilestone": (
        cs.DropMilestone,
        {"milestone": arg("p-0016"), "rationale": arg("Why.")},
        {},
    ),
    "Employer": (
        cs.Employer,
        {"id": arg("acme-care"), "name": arg("Acme Care"), "sector": arg("independent")},
        {"sector": [arg("Independent"), arg("local authority")]},
    ),
    "Scope": (
        cs.Scope,
        {"workers": arg(()), "excluded_sectors": arg(()), "topics": arg(())},
        {"excluded_sectors": [arg(("NHS",)), arg("nhs")], "topics": [arg(("",))]},
    ),
    "PartyRecord": (
        cs.PartyRecord,
        {"id": arg("unite"), "name": arg("Unite"), "constituency": arg("workers")},
        {},
    ),
    "AdvisorRecord": (cs.AdvisorRecord, {"id": arg("acas"), "name": arg("Acas")}, {}),
    "Clause": (cs.Clause, {"id": arg("8.1"), "heading": arg("H"), "text": arg("T")}, {}),
    "Constituency": (cs.Constituency, {"id": arg("w"), "name": arg("W")}, {}),
    "end_of_day": (
        cs.end_of_day,
        {"day": arg(pendulum.date(2025, 6, 25)), "tz": arg("Europe/London")},
        {
            "tz": [arg("UTC"), arg("Pacific/Kiritimati"), arg("America/Santiago")],
            "day": [arg(pendulum.date(2999, 12, 31)), arg(pendulum.date(1900, 1, 1))],
        },
    ),
    "rule_named": (
        cs.rule_named,
        {"name": arg("unanimity"), "registry": arg(None)},
        {"name": [arg("consent"), arg("Unanimity"), arg("unanimity ")]},
    ),
    "register_rule": (
        cs.register_rule,
        {
            "rule": Arg("FuzzRule()", FuzzRule),
            "replace": arg(False),
            "registry": Arg("Registry()", cs.Registry),
        },
        {"rule": ODD_RULES, "replace": [arg(True)]},
    ),
    "register_motion": (
        cs.register_motion,
        {
            "cls": arg(FuzzMotion, "FuzzMotion"),
            "replace": arg(False),
            "registry": Arg("Registry()", cs.Registry),
        },
        {"cls": ODD_MOTION_CLASSES, "replace": [arg(True)]},
    ),
    "parse_charter": (
        cs.parse_charter,
        {"text": _toml_variants()[0], "source": arg("fuzz.toml"), "registry": arg(None)},
        {"text": _toml_variants()[1:]},
    ),
    "events_from_jsonl": (
        cs.events_from_jsonl,
        {"text": _jsonl_variants()[0], "registry": arg(None)},
        {"text": _jsonl_variants()[1:]},
    ),
    "events_to_jsonl": (
        cs.events_to_jsonl,
        {"events": arg(BASES["busy"], "the busy log"), "registry": arg(None)},
        {
            "events": [
                arg([], "[]"),
                arg(BASES["busy"][1:], "the busy log without its first event"),
            ]
        },
    ),
    "Partnership.replay": (
        cs.Partnership.replay,
        {
            "events": arg(BASES["busy"], "the busy log"),
            "clock": Arg("SimulatedClock", lambda: cs.SimulatedClock(START)),
            "registry": arg(None),
            "trusted": arg(False),
            "progress": arg(None),
        },
        {
            "progress": [Arg("a function of two numbers", lambda: lambda done, total: None)],
            "events": [
                arg(BASES["busy"][:1], "the first event"),
                Arg("an empty iterator", lambda: iter(())),
                Arg("a generator of the busy log", lambda: (e for e in BASES["busy"])),
                arg([*BASES["busy"], None], "the busy log and None"),
                arg([*BASES["busy"], "charter.signed"], "the busy log and a string"),
                arg([BASES["busy"][0], BASES["busy"][0]], "two drafts"),
            ],
            "trusted": [arg(True)],
        },
    ),
    "Partnership.load": (
        cs.Partnership.load,
        {
            "store": Arg("a MemoryStore holding the busy log", lambda: busy_store()),
            "stream": arg("busy"),
            "clock": Arg("SimulatedClock", lambda: cs.SimulatedClock(START)),
            "registry": arg(None),
            "trusted": arg(False),
            "snapshots": arg(False),
            "progress": arg(None),
        },
        {
            "progress": [Arg("a function of two numbers", lambda: lambda done, total: None)],
            "stream": [arg("nope"), arg("busy ")],
            "trusted": [arg(True)],
            "snapshots": [arg(True)],
            "store": [
                Arg("an empty MemoryStore", cs.MemoryStore),
                Arg("a store holding only the first event", lambda: busy_store(1)),
            ],
        },
    ),
    "Partnership.draft": (
        cs.Partnership.draft,
        {
            "charter": arg(CHARTER, "CHARTER"),
            "clock": Arg("SimulatedClock", lambda: cs.SimulatedClock(START)),
            "at": arg(None),
            "registry": arg(None),
            "store": arg(None),
            "stream": arg(None),
        },
        {
            "store": [Arg("a MemoryStore", cs.MemoryStore)],
            "stream": [arg("scwp")],
            "at": [
                arg(START),
                arg(pendulum.datetime(1900, 1, 1, tz="UTC")),
                arg(pendulum.datetime(2999, 12, 31, tz="UTC")),
            ],
            "charter": [arg(attrs.evolve(CHARTER, version=2), "CHARTER at version 2")],
        },
    ),
    "SimulatedClock": (cs.SimulatedClock, {"start": arg(START)}, {}),
    "check_charter": (
        cs.check_charter,
        {
            "charter": arg(CHARTER, "CHARTER"),
            "source": arg("fuzz"),
            "member_ids": arg(()),
            "registry": arg(None),
        },
        {"member_ids": [arg(("tuc",)), arg("tuc")]},
    ),
    "amended_charter": (
        cs.amended_charter,
        {
            "charter": arg(CHARTER, "CHARTER"),
            "motion": arg(cs.Amend(clauses={"7.2": None}, rationale="Funded.")),
            "member_ids": arg(()),
            "registry": arg(None),
        },
        {
            "motion": [
                arg(cs.Amend(clauses={"99.1": None}, rationale="?")),
                arg(cs.Amend(chair="nobody", rationale="?")),
                arg(cs.Resolution(title="T", text="x")),
            ]
        },
    ),
}


def busy_store(events: int | None = None) -> cs.MemoryStore:
    """A MemoryStore holding the busy log (or its first ``events`` events) as stream ``busy``."""
    store = cs.MemoryStore()
    store.append("busy", list(BASES["busy"][:events]), expected_version=0)
    return store


# Where None means "the default registry", a well-formed rule or motion would be
# registered process-wide: these two keep their registry private.
PRIVATE_REGISTRY = {"register_rule", "register_motion"}


def call_function(name: str, chosen: dict[str, Arg]) -> None:
    """Call ``FUNCTIONS[name]`` with ``chosen``, each passed as its signature takes it."""
    function, _, _ = FUNCTIONS[name]
    parameters = inspect.signature(function).parameters
    values = {param: value.get() for param, value in chosen.items()}
    keyword_only = inspect.Parameter.KEYWORD_ONLY
    positional = [v for k, v in values.items() if parameters[k].kind is not keyword_only]
    keywords = {k: v for k, v in values.items() if parameters[k].kind is keyword_only}
    try:
        result = function(*positional, **keywords)
    except cs.ConsensusError as err:
        check_message(err)
        return
    check_result(name, result)


def check_result(name: str, result: object) -> None:
    """What an accepted call returned must itself be sound."""
    if isinstance(result, cs.Partnership):
        assert_round_trips(result)
    if name == "events_from_jsonl":
        events = tuple(result)  # type: ignore[call-overload]
        assert cs.events_from_jsonl(cs.events_to_jsonl(events)) == events
    if name == "parse_charter":
        cs.Partnership.draft(result, clock=cs.SimulatedClock(START))  # type: ignore[arg-type]
    if name == "end_of_day":
        assert isinstance(result, pendulum.DateTime), "end_of_day returned no DateTime"
        assert result.utcoffset() is not None, "end_of_day returned a naive DateTime"


def function_cases(values: list[Arg] | None) -> Iterator[tuple[str, Callable[[], object]]]:
    """Each function with each of ``values`` in each argument in turn (None: its own variants)."""
    for name, (_, defaults, variants) in FUNCTIONS.items():
        for attacked in defaults:
            tried = variants.get(attacked, []) if values is None else values
            for value in tried:
                if attacked == "registry" and name in PRIVATE_REGISTRY and value.label == "None":
                    continue
                chosen = {**defaults, attacked: value}
                yield f"{name}({attacked}={value!r})", lambda n=name, c=chosen: call_function(n, c)


def test_every_public_function_is_attacked() -> None:
    """Each function attacked is listed with every parameter it takes, in order."""
    for name, (function, defaults, _) in FUNCTIONS.items():
        assert list(inspect.signature(function).parameters) == list(defaults), name


def test_functions_take_their_own_odd_values_cleanly() -> None:
    """Each function's own variants (some valid, most not): a result, or a ConsensusError."""
    assert_no_problems(sweep(function_cases(None)))


def test_functions_refuse_every_listed_hostile_value() -> None:
    """Each listed plain hostile value in each argument of each public function."""
    assert_no_problems(sweep(function_cases(PLAIN_VALUES)))


def test_functions_survive_every_value_whose_methods_raise() -> None:
    """Objects whose methods raise, in each argument of each public function."""
    assert_no_problems(sweep(function_cases(RAISING_VALUES)))


@given(data=st.data())
def test_functions_refuse_generated_values(data: st.DataObject) -> None:
    """Generated values, several arguments at once: a sound result, or a ConsensusError."""
    name = data.draw(st.sampled_from(sorted(FUNCTIONS)), label="function")
    _, defaults, variants = FUNCTIONS[name]
    attacked = data.draw(
        st.sets(st.sampled_from(sorted(defaults)), min_size=1, max_size=len(defaults)),
        label="attacked",
    )
    chosen: dict[str, Arg] = {}
    for param, default in defaults.items():
        plausible_values = st.sampled_from([default, *variants.get(param, [])])
        hostile = PLAIN
        if param == "registry" and name in PRIVATE_REGISTRY:
            hostile = PLAIN.filter(lambda a: a.label != "None")
        chosen[param] = data.draw(hostile if param in attacked else plausible_values, label=param)
    call_function(name, chosen)


# ----------------------------------------------------------------------------- charters


CHARTER_FIELDS = tuple(field.name for field in attrs.fields(cs.Charter))


def charter_variants(field: str) -> st.SearchStrategy[Arg]:
    """Values of the right shape for ``field``, some valid and many not."""
    ids = st.sampled_from(["gmb", "", "GMB", "gmb\n", CYRILLIC_UNISON, "a" * 65, "tuc", "x-"])
    texts = st.sampled_from(["", " ", "\x00", "T\u2028", "u" * MB, "ok"])
    if field == "timezone":
        zones = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/Santiago", "Asia/Kathmandu"]
        return st.sampled_from([*zones, "localtime", "posix/Europe/London", "Mars/Olympus"]).map(
            arg
        )
    if field in ("version", "review_period_months", "review_grace_months"):
        return st.sampled_from([0, 1, 2, 120, 121, -1, 10**9, 10**9 + 1]).map(arg)
    if field == "ratification_month":
        return st.sampled_from(["2024-09", "2024-13", "0000-01", "9999-12", "2024-9"]).map(arg)
    if field in ("rule", "chair"):
        return st.sampled_from(["unanimity", "consent", "gmb", "tuc", "UNANIMITY"]).map(arg)
    if field == "signatories":
        return st.lists(
            st.builds(lambda i, n, c: (i, n, c), ids, texts, st.sampled_from(["workers", "x"])),
            min_size=0,
            max_size=3,
        ).map(
            lambda rows: Arg(
                f"signatories {rows!r}"[:200],
                lambda: (
                    *CHARTER.signatories,
                    *(cs.PartyRecord(id=i, name=n, constituency=c) for i, n, c in rows),
                ),
            )
        )
    if field == "advisors":
        return st.lists(st.tuples(ids, texts), max_size=3).map(
            lambda rows: Arg(
                f"advisors {rows!r}"[:200],
                lambda: tuple(cs.AdvisorRecord(id=i, name=n) for i, n in rows),
            )
        )
    if field == "clauses":
        clause_ids = st.sampled_from(["1.1", "6.3", "", "6.3\n", "A", "1.2.3.4.5.6.7", "x" * 9])
        return st.lists(st.tuples(clause_ids, texts), max_size=3).map(
            lambda rows: Arg(
                f"clauses {rows!r}"[:200],
                lambda: tuple(cs.Clause(id=i, heading="H", text=t) for i, t in rows),
            )
        )
    if field == "constituencies":
        return st.lists(st.tuples(ids, texts), max_size=3).map(
            lambda rows: Arg(
                f"constituencies {rows!r}"[:200],
                lambda: tuple(cs.Constituency(id=i, name=n) for i, n in rows),
            )
        )
    if field == "required_constituencies":
        return st.lists(
            st.sampled_from(["workers", "employers", "government", "nowhere", ""]), max_size=4
        ).map(arg)
    if field == "rules":
        return st.dictionaries(
            st.sampled_from(["amend", "Amend", "", "admit\n", "x"]),
            st.sampled_from(["consent", "unanimity", "", "no-such"]),
            max_size=2,
        ).map(arg)
    return st.one_of(texts, st.lists(texts, max_size=2).map(tuple)).map(arg)


def draft_from(field: str, value: Arg) -> None:
    """A charter evolved with ``field=value``: refused with a ConsensusError, or workable.

    A charter that is accepted must draft a partnership, be signed by all its
    signatories, and give a log that round-trips.
    """
    try:
        charter = attrs.evolve(CHARTER, **{field: value.get()})
        cs.check_charter(charter, source="fuzz")
        clock = cs.SimulatedClock(START)
        p = cs.Partnership.draft(charter, clock=clock)
    except cs.ConsensusError as err:
        check_message(err)
        return
    for party in charter.signatories:
        clock.advance(minutes=1)
        p.sign(by=party.id)
    assert p.state == "active"
    assert_round_trips(p)


def charter_cases(values: list[Arg]) -> Iterator[tuple[str, Callable[[], object]]]:
    for field in CHARTER_FIELDS:
        for value in values:
            yield f"Charter({field}={value!r})", lambda f=field, v=value: draft_from(f, v)


def test_charters_refuse_every_listed_hostile_value() -> None:
    """attrs.evolve(charter, field=value) for each field and each listed plain value."""
    assert_no_problems(sweep(charter_cases(PLAIN_VALUES)))


def test_charters_survive_every_value_whose_methods_raise() -> None:
    """attrs.evolve(charter, field=value) for each field and each object whose methods raise."""
    assert_no_problems(sweep(charter_cases(RAISING_VALUES)))


@given(data=st.data())
def test_charters_with_hostile_fields(data: st.DataObject) -> None:
    """A charter evolved with generated values of the right shape, or hostile ones."""
    field = data.draw(st.sampled_from(CHARTER_FIELDS), label="field")
    draft_from(field, data.draw(st.one_of(charter_variants(field), GENERATED), label=field))


# ----------------------------------------------------------------------------- hostile events


def _maybe_an_instant(value: object) -> bool:
    """Whether ``value`` might be a valid instant, so not a hostile one for an event."""
    return (
        isinstance(value, dt.datetime)
        and value.tzinfo is not None
        and not isinstance(value.tzinfo, NoOffset | BadOffset)
        and 1899 <= value.year <= 3000
    )


EVENT_LABELS = {
    # a value of each kind, and the near-misses of the kinds an event holds
    *("None", "True", "False", "0", "-1", "9223372036854775808", "nan", "inf", "-0.0"),
    *("b'unison'", "''", "'unison\\n'", "'\\ud800'", "'\\u2028'", "'UNISON'", "'p-1'"),
    *(repr(CYRILLIC_UNISON), "'u' * 1_000_001", "[]", "('unison',)", "{'unison'}", "{}"),
    *("naive datetime(2025, 1, 1, 10)", "datetime(1, 1, 1, UTC)", "datetime.date(2025, 6, 25)"),
    *("<Position.AGREE: 'agree'>", "<Channel.EMAIL: 'email'>", "<Outcome.AGREED: 'agreed'>"),
    *("CHARTER", "object()"),
}
EVENT_VALUES = [a for a in PLAIN_VALUES if a.label in EVENT_LABELS]
assert len(EVENT_VALUES) == len(EVENT_LABELS), {a.label for a in EVENT_VALUES} ^ EVENT_LABELS


def _firsts() -> list[tuple[str, int]]:
    """For each event type, the base and index where it first occurs."""
    seen: dict[type[Any], tuple[str, int]] = {}
    for base, log in BASES.items():
        for index, event in enumerate(log):
            seen.setdefault(type(event), (base, index))
    missing = {kind.TYPE for kind in cs.EVENT_TYPES.values()} - {kind.TYPE for kind in seen}
    assert not missing, f"no base log holds {missing}"
    return list(seen.values())


FIRSTS = _firsts()


FREE_TEXT = {
    (cs.ResponseReceived, "text"),
    (cs.PositionRecorded, "reason"),
    (cs.ProgressReported, "note"),
}
# either value makes another valid log: an employer may or may not embed a model
FREE_FLAG = {(cs.AdoptionRecorded, "embedded_in_contracts")}
OPTIONAL_TEXT = {(cs.PositionRecorded, "reason")}
EMPTY_OK = {(cs.MeetingConvened, "agenda")}  # a meeting with nothing on its agenda is valid


def is_text_a_log_holds(value: object) -> bool:
    """Non-empty text of at most a million characters that UTF-8 can encode."""
    if type(value) is not str or not value.strip() or len(value) > MB:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def forged(base: str, index: int, field: str, value: Arg) -> list[cs.Event] | None:
    """The log up to event ``index`` of ``base``, with one field of that event replaced.

    None if the value is the one the event holds, or if the event refuses it
    when built (a converter or a validator, with a ConsensusError).
    """
    log = list(BASES[base][: index + 1])
    event = log[index]
    replacement = value.get()
    original = getattr(event, field)
    plain = value not in RAISING_VALUES and type(replacement) is type(original)
    if plain and replacement == original:
        return None
    if (type(event), field) in FREE_TEXT and is_text_a_log_holds(replacement):
        return None  # an advisor may respond in any words: another valid log
    if (type(event), field) in FREE_FLAG and type(replacement) is bool:
        return None
    if (type(event), field) in OPTIONAL_TEXT and replacement is None:
        return None  # a position need not give its reason
    try:
        log[index] = attrs.evolve(event, **{field: replacement})
    except cs.ConsensusError:
        return None
    if (type(event), field) in EMPTY_OK and getattr(log[index], field) == ():
        return None
    try:
        same = bool(log[index] == event)
    except Exception:  # a hostile value that cannot even be compared
        same = False
    if same:
        return None  # a converter made the replacement the value the event held
    return log


def assert_forged_log_refused(log: list[cs.Event] | None) -> None:
    """Strict replay raises IntegrityError; encoding and trusted replay raise nothing else."""
    if log is None:
        return
    try:
        cs.Partnership.replay(log, clock=cs.SimulatedClock(START))
    except cs.IntegrityError:
        pass
    else:
        raise AssertionError("strict replay accepted a forged log")
    with contextlib.suppress(cs.IntegrityError):
        cs.events_to_jsonl(log)
    with contextlib.suppress(cs.IntegrityError):
        cs.Partnership.replay(log, clock=cs.SimulatedClock(START), trusted=True)


def event_cases(values: list[Arg]) -> Iterator[tuple[str, Callable[[], object]]]:
    for base, index in FIRSTS:
        event = BASES[base][index]
        for field in (f.name for f in attrs.fields(type(event))):
            for value in values:
                yield (
                    f"{event.TYPE}.{field}={value!r}",
                    lambda b=base, i=index, f=field, v=value: assert_forged_log_refused(
                        forged(b, i, f, v)
                    ),
                )


def test_events_holding_listed_hostile_values_are_integrity_errors() -> None:
    """An event of each type holding each listed plain value in each field.

    Strict replay raises IntegrityError; encoding raises IntegrityError or
    succeeds; trusted replay skips the re-checks and may build something, but
    raises nothing but an IntegrityError.
    """
    assert_no_problems(sweep(event_cases(EVENT_VALUES)))


def test_events_holding_values_whose_methods_raise_are_integrity_errors() -> None:
    """As above, with objects whose __eq__/__hash__/__str__/__repr__ raise inside the event."""
    assert_no_problems(sweep(event_cases(RAISING_VALUES)))


@given(data=st.data())
def test_events_holding_generated_values_are_integrity_errors(data: st.DataObject) -> None:
    """An event anywhere in any base log, one field replaced by a generated value."""
    base = data.draw(st.sampled_from(sorted(BASES)), label="base")
    index = data.draw(st.integers(0, len(BASES[base]) - 1), label="event")
    event = BASES[base][index]
    field = data.draw(st.sampled_from([f.name for f in attrs.fields(type(event))]), label="field")
    values = st.one_of(
        st.sampled_from(EVENT_VALUES), st.text(max_size=6).map(arg), st.integers().map(arg)
    )
    log = forged(base, index, field, data.draw(values, label="value"))
    if log is not None:
        assert_forged_log_refused([*log, *BASES[base][index + 1 :]])
