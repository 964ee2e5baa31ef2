#!/usr/bin/env bash
# The browser test of `report --html` drives Debian's chromium through playwright-core
# (never a downloaded browser). Installs the package when it is missing; needs root (CI).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium is missing and this is not root: run apt-get install -y chromium as root" >&2
  exit 1
fi
echo "== installing chromium (Debian package) for the browser test"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
