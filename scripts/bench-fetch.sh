#!/usr/bin/env bash
# Fetch-queue benchmark: 1,000 documents over 20 hosts on 127.0.0.1 (30% transient and 5% permanent
# failures) drained by 2 workers sharing one database. Database: $FACTCHECK_DB, else a private cluster
# under .data/bench-postgres. Extra arguments go to the tool (--documents N --hosts N --workers N).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"
ensure_dotnet
FACTCHECK_PG_FSYNC=off bench_database "${FACTCHECK_DATA_DIR:-$ROOT/.data}/bench-postgres" factcheck_bench 50
cd "$ROOT"
dotnet run --project tests/FactCheck.Benchmarks -c Release -- fetch --db "$FACTCHECK_DB" "$@"
