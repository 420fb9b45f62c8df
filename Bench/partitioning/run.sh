#!/usr/bin/env bash
# The partitioning study of docs/scaling.md: the events table as the migrations make it ("plain") against
# the same table partitioned by range of global_position ("part"), at each size of SIZES, on one cluster.
#
#   make bench-partitioning                       (or: Bench/partitioning/run.sh, from the repository)
#
# Environment: PG_DIR (/tmp/orderctl-partition-pg: its own cluster, made with `make db` and destroyed by
# `make db-destroy PG_DIR=...`, which this script does not do), DB_NAME (partition), SIZES ("1000000
# 10000000"), PART_ROWS (1000000 positions a partition), RUNS (3), SECONDS_PER_RUN (10, per pgbench run).
# Disk: about 1.4 GB per million events (generated rows, both layouts, the key table, WAL). Time at the
# default sizes: about 20 minutes on two shared cores.
#
# What it does, per size: loads both layouts from one generated set of events (generate.sql, load-*.sql say
# how and what stands in for what), then measures, alternating the layouts run by run:
#   - ANALYZE and the first VACUUM after the load (once), and VACUUM with nothing to do (RUNS);
#   - sizes of the heap, each index and the total (the partitioned one summed over its partitions, and
#     its global-uniqueness table apart);
#   - export --from-position: the export's query (EventLogExport) through a cursor planned for all rows,
#     as COPY plans it: time to the first row and to 10,000 rows, from a position 20,000 before the end and
#     from the middle; and the follower's query (EventLogFollower, LIMIT 1 and LIMIT 10000) from the same places;
#   - reading one stream (StreamHistory's query), pgbench, a random stream each time;
#   - appends at the end: append-one.sql and append-batch.sql, pgbench, one connection, synchronous commit,
#     for plain, part with its key table's trigger, and part without it; and VACUUM after each round.
# Raw figures go to Bench/partitioning/results/figures.tsv (size, figure, layout, run, value), the plans
# (EXPLAIN ANALYZE, BUFFERS) to results/plans-SIZE.txt, medians and ranges to results/summary.md (summarize.sh),
# what the guards answered to results/guards.txt. extra.sh adds follow-up figures on the loaded cluster.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pg_dir=${PG_DIR:-/tmp/orderctl-partition-pg}
db=${DB_NAME:-partition}
sizes=${SIZES:-1000000 10000000}
part_rows=${PART_ROWS:-1000000}
runs=${RUNS:-3}
seconds=${SECONDS_PER_RUN:-10}
out=$here/results
mkdir -p "$out"
say() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

url=$(make -s -C "$repo" db PG_DIR="$pg_dir" DB_NAME="$db" | sed -n 's/^DATABASE_URL=//p')
bindir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
[ -x "$bindir/pgbench" ] || bindir=/usr/lib/postgresql/15/bin
psql() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$url" "$@"; }

# Loaded events carry transaction ids 1000 + position in epoch 0. A new cluster is in epoch 0 too, and its
# own ids (a few thousand) would fall among them: move it to epoch 1 once, so that every loaded event is
# below pg_snapshot_xmin, as settled history is, and every append after it, as in a long-lived cluster.
if [ "$(psql -At -c "SELECT pg_current_xact_id() < '4294967296'::xid8")" = t ]; then
  say "moving the cluster to transaction id epoch 1 (pg_resetwal -e 1)"
  make -s -C "$repo" db-stop PG_DIR="$pg_dir" >/dev/null
  owner=$(stat -c %U "$pg_dir/data")
  if [ "$owner" = "$(id -un)" ]; then "$bindir/pg_resetwal" -e 1 "$pg_dir/data" >/dev/null
  else runuser -u "$owner" -- "$bindir/pg_resetwal" -e 1 "$pg_dir/data" >/dev/null; fi
  make -s -C "$repo" db PG_DIR="$pg_dir" DB_NAME="$db" >/dev/null
fi

max=0
for size in $sizes; do [ "$size" -gt "$max" ] && max=$size; done
# 005 and 006 grant to the runtime role that 004 makes (004 itself needs orderctl's own bookkeeping).
psql -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orderctl_runtime') THEN CREATE ROLE orderctl_runtime; END IF; END \$\$"
psql -c "CREATE SCHEMA IF NOT EXISTS bench" -c "CREATE SEQUENCE IF NOT EXISTS bench.version START 1000"
# Autovacuum stays off while tables are loaded, so that it does not run beside a measurement; each load
# ends with a timed ANALYZE and VACUUM, and it is turned on again for the measurements after that.
autovacuum() { psql -c "ALTER SYSTEM SET autovacuum = $1" -c "SELECT pg_reload_conf()" >/dev/null; }
if [ "$(psql -At -c "SELECT count(*) FROM bench.gen" 2>/dev/null || echo 0)" -lt "$max" ]; then
  say "generating $max events"
  autovacuum off
  psql -v max="$max" -f "$here/generate.sql"
