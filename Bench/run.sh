#!/usr/bin/env bash
# The benchmark behind `make bench`: every figure beside PostgreSQL's own baseline, taken in the same
# run, as medians of RUNS runs, and reported as ratios, because these machines are shared and noisy.
#
#   Bench/run.sh ORDERCTL ADMIN_URL PG_BINDIR
#
# ORDERCTL is a release build. ADMIN_URL is a superuser URL to the cluster's postgres database; the
# benchmark makes its own databases (bench_*) and drops them at the end. Environment knobs: RUNS (3),
# BENCH_EVENTS (events for rebuild, verify and export; 1,000,000 is the issue's size, 200,000 the
# default, so that the run takes minutes, not a quarter of an hour), SUBMIT_ORDERS (6,000: 30,000 commands),
# CUSTOMER_EVENTS (1,000: the events of the customer whose replay is timed), and those of
# Bench/notifications.sh, which runs last (NOTIFY_EVENTS, NOTIFY_SEND_EVENTS, SMTP_PYTHON).
# BENCH_ONLY=notifications runs only the notification figures, BENCH_ONLY=replication only the synchronous
# standby's cost to submit (Bench/replication.sh: REPLICATION_ORDERS, REPLICATION_PGBENCH_SECONDS), and
# BENCH_ONLY=main everything but those two.
set -euo pipefail
orderctl=$1 admin_url=$2 bindir=$3
runs=${RUNS:-3}
events=${BENCH_EVENTS:-200000}
submit_orders=${SUBMIT_ORDERS:-6000}
customer_events=${CUSTOMER_EVENTS:-1000}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/results
case ${BENCH_ONLY:-} in
  '' | main) ;;
  notifications) exec "$here/notifications.sh" "$orderctl" "$admin_url" "$bindir" ;;
  replication) exec "$here/replication.sh" "$orderctl" "$admin_url" "$bindir" ;;
  *) printf 'BENCH_ONLY=%s: the parts that run alone are main (all but the notifications and replication), notifications and replication\n' "$BENCH_ONLY" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
