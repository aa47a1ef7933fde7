"""Mutation testing for consensus: does the suite notice when the code is wrong?

Each mutant edits the source of one AST node of one module (a comparison
flipped, a condition negated, ``and``/``or`` swapped, a statement dropped, a
``return`` of None, a whole number or a boolean changed) in a copy of the
checkout taken when the run began (so that editing the code or the tests
during a run changes nothing of it), and the tests that reach the mutant's
lines run against the copy (quickest first), one mutant at a time, with a
timeout. A mutant is *killed* when a test fails, *timed out* when the run
overran (counted as noticed, as mutmut and cosmic-ray do), *survived*
otherwise: a change to the code that no test saw; with ``--budget``, a mutant
whose tests were stopped before they all ran is *unfinished*, counted as not
noticed (so the score is a lower bound).

Which tests reach which lines comes from one run of the tests under coverage,
one context per test (scripts/_mutation_plugin.py), kept in .mutation/map
while the checkout is unchanged. Each mutant's tests run in a child forked
from a parent that has imported pytest and the libraries (not consensus),
which saves the interpreter's start-up; before trusting the children, the run
checks that an unchanged module survives and a broken one is killed.

Editing the text of a copy, rather than swapping functions at call time,
mutates code that runs at import too (workflow tables, registrations).

Run it with ``bash scripts/mutation [MODULE ...]``; see ``--help``.
"""

from __future__ import annotations

import argparse
import ast
import collections
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where runs keep their copies and map; MUTATION_WORK for a second run beside one.
WORK = Path(os.environ.get("MUTATION_WORK", ROOT / ".mutation"))
#: The checkout as it was when the run began: mutants are made from it.
CHECKOUT = WORK / "checkout"

#: Mutants noticed in earlier runs, by mutant_key: a mutant whose function
#: (or, outside functions, whose statement) is unchanged since stays noticed
#: (tests are added, rarely weakened), so a run stopped part way resumes and a
#: change to a module runs again only the mutants of what it changed;
#: survivors always run again. --fresh ignores it.
JOURNAL = WORK / "noticed.jsonl"

#: The modules of the core, as issue 13 names them.
CORE = (
    "_rules.py",
    "_workflows.py",
    "_invariants.py",
    "_motions.py",
    "_charter.py",
    "_codec.py",
    "_partnership/_command.py",
    "_partnership/_state.py",
    "_partnership/_membership.py",
    "_partnership/_proposals.py",
    "_partnership/_consultation.py",
    "_partnership/_amendment.py",
    "_partnership/_review.py",
    "_partnership/_meetings.py",
    "_partnership/_programme.py",
    "_partnership/_agenda.py",
    "_partnership/_aggregate.py",
    "_partnership/_view.py",
)

#: Tests that cannot see a mutant (they run the package in other processes,
#: from the unmutated tree) or take minutes; left out unless named.
SLOW_OR_BLIND = (
    "tests/test_store_processes.py",
    "tests/test_postgres.py",
    "tests/test_install.py",
    "tests/test_cli.py",
    "tests/test_examples.py",
)

#: Tests about the run of other tests (what the stateful machine reached):
#: alone, or under the mutation profile, they say nothing about a mutant.
ABOUT_THE_RUN = (
    "tests/test_stateful.py::test_the_machine_ran_steps_and_refused_some",
    "tests/test_stateful.py::test_the_run_took_every_way_back",
)

FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}


@dataclass(frozen=True)
class Mutant:
    """One edit: replace ``source[start:end]`` of ``path`` with ``text``."""

    path: Path
    line: int
    start: int
    end: int
    text: str
    what: str
    #: The lines a test must run to meet the mutant: from the statement that
    #: holds it (a decorator's line is before its ``def``) to the node's end.
    lines: tuple[int, ...]

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def _offsets(source: str) -> list[int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line.encode("utf-8")))
    return starts


