#!/usr/bin/env bash
# Bootstrap this checkout (packaging/bootstrap.sh: system packages, .venv, the project) and run the
# test suite. Arguments go to pytest, e.g. packaging/run-tests.sh -m "not gui" -x
# The exit code is pytest's: 5 (no test collected) is a failure too.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

packaging/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
