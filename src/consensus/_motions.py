"""Motions: what a proposal asks the partnership to agree, and what agreement does.

Every proposal carries one motion. A :class:`Resolution` only records that the
partners agreed something (a model policy, say); the others change the
partnership when agreed: :class:`Admit` makes a party a member (clauses
4.3–4.4), :class:`Consult` opens a consultation of the advisory group (clause
4.5), :class:`Amend` makes a new version of the charter (clause 6.2),
:class:`ConcludeReview` concludes the annual review (clauses 3.3, 3.5), and
the work programme's :class:`AdoptModel`, :class:`ReviseModel`,
:class:`RescindModel`, :class:`SetMilestone` and :class:`DropMilestone`
agree model policies and milestones (clauses 2–3, 5.1).

Motions are frozen values with a stable ``KIND`` tag used in stored logs.
Whether a motion may be proposed *now* (is the party already a member? is the
clause there to remove?) is each motion's own ``check(view)``, which reads the
partnership through its read-only view; the partnership calls it when the
motion is proposed and again when it is concluded. Every built-in motion is
registered with :func:`~consensus.register_motion`, the door a downstream
motion goes through too; what an agreed built-in motion does to the
partnership lives in the workflow room that owns it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, final

import attrs

from ._charter import (
    CLAUSE_ID_PATTERN,
    ID_PATTERN,
    AdvisorRecord,
    Charter,
    Clause,
    PartyRecord,
    Scope,
    check_charter,
    clause_sort_key,
)
from ._clock import check_date, end_of_day, start_of_day
from ._clock import instant_key as _key
from ._errors import CharterError, ClockError, InvalidArgument
from ._registry import Registry, _register_builtin_motion
from ._values import check_text, id_field, read_only, text_field, tuple_of

if TYPE_CHECKING:
    from ._partnership._view import PartnershipView

__all__ = [
    "Admit",
    "AdoptModel",
    "Amend",
    "ConcludeReview",
    "Consult",
    "Dissolve",
    "DropMilestone",
    "RescindModel",
    "Resolution",
    "ReviseModel",
    "SetMilestone",
    "amended_charter",
]


def _text(what: str, *, empty_ok: bool = False) -> Any:
    return text_field(what, empty_ok=empty_ok)


def _optional_text(what: str) -> Any:
    return text_field(what, optional=True)


def _an_id(what: str) -> Any:
    return id_field(what)


@final
@attrs.frozen(kw_only=True)
class Resolution:
    """A motion to agree something in words: a model policy, a priority, a statement.

    Clauses 2.1–2.5 and 3.1: the partnership agrees models of best practice on
    named topics; ``topic`` names one (``"induction policies"``) for trackers.

    Examples:
        >>> Resolution(title="Model induction policy", text="Adopt the model.", topic="induction policies").KIND
        'resolution'
        >>> Resolution(title="", text="x")
        Traceback (most recent call last):
          ...
        consensus.InvalidArgument: resolution.title: '' is not text with more than white space in it.
    """

    KIND: ClassVar[str] = "resolution"
    title: str = attrs.field(validator=_text("resolution"))
    text: str = attrs.field(validator=_text("resolution"))
    topic: str | None = attrs.field(default=None, validator=_optional_text("resolution"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"resolve {self.title!r}"


def _party_record(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, PartyRecord):
        raise InvalidArgument("admit.party", value, "a consensus.PartyRecord")
    for name in ("id", "name", "constituency"):
        check_text(getattr(value, name), f"admit.party.{name}")
    if not ID_PATTERN.fullmatch(value.id):
        raise InvalidArgument(
            "admit.party.id", value.id, "an id (lower-case letters, digits, hyphens)"
        )


@final
@attrs.frozen(kw_only=True)
class Admit:
    """A motion to admit a party as a member (clauses 4.3–4.4).

    Once agreed, the party is an active member and part of the electorate of
    every proposal concluded afterwards. A former member may be admitted again.

    Examples:
        >>> import consensus as cs
        >>> Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")).describe()
        'admit unite'
    """

    KIND: ClassVar[str] = "admit"
    party: PartyRecord = attrs.field(validator=_party_record)

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"admit {self.party.id}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the party cannot be admitted now, or ``None``."""
        party, charter = self.party, view.charter
        current = view.memberships.get(party.id)
        if current is not None and current.state == "active":
            return f"{party.id} is already an active member"
        if current is not None and current.state == "pending":
            return f"{party.id} is a founding signatory; it joins by signing"
        if party.id in charter.advisor_ids:
            return f"{party.id} is in the advisory group; advisors are never partners"
        if party.constituency not in charter.constituency_ids:
            return (
                f"{party.constituency!r} is not a constituency of the charter "
                f"({', '.join(charter.constituency_ids)})"
            )
        return None


