#!/usr/bin/env bash
# The replication figure of `make bench` (issue 19): what a synchronous standby costs `submit`, as the
# ratio of submit's rate against the primary of a synchronous pair to its rate against one server, both
# taken in the same run, alternating, as the median and spread of RUNS run-by-run ratios. pgbench's
# single-row INSERT commits on both, beside them, give PostgreSQL's own price of the standby's round trip.
# Bench/run.sh calls it last; BENCH_ONLY=replication runs it alone.
#
#   Bench/replication.sh ORDERCTL ADMIN_URL PG_BINDIR
#
# The one server is the cluster of ADMIN_URL (make db's, the one every other figure uses). The pair is
# Tools/ha/cluster.sh's, made in a temporary folder for this run: the primary with
# synchronous_standby_names naming the standby and synchronous_commit on, so each commit waits until the
# standby has flushed its WAL; both servers on this machine, so the standby's work competes for the same
# cores and disk, as it would not on a second machine. Stopped and deleted at the end, however the script
# ends. Environment knobs: RUNS (3), REPLICATION_ORDERS (2,000: 10,000 commands), REPLICATION_PGBENCH_SECONDS (5).
set -euo pipefail
orderctl=$1 admin_url=$2 bindir=$3
runs=${RUNS:-3}
orders=${REPLICATION_ORDERS:-2000}
pgbench_seconds=${REPLICATION_PGBENCH_SECONDS:-5}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/results
cluster=$here/../Tools/ha/cluster.sh
work=$(mktemp -d)
# The pair's folder: under /tmp, which the postgres user can reach when we are root.
pair=$(mktemp -d /tmp/orderctl-bench-pair-XXXXXX)
rmdir "$pair"
finish() {
  "$cluster" destroy "$pair" 2>/dev/null || true
  psql -d "$admin_url" -c "DROP DATABASE IF EXISTS bench_replication WITH (FORCE)" 2>/dev/null || true
  rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$out"
psql() { PGOPTIONS='-c client_min_messages=warning' "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
database_url() { sed "s#///[A-Za-z0-9_]*?#///$2?#" <<<"$1"; }  # server's URL, database
runtime_url() { sed 's/user=postgres/user=orderctl_runtime/' <<<"$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio_spread() { # numerators denominators: run by run, "median (smallest to largest)"
  paste -d' ' "$1" "$2" | awk '{ printf "%.4f\n", $1 / $2 }' > "$work/ratios"
  printf '%.2f (%.2f to %.2f)' "$(median < "$work/ratios")" "$(sort -g "$work/ratios" | head -1)" "$(sort -g "$work/ratios" | tail -1)"
}
say() { printf '%s\n' "$*" >&2; }

say "== replication: submit and pgbench against one server and against the primary of a synchronous pair, $runs runs alternating"
HA_DB_NAME=postgres "$cluster" start "$pair" 2>"$work/pair.log" >/dev/null || { cat "$work/pair.log" >&2; exit 1; }
pair_admin_url=$("$cluster" primary-url "$pair")
single_admin_url=$admin_url
[ "$(psql -At -d "$pair_admin_url" -c "SELECT sync_state FROM pg_stat_replication")" = sync ] ||
  { say "replication bench: error: the pair's standby is not synchronous"; exit 1; }

sh "$here/../Fixtures/generate-orders.sh" "$orders" 1000 > "$work/commands.jsonl"
lines=$(wc -l < "$work/commands.jsonl")
echo "INSERT INTO baseline (payload) VALUES ('an order event of about this size, give or take');" > "$work/insert.sql"

fresh_database() { # server admin URL: bench_replication, migrated
  psql -d "$1" -c "DROP DATABASE IF EXISTS bench_replication WITH (FORCE)" -c "CREATE DATABASE bench_replication"
  "$orderctl" migrate --migrations "$here/../sql" --database-url "$(database_url "$1" bench_replication)" > /dev/null 2>&1
  psql -d "$(database_url "$1" bench_replication)" -c "CREATE TABLE baseline (id bigserial PRIMARY KEY, payload text NOT NULL)"
}
submit_rate() { # server admin URL: commands/s of one submit process over the commands, on a fresh database
  local start end
  fresh_database "$1"
  start=$(date +%s.%N)
  "$orderctl" submit "$work/commands.jsonl" --database-url "$(runtime_url "$(database_url "$1" bench_replication)")" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "$lines / ($end - $start)" | bc -l
}
pgbench_tps() { # server admin URL: single-row INSERT commits/s, one connection, on the database just made
  "$bindir/pgbench" -n -c 1 -T "$pgbench_seconds" -f "$work/insert.sql" "$(database_url "$1" bench_replication)" 2>/dev/null |
    awk '/^tps/ { print $3 }'
}
for _ in $(seq "$runs"); do
  submit_rate "$single_admin_url" >> "$work/submit-single"
  pgbench_tps "$single_admin_url" >> "$work/pgbench-single"
  submit_rate "$pair_admin_url" >> "$work/submit-pair"
  pgbench_tps "$pair_admin_url" >> "$work/pgbench-pair"
done
psql -d "$pair_admin_url" -c "DROP DATABASE IF EXISTS bench_replication WITH (FORCE)"

submit_single=$(printf '%.0f' "$(median < "$work/submit-single")")
submit_pair=$(printf '%.0f' "$(median < "$work/submit-pair")")
pgbench_single=$(printf '%.0f' "$(median < "$work/pgbench-single")")
pgbench_pair=$(printf '%.0f' "$(median < "$work/pgbench-pair")")
submit_ratio=$(ratio_spread "$work/submit-pair" "$work/submit-single")
pgbench_ratio=$(ratio_spread "$work/pgbench-pair" "$work/pgbench-single")
say "   submit, 1 process, $lines commands: one server $submit_single commands/s, synchronous pair $submit_pair: $submit_ratio"
say "   pgbench single-row INSERT commits: one server $pgbench_single/s, synchronous pair $pgbench_pair/s: $pgbench_ratio"

cat > "$out/replication.json" <<JSON
{
  "machine": "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $("$bindir/postgres" --version)",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "runs": $runs,
  "submitCommands": $lines,
  "submitCommandsPerSecond": {"oneServer": $submit_single, "synchronousPair": $submit_pair},
  "submitSynchronousPairToOneServer": "$submit_ratio",
  "pgbenchSingleInsertCommitsPerSecond": {"oneServer": $pgbench_single, "synchronousPair": $pgbench_pair},
  "pgbenchSynchronousPairToOneServer": "$pgbench_ratio",
  "runByRun": {
    "submitOneServer": [$(paste -sd, "$work/submit-single" | sed 's/\([0-9]*\)\.[0-9]*/\1/g')],
    "submitSynchronousPair": [$(paste -sd, "$work/submit-pair" | sed 's/\([0-9]*\)\.[0-9]*/\1/g')],
    "pgbenchOneServer": [$(paste -sd, "$work/pgbench-single" | sed 's/\([0-9]*\)\.[0-9]*/\1/g')],
    "pgbenchSynchronousPair": [$(paste -sd, "$work/pgbench-pair" | sed 's/\([0-9]*\)\.[0-9]*/\1/g')]
  }
}
JSON
{
  echo "A synchronous standby's cost, same run, $runs runs alternating: the pair (Tools/ha/cluster.sh, both servers on"
  echo "this machine) against one server (make db's). Ratio: pair / one server, the median of the run-by-run ratios,"
  echo "the smallest and largest in brackets."
  echo
  echo "| figure | synchronous pair | one server, same run | ratio |"
  echo "|---|---|---|---|"
  echo "| submit, 1 process, $lines commands | $submit_pair commands/s | $submit_single commands/s | $submit_ratio |"
  echo "| pgbench, single-row INSERT commits, 1 connection, ${pgbench_seconds} s | $pgbench_pair commits/s | $pgbench_single commits/s | $pgbench_ratio |"
} > "$out/replication.md"
cat "$out/replication.md"
