#!/usr/bin/env bash
# The notification figures of `make bench`, each beside a floor measured in the same run, as medians of
# RUNS runs with their spread, because these machines are shared and noisy. Bench/run.sh calls it last;
# BENCH_ONLY=notifications runs it alone.
#
#   Bench/notifications.sh ORDERCTL ADMIN_URL PG_BINDIR
#
# ORDERCTL is a release build, ADMIN_URL a superuser URL to the cluster's postgres database. It makes its
# own databases (bench_notify_*) and its own SMTP server (Tools/smtp/maildir_server.py on 127.0.0.1, its
# Maildir in a temporary folder, not the checkout's .smtp/, so that a `make smtp` someone has running is
# left alone), and stops and drops all of them at the end, however it ends. Environment knobs: RUNS (3),
# NOTIFY_EVENTS (100,000: the backlog whose preparation is timed), NOTIFY_SEND_EVENTS (10,000: the log
# whose notifications, about 3,000 of them pending, are sent), SMTP_PYTHON (/usr/bin/python3, the one that
# sees Debian's python3-aiosmtpd).
#
# 1. Preparation from a backlog, against submit. A fresh store gets the mix (customers registering,
#    placing, confirming, shipping, cancelling orders; a fifth of the orders by guests) from one submit
#    process with no runner: that submit is timed, and gives the writer's rate. Then one `notify run
#    --once` starts against the bench's SMTP server. A runner prepares every settled event before it
#    sends anything (NotificationRunner.run: the preparation loop ends only when it is caught up), so
#    the time from its start to its first claim (the first attempt record's started_at, the claim
#    transaction's start) is the preparation of the whole backlog, with real recipients, decrypted
#    registrations and rendered messages, and not one send in it. The runner is stopped as soon as its
#    first message arrives; the bench checks that its first claim came after the checkpoint's last move,
#    and fails otherwise. Rejected ways: a run with every order a guest's leaves out the rendering and the
#    customers' lookups; a run against a stopped SMTP server prepares the same but then fails every
#    pending notification once, each a claim and a record, and the summary's time holds those too.
#    Goal: prepared events/s at least submit's events/s for the same mix, so the outbox never falls
#    behind a writer at full speed.
# 2. Sending, 1 and 4 runners. A store with about 3,000 pending notifications is prepared once and
#    copied for each run (CREATE DATABASE ... TEMPLATE), so that every run starts from the same rows. k
#    `notify run --once` processes start together and are timed until the last exits. The floor is
#    Bench/smtp-floor.py: the same pending messages, sent by k plain Python loops to the same server,
#    one connection a message as orderctl's sender makes them, with no database: what the server itself
#    takes in this run. Floor and runners alternate.
# 3. The outbox's cost to submit. The same submit as in 1, on a fresh store, while a `notify run` (not
#    --once: it follows the log, preparing and sending as events commit) runs beside it, against the
#    runs of 1 without a runner, alternating. Goal: none, since preparation is off the write path; on a
#    machine of two cores the runner, its backend and the SMTP server do take CPU from submit and
#    PostgreSQL, and this ratio holds that too. The lag when submit ends says whether the runner kept up.
set -euo pipefail
orderctl=$1 admin_url=$2 bindir=$3
runs=${RUNS:-3}
backlog_events=${NOTIFY_EVENTS:-100000}
send_events=${NOTIFY_SEND_EVENTS:-10000}
smtp_python=${SMTP_PYTHON:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/results
work=$(mktemp -d)
maildir=$work/maildir
databases=(bench_notify_backlog bench_notify_following bench_notify_send_source bench_notify_send)
smtp_pid=''
runner_pids=()  # the runners and the floor's loops still running
psql() { PGOPTIONS='-c client_min_messages=warning' "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
url_of() { sed "s#///postgres?#///$1?#" <<<"$admin_url"; }
runtime_url_of() { url_of "$1" | sed 's/user=postgres/user=orderctl_runtime/'; }
say() { printf '%s\n' "$*" >&2; }
die() { say "notifications bench: error: $*"; exit 1; }

# Whatever ends the script (an error, Ctrl-C), everything it started stops and its databases go.
finish() {
  local pid
  for pid in "${runner_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${runner_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$smtp_pid" ]; then
    kill -TERM "$smtp_pid" 2>/dev/null || true
    wait "$smtp_pid" 2>/dev/null || true
  fi
  for database in "${databases[@]}"; do
    psql -d "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fresh_database() {
  psql -d "$admin_url" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  "$orderctl" migrate --migrations "$here/../sql" --database-url "$(url_of "$1")" 2>/dev/null
}
now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
smallest() { sort -g | head -1; }
largest() { sort -g | tail -1; }
# "median (smallest to largest)" of a file of numbers, with the given decimals
spread() { printf "%.${2}f (%.${2}f to %.${2}f)" "$(median < "$1")" "$(smallest < "$1")" "$(largest < "$1")"; }
divide() { echo "($1) / ($2)" | bc -l; }
count() { psql -At -d "$(url_of "$1")" -c "$2"; }
empty_maildir() { find "$maildir/new" "$maildir/envelope" -type f -delete; }

say "== notifications: the bench's own SMTP server"
[ -f "$here/../Tools/smtp/maildir_server.py" ] || die "Tools/smtp/maildir_server.py is missing"
"$smtp_python" "$here/../Tools/smtp/maildir_server.py" --port 0 --port-file "$work/smtp.port" --maildir "$maildir" \
  </dev/null >>"$work/smtp.log" 2>&1 &
smtp_pid=$!
deadline=$((SECONDS + 30))
until [ -s "$work/smtp.port" ]; do
  kill -0 "$smtp_pid" 2>/dev/null || { cat "$work/smtp.log" >&2; smtp_pid=''; die "the SMTP server exited at start"; }
  [ "$SECONDS" -lt "$deadline" ] || die "the SMTP server did not listen within 30 s"
  sleep 0.1
done
smtp_port=$(cat "$work/smtp.port")
smtp_url=smtp://127.0.0.1:$smtp_port
say "   $smtp_url, Maildir in $maildir"

# The functions that start processes are not called in $(...): a subshell's runners would be out of the
# cleanup's reach. They leave their figure in `result` instead.
start_runner() { # database, log, options...: a notify run in the background; its pid in runner_pid
  local database=$1 log=$2
  shift 2
  "$orderctl" notify run --smtp-url "$smtp_url" --database-url "$(runtime_url_of "$database")" "$@" > /dev/null 2>"$log" &
  runner_pid=$!
  runner_pids+=("$runner_pid")
}
# Only runners still running stay on the list: a pid that ended may be given to someone else's process.
forget_runner() { # pid
  local pid kept=()
  for pid in "${runner_pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  runner_pids=("${kept[@]}")
}
wait_runner() { # pid: waits for it to end by itself; its exit status
  local status=0
  wait "$1" || status=$?
  forget_runner "$1"
  return "$status"
}
stop_runner() { # pid: stops it as an operator would (SIGTERM: it finishes the message in flight)
  kill -TERM "$1" 2>/dev/null || true
  wait_runner "$1" || true
}

# The same mix for 1 and 3: every line valid and one event each.
python3 "$here/make-customer-mix.py" notifications "$backlog_events" > "$work/backlog.jsonl"
backlog_lines=$(wc -l < "$work/backlog.jsonl")

prepare_backlog() { # database: result = seconds from a runner's start to its first claim, the whole backlog prepared
  local database=$1 start runner first_claim last_move
  empty_maildir
  start=$(now)
  start_runner "$database" "$work/runner.log" --once
  runner=$runner_pid
  deadline=$((SECONDS + 1800))
  until [ -n "$(find "$maildir/new" -type f -print -quit)" ]; do
    kill -0 "$runner" 2>/dev/null || { cat "$work/runner.log" >&2; die "notify run --once ended before it sent anything"; }
    [ "$SECONDS" -lt "$deadline" ] || die "no message within 30 minutes"
    sleep 0.1
  done
  stop_runner "$runner"
  first_claim=$(count "$database" "SELECT extract(epoch FROM min(started_at)) FROM notification_attempts")
  last_move=$(count "$database" "SELECT extract(epoch FROM moved_at) FROM notification_outbox")
  [ "$(echo "$last_move < $first_claim" | bc -l)" = 1 ] ||
    die "the runner claimed a message before its preparation was done: the figure would hold sending"
  [ "$(count "$database" "SELECT count(*) FROM events WHERE (transaction_id, global_position) > (SELECT checkpoint_transaction_id, checkpoint_position FROM notification_outbox)")" = 0 ] ||
    die "the runner was stopped before it had prepared the whole backlog"
  result=$(divide "$first_claim - $start" 1)
}

timed_submit() { # database: seconds of one submit of the backlog mix
  local start end
  start=$(now)
  "$orderctl" submit "$work/backlog.jsonl" --database-url "$(runtime_url_of "$1")" > /dev/null 2>"$work/submit.log" ||
    { cat "$work/submit.log" >&2; die "submit failed"; }
  end=$(now)
  divide "$end - $start" 1
}

say "== notifications 1 and 3: $backlog_lines commands of a shop (customers, orders, a fifth by guests), one submit process;"
say "   alone, then the backlog prepared by notify run --once; or with a notify run following beside it; alternating, $runs x"
for run in $(seq "$runs"); do
  # 1: submit alone, then the backlog's preparation.
  fresh_database bench_notify_backlog
  submit_seconds=$(timed_submit bench_notify_backlog)
  events=$(count bench_notify_backlog "SELECT count(*) FROM events")
  [ "$events" = "$backlog_lines" ] || die "the mix gave $events events for $backlog_lines lines (every line should give one)"
  # Statistics and hint bits as a log that has been running would have them.
  psql -d "$(url_of bench_notify_backlog)" -c "VACUUM ANALYZE"
  prepare_backlog bench_notify_backlog
  preparation_seconds=$result
  notifying=$(count bench_notify_backlog "SELECT count(*) FROM notifications")
  to_send=$(count bench_notify_backlog "SELECT count(*) FROM notifications WHERE state IN ('pending', 'sent')")
  divide "$events" "$submit_seconds" >> "$work/submit-events-per-second"
  divide "$events" "$preparation_seconds" >> "$work/prepared-events-per-second"
  divide "$submit_seconds" "$preparation_seconds" >> "$work/preparation-ratio"
  say "   run $run: submit $(printf '%.0f' "$(divide "$events" "$submit_seconds")") events/s alone;" \
    "prepared $(printf '%.0f' "$(divide "$events" "$preparation_seconds")") events/s ($notifying notifications, $to_send to send)"
  psql -d "$admin_url" -c "DROP DATABASE bench_notify_backlog WITH (FORCE)"

  # 3: the same submit with a runner following the log beside it.
  fresh_database bench_notify_following
  empty_maildir
  start_runner bench_notify_following "$work/follower.log"
  follower=$runner_pid
  # Until it listens: its session is open once pg_stat_activity shows it waiting for work.
  deadline=$((SECONDS + 30))
  until [ "$(count bench_notify_following "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench_notify_following' AND usename = 'orderctl_runtime' AND state = 'idle'")" -ge 1 ]; do
    kill -0 "$follower" 2>/dev/null || { cat "$work/follower.log" >&2; die "notify run ended at start"; }
    [ "$SECONDS" -lt "$deadline" ] || die "notify run did not connect within 30 s"
    sleep 0.1
  done
  following_seconds=$(timed_submit bench_notify_following)
  # notify status exits 1 when a notification is dead; its counts are printed all the same.
  "$orderctl" notify status --database-url "$(runtime_url_of bench_notify_following)" > "$work/status.json" || true
  lag=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["lag"])' < "$work/status.json")
  stop_runner "$follower"
  sent_meanwhile=$(count bench_notify_following "SELECT count(*) FROM notifications WHERE state = 'sent'")
  divide "$backlog_lines" "$following_seconds" >> "$work/submit-following-events-per-second"
  divide "$submit_seconds" "$following_seconds" >> "$work/following-ratio"
  echo "$lag" >> "$work/lag-at-end"
  say "   run $run: submit $(printf '%.0f' "$(divide "$backlog_lines" "$following_seconds")") events/s with a runner beside it" \
    "(which sent $sent_meanwhile meanwhile; lag when submit ended: $lag events)"
  psql -d "$admin_url" -c "DROP DATABASE bench_notify_following WITH (FORCE)"
done

say "== notifications 2: sending, 1 and 4 runners, against plain Python loops sending the same messages to the same server"
python3 "$here/make-customer-mix.py" notifications "$send_events" > "$work/send.jsonl"
fresh_database bench_notify_send_source
"$orderctl" submit "$work/send.jsonl" --database-url "$(runtime_url_of bench_notify_send_source)" > /dev/null 2>&1
psql -d "$(url_of bench_notify_send_source)" -c "VACUUM ANALYZE"
# Prepared like the backlog above: the runner is stopped at its first message, so a handful are sent.
prepare_backlog bench_notify_send_source
psql -d "$(url_of bench_notify_send_source)" -c "VACUUM ANALYZE"
messages=$(count bench_notify_send_source "SELECT count(*) FROM notifications WHERE state = 'pending'")
count bench_notify_send_source "SELECT json_build_object('sender', sender, 'recipient', recipient, 'message', message)
  FROM notifications WHERE state = 'pending' ORDER BY global_position" > "$work/messages.jsonl"
sent_before=$(count bench_notify_send_source "SELECT count(*) FROM notifications WHERE state = 'sent'")
say "   $messages pending notifications"

floor_rate() { # processes: result = messages/s of that many Python loops sending the pending messages
  local start end part pid pids=()
  empty_maildir
  start=$(now)
  for part in $(seq 0 $(($1 - 1))); do
    python3 "$here/smtp-floor.py" "$smtp_port" "$part" "$1" < "$work/messages.jsonl" &
    pids+=($!)
    runner_pids+=($!)
  done
  for pid in "${pids[@]}"; do wait_runner "$pid" || die "the floor's SMTP loop failed"; done
  end=$(now)
  [ "$(find "$maildir/new" -type f | wc -l)" = "$messages" ] || die "the server stored $(find "$maildir/new" -type f | wc -l) of the floor's $messages messages"
  result=$(divide "$messages" "$end - $start")
}
runners_rate() { # runners: result = messages/s of that many notify run --once started together on a copy of the prepared store
  local start end pid sent pids=()
  empty_maildir
  psql -d "$admin_url" -c "DROP DATABASE IF EXISTS bench_notify_send WITH (FORCE)" -c "CREATE DATABASE bench_notify_send TEMPLATE bench_notify_send_source"
  start=$(now)
  for part in $(seq "$1"); do
    start_runner bench_notify_send "$work/runner-$part.log" --once
    pids+=("$runner_pid")
  done
  for pid in "${pids[@]}"; do wait_runner "$pid" || { cat "$work"/runner-*.log >&2; die "notify run --once failed"; }; done
  end=$(now)
  sent=$(count bench_notify_send "SELECT count(*) FROM notifications WHERE state = 'sent'")
  [ "$((sent - sent_before))" = "$messages" ] || die "$1 runner(s) sent $((sent - sent_before)) of $messages"
  result=$(divide "$messages" "$end - $start")
}
for run in $(seq "$runs"); do
  for runners in 1 4; do
    floor_rate "$runners"
    floor=$result
    runners_rate "$runners"
    rate=$result
    echo "$floor" >> "$work/floor-$runners"
    echo "$rate" >> "$work/sent-$runners"
    divide "$rate" "$floor" >> "$work/send-ratio-$runners"
    say "   run $run, $runners runner(s): $(printf '%.0f' "$rate") sent/s; floor $(printf '%.0f' "$floor") messages/s"
  done
done

ratio_json() { printf '{"median": %.2f, "smallest": %.2f, "largest": %.2f}' "$(median < "$1")" "$(smallest < "$1")" "$(largest < "$1")"; }
rate_json() { printf '{"median": %.0f, "smallest": %.0f, "largest": %.0f}' "$(median < "$1")" "$(smallest < "$1")" "$(largest < "$1")"; }
cat > "$out/notifications.json" <<JSON
{
  "machine": "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $("$bindir/postgres" --version)",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "runs": $runs,
  "backlogEvents": $backlog_lines,
  "backlogNotifications": $notifying,
  "submitEventsPerSecond": $(rate_json "$work/submit-events-per-second"),
  "preparedEventsPerSecond": $(rate_json "$work/prepared-events-per-second"),
  "preparationRatioToSubmit": $(ratio_json "$work/preparation-ratio"),
  "submitWithRunnerEventsPerSecond": $(rate_json "$work/submit-following-events-per-second"),
  "submitWithRunnerRatioToAlone": $(ratio_json "$work/following-ratio"),
  "lagWhenSubmitEndedEvents": $(rate_json "$work/lag-at-end"),
  "sendMessages": $messages,
  "sentPerSecond": {"1": $(rate_json "$work/sent-1"), "4": $(rate_json "$work/sent-4")},
  "floorMessagesPerSecond": {"1": $(rate_json "$work/floor-1"), "4": $(rate_json "$work/floor-4")},
  "sentRatioToFloor": {"1": $(ratio_json "$work/send-ratio-1"), "4": $(ratio_json "$work/send-ratio-4")}
}
JSON

{
  echo "Medians of $runs runs, the smallest and largest in brackets; each ratio is taken run by run against the floor of the same run."
  echo
  echo "| figure | this run | floor, same run | ratio | goal |"
  echo "|---|---|---|---|---|"
  echo "| notifications prepared from a backlog of $backlog_lines events ($notifying notifications), 1 runner | $(spread "$work/prepared-events-per-second" 0) events/s | submit of the same mix, 1 process: $(spread "$work/submit-events-per-second" 0) events/s | $(spread "$work/preparation-ratio" 2) | >= 1 |"
  echo "| sent to the local SMTP server, 1 runner, $messages messages | $(spread "$work/sent-1" 0) messages/s | 1 Python loop, same messages and server: $(spread "$work/floor-1" 0) messages/s | $(spread "$work/send-ratio-1" 2) | |"
  echo "| sent, 4 runners | $(spread "$work/sent-4" 0) messages/s | 4 Python loops: $(spread "$work/floor-4" 0) messages/s | $(spread "$work/send-ratio-4" 2) | |"
  echo "| submit with a notify run following beside it | $(spread "$work/submit-following-events-per-second" 0) events/s (lag when submit ended: $(spread "$work/lag-at-end" 0) events) | submit alone: $(spread "$work/submit-events-per-second" 0) events/s | $(spread "$work/following-ratio" 2) | 1.00 |"
} > "$out/notifications.md"
cat "$out/notifications.md"
