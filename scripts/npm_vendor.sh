# Shared steps of the scripts that vendor files from npm (vendor_frontend.sh, vendor_axe.sh);
# sourced, not run. Each script builds into "$out" in a scratch folder, then hands over to
# vendor_install, which either compares with what is committed (--check) or replaces it.

# Sets $check from the script's arguments: none, or --check.
vendor_parse_args() {
  check=false
  case "${1:-}" in
    "") ;;
    --check) check=true ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
  esac
  for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
  done
}

# Makes $scratch (removed on exit) with $build, where npm installs, and $out, the result;
# installs the given packages into $build with nothing run at install time.
vendor_npm_install() {
  local name="$1"; shift
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
  trap 'rm -rf "$scratch"' EXIT
  build="$scratch/build"
  out="$scratch/out"
  mkdir -p "$build" "$out"
  cd "$build"
  printf '{"name": "%s", "version": "0.0.0", "private": true}\n' "$name" >package.json
  # --ignore-scripts: nothing runs at install time; --omit=optional: no native add-ons
  npm install --no-audit --no-fund --ignore-scripts --omit=optional --loglevel=error "$@"
}

# With --check, diffs $out against DEST (extra diff options after DEST); otherwise replaces
# DEST with $out and lists what it holds. LABEL names what was vendored.
vendor_install() {
  local dest="$1" label="$2"; shift 2
  if $check; then
    if diff -r "$@" "$dest" "$out"; then
      echo "ok: $dest matches $label"
    else
      echo "error: $dest differs from $label (above)" >&2; exit 1
    fi
    return
  fi
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.new"
  cp -r "$out" "$dest.new"
  rm -rf "$dest"
  mv "$dest.new" "$dest"
  echo "vendored $label into ${dest#"$repo_root"/}:"
  (cd "$dest" && find . -type f | sort | xargs ls -l | awk '{printf "  %8d  %s\n", $5, $9}')
}
