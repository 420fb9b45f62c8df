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
#
# Reading from the standby, in the same runs: the standby's replay lag sampled every 0.1 s while submit
# writes (pg_stat_replication.replay_lag on the primary), and, right after submit's last answer, a
# read-your-writes `query order --read-url STANDBY --min-position P` (P: the last position submit printed)
# timed against the same query on the primary.
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
pair_standby_url=$("$cluster" standby-url "$pair")
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
  "$orderctl" submit "$work/commands.jsonl" --database-url "$(runtime_url "$(database_url "$1" bench_replication)")" > "$work/results.jsonl" 2>/dev/null
  end=$(date +%s.%N)
  echo "$lines / ($end - $start)" | bc -l
}
seconds_of() { # command...: the wall time of one run, in seconds
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1 || { say "replication bench: error: $* failed"; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
sample_replay_lag() { # until killed: the standby's replay lag in seconds, every 0.1 s, one line each
  while sleep 0.1; do
    psql -At -d "$pair_admin_url" -c "SELECT coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication" 2>/dev/null || true
  done
}
read_your_writes() { # after a submit on the pair: the standby read's time, then the primary read's, in seconds
  local last order position
  last=$(grep '"position"' "$work/results.jsonl" | tail -1)
  order=$(sed 's/.*"orderId":"\([^"]*\)".*/\1/' <<<"$last")
  position=$(sed 's/.*"position":\([0-9]*\).*/\1/' <<<"$last")
  seconds_of "$orderctl" query order "$order" --read-url "$(runtime_url "$(database_url "$pair_standby_url" bench_replication)")" \
    --min-position "$position" --wait-timeout 30 >> "$work/read-standby"
  seconds_of "$orderctl" query order "$order" --database-url "$(runtime_url "$(database_url "$pair_admin_url" bench_replication)")" >> "$work/read-primary"
}
pgbench_tps() { # server admin URL: single-row INSERT commits/s, one connection, on the database just made
  "$bindir/pgbench" -n -c 1 -T "$pgbench_seconds" -f "$work/insert.sql" "$(database_url "$1" bench_replication)" 2>/dev/null |
    awk '/^tps/ { print $3 }'
}
for _ in $(seq "$runs"); do
  submit_rate "$single_admin_url" >> "$work/submit-single"
  pgbench_tps "$single_admin_url" >> "$work/pgbench-single"
  sample_replay_lag >> "$work/replay-lag" &
  sampler=$!
  submit_rate "$pair_admin_url" >> "$work/submit-pair"
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  read_your_writes
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
replay_lag_median=$(printf '%.3f' "$(median < "$work/replay-lag")")
replay_lag_largest=$(printf '%.3f' "$(sort -g "$work/replay-lag" | tail -1)")
read_standby=$(printf '%.3f' "$(median < "$work/read-standby")")
read_primary=$(printf '%.3f' "$(median < "$work/read-primary")")
read_ratio=$(ratio_spread "$work/read-standby" "$work/read-primary")
say "   standby replay lag while submit writes: median $replay_lag_median s, largest $replay_lag_largest s ($(wc -l < "$work/replay-lag") samples)"
say "   read your writes right after submit: standby with --min-position $read_standby s, primary $read_primary s: $read_ratio"

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
  "standbyReplayLagSecondsWhileSubmitting": {"median": $replay_lag_median, "largest": $replay_lag_largest},
  "readYourWritesSeconds": {"standbyWithMinPosition": $read_standby, "primary": $read_primary},
  "readYourWritesStandbyToPrimary": "$read_ratio",
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
  echo
  echo "Reading from the standby, same runs: its replay lag while submit writes, sampled every 0.1 s (median $replay_lag_median s,"
  echo "largest $replay_lag_largest s), and \`query order\` of the last order right after submit's last answer:"
  echo
  echo "| read | seconds (median) | ratio to the primary |"
  echo "|---|---|---|"
  echo "| standby, --read-url with --min-position of submit's last position | $read_standby | $read_ratio |"
  echo "| primary, --database-url | $read_primary | 1 |"
} > "$out/replication.md"
cat "$out/replication.md"