psql() { PGOPTIONS='-c client_min_messages=warning' "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
url_of() { sed "s#///postgres?#///$1?#" <<<"$admin_url"; }
runtime_url_of() { url_of "$1" | sed 's/user=postgres/user=orderctl_runtime/'; }
fresh_database() {
  psql -d "$admin_url" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  "$orderctl" migrate --database-url "$(url_of "$1")" 2>/dev/null
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Run by run ratios of two files of figures (line i of each is run i), as "median (smallest to largest)";
# the first field of each line is the figure.
ratio_spread() {
  paste -d' ' <(cut -d' ' -f1 "$1") <(cut -d' ' -f1 "$2") | awk '{ printf "%.4f\n", $1 / $2 }' > "$work/ratios"
  printf '%.2f (%.2f to %.2f)' "$(median < "$work/ratios")" "$(sort -g "$work/ratios" | head -1)" "$(sort -g "$work/ratios" | tail -1)"
}
# seconds and peak KB of one command: "seconds kilobytes"
measure() { /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }; cat "$work/time"; }
say() { printf '%s\n' "$*" >&2; }

say "== baseline: pgbench, one connection, single-row INSERT commits (synchronous_commit on), 10 s x $runs,"
say "   alternating with submit: $((submit_orders * 5)) valid commands ($submit_orders orders x place, add, add, confirm, ship), 1 process"
psql -d "$admin_url" -c "DROP DATABASE IF EXISTS bench_baseline WITH (FORCE)" -c "CREATE DATABASE bench_baseline"
psql -d "$(url_of bench_baseline)" -c "CREATE TABLE baseline (id bigserial PRIMARY KEY, payload text NOT NULL)"
echo "INSERT INTO baseline (payload) VALUES ('an order event of about this size, give or take');" > "$work/insert.sql"
sh "$here/../Fixtures/generate-orders.sh" "$submit_orders" 1000 > "$work/commands.jsonl"
lines=$(wc -l < "$work/commands.jsonl")
submit_run() { # processes: one timed run of the commands split over that many submit processes; commands/s
  # Each process gets whole orders, so the processes do not conflict with each other.
  split -n "l/$1" -d "$work/commands.jsonl" "$work/part-"
  fresh_database bench_submit
  local url start end
  url=$(runtime_url_of bench_submit)
  start=$(date +%s.%N)
  for part in "$work"/part-*; do "$orderctl" submit "$part" --database-url "$url" > /dev/null 2>&1 & done
  wait
  end=$(date +%s.%N)
  rm -f "$work"/part-*
  echo "$lines / ($end - $start)" | bc -l
}
# The ratio's two sides alternate, so that a slow spell of the shared machine weighs on both alike.
declare -A submit_rate
# The cluster's ingest ceiling, beside them: COPY loading the events that submit run wrote into a bare table
# of the same shape (the same columns, no key, index, constraint or trigger), as events per second.
copy_load_rate() { # events per second of one COPY of the last submitted log into a bare table
  psql -d "$(url_of bench_submit)" -c "\\copy (SELECT * FROM events ORDER BY global_position) TO '$work/events.copy'"
  psql -d "$(url_of bench_baseline)" -c "DROP TABLE IF EXISTS bare_events" -c "CREATE TABLE bare_events (LIKE events_shape)"
  local start end
  start=$(date +%s.%N)
  psql -d "$(url_of bench_baseline)" -c "\\copy bare_events FROM '$work/events.copy'"
  end=$(date +%s.%N)
  echo "$(wc -l < "$work/events.copy") / ($end - $start)" | bc -l
}
# And the same load into a table that keeps the log's own guarantees: the events table's definition (its
# keys, indexes, checks, identity and defaults) and its foreign key to the streams that run wrote. What
# the log's guarantees cost a bulk load, before commands, streams, read models and the hash chain.
guarded_copy_load_rate() { # events per second of one COPY of the same file into such a table
  psql -d "$(url_of bench_submit)" -c "DROP TABLE IF EXISTS guarded_events" -c "CREATE TABLE guarded_events (LIKE events INCLUDING ALL)" \
    -c "ALTER TABLE guarded_events ADD FOREIGN KEY (stream_id) REFERENCES streams (stream_id)"
  local start end
  start=$(date +%s.%N)
  psql -d "$(url_of bench_submit)" -c "\\copy guarded_events FROM '$work/events.copy'"
  end=$(date +%s.%N)
  psql -d "$(url_of bench_submit)" -c "DROP TABLE guarded_events"
  echo "$(wc -l < "$work/events.copy") / ($end - $start)" | bc -l
}
# The shape: the events table's columns and types, made once from a migrated database's definition.
fresh_database bench_shape
psql -d "$(url_of bench_baseline)" -c "DROP TABLE IF EXISTS events_shape"
psql -d "$(url_of bench_shape)" -At -c "SELECT 'CREATE TABLE events_shape (' || string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum) || ')' FROM pg_attribute WHERE attrelid = 'events'::regclass AND attnum > 0 AND NOT attisdropped" > "$work/shape.sql"
psql -d "$(url_of bench_baseline)" -f "$work/shape.sql"
psql -d "$admin_url" -c "DROP DATABASE IF EXISTS bench_shape WITH (FORCE)"
for _ in $(seq "$runs"); do
  "$bindir/pgbench" -n -c 1 -T 10 -f "$work/insert.sql" "$(url_of bench_baseline)" 2>/dev/null | awk '/^tps/ { print $3 }' >> "$work/pgbench_tps"
  submit_run 1 >> "$work/rate-1"
  copy_load_rate >> "$work/copy-load-rate"
  guarded_copy_load_rate >> "$work/guarded-copy-load-rate"
done
pgbench_tps=$(printf '%.0f' "$(median < "$work/pgbench_tps")")
submit_rate[1]=$(printf '%.0f' "$(median < "$work/rate-1")")
say "   $pgbench_tps commits/s"
say "   1 process(es): ${submit_rate[1]} commands/s"
for processes in 2 4; do
  for _ in $(seq "$runs"); do submit_run "$processes"; done | median > "$work/rate"
  submit_rate[$processes]=$(printf '%.0f' "$(cat "$work/rate")")
  say "   $processes process(es): ${submit_rate[$processes]} commands/s"
done

say "== submit with a fifth of the lines customer commands (RegisterCustomer, ChangeContactInfo: sealed under a key"
say "   per customer, one transaction each), 1 process, alternating with the order-only commands"
python3 "$here/make-customer-mix.py" mix < "$work/commands.jsonl" > "$work/mix.jsonl"
mix_lines=$(wc -l < "$work/mix.jsonl")
timed_submit() { # database, file, lines: one timed run of submit on a fresh database; commands/s
  fresh_database "$1"
  local url start end
  url=$(runtime_url_of "$1")
  start=$(date +%s.%N)
  "$orderctl" submit "$2" --database-url "$url" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "$3 / ($end - $start)" | bc -l
}
for _ in $(seq "$runs"); do
  timed_submit bench_orders "$work/commands.jsonl" "$lines" >> "$work/rate-orders-only"
  timed_submit bench_mix "$work/mix.jsonl" "$mix_lines" >> "$work/rate-mix"
done
orders_only_rate=$(printf '%.0f' "$(median < "$work/rate-orders-only")")
mix_rate=$(printf '%.0f' "$(median < "$work/rate-mix")")
say "   order-only: $orders_only_rate commands/s; with customers: $mix_rate commands/s ($mix_lines lines)"
# Export writes customers' fields sealed, as stored: per event it costs what an order's does. The two logs
# just written (the last run of each) are exported alternately.
mix_events=$(psql -At -d "$(url_of bench_mix)" -c "SELECT count(*) FROM events")
orders_events=$(psql -At -d "$(url_of bench_orders)" -c "SELECT count(*) FROM events")
for _ in $(seq "$runs"); do
  measure "$orderctl" export --database-url "$(runtime_url_of bench_orders)" | cut -d' ' -f1 >> "$work/export-orders"
  measure "$orderctl" export --database-url "$(runtime_url_of bench_mix)" | cut -d' ' -f1 >> "$work/export-mix"
done
export_orders_rate=$(printf '%.0f' "$(echo "$orders_events / $(median < "$work/export-orders")" | bc -l)")
export_mix_rate=$(printf '%.0f' "$(echo "$mix_events / $(median < "$work/export-mix")" | bc -l)")
say "   export: order-only log $export_orders_rate events/s; log with customers $export_mix_rate events/s"
psql -d "$admin_url" -c "DROP DATABASE IF EXISTS bench_orders WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_mix WITH (FORCE)"

say "== submit with 1 process by batch size: $((submit_orders)) orders' worth of commands cut to a fifth for the batch of 1"
sweep_orders=$((submit_orders / 5))
sh "$here/../Fixtures/generate-orders.sh" "$sweep_orders" 1000 > "$work/sweep.jsonl"
sweep_lines=$(wc -l < "$work/sweep.jsonl")
declare -A batch_rate
for batch in 1 16 64 256; do
  for _ in $(seq "$runs"); do
    fresh_database bench_submit
    url=$(runtime_url_of bench_submit)
    start=$(date +%s.%N)
    "$orderctl" submit "$work/sweep.jsonl" --batch-size "$batch" --database-url "$url" > /dev/null 2>&1
    end=$(date +%s.%N)
    echo "$sweep_lines / ($end - $start)" | bc -l
  done | median > "$work/rate"
  batch_rate[$batch]=$(printf '%.0f' "$(cat "$work/rate")")
  say "   batch of $batch: ${batch_rate[$batch]} commands/s"
done

say "== a log of $events events ($((events / 5)) orders of 5), imported as the owner"
python3 "$here/make-feed.py" $((events / 5)) 5 > "$work/feed.jsonl"
fresh_database bench_log
read -r _ import_kb <<<"$(measure "$orderctl" import "$work/feed.jsonl" --database-url "$(url_of bench_log)")"
log_url=$(runtime_url_of bench_log)
python3 "$here/make-feed.py" $((events / 50)) 5 > "$work/feed-tenth.jsonl"
fresh_database bench_log_tenth
read -r _ import_tenth_kb <<<"$(measure "$orderctl" import "$work/feed-tenth.jsonl" --database-url "$(url_of bench_log_tenth)")"
# Statistics and hint bits as a log that has been running would have them, for every figure alike.
psql -d "$(url_of bench_log)" -c "VACUUM ANALYZE"
psql -d "$(url_of bench_log_tenth)" -c "VACUUM ANALYZE"

timed() { # name, command...: median seconds and the largest peak KB over the runs
  local name=$1; shift
  for _ in $(seq "$runs"); do measure "$@"; done > "$work/$name"
  echo "$(cut -d' ' -f1 "$work/$name" | median) $(cut -d' ' -f2 "$work/$name" | sort -n | tail -1)"
}
# Run by run, each beside the COPY of the same run, so that every ratio is taken against its own floor:
# the COPY out of the events table, the rebuild of one read model and of every read model, verify, export.
for _ in $(seq "$runs"); do
  measure "$bindir/psql" -X -q -d "$log_url" -c 'COPY (SELECT * FROM events) TO STDOUT' >> "$work/copy"
  measure "$orderctl" projections rebuild orders --database-url "$log_url" >> "$work/rebuild"
  measure "$orderctl" projections rebuild --database-url "$log_url" >> "$work/rebuild-all"
  measure "$orderctl" audit verify --database-url "$log_url" >> "$work/verify"
  measure "$orderctl" export --database-url "$log_url" >> "$work/export"
done
seconds_and_peak() { echo "$(cut -d' ' -f1 "$work/$1" | median) $(cut -d' ' -f2 "$work/$1" | sort -n | tail -1)"; }
read -r copy_seconds _ <<<"$(seconds_and_peak copy)"
read -r rebuild_seconds rebuild_kb <<<"$(seconds_and_peak rebuild)"
read -r rebuild_all_seconds rebuild_all_kb <<<"$(seconds_and_peak rebuild-all)"
read -r verify_seconds verify_kb <<<"$(seconds_and_peak verify)"
read -r export_seconds export_kb <<<"$(seconds_and_peak export)"
say "   COPY (SELECT * FROM events) TO STDOUT: $copy_seconds s"
say "   projections rebuild orders: $rebuild_seconds s, peak $rebuild_kb KB; every read model: $rebuild_all_seconds s, peak $rebuild_all_kb KB"
read -r _ verify_tenth_kb <<<"$(timed verify_tenth "$orderctl" audit verify --database-url "$(runtime_url_of bench_log_tenth)")"
read -r _ export_tenth_kb <<<"$(timed export_tenth "$orderctl" export --database-url "$(runtime_url_of bench_log_tenth)")"
say "   audit verify: $verify_seconds s, export: $export_seconds s"

say "== replay of one order with 10,000 events, and the handler loading it"
# The logs above are no longer needed: dropped, and their writes flushed, so that neither their
# autovacuum nor the checkpoint of a million imported events runs during the millisecond figures.
for database in bench_baseline bench_submit bench_log bench_log_tenth; do
  psql -d "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)"
done
psql -d "$admin_url" -c "CHECKPOINT"
python3 "$here/make-feed.py" 1 10001 > "$work/long-order.jsonl"
fresh_database bench_replay
"$orderctl" import "$work/long-order.jsonl" --database-url "$(url_of bench_replay)" > /dev/null 2>&1
psql -d "$(url_of bench_replay)" -c "VACUUM ANALYZE"
long_order=$(head -c 200 "$work/long-order.jsonl" | sed 's/.*"streamId":"\([^"]*\)".*/\1/')
replay_url=$(runtime_url_of bench_replay)
# Milliseconds matter here, and shared machines jitter: the median of 11 runs, timed to the nanosecond.
elapsed_milliseconds() { # command...: wall milliseconds of one run
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "($end - $start) / 1000000" | bc -l
}
milliseconds() { # command...: median wall milliseconds of 11 runs
  for _ in $(seq 11); do elapsed_milliseconds "$@"; done | median
}
# The floor every command pays, taken in the same run: process start, connection, schema check and a
# query that finds nothing (a replay of an order that does not exist). Floor and replay alternate, so
# that a slow spell of the shared machine weighs on both alike.
# PostgreSQL's own yardstick, alternating with them: psql fetching the same 10,000 events with a COPY
# (process start, connection, the query and the rows in text), nothing folded or rendered.
stream_copy="COPY (SELECT * FROM events WHERE stream_id = '$long_order' ORDER BY version) TO STDOUT"
for _ in $(seq 11); do
  elapsed_milliseconds "$orderctl" replay 00000000-0000-4000-8000-000000000000 --database-url "$replay_url" >> "$work/floor-ms"
  elapsed_milliseconds "$orderctl" replay "$long_order" --database-url "$replay_url" >> "$work/replay-ms"
  elapsed_milliseconds psql -d "$replay_url" -c "$stream_copy" >> "$work/stream-copy-ms"
done
floor_ms=$(median < "$work/floor-ms")
replay_ms=$(median < "$work/replay-ms")
stream_copy_ms=$(median < "$work/stream-copy-ms")
read -r _ replay_kb <<<"$(measure "$orderctl" replay "$long_order" --database-url "$replay_url")"
say "   replay: $replay_ms ms (the whole process); the floor: $floor_ms ms; psql's COPY of the same events: $stream_copy_ms ms"
# The handler loading the same stream: one command on the order (refused, since it is shipped, after the
# load). The first load folds every event and leaves a snapshot; later loads start from it.
echo "{\"type\":\"ConfirmOrder\",\"orderId\":\"$long_order\"}" > "$work/one-command.jsonl"
start=$(date +%s%N)
"$orderctl" submit "$work/one-command.jsonl" --database-url "$replay_url" > /dev/null 2>&1 || true
end=$(date +%s%N)
first_load_ms=$(echo "($end - $start) / 1000000" | bc -l)
handler_load_ms=$(milliseconds "$orderctl" submit "$work/one-command.jsonl" --database-url "$replay_url")
say "   handler loading it: first $first_load_ms ms, then $handler_load_ms ms (the whole submit process)"

say "== replay of one customer with $customer_events events, every personal field opened (AES-256-GCM), beside"
say "   the same number of an order's events"
python3 "$here/make-customer-mix.py" long "$customer_events" > "$work/long-customer.jsonl"
python3 "$here/make-feed.py" 1 "$customer_events" > "$work/short-order.jsonl"
fresh_database bench_customers
"$orderctl" import "$work/short-order.jsonl" --database-url "$(url_of bench_customers)" > /dev/null 2>&1
customers_url=$(runtime_url_of bench_customers)
"$orderctl" submit "$work/long-customer.jsonl" --database-url "$customers_url" > /dev/null 2>&1
psql -d "$(url_of bench_customers)" -c "VACUUM ANALYZE"
long_customer=$(head -c 200 "$work/long-customer.jsonl" | sed 's/.*"customerId": "\([^"]*\)".*/\1/')
short_order=$(head -c 200 "$work/short-order.jsonl" | sed 's/.*"streamId":"\([^"]*\)".*/\1/')
for _ in $(seq 11); do
  elapsed_milliseconds "$orderctl" replay "$long_customer" --database-url "$customers_url" >> "$work/customer-replay-ms"
  elapsed_milliseconds "$orderctl" replay "$short_order" --database-url "$customers_url" >> "$work/order-prefix-replay-ms"
done
customer_replay_ms=$(median < "$work/customer-replay-ms")
order_prefix_replay_ms=$(median < "$work/order-prefix-replay-ms")
customer_microseconds_per_event=$(printf '%.1f' "$(echo "($customer_replay_ms - $floor_ms) * 1000 / $customer_events" | bc -l)")
order_microseconds_per_event=$(printf '%.1f' "$(echo "($order_prefix_replay_ms - $floor_ms) * 1000 / $customer_events" | bc -l)")
say "   customer: $customer_replay_ms ms ($customer_microseconds_per_event µs an event past the floor);"
say "   order of as many events: $order_prefix_replay_ms ms ($order_microseconds_per_event µs an event)"

for database in bench_baseline bench_submit bench_log bench_log_tenth bench_replay bench_customers; do
  psql -d "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)"
done

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
# The second round's table: each path against its floor, run by run (median and spread of the ratios).
rebuild_all_ratio=$(ratio_spread "$work/rebuild-all" "$work/copy")
verify_ratio=$(ratio_spread "$work/verify" "$work/copy")
export_ratio=$(ratio_spread "$work/export" "$work/copy")
replay_ratio=$(ratio_spread "$work/replay-ms" "$work/stream-copy-ms")
submit_pgbench_ratio=$(ratio_spread "$work/rate-1" "$work/pgbench_tps")
submit_copy_load_ratio=$(ratio_spread "$work/rate-1" "$work/copy-load-rate")
copy_load_rate_median=$(printf '%.0f' "$(median < "$work/copy-load-rate")")
guarded_to_bare_ratio=$(ratio_spread "$work/guarded-copy-load-rate" "$work/copy-load-rate")
submit_guarded_copy_load_ratio=$(ratio_spread "$work/rate-1" "$work/guarded-copy-load-rate")
guarded_copy_load_rate_median=$(printf '%.0f' "$(median < "$work/guarded-copy-load-rate")")
median_of() { printf '%s' "${1%% *}"; }
rate() { printf '%.0f' "$(echo "$1 / $2" | bc -l)"; }
cat > "$out/latest.json" <<JSON
{
  "machine": "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $("$bindir/postgres" --version)",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "runs": $runs,
  "pgbenchSingleInsertCommitsPerSecond": $pgbench_tps,
  "submitCommandsPerSecond": {"1": ${submit_rate[1]}, "2": ${submit_rate[2]}, "4": ${submit_rate[4]}},
  "submitRatioToPgbench": $(ratio "${submit_rate[1]}" "$pgbench_tps"),
  "submitCommandsPerSecondByBatchSize": {"1": ${batch_rate[1]}, "16": ${batch_rate[16]}, "64": ${batch_rate[64]}, "256": ${batch_rate[256]}},
  "events": $events,
  "copySeconds": $copy_seconds,
  "rebuildOrdersSeconds": $rebuild_seconds,
  "rebuildRatioToCopy": $(ratio "$rebuild_seconds" "$copy_seconds"),
  "rebuildEveryReadModelSeconds": $rebuild_all_seconds,
  "copyLoadEventsPerSecond": $copy_load_rate_median,
  "guardedCopyLoadEventsPerSecond": $guarded_copy_load_rate_median,
  "againstFloors": {
    "rebuildEveryReadModelToCopyOut": "$rebuild_all_ratio",
    "verifyToCopyOut": "$verify_ratio",
    "exportToCopyOut": "$export_ratio",
    "replay10000EventsToPsql": "$replay_ratio",
    "submitToPgbenchSingleInsert": "$submit_pgbench_ratio",
    "submitToCopyLoad": "$submit_copy_load_ratio",
    "guardedCopyLoadToCopyLoad": "$guarded_to_bare_ratio",
    "submitToGuardedCopyLoad": "$submit_guarded_copy_load_ratio"
  },
  "verifyEventsPerSecond": $(rate "$events" "$verify_seconds"),
  "exportEventsPerSecond": $(rate "$events" "$export_seconds"),
  "processFloorMilliseconds": $(printf '%.1f' "$floor_ms"),
  "replay10000EventsMilliseconds": $(printf '%.1f' "$replay_ms"),
  "psqlCopyOfThoseEventsMilliseconds": $(printf '%.1f' "$stream_copy_ms"),
  "handlerFirstLoad10000EventsMilliseconds": $(printf '%.1f' "$first_load_ms"),
  "handlerLoad10000EventsMilliseconds": $(printf '%.1f' "$handler_load_ms"),
  "submitOrderOnlyCommandsPerSecond": $orders_only_rate,
  "submitWithCustomersCommandsPerSecond": $mix_rate,
  "submitWithCustomersRatioToOrderOnly": $(ratio "$mix_rate" "$orders_only_rate"),
  "exportOrderOnlyEventsPerSecond": $export_orders_rate,
  "exportWithCustomersEventsPerSecond": $export_mix_rate,
  "replayCustomerMicrosecondsPerEvent": $customer_microseconds_per_event,
  "replayOrderMicrosecondsPerEvent": $order_microseconds_per_event,
  "peakKilobytes": {"rebuild": $rebuild_kb, "rebuildEveryReadModel": $rebuild_all_kb, "verify": $verify_kb, "verifyAtATenth": $verify_tenth_kb, "export": $export_kb, "exportAtATenth": $export_tenth_kb, "import": $import_kb, "importAtATenth": $import_tenth_kb, "replay": $replay_kb}
}
JSON

{
  echo "| figure | this run | baseline, same run | ratio | goal |"
  echo "|---|---|---|---|---|"
  echo "| submit, 1 process, $lines commands | $(printf '%.0f' "${submit_rate[1]}") commands/s | pgbench $(printf '%.0f' "$pgbench_tps") commits/s | $(ratio "${submit_rate[1]}" "$pgbench_tps") | >= 3.0 |"
  echo "| submit, 2 / 4 processes | $(printf '%.0f' "${submit_rate[2]}") / $(printf '%.0f' "${submit_rate[4]}") commands/s | | | scales |"
  echo "| submit, 1 process, batch of 1 / 16 / 64 / 256, $sweep_lines commands | ${batch_rate[1]} / ${batch_rate[16]} / ${batch_rate[64]} / ${batch_rate[256]} commands/s | | | |"
  echo "| submit, 1 process, a fifth of the lines customer commands, $mix_lines commands | $mix_rate commands/s | order-only $orders_only_rate commands/s | $(ratio "$mix_rate" "$orders_only_rate") | |"
  echo "| export of those two logs | $export_mix_rate events/s with customers | order-only $export_orders_rate events/s | $(ratio "$export_mix_rate" "$export_orders_rate") | ~1 (sealed as stored) |"
  echo "| replay, per event past the floor, $customer_events events | customer $customer_microseconds_per_event µs (fields opened) | order $order_microseconds_per_event µs | | |"
  echo "| projections rebuild orders, $events events | $rebuild_seconds s | COPY $copy_seconds s | $(ratio "$rebuild_seconds" "$copy_seconds") | <= 3.0 |"
  echo "| audit verify, $events events | $(rate "$events" "$verify_seconds") events/s | | | >= 300,000 |"
  echo "| export, $events events | $(rate "$events" "$export_seconds") events/s | | | >= 300,000 |"
  echo "| replay of 10,000 events, whole process | $(printf '%.0f' "$replay_ms") ms (replay itself, less the floor: $(printf '%.0f' "$(echo "$replay_ms - $floor_ms" | bc -l)") ms) | floor $(printf '%.0f' "$floor_ms") ms; psql's COPY of those events $(printf '%.0f' "$stream_copy_ms") ms | $(ratio "$replay_ms" "$stream_copy_ms") × psql | < 50 ms |"
  echo "| handler loading those 10,000 events, whole submit process | $(printf '%.0f' "$handler_load_ms") ms (first load: $(printf '%.0f' "$first_load_ms") ms, leaves a snapshot) | floor $(printf '%.0f' "$floor_ms") ms | load itself $(printf '%.0f' "$(echo "$handler_load_ms - $floor_ms" | bc -l)") ms | < 50 ms |"
  echo "| peak memory: rebuild / verify / export / import | $((rebuild_kb / 1024)) / $((verify_kb / 1024)) / $((export_kb / 1024)) / $((import_kb / 1024)) MB | verify, export, import at a tenth: $((verify_tenth_kb / 1024)) / $((export_tenth_kb / 1024)) / $((import_tenth_kb / 1024)) MB | | flat, < 150 MB |"
  echo
  echo "Each path against its floor, run by run: the median of $runs runs' ratios, the smallest and largest in brackets"
  echo "(for replay, of 11 alternating runs). Below 1 is faster than the floor for the first four rows; the last two are rates."
  echo
  echo "| path | ratio | floor, same run | goal |"
  echo "|---|---|---|---|"
  echo "| projections rebuild, every read model, $events events (vacuumed) | $rebuild_all_ratio | COPY of the events table out (psql) | <= 2.0 |"
  echo "| audit verify, whole log | $verify_ratio | that COPY | <= 0.8 |"
  echo "| export, whole log | $export_ratio | that COPY | <= 0.6 |"
  echo "| replay of a 10,000-event order, whole process | $replay_ratio | psql's COPY of the same rows | <= 1.1 |"
  echo "| submit, durable, 1 process (rate) | $submit_pgbench_ratio | pgbench single-row INSERT commits/s | >= 6 |"
  echo "| submit, durable, 1 process (rate) | $submit_copy_load_ratio | COPY loading the same events into a bare table ($copy_load_rate_median events/s) | >= 0.2 |"
  echo "| (the same COPY into a table with the events table's own keys, indexes, checks and foreign key, rate) | $guarded_to_bare_ratio | the bare table's COPY | |"
  echo "| submit, durable, 1 process (rate) | $submit_guarded_copy_load_ratio | that guarded COPY ($guarded_copy_load_rate_median events/s) | |"
} > "$out/latest.md"

if command -v gnuplot >/dev/null; then
  printf '1 %s\n2 %s\n4 %s\n' "${submit_rate[1]}" "${submit_rate[2]}" "${submit_rate[4]}" > "$work/submit.dat"
  printf '1 %s\n16 %s\n64 %s\n256 %s\n' "${batch_rate[1]}" "${batch_rate[16]}" "${batch_rate[64]}" "${batch_rate[256]}" > "$work/batch.dat"
  gnuplot <<PLOT
set terminal svg size 960,400
set output "$out/submit.svg"
set multiplot layout 1,2 title "orderctl submit throughput (dashed: pgbench single-insert commits, same run)"
set ylabel "commands per second"
set yrange [0:*]
set key bottom right
set title "by batch size, 1 process"
set xlabel "commands per transaction (--batch-size)"
set logscale x 2
set xtics (1, 16, 64, 256)
plot "$work/batch.dat" using 1:2 with linespoints title "submit", $pgbench_tps title "pgbench" with lines dashtype 2
unset logscale x
set title "by concurrency, batches of 256"
set xlabel "submit processes"
set xtics (1, 2, 4)
plot "$work/submit.dat" using 1:2 with linespoints title "submit", $pgbench_tps title "pgbench" with lines dashtype 2
unset multiplot
PLOT
  {
    echo "\"rebuild, every\\nread model\" $(median_of "$rebuild_all_ratio") 2.0"
    echo "\"audit verify\" $(median_of "$verify_ratio") 0.8"
    echo "\"export\" $(median_of "$export_ratio") 0.6"
    echo "\"replay 10,000\\n(psql = 1)\" $(median_of "$replay_ratio") 1.1"
  } > "$work/floors.dat"
  gnuplot <<PLOT
set terminal svg size 960,400
set output "$out/against-floors.svg"
set title "time against the floor of the same run (COPY of the events table out; psql for replay): bars, medians of $runs runs; crosses, the goals"
set ylabel "x the floor"
set yrange [0:*]
set style fill solid 0.6
set boxwidth 0.5
set key top right
plot "$work/floors.dat" using 0:2:xtic(1) with boxes title "orderctl", "" using 0:3 with points pointtype 2 pointsize 2 title "goal (at most)"
PLOT
fi
cat "$out/latest.md"

# Its own SMTP server, databases and tables of results (Bench/results/notifications.*).
[ "${BENCH_ONLY:-}" = main ] || "$here/notifications.sh" "$orderctl" "$admin_url" "$bindir"
# A synchronous pair of its own in a temporary folder, against the same cluster (Bench/results/replication.*).
[ "${BENCH_ONLY:-}" = main ] || "$here/replication.sh" "$orderctl" "$admin_url" "$bindir"
