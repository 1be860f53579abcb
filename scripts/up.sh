#!/usr/bin/env sh
# Sets Runway up on this machine (Python 3.11+ and Node 20+) and starts it with demo data:
# a virtualenv from requirements.lock, front-end packages from package-lock.json, then `runway up`.
# Arguments go to `runway up` (for example --port 9000).
set -eu
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f .venv/.runway-installed ] || [ requirements.lock -nt .venv/.runway-installed ] || [ pyproject.toml -nt .venv/.runway-installed ]; then
  echo "Installing Python packages from requirements.lock..."
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  touch .venv/.runway-installed
fi
if [ ! -f node_modules/.runway-installed ] || [ package-lock.json -nt node_modules/.runway-installed ]; then
  echo "Installing front-end packages from package-lock.json..."
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.runway-installed
fi
npm run --silent vendor

exec .venv/bin/runway up "$@"
