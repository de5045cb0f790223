#!/usr/bin/env bash
# Installs everything mqlite needs to build and test on Debian bookworm. Idempotent: a second run
# installs nothing. Debian packages via apt (root or sudo), npm packages via the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(emscripten catch2 chromium cmake g++ clang libclang-rt-14-dev)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
fi
