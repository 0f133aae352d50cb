#!/usr/bin/env bash
# jetstore-sim end to end: a run through backups, stops, terms, kills and restores ends with no
# violation; the same seed with --deterministic repeats the controller's sequence; and the negative
# control (the model forgets an acknowledged commit) must make the run fail; restores to a point
# hold the point, and a restore told no stop is caught.
set -euo pipefail
sim=$1
dir=$(mktemp -d /tmp/jetstore-sim-test.XXXXXX)
trap 'rm -rf "$dir"' EXIT

out=$("$sim" --dir "$dir/a" --seconds 4 --seed 11 --threads 3 --slice-ms 150)
echo "$out" | tail -3
grep -q "violations: 0" <<< "$out" || { echo "FAIL: violations"; exit 1; }
echo "$out" | grep -Eq "controller cycles [1-9]" || { echo "FAIL: no controller cycle"; exit 1; }

"$sim" --dir "$dir/b" --seconds 0 --cycles 8 --seed 5 --deterministic --slice-ms 100 | grep '^cycle' > "$dir/seq1"
"$sim" --dir "$dir/c" --seconds 0 --cycles 8 --seed 5 --deterministic --slice-ms 100 | grep '^cycle' > "$dir/seq2"
[ "$(wc -l < "$dir/seq1")" -eq 8 ] || { echo "FAIL: not 8 cycles"; cat "$dir/seq1"; exit 1; }
[ -s "$dir/seq1" ] || { echo "FAIL: no cycle printed"; exit 1; }
diff "$dir/seq1" "$dir/seq2" || { echo "FAIL: the same seed gave another sequence"; exit 1; }

set +e
"$sim" --dir "$dir/d" --seconds 3 --seed 3 --no-kills --slice-ms 100 --test-forget-an-ack > "$dir/neg" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "FAIL: the negative control exited $rc"; cat "$dir/neg"; exit 1; }
grep -q "no commit acknowledged" "$dir/neg" || { echo "FAIL: the negative control's violation is missing"; exit 1; }
grep -q "escrow counters differ" "$dir/neg" || { echo "FAIL: the counters' negative control's violation is missing"; cat "$dir/neg"; exit 1; }

# Restores to a point: seed 1's first ten cycles hold two; the negative control (JetInit3 given no
# stop, so the newer logs replay to the end) must be caught by the same check.
out=$("$sim" --dir "$dir/e" --seconds 0 --cycles 10 --seed 1 --deterministic --slice-ms 100 --no-kills)
grep -q "restore to a point" <<< "$out" || { echo "FAIL: no restore to a point"; echo "$out" | grep '^cycle'; exit 1; }
grep -q "violations: 0" <<< "$out" || { echo "FAIL: violations in the restores to a point"; echo "$out"; exit 1; }
set +e
"$sim" --dir "$dir/f" --seconds 0 --cycles 10 --seed 1 --deterministic --slice-ms 100 --no-kills --test-ignore-the-point > "$dir/neg2" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "FAIL: the point's negative control exited $rc"; cat "$dir/neg2"; exit 1; }
grep -q "committed after the point" "$dir/neg2" || { echo "FAIL: the point's negative control's violation is missing"; exit 1; }

# The checker's own race: a term that begins between a call's two state reads. With a pause
# there, the right read order (transition count first) finds nothing; the old order (phase first)
# reports the call's InvalidSesid/TermInProgress as a violation "while running".
out=$("$sim" --dir "$dir/g" --seconds 3 --seed 4 --no-kills --slice-ms 100 --test-widen-us 300)
grep -q "violations: 0" <<< "$out" || { echo "FAIL: violations with the widened window"; echo "$out" | tail -5; exit 1; }
set +e
"$sim" --dir "$dir/h" --seconds 3 --seed 4 --no-kills --slice-ms 100 --test-widen-us 300 --test-phase-first > "$dir/neg3" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "FAIL: the read order's negative control exited $rc"; tail -5 "$dir/neg3"; exit 1; }
grep -q "while running: got" "$dir/neg3" || { echo "FAIL: the read order's negative control's violation is missing"; exit 1; }

"$sim" --help > /dev/null
set +e
"$sim" --threads 0 > /dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: bad arguments must exit 2"; exit 1; }
echo "sim_test: ok"
