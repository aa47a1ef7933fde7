"""Extend the partnership with a kind of motion of your own: a joint statement.

A partnership speaks with one voice or not at all. Clause 2.2 of the MoU has
it tell staff and employers in the independent social care sector about the
models it agrees, and the social partnership workshops of 2025 ended in a
communiqué to the council's cabinet whose wording the chief executive and the
trade unions had agreed together first. ``JointStatement`` is a motion to
agree such a text and whom it goes to.

It lives here, outside the package: a frozen attrs class with a ``KIND``,
``describe()`` and ``check(view)``, registered on a registry of our own that
the partnership is drafted with. Its log is written and read back with the
same registry, and replaying it gives the same partnership.

Run it with ``python examples/custom_motion.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import attrs
import pendulum

import consensus as cs

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"

SECTOR = {
    "care-workers": "staff of the independent social care sector (clause 2.2)",
    "employers": "employers in the independent social care sector (clause 2.2)",
}
"""Whom the partnership addresses beyond itself and its advisory group."""

OUT_OF_SCOPE = {
    "nhs-staff": "NHS staff",
    "local-authority-staff": "local authority staff",
}
"""Audiences Annex A leaves out: public bodies keep their own collective bargaining."""


@attrs.frozen(kw_only=True)
class JointStatement:
    """A motion to agree a statement the partners make together, and its audience.

    Attributes:
        audience: ``"care-workers"`` or ``"employers"`` (clause 2.2), a member
            of the advisory group (clause 4.5), or an active member, for a
            statement to that partner's own organisation (clause 6.1).
        text: the statement, word for word as agreed.
    """

    KIND: ClassVar[str] = "joint_statement"
    audience: str = attrs.field(validator=attrs.validators.instance_of(str))
    text: str = attrs.field(validator=attrs.validators.instance_of(str))

    def describe(self) -> str:
        """A short phrase for messages and minutes."""
        return f"issue a joint statement to {self.audience}"

    def check(self, view: cs.PartnershipView) -> str | None:
        """Why the partners cannot agree this statement now, or ``None``.

        Called when the motion is proposed and again when it is concluded, so
        a statement to a partner who has withdrawn meanwhile is not issued.
        """
        if not self.text.strip():
            return "the statement has no text"
        if self.audience in OUT_OF_SCOPE:
            return (
                f"{OUT_OF_SCOPE[self.audience]} are outside the partnership's scope "
                "(Annex A: it does not cut across the public sector's own bargaining)"
            )
        if (
            self.audience in SECTOR
            or self.audience in view.charter.advisor_ids
            or self.audience in view.active_members
        ):
            return None
        if self.audience in view.memberships:
            state = view.memberships[self.audience].state
            return (
                f"{self.audience} is not an active member ({state}), "
                "so the partnership no longer addresses its organisation"
            )
        return (
            f"{self.audience!r} is not an audience the partnership addresses: it speaks to "
            f"{' and '.join(SECTOR)} (clause 2.2), to its advisory group (4.5) "
            "and to its members' own organisations (6.1)"
        )


def main() -> int:
    registry = cs.Registry()
    cs.register_motion(JointStatement, registry=registry)
    print(f"Registered: {', '.join(registry.motion_kinds())}")

    charter = cs.load_charter(CHARTER)
    clock = cs.SimulatedClock(pendulum.datetime(2025, 5, 15, 10, tz=charter.timezone))
    p = cs.Partnership.draft(charter, clock=clock, registry=registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    names = {party: p.membership(party).party.name for party in p.active_members}

    statement = JointStatement(
        audience="employers",
        text=(
            "Government, unions and employers have agreed a model induction policy together. "
            "We ask every independent care employer in Wales to adopt it and to write it "
            "into its contracts of employment."
        ),
    )
    pid = p.propose(statement, by="unison")
    p.table(pid, by=charter.chair)
    print(f"\n{pid}: UNISON proposes to {statement.describe()}; the chair tables it.")
    for member in sorted(p.active_members):
        clock.advance(minutes=3)
        p.record_position(pid, cs.Position.AGREE, by=member)
        print(f"  {clock.now().format('HH:mm')}  {names[member]}: AGREE")
    outcome = p.conclude(pid, by=charter.chair)
    agreed = p.proposal(pid)
    print(f"The chair concludes {pid}: {outcome.value} under {agreed.rule}.")
    assert isinstance(agreed.motion, JointStatement)  # the proposal keeps our class
    print(f"  To {agreed.motion.audience}: {agreed.motion.text}")

    try:
        p.propose(JointStatement(audience="nhs-staff", text="The same, to the NHS."), by="gmb")
    except cs.InvalidMotion as err:
        print(f"\nRefused: {err}")

    # check(view) runs again at conclusion: the audience may have gone meanwhile.
    to_rcn = JointStatement(audience="rcn", text="The partners thank the RCN's council.")
    pid = p.propose(to_rcn, by="gmb")
    p.table(pid, by=charter.chair)
    clock.advance(days=1)
    p.withdraw(by="rcn")
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)
    try:
        p.conclude(pid, by=charter.chair)
    except cs.InvalidMotion as err:
        print(f"Refused at conclusion: {err}")
    p.withdraw_proposal(pid, by="gmb")
    print(f"GMB withdraws {pid}: {p.proposal(pid).state}.")

    text = cs.events_to_jsonl(p.events, registry=registry)
    line = next(line for line in text.splitlines() if '"kind":"joint_statement"' in line)
    print(f"\nIn the log ({len(p.events)} events), the proposal reads:\n  {line}")

    try:
        cs.events_from_jsonl(text)  # the default registry has never heard of it
    except cs.IntegrityError as err:
        print(f"Read without our registry: refused ({err})")

    events = cs.events_from_jsonl(text, registry=registry)
    replayed = cs.Partnership.replay(events, registry=registry)
    same = replayed == p
    print(f"Read and replayed with it: {'same state' if same else 'A DIFFERENT STATE'}.")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
