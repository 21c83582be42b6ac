#!/usr/bin/env bash
# Measures /healthz latency while many idle and half-sent HTTP connections are open against a running
# coordinator's --http endpoint, and prints p50/p99/max.
#   Scripts/http-load.sh [--port N] [--idle N] [--requests N]
# Start a coordinator first, e.g. `presswork coordinator --data /tmp/pw --http 127.0.0.1:7780`.
set -euo pipefail
port=7780 idle=1000 requests=200
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port="${2:?--port needs a value}"; shift 2 ;;
        --idle) idle="${2:?--idle needs a value}"; shift 2 ;;
        --requests) requests="${2:?--requests needs a value}"; shift 2 ;;
        *) echo "usage: $0 [--port N] [--idle N] [--requests N]" >&2; exit 2 ;;
    esac
done
exec python3 - "$port" "$idle" "$requests" <<'PY'
import socket, sys, time
port, idle, requests = (int(a) for a in sys.argv[1:4])
held = []
for i in range(idle):
    s = socket.create_connection(("127.0.0.1", port))
    if i % 2:
        s.send(b"GET /metr")  # a head that never ends
    held.append(s)
times = []
for _ in range(requests):
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    times.append(time.perf_counter() - start)
    assert reply.startswith(b"HTTP/1.1 200"), reply[:80]
times.sort()
ms = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
print(f"/healthz with {len(held)} idle connections open: p50 {ms(0.5):.2f} ms  p99 {ms(0.99):.2f} ms  max {times[-1]*1000:.2f} ms")
PY
