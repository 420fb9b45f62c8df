#!/usr/bin/env bash
# A pg_auto_failover cluster on this machine, for `make ha-up`, `make ha-down` and `make ha-demo`: a
# monitor and two PostgreSQL nodes, each run by its own `pg_autoctl run`, the standby synchronous
# (replication quorum), every server on 127.0.0.1 only (pg_auto_failover's nodes and monitor talk over TCP).
# Unlike Tools/ha/cluster.sh, the monitor decides: when the primary's node dies it promotes the standby.
#
#   Tools/ha/autofailover.sh up DIR        create (first time) and start the three, wait until the
#                                          standby is a synchronous secondary, print the two-host URL
#   Tools/ha/autofailover.sh url DIR       the two-host URL (target_session_attrs=read-write)
#   Tools/ha/autofailover.sh primary DIR   the name of the node the monitor holds primary (node1 or node2)
#   Tools/ha/autofailover.sh state DIR     pg_autoctl show state
#   Tools/ha/autofailover.sh crash-primary DIR
#                                          kill -9 of the primary's whole node, pg_autoctl and PostgreSQL
#                                          together, as a machine that loses power (a kill of PostgreSQL alone
#                                          would be restarted by its own pg_autoctl within a second)
#   Tools/ha/autofailover.sh wait-failover DIR OLD
#                                          wait until the node other than OLD is primary and the monitor
#                                          holds it in a writable state (wait_primary or primary)
#   Tools/ha/autofailover.sh down DIR      stop every pg_autoctl and PostgreSQL this DIR started (also after
#                                          a crash-primary), then delete DIR
#
# DIR holds monitor/, node1/, node2/ (data directories), their logs (*.log), the pid of each `pg_autoctl
# run` (*.pid), and config/, share/ and run/ (pg_autoctl's configuration, state and pid files, which it
# would otherwise put under the home folder and /tmp/pg_autoctl). As root everything runs as the `postgres` system user, as `make db` does.
#
# Environment: HA_DB_NAME (orderctl), HA_AUTO_PORT (5451: the monitor; the nodes take the next two),
# HA_TIMEOUT (120 s for each wait).
set -euo pipefail

say() { echo "ha: $*" >&2; }
die() { echo "ha: error: $*" >&2; exit 1; }

[ $# -ge 2 ] || { sed -n '6,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
command=$1 dir=$2
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
dir=${dir%/}
[[ "$dir" =~ ^/[A-Za-z0-9/._+~@:,-]+$ ]] || die "DIR='$dir' must be absolute and use only letters, digits and / . _ + ~ @ : , -"
timeout=${HA_TIMEOUT:-120}
database_name=${HA_DB_NAME:-orderctl}
monitor_port=${HA_AUTO_PORT:-5451}
me=$(id -un)
bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")
[ -x "$bindir/pg_ctl" ] || die "no PostgreSQL server in /usr/lib/postgresql (make db installs one)"
command -v pg_autoctl >/dev/null || die "pg_autoctl is missing (make ha-up installs postgresql-15-auto-failover)"

if [ -d "$dir/monitor" ]; then owner=$(stat -c %U "$dir/monitor")
elif [ "$(id -u)" = 0 ]; then owner=postgres
else owner=$me; fi
[ "$owner" = "$me" ] || [ "$(id -u)" = 0 ] || die "the cluster in $dir belongs to $owner: run this as root or as $owner"

# pg_autoctl's configuration, state and pid files kept in DIR, where it would otherwise use the home
# folder and /tmp/pg_autoctl (shared by every user, so the first user to make it owns it).
# PGHOST: the Unix socket folder of its servers, in DIR too (Debian's default, /var/run/postgresql, is
# for the postgres user only).
environment=(env "XDG_CONFIG_HOME=$dir/config" "XDG_DATA_HOME=$dir/share" "XDG_RUNTIME_DIR=$dir/run"
  "PG_CONFIG=$bindir/pg_config" "PGHOST=$dir/socket")
# pg_autoctl as the owner.
autoctl() {
  if [ "$owner" = "$me" ]; then "${environment[@]}" pg_autoctl "$@"
  else (cd / && runuser -u "$owner" -- "${environment[@]}" pg_autoctl "$@"); fi
}
as_owner() {
  if [ "$owner" = "$me" ]; then "$@"; else (cd / && runuser -u "$owner" -- "$@"); fi
}
psql_at() { "$bindir/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
monitor_url() { echo "postgresql://autoctl_node@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable"; }
node_port() { case $1 in node1) echo $((monitor_port + 1)) ;; node2) echo $((monitor_port + 2)) ;; esac; }
superuser() { [ "$owner" = "$me" ] && echo "$me" || echo "$owner"; }

