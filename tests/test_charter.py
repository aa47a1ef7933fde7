"""Charters: the bundled MoU as data, and every malformed charter refused clearly."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs
from consensus._charter import _from_mapping

from .conftest import CHARTER_PATH

VALID_TEXT = CHARTER_PATH.read_text(encoding="utf-8")
VALID = tomllib.loads(VALID_TEXT)


def test_bundled_charter_encodes_the_mou(charter: cs.Charter) -> None:
    """The bundled charter holds the MoU's parties, advisors, rule, clauses and scope."""
    assert charter.title == "Social Care Workforce Partnership"
    assert charter.constituency_ids == ("government", "workers", "employers")
    assert [(p.id, p.constituency) for p in charter.signatories] == [
        ("welsh-government", "government"),
        ("unison", "workers"),
        ("gmb", "workers"),
        ("rcn", "workers"),
        ("national-provider-forum", "employers"),
        ("care-forum-wales", "employers"),
        ("wlga", "employers"),
    ]
    assert [a.id for a in charter.advisors] == [
        "adss",
        "health-board-commissioning",
        "la-commissioning-managers",
        "la-section-151-officers",
        "national-commissioning-board",
        "social-care-wales",
        "tuc",
    ]
    assert charter.chair == "welsh-government"
    assert charter.timezone == "Europe/London"
    assert charter.review_period_months == 12
    assert charter.rule == "unanimity"
    assert charter.decision_rule == cs.Unanimity()
    assert charter.required_constituencies == ("government", "workers", "employers")
    assert charter.ratification_month == "2024-09"
    ids = [clause.id for clause in charter.clauses]
    expected = [f"1.{n}" for n in range(1, 5)] + [f"2.{n}" for n in range(1, 9)]
    expected += [f"3.{n}" for n in range(1, 6)] + [f"4.{n}" for n in range(1, 6)]
    expected += ["5.1", "6.1", "6.2", "6.3", "7.1", "7.2"]
    assert ids == expected
    assert len(charter.scope.workers) == 6
    assert "microcarers" in charter.scope.workers
    # Annex A: public bodies, that is local authorities and the NHS, are outside the scope
    assert charter.scope.excluded_sectors == ("local-authority", "nhs")
    assert charter.scope.excludes("nhs")
    assert not charter.scope.excludes("independent")
    assert charter.scope.names("induction policies")


def test_clause_lookup_names_the_known_clauses(charter: cs.Charter) -> None:
    """An unknown clause id is an UnknownReference listing clauses that exist."""
    assert charter.clause("4.5").heading == "Membership"
    with pytest.raises(
        cs.UnknownReference, match=re.escape("no clause in version 1 of the charter '9.9'")
    ):
        charter.clause("9.9")


def _mutate(data: Any, path: Any, value: Any) -> None:
    """Set (or with _DELETE remove) the value at ``path`` inside ``data``."""
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


