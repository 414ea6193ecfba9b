#!/usr/bin/env bash
# Vendor the NHS.UK design system front end (nhsuk-frontend) into the Django app's static files.
#
# The compiled files are committed: neither `make demo` nor the tests run this script. Run it by
# hand to upgrade (change NHSUK_FRONTEND_VERSION / SASS_VERSION below, or override them in the
# environment), then review the diff and commit it. It needs node and npm, and the npm registry.
#
#   scripts/vendor_frontend.sh           # rebuild into src/ltpif/web/static/nhsuk/
#   scripts/vendor_frontend.sh --check   # rebuild into a scratch folder and diff with what is committed
#
# What it does:
#   1. in a scratch folder outside the repo, `npm install nhsuk-frontend@X sass@Y`;
#   2. compiles the package's Sass with dart-sass, offline-safe: no @font-face (the Frutiger web
#      fonts live on an NHS host that is unreachable offline, and loading them leaks visits), a
#      system font stack instead, and image URLs under /static/nhsuk/assets/;
#   3. copies the ES-module JavaScript bundle and only the assets that the CSS and the page
#      template reference, and writes VERSION.
# htmx is not vendored here: django-htmx (a Python dependency) ships htmx 2.0.x as the static file
# django_htmx/htmx-2.min.js (use its `htmx_script` helper, or {% static %} on that path).
set -euo pipefail

NHSUK_FRONTEND_VERSION="${NHSUK_FRONTEND_VERSION:-10.6.1}"
SASS_VERSION="${SASS_VERSION:-1.108.2}"
ASSETS_URL="${NHSUK_ASSETS_URL:-/static/nhsuk/assets/}"

# The images kept: the four the compiled CSS references (checked below), plus the favicons,
# mask icon, touch icon and web-app manifest (and the two icons it lists) that the page template
# of nhsuk-frontend / nhsuk-frontend-jinja links from its <head>.
PAGE_ASSETS=(
  manifest.json
  images/favicon.ico
  images/favicon.svg
  images/nhsuk-icon-mask.svg
  images/nhsuk-icon-180.png
  images/nhsuk-icon-192.png
  images/nhsuk-icon-512.png
)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
static_root="$repo_root/src/ltpif/web/static"
dest="$static_root/nhsuk"

source "$repo_root/scripts/npm_vendor.sh"
vendor_parse_args "$@"

# 1. Install -------------------------------------------------------------------------------------
# (sass's optional file watcher, a native add-on, is only for --watch and is not needed.)
vendor_npm_install nhsuk-build "nhsuk-frontend@$NHSUK_FRONTEND_VERSION" "sass@$SASS_VERSION"
mkdir -p "$out/assets/images"
pkg="$build/node_modules/nhsuk-frontend"
dist="$pkg/dist/nhsuk"
got_nhsuk="$(node -p "require('$pkg/package.json').version")"
got_sass="$(node -p "require('$build/node_modules/sass/package.json').version")"

# 2. Compile -------------------------------------------------------------------------------------
# In nhsuk-frontend 10 the `html { font-family }` rule is emitted only together with the Frutiger
# @font-face rules, so turning those off leaves the page in the browser's default (serif) font:
# the entry point sets the font family itself.
cat >ltpif-nhsuk.scss <<EOF
// Entry point written by scripts/vendor_frontend.sh.
@use "nhsuk-frontend/dist/nhsuk" as nhsuk with (
  \$nhsuk-include-font-face: false,
  \$nhsuk-font-family: (Arial, Helvetica, sans-serif),
  \$nhsuk-assets-path: "$ASSETS_URL"
);

html {
  font-family: nhsuk.\$nhsuk-font-family;
}
EOF
sass_cmd=(node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map
  ltpif-nhsuk.scss "$out/nhsuk-frontend.min.css")
"${sass_cmd[@]}"

css="$out/nhsuk-frontend.min.css"
if grep -q '@font-face' "$css"; then
  echo "error: the compiled CSS still has @font-face rules" >&2; exit 1
fi
if grep -Eq 'https?://' "$css"; then
  echo "error: the compiled CSS references a remote URL:" >&2
  grep -Eo 'https?://[^")]*' "$css" | sort -u >&2; exit 1
fi

# 3. Copy ----------------------------------------------------------------------------------------
# The ES module bundle (`<script type="module">` then `import { initAll } ...; initAll()`), less
# its trailing source-map comment: the 250 KB map is not vendored, so the comment would only send
# browser dev tools to a 404; and Django's manifest static storage (collectstatic) fails on a
# sourceMappingURL comment whose map is missing once that comment stands on its own line (as in
# the package's versioned nhsuk-frontend-X.min.js; in 10.6.1 this file has it glued to the code).
sed -e 's|//# sourceMappingURL=[^ ]*$||' "$dist/nhsuk-frontend.min.js" >"$out/nhsuk-frontend.min.js"
if grep -q 'sourceMappingURL' "$out/nhsuk-frontend.min.js"; then
  echo "error: could not strip the source-map comment from the JS" >&2; exit 1
fi
grep -q 'initAll' "$out/nhsuk-frontend.min.js" || { echo "error: no initAll export" >&2; exit 1; }

# Images the CSS references (url("<ASSETS_URL>images/x.svg")), then the page-template ones.
css_assets=()
while IFS= read -r url; do
  case "$url" in
    "$ASSETS_URL"*) css_assets+=("${url#"$ASSETS_URL"}") ;;
    *) echo "error: CSS url($url) is outside $ASSETS_URL" >&2; exit 1 ;;
  esac
done < <(grep -Eo 'url\([^)]*\)' "$css" | sed -E 's/^url\(["'"'"']?//; s/["'"'"']?\)$//' | sort -u)
for asset in "${css_assets[@]}" "${PAGE_ASSETS[@]}"; do
  cp "$dist/assets/$asset" "$out/assets/$asset"
done
for asset in "${css_assets[@]}"; do
  [[ -f "$out/assets/$asset" ]] || { echo "error: $asset missing" >&2; exit 1; }
done

cat >"$out/VERSION" <<EOF
nhsuk-frontend $got_nhsuk (npm)
sass (dart-sass) $got_sass (npm)
date $(date -u +%Y-%m-%d)
made by scripts/vendor_frontend.sh
install: npm install --ignore-scripts --omit=optional nhsuk-frontend@$got_nhsuk sass@$got_sass
build: ${sass_cmd[*]/#"$out"/src/ltpif/web/static/nhsuk}
entry point ltpif-nhsuk.scss:
$(sed 's/^./  &/' ltpif-nhsuk.scss)
nhsuk-frontend.min.js: dist/nhsuk/nhsuk-frontend.min.js less its sourceMappingURL comment
assets/: from dist/nhsuk/assets/ - the images the CSS references, and the page-template icons
  and manifest
htmx: not vendored; django-htmx ships it (static path django_htmx/htmx-2.min.js)
EOF

# 4. Install into the repo, or compare (the date line is expected to differ between days) ------
vendor_install "$dest" "a fresh build of nhsuk-frontend $got_nhsuk with sass $got_sass" -I '^date '
