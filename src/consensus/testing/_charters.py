"""A small valid charter to test with."""

from __future__ import annotations

from collections.abc import Mapping

from .._charter import AdvisorRecord, Charter, Clause, Constituency, PartyRecord, Scope
from .._errors import InvalidArgument

__all__ = ["sample_charter"]


def sample_charter(
    *,
    rule: str = "unanimity",
    timezone: str = "Europe/London",
    rules: Mapping[str, str] | None = None,
    parties: int = 5,
) -> Charter:
    """Return a small valid charter: three constituencies, five signatories, three advisors.

    Every constituency is required, and ``government`` chairs. Its scope
    covers care home staff, excludes employers of the ``public`` sector and
    names two topics.

    Args:
        rule: the decision rule for every kind of motion without its own.
        timezone: the charter's IANA time zone.
        rules: a rule for particular kinds of motion, by ``KIND``
            (``{"amend": "unanimity"}``); see :meth:`~consensus.Charter.rule_for`.
        parties: how many signatories, from 3 (one per constituency, what
            :func:`explore` can search deeply) to 5.

    Raises:
        InvalidArgument: ``parties`` is not 3, 4 or 5.

    Examples:
        >>> [party.id for party in sample_charter().signatories]
        ['government', 'union-a', 'union-b', 'employer-a', 'employer-b']
        >>> mixed = sample_charter(rule="consent", rules={"amend": "unanimity"})
        >>> mixed.rule_for("amend"), mixed.rule_for("resolution")
        ('unanimity', 'consent')
        >>> [party.id for party in sample_charter(parties=3).signatories]
        ['government', 'union-a', 'employer-a']
    """
    if type(parties) is not int or not 3 <= parties <= 5:
        raise InvalidArgument("parties", parties, "3, 4 or 5")
    kept = ("government", "union-a", "employer-a", "union-b", "employer-b")[:parties]
    return Charter(
        title="Sample partnership",
        version=1,
        ratification_month="2024-02",
        timezone=timezone,
        review_period_months=12,
        review_grace_months=3,
        rule=rule,
        rules=dict(rules or {}),
        chair="government",
        constituencies=(
            Constituency(id="government", name="Government"),
            Constituency(id="workers", name="Trade unions"),
            Constituency(id="employers", name="Employers"),
        ),
        required_constituencies=("government", "workers", "employers"),
        signatories=tuple(
            party
            for party in (
                PartyRecord(id="government", name="Government", constituency="government"),
                PartyRecord(id="union-a", name="Union A", constituency="workers"),
                PartyRecord(id="union-b", name="Union B", constituency="workers"),
                PartyRecord(id="employer-a", name="Employer A", constituency="employers"),
                PartyRecord(id="employer-b", name="Employer B", constituency="employers"),
            )
            if party.id in kept
        ),
        advisors=(
            AdvisorRecord(id="expert-a", name="Expert A"),
            AdvisorRecord(id="expert-b", name="Expert B"),
            AdvisorRecord(id="expert-c", name="Expert C"),
        ),
        clauses=(
            Clause(
                id="1.1", heading="Purpose", text="The partners agree models of good practice."
            ),
            Clause(
                id="3.3",
                heading="Scope",
                text="The partners review these arrangements every year.",
            ),
            Clause(id="6.2", heading="Governance", text="These terms change only by agreement."),
            Clause(id="6.3", heading="Governance", text="Decisions are unanimous."),
            Clause(id="7.2", heading="Disclaimer", text="No central funding is available."),
        ),
        scope=Scope(
            workers=("care home staff",),
            excluded_sectors=("public",),
            topics=("induction policies", "whistleblowing"),
        ),
    )
