#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine, then run it.
# System packages (PostgreSQL server, Chromium) are installed when we are root and they are missing;
# tests that need them start their own server/browser.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=""
  [ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need="$need postgresql"
  command -v chromium >/dev/null || need="$need chromium"
  if [ -n "$need" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
fi
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e ".[kb,serve,test]"
# quality gate: held-out figures of the bundled model against the floors in bench/baseline.json
# (before pytest, so that pytest's summary stays the last line)
.venv/bin/python bench/eval_gate.py
exec .venv/bin/python -m pytest -q "$@"
