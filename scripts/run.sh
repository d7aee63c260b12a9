#!/usr/bin/env bash
# Runs the FactCheck API on http://localhost:${FACTCHECK_PORT:-8080} with Swagger UI at /swagger.
# Database: $FACTCHECK_DB when set; else a private PostgreSQL cluster under .data/ (created on first
# use); else docker compose when a Docker engine answers. Ctrl-C stops the API and the private cluster.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"

PORT=${FACTCHECK_PORT:-8080}
DATA_DIR=${FACTCHECK_DATA_DIR:-$ROOT/.data}
PG_DIR="$DATA_DIR/postgres"
PG_DIR=$(pg_resolve_dir "$PG_DIR")
API_PID=""
STARTED_PG=""

cleanup() {
  trap - INT TERM EXIT
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    log "stopping the API"
    kill -TERM "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  if [ -n "$STARTED_PG" ]; then
    log "stopping the private PostgreSQL cluster"
    pg_stop "$PG_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$DATA_DIR"
# A development key on first use: the bootstrap admin key, kept (readable by this user only) beside the data.
if [ -z "${Auth__BootstrapAdminKey:-}" ]; then
  KEY_FILE="$DATA_DIR/dev-api-key"
  if [ ! -s "$KEY_FILE" ]; then
    (umask 077 && printf 'fc_dev_%s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$KEY_FILE")
    log "created a development API key in $KEY_FILE"
  fi
  Auth__BootstrapAdminKey=$(cat "$KEY_FILE")
  export Auth__BootstrapAdminKey
fi

if [ -n "${FACTCHECK_DB:-}" ]; then
  CONNECTION=$FACTCHECK_DB
  log "using the database in FACTCHECK_DB"
elif pg_bin_dir >/dev/null 2>&1; then
  pg_port=$(pg_port_of "$PG_DIR")
  if [ -z "$pg_port" ]; then pg_port=$(free_port "${FACTCHECK_PG_PORT:-55432}"); fi
  pg_start "$PG_DIR" "$pg_port" || die "could not start the private PostgreSQL cluster in $PG_DIR"
  STARTED_PG=1
  pg_port=$(pg_port_of "$PG_DIR")
  pg_create_db "$pg_port" factcheck
  CONNECTION="Host=127.0.0.1;Port=$pg_port;Database=factcheck;Username=postgres"
  log "using the private PostgreSQL cluster on 127.0.0.1:$pg_port"
elif docker_engine_answers; then
  log "no local PostgreSQL: starting the service with docker compose"
  trap - EXIT
  echo "FactCheck API: http://localhost:$PORT  (once the containers are up)"
  echo "Swagger UI:    http://localhost:$PORT/swagger  (Authorize with the key below)"
  echo "API key:       $Auth__BootstrapAdminKey  (admin; send it as X-Api-Key)"
  FACTCHECK_PORT=$PORT FACTCHECK_ADMIN_KEY=$Auth__BootstrapAdminKey exec docker compose -f "$ROOT/docker-compose.yml" up --build
else
  die "no database: set FACTCHECK_DB to a PostgreSQL connection string, install PostgreSQL 15+ (Debian: apt-get install postgresql), or install Docker with the compose plugin."
fi

ensure_dotnet
# Build only when a source, project or package file changed since the last build: a restart takes seconds.
API_DLL="$DATA_DIR/api/FactCheck.Api.dll"
if [ -f "$API_DLL" ] && [ -z "$(find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" \
      \( -name bin -o -name obj \) -prune -o -type f -newer "$API_DLL" -print -quit 2>/dev/null)" ]; then
  log "the API is built and nothing changed since"
else
  log "building the API"
  dotnet build "$ROOT/src/FactCheck.Api/FactCheck.Api.csproj" -c Release -nologo -v q -o "$DATA_DIR/api" >&2 \
    || die "the build failed"
  touch "$API_DLL"
fi

export ConnectionStrings__FactCheck="$CONNECTION"
# The build output is the content root, so its appsettings*.json apply (log levels, Kestrel limits).
API=(dotnet "$API_DLL" --contentRoot "$DATA_DIR/api")
log "applying database migrations"
"${API[@]}" migrate >&2 || die "migrations failed"


export ASPNETCORE_URLS="http://localhost:$PORT"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
"${API[@]}" &
API_PID=$!

# Ready means the database answers and the models are loaded and warm: the first request is then as fast as the rest.
ready() (
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
  printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  IFS= read -r -t 5 status <&3 || exit 1
  [[ $status == *" 200 "* ]]
) 2>/dev/null
for _ in $(seq 1 240); do
  if ready; then break; fi
  kill -0 "$API_PID" 2>/dev/null || die "the API exited during start-up"
  sleep 0.5
done
echo "FactCheck API: http://localhost:$PORT"
echo "Swagger UI:    http://localhost:$PORT/swagger  (Authorize with the key below)"
echo "API key:       $Auth__BootstrapAdminKey  (admin; send it as X-Api-Key)"
echo "Press Ctrl-C to stop."
wait "$API_PID"