wait_until() { # description command...: every 0.2 s for HA_TIMEOUT seconds
  local description=$1 deadline=$((SECONDS + timeout))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$description did not happen within $timeout s (logs in $dir)"
    sleep 0.2
  done
}

# Is the `pg_autoctl run` of this name running? Its pid file is ours; the process must still be pg_autoctl.
runner_pid() { # name
  local pid
  pid=$(cat "$dir/$1.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "pg_autoctl run --pgdata $dir/$1" || return 1
  echo "$pid"
}

# `pg_autoctl run` in its own session (setsid), so that it outlives make and can be signalled as a group.
start_runner() { # name
  local name=$1
  runner_pid "$name" >/dev/null && return 0
  say "pg_autoctl run for $name (log: $dir/$name.log)"
  if [ "$owner" = "$me" ]; then
    setsid "${environment[@]}" pg_autoctl run --pgdata "$dir/$name" < /dev/null >> "$dir/$name.log" 2>&1 &
  else
    (cd / && exec setsid runuser -u "$owner" -- "${environment[@]}" pg_autoctl run --pgdata "$dir/$name" < /dev/null >> "$dir/$name.log" 2>&1) &
  fi
  # The pid of pg_autoctl itself, whose command line names the data directory (runuser forks it).
  local deadline=$((SECONDS + 10)) pid=''
  while [ -z "$pid" ]; do
    pid=$(pgrep -u "$owner" -f "^pg_autoctl run --pgdata $dir/$name\$" | head -n 1 || true)
    [ -n "$pid" ] || { [ "$SECONDS" -lt "$deadline" ] || die "pg_autoctl run for $name did not start (see $dir/$name.log)"; sleep 0.1; }
  done
  echo "$pid" > "$dir/$name.pid"
}

# Every PostgreSQL process of a data directory (their working folder), even orphans of a killed postmaster.
postgres_processes() { # name
  local data pid
  data=$(readlink -f "$dir/$1" 2>/dev/null) || return 0
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$data" ] || continue
    grep -qs '^State:[[:space:]]*Z' "/proc/$pid/status" && continue
    echo "$pid"
  done
}

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

command_up() {
  local started=$SECONDS port
  if [ ! -d "$dir/monitor" ]; then
    for port in "$monitor_port" "$(node_port node1)" "$(node_port node2)"; do
      port_free "$port" || die "port $port on this machine is taken: set HA_AUTO_PORT to another first port"
    done
    [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "$dir holds files but no cluster: use a new or empty folder"
    (umask 022 && mkdir -p "$dir/config" "$dir/share" "$dir/run")
    chmod 0700 "$dir"
    [ "$owner" = "$me" ] || chown -R "$owner:" "$dir"
    [ "$owner" = "$me" ] || (cd / && runuser -u "$owner" -- test -x "$dir") ||
      die "the $owner user cannot reach $dir: use a folder under /tmp"
    [ "$(printf '%s' "$dir/socket/.s.PGSQL.$monitor_port" | LC_ALL=C wc -c)" -le 107 ] ||
      die "$dir/socket/.s.PGSQL.$monitor_port is longer than a Unix socket path may be (107 bytes): use a shorter DIR"
    (umask 077 && mkdir -p "$dir/socket")
    [ "$owner" = "$me" ] || chown "$owner:" "$dir/socket"
    # pg_autoctl would put the servers' Unix sockets in Debian's /var/run/postgresql, which only the
    # postgres user may write. PostgreSQL reads postgresql.auto.conf last, so data directories made here
    # with DIR/socket (and loopback) in that file keep them whatever pg_autoctl writes in postgresql.conf.
    # node2, a base backup of node1, inherits it. --listen 127.0.0.1 (below; `create monitor --help` does
    # not list it, but takes it) keeps pg_autoctl's own starts, which pass listen_addresses on the
    # command line, on loopback too: without it the monitor listens on every address from its first start.
    local name locale_option
    if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale_option=--locale=C.UTF-8; else locale_option=--no-locale; fi
    for name in monitor node1; do
      as_owner "$bindir/initdb" -D "$dir/$name" --auth=trust --encoding=UTF8 "$locale_option" > "$dir/$name.log" 2>&1 ||
        { tail -n 20 "$dir/$name.log" >&2; die "initdb of $name failed"; }
      as_owner tee -a "$dir/$name/postgresql.auto.conf" > /dev/null <<CONF
# Tools/ha/autofailover.sh: loopback only, and the socket in the cluster's folder.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
CONF
    done
    say "creating the monitor on 127.0.0.1:$monitor_port"
    autoctl create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --pgctl "$bindir/pg_ctl" \
      --hostname 127.0.0.1 --listen 127.0.0.1 \
      --auth trust --no-ssl > "$dir/monitor.log" 2>&1 || { tail -n 20 "$dir/monitor.log" >&2; die "pg_autoctl create monitor failed"; }
  fi
  start_runner monitor
  wait_until "the monitor accepting connections" psql_at -d "$(monitor_url)" -c 'SELECT 1'
  # Failure detection faster than the defaults (a health check every 5 s, 2 retries 2 s apart, unhealthy
  # after 20 s, then 30 s for the old primary to demote itself), so that a failover takes seconds: checks
  # every second, one retry after half a second, a node unhealthy after 3 s without a report from its
  # pg_autoctl, and 5 s for the demotion, which stays longer than the 3 s after which a primary cut off
  # from the monitor and its standby demotes itself (network_partition_timeout below), so that the old
  # primary has stopped taking writes before the new one starts.
  psql_at -d "postgresql://$(superuser)@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" \
    -c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000" \
    -c "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 5000" \
    -c "SELECT pg_reload_conf()" > /dev/null

  local name
  for name in node1 node2; do
    if [ ! -f "$dir/$name.created" ]; then
      say "creating $name on 127.0.0.1:$(node_port "$name")"
      autoctl create postgres --pgdata "$dir/$name" --pgport "$(node_port "$name")" --pgctl "$bindir/pg_ctl" \
        --hostname 127.0.0.1 --listen 127.0.0.1 --name "$name" --dbname "$database_name" \
        --monitor "$(monitor_url)" --auth trust --no-ssl --replication-quorum true --candidate-priority 50 \
        > "$dir/$name.log" 2>&1 || { tail -n 20 "$dir/$name.log" >&2; die "pg_autoctl create postgres for $name failed"; }
      # The keeper's own timeouts, shorter too: how long a primary that lost the monitor and its standby
      # waits before it demotes itself, and how soon a standby retries a stopped walreceiver.
      autoctl config set --pgdata "$dir/$name" timeout.network_partition_timeout 3 >> "$dir/$name.log" 2>&1
      autoctl config set --pgdata "$dir/$name" timeout.prepare_promotion_walreceiver 2 >> "$dir/$name.log" 2>&1
      touch "$dir/$name.created"
    fi
    start_runner "$name"
    # node2 must be created once node1 is primary: it takes its base backup from it.
    if [ "$name" = node1 ]; then
      wait_until "node1 becoming primary" sh -c "'$0' primary '$dir' 2>/dev/null | grep -qx node1 || '$0' primary '$dir' 2>/dev/null | grep -qx node2"
    fi
  done
  wait_until "a primary and a synchronous secondary" synchronous_pair
  say "ready in $((SECONDS - started)) s"
  autoctl show state --pgdata "$dir/monitor" >&2
  url
}

# Both nodes settled (primary and secondary, as the monitor sees them), and the primary's
# pg_stat_replication counting the standby synchronous (quorum).
synchronous_pair() {
  local states primary
  states=$(psql_at -F ' ' -d "$(monitor_url)" -c "SELECT reportedstate, goalstate FROM pgautofailover.node ORDER BY nodeid") || return 1
  [ "$(sort <<<"$states" | tr '\n' ' ')" = "primary primary secondary secondary " ] || return 1
  primary=$(command_primary) || return 1
  [ "$(psql_at -d "postgresql://$(superuser)@127.0.0.1:$(node_port "$primary")/postgres?sslmode=disable" \
    -c "SELECT sync_state FROM pg_stat_replication" | head -n 1)" = quorum ] ||
    [ "$(psql_at -d "postgresql://$(superuser)@127.0.0.1:$(node_port "$primary")/postgres?sslmode=disable" \
    -c "SELECT sync_state FROM pg_stat_replication" | head -n 1)" = sync ]
}

url() {
  echo "postgresql://$(superuser)@127.0.0.1:$(node_port node1),127.0.0.1:$(node_port node2)/$database_name?target_session_attrs=read-write&sslmode=disable"
}

# The node the monitor holds primary: its goal is primary, wait_primary or single (or it is promoting).
command_primary() {
  local name
  name=$(psql_at -d "$(monitor_url)" -c "SELECT nodename FROM pgautofailover.node WHERE goalstate IN ('primary', 'wait_primary', 'single', 'join_primary', 'apply_settings') ORDER BY nodeid LIMIT 1") || return 1
  [ -n "$name" ] || return 1
  echo "$name"
}

command_crash_primary() {
  local primary pid pids
  primary=$(command_primary) || die "the monitor knows no primary"
  pid=$(runner_pid "$primary") || die "the pg_autoctl of $primary is not running"
  # Its session (setsid made one for it: runuser, pg_autoctl and its services), and its PostgreSQL processes.
  pids="$(pgrep -s "$(ps -o sid= -p "$pid" | tr -d ' ')" | tr '\n' ' ')$(postgres_processes "$primary" | tr '\n' ' ')"
  say "crash of $primary: kill -9 of its pg_autoctl and PostgreSQL processes ($pids)"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  echo "$primary"
}

command_wait_failover() { # old primary
  local old=$1 new
  [ "$old" = node1 ] && new=node2 || new=node1
  writable() {
    [ "$(psql_at -d "$(monitor_url)" -c "SELECT goalstate || '/' || reportedstate FROM pgautofailover.node WHERE nodename = '$new'")" = wait_primary/wait_primary ] ||
      [ "$(psql_at -d "$(monitor_url)" -c "SELECT goalstate || '/' || reportedstate FROM pgautofailover.node WHERE nodename = '$new'")" = primary/primary ]
  }
  wait_until "the promotion of $new" writable
  say "$new is primary"
}

command_down() {
  [ -d "$dir" ] || return 0
  local name pid deadline
  # pg_autoctl stop asks a node's service to stop its PostgreSQL and exit: the nodes first, then the monitor.
  for name in node2 node1 monitor; do
    if pid=$(runner_pid "$name"); then
      say "stopping $name (pg_autoctl pid $pid)"
      autoctl stop --pgdata "$dir/$name" >> "$dir/$name.log" 2>&1 || kill -TERM "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 30))
      while runner_pid "$name" >/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
          say "$name did not stop within 30 s: kill -9 of its session"
          pkill -KILL -s "$(ps -o sid= -p "$pid" | tr -d ' ')" 2>/dev/null || true
          break
        fi
        sleep 0.2
      done
    fi
  done
  # What a kill -9 left (postgres processes whose pg_autoctl is gone), then the folder.
  for name in node1 node2 monitor; do
    pid=$(postgres_processes "$name" | tr '\n' ' ')
    if [ -n "$pid" ]; then say "killing what is left of $name's PostgreSQL ($pid)"; kill -KILL $pid 2>/dev/null || true; fi
  done
  sleep 0.2
  [ -z "$(for name in node1 node2 monitor; do postgres_processes "$name"; done)" ] || die "some processes of $dir are still running"
  say "removing $dir"
  rm -rf -- "$dir"
}

case $command in
  up) command_up ;;
  url) url ;;
  primary) command_primary ;;
  state) autoctl show state --pgdata "$dir/monitor" ;;
  crash-primary) command_crash_primary ;;
  wait-failover) [ $# -eq 3 ] || die "wait-failover DIR OLD-PRIMARY"; command_wait_failover "$3" ;;
  down) command_down ;;
  *) die "unknown command $command (up, url, primary, state, crash-primary, wait-failover, down)" ;;
esac
