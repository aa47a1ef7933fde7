"""The package as a user installs it: `pip install .` into a new venv, used outside the repository.

Nothing here reads the repository's `src/` at run time: the wheel alone must
hold the code, the bundled charter and the `consensus` command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with `pip install .` of a copy of the project (so no build files land here)."""
    where = tmp_path_factory.mktemp("install")
    source = where / "source"
    source.mkdir()
    for name in ("pyproject.toml", "PYPI.md", "README.md", "LICENSE", "constraints.txt"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    done = subprocess.run(
        [
            str(python),
            *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
            *("-c", str(source / "constraints.txt"), str(source)),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=_clean_env(),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> str:
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**_clean_env(), "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}"},
        timeout=120,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout differs on Windows")
def test_an_installed_copy_works_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    python = str(installed / "bin" / "python")
    where = _run(
        installed, python, "-c", "import consensus; print(consensus.__file__)", cwd=tmp_path
    )
    assert Path(where.strip()).is_relative_to(installed), "the installed copy, not src/"
    helped = _run(installed, "consensus", "--help", cwd=tmp_path)
    for command in ("charter", "init", "simulate", "verify", "import"):
        assert command in helped
    assert helped == _run(installed, python, "-m", "consensus", "--help", cwd=tmp_path)
    title = _run(
        installed,
        python,
        "-c",
        "import consensus as cs; "
        "print(cs.bundled_charters()); "
        "print(cs.bundled_charter('social_care_workforce_partnership').title)",
        cwd=tmp_path,
    )
    assert title.splitlines() == [
        "('social_care_workforce_partnership',)",
        "Social Care Workforce Partnership",
    ]
    ran = _run(installed, "consensus", "simulate", "--seed", "1", "--years", "1", cwd=tmp_path)
    assert ran.startswith("Social Care Workforce Partnership: 1 simulated year(s), seed 1:")
