#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (which downloads no browser of its own). Installs
# it when it is missing; with CI=true the browser tests fail rather than skip without it.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
