#!/usr/bin/env bash
# Several API processes as one service: 1, 2 and 3 API processes on one database drain the fetch queue (pages
# served on 127.0.0.1); with 3, one is killed with SIGKILL mid-run. Reports documents per second, pages fetched
# twice, nothing lost, and one key's budget shared by three processes. Database: $FACTCHECK_DB, else a private
# cluster under .data/bench-postgres. Extra arguments go to the tool (--articles N --sources N).
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
  pg_create_db "$port" factcheck_cluster
  export FACTCHECK_DB="Host=127.0.0.1;Port=$port;Database=factcheck_cluster;Username=postgres;Maximum Pool Size=30"
fi
cd "$ROOT"
log "building the API"
dotnet build src/FactCheck.Api/FactCheck.Api.csproj -c Release -nologo -v q -o "$DATA_DIR/bench-api" >&2 || die "the build failed"
dotnet run --project tools/FactCheck.Tools -c Release -- cluster bench --db "$FACTCHECK_DB" --api-dll "$DATA_DIR/bench-api/FactCheck.Api.dll" "$@"
