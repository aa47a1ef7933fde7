# Shared by scripts/test and scripts/demo: make .venv with Python 3.11+ and
# install the project into it. Sourced, not run.
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "consensus needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
# constraints.txt pins the versions the gates were last run with, so that a
# new release of a dependency cannot turn CI red unannounced; refresh it with
# `.venv/bin/pip freeze --exclude-editable > constraints.txt` when upgrading.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[$1]"
