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
]


@pytest.mark.parametrize(("path", "value", "message"), HAND_WRITTEN)
def test_malformed_charter_names_file_and_field(path: list[Any], value: Any, message: str) -> None:
    """Each malformed field raises CharterError naming the file and the field path."""
    with pytest.raises(cs.CharterError) as caught:
        _from_mapping(_mutated(path, value), "charter.toml")
    assert str(caught.value).startswith("charter.toml: ")
    assert message in str(caught.value)
    assert caught.value.source == "charter.toml"


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
