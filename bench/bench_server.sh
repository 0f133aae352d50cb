#!/usr/bin/env bash
# ./dev bench-server: jetstore-server against Debian's redis-server, both driven by redis-benchmark
# (-t set,get,incr,mset -c 50 -r 100000 -d 64 --csv), not pipelined and with -P 16, the two servers
# alternated, three runs each; prints the median ratio (jetstore / redis requests per second) per
# command with each side's median p50 / p99 latency.
#   lazy:    jetstore-server --commit lazy     against redis-server --appendfsync everysec
#   durable: jetstore-server --commit durable  against redis-server --appendfsync always
# Targets (issue 10): GET >= 0.5x; SET / INCR / MSET lazy >= 0.5x; durable SET >= 1.0x.
# Usage: bench/bench_server.sh JETSTORE_SERVER [REQUESTS (default 20000)] [RUNS (default 3)]
set -euo pipefail
server=$1
requests=${2:-20000}
runs=${3:-3}
work=$(mktemp -d /tmp/jetstore-bench-server.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {  # a port nothing listens on
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
}

wait_port() {
  for _ in $(seq 1 500); do
    redis-cli -p "$1" PING > /dev/null 2>&1 && return 0
    sleep 0.02
  done
  echo "bench-server: nothing answers on port $1" >&2
  return 1
}

start_jetstore() {  # mode port
  "$server" --port "$2" --dir "$work/jet-$1" --commit "$1" --maxclients 200 > "$work/jet-$1.log" 2>&1 &
  pids+=($!)
  wait_port "$2"
}

start_redis() {  # fsync port
  mkdir -p "$work/redis-$1"
  redis-server --port "$2" --dir "$work/redis-$1" --save '' --appendonly yes --appendfsync "$1" \
    --daemonize no --bind 127.0.0.1 > "$work/redis-$1.log" 2>&1 &
  pids+=($!)
  wait_port "$2"
}

# bench PORT PIPELINE OUT: redis-benchmark's CSV ("test","rps","avg","min","p50","p95","p99","max").
bench() {
  redis-benchmark -p "$1" -t set,get,incr,mset -c 50 -r 100000 -d 64 -n "$requests" -P "$2" --csv 2>/dev/null |
    tr -d '"' | awk -F, 'NR > 1 { split($1, t, " "); print t[1], $2, $5, $7 }' >> "$3"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print v[int((NR + 1) / 2)] }'; }

for mode in lazy durable; do
  fsync=everysec
  [ "$mode" = durable ] && fsync=always
  jport=$(free_port); start_jetstore "$mode" "$jport"
  rport=$(free_port); start_redis "$fsync" "$rport"
  for pipeline in 1 16; do
    : > "$work/jet.csv"; : > "$work/redis.csv"
    for run in $(seq 1 "$runs"); do
      bench "$jport" "$pipeline" "$work/jet.csv"
      bench "$rport" "$pipeline" "$work/redis.csv"
    done
    echo
    echo "== $mode commits (jetstore-server --commit $mode, redis-server --appendfsync $fsync), -P $pipeline, $runs runs of $requests requests"
    printf '%-6s %14s %14s %8s %10s %10s %10s %10s\n' command "jetstore rps" "redis rps" ratio "jet p50" "jet p99" "redis p50" "redis p99"
    for t in SET GET INCR MSET; do
      j=$(awk -v t=$t '$1 == t { print $2 }' "$work/jet.csv" | median)
      r=$(awk -v t=$t '$1 == t { print $2 }' "$work/redis.csv" | median)
      jp50=$(awk -v t=$t '$1 == t { print $3 }' "$work/jet.csv" | median)
      jp99=$(awk -v t=$t '$1 == t { print $4 }' "$work/jet.csv" | median)
      rp50=$(awk -v t=$t '$1 == t { print $3 }' "$work/redis.csv" | median)
      rp99=$(awk -v t=$t '$1 == t { print $4 }' "$work/redis.csv" | median)
      ratio=$(awk -v j="$j" -v r="$r" 'BEGIN { if (r > 0) printf "%.2fx", j / r; else print "-" }')
      printf '%-6s %14s %14s %8s %8s ms %7s ms %7s ms %7s ms\n' "$t" "$j" "$r" "$ratio" "$jp50" "$jp99" "$rp50" "$rp99"
    done
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
done