fi

: > "$out/figures.tsv.new"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$1" "$2" "$3" "$4" >> "$out/figures.tsv.new"; }
# milliseconds of each statement of a psql script, one a line
timings() { psql -o /dev/null -c '\timing on' "$@" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'; }
vacuum_ms() { # layout: milliseconds of one VACUUM of its events (and key table)
  if [ "$1" = plain ]; then timings -c 'VACUUM plain.events'; else timings -c 'VACUUM part.events, part.event_keys'; fi
}
columns="events.global_position, events.stream_id, events.version, events.event_id, events.event_type, events.schema_version, events.payload::text, events.metadata::text, events.occurred_at, events.hash"

for size in $sizes; do
  streams=$(( size * 95 / 1250 ))   # streams with events below the size (the last few have none yet)
  say "== $size events: loading plain (the migrations' table)"
  autovacuum off
  psql -c "SET bench.allow_drop = on" -c "DROP SCHEMA IF EXISTS part CASCADE" -c "DROP SCHEMA IF EXISTS plain CASCADE" -c "CREATE SCHEMA plain"
  for migration in 001_event_store 002_projections 003_hash_chain 005_stream_snapshots 006_customers 008_events_hash_check; do
    PGOPTIONS="-c search_path=plain" psql -f "$repo/sql/$migration.sql"
  done
  record load_ms plain 1 "$(timings -v size="$size" -f "$here/load-plain.sql" | awk '{ s += $1 } END { print s }')"
  say "== $size events: loading part (partitioned, $part_rows a partition)"
  record load_ms part 1 "$(timings -v size="$size" -v part_rows="$part_rows" -f "$here/load-part.sql" | awk '{ s += $1 } END { print s }')"
  psql -c CHECKPOINT
  for layout in plain part; do
    tables=$([ $layout = plain ] && echo plain.events || echo part.events, part.event_keys)
    record analyze_ms $layout 1 "$(timings -c "ANALYZE $tables")"
    record first_vacuum_ms $layout 1 "$(timings -c "VACUUM $tables")"
  done
  for run in $(seq "$runs"); do for layout in plain part; do record idle_vacuum_ms $layout "$run" "$(vacuum_ms $layout)"; done; done
  autovacuum on

  say "== $size events: sizes"
  for layout in plain part; do
    psql -At -F $'\t' -c "
      WITH rels AS (
        SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '$layout' AND c.relkind IN ('r', 'i') AND (c.relname LIKE 'events%' OR c.relname LIKE 'event_keys%')
      ), named AS (
        SELECT CASE WHEN relname LIKE 'event_keys%' THEN 'keytable_' || CASE relkind WHEN 'r' THEN 'heap' ELSE 'indexes' END
                    WHEN relkind = 'r' THEN 'heap'
                    WHEN relname ~ 'pkey' THEN 'index_position'
                    WHEN relname ~ 'event_id' THEN 'index_event_id'
                    WHEN relname ~ 'stream_(id_)?version' THEN 'index_stream_version'
                    WHEN relname ~ 'commit_order|transaction_id' THEN 'index_commit_order'
                    ELSE 'index_unsealed' END AS part, pg_total_relation_size(oid) - CASE relkind WHEN 'r' THEN pg_indexes_size(oid) ELSE 0 END AS bytes
        FROM rels)
      SELECT part, sum(bytes) FROM named GROUP BY part
      UNION ALL SELECT 'total', sum(bytes) FROM named" | while IFS=$'\t' read -r part bytes; do record "size_${part}_mb" $layout 1 "$(echo "scale=1; $bytes / 1048576" | bc)"; done
  done

  say "== $size events: export and follow from a position"
  : > "$out/plans-$size.txt"
  for place in end middle; do
    position=$([ $place = end ] && echo $(( size - 20000 )) || echo $(( size / 2 )))
    export_query="SELECT $columns FROM events WHERE global_position >= current_setting('orderctl.export_from')::bigint ORDER BY events.transaction_id, events.global_position"
    for run in $(seq "$runs"); do for layout in plain part; do
      mapfile -t t < <(PGOPTIONS="-c search_path=$layout -c orderctl.export_from=$position -c cursor_tuple_fraction=1" timings \
        -c "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" -c "DECLARE c NO SCROLL CURSOR FOR $export_query" \
        -c "FETCH 1 FROM c" -c "FETCH 9999 FROM c" -c COMMIT)
      record "export_${place}_first_ms" $layout "$run" "$(echo "${t[1]} + ${t[2]}" | bc -l)"
      record "export_${place}_10k_ms" $layout "$run" "$(echo "${t[1]} + ${t[2]} + ${t[3]}" | bc -l)"
      tx=$(PGOPTIONS="-c search_path=$layout" psql -At -c "SELECT transaction_id FROM events WHERE global_position = $position")
      for limit in 1 10000; do
        follow_query="SELECT $columns, events.transaction_id::text AS transaction_text FROM events
          WHERE (events.transaction_id, events.global_position) > ('$tx'::xid8, $position::bigint)
            AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY events.transaction_id, events.global_position LIMIT $limit"
        record "follow_${place}_limit${limit}_ms" $layout "$run" "$(PGOPTIONS="-c search_path=$layout" timings -c "$follow_query")"
        if [ "$run" = 1 ]; then
          { echo "=== $layout, follow from the $place ($position), LIMIT $limit"; PGOPTIONS="-c search_path=$layout" psql -c "EXPLAIN (ANALYZE, BUFFERS) $follow_query"; } >> "$out/plans-$size.txt"
        fi
      done
      if [ "$run" = 1 ]; then
        { echo "=== $layout, export from the $place ($position), whole remainder (COPY's plan)"
          PGOPTIONS="-c search_path=$layout -c orderctl.export_from=$position" psql -c "EXPLAIN (ANALYZE, BUFFERS) $export_query"; } >> "$out/plans-$size.txt"
      fi
    done; done
  done

  { for layout in plain part; do echo "=== $layout, one stream"; PGOPTIONS="-c search_path=$layout" psql -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $columns FROM events WHERE events.stream_id = md5('s' || $(( streams / 2 )))::uuid ORDER BY events.version"; done; } >> "$out/plans-$size.txt"

  pgbench_tps() { # layout script: transactions per second of one run
    PGOPTIONS="-c search_path=$1" "$bindir/pgbench" -n -c 1 -T "$seconds" -M extended -D streams="$streams" -f "$here/$2" "$url" 2>&1 |
      sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
  }
  say "== $size events: reading one stream"
  for run in $(seq "$runs"); do for layout in plain part; do record read_stream_per_s $layout "$run" "$(pgbench_tps $layout read-stream.sql)"; done; done

  say "== $size events: appends"
  for run in $(seq "$runs"); do
    for variant in plain part part_nokeys; do
      layout=${variant%_nokeys}
      if [ $layout = part ]; then psql -c "ALTER TABLE part.events $([ $variant = part ] && echo ENABLE ALWAYS || echo DISABLE) TRIGGER events_keys"; fi
      record append_one_per_s $variant "$run" "$(pgbench_tps $layout append-one.sql)"
      record append_batch_rows_per_s $variant "$run" "$(echo "$(pgbench_tps $layout append-batch.sql) * 10" | bc -l)"
    done
    psql -c "ALTER TABLE part.events ENABLE ALWAYS TRIGGER events_keys"
    for layout in plain part; do record vacuum_after_appends_ms $layout "$run" "$(vacuum_ms $layout)"; done
  done
  psql -At -F $'\t' -c "SELECT relname, n_ins_since_vacuum, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables
    WHERE schemaname IN ('plain', 'part') AND relname LIKE 'event%' ORDER BY 1" > "$out/autovacuum-$size.tsv"
done

say "== the partitioned layout's guards (each statement must be refused): results/guards.txt"
psql -f "$here/guards.sql" > "$out/guards.txt" 2>&1 || true

# Keep the figures of earlier sizes that this run did not measure.
if [ -f "$out/figures.tsv" ]; then
  measured=$(cut -f1 "$out/figures.tsv.new" | sort -u | paste -sd'|')
  grep -Ev "^($measured)"$'\t' "$out/figures.tsv" >> "$out/figures.tsv.new" || true
fi
sort -t $'\t' -k1,1n -k2,2 -k3,3 -k4,4n "$out/figures.tsv.new" > "$out/figures.tsv"
rm -f "$out/figures.tsv.new"
"$here/summarize.sh"
