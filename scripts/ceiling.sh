#!/usr/bin/env bash
# The client throughput ceiling: every model on the `ceiling` workload (no latency, 10,000
# URLs, 100 at a time), then wrk with as many connections against the same mock server, in
# one run. Writes runs/ceiling.json (the models) and wrk/ceiling.json (wrk) under
# $RESULTS_DIR (results/ unless set), which `fanout report --wrk` puts side by side. Installs
# wrk from Debian's packages if it is missing. About 3 minutes on 2 cores.
#
#   scripts/ceiling.sh [--repeat N]
set -euo pipefail
cd "$(dirname "$0")/.."

repeat=3
if [ "${1:-}" = "--repeat" ] && [[ "${2:-}" =~ ^[1-9][0-9]*$ ]]; then
  repeat=$2
elif [ $# -gt 0 ]; then
  echo "error: unknown arguments \`$*\`; allowed: --repeat N (N from 1)" >&2
  exit 2
fi

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "error: wrk is not installed and this user cannot install it; run: apt-get install wrk" >&2
    exit 2
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --quiet
fanout=target/release/fanout
out=${RESULTS_DIR:-results}
mkdir -p "$out/runs" "$out/wrk"

# One server for the models and for wrk: one wiremock instance, since wrk talks to one port.
log=$(mktemp)
"$fanout" serve --port 0 >"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 150); do
  grep -q '^listening on ' "$log" && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$log")
[ -n "$url" ] || { echo "error: the mock server did not start within 15 s" >&2; exit 1; }

echo "== models: fanout run --workload ceiling --models all --repeat $repeat --server $url"
"$fanout" run --workload ceiling --models all --repeat "$repeat" --server "$url" \
  --json "$out/runs/ceiling.json"

connections=100
echo "== wrk: $connections connections, 2 threads, 10 s, against $url"
CEILING_TARGETS=10000 CEILING_SIZE=4096 CEILING_CONNECTIONS=$connections \
  CEILING_TOOL="wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')" \
  CEILING_OUT="$out/wrk/ceiling.json" \
  timeout 60 wrk --threads 2 --connections "$connections" --duration 10s --timeout 10s \
  --script scripts/ceiling.lua "$url"
cat "$out/wrk/ceiling.json"
