"""The charter: a partnership's terms of reference, as validated data.

A charter is read from TOML by :func:`load_charter` (or :func:`parse_charter`)
into a frozen :class:`Charter`. The same validation runs on every charter an
amendment would produce, so a partnership never holds an invalid one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any, final

import attrs

from ._clock import is_iana_zone
from ._errors import CharterError, InvalidArgument, UnknownReference
from ._registry import Registry, default_registry
from ._rules import DecisionRule
from ._values import CLAUSE_ID, ID, check_text, read_only, text_field, tuple_of, whole_field

__all__ = [
    "AdvisorRecord",
    "Charter",
    "Clause",
    "Constituency",
    "PartyRecord",
    "Scope",
    "bundled_charter",
    "bundled_charters",
    "check_charter",
    "clause_sort_key",
    "load_charter",
    "parse_charter",
]

ID_PATTERN = ID
CLAUSE_ID_PATTERN = CLAUSE_ID
MONTH_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
KIND_PATTERN = re.compile(r"[a-z][a-z0-9_]*")

#: Bounds on the charter's numbers: beyond them dates stop being computable.
MAX_PERIOD_MONTHS = 120
MAX_VERSION = 1_000_000

_TEXT = text_field("", empty_ok=True)
_WHOLE = whole_field("", -(10**9), 10**9)


def _read_only_rules(value: Mapping[str, str]) -> Mapping[str, str]:
    rules = read_only(value, "rules")
    for kind, name in rules.items():
        check_text(kind, "rules (a motion kind)")
        check_text(name, f"rules[{kind!r}]")
    return rules


def clause_sort_key(clause_id: str) -> tuple[tuple[int, int | str], ...]:
    """Order clause ids as a reader would: ``"2.10"`` after ``"2.9"``.

    Examples:
        >>> sorted(["2.10", "2.9", "10.1", "A.1"], key=clause_sort_key)
        ['2.9', '2.10', '10.1', 'A.1']
    """
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in clause_id.split("."))


@final
@attrs.frozen(kw_only=True)
class Clause:
    """One numbered clause of the terms of reference.

    Examples:
        >>> Clause(id="6.3", heading="Governance and oversight", text="Decisions are unanimous.").id
        '6.3'
    """

    id: str = attrs.field(validator=_TEXT)
    heading: str = attrs.field(validator=_TEXT)
    text: str = attrs.field(validator=_TEXT)


@final
@attrs.frozen(kw_only=True)
class Constituency:
    """A side of the partnership (clause 4.1): government, workers or employers.

    Examples:
        >>> Constituency(id="workers", name="Trade unions").name
        'Trade unions'
    """

    id: str = attrs.field(validator=_TEXT)
    name: str = attrs.field(validator=_TEXT)


@final
@attrs.frozen(kw_only=True)
class PartyRecord:
    """A partner organisation: its id, name and the constituency it speaks for.

    Examples:
        >>> PartyRecord(id="unite", name="Unite", constituency="workers").constituency
        'workers'
    """

    id: str = attrs.field(validator=_TEXT)
    name: str = attrs.field(validator=_TEXT)
    constituency: str = attrs.field(validator=_TEXT)


@final
@attrs.frozen(kw_only=True)
class AdvisorRecord:
    """A member of the advisory group of experts (clause 4.5); never a partner.

    Examples:
        >>> AdvisorRecord(id="tuc", name="Trades Union Congress").id
        'tuc'
    """

    id: str = attrs.field(validator=_TEXT)
    name: str = attrs.field(validator=_TEXT)


def _constituencies(value: object) -> tuple[Constituency, ...]:
    return tuple_of(value, Constituency, "constituencies")


def _required(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "required_constituencies")


def _signatories(value: object) -> tuple[PartyRecord, ...]:
    return tuple_of(value, PartyRecord, "signatories")


def _advisors(value: object) -> tuple[AdvisorRecord, ...]:
    return tuple_of(value, AdvisorRecord, "advisors")


def _clauses(value: object) -> tuple[Clause, ...]:
    return tuple_of(value, Clause, "clauses")


def _workers(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "scope.workers")


def _sectors(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "scope.excluded_sectors")


def _topics(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "scope.topics")


@final
@attrs.frozen(kw_only=True)
class Scope:
    """Who the partnership's models are for (clauses 3.1–3.2, Annex A).

    Attributes:
        workers: the groups of worker in scope, as Annex A lists them.
        excluded_sectors: the sectors (ids such as ``"nhs"``) whose employers
            are outside the scope: an adoption by one is refused. Annex A
            excludes public bodies, that is local authorities and the NHS.
        topics: the topics the charter names for models of best practice
            (clause 3.1); a model on another topic is allowed, since the list
            is "not limited to" these, and is flagged as such.

    Examples:
        >>> scope = Scope(workers=("microcarers",), excluded_sectors=("nhs",),
        ...               topics=("induction policies",))
        >>> scope.excludes("nhs"), scope.excludes("independent"), scope.names("induction policies")
        (True, False, True)
    """

    workers: tuple[str, ...] = attrs.field(default=(), converter=_workers)
    excluded_sectors: tuple[str, ...] = attrs.field(default=(), converter=_sectors)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_topics)

    def excludes(self, sector: str) -> bool:
        """Whether employers of ``sector`` are outside the scope (Annex A)."""
        return sector in self.excluded_sectors

    def names(self, topic: str) -> bool:
        """Whether ``topic`` is one the charter names (compared ignoring case and spacing)."""
        wanted = " ".join(topic.split()).casefold()
        return any(" ".join(named.split()).casefold() == wanted for named in self.topics)


def _scope(value: object) -> Scope:
    # A sequence of text is the worker groups alone (the charter's shape before
    # a scope named excluded sectors and topics).
    if isinstance(value, Scope):
        return value
    return Scope(workers=tuple_of(value, str, "scope"))


QUORUMS = ("every-required-constituency", "all-members")
"""The named meeting quorums; a whole number is the third kind (that many members present)."""

MAX_QUORUM = 10_000


def _quorum_shape(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    # The shape only; check_charter says which values are allowed.
    if type(value) is not str and type(value) is not int:
        raise InvalidArgument(
            "meeting_quorum", value, f"one of {', '.join(QUORUMS)}, or a whole number"
        )
    if type(value) is str:
        check_text(value, "meeting_quorum")


def _boolean(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise InvalidArgument(attribute.name, value, "True or False")


@final
@attrs.frozen(kw_only=True)
class Charter:
    """A partnership's terms of reference, as data (load it with :func:`load_charter`).

    Attributes:
        title: the partnership's name.
        version: the charter version; a new partnership starts from version 1.
        ratification_month: the month the founding text gives as ratification (``"2024-09"``).
        timezone: the IANA zone the partnership keeps time in; closing dates end at
            local midnight there.
        review_period_months: how long after ratification, and after each review's
            due date, the next review falls due (clauses 3.3, 3.5).
        review_grace_months: how long a due review may stay unconcluded before it
            is reported overdue.
        rule: the name of the decision rule (clause 6.3: ``"unanimity"``).
        rules: rules for particular kinds of motion, by motion ``KIND``
            (``{"amend": "unanimity"}``); other kinds follow :attr:`rule`.
        chair: the party id of the chair, who tables and concludes proposals.
        constituencies: the sides of the partnership (clause 4.1).
        required_constituencies: sides that must have an active member for
            anything to be agreed.
        signatories: the founding parties, who sign the charter.
        advisors: the advisory group of experts (clause 4.5).
        clauses: the numbered clauses, in reading order.
        scope: who the models are for: the groups of worker in scope, the
            employer sectors excluded and the named topics (a :class:`Scope`;
            Annex A). The TOML's ``[scope]`` table; a sequence of text is
            read as the worker groups alone.
        meeting_quorum: when a meeting in session may conclude a proposal on
            its agenda: ``"every-required-constituency"`` (the default: every
            required constituency that has an active member is present),
            ``"all-members"`` (every active member is present), or a whole
            number ``n`` (at least ``n`` active members present, or all of
            them while fewer are active). The TOML's ``[meetings] quorum``.
        between_meetings: whether positions may be recorded, and proposals
            concluded, outside a meeting (written procedure; the default).
            When ``False``, both happen only at a meeting in session with the
            proposal on its agenda. The TOML's ``[meetings] between_meetings``.

    Examples:
        >>> import consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> charter.chair, charter.rule, charter.timezone
        ('welsh-government', 'unanimity', 'Europe/London')
        >>> [party.id for party in charter.signatories][:3]
        ['welsh-government', 'unison', 'gmb']
        >>> charter.clause("6.3").heading
        'Governance and oversight'
    """

    title: str = attrs.field(validator=_TEXT)
    version: int = attrs.field(validator=_WHOLE)
    ratification_month: str = attrs.field(validator=_TEXT)
    timezone: str = attrs.field(validator=_TEXT)
    review_period_months: int = attrs.field(validator=_WHOLE)
    review_grace_months: int = attrs.field(validator=_WHOLE)
    rule: str = attrs.field(validator=_TEXT)
    chair: str = attrs.field(validator=_TEXT)
    constituencies: tuple[Constituency, ...] = attrs.field(converter=_constituencies)
    required_constituencies: tuple[str, ...] = attrs.field(converter=_required)
    signatories: tuple[PartyRecord, ...] = attrs.field(converter=_signatories)
    advisors: tuple[AdvisorRecord, ...] = attrs.field(converter=_advisors)
    clauses: tuple[Clause, ...] = attrs.field(converter=_clauses)
    scope: Scope = attrs.field(factory=Scope, converter=_scope)
    rules: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only_rules, hash=False)
    meeting_quorum: str | int = attrs.field(default=QUORUMS[0], validator=_quorum_shape)
    between_meetings: bool = attrs.field(default=True, validator=_boolean)

    def rule_for(self, kind: str) -> str:
        """The name of the rule that decides motions of ``kind`` (default: :attr:`rule`).

        Examples:
            >>> import attrs, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> mixed = attrs.evolve(charter, rule="consent", rules={"amend": "unanimity"})
            >>> mixed.rule_for("amend"), mixed.rule_for("resolution")
            ('unanimity', 'consent')
        """
        return self.rules.get(kind, self.rule)

    def clause(self, clause_id: str) -> Clause:
        """Return the clause with this id.

        Raises:
            UnknownReference: the charter has no such clause.
        """
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise UnknownReference(
            f"clause in version {self.version} of the charter",
            clause_id,
            [c.id for c in self.clauses],
        )

    def advisor(self, advisor_id: str) -> AdvisorRecord:
        """Return the advisory-group member with this id.

        Raises:
            UnknownReference: no such advisor.
        """
        for advisor in self.advisors:
            if advisor.id == advisor_id:
                return advisor
        raise UnknownReference("advisor", advisor_id, [a.id for a in self.advisors])

    @property
    def decision_rule(self) -> DecisionRule:
        """The :class:`DecisionRule` named by :attr:`rule`, from the default registry."""
        return default_registry().rule(self.rule)

    @property
    def constituency_ids(self) -> tuple[str, ...]:
        """The constituency ids, in charter order."""
        return tuple(c.id for c in self.constituencies)

    @property
    def advisor_ids(self) -> frozenset[str]:
        """The ids of the advisory group."""
        return frozenset(a.id for a in self.advisors)


# --------------------------------------------------------------------------- validation


def check_charter(
    charter: Charter,
    *,
    source: str,
    member_ids: Collection[str] = (),
    registry: Registry | None = None,
) -> None:
    """Check the rules a charter must satisfy beyond its shape.

    Ids are unique and well formed, the chair is a signatory (or, for an
    amended charter, a member), every constituency named exists, no advisor
    shares an id with a party, the time zone and the rule exist.

    Args:
        charter: the charter to check.
        source: the file name (or ``"<amendment>"``) to name in errors.
        member_ids: for an amended charter, the ids of every party that has
            ever been a member; advisor ids may not collide with theirs either.
        registry: where the rules it names must be registered (default:
            :func:`~consensus.default_registry`).

    Raises:
        CharterError: naming ``source``, the field path and the problem.

    Examples:
        >>> import attrs, consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> cs.check_charter(attrs.evolve(charter, chair="tuc"), source="mine")
        Traceback (most recent call last):
          ...
        consensus.CharterError: mine: chair: 'tuc' is not a signatory
    """

    def fail(field: str, problem: str) -> CharterError:
        return CharterError(source, field, problem)

    if not isinstance(charter, Charter):
        raise InvalidArgument("charter", charter, "a consensus.Charter (see load_charter)")
    if registry is not None and not isinstance(registry, Registry):
        raise InvalidArgument("registry", registry, "a consensus.Registry or None")
    try:
        member_ids = frozenset(member_ids)
    except Exception:
        raise InvalidArgument("member_ids", member_ids, "a collection of party ids") from None

    if not charter.title.strip():
        raise fail("title", "must not be empty")
    if not 1 <= charter.version <= MAX_VERSION:
        raise fail("version", f"{charter.version} is not a version number from 1 to {MAX_VERSION}")
    if not MONTH_PATTERN.fullmatch(charter.ratification_month):
        raise fail("ratified", f"{charter.ratification_month!r} is not a month written as YYYY-MM")
    if not is_iana_zone(charter.timezone):
        raise fail(
            "timezone",
            f"{charter.timezone!r} is not a known IANA time zone such as 'Europe/London' or 'UTC'",
        )
    if not 1 <= charter.review_period_months <= MAX_PERIOD_MONTHS:
        raise fail("review_period_months", f"must be from 1 to {MAX_PERIOD_MONTHS}")
    if not 0 <= charter.review_grace_months <= MAX_PERIOD_MONTHS:
        raise fail("review_grace_months", f"must be from 0 to {MAX_PERIOD_MONTHS}")
    chosen = registry or default_registry()
    names = chosen.rule_names()
    kinds = chosen.motion_kinds()
    if charter.rule not in names:
        raise fail("rule", f"{charter.rule!r} is not one of {', '.join(names)}")
    for kind, name in charter.rules.items():
        if type(kind) is not str or not KIND_PATTERN.fullmatch(kind):
            raise fail(f"rules[{kind!r}]", "is not a motion kind such as 'amend'")
        if kind not in kinds:
            raise fail(
                f"rules.{kind}", f"{kind!r} is not a registered motion kind ({', '.join(kinds)})"
            )
        if name not in names:
            raise fail(f"rules.{kind}", f"{name!r} is not one of {', '.join(names)}")

    seen: dict[str, str] = {}
    for i, constituency in enumerate(charter.constituencies):
        _check_id(fail, f"constituencies[{i}].id", constituency.id, seen, "constituency")
    if not charter.constituencies:
        raise fail("constituencies", "at least one constituency is needed")
    known = charter.constituency_ids
    for i, required in enumerate(charter.required_constituencies):
        if required not in known:
            raise fail(
                f"required_constituencies[{i}]", f"{required!r} is not one of {', '.join(known)}"
            )
    if len(set(charter.required_constituencies)) != len(charter.required_constituencies):
        raise fail("required_constituencies", "names a constituency twice")

    parties: dict[str, str] = {}
    for i, party in enumerate(charter.signatories):
        _check_id(fail, f"signatories[{i}].id", party.id, parties, "party")
        if not party.name.strip():
            raise fail(f"signatories[{i}].name", "must not be empty")
        if party.constituency not in known:
            raise fail(
                f"signatories[{i}].constituency",
                f"{party.constituency!r} is not one of {', '.join(known)}",
            )
    if not charter.signatories:
        raise fail("signatories", "at least one signatory is needed")
    everyone = set(parties) | set(member_ids)
    if charter.chair not in everyone:
        raise fail("chair", f"{charter.chair!r} is not a signatory")

    advisors: dict[str, str] = {}
    for i, advisor in enumerate(charter.advisors):
        _check_id(fail, f"advisors[{i}].id", advisor.id, advisors, "advisor")
        if not advisor.name.strip():
            raise fail(f"advisors[{i}].name", "must not be empty")
        if advisor.id in everyone:
            raise fail(
                f"advisors[{i}].id",
                f"{advisor.id!r} is already a party's id; advisors are never partners",
            )

    _check_scope(fail, charter.scope)

    quorum = charter.meeting_quorum
    if type(quorum) is str and quorum not in QUORUMS:
        raise fail(
            "meetings.quorum", f"{quorum!r} is not one of {', '.join(QUORUMS)}, or a number"
        )
    if type(quorum) is int and not 1 <= quorum <= MAX_QUORUM:
        raise fail("meetings.quorum", f"must be from 1 to {MAX_QUORUM} members present")

    clause_ids: set[str] = set()
    for i, clause in enumerate(charter.clauses):
        if not CLAUSE_ID_PATTERN.fullmatch(clause.id):
            raise fail(f"clauses[{i}].id", f"{clause.id!r} is not a clause number such as '6.3'")
        if clause.id in clause_ids:
            raise fail(f"clauses[{i}].id", f"{clause.id!r} appears twice")
        clause_ids.add(clause.id)
        if not clause.text.strip():
            raise fail(f"clauses[{i}].text", "must not be empty")
    if not charter.clauses:
        raise fail("clauses", "a charter needs at least one clause")


def _check_scope(fail: Callable[[str, str], CharterError], scope: Scope) -> None:
    sectors: dict[str, str] = {}
    for i, sector in enumerate(scope.excluded_sectors):
        _check_id(fail, f"scope.excluded_sectors[{i}]", sector, sectors, "sector")


def _check_id(
    fail: Callable[[str, str], CharterError],
    field: str,
    value: str,
    seen: dict[str, str],
    kind: str,
) -> None:
    if not ID_PATTERN.fullmatch(value):
        raise fail(field, f"{value!r} is not an id (lower-case letters, digits and hyphens)")
    if value in seen:
        raise fail(field, f"{kind} id {value!r} appears twice (first at {seen[value]})")
    seen[value] = field


# --------------------------------------------------------------------------- reading TOML


class _Reader:
    """Reads one TOML table, naming the field path in every complaint."""

    def __init__(self, source: str, path: str, data: object) -> None:
        self.source = source
        self.path = path
        if not isinstance(data, Mapping):
            raise CharterError(
                source, path or "(top level)", f"expected a table, got {_kind(data)}"
            )
        self.data: Mapping[str, object] = data
        self.used: set[str] = set()

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, default: object = ...) -> object:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise CharterError(self.source, self.field(key), "is missing")
            return default
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if type(value) is not str:
            raise CharterError(self.source, self.field(key), f"expected text, got {_kind(value)}")
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.raw(key, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise CharterError(
                self.source, self.field(key), f"expected a whole number, got {_kind(value)}"
            )
        return value

    def text_table(self, key: str) -> dict[str, str]:
        """An optional table of text values (``[rules]``), empty when absent."""
        value = self.raw(key, {})
        if not isinstance(value, Mapping):
            raise CharterError(
                self.source, self.field(key), f"expected a table, got {_kind(value)}"
            )
        table: dict[str, str] = {}
        for name, text in value.items():
            if type(text) is not str:
                raise CharterError(
                    self.source, f"{self.field(key)}.{name}", f"expected text, got {_kind(text)}"
                )
            table[name] = text
        return table

    def texts(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.raw(key, ... if default is None else list(default))
        if not isinstance(value, list):
            raise CharterError(
                self.source, self.field(key), f"expected a list, got {_kind(value)}"
            )
        for i, item in enumerate(value):
            if type(item) is not str:
                raise CharterError(
                    self.source, f"{self.field(key)}[{i}]", f"expected text, got {_kind(item)}"
                )
        return tuple(value)

    def tables(self, key: str) -> list[_Reader]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise CharterError(
                self.source, self.field(key), f"expected a list of tables, got {_kind(value)}"
            )
        return [
            _Reader(self.source, f"{self.field(key)}[{i}]", item) for i, item in enumerate(value)
        ]

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise CharterError(
                self.source,
                self.field(unknown[0]),
                "is not a charter field" + (f" (expected one of {', '.join(sorted(self.used))})"),
            )


def _kind(value: object) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _meetings_table(top: _Reader) -> dict[str, Any]:
    """The optional ``[meetings]`` table: ``quorum`` and ``between_meetings``."""
    meetings = _Reader(top.source, "meetings", top.raw("meetings", {}))
    quorum = meetings.raw("quorum", QUORUMS[0])
    if isinstance(quorum, bool) or not isinstance(quorum, str | int):
        raise CharterError(
            top.source,
            "meetings.quorum",
            f"expected {' or '.join(repr(q) for q in QUORUMS)} or a whole number, got {_kind(quorum)}",
        )
    between = meetings.raw("between_meetings", True)
    if type(between) is not bool:
        raise CharterError(
            top.source, "meetings.between_meetings", f"expected true/false, got {_kind(between)}"
        )
    meetings.done()
    return {"meeting_quorum": quorum, "between_meetings": between}


def _scope_table(top: _Reader) -> Scope:
    """The optional ``[scope]`` table: ``workers``, ``excluded_sectors`` and ``topics``.

    A list instead of a table is the worker groups alone (the older shape).
    """
    raw = top.raw("scope", {})
    if isinstance(raw, list):
        return Scope(workers=top.texts("scope"))
    scope = _Reader(top.source, "scope", raw)
    built = Scope(
        workers=scope.texts("workers", default=()),
        excluded_sectors=scope.texts("excluded_sectors", default=()),
        topics=scope.texts("topics", default=()),
    )
    scope.done()
    return built


def _from_mapping(data: object, source: str, registry: Registry | None = None) -> Charter:
    top = _Reader(source, "", data)

    def records(key: str, build: Callable[[_Reader], Any]) -> tuple[Any, ...]:
        built = []
        for reader in top.tables(key):
            built.append(build(reader))
            reader.done()
        return tuple(built)

    charter = Charter(
        title=top.text("title"),
        version=top.integer("version"),
        ratification_month=top.text("ratified"),
        timezone=top.text("timezone"),
        review_period_months=top.integer("review_period_months"),
        review_grace_months=top.integer("review_grace_months", default=3),
        rule=top.text("rule"),
        chair=top.text("chair"),
        constituencies=records(
            "constituencies", lambda r: Constituency(id=r.text("id"), name=r.text("name"))
        ),
        required_constituencies=top.texts("required_constituencies"),
        signatories=records(
            "signatories",
            lambda r: PartyRecord(
                id=r.text("id"), name=r.text("name"), constituency=r.text("constituency")
            ),
        ),
        advisors=records(
            "advisors", lambda r: AdvisorRecord(id=r.text("id"), name=r.text("name"))
        ),
        clauses=records(
            "clauses",
            lambda r: Clause(id=r.text("id"), heading=r.text("heading"), text=r.text("text")),
        ),
        scope=_scope_table(top),
        rules=top.text_table("rules"),
        **_meetings_table(top),
    )
    top.done()
    check_charter(charter, source=source, registry=registry)
    return charter


def parse_charter(
    text: str, *, source: str = "<string>", registry: Registry | None = None
) -> Charter:
    """Read a charter from TOML text.

    Args:
        text: the TOML document.
        source: a name for the text, used in error messages.
        registry: where the rules and motion kinds it names are registered
            (default: :func:`~consensus.default_registry`).

    Returns:
        The validated :class:`Charter`.

    Raises:
        CharterError: the text is not TOML, or not a valid charter; the message
            names ``source``, the field path and the problem.

    Examples:
        >>> parse_charter("title = 1", source="mine.toml")
        Traceback (most recent call last):
          ...
        consensus.CharterError: mine.toml: title: expected text, got a whole number
    """
    if type(text) is not str:
        raise CharterError(source, "", f"expected TOML text, got {type(text).__name__}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CharterError(source, "", f"not valid TOML ({err})") from None
    except RecursionError:
        raise CharterError(source, "", "nested too deeply to be a charter") from None
    except ValueError as err:  # e.g. a number longer than Python converts
        raise CharterError(source, "", f"not a charter Python can read ({err})") from None
    return _from_mapping(data, source, registry)


def load_charter(path: str | Path, *, registry: Registry | None = None) -> Charter:
    """Read and validate a charter from a TOML file.

    Args:
        path: the file to read.
        registry: where the rules and motion kinds it names are registered
            (default: :func:`~consensus.default_registry`).

    Returns:
        The validated :class:`Charter`.

    Raises:
        CharterError: the file cannot be read, is not TOML, or is not a valid
            charter; the message names the file, the field path and the problem.

    Examples:
        >>> import consensus as cs
        >>> cs.load_charter("examples/charters/social_care_workforce_partnership.toml").title
        'Social Care Workforce Partnership'
        >>> cs.load_charter("no/such/file.toml")
        Traceback (most recent call last):
          ...
        consensus.CharterError: file.toml: cannot read no/such/file.toml (No such file or directory)
    """
    if not isinstance(path, str | Path) or (isinstance(path, str) and "\x00" in path):
        raise InvalidArgument("path", path, "a file path (str or pathlib.Path)")
    path = Path(path)
    try:
        # utf-8-sig: a byte-order mark (Windows Notepad writes one) is not TOML.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise CharterError(path.name, "", f"cannot read {path} ({reason})") from None
    return parse_charter(text, source=path.name, registry=registry)


def bundled_charters() -> tuple[str, ...]:
    """The names of the charters that ship inside the package, sorted.

    Examples:
        >>> import consensus as cs
        >>> cs.bundled_charters()
        ('social_care_workforce_partnership',)
    """
    from importlib.resources import files

    folder = files("consensus") / "charters"
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def bundled_charter(name: str, *, registry: Registry | None = None) -> Charter:
    """Read a charter that ships inside the package, by name; works from any installed copy.

    ``examples/charters/`` in the repository holds the same files, to read.

    Args:
        name: the charter's name, such as ``"social_care_workforce_partnership"``.
        registry: where the rules and motion kinds it names are registered.

    Raises:
        UnknownReference: no bundled charter has that name; the message lists them.

    Examples:
        >>> import consensus as cs
        >>> cs.bundled_charter("social_care_workforce_partnership").chair
        'welsh-government'
        >>> cs.bundled_charter("scwp")
        Traceback (most recent call last):
          ...
        consensus.UnknownReference: There is no bundled charter 'scwp'; known: social_care_workforce_partnership.
    """
    from importlib.resources import files

    known = bundled_charters()
    if type(name) is not str or name not in known:
        raise UnknownReference("bundled charter", name, known)
    text = (files("consensus") / "charters" / f"{name}.toml").read_text(encoding="utf-8")
    return parse_charter(text, source=f"{name}.toml", registry=registry)