def _advisor_ids(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "consult.advisors")


def _check_advisor_ids(_i: object, _a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value:
        raise InvalidArgument("consult.advisors", value, "a non-empty sequence of advisor ids")
    for advisor in value:
        if type(advisor) is not str or not ID_PATTERN.fullmatch(advisor):
            raise InvalidArgument("consult.advisors", advisor, "an advisor id such as 'tuc'")
    if len(set(value)) != len(value):
        raise InvalidArgument("consult.advisors", value, "a list that names each advisor once")


def _calendar_date(what: str) -> Any:
    """A validator: a calendar date within the years a partnership keeps time
    in (or None, where that is the field's default), refused as ``what.field``."""

    def check(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and attribute.default is None:
            return
        check_date(f"{what}.{attribute.name}", value)

    return check


@final
@attrs.frozen(kw_only=True)
class Consult:
    """A motion to consult members of the advisory group on a proposal (clause 4.5).

    The advisory group is consulted *as agreed by the partnership*: once this
    motion is agreed, a consultation opens, the target proposal waits in
    ``consulting``, and the consultation closes at the end of ``closes`` in the
    charter's time zone (or earlier, by the chair, once everyone invited replied).

    Args:
        proposal: the id of the proposal, deliberating, to consult on.
        advisors: the advisory-group ids invited to respond.
        question: what they are asked.
        closes: the last day on which responses are accepted.

    Examples:
        >>> import pendulum
        >>> Consult(proposal="p-0001", advisors=("tuc", "adss"), question="Is this workable?",
        ...         closes=pendulum.date(2025, 6, 25)).describe()
        'consult tuc and adss on p-0001'
    """

    KIND: ClassVar[str] = "consult"
    proposal: str = attrs.field(validator=_an_id("consult"))
    advisors: tuple[str, ...] = attrs.field(converter=_advisor_ids, validator=_check_advisor_ids)
    question: str = attrs.field(validator=_text("consult"))
    closes: _dt.date = attrs.field(validator=_calendar_date("consult"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        who = (
            ", ".join(self.advisors[:-1]) + " and " + self.advisors[-1]
            if len(self.advisors) > 1
            else self.advisors[0]
        )
        return f"consult {who} on {self.proposal}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the consultation cannot open now, or ``None``."""
        charter = view.charter
        target = view.proposals.get(self.proposal)
        if target is None:
            return f"there is no proposal {self.proposal!r}"
        if target.state != "deliberating":
            return f"{self.proposal} is {target.state.replace('_', ' ')}; only a deliberating proposal goes to consultation"
        unknown = [a for a in self.advisors if a not in charter.advisor_ids]
        if unknown:
            return (
                f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the advisory group "
                f"({', '.join(sorted(charter.advisor_ids))})"
            )
        try:
            closes_at = end_of_day(self.closes, charter.timezone)
        except ClockError as err:
            return str(err)
        if _key(closes_at) <= _key(view.at):
            return f"its closing date {self.closes.isoformat()} has already ended"
        return None


def _clause_changes(value: Mapping[str, str | None]) -> Mapping[str, str | None]:
    if not isinstance(value, Mapping):
        raise InvalidArgument("amend.clauses", value, "a mapping of clause id to new text or None")
    for key, text in value.items():
        if type(key) is not str or not CLAUSE_ID_PATTERN.fullmatch(key):
            raise InvalidArgument("amend.clauses", key, "a clause number such as '6.3'")
        if text is not None:
            check_text(text, f"amend.clauses[{key!r}]")
    return read_only({key: value[key] for key in sorted(value, key=clause_sort_key)})


def _headings(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidArgument("amend.headings", value, "a mapping of clause id to heading")
    for key, heading in value.items():
        if type(key) is not str or not CLAUSE_ID_PATTERN.fullmatch(key):
            raise InvalidArgument("amend.headings", key, "a clause number such as '6.3'")
        check_text(heading, f"amend.headings[{key!r}]")
    return read_only({key: value[key] for key in sorted(value, key=clause_sort_key)})


def _advisor_records(value: object) -> tuple[AdvisorRecord, ...]:
    return tuple_of(value, AdvisorRecord, "amend.add_advisors")


def _ids(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "amend.remove_advisors")


def _optional_ids(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    ids = tuple_of(value, str, "amend.required_constituencies")
    for item in ids:
        if not ID_PATTERN.fullmatch(item):
            raise InvalidArgument("amend.required_constituencies", item, "a constituency id")
    return ids


def _optional_id(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not str or not ID_PATTERN.fullmatch(value)):
        raise InvalidArgument(f"amend.{attribute.name}", value, "a party id, or None")


def _optional_months(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120
    ):
        raise InvalidArgument(
            f"amend.{attribute.name}", value, "a whole number of months from 1 to 120, or None"
        )


def _optional_scope(_i: object, _a: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Scope):
        raise InvalidArgument("amend.scope", value, "a consensus.Scope, or None")


@final
@attrs.frozen(kw_only=True)
class Amend:
    """A motion to amend the terms of reference (clause 6.2).

    Once agreed the charter's version rises by one, effective from the
    conclusion. The resulting charter must be valid; the partnership checks it
    when the motion is proposed and again when it is concluded. The structure
    is amendable like the clauses, so that no departure can lock the
    partnership: who chairs, which constituencies must be represented, how
    often the arrangements are reviewed.

    Args:
        clauses: clause id to its new text; ``None`` removes the clause; an id
            not in the charter adds a clause.
        rationale: why the partners change their terms.
        headings: headings for added clauses, or new headings for existing ones;
            an added clause without one takes the heading of its section.
        add_advisors: experts who join the advisory group.
        remove_advisors: ids of experts who leave it.
        rule: the name of a registered decision rule to decide by from now on.
        chair: the active member who chairs from now on.
        required_constituencies: the constituencies that must have an active
            member for anything to be agreed (may be empty).
        review_period_months: the review period from the next review on; the
            review already scheduled keeps its due date.
        scope: the whole new :class:`~consensus.Scope` (Annex A): the worker
            groups in scope, the employer sectors excluded and the named
            topics. Adoptions already recorded stand.

    Examples:
        >>> dict(Amend(clauses={"7.2": None, "6.3": "Decisions are by consent."},
        ...       rationale="Move to consent.", rule="consent").clauses)
        {'6.3': 'Decisions are by consent.', '7.2': None}
        >>> Amend(chair="unison", rationale="The government stepped back.").describe()
        'amend the chair to unison'
    """

    KIND: ClassVar[str] = "amend"
    rationale: str = attrs.field(validator=_text("amend"))
    clauses: Mapping[str, str | None] = attrs.field(
        factory=dict, converter=_clause_changes, hash=False
    )
    headings: Mapping[str, str] = attrs.field(factory=dict, converter=_headings, hash=False)
    add_advisors: tuple[AdvisorRecord, ...] = attrs.field(default=(), converter=_advisor_records)
    remove_advisors: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    rule: str | None = attrs.field(default=None, validator=_optional_text("amend"))
    chair: str | None = attrs.field(default=None, validator=_optional_id)
    required_constituencies: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_ids
    )
    review_period_months: int | None = attrs.field(default=None, validator=_optional_months)
    scope: Scope | None = attrs.field(default=None, validator=_optional_scope)

    def __attrs_post_init__(self) -> None:
        if not (
            self.clauses
            or self.headings
            or self.add_advisors
            or self.remove_advisors
            or self.rule
            or self.chair
            or self.required_constituencies is not None
            or self.review_period_months is not None
            or self.scope is not None
        ):
            raise InvalidArgument("amend", self, "an amendment that changes something")

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        parts = []
        if self.clauses:
            parts.append("clauses " + ", ".join(self.clauses))
        if self.headings and not self.clauses:
            parts.append("headings " + ", ".join(self.headings))
        if self.add_advisors or self.remove_advisors:
            parts.append("the advisory group")
        if self.rule:
            parts.append(f"the decision rule to {self.rule}")
        if self.chair:
            parts.append(f"the chair to {self.chair}")
        if self.required_constituencies is not None:
            parts.append(
                "the required constituencies to "
                + (", ".join(self.required_constituencies) or "none")
            )
        if self.review_period_months is not None:
            parts.append(f"the review period to {self.review_period_months} months")
        if self.scope is not None:
            parts.append("the scope")
        return "amend " + "; ".join(parts)

    def check(self, view: PartnershipView) -> str | None:
        """Why the amendment cannot apply to the charter in force, or ``None``."""
        if self.chair is not None and self.chair not in view.active_members:
            return f"{self.chair} is not an active member, so cannot chair"
        try:
            amended_charter(
                view.charter, self, member_ids=view.memberships.keys(), registry=view.registry
            )
        except CharterError as err:
            return f"{err.field}: {err.problem}" if err.field else err.problem
        return None


@final
@attrs.frozen(kw_only=True)
class ConcludeReview:
    """A motion to conclude the review in progress with its findings (clauses 3.3, 3.5).

    Once agreed the review is concluded and the next one is scheduled, one
    review period after this one's due date.

    Examples:
        >>> ConcludeReview(review="r-0001", findings="The arrangements work.").describe()
        'conclude review r-0001'
    """

    KIND: ClassVar[str] = "conclude_review"
    review: str = attrs.field(validator=_an_id("conclude_review"))
    findings: str = attrs.field(validator=_text("conclude_review"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"conclude review {self.review}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the review cannot be concluded now, or ``None``."""
        review = {r.id: r for r in view.reviews}.get(self.review)
        if review is None:
            return f"there is no review {self.review!r}"
        if review.state != "in_progress":
            return f"review {self.review} is {review.state.replace('_', ' ')}; only a review in progress can be concluded"
        return None


@final
@attrs.frozen(kw_only=True)
class Dissolve:
    """A motion to dissolve the partnership (clause 7.1: nothing binds the partners).

    Once agreed the partnership is ``dissolved``: every command is refused
    from then on, and its queries and log stay readable. The last member's
    withdrawal dissolves it too.

    Examples:
        >>> Dissolve(rationale="The work is done.").describe()
        'dissolve the partnership'
    """

    KIND: ClassVar[str] = "dissolve"
    rationale: str = attrs.field(validator=_text("dissolve"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return "dissolve the partnership"


# -- the work programme (clauses 2-3, 5.1, Annex A)


def _model_in_force(view: PartnershipView, model: str, verb: str) -> str | None:
    found = view.models.get(model)
    if found is None:
        known = ", ".join(list(view.models)[-8:]) or "none yet"
        return f"there is no model policy {model!r} (models: {known})"
    if found.state != "in_force":
        when = found.rescinded_at.to_date_string() if found.rescinded_at else "earlier"
        return (
            f"model {model} was rescinded on {when} by {found.rescinded_by}; "
            f"a rescinded model cannot be {verb}; adopt a new one instead"
        )
    return None


@final
@attrs.frozen(kw_only=True)
class AdoptModel:
    """A motion to agree a model policy of best practice (clauses 2.1–2.5, 3.1).

    Once agreed, version 1 of the model is in force and its id is this
    proposal's: ``p.model(pid)``. Employers then adopt it voluntarily
    (:meth:`Partnership.record_adoption <consensus.Partnership.record_adoption>`).
    ``topic`` should be one the charter's scope names; another is allowed
    (clause 3.1 says "not limited to") and flagged on the model. ``review_by``
    is when the partners will review it (clause 3.5): that day, its review
    falls due, by a time-driven event; it must be a date still to come.

    Examples:
        >>> import pendulum
        >>> AdoptModel(topic="induction policies", title="Model induction policy",
        ...            text="New staff shadow a colleague.", review_by=pendulum.date(2026, 9, 1)).describe()
        "adopt the model policy 'Model induction policy'"
    """

    KIND: ClassVar[str] = "adopt_model"
    topic: str = attrs.field(validator=_text("adopt_model"))
    title: str = attrs.field(validator=_text("adopt_model"))
    text: str = attrs.field(validator=_text("adopt_model"))
    review_by: _dt.date | None = attrs.field(default=None, validator=_calendar_date("adopt_model"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"adopt the model policy {self.title!r}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the model cannot be agreed now (its review date has come), or ``None``."""
        if self.review_by is not None:
            try:
                starts = start_of_day(self.review_by, view.charter.timezone)
            except ClockError as err:
                return str(err)
            if _key(starts) <= _key(view.at):
                return f"its review date {self.review_by.isoformat()} has already come"
        return None


@final
@attrs.frozen(kw_only=True)
class ReviseModel:
    """A motion to agree a new version of a model policy in force.

    Once agreed, the model's next version is in force from the conclusion;
    employers who adopted an earlier version keep that record until they
    adopt this one. ``review_by``, if given, sets the next review date.

    Examples:
        >>> ReviseModel(model="p-0001", text="New staff have a mentor.",
        ...             rationale="Shadowing was not enough.").describe()
        'revise model p-0001'
    """

    KIND: ClassVar[str] = "revise_model"
    model: str = attrs.field(validator=_an_id("revise_model"))
    text: str = attrs.field(validator=_text("revise_model"))
    rationale: str = attrs.field(validator=_text("revise_model"))
    review_by: _dt.date | None = attrs.field(
        default=None, validator=_calendar_date("revise_model")
    )

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"revise model {self.model}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the model cannot be revised now (unknown, rescinded, unchanged), or ``None``."""
        reason = _model_in_force(view, self.model, "revised")
        if reason is not None:
            return reason
        if view.models[self.model].current.text == self.text:
            return f"the text is version {view.models[self.model].current.version} of {self.model} already"
        if self.review_by is not None:
            try:
                starts = start_of_day(self.review_by, view.charter.timezone)
            except ClockError as err:
                return str(err)
            if _key(starts) <= _key(view.at):
                return f"its review date {self.review_by.isoformat()} has already come"
        return None


@final
@attrs.frozen(kw_only=True)
class RescindModel:
    """A motion to rescind a model policy in force; its versions and adoptions stay on record.

    Examples:
        >>> RescindModel(model="p-0001", rationale="Superseded by law.").describe()
        'rescind model p-0001'
    """

    KIND: ClassVar[str] = "rescind_model"
    model: str = attrs.field(validator=_an_id("rescind_model"))
    rationale: str = attrs.field(validator=_text("rescind_model"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"rescind model {self.model}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the model cannot be rescinded now (unknown, or rescinded already), or ``None``."""
        return _model_in_force(view, self.model, "rescinded again")


@final
@attrs.frozen(kw_only=True)
class SetMilestone:
    """A motion to set a milestone the partners monitor progress against (clause 5.1).

    Once agreed the milestone is ``open`` (its id is this proposal's); only
    its ``owner``, an active member, reports progress on it; it becomes
    ``overdue`` at the end of ``due`` in the charter's zone if not met by
    then. ``due`` must not have ended when proposed, nor when agreed.

    Examples:
        >>> import pendulum
        >>> SetMilestone(title="Agree the induction model", due=pendulum.date(2025, 6, 30),
        ...              owner="unison").describe()
        "set the milestone 'Agree the induction model' for unison by 2025-06-30"
    """

    KIND: ClassVar[str] = "set_milestone"
    title: str = attrs.field(validator=_text("set_milestone"))
    due: _dt.date = attrs.field(validator=_calendar_date("set_milestone"))
    owner: str = attrs.field(validator=_an_id("set_milestone"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"set the milestone {self.title!r} for {self.owner} by {self.due.isoformat()}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the milestone cannot be set now (owner not a member, date ended), or ``None``."""
        if self.owner not in view.active_members:
            return f"its owner, {self.owner}, is not an active member"
        try:
            due_at = end_of_day(self.due, view.charter.timezone)
        except ClockError as err:
            return str(err)
        if _key(due_at) <= _key(view.at):
            return f"its due date {self.due.isoformat()} has already ended"
        return None


@final
@attrs.frozen(kw_only=True)
class DropMilestone:
    """A motion to drop a milestone that is open or overdue (clause 5.1).

    Examples:
        >>> DropMilestone(milestone="p-0002", rationale="Overtaken by events.").describe()
        'drop milestone p-0002'
    """

    KIND: ClassVar[str] = "drop_milestone"
    milestone: str = attrs.field(validator=_an_id("drop_milestone"))
    rationale: str = attrs.field(validator=_text("drop_milestone"))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"drop milestone {self.milestone}"

    def check(self, view: PartnershipView) -> str | None:
        """Why the milestone cannot be dropped (unknown, met or dropped already), or ``None``."""
        found = view.milestones.get(self.milestone)
        if found is None:
            known = ", ".join(list(view.milestones)[-8:]) or "none yet"
            return f"there is no milestone {self.milestone!r} (milestones: {known})"
        if found.is_settled:
            return f"milestone {self.milestone} is {found.state} already"
        return None


def _section_heading(clauses: Iterable[Clause], clause_id: str) -> str:
    section = clause_id.split(".")[0]
    for clause in clauses:
        if clause.id.split(".")[0] == section:
            return clause.heading
    return "Amendments"


def amended_charter(
    charter: Charter,
    motion: Amend,
    *,
    member_ids: Collection[str] = (),
    registry: Registry | None = None,
) -> Charter:
    """Return the charter that agreeing ``motion`` would put in force.

    Args:
        charter: the charter in force.
        motion: the amendment.
        member_ids: every party that has been a member, so that no new advisor
            takes a partner's id and a new chair is a partner.
        registry: where a new rule must be registered (default: the default registry).

    Raises:
        CharterError: the amendment removes or renames something that is not
            there, or the result would not be a valid charter.

    Examples:
        >>> import consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> new = amended_charter(charter, cs.Amend(clauses={"7.2": None}, rationale="Funding found."))
        >>> new.version, "7.2" in [c.id for c in new.clauses]
        (2, False)
    """
    if not isinstance(charter, Charter):
        raise InvalidArgument("charter", charter, "a consensus.Charter")
    if not isinstance(motion, Amend):
        raise InvalidArgument("motion", motion, "a consensus.Amend")
    source = "<amendment>"
    clauses = {clause.id: clause for clause in charter.clauses}
    for clause_id, text in motion.clauses.items():
        if text is None:
            if clause_id not in clauses:
                raise CharterError(
                    source,
                    f"clauses[{clause_id!r}]",
                    "cannot remove a clause the charter does not have",
                )
            del clauses[clause_id]
        elif clause_id in clauses:
            clauses[clause_id] = attrs.evolve(clauses[clause_id], text=text)
        else:
            heading = motion.headings.get(clause_id) or _section_heading(
                charter.clauses, clause_id
            )
            clauses[clause_id] = Clause(id=clause_id, heading=heading, text=text)
    for clause_id, heading in motion.headings.items():
        if clause_id not in clauses:
            raise CharterError(
                source,
                f"headings[{clause_id!r}]",
                "names a clause the amended charter does not have",
            )
        clauses[clause_id] = attrs.evolve(clauses[clause_id], heading=heading)
    advisors = {advisor.id: advisor for advisor in charter.advisors}
    for advisor_id in motion.remove_advisors:
        if advisor_id not in advisors:
            raise CharterError(
                source, "remove_advisors", f"{advisor_id!r} is not in the advisory group"
            )
        del advisors[advisor_id]
    for record in motion.add_advisors:
        if record.id in advisors:
            raise CharterError(
                source, "add_advisors", f"{record.id!r} is already in the advisory group"
            )
        advisors[record.id] = record
    new = attrs.evolve(
        charter,
        version=charter.version + 1,
        clauses=tuple(clauses[key] for key in sorted(clauses, key=clause_sort_key)),
        advisors=tuple(advisors.values()),
        rule=motion.rule if motion.rule is not None else charter.rule,
        chair=motion.chair if motion.chair is not None else charter.chair,
        required_constituencies=(
            motion.required_constituencies
            if motion.required_constituencies is not None
            else charter.required_constituencies
        ),
        review_period_months=(
            motion.review_period_months
            if motion.review_period_months is not None
            else charter.review_period_months
        ),
        scope=motion.scope if motion.scope is not None else charter.scope,
    )
    check_charter(new, source=source, member_ids=member_ids, registry=registry)
    return new


for _builtin in (
    Resolution,
    Admit,
    Consult,
    Amend,
    ConcludeReview,
    Dissolve,
    AdoptModel,
    ReviseModel,
    RescindModel,
    SetMilestone,
    DropMilestone,
):
    _register_builtin_motion(_builtin)
