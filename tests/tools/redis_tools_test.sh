#!/usr/bin/env bash
# jetstore-server spoken to by Debian's real Redis clients (redis-tools): redis-cli commands and
# --pipe mass insertion, and redis-benchmark (plain and pipelined) with its replies checked
# through the data it leaves. Negative control: a wrong expectation must be caught by the same
# checks (the GET of a key never set is not its value).
set -euo pipefail
server=$1
dir=$(mktemp -d /tmp/jetstore-redis-tools.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$dir/server.log" 2>/dev/null | tail -20; exit 1; }

"$server" --port 0 --dir "$dir/data" --threads 2 > "$dir/server.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 250); do
  port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$dir/server.log")
  [ -n "$port" ] && break
  sleep 0.02
done
[ -n "$port" ] || fail "the server did not start"
cli() { redis-cli -p "$port" "$@"; }

# redis-cli, one command per call.
[ "$(cli PING)" = "PONG" ] || fail "PING"
[ "$(cli SET greeting hello)" = "OK" ] || fail "SET"
[ "$(cli GET greeting)" = "hello" ] || fail "GET"
[ "$(cli INCR visits)" = "1" ] || fail "INCR"
[ "$(cli INCRBY visits 41)" = "42" ] || fail "INCRBY"
[ "$(cli MSET a 1 b 2)" = "OK" ] || fail "MSET"
[ "$(cli MGET a b nope | tr '\n' ' ')" = "1 2  " ] || fail "MGET: $(cli MGET a b nope | tr '\n' ' ')"
[ "$(cli EXISTS a b nope)" = "2" ] || fail "EXISTS"
[ "$(cli DEL a)" = "1" ] || fail "DEL"
[ "$(cli TYPE b)" = "string" ] || fail "TYPE"
cli NOSUCH 2>&1 | grep -q "ERR unknown command 'NOSUCH'" || fail "an unknown command"
[ "$(printf 'MULTI\nSET t 1\nINCR t\nEXEC\n' | cli | tr '\n' ' ')" = "OK QUEUED QUEUED OK 2 " ] || fail "MULTI/EXEC through redis-cli"
# Negative control: the check above must see a wrong value.
[ "$(cli GET nope)" != "hello" ] || fail "the negative control saw a value"

# redis-cli --pipe: 2000 SETs in RESP, mass insertion.
for i in $(seq 1 2000); do
  key="pipe:$i"
  printf '*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n' "${#key}" "$key" "${#i}" "$i"
done > "$dir/pipe.resp"
cli --pipe < "$dir/pipe.resp" > "$dir/pipe.out" 2>&1 || fail "--pipe: $(cat "$dir/pipe.out")"
grep -q "errors: 0, replies: 2000" "$dir/pipe.out" || fail "--pipe: $(cat "$dir/pipe.out")"
[ "$(cli GET pipe:1234)" = "1234" ] || fail "a piped key"

# redis-benchmark: it starts with CONFIG GET save / appendonly, then the tests; INCR's counter
# must equal the number of requests, plain and pipelined.
redis-benchmark -p "$port" -t set,get,incr,mset -n 2000 -c 20 -q > "$dir/bench.out" 2>&1 || fail "redis-benchmark: $(cat "$dir/bench.out")"
# (grep reads all its input: grep -q would stop at the first match, and tr's SIGPIPE would fail
# the pipeline under pipefail when the output is long, as a slow sanitizer build's progress is.)
for t in SET GET INCR MSET; do tr "\r" "\n" < "$dir/bench.out" | grep "^ *$t[^:]*: [0-9.]* requests per second" > /dev/null || fail "redis-benchmark $t: $(cat "$dir/bench.out")"; done
[ "$(cli GET counter:__rand_int__)" = "2000" ] || fail "INCR count $(cli GET counter:__rand_int__)"
redis-benchmark -p "$port" -t incr -n 3200 -c 20 -P 16 -q > "$dir/bench2.out" 2>&1 || fail "redis-benchmark -P 16"
[ "$(cli GET counter:__rand_int__)" = "5200" ] || fail "pipelined INCR count $(cli GET counter:__rand_int__)"

cli SHUTDOWN > /dev/null 2>&1 || true
for _ in $(seq 1 500); do kill -0 "$pid" 2>/dev/null || break; sleep 0.02; done
wait "$pid" || fail "the server exited $?"
pid=""
grep -q "stopped" "$dir/server.log" || fail "no clean stop"
echo "redis_tools_test: ok ($(tr '\r' '\n' < "$dir/bench.out" | grep -c ': [0-9.]* requests per second') redis-benchmark tests)"
