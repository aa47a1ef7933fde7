"""The partnership's first year, ending in its formal review (clauses 3.3, 3.5, 6.2).

Ratified in September 2024, the partnership's first review falls due a year
later. The chair opens it; the partners conclude it with their findings and,
as the review recommends, amend the charter: employer representation has
widened (4.4) and the funding position (7.2) has changed. The charter's
history shows each version and when it took effect.

Run it with ``python examples/annual_review.py``.
"""

from __future__ import annotations

from pathlib import Path

import pendulum

import consensus as cs

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


def agree(p: cs.Partnership, motion: cs.Motion, by: str) -> str:
    pid = p.propose(motion, by=by)
    p.table(pid, by=p.charter.chair)
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)
    p.conclude(pid, by=p.charter.chair)
    return pid


def main() -> int:
    charter = cs.load_charter(CHARTER)
    tz = charter.timezone
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 30, 14, tz=tz))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    print(
        f"Ratified {p.ratified_at.format('D MMMM YYYY')}; first review due "  # type: ignore[union-attr]
        f"{p.next_review_due.format('D MMMM YYYY HH:mm zz')}."
    )  # type: ignore[union-attr]

    clock.set(pendulum.datetime(2025, 3, 3, 10, tz=tz))
    agree(
        p,
        cs.Resolution(title="Model induction policy", text="...", topic="induction policies"),
        "unison",
    )

    clock.set(pendulum.datetime(2025, 10, 6, 10, tz=tz))
    for event in p.advance():
        print(f"{event.at.format('D MMMM YYYY HH:mm zz')}: {event.TYPE} ({event.review})")  # type: ignore[union-attr]
    review = p.open_review(by=charter.chair)
    print(f"{clock.now().format('D MMMM YYYY')}: the chair opens review {review}.")

    findings = (
        "The partnership works as intended. Employer representation widened during the "
        "first year, as clause 4.4 foresaw; central funding for the secretariat is now agreed."
    )
    concluded = agree(p, cs.ConcludeReview(review=review, findings=findings), "welsh-government")
    amended = agree(
        p,
        cs.Amend(
            clauses={
                "4.4": "Employer organisations agree among themselves who represents employers; "
                "representation now reflects the diversity of social care in Wales.",
                "7.2": "Welsh Government funds the partnership's secretariat; partners otherwise "
                "bear their own costs.",
            },
            rationale="Recommended by the first annual review.",
        ),
        "care-forum-wales",
    )
    print(f"{concluded}: review {review} concluded. Findings: {p.review(review).findings}")
    print(
        f"{amended}: charter amended; next review due {p.next_review_due.format('D MMMM YYYY')}."
    )  # type: ignore[union-attr]

    print("\nCharter history")
    for version in p.charter_history:
        source = f"amended by {version.amended_by}" if version.amended_by else "ratified"
        print(
            f"  version {version.version}: in force from "
            f"{version.effective_from.format('D MMMM YYYY HH:mm zz')} ({source})"
        )
    before = p.charter_at(pendulum.datetime(2025, 1, 1, tz=tz)).charter.clause("7.2").text
    print(f"  Clause 7.2 on 1 January 2025: {before}")
    print(f"  Clause 7.2 now: {p.charter.clause('7.2').text}")
    violations = cs.check_invariants(p)
    print(f"Invariants: {violations if violations else 'all hold'}")
    return 0 if not violations else 1


if __name__ == "__main__":
    raise SystemExit(main())
