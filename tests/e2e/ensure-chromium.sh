#!/usr/bin/env bash
# Installs what the end-to-end tests need from Debian when it is missing: chromium (driven with
# playwright-core; no browser is ever downloaded by a test tool) and poppler-utils (pdftoppm and
# pdfinfo read the exported PDFs). Needs root or passwordless sudo on a fresh machine.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${packages[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
command -v chromium >/dev/null
command -v pdftoppm >/dev/null
