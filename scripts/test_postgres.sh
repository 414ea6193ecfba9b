#!/usr/bin/env bash
# The web tests again, on PostgreSQL (127.0.0.1:5432, trust auth; started when it is down).
# With LTPIF_REQUIRE_POSTGRES=1 (CI) a missing server is a failure, not a skip.
set -euo pipefail
BIN=${BIN:-.venv/bin}
URL=${POSTGRES_TEST_URL:-postgres://postgres@127.0.0.1:5432/ltpif}
ready() { "$BIN/python" - "$URL" <<'PY'
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
try:
    psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, dbname="postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
}
if ! ready && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  sleep 2
fi
if ! ready; then
  if [ "${LTPIF_REQUIRE_POSTGRES:-}" = 1 ]; then
    echo "PostgreSQL is required (LTPIF_REQUIRE_POSTGRES=1) but not reachable at $URL" >&2
    exit 1
  fi
  echo "PostgreSQL not reachable at $URL: skipping the PostgreSQL run."
  exit 0
fi
echo "Running the web tests on PostgreSQL ($URL)..."
DATABASE_URL="$URL" LTPIF_REQUIRE_DATABASE=postgresql "$BIN/pytest" -q tests/web -m "not e2e" -p no:cacheprovider
