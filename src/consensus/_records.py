"""What a partnership's queries return: frozen records of its current state.

The partnership keeps these records and replaces one whenever an event changes
it, so a record a tool holds never changes under its feet.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Mapping
from typing import final

import attrs
import pendulum

from ._charter import Charter, PartyRecord
from ._clock import instant_key
from ._registry import Motion
from ._rules import Outcome, Position
from ._values import id_field, read_only, text_field, tuple_of

__all__ = [
    "Adoption",
    "Channel",
    "CharterVersion",
    "Consultation",
    "Employer",
    "Meeting",
    "Membership",
    "Milestone",
    "Model",
    "ModelVersion",
    "Nomination",
    "Person",
    "ProgressReport",
    "Proposal",
    "Response",
    "Review",
]


class Channel(enum.Enum):
    """How an advisor's response reached the partnership.

    The 2023 workforce-strategy consultation accepted an online form, email,
    letters, and audio or video recordings; so does this library.

    Examples:
        >>> Channel("email") is Channel.EMAIL
        True
    """

    EMAIL = "email"
    ONLINE_FORM = "online_form"
    LETTER = "letter"
    AUDIO = "audio"
    VIDEO = "video"
    IN_PERSON = "in_person"


@final
@attrs.frozen(kw_only=True)
class Membership:
    """A party's membership: who it is, its state and since when.

    ``state`` is ``"pending"`` (a founding signatory that has not signed yet),
    ``"active"`` or ``"withdrawn"``.

    Examples:
        >>> import consensus as cs, pendulum
        >>> m = cs.Membership(party=cs.PartyRecord(id="gmb", name="GMB", constituency="workers"),
        ...                   state="active", founding=True, since=pendulum.datetime(2024, 9, 2, tz="UTC"))
        >>> m.is_active
        True
    """

    party: PartyRecord
    state: str
    founding: bool
    since: pendulum.DateTime = attrs.field(eq=instant_key)

    @property
    def is_active(self) -> bool:
        """Whether the party is an active member now."""
        return self.state == "active"


@final
@attrs.frozen(kw_only=True)
class Proposal:
    """A proposal: its motion, who proposed it, its state and the positions on it.

    ``state`` runs ``draft`` → ``deliberating`` (↔ ``consulting``) →
    ``agreed`` | ``not_agreed``, or ``withdrawn`` before a conclusion.
    ``electorate`` and ``rule`` record who decided and by which rule, once concluded.
    ``reasons`` holds the reason a party gave with its current position, if
    it gave one (clause 6.1: partners account to their own organisations).

    Examples:
        >>> import consensus as cs, pendulum
        >>> p = cs.Proposal(id="p-0001", motion=cs.Resolution(title="T", text="x"), proposer="gmb",
        ...                 state="draft", proposed_at=pendulum.datetime(2025, 1, 6, tz="UTC"))
        >>> p.is_concluded
        False
    """

    id: str
    motion: Motion
    proposer: str
    state: str
    proposed_at: pendulum.DateTime = attrs.field(eq=instant_key)
    positions: Mapping[str, Position] = attrs.field(factory=dict, converter=read_only, hash=False)
    tabled_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    concluded_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    outcome: Outcome | None = None
    electorate: frozenset[str] | None = None
    rule: str | None = None
    consultation: str | None = None
    reasons: Mapping[str, str] = attrs.field(factory=dict, converter=read_only, hash=False)

    @property
    def is_concluded(self) -> bool:
        """Whether the proposal was agreed, not agreed or withdrawn, and so is final."""
        return self.state in ("agreed", "not_agreed", "withdrawn")


@final
@attrs.frozen(kw_only=True)
class Response:
    """One advisor's response to a consultation, as received.

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.Response(advisor="tuc", text="Support.", channel=cs.Channel.EMAIL,
        ...             at=pendulum.datetime(2025, 6, 2, tz="UTC")).channel.value
        'email'
    """

    advisor: str
    text: str
    channel: Channel
    at: pendulum.DateTime = attrs.field(eq=instant_key)


def _advisor_ids(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "advisors")


def _responses(value: object) -> tuple[Response, ...]:
    return tuple_of(value, Response, "responses")


@final
@attrs.frozen(kw_only=True)
class Consultation:
    """A consultation of the advisory group on a proposal (clause 4.5).

    Its ``id`` is the id of the agreed :class:`~consensus.Consult` proposal that
    opened it; ``proposal`` is the proposal consulted on. It closes at
    ``closes_at``, the end of the closing date in the charter's time zone,
    unless the chair closed it earlier.

    Examples:
        >>> import consensus as cs, pendulum
        >>> c = cs.Consultation(id="p-0002", proposal="p-0001", advisors=("tuc", "adss"),
        ...     question="Q?", opened_at=pendulum.datetime(2025, 6, 2, tz="UTC"),
        ...     closes_at=pendulum.datetime(2025, 6, 25, 23, tz="UTC"), state="open")
        >>> c.awaiting
        ('tuc', 'adss')
    """

    id: str
    proposal: str
    advisors: tuple[str, ...] = attrs.field(converter=_advisor_ids)
    question: str
    opened_at: pendulum.DateTime = attrs.field(eq=instant_key)
    closes_at: pendulum.DateTime = attrs.field(eq=instant_key)
    state: str
    responses: tuple[Response, ...] = attrs.field(default=(), converter=_responses)
    closed_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    closed_by: str | None = None

    @property
    def awaiting(self) -> tuple[str, ...]:
        """Invited advisors who have not responded yet, in invitation order."""
        responded = {response.advisor for response in self.responses}
        return tuple(advisor for advisor in self.advisors if advisor not in responded)

    def responses_by_advisor(self) -> dict[str, tuple[Response, ...]]:
        """Every invited advisor's responses, in the order received (empty if none)."""
        grouped: dict[str, list[Response]] = {advisor: [] for advisor in self.advisors}
        for response in self.responses:
            grouped[response.advisor].append(response)
        return {advisor: tuple(items) for advisor, items in grouped.items()}


