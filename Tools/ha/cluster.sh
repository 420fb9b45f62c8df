#!/usr/bin/env bash
# A plain streaming-replication pair of PostgreSQL servers in one folder, for system tests, the benchmark
# and people who want to cause a failure at a moment of their choosing: nothing decides anything on its
# own here (no failure detector, no automatic promotion), unlike the pg_auto_failover cluster of
# Tools/ha/autofailover.sh.
#
#   Tools/ha/cluster.sh start DIR [--async]   initdb node1 as the primary, pg_basebackup node2 as its standby,
#                                             start both and wait until the standby is synchronous (or
#                                             streaming, with --async); on an existing DIR, start what is stopped
#   Tools/ha/cluster.sh url DIR               a two-host libpq URL naming both servers (read-write session wanted)
#   Tools/ha/cluster.sh primary-url DIR       the URL of the current primary only
#   Tools/ha/cluster.sh standby-url DIR       the URL of the current standby only
#   Tools/ha/cluster.sh status DIR            one line a node: name, role, running or not, pid, socket
#   Tools/ha/cluster.sh kill-primary DIR      kill -9 of the primary's postmaster (a crash: no shutdown checkpoint)
#   Tools/ha/cluster.sh promote DIR           pg_ctl promote the standby, wait until it accepts writes
#   Tools/ha/cluster.sh stop-standby DIR      a fast shutdown of the standby (synchronous commits then wait)
#   Tools/ha/cluster.sh start-standby DIR     start it again and wait until it streams
#   Tools/ha/cluster.sh stall-standby DIR     SIGSTOP every process of the standby (postmaster and children):
#                                             it stays connected but confirms nothing, so synchronous commits wait
#   Tools/ha/cluster.sh resume-standby DIR    SIGCONT them
#   Tools/ha/cluster.sh stop DIR              stop every server of DIR, whatever state it is in (also after a
#                                             kill or a promote); does nothing when nothing runs
#   Tools/ha/cluster.sh destroy DIR           stop, then delete DIR
#
# DIR holds node1/ and node2/ (data directories), socket/ (both servers' Unix sockets, told apart by their
# port numbers), node1.log, node2.log, initdb.log, basebackup.log and state (which node is the primary, the
# ports, the database). No server listens on TCP. Both use trust auth on the socket, superuser postgres.
# As root the servers run as the `postgres` system user (created if missing), the way the Makefile's
# `make db` runs them, because PostgreSQL refuses to run as root; DIR must then be reachable by postgres.
# As another user they run as that user.
#
# Environment: HA_DB_NAME (orderctl: the database `start` creates and the URLs name), HA_PORT1 and HA_PORT2
# (5441 and 5442: only used in the socket files' names), HA_TIMEOUT (60: seconds any wait may take),
# HA_SERVER_OPTIONS (name=value settings, separated by spaces, appended to both servers' postgresql.conf at initdb).
#
# After a promote the new primary runs without a synchronous standby (its peer is gone), and the old primary
# is retired: `start` never starts it again, since it could take writes beside the new one. Rebuilding a
# pair means `destroy` and `start`.
set -euo pipefail

say() { echo "ha-pair: $*" >&2; }
die() { echo "ha-pair: error: $*" >&2; exit 1; }

usage() {
  sed -n '7,23p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
command=$1 dir=$2
shift 2
asynchronous=false
for argument in "$@"; do
  case $argument in
    --async) [ "$command" = start ] || die "--async only goes with start"; asynchronous=true ;;
    *) die "unknown argument $argument" ;;
  esac
done

case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
dir=${dir%/}
[[ "$dir" =~ ^/[A-Za-z0-9/._+~@:,-]*$ ]] ||
  die "DIR='$dir' must use only letters, digits and / . _ + ~ @ : , - (it goes into a URL unescaped)"
[ -n "$dir" ] || die "DIR must not be /"

timeout=${HA_TIMEOUT:-60}
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "HA_TIMEOUT='$timeout' is not a number of seconds"
socket_dir=$dir/socket
state_file=$dir/state
me=$(id -un)

is_root() { [ "$(id -u)" = 0 ]; }

# The state file: a few name=value lines, written by start and promote only.
state() { # name: its value, or nothing
  [ -f "$state_file" ] || return 0
  sed -n "s/^$1=//p" "$state_file" | tail -n 1
}
set_state() { # name value
  local rest
  rest=$(grep -v "^$1=" "$state_file" 2>/dev/null || true)
  { [ -z "$rest" ] || printf '%s\n' "$rest"; printf '%s=%s\n' "$1" "$2"; } > "$state_file.new"
  mv "$state_file.new" "$state_file"
}

