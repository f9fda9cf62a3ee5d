#!/bin/sh
# Start the fake tenant in the background: start.sh DIR [fake_tenant.py options...]
# Waits (at most 10 s) for DIR/ready.json, prints it, writes the pid to DIR/pid.
# The fake's stdout/stderr go to DIR/stdout.log and DIR/stderr.log. Stop it with stop.sh DIR.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: start.sh DIR [fake_tenant.py options...]" >&2
  exit 2
fi
dir=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
chmod 700 "$dir"
dir=$(cd "$dir" && pwd)
rm -f "$dir/ready.json" "$dir/pid"
python3 "$here/fake_tenant.py" --state-dir "$dir" "$@" \
  </dev/null >"$dir/stdout.log" 2>"$dir/stderr.log" &
pid=$!
echo "$pid" >"$dir/pid"
tries=0
while [ ! -s "$dir/ready.json" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: the fake tenant exited before it was ready:" >&2
    cat "$dir/stderr.log" >&2
    rm -f "$dir/pid"
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    echo "start.sh: the fake tenant was not ready within 10 s" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$dir/pid"
    exit 1
  fi
  sleep 0.1
done
cat "$dir/ready.json"