@final
@attrs.frozen(kw_only=True)
class Review:
    """One cycle of the annual review of the partnership's arrangements (clauses 3.3, 3.5).

    ``state`` runs ``scheduled`` → ``due`` → ``in_progress`` → ``concluded``.
    ``overdue`` turns true when the review is still not concluded a grace
    period after it fell due.

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.Review(id="r-0001", cycle=1, due=pendulum.datetime(2025, 9, 2, tz="UTC"),
        ...           state="scheduled").is_open
        True
    """

    id: str
    cycle: int
    due: pendulum.DateTime = attrs.field(eq=instant_key)
    state: str
    overdue: bool = False
    opened_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    concluded_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    findings: str | None = None
    concluded_by: str | None = None

    @property
    def is_open(self) -> bool:
        """Whether this cycle is not concluded yet."""
        return self.state != "concluded"


@final
@attrs.frozen(kw_only=True)
class CharterVersion:
    """One version of the charter and when it came into force.

    ``amended_by`` is the id of the agreed :class:`~consensus.Amend` proposal
    that made it, or ``None`` for the ratified version 1.

    Examples:
        >>> import consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> import pendulum
        >>> cs.CharterVersion(version=1, charter=charter,
        ...     effective_from=pendulum.datetime(2024, 9, 30, tz="UTC"), amended_by=None).version
        1
    """

    version: int
    charter: Charter
    effective_from: pendulum.DateTime = attrs.field(eq=instant_key)
    amended_by: str | None


@final
@attrs.frozen(kw_only=True)
class Person:
    """Someone a party names to sit for it at meetings (clauses 4.2–4.4).

    A party nominates its own people, as its representative or a deputy;
    a person sits for one party at a time.

    Examples:
        >>> import consensus as cs
        >>> cs.Person(id="dss", name="Director of Social Services").name
        'Director of Social Services'
        >>> cs.Person(id="Director", name="x")
        Traceback (most recent call last):
          ...
        consensus.InvalidArgument: person.id: 'Director' is not an id (lower-case letters, digits and hyphens, such as 'unison').
    """

    id: str = attrs.field(validator=id_field("person"))
    name: str = attrs.field(validator=text_field("person"))


