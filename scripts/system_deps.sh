#!/usr/bin/env bash
# The test suite's system packages: headless Chromium (browser tests), LibreOffice Calc
# (the workbook round trip) and HarfBuzz's subsetter (WeasyPrint warns without it when it
# embeds fonts in the published PDF, and the suite treats warnings as errors). Installed from
# Debian when missing and we may; otherwise the tests that need them say so and skip (CI
# requires them: LTPIF_REQUIRE_BROWSER/_LIBREOFFICE).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium chromium-driver)
command -v soffice >/dev/null || missing+=(libreoffice-calc)
ldconfig -p | grep -q 'libharfbuzz-subset\.so\.0' || missing+=(libharfbuzz-subset0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (Debian packages) for the browser and workbook tests..."
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Not installed: ${missing[*]} (install them as root; their tests will be skipped)."
fi
