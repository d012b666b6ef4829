#!/usr/bin/env bash
# Makes the virtual environment the Python models run in (scripts/python/.venv) with the
# pinned requests and aiohttp. Needs python3 (3.9 or newer) with its venv module.
#
#   scripts/python/setup.sh
#
# Without it, `fanout run` skips the Python models with a one-line hint; nothing fails.
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "error: $python not found; install Python 3 to run the Python models" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -c "import requests, aiohttp; print('python models ready:', requests.__version__, aiohttp.__version__)"
