#!/bin/bash
# Container health check: GET /actuator/health/readiness on this container and succeed on 200.
#
# The runtime image has neither curl nor wget (the JRE base image removes them after installing the
# JDK), and starting a second JVM every few seconds would cost ~0.5 s of CPU and ~40 MB each time.
# Bash's /dev/tcp needs nothing beyond the shell the base image already has.
#
# The port is the management port when actuator has moved to its own (MANAGEMENT_SERVER_PORT),
# else the HTTP port (SERVER_PORT, default 8080).
set -euo pipefail

port="${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
status=""
IFS= read -r -t 5 status <&3 || true
case "$status" in
  'HTTP/1.1 200'*) exit 0 ;;
  *) status="${status%$'\r'}"; echo "readiness: ${status:-no answer}" >&2; exit 1 ;;
esac
