# Shared by scripts/run.sh and scripts/test.sh: find or install what the service needs and run a
# private PostgreSQL cluster owned by the postgres user (PostgreSQL refuses to run as root).
# shellcheck shell=bash

log() { printf '[factcheck] %s\n' "$*" >&2; }
die() { printf '[factcheck] error: %s\n' "$*" >&2; exit 1; }

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return 0
  die "the .NET 10 SDK is not installed: install it (https://dot.net) and run this again."
}

# Prints the directory holding pg_ctl/initdb, installing Debian's postgresql when we are root and it is missing.
pg_bin_dir() {
  local candidate
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$candidate" ] && [ -x "$candidate/pg_ctl" ]; then echo "$candidate"; return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${FACTCHECK_NO_INSTALL:-}" != 1 ]; then
    log "PostgreSQL is not installed; installing Debian's postgresql package..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } >&2 || return 1
    candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$candidate" ] && { echo "$candidate"; return 0; }
  fi
  return 1
}

# Debian's chromium (headless) for the tests that render pages, installed when we are root and it is missing.
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${FACTCHECK_NO_INSTALL:-}" != 1 ]; then
    log "chromium is not installed; installing Debian's chromium package for the report tests..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } >&2 && return 0
  fi
  log "chromium is not installed and could not be installed: the report rendering tests will fail"
  return 1
}

# Runs a command as the cluster's owner: postgres when we are root, else ourselves.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port on 127.0.0.1 nobody listens on, starting at $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# pg_resolve_dir DIR: DIR when the cluster's owner can use it, else a private directory under /var/tmp
# (a checkout inside a home directory that only root may enter cannot hold a postgres-owned cluster).
pg_resolve_dir() {
  local dir=$1 alt
  mkdir -p "$dir"
  if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$dir" 2>/dev/null; then echo "$dir"; return 0; fi
  alt="/var/tmp/factcheck-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
  mkdir -p "$alt" && chmod 755 "$alt"
  log "postgres cannot enter $dir; keeping the cluster in $alt instead"
  echo "$alt/$(basename "$dir")"
}

# pg_start DATA_DIR PORT: creates the cluster on first use, starts it on 127.0.0.1:PORT, waits until it answers.
pg_start() {
  local dir=$1 port=$2 bin
  bin=$(pg_bin_dir) || return 1
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$dir"
    # The postgres user must be able to reach the directory; a checkout under a private home may not allow it.
    runuser -u postgres -- test -w "$dir" || { log "postgres cannot write $dir"; return 1; }
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $dir"
    as_pg_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/../initdb.log" 2>&1 \
      || as_pg_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/../initdb.log" 2>&1 \
      || { cat "$dir/../initdb.log" >&2; return 1; }
  fi
  if as_pg_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "PostgreSQL in $dir is already running"
  else
    # Sockets off: TCP on loopback only, so deep checkout paths and missing /var/run/postgresql do not matter.
    as_pg_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=${FACTCHECK_PG_FSYNC:-on}" \
      start >/dev/null || { tail -n 30 "$dir/server.log" >&2; return 1; }
  fi
}

pg_stop() {
  local dir=$1 bin
  bin=$(pg_bin_dir) || return 0
  [ -f "$dir/postmaster.pid" ] && as_pg_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# The port a running cluster in DIR listens on.
pg_port_of() { if [ -f "$1/postmaster.pid" ]; then sed -n '4p' "$1/postmaster.pid"; fi; }

# bench_database DIR NAME POOL: the database of a benchmark or probe. $FACTCHECK_DB when set; else a private cluster in
# DIR (started now, stopped when the script exits) holding database NAME, exported as $FACTCHECK_DB with POOL
# connections. FACTCHECK_PG_FSYNC=off before the call passes to pg_start.
bench_database() {
  local dir=$1 name=$2 pool=$3 port
  [ -n "${FACTCHECK_DB:-}" ] && return 0
  BENCH_PG_DIR=$(pg_resolve_dir "$dir")
  port=$(free_port 55632)
  pg_start "$BENCH_PG_DIR" "$port" || die "could not start PostgreSQL"
  trap 'pg_stop "$BENCH_PG_DIR"' EXIT
  port=$(pg_port_of "$BENCH_PG_DIR")
  pg_create_db "$port" "$name"
  export FACTCHECK_DB="Host=127.0.0.1;Port=$port;Database=$name;Username=postgres;Maximum Pool Size=$pool"
}

# pg_create_db PORT NAME: creates the database unless it exists.
pg_create_db() {
  local port=$1 name=$2 bin
  bin=$(pg_bin_dir)
  if ! as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
  fi
}

docker_engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
