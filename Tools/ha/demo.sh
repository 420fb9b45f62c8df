#!/usr/bin/env bash
# The failover demo behind `make ha-demo`: a pg_auto_failover cluster (Tools/ha/autofailover.sh), orderctl
# submitting a few thousand commands through the two-host URL, the primary's node crashing in the middle,
# the monitor promoting the synchronous standby, and then the proof: every command submit acknowledged is
# in the database exactly once (Tools/ha/check-submit.sh) and every stream's hash chain is intact.
#
#   Tools/ha/demo.sh ORDERCTL DIR [ORDERS]
#
# ORDERCTL is the binary, DIR the folder for the cluster (it must not exist, or be empty: the demo deletes
# it at the end), ORDERS the number of orders (5 commands each; 800 by default). Exit status 0 when every
# check passed, 1 when one failed; the cluster is stopped and DIR removed in either case.
#
# submit runs with --batch-size 1, one transaction a command, each waiting for the standby's
# confirmation, so that the run lasts long enough for the crash to land in its middle. The crash comes
# once a fifth of the commands are acknowledged. submit is expected to carry on through the failover (it
# reconnects to the new primary) and exit 0.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '7,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
orderctl=$1 dir=$2 orders=${3:-800}
here=$(cd "$(dirname "$0")" && pwd)
cluster=$here/autofailover.sh
[ -x "$orderctl" ] || { echo "ha-demo: error: $orderctl is not an executable" >&2; exit 2; }
work=$(mktemp -d)
submit_pid=''
finish() {
  local status=$?
  if [ -n "$submit_pid" ]; then kill -TERM "$submit_pid" 2>/dev/null || true; wait "$submit_pid" 2>/dev/null || true; fi
  echo
  echo "== Stopping the cluster (every pg_autoctl and PostgreSQL the demo started) and removing $dir"
  "$cluster" down "$dir" || status=1
  rm -rf "$work"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
step() { echo; echo "== $*"; }

step "Starting the pg_auto_failover cluster: a monitor and two nodes on 127.0.0.1, the standby synchronous"
started=$SECONDS
url=$("$cluster" up "$dir")
echo "   up in $((SECONDS - started)) s. Two-host URL: $url"
"$cluster" state "$dir"

step "orderctl migrate through the two-host URL (libpq picks the node that takes writes)"
"$orderctl" migrate --database-url "$url"
runtime_url=${url/postgres@/orderctl_runtime@}

lines=$((orders * 5))
step "orderctl submit: $lines commands ($orders orders from Fixtures/generate-orders.sh), one transaction each, as orderctl_runtime"
sh "$here/../../Fixtures/generate-orders.sh" "$orders" 50 > "$work/commands.jsonl"
( set +e; "$orderctl" submit "$work/commands.jsonl" --batch-size 1 --database-url "$runtime_url" \
    > "$work/results.jsonl" 2> "$work/submit.err"; echo $? > "$work/submit.status" ) &
submit_pid=$!
crash_after=$((lines / 5))
while [ "$(wc -l < "$work/results.jsonl" 2>/dev/null || echo 0)" -lt "$crash_after" ]; do
  kill -0 "$submit_pid" 2>/dev/null || break
  sleep 0.05
done
echo "   $(wc -l < "$work/results.jsonl") results so far"

step "Crash: kill -9 of the primary's node, its pg_autoctl and PostgreSQL together (as a machine losing power)"
crashed_at=$SECONDS
old_primary=$("$cluster" crash-primary "$dir")
echo "   $old_primary is gone; waiting for the monitor to promote the standby"
"$cluster" wait-failover "$dir" "$old_primary"
echo "   failover done $((SECONDS - crashed_at)) s after the crash:"
"$cluster" state "$dir"

step "Waiting for submit to finish"
wait "$submit_pid" || true
submit_pid=''
submit_status=$(cat "$work/submit.status")
cat "$work/submit.err"
echo "   submit exited with status $submit_status (expected: 0, having reconnected to the new primary)"

step "Checks: submit's results against the database, exactly once (Tools/ha/check-submit.sh)"
checks=0
"$here/check-submit.sh" "$work/commands.jsonl" "$work/results.jsonl" "$url" "$submit_status" || checks=$?

step "orderctl audit verify --format text (every stream's hash chain, on the new primary)"
verify=0
"$orderctl" audit verify --format text --database-url "$runtime_url" || verify=$?
[ "$verify" -eq 0 ] && echo "PASS audit verify: intact" || echo "FAIL audit verify exited with status $verify"

echo
if [ "$checks" -eq 0 ] && [ "$verify" -eq 0 ]; then
  echo "== ha-demo: every check passed"
else
  echo "== ha-demo: FAILED (checks: status $checks, audit verify: status $verify)"
  exit 1
fi
