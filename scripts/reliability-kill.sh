#!/usr/bin/env bash
# The slow reliability probes: kill -9 of the API twice during 300 fetches (restarted each time), and once during
# 4,000 POSTs with Idempotency-Keys that clients retry. Reports lost, duplicated and stuck work (all must be 0).
# Database: $FACTCHECK_DB, else a private
# cluster under .data/bench-postgres. Extra arguments go to the tool (--pages N --posts N).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"
ensure_dotnet
DATA_DIR=${FACTCHECK_DATA_DIR:-$ROOT/.data}
PG_DIR=$(pg_resolve_dir "$DATA_DIR/bench-postgres")
STARTED=""
trap '[ -n "$STARTED" ] && pg_stop "$PG_DIR"' EXIT
if [ -z "${FACTCHECK_DB:-}" ]; then
  port=$(free_port 55632)
  pg_start "$PG_DIR" "$port" || die "could not start PostgreSQL"
  STARTED=1
  port=$(pg_port_of "$PG_DIR")
  pg_create_db "$port" factcheck_kill
  export FACTCHECK_DB="Host=127.0.0.1;Port=$port;Database=factcheck_kill;Username=postgres;Maximum Pool Size=30"
fi
cd "$ROOT"
log "building the API"
dotnet build src/FactCheck.Api/FactCheck.Api.csproj -c Release -nologo -v q -o "$DATA_DIR/bench-api" >&2 || die "the build failed"
dotnet run --project tools/FactCheck.Tools -c Release -- reliability kill --db "$FACTCHECK_DB" --api-dll "$DATA_DIR/bench-api/FactCheck.Api.dll" "$@"
