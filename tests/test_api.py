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


def test_every_public_name_is_in_the_api_docs() -> None:
    """Each exported name has an entry in docs/api.md."""
    documented = set(re.findall(r"consensus\.(\w+)", API_DOC))
    assert set(cs.__all__) <= documented


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
        assert inspect.getdoc(getattr(consensus.testing, name)), name
        assert name in API_DOC


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