def _mutated(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    _mutate(data, path, value)
    return data


_DELETE = object()

HAND_WRITTEN = [
    (
        ["signatories", 3, "constituency"],
        "employer",
        "signatories[3].constituency: 'employer' is not one of government, workers, employers",
    ),
    (["title"], _DELETE, "title: is missing"),
    (["title"], 7, "title: expected text, got a whole number"),
    (["version"], "1", "version: expected a whole number, got text"),
    (["version"], True, "version: expected a whole number, got true/false"),
    (["chair"], "unite", "chair: 'unite' is not a signatory"),
    (["timezone"], "Europe/Cardiff", "timezone: 'Europe/Cardiff' is not a known IANA time zone"),
    (["rule"], "majority", "rule: 'majority' is not one of"),
    (["advisors", 6, "id"], "gmb", "advisors[6].id: 'gmb' is already a party's id"),
    (["signatories", 2, "id"], "unison", "signatories[2].id: party id 'unison' appears twice"),
    (["advisors", 1, "id"], "adss", "advisors[1].id: advisor id 'adss' appears twice"),
    (["clauses", 1, "id"], "1.1", "clauses[1].id: '1.1' appears twice"),
    (["required_constituencies", 0], "state", "required_constituencies[0]: 'state' is not one of"),
    (["signatories", 0, "colour"], "red", "signatories[0].colour: is not a charter field"),
    (["surprise"], 1, "surprise: is not a charter field"),
    (["ratified"], "September 2024", "ratified: 'September 2024' is not a month"),
    (["review_period_months"], 0, "review_period_months: must be from 1 to 120"),
    (["signatories"], {}, "signatories: expected a list of tables, got a table"),
    (["signatories", 0], "welsh-government", "signatories[0]: expected a table, got text"),
    (["scope"], [1], "scope[0]: expected text, got a whole number"),
    (["clauses", 0, "text"], "  ", "clauses[0].text: must not be empty"),
    (["signatories", 1, "id"], "UNISON", "signatories[1].id: 'UNISON' is not an id"),
    (["title"], "  ", "title: must not be empty"),
    (["version"], _DELETE, "version: is missing"),
    (["version"], 0, "version: 0 is not a version number from 1 to 1000000"),
    (["version"], 1_000_001, "version: 1000001 is not a version number from 1 to 1000000"),
    (["review_period_months"], 121, "review_period_months: must be from 1 to 120"),
    (["review_grace_months"], -1, "review_grace_months: must be from 0 to 120"),
    (["review_grace_months"], 121, "review_grace_months: must be from 0 to 120"),
    (["rules"], {"Amend": "consent"}, "rules['Amend']: is not a motion kind such as 'amend'"),
    (["rules"], {"nothing": "consent"}, "rules.nothing: 'nothing' is not a registered motion"),
    (["rules"], {"amend": "majority"}, "rules.amend: 'majority' is not one of"),
    (["rules"], {"amend": 3}, "rules.amend: expected text, got a whole number"),
    (["rules"], ["consent"], "rules: expected a table, got a list"),
    (["constituencies", 0, "id"], "Gov", "constituencies[0].id: 'Gov' is not an id"),
    (["constituencies", 0, "name"], _DELETE, "constituencies[0].name: is missing"),
    (["constituencies"], [], "constituencies: at least one constituency is needed"),
    (
        ["required_constituencies"],
        ["workers", "workers"],
        "required_constituencies: names a constituency twice",
    ),
    (["signatories", 0, "name"], " ", "signatories[0].name: must not be empty"),
    (["signatories"], [], "signatories: at least one signatory is needed"),
    (["advisors", 0, "id"], "TUC", "advisors[0].id: 'TUC' is not an id"),
    (["advisors", 0, "name"], " ", "advisors[0].name: must not be empty"),
    (
        ["scope", "excluded_sectors"],
        ["nhs", "nhs"],
        "scope.excluded_sectors[1]: sector id 'nhs' appears twice",
    ),
    (["scope", "excluded_sectors"], ["NHS"], "scope.excluded_sectors[0]: 'NHS' is not an id"),
    (["scope", "colour"], "red", "scope.colour: is not a charter field"),
    (["scope", "topics"], "pay", "scope.topics: expected a list, got text"),
    (["meetings"], {"quorum": "most"}, "meetings.quorum: 'most' is not one of"),
    (["meetings"], {"quorum": 0}, "meetings.quorum: must be from 1 to 10000 members present"),
    (["meetings"], {"quorum": 10_001}, "meetings.quorum: must be from 1 to 10000"),
    (["meetings"], {"quorum": 1.5}, "meetings.quorum: expected 'every-required-constituency'"),
    (["meetings"], {"quorum": True}, "or a whole number, got true/false"),
    (["meetings"], {"between_meetings": "yes"}, "meetings.between_meetings: expected true/false"),
    (["meetings"], {"chair": "x"}, "meetings.chair: is not a charter field"),
    (["clauses", 0, "id"], "6 3", "clauses[0].id: '6 3' is not a clause number such as '6.3'"),
    (["clauses"], [], "clauses: a charter needs at least one clause"),
]


@pytest.mark.parametrize(("path", "value", "message"), HAND_WRITTEN)
def test_malformed_charter_names_file_and_field(path: list[Any], value: Any, message: str) -> None:
    """Each malformed field raises CharterError naming the file and the field path."""
    with pytest.raises(cs.CharterError) as caught:
        _from_mapping(_mutated(path, value), "charter.toml")
    assert str(caught.value).startswith("charter.toml: ")
    assert message in str(caught.value)
    assert caught.value.source == "charter.toml"


EDGES = [
    (["version"], 1_000_000),
    (["review_period_months"], 1),
    (["review_period_months"], 120),
    (["review_grace_months"], 0),
    (["review_grace_months"], 120),
    (["rules"], {"amend": "consent", "conclude_review": "unanimity"}),
    (["meetings"], {"quorum": 1, "between_meetings": False}),
    (["meetings"], {"quorum": 10_000}),
    (["meetings"], {"quorum": "all-members"}),
    (["scope"], ["microcarers"]),
]


@pytest.mark.parametrize(("path", "value"), EDGES)
def test_a_value_at_the_edge_of_what_a_field_allows_loads(path: list[Any], value: Any) -> None:
    charter = _from_mapping(_mutated(path, value), "charter.toml")
    cs.check_charter(charter, source="again")


def test_what_a_charter_leaves_out_takes_its_default() -> None:
    data = copy.deepcopy(VALID)
    for key in ("review_grace_months", "rules", "meetings"):
        data.pop(key, None)
    charter = _from_mapping(data, "charter.toml")
    assert (charter.review_grace_months, dict(charter.rules)) == (3, {})
    assert (charter.meeting_quorum, charter.between_meetings) == (
        "every-required-constituency",
        True,
    )


def test_invalid_toml_is_a_charter_error(tmp_path: Path) -> None:
    """A file that is not TOML raises CharterError naming the file."""
    path = tmp_path / "broken.toml"
    path.write_text("title = \n", encoding="utf-8")
    with pytest.raises(cs.CharterError, match=r"^broken\.toml: not valid TOML"):
        cs.load_charter(path)


def test_unreadable_file_is_a_charter_error(tmp_path: Path) -> None:
    """A missing file or one that is not UTF-8 raises CharterError, not OSError."""
    with pytest.raises(cs.CharterError, match="cannot read"):
        cs.load_charter(tmp_path / "absent.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00title")
    with pytest.raises(cs.CharterError, match="cannot read"):
        cs.load_charter(binary)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


ALL_PATHS = _paths(VALID)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(
        ["government", "gmb", "tuc", "Europe/London", "unanimity", "", "2024-13", "1.1"]
    ),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


@given(
    mutations=st.lists(
        st.tuples(st.sampled_from(ALL_PATHS), st.one_of(st.just(_DELETE), ODD_VALUES)),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_charters_raise_only_charter_errors(
    mutations: list[tuple[tuple[Any, ...], Any]],
) -> None:
    """Any mutation of the valid charter either loads or raises CharterError, nothing else."""
    data = copy.deepcopy(VALID)
    for path, value in mutations:
        try:
            _mutate(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    try:
        charter = _from_mapping(data, "charter.toml")
    except cs.CharterError as err:
        refusal = str(err)
    else:
        cs.check_charter(charter, source="again")  # a charter that loads is valid
        return
    assert refusal.startswith("charter.toml: ")


@given(
    position=st.integers(min_value=0, max_value=len(VALID_TEXT) - 1),
    replacement=st.text(max_size=5),
    cut=st.integers(min_value=0, max_value=20),
)
def test_mutated_text_raises_only_charter_errors(
    position: int, replacement: str, cut: int
) -> None:
    """Any edit of the TOML text either loads or raises CharterError, nothing else."""
    text = VALID_TEXT[:position] + replacement + VALID_TEXT[position + cut :]
    try:
        cs.parse_charter(text, source="edited.toml")
    except cs.CharterError as err:
        refusal = str(err)
    else:
        return
    assert refusal.startswith("edited.toml: ")


def test_parse_charter_refuses_non_text() -> None:
    """parse_charter refuses bytes rather than guessing an encoding."""
    with pytest.raises(cs.CharterError, match="expected TOML text, got bytes"):
        cs.parse_charter(VALID_TEXT.encode(), source="bytes.toml")  # type: ignore[arg-type]


def test_draft_requires_version_one(charter: cs.Charter, clock: cs.SimulatedClock) -> None:
    """A partnership is drafted from version 1 of its charter."""
    import attrs

    with pytest.raises(cs.CharterError, match="drafted from version 1"):
        cs.Partnership.draft(attrs.evolve(charter, version=2), clock=clock)


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (cs.Clause, {"id": "6.3", "heading": "H", "text": "T"}),
        (cs.Constituency, {"id": "workers", "name": "Workers"}),
        (cs.PartyRecord, {"id": "unite", "name": "Unite", "constituency": "workers"}),
        (cs.AdvisorRecord, {"id": "acas", "name": "Acas"}),
        (cs.Scope, {"workers": ("carers",), "excluded_sectors": (), "topics": ()}),
    ],
)
def test_charter_records_take_their_fields_by_keyword_only(
    kind: type[Any], fields: dict[str, Any]
) -> None:
    assert kind(**fields) == kind(**fields)
    with pytest.raises(TypeError):
        kind(*fields.values())


def test_a_charter_takes_its_fields_by_keyword_only(charter: cs.Charter) -> None:
    import attrs

    with pytest.raises(TypeError):
        cs.Charter(*attrs.astuple(charter, recurse=False))


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("version", 10**9, True),
        ("version", 10**9 + 1, False),
        ("review_grace_months", -(10**9), True),
        ("review_grace_months", -(10**9) - 1, False),
        ("rules", {"": "consent"}, False),
        ("rules", {"amend": ""}, False),
        ("meeting_quorum", 10**6, True),
        ("meeting_quorum", 1.5, False),
        ("meeting_quorum", "", False),
        ("meeting_quorum", "all-members", True),
    ],
)
def test_a_charter_value_is_shaped_when_made_and_judged_by_check_charter(
    charter: cs.Charter, field: str, value: Any, accepted: bool
) -> None:
    """Construction checks the shape (an int, text); check_charter the bounds that matter."""
    import attrs

    if accepted:
        assert getattr(attrs.evolve(charter, **{field: value}), field) == value
    else:
        with pytest.raises(cs.InvalidArgument, match=field.split("_")[0]):
            attrs.evolve(charter, **{field: value})


