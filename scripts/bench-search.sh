#!/usr/bin/env bash
# Load test of claim search and matching: loads generated claims into a database (binary COPY), starts the
# API on it, and drives GET /api/v1/claims?q=… and POST /api/v1/claims/match with autocannon at a fixed rate
# (open loop), then at saturation. Prints one JSON line per run with p50/p95/p99 in ms.
#
#   scripts/bench-search.sh [--claims 1000000] [--skeletons 100000] [--rate 20] [--duration 60] [--connections 50]
#
# Database: $FACTCHECK_BENCH_DB (a server; a database per size is created in it), else a private cluster
# under .data/bench-postgres. Data is generated once per size and kept for later runs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"

CLAIMS=1000000 SKELETONS=100000 RATE=20 DURATION=60 CONNECTIONS=50 SATURATION_CONNECTIONS=8
while [ $# -gt 0 ]; do
  case $1 in
    --claims) CLAIMS=$2 ;; --skeletons) SKELETONS=$2 ;; --rate) RATE=$2 ;; --duration) DURATION=$2 ;;
    --connections) CONNECTIONS=$2 ;; --saturation-connections) SATURATION_CONNECTIONS=$2 ;;
    *) die "unknown option $1" ;;
  esac
  shift 2
done

DATA_DIR=${FACTCHECK_DATA_DIR:-$ROOT/.data}
PG_DIR=$(pg_resolve_dir "$DATA_DIR/bench-postgres")
API_PID="" STARTED_PG=""
cleanup() {
  if [ -n "$API_PID" ]; then kill -TERM "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  if [ -n "$STARTED_PG" ]; then pg_stop "$PG_DIR"; fi
}
trap cleanup EXIT
ensure_dotnet
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Node.js for the load tool"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >&2 || die "could not install nodejs and npm"
  else
    die "node and npm are needed for the load tool (Debian: apt-get install nodejs npm)"
  fi
fi

DB_NAME=${FACTCHECK_BENCH_DB_NAME:-factcheck_bench_$CLAIMS}
if [ -n "${FACTCHECK_BENCH_DB:-}" ]; then
  SERVER=$FACTCHECK_BENCH_DB
else
  port=$(pg_port_of "$PG_DIR"); [ -n "$port" ] || port=$(free_port 55732)
  FACTCHECK_PG_FSYNC=off pg_start "$PG_DIR" "$port" || die "could not start PostgreSQL"
  STARTED_PG=1
  port=$(pg_port_of "$PG_DIR")
  SERVER="Host=127.0.0.1;Port=$port;Username=postgres"
fi

log "building the API and the tools"
dotnet build "$ROOT/src/FactCheck.Api/FactCheck.Api.csproj" -c Release -nologo -v q -o "$DATA_DIR/bench-api" >&2 || die "build failed"
dotnet build "$ROOT/tools/FactCheck.Tools/FactCheck.Tools.csproj" -c Release -nologo -v q >&2 || die "build failed"
TOOLS="$ROOT/tools/FactCheck.Tools/bin/Release/net10.0/FactCheck.Tools.dll"

# Create the database through the API's connection string (works for a private cluster and for FACTCHECK_BENCH_DB).
CONNECTION="$SERVER;Database=$DB_NAME;Maximum Pool Size=60;No Reset On Close=true"
dotnet "$TOOLS" db ensure --db "$CONNECTION" >&2
export ConnectionStrings__FactCheck="$CONNECTION"
dotnet "$DATA_DIR/bench-api/FactCheck.Api.dll" migrate >&2 || die "migrations failed"
existing=$(dotnet "$TOOLS" db count-claims --db "$CONNECTION")
if [ "$existing" != "$CLAIMS" ]; then
  [ "$existing" = 0 ] || die "$DB_NAME holds $existing claims, not $CLAIMS: drop it and run again"
  log "generating $CLAIMS claims (once per size)"
  dotnet "$TOOLS" claims generate --db "$CONNECTION" --claims "$CLAIMS" --skeletons "$SKELETONS" >&2
fi

if [ ! -d "$ROOT/tools/load/node_modules/autocannon" ]; then
  log "installing autocannon"
  (cd "$ROOT/tools/load" && npm install --silent --no-audit --no-fund) >&2
fi

API_PORT=$(free_port 18480)
KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')-key"
Auth__BootstrapAdminKey=$KEY ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" ASPNETCORE_ENVIRONMENT=Production \
  Fetching__WorkerEnabled=false Verification__WorkerEnabled=false \
  RateLimits__Reads__PermitLimit=10000000 RateLimits__Writes__PermitLimit=10000000 Logging__LogLevel__Default=Warning \
  dotnet "$DATA_DIR/bench-api/FactCheck.Api.dll" >"$DATA_DIR/bench-api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 120); do
  if FACTCHECK_HEALTH_URL="http://127.0.0.1:$API_PORT/health/ready" dotnet "$DATA_DIR/bench-api/FactCheck.Api.dll" healthcheck >/dev/null 2>&1; then break; fi
  kill -0 "$API_PID" 2>/dev/null || { tail -n 20 "$DATA_DIR/bench-api.log" >&2; die "the API exited"; }
  sleep 0.5
done
run() { node "$ROOT/tools/load/bench.mjs" --url "http://127.0.0.1:$API_PORT" --key "$KEY" "$@"; }
log "warming up (lexeme statistics, caches, JIT)"
run --scenario search --rate 0 --duration 5 --connections 4 >/dev/null
run --scenario match --rate 0 --duration 5 --connections 4 >/dev/null
log "fixed rate: $RATE requests/s for $DURATION s each"
run --scenario search --rate "$RATE" --duration "$DURATION" --connections "$CONNECTIONS"
run --scenario match --rate "$RATE" --duration "$DURATION" --connections "$CONNECTIONS"
log "saturation: $SATURATION_CONNECTIONS connections, closed loop"
run --scenario search --rate 0 --duration "$DURATION" --connections "$SATURATION_CONNECTIONS"
run --scenario match --rate 0 --duration "$DURATION" --connections "$SATURATION_CONNECTIONS"
