#!/usr/bin/env bash
# Several API processes as one service: 1, 2 and 3 API processes on one database drain the fetch queue (pages
# served on 127.0.0.1); with 3, one is killed with SIGKILL mid-run. Reports documents per second, pages fetched
# twice, nothing lost, and one key's budget shared by three processes. Then capacity with 1, 2 and 3 processes:
# articles ingested and verified per second, POST /articles p50/p95/p99, editorial verdicts per second from 16 writers
# with a webhook on every event, events written per second, and a 10-minute soak sampling memory and connections.
# Run it on an idle machine. Database: $FACTCHECK_DB, else a private cluster under .data/bench-postgres. Extra
# arguments go to the tool (--articles N --sources N --verify-articles N --writers N --verdict-seconds N
# --soak-minutes N --soak-rate R, or --capacity false).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"
ensure_dotnet
DATA_DIR=${FACTCHECK_DATA_DIR:-$ROOT/.data}
bench_database "$DATA_DIR/bench-postgres" factcheck_cluster 30
cd "$ROOT"
log "building the API"
dotnet build src/FactCheck.Api/FactCheck.Api.csproj -c Release -nologo -v q -o "$DATA_DIR/bench-api" >&2 || die "the build failed"
dotnet run --project tools/FactCheck.Tools -c Release -- cluster bench --db "$FACTCHECK_DB" --api-dll "$DATA_DIR/bench-api/FactCheck.Api.dll" "$@"