def test_a_charter_names_its_advisors(charter: cs.Charter) -> None:
    assert charter.advisor("tuc").id == "tuc"
    assert charter.advisor("adss").id == "adss"
    with pytest.raises(cs.UnknownReference, match="nobody"):
        charter.advisor("nobody")


def test_check_charter_refuses_member_ids_it_cannot_read(charter: cs.Charter) -> None:
    with pytest.raises(cs.InvalidArgument, match="member_ids"):
        cs.check_charter(charter, source="mine", member_ids=[["unite"]])  # type: ignore[list-item]


def test_clause_numbers_sort_as_a_reader_counts() -> None:
    from consensus._charter import clause_sort_key

    ids = ["A.1", "10.1", "2.10", "2.9", "2.a", "1"]
    assert sorted(ids, key=clause_sort_key) == ["1", "2.9", "2.10", "2.a", "10.1", "A.1"]


@pytest.mark.parametrize("path", [3, "bad\x00name.toml", None])
def test_load_charter_refuses_what_is_not_a_path(path: Any) -> None:
    with pytest.raises(cs.InvalidArgument, match="path"):
        cs.load_charter(path)


def test_a_charter_is_hashable_and_equal_to_a_copy(charter: cs.Charter) -> None:
    """Its rules are a read-only mapping, left out of the hash; the charter still hashes."""
    import attrs

    twin = attrs.evolve(charter)
    assert twin == charter
    assert hash(twin) == hash(charter)
    assert len({charter, twin}) == 1


def test_a_charter_made_in_code_takes_the_default_meeting_rules(charter: cs.Charter) -> None:
    import attrs

    fields = {
        a.name: getattr(charter, a.name)
        for a in attrs.fields(cs.Charter)
        if a.name not in ("meeting_quorum", "between_meetings")
    }
    made = cs.Charter(**fields)
    assert (made.meeting_quorum, made.between_meetings) == ("every-required-constituency", True)
