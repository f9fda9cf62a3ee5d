#!/usr/bin/env bash
# The policy side of one PAM call with the shipped configuration: config load
# (read, parse, validate) + policy build + one check, through the functions the
# module calls (bench/policy_load.cc). Run by scripts/bench; prints a markdown table.
#
#   bench/policy_load.sh PROGRAM SHIPPED_CONFIG [RUNS]
#
# Fresh process: RUNS processes per file, the shipped file's and a one-key
# file's alternating so that a load on the machine falls on both alike; each
# times its one call from inside. Warm: 1,000 calls in one process, five
# processes, the median of their medians. Instructions: callgrind, counting
# inside the call only (deterministic), when valgrind is installed.
set -euo pipefail
program=$1
shipped=$2
runs=${3:-201}
target_ns=100000  # issue 16: at most 100 µs with the shipped file

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'language: auto\n' >"$tmp/one-key.yaml"

for ((i = 0; i < runs; i++)); do
  "$program" "$shipped" once >>"$tmp/cold-shipped"
  "$program" "$tmp/one-key.yaml" once >>"$tmp/cold-one-key"
done
for ((i = 0; i < 5; i++)); do
  "$program" "$shipped" warm 1000 >>"$tmp/warm-shipped"
  "$program" "$tmp/one-key.yaml" warm 1000 >>"$tmp/warm-one-key"
done

# The value at FRACTION (0.5: median) of the sorted numbers in FILE.
quantile() {
  sort -n "$1" | awk -v q="$2" '{v[NR] = $1} END {i = int(q * (NR - 1)) + 1; print v[i]}'
}
micro() { awk -v ns="$1" 'BEGIN {printf "%.1f µs", ns / 1000}'; }
met() { if (($1 <= target_ns)); then echo yes; else echo "**no**"; fi; }

# 1234567 -> 1,234,567
grouped() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

instructions() {
  command -v valgrind >/dev/null || { echo "—"; return; }
  valgrind --tool=callgrind --toggle-collect='*one_call*' --callgrind-out-file=/dev/null \
    "$program" "$1" once 2>&1 >/dev/null | awk '/Collected/ {print $NF}' | grouped
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs fresh processes per file"
echo
echo "| config load + policy build + one check | median | 90th percentile | instructions | target | met |"
echo "|---|---|---|---|---|---|"
cold=$(quantile "$tmp/cold-shipped" 0.5)
echo "| shipped file, fresh process | $(micro "$cold") | $(micro "$(quantile "$tmp/cold-shipped" 0.9)") | $(instructions "$shipped") | ≤ 100 µs | $(met "$cold") |"
echo "| one-key file, fresh process | $(micro "$(quantile "$tmp/cold-one-key" 0.5)") | $(micro "$(quantile "$tmp/cold-one-key" 0.9)") | $(instructions "$tmp/one-key.yaml") | | |"
warm=$(quantile "$tmp/warm-shipped" 0.5)
echo "| shipped file, warm, per call | $(micro "$warm") | | | | |"
echo "| one-key file, warm, per call | $(micro "$(quantile "$tmp/warm-one-key" 0.5)") | | | | |"
