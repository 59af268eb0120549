#!/usr/bin/env bash
# Rendezvous benchmark: registers DEVICES simulated clients over UDP (RegisterPk, as a new client does), then
# drives their keep-alive registrations (RegisterPeer, what every online client sends about every 12 s) at the
# server for SECONDS and prints throughput, latency and the server's memory.
#   bench/rendezvous/run.sh [DEVICES] [SECONDS]      e.g. bench/rendezvous/run.sh 20000 30
# Needs python3. Uses a throwaway data folder and ports 21989-21993 on loopback; clients come from many
# 127.x.y.z addresses, since the server limits key registrations per address as it would on the Internet.
set -euo pipefail
cd -P "$(dirname "$0")/../.."

DEVICES=${1:-5000}
SECONDS_TO_RUN=${2:-30}
API_PORT=21989
RENDEZVOUS_PORT=21991
DATA=$(mktemp -d)
LOG=$DATA/server.log
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT

./rdhub start --data-dir "$DATA" --api-port "$API_PORT" --rendezvous-port "$RENDEZVOUS_PORT" \
  --relay-port 21995 --bind-address 127.0.0.1 --log-level warn >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null && break
  sleep 0.5
done

/usr/bin/env python3 - "$RENDEZVOUS_PORT" "$DEVICES" "$SECONDS_TO_RUN" <<'PY'
import os, select, socket, sys, time

port, devices, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
PER_ADDRESS = 25  # below the server's 30 key registrations a minute per address

def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)

def field(number, payload):  # a length-delimited protobuf field
    return varint(number << 3 | 2) + varint(len(payload)) + payload

def register_pk(peer_id, uuid, pk):
    return field(15, field(1, peer_id.encode()) + field(2, uuid) + field(3, pk))

def register_peer(peer_id):
    return field(6, field(1, peer_id.encode()))

server = ("127.0.0.1", port)
sockets = []
for a in range((devices + PER_ADDRESS - 1) // PER_ADDRESS):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((f"127.{1 + a // 65536}.{a // 256 % 256}.{a % 256}", 0))
    s.setblocking(False)
    sockets.append(s)
peers = [(str(1_000_000_000 + i), sockets[i // PER_ADDRESS]) for i in range(devices)]

def exchange(messages, window):
    """Sends (socket, bytes) pairs keeping at most `window` unanswered; returns the answers' latencies."""
    latencies, sent_at, pending, i = [], {}, 0, 0
    polled = select.epoll()
    for s in sockets:
        polled.register(s.fileno(), select.EPOLLIN)
    by_fd = {s.fileno(): s for s in sockets}
    while i < len(messages) or pending:
        while i < len(messages) and pending < window:
            s, data = messages[i]
            s.sendto(data, server)
            sent_at.setdefault(s.fileno(), []).append(time.perf_counter())
            pending += 1
            i += 1
        events = polled.poll(2.0)
        if not events:
            sys.exit(f"no answer within 2 s ({pending} unanswered)")
        for fd, _ in events:
            s = by_fd[fd]
            while True:
                try:
                    s.recv(256)
                except BlockingIOError:
                    break
                latencies.append(time.perf_counter() - sent_at[fd].pop(0))
                pending -= 1
    return latencies

print(f"registering {devices} clients over UDP…", file=sys.stderr)
# a small window: each new client is one insert, and loopback drops datagrams beyond the socket's buffer
exchange([(s, register_pk(pid, os.urandom(16), os.urandom(32))) for pid, s in peers], window=32)
print("measuring keep-alive registrations…", file=sys.stderr)
latencies, started, rounds = [], time.perf_counter(), 0
while time.perf_counter() - started < seconds:
    latencies += exchange([(s, register_peer(pid)) for pid, s in peers], window=64)
    rounds += 1
elapsed = time.perf_counter() - started
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
print(f"devices={devices} registrations={len(latencies)} rounds={rounds} per_second={len(latencies) / elapsed:,.0f} "
      f"p50={pick(0.5):.2f}ms p99={pick(0.99):.2f}ms max={latencies[-1] * 1000:.1f}ms")
PY
echo "server_rss_mb=$(( $(ps -o rss= -p "$SERVER") / 1024 ))"
