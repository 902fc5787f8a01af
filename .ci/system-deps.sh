#!/usr/bin/env bash
# Debian packages the checks need: Chromium (its headless build for the browser tests, the full
# browser for Lighthouse),
# poppler-utils (pdftoppm, pdftotext) to inspect the PDF, fonts to embed,
# Pango and HarfBuzz for WeasyPrint (the handbook PDF).
# Idempotent: installs only what is missing. Needs root (or sudo) on a fresh machine.
set -euo pipefail
packages=(chromium chromium-headless-shell poppler-utils fonts-dejavu-core fonts-dejavu-extra libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# node and npm (axe-core for the browser tests, Lighthouse for its benchmark): any install will do.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "error: need root to apt-get install ${missing[*]}; install them and run again" >&2; exit 1
  fi
else SUDO=""; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
