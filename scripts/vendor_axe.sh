#!/usr/bin/env bash
# Vendor axe-core, the accessibility engine the browser tests run on every page, from npm (no
# CDN: the tests run offline). It is for the tests only, so it goes under tests/vendor/, never
# into the static files the service sends to users.
#
# The file is committed: the tests do not run this script. Run it by hand to upgrade (change
# AXE_CORE_VERSION below, or override it in the environment), then review the diff and commit.
# It needs node and npm, and the npm registry.
#
#   scripts/vendor_axe.sh           # fetch into tests/vendor/axe/
#   scripts/vendor_axe.sh --check   # fetch into a scratch folder and diff with what is committed
set -euo pipefail

AXE_CORE_VERSION="${AXE_CORE_VERSION:-4.14.1}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo_root/tests/vendor/axe"

source "$repo_root/scripts/npm_vendor.sh"
vendor_parse_args "$@"
vendor_npm_install axe-vendor "axe-core@$AXE_CORE_VERSION"
pkg="$build/node_modules/axe-core"
got="$(node -p "require('$pkg/package.json').version")"
cp "$pkg/axe.min.js" "$pkg/LICENSE" "$out/"
grep -q 'axe' "$out/axe.min.js" || { echo "error: no axe in axe.min.js" >&2; exit 1; }
cat >"$out/VERSION" <<VERSION
axe-core $got (npm, MPL-2.0: LICENSE)
sha256 $(sha256sum "$out/axe.min.js" | cut -d' ' -f1)  axe.min.js
made by scripts/vendor_axe.sh: npm install --ignore-scripts axe-core@$got, then its axe.min.js
VERSION

vendor_install "$dest" "axe-core $got from npm"
