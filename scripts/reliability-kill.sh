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
bench_database "$DATA_DIR/bench-postgres" factcheck_kill 30
cd "$ROOT"
log "building the API"
dotnet build src/FactCheck.Api/FactCheck.Api.csproj -c Release -nologo -v q -o "$DATA_DIR/bench-api" >&2 || die "the build failed"
dotnet run --project tools/FactCheck.Tools -c Release -- reliability kill --db "$FACTCHECK_DB" --api-dll "$DATA_DIR/bench-api/FactCheck.Api.dll" "$@"
