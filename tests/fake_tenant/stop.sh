#!/bin/sh
# Stop a fake tenant started by start.sh DIR: SIGTERM, wait (at most 10 s), then SIGKILL.
set -u
if [ $# -ne 1 ]; then
  echo "usage: stop.sh DIR" >&2
  exit 2
fi
pidfile=$1/pid
[ -s "$pidfile" ] || exit 0   # not running (or already stopped)
pid=$(cat "$pidfile")
# Only signal the process if it still is our fake (the pid may have been reused).
if grep -q fake_tenant.py "/proc/$pid/cmdline" 2>/dev/null; then
  kill -TERM "$pid" 2>/dev/null
  tries=0
  while kill -0 "$pid" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
      kill -KILL "$pid" 2>/dev/null
      break
    fi
    sleep 0.1
  done
fi
rm -f "$pidfile" "$1/ready.json"
