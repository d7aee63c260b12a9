#!/usr/bin/env bash
# Webhook delivery benchmark: 1,000 events over 100 articles queued, then drained to a receiver on 127.0.0.1
# that checks each signature; then commit-to-receiver latency of 200 events. Database: $FACTCHECK_DB, else a private
# cluster under .data/bench-postgres. Extra arguments go to the tool (--events N --articles N --latency-events N).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"
ensure_dotnet
PG_DIR=$(pg_resolve_dir "${FACTCHECK_DATA_DIR:-$ROOT/.data}/bench-postgres")
STARTED=""
trap '[ -n "$STARTED" ] && pg_stop "$PG_DIR"' EXIT
if [ -z "${FACTCHECK_DB:-}" ]; then
  port=$(free_port 55632)
  FACTCHECK_PG_FSYNC=off pg_start "$PG_DIR" "$port" || die "could not start PostgreSQL"
  STARTED=1
  port=$(pg_port_of "$PG_DIR")
  pg_create_db "$port" factcheck_bench
  export FACTCHECK_DB="Host=127.0.0.1;Port=$port;Database=factcheck_bench;Username=postgres;Maximum Pool Size=50"
fi
cd "$ROOT"
dotnet run --project tools/FactCheck.Tools -c Release -- webhooks bench --db "$FACTCHECK_DB" "$@"