# The system user that runs the servers: the owner of DIR once it exists, postgres as root, else us.
pick_owner() {
  if [ -d "$dir/node1" ]; then
    owner=$(stat -c %U "$dir/node1")
  elif is_root; then
    owner=postgres
  else
    owner=$me
  fi
  if is_root && [ "$owner" = postgres ] && ! id -u postgres >/dev/null 2>&1; then
    say "creating the system user postgres"
    useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
      --shell /bin/bash --comment 'PostgreSQL administrator' postgres
  fi
  [ "$owner" = "$me" ] || is_root || die "the servers in $dir belong to $owner, not $me: run this as root or as $owner"
}
# Runs a command as the servers' owner; root goes through runuser from /, so that our working folder
# never blocks it (as the Makefile's as_owner does).
as_owner() {
  if [ "$owner" = "$me" ]; then "$@"; else (cd / && runuser -u "$owner" -- "$@"); fi
}

bindir() {
  local version directory
  if [ -f "$dir/node1/PG_VERSION" ]; then
    version=$(cat "$dir/node1/PG_VERSION")
    directory=/usr/lib/postgresql/$version/bin
    [ -x "$directory/pg_ctl" ] || die "$dir was made by PostgreSQL $version, which is not installed"
    echo "$directory"
    return
  fi
  directory=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [ -n "$directory" ] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin (make db installs one)"
  dirname "$directory"
}

port_of() { # node: its port
  case $1 in node1) state port1 ;; node2) state port2 ;; *) die "no node $1" ;; esac
}
other_node() { [ "$1" = node1 ] && echo node2 || echo node1; }
database() { state database; }
url_of() { # node [database]
  echo "postgresql:///${2:-$(database)}?host=$socket_dir&port=$(port_of "$1")&user=postgres"
}

