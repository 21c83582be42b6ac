#!/bin/bash
# Container health for either role, without curl in the image.
#
# Coordinator: /healthz answers 200 while its loop turns (503 when stuck), so probe it on
# 127.0.0.1:$PRESSWORK_HEALTH_PORT (default 9090; the coordinator needs --http on that port).
# `presswork status` would need a client key once CURVE is on; /healthz needs none.
# Worker: it has no endpoint. A worker exits on fatal errors (the restart policy starts it again)
# and the coordinator's status shows whether it is connected, so there is nothing to probe here.
set -u
if tr '\0' ' ' </proc/1/cmdline | grep -qw coordinator; then
  exec 3<>"/dev/tcp/127.0.0.1/${PRESSWORK_HEALTH_PORT:-9090}" || exit 1
  printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  read -r -t 2 _ status _ <&3 && [ "$status" = 200 ]
else
  exit 0
fi
