"""Mutation testing for consensus: does the suite notice when the code is wrong?

Each mutant edits the source of one AST node of one module (a comparison
flipped, a condition negated, ``and``/``or`` swapped, a statement dropped, a
``return`` of None, a whole number or a boolean changed) in a copy of
``src/``, and the test suite runs against the copy, one mutant at a time, with
a timeout. A mutant is *killed* when a test fails, *timed out* when the run
overran (counted as noticed, as mutmut and cosmic-ray do), and *survived*
otherwise: a change to the code that no test saw.

Editing the text of a copy, rather than swapping functions at call time,
mutates code that runs at import too (workflow tables, registrations).

Run it with ``bash scripts/mutation [MODULE ...]``; see ``--help``.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

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

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


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
    data = source.encode("utf-8")
    lines = _offsets(source)
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def edit(node: ast.AST, replacement: ast.AST | str, what: str) -> Mutant:
        start, end = _span(node, lines)
        text = replacement if isinstance(replacement, str) else ast.unparse(replacement)
        return Mutant(path, node.lineno, start, end, text, what)  # type: ignore[attr-defined]

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


def _inert(node: ast.stmt) -> bool:
    """Statements whose removal is no change: a string or ``...`` alone, ``__all__``."""
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return isinstance(node.value.value, str) or node.value.value is Ellipsis
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
    )


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


def apply(mutant: Mutant, copy: Path) -> Path:
    """Write the mutated module into ``copy`` (a copy of src/); return the file."""
    target = copy / mutant.path.relative_to(SRC)
    data = mutant.path.read_bytes()
    target.write_bytes(data[: mutant.start] + mutant.text.encode("utf-8") + data[mutant.end :])
    return target


def restore(mutant: Mutant, copy: Path) -> None:
    shutil.copy2(mutant.path, copy / mutant.path.relative_to(SRC))


def run_tests(copy: Path, tests: list[str], timeout: float) -> str:
    """Run pytest against ``copy``: "killed", "survived" or "timeout"."""
    env = {**os.environ, "PYTHONPATH": str(copy), "HYPOTHESIS_PROFILE": "dev"}
    env.pop("CI", None)
    # Doctests are collected from the copy, where the mutant is.
    paths = [str(copy / t.removeprefix("src/")) if t.startswith("src/") else t for t in tests]
    command = [
        sys.executable,
        *("-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0"),
        *paths,
    ]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode == 5:
        raise SystemExit("pytest collected no tests: name test files that exist")
    # 2 and 4 are a mutant that breaks the package at import (killed);
    # 3 is pytest's own internal error, worth seeing.
    if done.returncode == 3:
        tail = (done.stdout + done.stderr).decode(errors="replace").splitlines()[-5:]
        print(f"  pytest exited {done.returncode}: {' / '.join(tail)}", file=sys.stderr)
    return "survived" if done.returncode == 0 else "killed"


def _module(name: str) -> Path:
    path = Path(name)
    for candidate in (path, SRC / "consensus" / name, SRC / "consensus" / f"{name}.py"):
        if candidate.is_file():
            return candidate.resolve()
    raise SystemExit(f"mutation: no module {name!r} under src/consensus")


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"modules (default: the core, {len(CORE)})")
    parser.add_argument("--tests", nargs="+", help="test files or node ids (default: the suite)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run side by side")
    parser.add_argument("--limit", type=int, help="at most this many mutants a module")
    parser.add_argument("--line", type=int, help="only the mutants on this line")
    parser.add_argument("--list", action="store_true", help="list the mutants; run nothing")
    args = parser.parse_args()
    modules = [_module(m) for m in (args.modules or CORE)]
    tests = args.tests or [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "tests").glob("test_*.py"))
        if str(p.relative_to(ROOT)) not in SLOW_OR_BLIND
    ] + ["src/consensus"]
    plan = {
        m: [x for x in mutants(m) if args.line is None or x.line == args.line][: args.limit]
        for m in modules
    }
    if args.list:
        for found in plan.values():
            for mutant in found:
                print(f"{mutant.where()}: {mutant.what}")
        return 0
    with tempfile.TemporaryDirectory(prefix="consensus-mutation-") as tmp:
        copies = []
        for job in range(max(1, args.jobs)):
            copy = Path(tmp) / f"src{job}"
            shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            copies.append(copy)
        began = time.perf_counter()
        if run_tests(copies[0], tests, timeout=3600) != "survived":
            raise SystemExit("mutation: the suite fails on the unmutated code; fix that first")
        baseline = time.perf_counter() - began
        timeout = max(30.0, 3 * baseline)
        print(
            f"baseline: the tests pass in {baseline:.0f} s; a mutant times out after {timeout:.0f} s"
        )
        free = list(copies)

        def trial(mutant: Mutant) -> tuple[Mutant, str]:
            copy = free.pop()
            try:
                apply(mutant, copy)
                return mutant, run_tests(copy, tests, timeout)
            finally:
                restore(mutant, copy)
                free.append(copy)

        total = {"killed": 0, "survived": 0, "timeout": 0}
        for module, found in plan.items():
            counts = {"killed": 0, "survived": 0, "timeout": 0}
            survivors: list[Mutant] = []
            with ThreadPoolExecutor(max_workers=len(copies)) as pool:
                for mutant, verdict in pool.map(trial, found):
                    counts[verdict] += 1
                    if verdict == "survived":
                        survivors.append(mutant)
            noticed = counts["killed"] + counts["timeout"]
            score = 100 * noticed / len(found) if found else 100.0
            name = module.relative_to(ROOT)
            print(
                f"{name}: {len(found)} mutants, {counts['killed']} killed, "
                f"{counts['timeout']} timed out, {counts['survived']} survived: {score:.0f} %"
            )
            for mutant in sorted(survivors, key=lambda m: (m.line, m.start)):
                print(f"  survived {mutant.where()}: {mutant.what}")
            for key in total:
                total[key] += counts[key]
        print(
            f"all: {total['killed']} killed, {total['timeout']} timed out, "
            f"{total['survived']} survived"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
