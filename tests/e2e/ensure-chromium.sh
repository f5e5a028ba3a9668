#!/usr/bin/env bash
# Installs Debian's chromium when it is missing (end-to-end tests drive it with playwright-core;
# no browser is ever downloaded by a test tool). Needs root or passwordless sudo on a fresh machine.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
echo "chromium not found: installing Debian's chromium package" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