ROLES = ("representative", "deputy")
"""What a nominated person is to its party: its representative, or a deputy."""


@final
@attrs.frozen(kw_only=True)
class Nomination:
    """A person a party has nominated, in which role, and since when.

    ``role`` is ``"representative"`` (one a party) or ``"deputy"`` (clause
    4.2: a nominated senior official attends in the representative's place).

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.Nomination(person=cs.Person(id="dss", name="Director"), party="welsh-government",
        ...               role="representative", since=pendulum.datetime(2024, 9, 2, tz="UTC")).role
        'representative'
    """

    person: Person
    party: str
    role: str
    since: pendulum.DateTime = attrs.field(eq=instant_key)


def _ids(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "ids")


@final
@attrs.frozen(kw_only=True)
class Meeting:
    """A meeting of the partnership: when it starts, its agenda, who came and who sent apologies.

    ``state`` runs ``convened`` → ``in_session`` → ``closed``, or
    ``convened`` → ``cancelled``. ``agenda`` lists proposal ids, those
    ``carried_over`` from the previous closed meeting first. ``present``
    maps each party present to the person who sits for it; ``apologies``
    lists the parties that sent apologies, in the order they did.

    Examples:
        >>> import consensus as cs, pendulum
        >>> m = cs.Meeting(id="m-0001", state="convened", starts=pendulum.datetime(2025, 1, 15, 10,
        ...     tz="UTC"), agenda=("p-0001",), convened_by="welsh-government",
        ...     convened_at=pendulum.datetime(2025, 1, 6, tz="UTC"))
        >>> m.present, m.apologies
        (mappingproxy({}), ())
    """

    id: str
    state: str
    starts: pendulum.DateTime = attrs.field(eq=instant_key)
    agenda: tuple[str, ...] = attrs.field(converter=_ids)
    convened_by: str
    convened_at: pendulum.DateTime = attrs.field(eq=instant_key)
    carried_over: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    present: Mapping[str, str] = attrs.field(factory=dict, converter=read_only, hash=False)
    apologies: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    opened_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    ended_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    ended_by: str | None = None


# -- the work programme (clauses 2-3, 5.1, Annex A)


@final
@attrs.frozen(kw_only=True)
class ModelVersion:
    """One agreed text of a model policy, and when it came into force.

    ``agreed_by`` is the id of the agreed proposal that made it: the
    :class:`~consensus.AdoptModel` for version 1, a
    :class:`~consensus.ReviseModel` for each later one.

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.ModelVersion(version=1, text="New staff shadow a colleague.", agreed_by="p-0001",
        ...                 effective_from=pendulum.datetime(2025, 1, 6, tz="UTC")).version
        1
    """

    version: int
    text: str
    effective_from: pendulum.DateTime = attrs.field(eq=instant_key)
    agreed_by: str


def _versions(value: object) -> tuple[ModelVersion, ...]:
    return tuple_of(value, ModelVersion, "versions")


@final
@attrs.frozen(kw_only=True)
class Model:
    """A model policy of best practice the partners agreed (clauses 2.1–2.5, 3.1, 3.5).

    Its ``id`` is the id of the agreed :class:`~consensus.AdoptModel` proposal
    that made it. ``state`` is ``"in_force"`` or ``"rescinded"``; ``versions``
    run 1, 2, 3…, one for each agreed revision. ``named_topic`` is false when
    ``topic`` is not one the charter's scope names (clause 3.1 lists topics
    "not limited to" these, so such a model is allowed, and flagged).
    ``review_by`` is the date by which the partners said they would review it
    (clause 3.5); ``review_due`` turns true when that date comes, until a
    revision sets another.

    Examples:
        >>> import consensus as cs, pendulum
        >>> first = cs.ModelVersion(version=1, text="Shadowing.", agreed_by="p-0001",
        ...                         effective_from=pendulum.datetime(2025, 1, 6, tz="UTC"))
        >>> model = cs.Model(id="p-0001", topic="induction policies", title="Model induction policy",
        ...                  state="in_force", versions=(first,), named_topic=True)
        >>> model.current.text, model.is_in_force
        ('Shadowing.', True)
    """

    id: str
    topic: str
    title: str
    state: str
    versions: tuple[ModelVersion, ...] = attrs.field(converter=_versions)
    named_topic: bool
    review_by: _dt.date | None = None
    review_due: bool = False
    rescinded_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    rescinded_by: str | None = None

    @property
    def current(self) -> ModelVersion:
        """The latest version (the one in force, or the last in force if rescinded)."""
        return self.versions[-1]

    @property
    def is_in_force(self) -> bool:
        """Whether the model is in force (not rescinded)."""
        return self.state == "in_force"


