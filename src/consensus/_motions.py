"""Motions: what a proposal asks the partnership to agree, and what agreement does.

Every proposal carries one motion. A :class:`Resolution` only records that the
partners agreed something (a model policy, say); the others change the
partnership when agreed: :class:`Admit` makes a party a member (clauses
4.3–4.4), :class:`Consult` opens a consultation of the advisory group (clause
4.5), :class:`Amend` makes a new version of the charter (clause 6.2) and
:class:`ConcludeReview` concludes the annual review (clauses 3.3, 3.5).

Motions are frozen values with a stable ``KIND`` tag used in stored logs.
Whether a motion may be proposed *now* (is the party already a member? is the
clause there to remove?) depends on the partnership and is checked by it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final, final

import attrs

from ._charter import CLAUSE_ID_PATTERN, ID_PATTERN, AdvisorRecord, PartyRecord, clause_sort_key
from ._errors import InvalidArgument

__all__ = [
    "MOTION_TYPES",
    "Admit",
    "Amend",
    "ConcludeReview",
    "Consult",
    "Motion",
    "Resolution",
]


def _text(what: str, *, empty_ok: bool = False) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise InvalidArgument(f"{what}.{attribute.name}", value, "text")
        if not empty_ok and not value.strip():
            raise InvalidArgument(f"{what}.{attribute.name}", value, "non-empty text")

    return check


def _optional_text(what: str) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InvalidArgument(f"{what}.{attribute.name}", value, "non-empty text or None")

    return check


def _an_id(what: str) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise InvalidArgument(
                f"{what}.{attribute.name}", value, "an id such as 'p-0001' or 'tuc'"
            )

    return check


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
        consensus.InvalidArgument: resolution.title: '' is not non-empty text.
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
        field = getattr(value, name)
        if not isinstance(field, str) or not field.strip():
            raise InvalidArgument(f"admit.party.{name}", field, "non-empty text")
    if not ID_PATTERN.match(value.id):
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


def _advisor_ids(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgument("consult.advisors", value, "a sequence of advisor ids")
    return tuple(value)


def _check_advisor_ids(_i: object, _a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value:
        raise InvalidArgument("consult.advisors", value, "a non-empty sequence of advisor ids")
    for advisor in value:
        if not isinstance(advisor, str) or not ID_PATTERN.match(advisor):
            raise InvalidArgument("consult.advisors", advisor, "an advisor id such as 'tuc'")
    if len(set(value)) != len(value):
        raise InvalidArgument("consult.advisors", value, "a list that names each advisor once")


def _a_date(_i: object, _a: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise InvalidArgument(
            "consult.closes", value, "a calendar date such as pendulum.date(2025, 6, 25)"
        )


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
    closes: _dt.date = attrs.field(validator=_a_date)

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        who = (
            ", ".join(self.advisors[:-1]) + " and " + self.advisors[-1]
            if len(self.advisors) > 1
            else self.advisors[0]
        )
        return f"consult {who} on {self.proposal}"


def _clause_changes(value: Mapping[str, str | None]) -> Mapping[str, str | None]:
    if not isinstance(value, Mapping):
        raise InvalidArgument("amend.clauses", value, "a mapping of clause id to new text or None")
    for key, text in value.items():
        if not isinstance(key, str) or not CLAUSE_ID_PATTERN.match(key):
            raise InvalidArgument("amend.clauses", key, "a clause number such as '6.3'")
        if text is not None and (not isinstance(text, str) or not text.strip()):
            raise InvalidArgument(
                f"amend.clauses[{key!r}]", text, "non-empty text, or None to remove it"
            )
    return {key: value[key] for key in sorted(value, key=clause_sort_key)}


def _headings(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidArgument("amend.headings", value, "a mapping of clause id to heading")
    for key, heading in value.items():
        if not isinstance(heading, str) or not heading.strip():
            raise InvalidArgument(f"amend.headings[{key!r}]", heading, "non-empty text")
    return {key: value[key] for key in sorted(value, key=clause_sort_key)}


def _advisor_records(value: Iterable[AdvisorRecord]) -> tuple[AdvisorRecord, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgument("amend.add_advisors", value, "a sequence of AdvisorRecord")
    records = tuple(value)
    for record in records:
        if not isinstance(record, AdvisorRecord):
            raise InvalidArgument("amend.add_advisors", record, "a consensus.AdvisorRecord")
    return records


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgument("amend.remove_advisors", value, "a sequence of advisor ids")
    ids = tuple(value)
    for advisor in ids:
        if not isinstance(advisor, str):
            raise InvalidArgument("amend.remove_advisors", advisor, "an advisor id")
    return ids


@final
@attrs.frozen(kw_only=True)
class Amend:
    """A motion to amend the terms of reference (clause 6.2).

    Once agreed the charter's version rises by one, effective from the
    conclusion. The resulting charter must be valid; the partnership checks it
    when the motion is proposed and again when it is concluded.

    Args:
        clauses: clause id to its new text; ``None`` removes the clause; an id
            not in the charter adds a clause.
        rationale: why the partners change their terms.
        headings: headings for added clauses, or new headings for existing ones;
            an added clause without one takes the heading of its section.
        add_advisors: experts who join the advisory group.
        remove_advisors: ids of experts who leave it.
        rule: the name of a registered decision rule to decide by from now on.

    Examples:
        >>> Amend(clauses={"7.2": None, "6.3": "Decisions are by consent."},
        ...       rationale="Move to consent.", rule="consent").clauses
        {'6.3': 'Decisions are by consent.', '7.2': None}
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

    def __attrs_post_init__(self) -> None:
        if not (
            self.clauses or self.headings or self.add_advisors or self.remove_advisors or self.rule
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
        return "amend " + "; ".join(parts)


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


Motion = Resolution | Admit | Consult | Amend | ConcludeReview
"""Any motion a proposal can carry."""

MOTION_TYPES: Final[dict[str, type[Motion]]] = {
    cls.KIND: cls for cls in (Resolution, Admit, Consult, Amend, ConcludeReview)
}
"""Motion classes by their stable ``KIND`` tag, as stored in logs."""
