#!/usr/bin/env bash
# Compares FactCheck's sentence segmenter with npm peers (sbd, wink-nlp) in one run: golden rules
# passed and throughput on the same ~1 MB of CLEF debate text, reported as ratios.
# Installs the peers into tools/peers/node_modules on first use (Node.js and npm required).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v node >/dev/null 2>&1 || { echo "Node.js is required (Debian: apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -d "$ROOT/tools/peers/node_modules/sbd" ] || [ ! -d "$ROOT/tools/peers/node_modules/wink-nlp" ]; then
  (cd "$ROOT/tools/peers" && npm install --no-audit --no-fund --silent)
fi
cd "$ROOT"
dotnet run --project tests/FactCheck.Benchmarks -c Release -- segments "$@"
