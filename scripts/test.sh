#!/usr/bin/env bash
# The test command: installs what the tests need (Python deps, front-end build, Debian's
# Chromium for browser tests) and runs ruff and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q -r requirements-dev.lock
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
    || echo "warning: could not install Debian's chromium; browser tests will skip" >&2
fi
.venv/bin/ruff check src tests bench
.venv/bin/python -m pytest "$@"
