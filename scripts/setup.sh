#!/usr/bin/env bash
# Install frontwire and its pinned dependencies into ./.venv (idempotent; safe to re-run).
# Builds the web front-end too when npm is available.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -r requirements.lock
.venv/bin/python -m pip install -q --no-deps -r requirements-data.lock
.venv/bin/python -m pip install -q --no-deps -e .
if [ -f frontend/package.json ] && command -v npm >/dev/null 2>&1; then
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
fi