def _span(node: ast.AST, lines: list[int]) -> tuple[int, int]:
    """Byte offsets of a node in the file (ast gives UTF-8 byte columns)."""
    start = lines[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
    end = lines[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
    return start, end


def _is_docstring(node: ast.stmt, parent: ast.AST) -> bool:
    body = getattr(parent, "body", None)
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and bool(body)
        and body[0] is node
    )


def mutants(path: Path) -> list[Mutant]:
    """Every mutant of one module, in source order."""
    return sorted(_mutants(path), key=lambda m: (m.start, m.end, m.what))


def _mutants(path: Path) -> Iterator[Mutant]:
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(CHECKOUT)
    data = source.encode("utf-8")
    lines = _offsets(source)
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def edit(node: ast.AST, replacement: ast.AST | str, what: str) -> Mutant:
        start, end = _span(node, lines)
        text = replacement if isinstance(replacement, str) else ast.unparse(replacement)
        statement = node
        while not isinstance(statement, ast.stmt) and statement in parents:
            statement = parents[statement]
        first = min(getattr(statement, "lineno", node.lineno), node.lineno)  # type: ignore[attr-defined]
        reached = tuple(range(first, node.end_lineno + 1))  # type: ignore[attr-defined]
        return Mutant(name, node.lineno, start, end, text, what, reached)  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        if _in_type_checking_or_annotation(node, parents):
            continue
        original = lambda n: data[slice(*_span(n, lines))].decode("utf-8")  # noqa: E731
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIPS:
            flipped = ast.Compare(node.left, [FLIPS[type(node.ops[0])]()], node.comparators)
            yield edit(node, flipped, f"{original(node)} -> {ast.unparse(flipped)}")
        elif isinstance(node, ast.BoolOp):
            swapped = ast.BoolOp(
                ast.Or() if isinstance(node.op, ast.And) else ast.And(), node.values
            )
            yield edit(node, swapped, f"{original(node)} -> {ast.unparse(swapped)}")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield edit(node, f"({original(node.operand)})", f"{original(node)} -> not dropped")
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            yield edit(node, repr(not node.value), f"{node.value} -> {not node.value}")
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield edit(node, repr(node.value + 1), f"{node.value} -> {node.value + 1}")
        if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
            test = node.test
            yield edit(test, f"not ({original(test)})", f"condition negated: {original(test)}")
        if (
            isinstance(node, ast.Return)
            and node.value is not None
            and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            yield edit(node, "return None", f"{original(node)} -> return None")
        if isinstance(node, ast.stmt) and not isinstance(
            node,
            ast.FunctionDef
            | ast.AsyncFunctionDef
            | ast.ClassDef
            | ast.Import
            | ast.ImportFrom
            | ast.Pass
            | ast.Global
            | ast.Nonlocal,
        ):
            parent = parents.get(node)
            if parent is None or _is_docstring(node, parent) or _inert(node):
                continue
            if isinstance(node, ast.Expr | ast.Assign | ast.AugAssign | ast.Raise | ast.Delete):
                first = original(node).splitlines()[0]
                yield edit(node, "pass", f"statement dropped: {first}")


#: What makes a name for annotations alone: a call such as ``TypeVar("T")``,
#: or a generic type such as ``Role = Callable[[State, str], None]``.
TYPING_CALLS = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple", "NewType"})
TYPING_GENERICS = frozenset(
    {"tuple", "list", "dict", "set", "frozenset", "type", "Callable", "Mapping"}
    | {"Sequence", "Iterable", "Iterator", "Union", "Optional", "Literal"}
)


def _inert(node: ast.stmt) -> bool:
    """Statements whose removal is no change to what runs.

    A string or ``...`` alone, ``__all__``, and a name made for annotations
    alone (a TypeVar, a type alias): with ``from __future__ import
    annotations`` no annotation is evaluated, so mypy, not a test, is what
    notices such a name gone.
    """
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return isinstance(node.value.value, str) or node.value.value is Ellipsis
    if not isinstance(node, ast.Assign):
        return False
    if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
        return True
    value = node.value
    if isinstance(value, ast.Call):
        return _name_of(value.func) in TYPING_CALLS
    return isinstance(value, ast.Subscript) and _name_of(value.value) in TYPING_GENERICS


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _in_type_checking_or_annotation(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Annotations and ``__all__`` never run as code worth mutating."""
    child: ast.AST = node
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.arg) and child is parent.annotation:
            return True
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef) and child is parent.returns:
            return True
        if isinstance(parent, ast.AnnAssign) and child is parent.annotation:
            return True
        if isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in parent.targets
        ):
            return True
        child, parent = parent, parents.get(parent)
    return False


def checkout(copy: Path) -> None:
    """Copy the checkout as it is now (tracked and new files, not ignored ones) to ``copy``."""
    shutil.rmtree(copy, ignore_errors=True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)


def mutant_key(mutant: Mutant) -> str:
    """A mutant's identity: its module, the text of its scope and its edit there.

    The scope is the innermost function holding the edit, or else the
    statement of the module or class body holding it (decorators included),
    so an edit elsewhere in the module leaves the key as it was.
    """
    data = (CHECKOUT / mutant.path).read_bytes()
    start, end = _scope(mutant.path, mutant.start, mutant.end)
    digest = hashlib.sha256(f"{mutant.path}\0".encode())
    digest.update(data[start:end])
    digest.update(f"\0{mutant.start - start}\0{mutant.end - start}\0{mutant.text}".encode())
    return digest.hexdigest()


def _scope(path: Path, start: int, end: int) -> tuple[int, int]:
    """The byte span of the narrowest scope of ``path`` holding ``start:end``."""
    holding = [(a, b) for a, b in _scopes(path) if a <= start and end <= b]
    return min(holding, key=lambda span: span[1] - span[0], default=(0, 1 << 62))


@functools.cache
def _scopes(path: Path) -> tuple[tuple[int, int], ...]:
    """Byte spans, from the start of their first line, of every function and of
    every statement of the module's and its classes' bodies."""
    source = (CHECKOUT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = _offsets(source)
    spans = []

    def span(node: ast.stmt) -> tuple[int, int]:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        return lines[first - 1], _span(node, lines)[1]

    def body(statements: list[ast.stmt]) -> None:
        for node in statements:
            spans.append(span(node))
            if isinstance(node, ast.ClassDef):
                body(node.body)

    body(tree.body)
    spans.extend(
        span(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )
    return tuple(spans)


def noticed_before(fresh: bool) -> dict[str, str]:
    """The journal's verdicts (killed or timeout) by mutant key, unless ``fresh``."""
    if fresh or not JOURNAL.is_file():
        return {}
    found = {}
    for line in JOURNAL.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        found[entry["key"]] = entry["verdict"]
    return found


def apply(mutant: Mutant, copy: Path) -> None:
    """Write the mutated module into ``copy``, a copy of the checkout."""
    data = (copy / ".." / "checkout" / mutant.path).read_bytes()
    edited = data[: mutant.start] + mutant.text.encode("utf-8") + data[mutant.end :]
    (copy / mutant.path).write_bytes(edited)


def restore(mutant: Mutant, copy: Path) -> None:
    shutil.copy2(copy / ".." / "checkout" / mutant.path, copy / mutant.path)


def _pytest_args(tests: list[str]) -> list[str]:
    return [
        *("-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0"),
        *(f"--deselect={t}" for t in ABOUT_THE_RUN),
        *tests,
    ]


def _environment(copy: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "HYPOTHESIS_PROFILE": "mutation"}
    env.pop("CI", None)
    return env


@dataclass
class Coverage:
    """Which tests reach each line of each module, and how long each test took."""

    lines: dict[Path, dict[int, set[str]]]
    durations: dict[str, float]
    #: How many mutants each test file has killed so far in this run: files
    #: that noticed mutants before go first, as they are likely to again.
    kills: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)

    def cost(self, test: str) -> float:
        """What a test (a node id, or a whole file) took, unmutated."""
        if test in self.durations:
            return self.durations[test]
        return sum(t for n, t in self.durations.items() if n.startswith((test + "::", test + "/")))

    def timeout(self, tests: list[str]) -> float:
        """Three times what the tests took unmutated, and time to start: at least 30 s."""
        return max(30.0, 3 * sum(self.cost(t) for t in tests) + 10)

    def tests_for(self, mutant: Mutant, everything: list[str]) -> list[str]:
        """The tests that run the mutant's lines, quickest first.

        A line run when consensus is imported is reached by every test; one
        run while a test file was collected, by that whole file.
        """
        reached = self.lines.get(mutant.path, {})
        found: set[str] = set()
        for line in mutant.lines:
            found |= reached.get(line, set())
        files = {c.removeprefix("collect:") for c in found if c.startswith("collect:")}
        chosen = files | {
            c
            for c in found
            if c and not c.startswith("collect:") and c.split("::")[0] not in files
        }
        ordered = sorted(chosen, key=lambda t: (-self.kills[t.split("::")[0]], self.cost(t), t))
        if "" in found:
            # Run when consensus is imported, so every test depends on it; the
            # tests that ran it again themselves (a registration called
            # directly, say) go first, as the likeliest to notice.
            return [*ordered, *(t for t in everything if t not in files)]
        return ordered


#: The plugin that makes the map (scripts/_mutation_plugin.py).
PLUGIN = "_mutation_plugin.py"


def _fingerprint(tests: list[str]) -> str:
    """What the map depends on: the checkout but scripts/ (the plugin aside), and the tests."""
    digest = hashlib.sha256("\0".join(tests).encode())
    for path in sorted(CHECKOUT.rglob("*")):
        relative = path.relative_to(CHECKOUT)
        if path.is_file() and (relative.parts[0] != "scripts" or path.name == PLUGIN):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def measure(copy: Path, tests: list[str]) -> Coverage:
    """Run the tests once under coverage, one context per test (see _mutation_plugin).

    The map is kept in .mutation/map and used again while nothing it depends
    on has changed.
    """
    import coverage

    out = WORK / "map"
    key = _fingerprint(tests)
    if not (out / "key").is_file() or (out / "key").read_text(encoding="utf-8") != key:
        _measure(copy, tests, out)
        (out / "key").write_text(key, encoding="utf-8")
    data = coverage.CoverageData(basename=str(out / "coverage"))
    data.read()
    lines: dict[Path, dict[int, set[str]]] = {}
    for measured in data.measured_files():
        original = Path(measured).relative_to(copy)
        lines[original] = {
            n: set(contexts) for n, contexts in data.contexts_by_lineno(measured).items()
        }
    durations = json.loads((out / "durations.json").read_text(encoding="utf-8"))
    return Coverage(lines, durations)


def _measure(copy: Path, tests: list[str], out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {
        **_environment(copy),
        "PYTHONPATH": f"{copy / 'src'}{os.pathsep}{copy / 'scripts'}",
        "MUTATION_MAP": str(out),
        "MUTATION_SOURCE": str(copy / "src" / "consensus"),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "_mutation_plugin",
        *_pytest_args(tests),
    ]
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).decode(errors="replace").splitlines()[-15:]
        raise SystemExit(
            "mutation: the tests fail on the unmutated code; fix that first:\n" + "\n".join(tail)
        )


class _Killer:
    """A pytest plugin for a child: write the node id of the first test to fail."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed and not self.path.exists():
            self.path.write_text(report.nodeid, encoding="utf-8")


class Runner:
    """Runs mutants side by side, each in a child forked from a warmed-up parent.

    The parent has imported pytest and the libraries consensus uses, but not
    consensus: each child puts its copy of src/ first on the path, runs pytest
    in-process and exits with its status. Forking saves the interpreter's
    start-up, which costs more than the tests of most mutants.
    """

    def __init__(self, copies: list[Path], cost: Callable[[str], float]) -> None:
        self.free = list(copies)
        self.cost = cost
        self.last_killer: str | None = None
        #: Each child: its mutant, copy, deadline, verdict if late, tests still to run.
        self.running: dict[int, tuple[Mutant, Path, float, str, list[str]]] = {}

    def start(
        self, mutant: Mutant, tests: list[str], timeout: float, budget: float | None = None
    ) -> None:
        """Run ``tests`` against ``mutant``; stop them after ``timeout`` or ``budget`` s.

        Overrunning the timeout (three times the tests' own time) is a mutant
        that made them slow: noticed. Spending the budget is a mutant the
        quickest tests did not notice, and the rest were not run: unfinished.

        The tests run in two stages, each in its own child: the first few
        (those likeliest to notice, as tests_for orders them) and, only if
        they all pass, the rest. Collecting a test file costs more than most
        tests, and most mutants are noticed by the first file.
        """
        copy = self.free.pop()
        apply(mutant, copy)
        first, rest = _stages(tests, self.cost)
        verdict = "timeout" if budget is None or timeout <= budget else "unfinished"
        deadline = time.monotonic() + min(timeout, budget or timeout)
        self.running[self._fork(copy, first)] = (mutant, copy, deadline, verdict, rest)

    def _fork(self, copy: Path, tests: list[str]) -> int:
        pid = os.fork()
        if pid == 0:  # the child
            try:
                os.environ.update(_environment(copy))
                os.chdir(copy)
                sys.path.insert(0, str(copy / "src"))
                if not os.environ.get("MUTATION_VERBOSE"):
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                import pytest

                code = pytest.main(_pytest_args(tests), plugins=[_Killer(copy / ".killer")])
                os._exit(int(code))
            except BaseException:
                traceback.print_exc()
                os._exit(1)
        return pid

    def wait(self) -> tuple[Mutant, str]:
        """The next mutant to finish, and its verdict."""
        while True:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid:
                mutant, copy, deadline, late, rest = self.running.pop(pid)
                verdict = _verdict(os.waitstatus_to_exitcode(status))
                if verdict == "survived" and rest:
                    self.running[self._fork(copy, rest)] = (mutant, copy, deadline, late, [])
                    continue
                return self._done(mutant, copy, verdict)
            now = time.monotonic()
            for pid, (mutant, copy, deadline, late, _) in list(self.running.items()):
                if now > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    del self.running[pid]
                    return self._done(mutant, copy, late)
            time.sleep(0.01)

    def killer(self, copy: Path) -> str | None:
        """The test that failed in ``copy``'s last run, if one did."""
        path = copy / ".killer"
        if not path.is_file():
            return None
        found = path.read_text(encoding="utf-8")
        path.unlink()
        return found

    def _done(self, mutant: Mutant, copy: Path, verdict: str) -> tuple[Mutant, str]:
        self.last_killer = self.killer(copy)
        restore(mutant, copy)
        self.free.append(copy)
        return mutant, verdict


#: The first stage of a mutant's tests: about this many seconds of them.
FIRST_STAGE = 2.0


def _stages(tests: list[str], cost: Callable[[str], float]) -> tuple[list[str], list[str]]:
    """The leading tests worth about FIRST_STAGE seconds (at least one), and the rest."""
    spent, cut = 0.0, 0
    while cut < len(tests) and (cut == 0 or spent + cost(tests[cut]) <= FIRST_STAGE):
        spent += cost(tests[cut])
        cut += 1
    return tests[:cut], tests[cut:]


def _verdict(code: int) -> str:
    if code == 5:
        raise SystemExit("mutation: pytest collected no tests; name test files that exist")
    # 1 is a failing test; 2 and 4 a mutant that breaks the package at import
    # or collection; 3 pytest's own error; a signal a crash: all noticed.
    return "survived" if code == 0 else "killed"


def _check_the_runner(
    copies: list[Path], reach: Coverage, plan: dict[Path, list[Mutant]], tests: list[str]
) -> None:
    """An unchanged module must survive its mutants' tests; a broken one be killed.

    Otherwise the verdicts mean nothing: a child that fails for reasons of its
    own (a warning, tests that depend on each other's order) would count every
    mutant killed. The three quickest distinct selections of tests are tried
    unchanged, and each module broken.
    """
    selections: dict[tuple[str, ...], Path] = {}
    for module, found in plan.items():
        for mutant in found:
            chosen = reach.tests_for(mutant, tests)
            if chosen:
                selections.setdefault(tuple(chosen), module)
    quickest = sorted(selections, key=lambda c: sum(reach.cost(t) for t in c))[:3]
    probes = [(selections[c], list(c), "", "unchanged", "survived") for c in quickest]
    probes += [
        (module, tests[:1], "raise ImportError('mutated')\n", "broken", "killed")
        for module in plan
    ]
    for module, chosen, text, what, expected in probes:
        runner = Runner(copies[:1], reach.cost)
        probe = Mutant(module.relative_to(CHECKOUT), 1, 0, 0, text, what, (1,))
        runner.start(probe, chosen, reach.timeout(chosen))
        _, verdict = runner.wait()
        if verdict != expected:
            raise SystemExit(
                f"mutation: {module.name} {what} was {verdict}, not {expected}, under "
                f"{len(chosen)} tests from {chosen[0]}; the verdicts cannot be trusted "
                "(MUTATION_VERBOSE=1 shows the tests' output)"
            )


def _module(name: str) -> Path:
    """A module's file in the checkout copy, named by path or as under src/consensus."""
    package = CHECKOUT / "src" / "consensus"
    for candidate in (CHECKOUT / name, package / name, package / f"{name}.py"):
        if candidate.is_file():
            return candidate
    raise SystemExit(f"mutation: no module {name!r} under src/consensus")


def _warm_up() -> None:
    """Import what every child needs, except consensus itself (each child's is mutated)."""
    import attrs  # noqa: F401
    import cattrs  # noqa: F401
    import pendulum  # noqa: F401
    import pytest  # noqa: F401
    import sortedcontainers  # noqa: F401 - hypothesis's (itself a pytest plugin: not here)
    import transitions  # noqa: F401


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"modules (default: the core, {len(CORE)})")
    parser.add_argument("--tests", nargs="+", help="test files or node ids (default: the suite)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run side by side")
    parser.add_argument("--limit", type=int, help="at most this many mutants a module")
    parser.add_argument("--line", type=int, help="only the mutants on this line")
    parser.add_argument("--list", action="store_true", help="list the mutants; run nothing")
    parser.add_argument(
        "--budget",
        type=float,
        help="stop a mutant's tests after this many seconds and count it unfinished "
        "(not noticed): a quicker, lower score",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="run again the mutants earlier runs noticed"
    )
    args = parser.parse_args()
    checkout(CHECKOUT)
    before = noticed_before(args.fresh)
    modules = [_module(m) for m in (args.modules or CORE)]
    tests = args.tests or [
        *(
            str(p.relative_to(CHECKOUT))
            for p in sorted((CHECKOUT / "tests").glob("test_*.py"))
            if str(p.relative_to(CHECKOUT)) not in SLOW_OR_BLIND
        ),
        "src/consensus",
        "docs",
        "README.md",
    ]
    plan = {
        m: [x for x in mutants(m) if args.line is None or x.line == args.line][: args.limit]
        for m in modules
    }
    if args.list:
        for found in plan.values():
            for mutant in found:
                print(f"{mutant.where()}: {mutant.what}")
        return 0
    copies = []
    for job in range(max(1, args.jobs)):
        copy = WORK / f"job{job}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(CHECKOUT, copy)
        copies.append(copy)
    began = time.perf_counter()
    reach = measure(copies[0], tests)
    print(f"map: which tests reach which lines, in {time.perf_counter() - began:.0f} s")
    _warm_up()
    _check_the_runner(copies, reach, plan, tests)
    total = {"killed": 0, "survived": 0, "timeout": 0, "unfinished": 0}
    for module, found in plan.items():
        counts = {"killed": 0, "survived": 0, "timeout": 0, "unfinished": 0}
        survivors: list[tuple[Mutant, str]] = []
        runner = Runner(copies, reach.cost)
        queue = list(found)
        module_began = time.perf_counter()
        judged = 0
        while queue or runner.running:
            while queue and runner.free:
                mutant = queue.pop(0)
                if (earlier := before.get(mutant_key(mutant))) is not None:
                    counts[earlier] += 1
                    judged += 1
                    continue
                chosen = reach.tests_for(mutant, tests)
                if not chosen:
                    counts["survived"] += 1
                    judged += 1
                    survivors.append((mutant, "no test reaches it"))
                    continue
                runner.start(mutant, chosen, reach.timeout(chosen), args.budget)
            if runner.running:
                mutant, verdict = runner.wait()
                if runner.last_killer:
                    reach.kills[runner.last_killer.split("::")[0]] += 1
                counts[verdict] += 1
                judged += 1
                if verdict in ("killed", "timeout"):
                    with JOURNAL.open("a", encoding="utf-8") as journal:
                        journal.write(json.dumps({"key": mutant_key(mutant), "verdict": verdict}))
                        journal.write("\n")
                if verdict in ("survived", "unfinished"):
                    survivors.append((mutant, "" if verdict == "survived" else "budget spent"))
                if judged % 25 == 0:
                    print(
                        f"  {mutant.path}: {judged} of {len(found)}", file=sys.stderr, flush=True
                    )
        noticed = counts["killed"] + counts["timeout"]
        score = 100 * noticed / len(found) if found else 100.0
        print(
            f"{module.relative_to(CHECKOUT)}: {len(found)} mutants, {counts['killed']} killed, "
            f"{counts['timeout']} timed out, {counts['survived']} survived, "
            f"{counts['unfinished']} unfinished: {score:.1f} % "
            f"({time.perf_counter() - module_began:.0f} s)"
        )
        for mutant, why in sorted(survivors, key=lambda s: (s[0].line, s[0].start)):
            print(f"  survived {mutant.where()}: {mutant.what}" + (f" ({why})" if why else ""))
        sys.stdout.flush()
        for key in total:
            total[key] += counts[key]
    print(
        f"all: {total['killed']} killed, {total['timeout']} timed out, "
        f"{total['survived']} survived, {total['unfinished']} unfinished"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
