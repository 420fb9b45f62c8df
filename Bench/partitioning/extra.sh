#!/usr/bin/env bash
# Follow-up figures on the cluster run.sh leaves loaded (its last size), written to results/extra-SIZE.txt:
#   - export from a position in the middle of a partition (run.sh's "middle" is the last position of a
#     partition, the partitioned layout's worst case), time to the first row and to 10,000 rows, with JIT
#     on (the default, as orderctl's COPY runs) and off;
#   - the depth of each b-tree (pageinspect's bt_metap), the plain table's against one partition's;
#   - VACUUM of the partitions alone and of the key table alone.
# EXTRA_ONLY=appends instead measures appends again (append-one.sql, plain, part and part_nokeys alternating,
# RUNS rounds of 10 s), long after the load's checkpoint, to results/extra-appends-SIZE.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pg_dir=${PG_DIR:-/tmp/orderctl-partition-pg}
db=${DB_NAME:-partition}
runs=${RUNS:-3}
part_rows=${PART_ROWS:-1000000}
url=$(make -s -C "$repo" db PG_DIR="$pg_dir" DB_NAME="$db" | sed -n 's/^DATABASE_URL=//p')
bindir=/usr/lib/postgresql/15/bin
psql() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$url" "$@"; }
timings() { psql -o /dev/null -c '\timing on' "$@" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
size=$(psql -At -c "SELECT count(*) FROM plain.streams" | awk '{ printf "%d", ($1 - 1) * 12.5 }')
size=$(psql -At -c "SELECT max(global_position) FROM bench.gen WHERE global_position <= $size")
out=$here/results/extra-$size.txt
columns="events.global_position, events.stream_id, events.version, events.event_id, events.event_type, events.schema_version, events.payload::text, events.metadata::text, events.occurred_at, events.hash"
query="SELECT $columns FROM events WHERE global_position >= current_setting('orderctl.export_from')::bigint ORDER BY events.transaction_id, events.global_position"
position=$(( size / 2 + part_rows / 2 ))
if [ "${EXTRA_ONLY:-}" = appends ]; then
  streams=$(( size * 95 / 1250 ))
  {
    echo "# $size events: appends, one event a transaction, per second, $runs rounds (plain part part_nokeys each round)"
    for run in $(seq "$runs"); do
      for variant in plain part part_nokeys; do
        layout=${variant%_nokeys}
        [ $layout = part ] && psql -c "ALTER TABLE part.events $([ $variant = part ] && echo ENABLE ALWAYS || echo DISABLE) TRIGGER events_keys"
        tps=$(PGOPTIONS="-c search_path=$layout" "$bindir/pgbench" -n -c 1 -T 10 -M extended -D streams="$streams" -f "$here/append-one.sql" "$url" 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
        printf '%s\t%s\t%s\n' "$run" "$variant" "$tps"
      done
      psql -c "ALTER TABLE part.events ENABLE ALWAYS TRIGGER events_keys"
    done
  } | tee "$here/results/extra-appends-$size.txt"
  exit 0
fi
{
  echo "# $size events: export from $position (the middle of a partition), medians of $runs (ms)"
  for jit in on off; do for layout in plain part; do
    : > /tmp/extra-first; : > /tmp/extra-10k
    for run in $(seq "$runs"); do
      mapfile -t t < <(PGOPTIONS="-c search_path=$layout -c orderctl.export_from=$position -c cursor_tuple_fraction=1 -c jit=$jit" timings \
        -c "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" -c "DECLARE c NO SCROLL CURSOR FOR $query" -c "FETCH 1 FROM c" -c "FETCH 9999 FROM c" -c COMMIT)
      echo "${t[1]} + ${t[2]}" | bc -l >> /tmp/extra-first
      echo "${t[1]} + ${t[2]} + ${t[3]}" | bc -l >> /tmp/extra-10k
    done
    printf 'jit=%s\t%s\tfirst row %s\t10k rows %s\n' "$jit" "$layout" "$(median < /tmp/extra-first)" "$(median < /tmp/extra-10k)"
  done; done
  echo "# b-tree levels below the root (bt_metap.level) and size"
  psql -c "CREATE EXTENSION IF NOT EXISTS pageinspect"
  psql -At -F $'\t' -c "SELECT n.nspname || '.' || c.relname, (bt_metap(n.nspname || '.' || c.relname)).level, pg_size_pretty(pg_relation_size(c.oid))
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'i' AND ((n.nspname = 'plain' AND c.relname LIKE 'events%') OR (n.nspname = 'part' AND (c.relname LIKE 'events_p004%' OR c.relname LIKE 'event_keys%')))
      AND c.relname NOT LIKE '%unsealed%' AND c.relname NOT LIKE '%stream_id_idx' ORDER BY 1"
  echo "# VACUUM with nothing to do, medians of $runs (ms)"
  for target in plain.events part.events part.event_keys; do
    : > /tmp/extra-vacuum
    for run in $(seq "$runs"); do timings -c "VACUUM $target" >> /tmp/extra-vacuum; done
    printf '%s\t%s\n' "$target" "$(median < /tmp/extra-vacuum)"
  done
} | tee "$out"
rm -f /tmp/extra-first /tmp/extra-10k /tmp/extra-vacuum