# The postmaster's pid if the node's server runs, else nothing and status 1. A pid file alone is not
# trusted (after a kill -9 or a reboot it names a dead or reused pid): the process must be a postgres
# whose working folder is the data directory.
running_pid() { # node
  local data=$dir/$1 pid cwd
  [ -f "$data/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -d "/proc/$pid" ] || return 1
  ! grep -qs '^State:[[:space:]]*Z' "/proc/$pid/status" || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
  [ "$cwd" = "$(readlink -f "$data")" ] || return 1
  echo "$pid"
}

# Every process of the node's server: the postmaster and its children (each child leads its own process
# group, so a group signal would miss them), found by their working folder, the data directory, which
# they keep even after a kill -9 of the postmaster has made them orphans.
node_processes() { # node: their pids, one a line
  local data pid
  data=$(readlink -f "$dir/$1" 2>/dev/null) || return 0
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$data" ] || continue
    [ "$(stat -c %U "/proc/$pid" 2>/dev/null)" = "$owner" ] || continue
    grep -qs '^State:[[:space:]]*Z' "/proc/$pid/status" && continue
    echo "$pid"
  done
}
signal_node() { # node signal: sends it to every process of the node's server
  local pid
  for pid in $(node_processes "$1"); do kill "-$2" "$pid" 2>/dev/null || true; done
}
kill_leftovers() { # node: kill -9 of whatever is left of a server whose postmaster is gone
  local pids
  pids=$(node_processes "$1")
  [ -n "$pids" ] || return 0
  say "killing what is left of $1's server (pids $(echo $pids))"
  signal_node "$1" KILL
  sleep 0.2
}

psql_node() { # node sql...: as the superuser, on the postgres database, tuples only
  local node=$1
  shift
  "$(bindir)/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$(url_of "$node" postgres)" "$@"
}

wait_until() { # description command...: retries the command every 0.1 s for HA_TIMEOUT seconds
  local description=$1 deadline=$((SECONDS + timeout))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

start_node() { # node: starts it if it is not running, and waits until it accepts connections
  local node=$1 data=$dir/$1
  if running_pid "$node" >/dev/null; then return 0; fi
  [ ! -e "$data/retired" ] ||
    die "$node was the primary before a promote and is retired: starting it would make a second primary. Use destroy and start for a new pair"
  # A postmaster.pid left by a kill -9 names a dead process; removed, so that a reused pid cannot stop the start.
  rm -f "$data/postmaster.pid"
  say "starting $node on $socket_dir/.s.PGSQL.$(port_of "$node") (log: $dir/$node.log)"
  if ! as_owner "$(bindir)/pg_ctl" -D "$data" -l "$dir/$node.log" -w -t "$timeout" -s start; then
    tail -n 20 "$dir/$node.log" >&2 || true
    die "$node did not start (see $dir/$node.log)"
  fi
}

# Waits until the standby's walreceiver streams to the primary and, unless the pair is asynchronous,
# the primary counts it as its synchronous standby.
wait_for_replication() {
  local primary standby wanted
  primary=$(state primary) standby=$(state standby)
  [ -n "$standby" ] || return 0
  [ "$(state synchronous)" = yes ] && wanted=sync || wanted=async
  replication_state() {
    [ "$(psql_node "$primary" -c "SELECT state || '/' || sync_state FROM pg_stat_replication WHERE application_name = '$standby'")" = "streaming/$wanted" ]
  }
  wait_until "replication" replication_state ||
    die "$standby did not become a $wanted standby of $primary within $timeout s (see $dir/$standby.log and $dir/$primary.log)"
  say "$standby streams from $primary ($wanted)"
}

# Writes the node's own settings (port, its name as a replication client, its synchronous standby) in
# node.conf, which postgresql.conf includes. pg_basebackup copies the primary's, so each node's is rewritten.
write_node_settings() { # node synchronous-standby-name-or-empty
  local node=$1
  as_owner tee "$dir/$node/node.conf" >/dev/null <<CONF
# Written by Tools/ha/cluster.sh: what differs between the two nodes.
port = $(port_of "$node")
cluster_name = '$node'
synchronous_standby_names = '$2'
CONF
}

create_pair() {
  local bin port1 port2 database_name locale_option
  bin=$(bindir)
  port1=${HA_PORT1:-5441} port2=${HA_PORT2:-5442}
  database_name=${HA_DB_NAME:-orderctl}
  [[ "$port1" =~ ^[0-9]{1,5}$ && "$port2" =~ ^[0-9]{1,5}$ && "$port1" != "$port2" ]] ||
    die "HA_PORT1='$port1' and HA_PORT2='$port2' must be two different port numbers"
  [[ "$database_name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,53}$ ]] ||
    die "HA_DB_NAME='$database_name' must be letters, digits and _ (it is used unquoted in URLs and SQL)"
  local socket="$socket_dir/.s.PGSQL.$port1" length
  length=$(printf '%s' "$socket" | LC_ALL=C wc -c)
  [ "$length" -le 107 ] || die "the socket path $socket is $length bytes long, and Unix sockets allow only 107: use a shorter DIR"

  if [ -e "$dir" ]; then
    [ -d "$dir" ] || die "$dir exists and is not a folder"
    [ -z "$(ls -A "$dir")" ] || die "$dir holds files but no pair made by this script: use an empty or new folder"
  fi
  if [ "$owner" != "$me" ]; then
    # The owner must reach DIR: check the nearest folder that exists, as the Makefile's make db does.
    local ancestor=$dir
    while [ ! -e "$ancestor" ]; do ancestor=$(dirname "$ancestor"); done
    as_owner test -x "$ancestor" ||
      die "the $owner user cannot reach $dir (no access to a parent folder); use a folder under /tmp, e.g. /tmp/orderctl-ha"
  fi
  (umask 022 && mkdir -p "$dir")
  mkdir -p "$socket_dir"
  chmod 0700 "$dir" "$socket_dir"
  [ "$owner" = "$me" ] || chown "$owner:" "$dir" "$socket_dir"
  # The state file is written as us, in a folder the owner owns: root may, and a user owns both.
  {
    echo "port1=$port1"
    echo "port2=$port2"
    echo "database=$database_name"
    echo "synchronous=$($asynchronous && echo no || echo yes)"
    echo "primary=node1"
    echo "standby=node2"
  } > "$state_file"

  if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale_option=--locale=C.UTF-8; else locale_option=--no-locale; fi
  say "initdb $dir/node1 ($("$bin/postgres" --version), as $owner)"
  if ! as_owner "$bin/initdb" -D "$dir/node1" -U postgres --auth=trust --encoding=UTF8 "$locale_option" \
    > "$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed (see $dir/initdb.log)"
  fi
  # Settings both nodes share; node.conf (included last) holds what differs. fsync and synchronous_commit
  # stay on: a synchronous standby is about durability. wal_sender_timeout is left at its default, so a
  # stalled standby stays the synchronous one for a minute rather than being dropped at once.
  as_owner tee -a "$dir/node1/postgresql.conf" >/dev/null <<CONF

# Tools/ha/cluster.sh
listen_addresses = ''
unix_socket_directories = '$socket_dir'
unix_socket_permissions = 0770
wal_level = replica
max_wal_senders = 10
hot_standby = on
fsync = on
synchronous_commit = on
wal_keep_size = '256MB'
$(for setting in ${HA_SERVER_OPTIONS:-}; do echo "$setting"; done)
include_if_exists = 'node.conf'
CONF
  write_node_settings node1 "$($asynchronous && echo '' || echo node2)"
  start_node node1
  if [ "$(psql_node node1 -c "SELECT count(*) FROM pg_database WHERE datname = '$database_name'")" = 0 ]; then
    say "creating database $database_name"
    # Local commit only: the standby it would wait for does not exist yet.
    PGOPTIONS='-c synchronous_commit=local' psql_node node1 -c "CREATE DATABASE \"$database_name\""
  fi

  say "pg_basebackup of node1 into $dir/node2"
  if ! as_owner "$bin/pg_basebackup" -D "$dir/node2" -d "host=$socket_dir port=$port1 user=postgres" \
    --wal-method=stream --checkpoint=fast --no-password > "$dir/basebackup.log" 2>&1; then
    cat "$dir/basebackup.log" >&2
    die "pg_basebackup failed (see $dir/basebackup.log)"
  fi
  # The standby's connection names it (application_name) as synchronous_standby_names expects.
  # After a promote node2 runs alone, so it names no synchronous standby of its own.
  write_node_settings node2 ''
  as_owner tee -a "$dir/node2/node.conf" >/dev/null <<CONF
primary_conninfo = 'host=$socket_dir port=$port1 user=postgres application_name=node2'
CONF
  as_owner touch "$dir/node2/standby.signal"
  start_node node2
}

command_start() {
  pick_owner
  if [ -f "$state_file" ]; then
    [ "$asynchronous" = false ] || [ "$(state synchronous)" = no ] ||
      die "the pair in $dir is synchronous: --async only applies to a new pair (destroy it first)"
    start_node "$(state primary)"
    [ -z "$(state standby)" ] || start_node "$(state standby)"
  else
    create_pair
  fi
  wait_for_replication
  url
}

url() {
  echo "postgresql:///$(database)?host=$socket_dir,$socket_dir&port=$(state port1),$(state port2)&user=postgres&target_session_attrs=read-write"
}

require_pair() { [ -f "$state_file" ] || die "no pair in $dir (start makes one)"; }

command_status() {
  local node role pid
  for node in node1 node2; do
    if [ "$(state primary)" = "$node" ]; then role=primary
    elif [ "$(state standby)" = "$node" ]; then role=standby
    else role=retired; fi
    if pid=$(running_pid "$node"); then
      if [ -e "/proc/$pid" ] && grep -qs '^State:[[:space:]]*T' "/proc/$pid/status"; then
        echo "$node $role stalled pid=$pid socket=$socket_dir/.s.PGSQL.$(port_of "$node")"
      else
        echo "$node $role running pid=$pid socket=$socket_dir/.s.PGSQL.$(port_of "$node")"
      fi
    else
      echo "$node $role stopped socket=$socket_dir/.s.PGSQL.$(port_of "$node")"
    fi
  done
}

command_kill_primary() {
  local primary pid
  pick_owner
  primary=$(state primary)
  pid=$(running_pid "$primary") || die "the primary, $primary, is not running"
  say "kill -9 of $primary's postmaster (pid $pid)"
  kill -KILL "$pid"
  # Its children notice their postmaster's death and exit on their own (clients get an error). Any still
  # there after 10 s are killed too, so that nothing of the old primary holds its shared memory or writes.
  local deadline=$((SECONDS + 10))
  while [ -n "$(node_processes "$primary")" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then kill_leftovers "$primary"; break; fi
    sleep 0.1
  done
}

command_promote() {
  local standby primary pid
  pick_owner
  standby=$(state standby) primary=$(state primary)
  [ -n "$standby" ] || die "there is no standby to promote"
  pid=$(running_pid "$standby") || die "the standby, $standby, is not running (start-standby starts it)"
  ! grep -qs '^State:[[:space:]]*T' "/proc/$pid/status" || die "the standby is stalled: resume-standby first"
  if running_pid "$primary" >/dev/null; then
    say "warning: the primary, $primary, still runs: after the promote it is stopped, so that only one takes writes"
  fi
  say "promoting $standby"
  as_owner "$(bindir)/pg_ctl" -D "$dir/$standby" -w -t "$timeout" -s promote || die "pg_ctl promote failed (see $dir/$standby.log)"
  # Accepting writes: out of recovery and able to take a transaction id (a read-only server refuses that).
  writable() { [ "$(psql_node "$standby" -c 'SELECT pg_is_in_recovery()')" = f ] && psql_node "$standby" -c 'SELECT pg_current_xact_id()'; }
  wait_until "writes" writable || die "$standby did not accept writes within $timeout s after the promote (see $dir/$standby.log)"
  # The old primary can never come back as one: stop it if it runs, and mark it.
  if running_pid "$primary" >/dev/null; then stop_node "$primary"; fi
  as_owner touch "$dir/$primary/retired"
  set_state primary "$standby"
  set_state standby ''
  say "$standby is the primary and accepts writes"
}

command_start_standby() {
  local standby
  pick_owner
  standby=$(state standby)
  [ -n "$standby" ] || die "there is no standby (after a promote the pair has a primary only)"
  running_pid "$(state primary)" >/dev/null || say "warning: the primary is not running; the standby starts but cannot stream"
  start_node "$standby"
  if running_pid "$(state primary)" >/dev/null; then wait_for_replication; fi
}

stop_node() { # node: a fast shutdown, immediate if that does not finish, and a kill of what is left
  local node=$1 pid
  pid=$(running_pid "$node") || return 0
  # A stalled server cannot act on a signal: let it run first.
  signal_node "$node" CONT
  say "stopping $node (pid $pid)"
  if ! as_owner "$(bindir)/pg_ctl" -D "$dir/$node" -m fast -w -t "$timeout" -s stop; then
    say "$node did not stop within $timeout s: immediate shutdown"
    as_owner "$(bindir)/pg_ctl" -D "$dir/$node" -m immediate -w -t "$timeout" -s stop || kill_leftovers "$node"
  fi
}

command_stop_standby() {
  local standby
  pick_owner
  standby=$(state standby)
  [ -n "$standby" ] || die "there is no standby"
  stop_node "$standby"
}

running_standby() { # the name of the standby, which must be running
  local standby
  standby=$(state standby)
  [ -n "$standby" ] || die "there is no standby"
  running_pid "$standby" >/dev/null || die "the standby, $standby, is not running"
  echo "$standby"
}

command_stall_standby() {
  local standby
  pick_owner
  standby=$(running_standby)
  # Every process, the postmaster too, so that no new walreceiver is started in the stopped one's place.
  say "SIGSTOP to $standby's processes ($(echo $(node_processes "$standby"))): synchronous commits on the primary now wait"
  signal_node "$standby" STOP
}

command_resume_standby() {
  local standby
  pick_owner
  standby=$(running_standby)
  say "SIGCONT to $standby's processes"
  signal_node "$standby" CONT
}

command_stop() {
  [ -d "$dir" ] || return 0
  [ -f "$state_file" ] || return 0
  pick_owner
  local node
  # The standby first, so that the primary's fast shutdown does not wait for it to confirm the last WAL.
  for node in $(state standby) $(state primary) node1 node2; do stop_node "$node"; done
  # Whatever a killed postmaster left behind.
  for node in node1 node2; do running_pid "$node" >/dev/null || kill_leftovers "$node"; done
}

command_destroy() {
  command_stop
  [ -e "$dir" ] || return 0
  local other
  other=$(find "$dir" -mindepth 1 -maxdepth 1 ! -name node1 ! -name node2 ! -name socket ! -name state \
    ! -name '*.log' -printf '%f\n' | head -n 3)
  [ -z "$other" ] || die "$dir holds other files ($(echo $other)); not removing it"
  say "removing $dir"
  rm -rf -- "$dir"
}

case $command in
  start) command_start ;;
  url) require_pair; url ;;
  primary-url) require_pair; url_of "$(state primary)" ;;
  standby-url) require_pair; [ -n "$(state standby)" ] || die "there is no standby"; url_of "$(state standby)" ;;
  status) require_pair; command_status ;;
  kill-primary) require_pair; command_kill_primary ;;
  promote) require_pair; command_promote ;;
  stop-standby) require_pair; command_stop_standby ;;
  start-standby) require_pair; command_start_standby ;;
  stall-standby) require_pair; command_stall_standby ;;
  resume-standby) require_pair; command_resume_standby ;;
  stop) command_stop ;;
  destroy) command_destroy ;;
  *) usage ;;
esac
