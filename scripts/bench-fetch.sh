#!/usr/bin/env bash
# Fetch-queue benchmark: 1,000 documents over 20 hosts on 127.0.0.1 (30% transient and 5% permanent
# failures) drained by 2 workers sharing one database. Database: $FACTCHECK_DB, else a private cluster
# under .data/bench-postgres. Extra arguments go to the tool (--documents N --hosts N --workers N).
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
dotnet run --project tools/FactCheck.Tools -c Release -- fetch bench --db "$FACTCHECK_DB" "$@"
