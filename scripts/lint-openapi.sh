#!/usr/bin/env bash
# Lints the committed OpenAPI document (src/FactCheck.Client/openapi.json, which the tests keep equal to the live
# one) with Redocly CLI's recommended rules. Installs @redocly/cli from the npm registry into .data/tools on first
# use; telemetry and update checks are off. Exits non-zero on any error.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"
command -v npm >/dev/null 2>&1 || die "npm is not installed (Debian: apt-get install npm)"
TOOLS="${FACTCHECK_DATA_DIR:-$ROOT/.data}/tools/redocly"
if [ ! -x "$TOOLS/node_modules/.bin/redocly" ]; then
  log "installing @redocly/cli into $TOOLS"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --no-audit --no-fund --silent @redocly/cli@2 >&2) || die "could not install @redocly/cli"
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec "$TOOLS/node_modules/.bin/redocly" lint "$ROOT/src/FactCheck.Client/openapi.json" --format=summary "$@"
