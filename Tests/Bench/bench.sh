#!/usr/bin/env bash
# Benchmarks: builds nothing itself (make bench builds release first); prints min/median/max per figure.
set -euo pipefail
BIN="${BEBACK_BIN:-.build/release/beback}"
DATA_ROOT="${BEBACK_BENCH_DATA:-bench-data}"
RUNS="${BEBACK_BENCH_RUNS:-5}"
AT="2026-11-23 10:42"
mkdir -p "$DATA_ROOT"

# Prints "label: min/median/max ms" over RUNS runs of a command.
measure() {
  local label="$1"; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  local sorted
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  local count=${#sorted[@]}
  printf '%-44s min %5d ms  median %5d ms  max %5d ms  (%d runs)\n' "$label" "${sorted[0]}" "${sorted[$((count / 2))]}" "${sorted[$((count - 1))]}" "$count"
}

for leads in 1000 10000; do
  desk="$DATA_ROOT/desk-$leads"
  if [ ! -d "$desk/journals" ]; then
    start=$(date +%s%N)
    "$BIN" demo --data "$desk" --leads "$leads" --seed 7 --at "$AT" >/dev/null
    end=$(date +%s%N)
    entries=$("$BIN" verify --data "$desk" | grep -o '^[0-9]* records' | tail -1)
    echo "generated $desk ($entries) in $(( (end - start) / 1000000 )) ms"
  fi
  measure "due --format tsv ($leads leads, all reps)" "$BIN" due --data "$desk" --rep ann --all --format tsv --at "$AT"
  measure "verify ($leads leads)" "$BIN" verify --data "$desk"
done
