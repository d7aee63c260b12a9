#!/usr/bin/env bash
# Runs every test project against a real PostgreSQL: $FACTCHECK_TEST_DB when set; else a private
# cluster under .data/ started for this run; else the tests fall back to Testcontainers (Docker).
# Exits non-zero when any test fails. Extra arguments go to `dotnet test`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"

DATA_DIR=${FACTCHECK_DATA_DIR:-$ROOT/.data}
PG_DIR="$DATA_DIR/test-postgres"
PG_DIR=$(pg_resolve_dir "$PG_DIR")
RESULTS_DIR=${FACTCHECK_TEST_RESULTS:-$DATA_DIR/test-results}
STARTED_PG=""

cleanup() {
  if [ -n "$STARTED_PG" ]; then pg_stop "$PG_DIR"; fi
}
trap cleanup EXIT

ensure_dotnet
ensure_chromium || true

if [ -n "${FACTCHECK_TEST_DB:-}" ]; then
  log "tests use the database server in FACTCHECK_TEST_DB"
elif pg_bin_dir >/dev/null 2>&1; then
  pg_stop "$PG_DIR"
  port=$(free_port "${FACTCHECK_TEST_PG_PORT:-55532}")
  # Durability is not what the tests measure: fsync off keeps them fast.
  FACTCHECK_PG_FSYNC=off pg_start "$PG_DIR" "$port" || die "could not start the test PostgreSQL cluster"
  STARTED_PG=1
  export FACTCHECK_TEST_DB="Host=127.0.0.1;Port=$port;Database=postgres;Username=postgres;Include Error Detail=true"
  log "tests use a private PostgreSQL cluster on 127.0.0.1:$port"
else
  log "no PostgreSQL here and FACTCHECK_TEST_DB is unset: the tests will start one with Testcontainers (needs Docker)"
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
# Tests keep artefacts (the report screenshot) beside the results.
export FACTCHECK_TEST_RESULTS="$RESULTS_DIR"
status=0
# Quiet by default (failures and a summary); FACTCHECK_TEST_VERBOSE=1 lists every test and prints the services' logs.
verbosity=minimal
[ "${FACTCHECK_TEST_VERBOSE:-0}" = 1 ] && verbosity=normal
dotnet test "$ROOT/FactCheck.sln" -c Release --nologo \
  --logger "trx" --logger "console;verbosity=$verbosity" --results-directory "$RESULTS_DIR" "$@" || status=$?
exit $status
