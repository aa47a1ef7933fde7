"""The public front: exported, documented, typed, and named as users import it."""

from __future__ import annotations

import doctest
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import consensus as cs
import consensus.testing

from .conftest import ROOT

API_DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
REFERENCE_DOC = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")


def _isort_key(name: str) -> tuple[int, str]:
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return (kind, name)


def test_all_is_sorted_unique_and_complete() -> None:
    """__all__ is sorted (constants, classes, functions), unique, and names only what exists."""
    assert cs.__all__ == sorted(cs.__all__, key=_isort_key)
    assert len(set(cs.__all__)) == len(cs.__all__)
    public = {
        name
        for name in vars(cs)
        if not name.startswith("_")
        and name not in {"testing", "simulation", "store", "render", "annotations"}
    }
    assert public == set(cs.__all__)


def _listed() -> dict[str, str]:
    """The names docs/api.md lists, each with the line that says what it is for."""
    return dict(re.findall(r"^- \[`([\w.]+)`\]\(#consensus\.\1\): (.*)$", API_DOC, re.M))


def _summary(obj: Any) -> str:
    """A docstring's first paragraph as the API page writes it: Markdown, one line."""
    first = " ".join((inspect.getdoc(obj) or "").strip().split("\n\n")[0].split())
    first = re.sub(r":\w+:`~?([^`<]+?)\s*<[^>]+>`", r"`\1`", first)  # :meth:`text <target>`
    return re.sub(r":\w+:`~?([^`]+)`", r"`\1`", first).replace("``", "`")


def test_the_api_page_lists_every_public_name_with_its_summary() -> None:
    """docs/api.md (prose, readable on a code host) lists each public name once, linked.

    The line beside each name is its docstring's summary, so the page cannot
    drift from the code; the full entry is on docs/reference.md.
    """
    listed = _listed()
    public = set(cs.__all__) | {f"testing.{name}" for name in consensus.testing.__all__}
    assert public <= set(listed), sorted(public - set(listed))
    assert len(re.findall(r"^- \[`", API_DOC, re.M)) == len(listed), "a name is listed twice"
    for label, line in listed.items():
        obj: Any = consensus
        for part in label.split("."):
            obj = getattr(obj, part)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert line == _summary(obj), f"docs/api.md: {label}: write {_summary(obj)!r}"


def test_every_public_name_is_in_the_reference() -> None:
    """Each exported name has an autodoc entry in docs/reference.md."""
    documented = set(re.findall(r"consensus\.(\w+)", REFERENCE_DOC))
    assert set(cs.__all__) <= documented
    members = re.search(r"automodule:: consensus.testing\n\s+:members: (.*)", REFERENCE_DOC)
    assert members is not None
    data = set(re.findall(r"^\.\. data:: consensus\.testing\.(\w+)", REFERENCE_DOC, re.M))
    assert set(consensus.testing.__all__) <= set(members.group(1).split(", ")) | data


def test_every_public_object_is_documented_with_an_example() -> None:
    """Public classes and functions have docstrings; those users call have runnable examples."""
    for name in cs.__all__:
        obj = getattr(cs, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        doc = inspect.getdoc(obj) or ""
        assert doc.strip(), f"{name} has no docstring"
        assert ">>>" in doc, f"{name} has no example"


def test_public_names_report_the_public_module() -> None:
    """Tracebacks and docs show consensus.X, not a private module."""
    for name in cs.__all__:
        obj = getattr(cs, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__module__ == "consensus", name
    err = cs.NotEntitled("gmb", "table p-0001", "only the chair tables proposals")
    assert f"{type(err).__module__}.{type(err).__qualname__}" == "consensus.NotEntitled"


def test_the_testing_module_is_documented() -> None:
    """consensus.testing's public names are documented."""
    for name in consensus.testing.__all__:
        if name.isupper():  # a constant: documented by a data entry of its own
            assert f".. data:: consensus.testing.{name}\n\n   " in REFERENCE_DOC, name
        else:
            assert inspect.getdoc(getattr(consensus.testing, name)), name


def test_package_is_typed() -> None:
    """The package ships py.typed for type checkers."""
    assert (Path(cs.__file__).parent / "py.typed").exists()


def test_the_old_name_of_member_withdrawn_still_works_and_warns() -> None:
    """MemberWithdrew (consensus 0.1) is MemberWithdrawn, with a DeprecationWarning."""
    with pytest.warns(DeprecationWarning, match="MemberWithdrawn"):
        old = cs.MemberWithdrew  # type: ignore[attr-defined]
    assert old is cs.MemberWithdrawn
    with pytest.raises(AttributeError):
        cs.NoSuchName  # type: ignore[attr-defined]  # noqa: B018


def _method_examples() -> list[tuple[str, Any]]:
    found = []
    for name in cs.__all__:
        cls = getattr(cs, name)
        if not isinstance(cls, type):
            continue
        for attribute, value in vars(cls).items():
            function = value.__func__ if isinstance(value, classmethod | staticmethod) else value
            if inspect.isfunction(function) and ">>>" in (function.__doc__ or ""):
                found.append((f"{name}.{attribute}", function))
    return found


@pytest.mark.parametrize(
    ("name", "method"), _method_examples(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_examples_in_method_docstrings_run(name: str, method: Any) -> None:
    """Examples on the methods of public classes run (pytest's doctest finder skips them).

    ``consensus`` presents its classes as ``consensus.X``, so the doctest
    finder, which looks for functions by their module's globals, finds the
    examples of their methods in neither module.
    """
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(method, name, globs={}):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} example(s) of {name} failed (see output)"
    assert runner.tries > 0


def _property_docstrings() -> list[tuple[str, str]]:
    found = []
    for module, names in ((cs, cs.__all__), (consensus.testing, consensus.testing.__all__)):
        for name in names:
            cls = getattr(module, name)
            if not isinstance(cls, type):
                continue
            for klass in cls.__mro__:
                for attribute, value in vars(klass).items():
                    if isinstance(value, property) and not attribute.startswith("_"):
                        found.append((f"{name}.{attribute}", value.__doc__ or ""))
    return found


def test_no_property_docstring_reads_as_a_type() -> None:
    """Napoleon takes a property's first line ``X: rest`` as "type X", so X must be a type.

    A sentence before the colon ("The ids of the active members: ...")
    would render as the property's type in the reference.
    """
    found = _property_docstrings()
    assert len(found) > 30
    for name, doc in found:
        first = doc.strip().splitlines()[0] if doc.strip() else ""
        assert first, f"{name} has no docstring"
        head, colon, _ = first.partition(": ")
        assert not colon or " " not in head.strip(), (
            f"{name}: {first!r} renders {head!r} as a type"
        )
