#!/usr/bin/env bash
# Webhook delivery benchmark: 1,000 events over 100 articles queued, then drained to a receiver on 127.0.0.1
# that checks each signature; then commit-to-receiver latency of 200 events. Database: $FACTCHECK_DB, else a private
# cluster under .data/bench-postgres. Extra arguments go to the tool (--events N --articles N --latency-events N).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"
ensure_dotnet
FACTCHECK_PG_FSYNC=off bench_database "${FACTCHECK_DATA_DIR:-$ROOT/.data}/bench-postgres" factcheck_bench 50
cd "$ROOT"
dotnet run --project tests/FactCheck.Benchmarks -c Release -- webhooks --db "$FACTCHECK_DB" "$@"
