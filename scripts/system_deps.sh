#!/usr/bin/env bash
# The test suite's system packages: headless Chromium (browser tests) and LibreOffice Calc
# (the workbook round trip). Installed from Debian when missing and we may; otherwise the
# tests that need them say so and skip (CI requires them: LTPIF_REQUIRE_BROWSER/_LIBREOFFICE).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium chromium-driver)
command -v soffice >/dev/null || missing+=(libreoffice-calc)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (Debian packages) for the browser and workbook tests..."
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Not installed: ${missing[*]} (install them as root; their tests will be skipped)."
fi
