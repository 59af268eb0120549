#!/usr/bin/env bash
# Heartbeat benchmark: registers DEVICES simulated devices through /api/sysinfo, then drives heartbeats at the
# server with wrk (loopback only) and prints throughput, latency and the server's memory.
#   bench/heartbeat/run.sh [DEVICES] [SECONDS]      e.g. bench/heartbeat/run.sh 5000 30
# Needs wrk (apt-get install wrk) and python3. Uses a throwaway data folder and port 21990.
set -euo pipefail
cd -P "$(dirname "$0")/../.."

DEVICES=${1:-5000}
SECONDS_TO_RUN=${2:-30}
PORT=21990
DATA=$(mktemp -d)
LOG=$DATA/server.log
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT

./rdhub start --data-dir "$DATA" --api-port "$PORT" --bind-address 127.0.0.1 --log-level warn >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
  sleep 0.5
done
# the JVM is the server's child when ./rdhub exec'd it: its pid is SERVER
echo "registering $DEVICES devices…" >&2
/usr/bin/env python3 - "$PORT" "$DEVICES" <<'PY'
import base64, http.client, json, sys
port, devices = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port)
for i in range(devices):
    body = json.dumps({"id": str(100000000 + i), "uuid": base64.b64encode(f"bench-machine-{i}".encode()).decode(),
                       "hostname": f"bench-{i}", "os": "linux / Debian 12", "cpu": "bench, 2.00GHz, 2/2 cores",
                       "memory": "4GB", "version": "1.4.9", "username": "bench"})
    conn.request("POST", "/api/sysinfo", body, {"Content-Type": "application/json"})
    reply = conn.getresponse().read().decode()
    if reply != "SYSINFO_UPDATED":
        sys.exit(f"sysinfo of device {i} answered {reply!r}")
PY
MODIFIED_AT=$(curl -s -X POST "http://127.0.0.1:$PORT/api/heartbeat" -H 'Content-Type: application/json' \
  -d "{\"id\":\"100000000\",\"uuid\":\"$(printf 'bench-machine-0' | base64)\",\"ver\":1004090,\"modified_at\":0}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin).get("modified_at", 0))')

echo "warming up…" >&2
DEVICES=$DEVICES MODIFIED_AT=$MODIFIED_AT wrk -t2 -c64 -d10s -s bench/heartbeat/heartbeat.lua \
  "http://127.0.0.1:$PORT" >/dev/null
echo "measuring ${SECONDS_TO_RUN}s…" >&2
DEVICES=$DEVICES MODIFIED_AT=$MODIFIED_AT wrk -t2 -c64 -d"${SECONDS_TO_RUN}s" -s bench/heartbeat/heartbeat.lua \
  "http://127.0.0.1:$PORT" | tail -n 1
echo "server_rss_mb=$(( $(ps -o rss= -p "$SERVER") / 1024 ))"