@final
@attrs.frozen(kw_only=True)
class Employer:
    """An employer that adopts model policies voluntarily (clauses 2.4, 3.4).

    ``sector`` is an id (``"independent"``, ``"local-authority"``, ``"nhs"``)
    compared with the sectors the charter's scope excludes (Annex A).

    Examples:
        >>> import consensus as cs
        >>> cs.Employer(id="acme-care", name="Acme Care", sector="independent").sector
        'independent'
        >>> cs.Employer(id="acme-care", name="Acme Care", sector="Independent")
        Traceback (most recent call last):
          ...
        consensus.InvalidArgument: employer.sector: 'Independent' is not an id (lower-case letters, digits and hyphens, such as 'unison').
    """

    id: str = attrs.field(validator=id_field("employer"))
    name: str = attrs.field(validator=text_field("employer"))
    sector: str = attrs.field(validator=id_field("employer"))


@final
@attrs.frozen(kw_only=True)
class Adoption:
    """An employer's voluntary adoption of a model policy, as recorded (clauses 2.4, 3.4).

    ``version`` is the version of the model in force when it was recorded;
    ``embedded_in_contracts`` says whether the employer built it into its
    employment contracts; ``recorded_by`` is the member who recorded it.

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.Adoption(employer=cs.Employer(id="acme-care", name="Acme Care", sector="independent"),
        ...             model="p-0001", version=1, at=pendulum.datetime(2025, 3, 1, tz="UTC"),
        ...             embedded_in_contracts=True, recorded_by="care-forum-wales").version
        1
    """

    employer: Employer
    model: str
    version: int
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    embedded_in_contracts: bool
    recorded_by: str


@final
@attrs.frozen(kw_only=True)
class ProgressReport:
    """A milestone owner's report of progress (clause 5.1).

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.ProgressReport(by="unison", note="Draft shared.", done=False,
        ...                   at=pendulum.datetime(2025, 3, 1, tz="UTC")).done
        False
    """

    by: str
    note: str
    done: bool
    at: pendulum.DateTime = attrs.field(eq=instant_key)


def _reports(value: object) -> tuple[ProgressReport, ...]:
    return tuple_of(value, ProgressReport, "reports")


@final
@attrs.frozen(kw_only=True)
class Milestone:
    """A milestone the partners monitor progress against (clause 5.1).

    Its ``id`` is the id of the agreed :class:`~consensus.SetMilestone`
    proposal that set it. ``state`` is ``"open"``, ``"overdue"`` (still not
    met at the end of ``due`` in the charter's zone, ``due_at``), ``"met"``
    (its owner reported it done) or ``"dropped"`` (by an agreed
    :class:`~consensus.DropMilestone`). ``reports`` are its owner's progress
    reports, oldest first.

    Examples:
        >>> import consensus as cs, pendulum
        >>> cs.Milestone(id="p-0002", title="Agree the induction model", owner="unison",
        ...              due=pendulum.date(2025, 6, 30), state="open",
        ...              due_at=pendulum.datetime(2025, 6, 30, 23, tz="UTC")).is_settled
        False
    """

    id: str
    title: str
    owner: str
    due: _dt.date
    due_at: pendulum.DateTime = attrs.field(eq=instant_key)
    state: str
    reports: tuple[ProgressReport, ...] = attrs.field(default=(), converter=_reports)
    met_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    dropped_at: pendulum.DateTime | None = attrs.field(default=None, eq=instant_key)
    dropped_by: str | None = None

    @property
    def is_settled(self) -> bool:
        """Whether it is met or dropped, so that nothing more happens to it."""
        return self.state in ("met", "dropped")
