#!/usr/bin/env bash
# Browser tests of the console and CORS tests, in a real headless Chromium driven by Selenium:
# the multi-user guide's flow done in the console (open mode and password mode), stored markup
# shown as text, errors in words, paging, and CORS from another origin. Each test starts its own
# identity-server on a free loopback port with a temporary database and stops it.
# Installs Debian's chromium and chromium-driver (apt-get) and Selenium + pytest in a venv.
# Screenshots of the main screens go to .build/console-screenshots/; CONSOLE_SCREENSHOTS=docs/console
# refreshes the ones the docs show.
#
# Environment:
#   IDENTITY_SERVER_BIN=...        use this binary instead of building (debug) with SwiftPM
#   CONSOLE_VENV=/var/tmp/...      where the Selenium venv lives (reused when present)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >&2
fi

venv="${CONSOLE_VENV:-/var/tmp/identity-console-venv}"
if [[ ! -x "$venv/bin/pytest" ]] || ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/Console/requirements.txt >&2
fi

if [[ -z "${IDENTITY_SERVER_BIN:-}" ]]; then
    swift build --product identity-server >&2
    IDENTITY_SERVER_BIN="$(swift build --show-bin-path)/identity-server"
fi
export IDENTITY_SERVER_BIN
# Selenium must use the driver given to it, never download one.
export SE_OFFLINE=true

cd Tests/Console
timeout 900 "$venv/bin/pytest" -q "$@"
