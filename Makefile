# orderctl: an event-sourced order service on PostgreSQL.
#
# `make` (or `make help`) lists the targets. Most of them need a PostgreSQL
# server. `make db` sets one up in a folder of the repository: it installs
# what is missing with apt-get, then runs initdb, starts the server and
# creates the database. The server listens on a Unix socket only (no TCP),
# and local connections use `trust` auth: the socket folder is private to
# the user who owns the cluster.
#
# Variables (override them on the command line, e.g. `make db PG_DIR=/tmp/pg`):
#
#   PG_DIR            Folder that holds the cluster. Default: $(CURDIR)/.postgres
#                     (or /tmp/orderctl-postgres-<hash> when run as root from a
#                     checkout the postgres user cannot enter).
#                     It contains data/ (the data directory), socket/ (the Unix
#                     socket) and server.log. It must be a folder used only for
#                     this cluster. Relative paths are made absolute.
#                     Allowed characters: letters, digits and / . _ + ~ @ : , -
#                     (the path goes into a URL unescaped).
#   PG_PORT           Port number. It is only used in the socket file name
#                     ($(PG_DIR)/socket/.s.PGSQL.$(PG_PORT)) because the server
#                     does not listen on TCP. Default: 5432.
#   DB_NAME           Database for the app. Default: orderctl. `make demo` uses
#                     a separate database, $(DB_NAME)_demo.
#   PG_START_TIMEOUT  Seconds pg_ctl waits for the server to start or stop.
#                     Default: 60.
#   PREFIX            Where `make install` puts orderctl: $(PREFIX)/bin/orderctl, and the
#                     migrations in $(PREFIX)/share/orderctl/sql. Default: /usr/local.
#   ORDERCTL          The built binary. Default: $(CURDIR)/.build/debug/orderctl
#                     (the binary that `swift build` makes).
#   DEMO_FILE         Commands that `make demo` submits. Default: Fixtures/demo.jsonl.
#   DEMO_ORDERS       Order ids that `make demo` queries after the submit.
#   SMTP_DIR          Folder of the local SMTP server (`make smtp`). Default: $(CURDIR)/.smtp
#                     It holds maildir/ (the messages), server.log, server.pid and
#                     server.port, and must be a folder used only for this server.
#                     Same allowed characters as PG_DIR.
#   SMTP_PORT         Port on 127.0.0.1. Default: 0, a free port that the kernel
#                     picks (written to $(SMTP_DIR)/server.port; `make -s smtp-url`
#                     prints the URL).
#   SMTP_START_TIMEOUT  Seconds `make smtp` and `make smtp-stop` wait. Default: 30.
#   SMTP_PYTHON       The python3 that runs the server. Default: /usr/bin/python3,
#                     Debian's, which sees the python3-aiosmtpd package.
#   HA_DIR            Folder of the plain synchronous pair of `make ha-pair` (Tools/ha/cluster.sh):
#                     node1/ and node2/ (data directories), socket/ (both Unix sockets),
#                     node1.log, node2.log and state. Default: $(CURDIR)/.ha, or
#                     /tmp/orderctl-ha-<hash> when root and postgres cannot reach the
#                     checkout, as for PG_DIR. Same allowed characters as PG_DIR.
#   HA_ASYNC          `make ha-pair HA_ASYNC=1` makes the standby asynchronous (a new pair only).
#   HA_PORT1, HA_PORT2  The pair's port numbers, only used in its socket files' names.
#                     Default: 5441 and 5442.
#   HA_FAILOVER_DIR   Folder of the pg_auto_failover cluster of `make ha-up` and `make ha-demo`
#                     (Tools/ha/autofailover.sh): monitor/, node1/, node2/, their logs and
#                     pg_autoctl's configuration. Default: $(CURDIR)/.ha-failover, with the
#                     same /tmp fallback. `make ha-down` deletes it.
#   HA_AUTO_PORT      First TCP port of that cluster, on 127.0.0.1 only: the monitor; the two
#                     nodes take the next two. Default: 5451.
#   HA_DEMO_ORDERS    Orders that `make ha-demo` submits (5 commands each). Default: 800.
#
# The database superuser is always `postgres`, whoever runs make. If you run
# make as root, initdb and pg_ctl run as the `postgres` system user because
# PostgreSQL refuses to run as root. make creates that user if it is missing.
# If you run make as another user, the cluster belongs to you. Connection URLs
# (they are not meant to be overridden):
#
#   DATABASE_URL  postgresql:///$(DB_NAME)?host=$(PG_DIR)/socket&port=$(PG_PORT)&user=postgres
#   ADMIN_URL     the same, for the `postgres` maintenance database
#   RUNTIME_URL   the same database as orderctl_runtime, the role migration 004 creates for everyday work
#
# Scripts can get the URL with `make -s db-url`.
#
# The e-mail tests and the demo send to a real SMTP server, never a mock:
# `make smtp` starts Tools/smtp/maildir_server.py (aiosmtpd, from Debian's
# python3-aiosmtpd) as the user running make, on 127.0.0.1 only. It stores
# every message it accepts in $(SMTP_DIR)/maildir, and fails on purpose for
# some recipients (fail451-, fail554-, drop-, flaky<N>-: see
# Tools/smtp/README.md). `make test` starts it too and hands its URL and
# Maildir to the tests (ORDERCTL_TEST_SMTP_URL, ORDERCTL_TEST_SMTP_MAILDIR).
# Scripts get the URL with `make -s smtp-url`. Both servers keep running after
# make is done: `make db-stop` stops PostgreSQL and `make smtp-stop` stops the
# SMTP server.
#
# Replication (issue 19). `make ha-pair` starts a plain streaming-replication
# pair in HA_DIR, the standby synchronous, both on Unix sockets only, and prints
# its two-host URL; nothing in it fails over on its own, so tests and the bench
# cause failures when they choose: Tools/ha/cluster.sh kill-primary, promote,
# stop-standby, start-standby, stall-standby, resume-standby (each takes
# $(HA_DIR)). `make ha-pair-url`, `ha-pair-status`, `ha-pair-stop` and
# `ha-pair-destroy` do what they say. `make ha-up` starts a pg_auto_failover
# cluster instead (a monitor and two nodes, 127.0.0.1 only, the standby
# synchronous, failure detection shortened so a failover takes seconds) and
# prints its two-host URL; `make ha-primary` names the primary node, `make
# ha-state` shows the monitor's view, `make ha-down` stops every process it
# started and deletes HA_FAILOVER_DIR. `make ha-demo` crashes the primary while
# orderctl submit runs, then checks that every acknowledged command is stored
# exactly once. Both install what they miss (postgresql-15-auto-failover for
# the second) like `make db`, and run the servers as `postgres` when root.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# Run each recipe as one bash script, so that the cluster logic can be
# written as a normal shell block.
.ONESHELL:
.DEFAULT_GOAL := help

# As root the server runs as `postgres`, which must be able to enter every parent folder of the
# cluster. When the checkout lies somewhere it cannot (under /root, say), the default moves to a
# folder under /tmp named after the checkout, so `make demo` and `make test` work from any clone.
# $(call reachable_folder,NAME) is $(CURDIR)/.NAME, or /tmp/orderctl-NAME-<hash> when root and postgres
# cannot enter the checkout: the default of PG_DIR and of the replication folders.
reachable_folder = $(shell \
	dir='$(CURDIR)'; reachable=yes; \
	if [ "$$(id -u)" = 0 ]; then \
		while [ "$$dir" != / ]; do \
			[[ "$$(stat -c %A "$$dir")" == *[xt] ]] || reachable=no; \
			dir=$$(dirname "$$dir"); \
		done; \
	fi; \
	if [ $$reachable = yes ]; then echo '$(CURDIR)/.$(1)'; \
	else echo "/tmp/orderctl-$(1)-$$(printf %s '$(CURDIR)' | sha256sum | cut -c1-8)"; fi)
ifeq ($(origin PG_DIR),undefined)
PG_DIR := $(call reachable_folder,postgres)
endif
ifeq ($(origin HA_DIR),undefined)
HA_DIR := $(call reachable_folder,ha)
endif
ifeq ($(origin HA_FAILOVER_DIR),undefined)
HA_FAILOVER_DIR := $(call reachable_folder,ha-failover)
endif
override HA_DIR := $(abspath $(HA_DIR))
override HA_FAILOVER_DIR := $(abspath $(HA_FAILOVER_DIR))
HA_ASYNC ?=
HA_PORT1 ?= 5441
HA_PORT2 ?= 5442
HA_AUTO_PORT ?= 5451
HA_DEMO_ORDERS ?= 800
PG_PORT ?= 5432
DB_NAME ?= orderctl
PG_START_TIMEOUT ?= 60
ORDERCTL ?= $(CURDIR)/.build/debug/orderctl
DEMO_FILE ?= Fixtures/demo.jsonl
# Orders of the demo day to show afterwards (Fixtures/demo.orders): Anna's delivered EUR order,
# Chiyo's confirmed JPY order, Dalia's cancelled KWD order and Emil's shipped CHF order.
DEMO_ORDERS ?= $(shell cat Fixtures/demo.orders 2>/dev/null)
# The customer of the first demo order, for `query customer`.
DEMO_CUSTOMER ?= 0c2aaf98-1255-5bc4-b989-ad84726919c7
# The customer `make demo` forgets after registering (Ben, of Fixtures/demo-customers.jsonl).
DEMO_FORGOTTEN_CUSTOMER ?= da76fde3-76f9-50e2-a3bc-9fa82d271b8c
# Orders submitted before the demo rebuilds the read models, and again by a writer while it does (5 commands each).
DEMO_WRITER_ORDERS ?= 600
# The local SMTP server of `make smtp` (Tools/smtp/maildir_server.py).
SMTP_DIR ?= $(CURDIR)/.smtp
SMTP_PORT ?= 0
SMTP_START_TIMEOUT ?= 30
SMTP_PYTHON ?= /usr/bin/python3

# Make PG_DIR absolute, so that a value like PG_DIR=tmp/pg also works.
override PG_DIR := $(if $(word 2,$(PG_DIR)),$(PG_DIR),$(abspath $(PG_DIR)))
# The same for SMTP_DIR.
override SMTP_DIR := $(if $(word 2,$(SMTP_DIR)),$(SMTP_DIR),$(abspath $(SMTP_DIR)))

PG_DATA = $(PG_DIR)/data
PG_SOCKET_DIR = $(PG_DIR)/socket
PG_LOG = $(PG_DIR)/server.log

DATABASE_URL = postgresql:///$(DB_NAME)?host=$(PG_SOCKET_DIR)&port=$(PG_PORT)&user=postgres
ADMIN_URL = postgresql:///postgres?host=$(PG_SOCKET_DIR)&port=$(PG_PORT)&user=postgres
DEMO_DB_NAME = $(DB_NAME)_demo
DEMO_DATABASE_URL = postgresql:///$(DEMO_DB_NAME)?host=$(PG_SOCKET_DIR)&port=$(PG_PORT)&user=postgres
RUNTIME_ROLE = orderctl_runtime
RUNTIME_URL = postgresql:///$(DB_NAME)?host=$(PG_SOCKET_DIR)&port=$(PG_PORT)&user=$(RUNTIME_ROLE)
DEMO_RUNTIME_URL = postgresql:///$(DEMO_DB_NAME)?host=$(PG_SOCKET_DIR)&port=$(PG_PORT)&user=$(RUNTIME_ROLE)

SMTP_MAILDIR = $(SMTP_DIR)/maildir
SMTP_LOG = $(SMTP_DIR)/server.log
SMTP_PID_FILE = $(SMTP_DIR)/server.pid
SMTP_PORT_FILE = $(SMTP_DIR)/server.port
SMTP_SERVER = $(CURDIR)/Tools/smtp/maildir_server.py

.PHONY: ha-pair ha-pair-url ha-pair-status ha-pair-stop ha-pair-destroy ha-up ha-url ha-primary ha-state ha-down ha-demo
.PHONY: help db db-stop db-restart db-runtime-url db-url db-destroy smtp smtp-stop smtp-url build install uninstall migrate demo test unit soak bench bench-partitioning clean

# ---------------------------------------------------------------------------
# Shell functions shared by the cluster targets. A recipe starts with
# $(PG_FUNCS) and then calls these functions. ($$ is a literal $ for the shell.)
# ---------------------------------------------------------------------------
define PG_FUNCS
pg_dir='$(PG_DIR)'
data='$(PG_DATA)'
sock_dir='$(PG_SOCKET_DIR)'
log='$(PG_LOG)'
port='$(PG_PORT)'
db_name='$(DB_NAME)'
admin_url='$(ADMIN_URL)'
me=$$(id -un)

say() { echo "db: $$*"; }
die() { echo "db: error: $$*" >&2; exit 1; }
is_root() { [ "$$(id -u)" = 0 ]; }

# Fail early if a setting would break a path, the URL or the socket.
check_settings() {
	[[ "$$pg_dir" =~ ^/[A-Za-z0-9/._+~@:,-]*$$ ]] ||
		die "PG_DIR='$$pg_dir' must be an absolute path that uses only letters, digits and / . _ + ~ @ : , - (it goes into a URL unescaped)"
	[ "$$pg_dir" != / ] || die "PG_DIR must not be /"
	[[ "$$port" =~ ^[0-9]{1,5}$$ ]] && [ "$$port" -ge 1 ] && [ "$$port" -le 65535 ] ||
		die "PG_PORT='$$port' is not a port number"
	[[ "$$db_name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,53}$$ ]] ||
		die "DB_NAME='$$db_name' must be letters, digits and _ (it is used unquoted in URLs and SQL)"
	# The kernel limits a socket path to 107 bytes (sun_path holds 108, with the NUL).
	local socket="$$sock_dir/.s.PGSQL.$$port" len
	len=$$(printf '%s' "$$socket" | LC_ALL=C wc -c)
	[ "$$len" -le 107 ] ||
		die "the socket path $$socket is $$len bytes long, and Unix sockets allow only 107. Use a shorter PG_DIR, e.g. make db PG_DIR=/tmp/orderctl-postgres"
}

# Step 1: install the PostgreSQL server, libpq-dev, libssl-dev (libcrypto's SHA-256), libcurl4-openssl-dev
# (the SMTP client), pkg-config and python3-aiosmtpd (the test SMTP server of `make smtp`) if they are missing.
ensure_packages() {
	local missing=() sudo=()
	compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
	if command -v pkg-config >/dev/null; then
		pkg-config --exists libpq || missing+=(libpq-dev)
		pkg-config --exists libcrypto || missing+=(libssl-dev)
		pkg-config --exists libcurl || missing+=(libcurl4-openssl-dev)
	else
		missing+=(pkg-config)
		[ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
		[ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
		[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] ||
			missing+=(libcurl4-openssl-dev)
	fi
	# Debian's python3, not whatever python3 comes first in PATH (a venv or pyenv cannot see the package).
	'$(SMTP_PYTHON)' -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
	[ $${#missing[@]} -gt 0 ] || return 0

	if ! is_root; then
		command -v sudo >/dev/null ||
			die "missing: $${missing[*]}. Install it as root: apt-get install $${missing[*]} (or run make as root)"
		sudo=(sudo)
	fi
	command -v apt-get >/dev/null ||
		die "missing: $${missing[*]}, and there is no apt-get here to install it. Install it by hand."
	say "installing $${missing[*]}"
	if [[ " $${missing[*]} " == *" postgresql "* ]]; then
		# Debian's postgresql package creates and starts a "main" cluster by
		# default. We do not need it, so turn it off unless an admin set it.
		local conf=/etc/postgresql-common/createcluster.conf
		if ! grep -Eqs '^[[:space:]]*create_main_cluster[[:space:]]*=' "$$conf"; then
			"$${sudo[@]}" mkdir -p /etc/postgresql-common
			echo 'create_main_cluster = false' | "$${sudo[@]}" tee -a "$$conf" >/dev/null
		fi
	fi
	"$${sudo[@]}" apt-get update
	# UCF_FORCE_CONFFOLD keeps the createcluster.conf written above.
	"$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 \
		apt-get install -y --no-install-recommends "$${missing[@]}"
	compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ||
		die "initdb is still missing after installing $${missing[*]}"
	'$(SMTP_PYTHON)' -c 'import aiosmtpd' ||
		die "$(SMTP_PYTHON) still cannot import aiosmtpd after installing $${missing[*]} (SMTP_PYTHON must be Debian's python3)"
}

# pg_autoctl, for `make ha-up` and `make ha-demo`: Debian's postgresql-<version>-auto-failover for the
# newest installed server, installed like ensure_packages installs the rest.
ensure_auto_failover() {
	local version package sudo=()
	command -v pg_autoctl >/dev/null && return 0
	version=$$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1 | cut -d/ -f5)
	package=postgresql-$$version-auto-failover
	if ! is_root; then
		command -v sudo >/dev/null || die "missing: $$package. Install it as root: apt-get install $$package (or run make as root)"
		sudo=(sudo)
	fi
	command -v apt-get >/dev/null || die "missing: $$package, and there is no apt-get here to install it. Install it by hand."
	say "installing $$package"
	"$${sudo[@]}" apt-get update
	"$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$$package"
	command -v pg_autoctl >/dev/null || die "pg_autoctl is still missing after installing $$package"
}

# Set $$owner to the system user that runs the server. For an existing cluster
# it is the owner of data/. Otherwise it is `postgres` if we are root, and the
# user running make if not. Root creates the `postgres` user if it is missing.
# A non-root user cannot manage a cluster that belongs to someone else.
pick_owner() {
	local data_owner=
	check_access
	[ -e "$$data" ] && data_owner=$$(stat -c %U "$$data")
	if is_root; then
		case "$$data_owner" in
			''|root|UNKNOWN) owner=postgres ;;
			*) owner=$$data_owner ;;
		esac
		if [ "$$owner" = postgres ] && ! id -u postgres >/dev/null 2>&1; then
			say "creating the system user postgres"
			useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
				--shell /bin/bash --comment 'PostgreSQL administrator' postgres
		fi
		command -v runuser >/dev/null || die "runuser (util-linux) is needed to run PostgreSQL as $$owner"
	else
		owner=$$me
		[ -z "$$data_owner" ] || [ "$$data_owner" = "$$me" ] ||
			die "the cluster in $$pg_dir belongs to $$data_owner, not $$me. Run make as root or as $$data_owner, or use another PG_DIR"
	fi
}

# A non-root user cannot look into a PG_DIR that root made for `postgres`.
check_access() {
	if [ -e "$$pg_dir" ] && ! { [ -r "$$pg_dir" ] && [ -x "$$pg_dir" ]; }; then
		die "$$pg_dir belongs to $$(stat -c %U "$$pg_dir") and $$me cannot open it. Run make as root, or use another PG_DIR"
	fi
}

# Run a command as the cluster owner. Root uses runuser, from / so that the
# working directory never blocks the command.
as_owner() {
	if [ "$$owner" = "$$me" ]; then "$$@"; else (cd / && runuser -u "$$owner" -- "$$@"); fi
}

# Print the server bin dir. For an existing cluster it is the one that matches
# data/PG_VERSION. For a new cluster it is the newest installed version.
pg_bindir() {
	local v dir
	if [ -f "$$data/PG_VERSION" ]; then
		v=$$(cat "$$data/PG_VERSION")
		dir=/usr/lib/postgresql/$$v/bin
		[ -x "$$dir/pg_ctl" ] ||
			die "the cluster in $$data was made by PostgreSQL $$v but $$dir is not installed: apt-get install postgresql-$$v, or start over with make db-destroy"
		echo "$$dir"
		return
	fi
	dir=$$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
	[ -n "$$dir" ] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin (run make db to install it)"
	dirname "$$dir"
}

# Print the postmaster's pid if a server is running on $$data, else return 1.
# We do not trust `pg_ctl status` here. After a restart, the pid in a stale
# postmaster.pid can belong to an unrelated process, and pg_ctl would say
# "running". So we also check that the process is a postgres owned by
# $$owner, that it is not a zombie, and that its working directory is the
# data dir (when we can read it).
running_pid() {
	local pid cwd
	[ -f "$$data/postmaster.pid" ] || return 1
	pid=$$(head -n 1 "$$data/postmaster.pid" 2>/dev/null) || return 1
	[[ "$$pid" =~ ^[0-9]+$$ ]] || return 1
	case "$$(cat "/proc/$$pid/comm" 2>/dev/null)" in postgres|postmaster) ;; *) return 1 ;; esac
	# A killed postmaster that no one has reaped yet is a zombie: not running.
	! grep -qs '^State:[[:space:]]*Z' "/proc/$$pid/status" || return 1
	[ "$$(stat -c %U "/proc/$$pid" 2>/dev/null)" = "$$owner" ] || return 1
	if cwd=$$(readlink "/proc/$$pid/cwd" 2>/dev/null); then
		[ "$$cwd" = "$$(readlink -f "$$data")" ] || return 1
	fi
	echo "$$pid"
}

# No server is running, but postmaster.pid is still there (after a crash or a
# machine restart). Remove it, and the stale socket lock file, so that a
# reused pid cannot make the new postmaster refuse to start.
clear_stale_files() {
	local stale_pid lock="$$sock_dir/.s.PGSQL.$$port.lock" lock_pid
	[ -f "$$data/postmaster.pid" ] || return 0
	stale_pid=$$(head -n 1 "$$data/postmaster.pid" 2>/dev/null || true)
	say "removing stale postmaster.pid (pid $${stale_pid:-?} is gone or is not this cluster's postmaster)"
	rm -f "$$data/postmaster.pid"
	if [ -f "$$lock" ]; then
		lock_pid=$$(head -n 1 "$$lock" 2>/dev/null || true)
		if [ "$$lock_pid" = "$$stale_pid" ] || ! [ -d "/proc/$$lock_pid" ]; then
			rm -f "$$lock" "$$sock_dir/.s.PGSQL.$$port"
		fi
	fi
}
endef

# ---------------------------------------------------------------------------
# Shell functions of the SMTP targets. A recipe starts with $(PG_FUNCS) (for
# ensure_packages and is_root), then $(SMTP_FUNCS), whose say and die print
# "smtp:" instead of "db:".
# ---------------------------------------------------------------------------
define SMTP_FUNCS
smtp_dir='$(SMTP_DIR)'
maildir='$(SMTP_MAILDIR)'
smtp_log='$(SMTP_LOG)'
pid_file='$(SMTP_PID_FILE)'
port_file='$(SMTP_PORT_FILE)'
smtp_port='$(SMTP_PORT)'
smtp_timeout='$(SMTP_START_TIMEOUT)'
py='$(SMTP_PYTHON)'

say() { echo "smtp: $$*"; }
die() { echo "smtp: error: $$*" >&2; exit 1; }

smtp_check_settings() {
	[[ "$$smtp_dir" =~ ^/[A-Za-z0-9/._+~@:,-]*$$ ]] ||
		die "SMTP_DIR='$$smtp_dir' must be an absolute path that uses only letters, digits and / . _ + ~ @ : , -"
	[ "$$smtp_dir" != / ] || die "SMTP_DIR must not be /"
	[[ "$$smtp_port" =~ ^[0-9]{1,5}$$ ]] && [ "$$smtp_port" -le 65535 ] ||
		die "SMTP_PORT='$$smtp_port' is not a port number (0 picks a free one)"
	[[ "$$smtp_timeout" =~ ^[1-9][0-9]*$$ ]] || die "SMTP_START_TIMEOUT='$$smtp_timeout' is not a number of seconds"
}

# The server runs as the user who started it, and SMTP_DIR is private to that
# user (mode 0700): another user can neither use nor stop it.
smtp_check_access() {
	if [ -e "$$smtp_dir" ] && ! { [ -r "$$smtp_dir" ] && [ -w "$$smtp_dir" ] && [ -x "$$smtp_dir" ]; }; then
		die "$$smtp_dir belongs to $$(stat -c %U "$$smtp_dir") and $$(id -un) cannot use it. Run make as that user, or use another SMTP_DIR"
	fi
}

# Serialize make smtp and make smtp-stop on one SMTP_DIR (make -j, parallel CI jobs).
# The server is started with fd 9 closed, so it never holds the lock.
smtp_lock() {
	(umask 077 && mkdir -p "$$smtp_dir")
	command -v flock >/dev/null || return 0
	exec 9>>"$$smtp_dir/.lock"
	flock -w "$$smtp_timeout" 9 || die "another make smtp or smtp-stop holds $$smtp_dir/.lock"
}

# Is process $$1 our server for this Maildir? As with running_pid, a pid is
# not trusted alone: the process must run our server script with this
# Maildir, and not be a zombie.
smtp_is_server() {
	[[ "$$1" =~ ^[0-9]+$$ ]] || return 1
	! grep -qs '^State:[[:space:]]*Z' "/proc/$$1/status" || return 1
	tr '\0' '\n' <"/proc/$$1/cmdline" 2>/dev/null | grep -qxF '$(SMTP_SERVER)' || return 1
	tr '\0' '\n' <"/proc/$$1/cmdline" 2>/dev/null | grep -qxF "$$maildir" || return 1
}

# Print the server's pid if it is running, else return 1.
smtp_running_pid() {
	local pid
	[ -f "$$pid_file" ] || return 1
	pid=$$(head -n 1 "$$pid_file" 2>/dev/null) || return 1
	smtp_is_server "$$pid" || return 1
	echo "$$pid"
}

# Print the port of the running server, else return 1.
smtp_running_port() {
	local port
	smtp_running_pid >/dev/null || return 1
	port=$$(head -n 1 "$$port_file" 2>/dev/null) || return 1
	[[ "$$port" =~ ^[0-9]{1,5}$$ ]] || return 1
	echo "$$port"
}

# Does an SMTP server answer on 127.0.0.1:$$1 (greeting, NOOP, QUIT)?
smtp_answers() {
	"$$py" -c 'import smtplib, sys; s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=2); s.noop(); s.quit()' "$$1" 2>/dev/null
}
endef

# ---------------------------------------------------------------------------

help: ## List the targets
	@echo 'Targets (variables are described at the top of the Makefile):'
	awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  %-11s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))

db: ## Set up and start the local PostgreSQL cluster, create DB_NAME, print DATABASE_URL
	@$(PG_FUNCS)
	check_settings
	ensure_packages   # step 1
	pick_owner

	if ! running_pid >/dev/null; then
		# Make the cluster folder. It must be dedicated: make chowns it and
		# `make db-destroy` removes it.
		[ ! -e "$$pg_dir" ] || [ -d "$$pg_dir" ] || die "PG_DIR=$$pg_dir exists and is not a folder"
		if [ -d "$$pg_dir" ]; then
			other=$$(find "$$pg_dir" -mindepth 1 -maxdepth 1 ! -name data ! -name socket \
				! -name server.log ! -name initdb.log -printf '%f\n' | head -n 3)
			[ -z "$$other" ] ||
				die "PG_DIR=$$pg_dir holds other files ($$(echo $$other)). It must be a folder used only for the cluster"
		fi
		if [ "$$owner" != "$$me" ]; then
			# The owner must be able to reach PG_DIR. Check the nearest folder
			# that exists. The folders we create below it get mode 0755.
			anc=$$pg_dir
			while [ ! -e "$$anc" ]; do anc=$$(dirname "$$anc"); done
			if ! as_owner test -x "$$anc"; then
				blocker=/
				p=
				for part in $$(tr / ' ' <<<"$$anc"); do
					p=$$p/$$part
					as_owner test -x "$$p" || { blocker=$$p; break; }
				done
				die "the $$owner user cannot reach $$pg_dir: it has no access to $$blocker ($$(stat -c '%A %U' "$$blocker")). PostgreSQL cannot run as root, so the cluster must live where $$owner can reach it, e.g. make db PG_DIR=/tmp/orderctl-postgres"
			fi
		fi
		(umask 022 && mkdir -p "$$pg_dir")
		mkdir -p "$$sock_dir"
		chmod 0700 "$$pg_dir" "$$sock_dir"
		if [ "$$owner" != "$$me" ] &&
			{ [ "$$(stat -c %U "$$pg_dir")" != "$$owner" ] || [ "$$(stat -c %U "$$sock_dir")" != "$$owner" ] ||
			  { [ -e "$$data" ] && [ "$$(stat -c %U "$$data")" != "$$owner" ]; }; }; then
			chown -R "$$owner:" "$$pg_dir"
		fi

		bindir=$$(pg_bindir)   # step 2

		# Step 3: initdb. Keep fsync and synchronous_commit on (their defaults)
		# because durability is a product promise.
		if [ ! -f "$$data/PG_VERSION" ]; then
			if [ -d "$$data" ] && [ -n "$$(ls -A "$$data")" ]; then
				die "$$data is not empty but has no PG_VERSION (a failed initdb?). Remove it or run make db-destroy"
			fi
			if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale_opt=--locale=C.UTF-8; else locale_opt=--no-locale; fi
			say "initdb $$data ($$("$$bindir/postgres" --version), $$locale_opt, as $$owner)"
			initdb_ok=true
			as_owner "$$bindir/initdb" -D "$$data" -U postgres --auth=trust --encoding=UTF8 "$$locale_opt" \
				>"$$pg_dir/initdb.log" 2>&1 || initdb_ok=false
			[ "$$owner" = "$$me" ] || chown "$$owner:" "$$pg_dir/initdb.log"
			if ! $$initdb_ok; then
				cat "$$pg_dir/initdb.log" >&2
				die "initdb failed (output above and in $$pg_dir/initdb.log)"
			fi
		fi

		# Step 4: start the server. The settings are passed on every start, so
		# that they always match PG_DIR and PG_PORT. No TCP: listen_addresses=''.
		clear_stale_files
		say "starting PostgreSQL on $$sock_dir/.s.PGSQL.$$port (log: $$log)"
		opts="-c listen_addresses='' -c port=$$port -c unix_socket_directories='$$sock_dir'"
		opts+=" -c unix_socket_permissions=0770 -c fsync=on -c synchronous_commit=on"
		if ! as_owner "$$bindir/pg_ctl" -D "$$data" -l "$$log" -w -t '$(PG_START_TIMEOUT)' -s -o "$$opts" start; then
			echo "--- last lines of $$log:" >&2
			tail -n 20 "$$log" >&2 || true
			die "the server did not start (see $$log)"
		fi
	fi

	# A running server must use the socket that DATABASE_URL names.
	[ -S "$$sock_dir/.s.PGSQL.$$port" ] ||
		die "a server is running on $$data, but $$sock_dir/.s.PGSQL.$$port does not exist (was it started with another PG_PORT?). Run make db-stop first"

	# Step 5: create the database if it is missing.
	bindir=$$(pg_bindir)
	found=$$("$$bindir/psql" -X -At -d "$$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$$db_name'")
	if [ "$$found" != 1 ]; then
		say "creating database $$db_name"
		"$$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$$admin_url" -c "CREATE DATABASE \"$$db_name\""
	fi

	# Step 6: the last line of output.
	echo 'DATABASE_URL=$(DATABASE_URL)'

db-stop: ## Stop the local cluster (does nothing if it is not running)
	@$(PG_FUNCS)
	[ -e "$$pg_dir" ] || exit 0
	check_access
	[ -f "$$data/PG_VERSION" ] || exit 0
	pick_owner
	pid=$$(running_pid) || exit 0
	bindir=$$(pg_bindir)
	say "stopping PostgreSQL (pid $$pid)"
	as_owner "$$bindir/pg_ctl" -D "$$data" -m fast -w -t '$(PG_START_TIMEOUT)' -s stop

db-restart: db-stop ## Restart the local cluster (a fast stop: sessions are cut, as pg_ctl restart -m fast does)
	@$(MAKE) --no-print-directory -s db PG_DIR='$(PG_DIR)' >/dev/null

db-runtime-url: ## Print the URL of the runtime role that migration 004 creates (orderctl's everyday role)
	@echo '$(RUNTIME_URL)'

db-url: ## Print DATABASE_URL only (for scripts: make -s db-url)
	@echo '$(DATABASE_URL)'

db-destroy: db-stop ## DESTRUCTIVE: stop the cluster and delete PG_DIR and all its data, without asking
	@$(PG_FUNCS)
	[ -e "$$pg_dir" ] || exit 0
	other=$$(find "$$pg_dir" -mindepth 1 -maxdepth 1 ! -name data ! -name socket \
		! -name server.log ! -name initdb.log -printf '%f\n' | head -n 3)
	[ -z "$$other" ] || die "PG_DIR=$$pg_dir holds other files ($$(echo $$other)); not removing it"
	say "removing $$pg_dir"
	rm -rf -- "$$pg_dir"

smtp: ## Start the local SMTP server (127.0.0.1, messages in SMTP_DIR/maildir), print SMTP_URL
	@$(PG_FUNCS)
	$(SMTP_FUNCS)
	smtp_check_settings
	ensure_packages   # step 1 of make db: libcurl4-openssl-dev and python3-aiosmtpd are there too
	smtp_check_access
	smtp_lock
	[ -f '$(SMTP_SERVER)' ] || die "$(SMTP_SERVER) is missing"

	if ! pid=$$(smtp_running_pid); then
		# SMTP_DIR must be dedicated: make writes and removes files in it.
		other=$$(find "$$smtp_dir" -mindepth 1 -maxdepth 1 ! -name maildir ! -name server.log \
			! -name server.pid ! -name server.port ! -name .lock -printf '%f\n' | head -n 3)
		[ -z "$$other" ] ||
			die "SMTP_DIR=$$smtp_dir holds other files ($$(echo $$other)). It must be a folder used only for the SMTP server"
		if [ -e "$$pid_file" ]; then
			say "removing stale server.pid (pid $$(head -n 1 "$$pid_file" 2>/dev/null || echo ?) is gone or is not this server)"
		fi
		rm -f "$$pid_file" "$$port_file"
		say "starting the SMTP server on 127.0.0.1 (port $$([ "$$smtp_port" = 0 ] && echo 'picked by the kernel' || echo "$$smtp_port"); log: $$smtp_log, maildir: $$maildir)"
		# setsid: its own session, so neither Ctrl-C in make nor a closed terminal stops it.
		# It writes server.pid at once and server.port once it listens.
		(umask 077 && exec setsid "$$py" '$(SMTP_SERVER)' --port "$$smtp_port" --port-file "$$port_file" \
			--pid-file "$$pid_file" --maildir "$$maildir" </dev/null >>"$$smtp_log" 2>&1 9>&-) &
		launcher=$$!
		deadline=$$((SECONDS + smtp_timeout))
		until port=$$(smtp_running_port) && smtp_answers "$$port"; do
			if ! kill -0 "$$launcher" 2>/dev/null && ! smtp_running_pid >/dev/null; then
				echo "--- last lines of $$smtp_log:" >&2
				tail -n 20 "$$smtp_log" >&2 || true
				die "the SMTP server exited at start (see $$smtp_log)"
			fi
			if [ "$$SECONDS" -ge "$$deadline" ]; then
				pid=$$(smtp_running_pid) && kill -TERM "$$pid" 2>/dev/null || true
				echo "--- last lines of $$smtp_log:" >&2
				tail -n 20 "$$smtp_log" >&2 || true
				die "the SMTP server did not answer within $$smtp_timeout s (see $$smtp_log)"
			fi
			sleep 0.1
		done
	fi

	port=$$(smtp_running_port) ||
		die "an SMTP server is running (pid $$(smtp_running_pid)) but $$port_file is missing. Run make smtp-stop first"
	[ "$$smtp_port" = 0 ] || [ "$$smtp_port" = "$$port" ] ||
		die "the SMTP server is already running on port $$port, not SMTP_PORT=$$smtp_port. Run make smtp-stop first"
	smtp_answers "$$port" ||
		die "the SMTP server (pid $$(smtp_running_pid)) does not answer on 127.0.0.1:$$port (see $$smtp_log). Run make smtp-stop, then make smtp"
	echo "SMTP_URL=smtp://127.0.0.1:$$port"

smtp-stop: ## Stop the local SMTP server (does nothing if it is not running; the Maildir stays)
	@$(PG_FUNCS)
	$(SMTP_FUNCS)
	smtp_check_settings
	[ -e "$$smtp_dir" ] || exit 0
	smtp_check_access
	smtp_lock
	if pid=$$(smtp_running_pid); then
		say "stopping the SMTP server (pid $$pid)"
		kill -TERM "$$pid"
		deadline=$$((SECONDS + smtp_timeout))
		# Wait for the process itself: it removes server.pid just before it exits.
		while smtp_is_server "$$pid"; do
			if [ "$$SECONDS" -ge "$$deadline" ]; then
				say "pid $$pid did not stop within $$smtp_timeout s after SIGTERM; sending SIGKILL"
				kill -KILL "$$pid" 2>/dev/null || true
				sleep 0.5
				break
			fi
			sleep 0.1
		done
	fi
	# The server removes them when it stops; these are left only after a crash or SIGKILL.
	rm -f "$$pid_file" "$$port_file"

smtp-url: ## Print the running SMTP server's URL only (for scripts: make -s smtp-url)
	@$(PG_FUNCS)
	$(SMTP_FUNCS)
	if [ -e "$$smtp_dir" ] && ! { [ -r "$$smtp_dir" ] && [ -x "$$smtp_dir" ]; }; then
		die "$$smtp_dir belongs to $$(stat -c %U "$$smtp_dir") and $$(id -un) cannot read it. Run make as that user, or use another SMTP_DIR"
	fi
	port=$$(smtp_running_port) || die "no SMTP server is running for SMTP_DIR=$$smtp_dir (make smtp starts it)"
	echo "smtp://127.0.0.1:$$port"

# ---------------------------------------------------------------------------
# Replication (issue 19): the plain pair of Tools/ha/cluster.sh and the pg_auto_failover cluster of
# Tools/ha/autofailover.sh. The scripts hold the logic, so that tests and the bench call them directly.
# ---------------------------------------------------------------------------
HA_PAIR = HA_DB_NAME='$(DB_NAME)' HA_PORT1='$(HA_PORT1)' HA_PORT2='$(HA_PORT2)' '$(CURDIR)/Tools/ha/cluster.sh'
HA_FAILOVER = HA_DB_NAME='$(DB_NAME)' HA_AUTO_PORT='$(HA_AUTO_PORT)' '$(CURDIR)/Tools/ha/autofailover.sh'

ha-pair: ## Start a synchronous streaming-replication pair in HA_DIR (HA_ASYNC=1: asynchronous), print its two-host URL
	@$(PG_FUNCS)
	ensure_packages
	$(HA_PAIR) start '$(HA_DIR)' $(if $(HA_ASYNC),--async)

ha-pair-url: ## Print the pair's two-host URL (for scripts: make -s ha-pair-url)
	@$(HA_PAIR) url '$(HA_DIR)'

ha-pair-status: ## One line per node of the pair: role, running, stalled or stopped
	@$(HA_PAIR) status '$(HA_DIR)'

ha-pair-stop: ## Stop both servers of the pair, whatever state they are in (also after kill-primary)
	@$(HA_PAIR) stop '$(HA_DIR)'

ha-pair-destroy: ## DESTRUCTIVE: stop the pair and delete HA_DIR
	@$(HA_PAIR) destroy '$(HA_DIR)'

ha-up: ## Start a pg_auto_failover cluster (monitor, two nodes, 127.0.0.1 only) in HA_FAILOVER_DIR, print its URL
	@$(PG_FUNCS)
	ensure_packages
	ensure_auto_failover
	$(HA_FAILOVER) up '$(HA_FAILOVER_DIR)'

ha-url: ## Print the pg_auto_failover cluster's two-host URL
	@$(HA_FAILOVER) url '$(HA_FAILOVER_DIR)'

ha-primary: ## Print the name of the node the monitor holds primary (node1 or node2)
	@$(HA_FAILOVER) primary '$(HA_FAILOVER_DIR)'

ha-state: ## pg_autoctl show state for the pg_auto_failover cluster
	@$(HA_FAILOVER) state '$(HA_FAILOVER_DIR)'

ha-down: ## Stop every pg_autoctl and PostgreSQL of the pg_auto_failover cluster, delete HA_FAILOVER_DIR
	@$(HA_FAILOVER) down '$(HA_FAILOVER_DIR)'

# ORDERCTL given on the command line names a binary already built: no build then.
ha-demo: $(if $(filter command line,$(origin ORDERCTL)),,build) ## Failover demo: submit, crash the primary, check every acknowledged command is stored once
	@$(PG_FUNCS)
	ensure_packages
	ensure_auto_failover
	HA_DB_NAME='$(DB_NAME)' HA_AUTO_PORT='$(HA_AUTO_PORT)' Tools/ha/demo.sh '$(ORDERCTL)' '$(HA_FAILOVER_DIR)' '$(HA_DEMO_ORDERS)'

# A target that imports a module it does not declare fails the build: the Architecture section of the
# README says which module may import which, and this holds every build to it.
SWIFT_BUILD_FLAGS = --explicit-target-dependency-import-check error

build: ## Build orderctl (swift build)
	swift build $(SWIFT_BUILD_FLAGS)

PREFIX ?= /usr/local

install: ## Build a release orderctl and install it in PREFIX/bin (migrations in PREFIX/share/orderctl/sql)
	# The Swift runtime is linked in, so the installed binary needs only libpq and the C libraries.
	swift build -c release --static-swift-stdlib --product orderctl
	bin=$$(swift build -c release --show-bin-path)
	install -d '$(DESTDIR)$(PREFIX)/bin' '$(DESTDIR)$(PREFIX)/share/orderctl/sql'
	install -m 0755 "$$bin/orderctl" '$(DESTDIR)$(PREFIX)/bin/orderctl'
	install -m 0644 sql/*.sql '$(DESTDIR)$(PREFIX)/share/orderctl/sql/'
	echo "installed $(DESTDIR)$(PREFIX)/bin/orderctl; try: orderctl --help"

uninstall: ## Remove what make install put in PREFIX
	rm -f '$(DESTDIR)$(PREFIX)/bin/orderctl'
	rm -rf '$(DESTDIR)$(PREFIX)/share/orderctl'

migrate: db build ## Apply the migrations to the DB_NAME database
	'$(ORDERCTL)' migrate --database-url '$(DATABASE_URL)'

demo: db smtp build ## Demo on a new DB_NAME_demo database: migrate, submit DEMO_FILE, query DEMO_ORDERS, mail the customers
	@$(PG_FUNCS)
	bindir=$$(pg_bindir)
	orderctl='$(ORDERCTL)'
	owner_url='$(DEMO_DATABASE_URL)'
	# Everything after the migration runs as the least-privileged runtime role that migration 004 creates.
	url='$(DEMO_RUNTIME_URL)'

	echo
	echo "== Recreating the database $(DEMO_DB_NAME)"
	"$$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$$admin_url" -c 'SET client_min_messages = warning' \
		-c 'DROP DATABASE IF EXISTS "$(DEMO_DB_NAME)" WITH (FORCE)' \
		-c 'CREATE DATABASE "$(DEMO_DB_NAME)"'

	echo
	echo "== orderctl migrate (as the owner, postgres; every later command runs as $(RUNTIME_ROLE))"
	"$$orderctl" migrate --database-url "$$owner_url"

	echo
	echo "== orderctl submit $(DEMO_FILE) (the file has bad lines on purpose, so exit status 1 is expected)"
	status=0
	"$$orderctl" submit '$(DEMO_FILE)' --database-url "$$url" || status=$$?
	case $$status in
		0|1) echo "== submit exited with status $$status" ;;
		*) echo "demo: orderctl submit failed with exit status $$status" >&2; exit "$$status" ;;
	esac

	for id in $(DEMO_ORDERS); do
		echo
		echo "== orderctl query order $$id"
		"$$orderctl" query order "$$id" --database-url "$$url"
	done
	[ -n '$(strip $(DEMO_ORDERS))' ] || echo "== (DEMO_ORDERS is empty: no orders to query)"

	echo
	echo "== orderctl query customer $(DEMO_CUSTOMER) --format text"
	"$$orderctl" query customer '$(DEMO_CUSTOMER)' --format text --database-url "$$url"
	echo
	echo "== orderctl submit Fixtures/demo-customers.jsonl: customers register and change their contact details"
	echo "   (names, e-mails, phones and addresses are sealed in the events under a key per customer; the file"
	echo "   ends with an order's id used as a customer's, and a name that tries e-mail header injection)"
	status=0
	"$$orderctl" submit Fixtures/demo-customers.jsonl --database-url "$$url" || status=$$?
	[ "$$status" -le 1 ] || { echo "demo: submitting the customers failed with exit status $$status" >&2; exit "$$status"; }
	echo
	echo "== orderctl query customer $(DEMO_CUSTOMER) --format text (the contact beside the orders)"
	"$$orderctl" query customer '$(DEMO_CUSTOMER)' --format text --database-url "$$url"
	echo
	echo "== What the events table holds for $(DEMO_CUSTOMER): ciphertext, never the details"
	"$$bindir/psql" -X -q -d "$$url" -c "SELECT version, event_type, left(payload::text, 100) || '…' AS payload FROM events WHERE stream_id = '$(DEMO_CUSTOMER)' ORDER BY version"
	echo
	echo "== orderctl customer forget $(DEMO_FORGOTTEN_CUSTOMER) (destroys the key; the events stay, hash-chained)"
	"$$orderctl" customer forget '$(DEMO_FORGOTTEN_CUSTOMER)' --database-url "$$url"
	echo
	echo "== orderctl query customer $(DEMO_FORGOTTEN_CUSTOMER) (contact null, forgotten true; the orders remain)"
	"$$orderctl" query customer '$(DEMO_FORGOTTEN_CUSTOMER)' --database-url "$$url"
	echo
	echo "== orderctl replay $(DEMO_FORGOTTEN_CUSTOMER) --format text (the history is whole, the details are gone)"
	"$$orderctl" replay '$(DEMO_FORGOTTEN_CUSTOMER)' --format text --database-url "$$url"
	echo
	echo "== orderctl audit verify $(DEMO_FORGOTTEN_CUSTOMER) (the chain covers the ciphertext, so it still verifies)"
	"$$orderctl" audit verify '$(DEMO_FORGOTTEN_CUSTOMER)' --database-url "$$url"
	echo
	echo "== orderctl notify run --once: the outbox prepares a notification for each event that gives one, in commit"
	echo "   order, and mails it to the local SMTP server (guests' orders and the forgotten customer's are skipped)"
	smtp_url=smtp://127.0.0.1:$$(cat '$(SMTP_PORT_FILE)')
	"$$orderctl" notify run --once --smtp-url "$$smtp_url" --from orders@shop.example --database-url "$$url"
	echo
	echo "== orderctl notify status --format text"
	"$$orderctl" notify status --format text --database-url "$$url" || true
	echo
	echo "== orderctl notify list --format text"
	"$$orderctl" notify list --format text --database-url "$$url"
	echo
	confirmation=$$("$$orderctl" notify list --state sent --database-url "$$url" | grep '"template":"order_confirmation"' | head -1 \
		| sed 's/^{"id":"\([0-9a-f-]*\)".*/\1/')
	[ -n "$$confirmation" ] || { echo "demo: no order confirmation was sent" >&2; exit 1; }
	received=$$(grep -l -F "Message-ID: <$$confirmation@orderctl>" '$(SMTP_MAILDIR)'/new/* | head -1)
	[ -n "$$received" ] || { echo "demo: the SMTP server did not receive <$$confirmation@orderctl>" >&2; exit 1; }
	echo "== The order confirmation <$$confirmation@orderctl> as the SMTP server received it ($$received):"
	cat "$$received"
	echo

	echo
	echo "== orderctl query status confirmed --format text"
	"$$orderctl" query status confirmed --format text --database-url "$$url"

	echo
	echo "== orderctl submit: $(DEMO_WRITER_ORDERS) more orders ($$(( $(DEMO_WRITER_ORDERS) * 5 )) commands from Fixtures/generate-orders.sh), so the rebuild has work"
	sh Fixtures/generate-orders.sh $(DEMO_WRITER_ORDERS) 50 100001 | "$$orderctl" submit --database-url "$$url" > /dev/null

	echo
	echo "== orderctl projections status --format text (before: orders is live at version 1, the first release's shape;"
	echo "   this orderctl builds version 2, which adds the item count, so orders is stale. Live read models are"
	echo "   written inline by every append, so queries are current; lag counts events catch-up has not confirmed yet)"
	"$$orderctl" projections status --format text --database-url "$$url"

	echo
	echo "== A writer submits $(DEMO_WRITER_ORDERS) more orders ($$(( $(DEMO_WRITER_ORDERS) * 5 )) commands) while"
	echo "   orderctl projections rebuild runs: progress on stderr, one JSON report per read model on stdout"
	commands=$$(mktemp)
	trap 'rm -f "$$commands"' EXIT
	sh Fixtures/generate-orders.sh $(DEMO_WRITER_ORDERS) > "$$commands"
	"$$orderctl" submit "$$commands" --database-url "$$url" > /dev/null &
	writer=$$!
	"$$orderctl" projections rebuild --database-url "$$url"
	writer_status=0
	wait "$$writer" || writer_status=$$?
	echo "== the writer exited with status $$writer_status"
	[ "$$writer_status" -eq 0 ] || { echo "demo: the concurrent submit failed" >&2; exit "$$writer_status"; }

	echo
	echo "== orderctl projections catch-up (confirms every event the writer added is in every read model)"
	"$$orderctl" projections catch-up --database-url "$$url"
	echo
	echo "== orderctl projections status --format text (after)"
	"$$orderctl" projections status --format text --database-url "$$url"
	echo
	echo "== orderctl query order $(firstword $(DEMO_ORDERS)) --format text (version 2 shows the item count)"
	"$$orderctl" query order '$(firstword $(DEMO_ORDERS))' --format text --database-url "$$url"
	echo
	echo "== orderctl replay $(firstword $(DEMO_ORDERS)) --format text (the audit: every event with the running total)"
	"$$orderctl" replay '$(firstword $(DEMO_ORDERS))' --format text --database-url "$$url"
	echo
	echo "== orderctl audit verify --format text (recomputes every stream's hash chain)"
	"$$orderctl" audit verify --format text --database-url "$$url"
	echo
	echo "== Demo done. Database: $$url"

test: db smtp build ## Run swift test against the local cluster and SMTP server (tests make their own databases)
	@$(PG_FUNCS)
	# One failover test runs under pg_auto_failover's monitor (the others start plain pairs themselves).
	ensure_auto_failover
	log=.build/test-output.log
	status=0
	smtp_url=smtp://127.0.0.1:$$(cat '$(SMTP_PORT_FILE)')
	ORDERCTL_TEST_DATABASE_URL='$(ADMIN_URL)' ORDERCTL_TEST_SMTP_URL="$$smtp_url" ORDERCTL_TEST_SMTP_MAILDIR='$(SMTP_MAILDIR)' \
		ORDERCTL_BINARY='$(ORDERCTL)' swift test $(SWIFT_BUILD_FLAGS) 2>&1 | tee "$$log" || status=$$?
	# A CI log often keeps only its tail: repeat every failure there, with its details.
	if [ "$$status" -ne 0 ]; then
	  echo
	  echo "== failures (the whole output is in $$log)"
	  grep -A3 -E '✘|error:|fatal' "$$log" | grep -v -E '^(◇|✔)' | head -200 || true
	  grep -E '✘ Test run' "$$log" | tail -1 || true
	fi
	exit "$$status"

unit: build ## Run only the unit tests: no database, no SMTP server, no process (seconds)
	swift test $(SWIFT_BUILD_FLAGS) --skip 'PostgresStoreTests|SystemTests|CurlMailSenderTests'

soak: db smtp build ## The long fault and fuzz runs: ten times the kills, lines and rounds of make test (several minutes)
	smtp_url=smtp://127.0.0.1:$$(cat '$(SMTP_PORT_FILE)')
	ORDERCTL_SOAK_SCALE=10 ORDERCTL_TEST_DATABASE_URL='$(ADMIN_URL)' ORDERCTL_BINARY='$(ORDERCTL)' \
		ORDERCTL_TEST_SMTP_URL="$$smtp_url" ORDERCTL_TEST_SMTP_MAILDIR='$(SMTP_MAILDIR)' \
		swift test --filter 'FaultTests|SubmitFuzzTests|HostileInputTests'

bench: db ## Benchmark against PostgreSQL's own baseline, same run (several minutes): Bench/results/
	@$(PG_FUNCS)
	# The tools the benchmark needs beyond make db's; installed like make db's when missing.
	missing=()
	command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
	command -v bc >/dev/null || missing+=(bc)
	[ -x /usr/bin/time ] || missing+=(time)
	command -v python3 >/dev/null || missing+=(python3)
	if [ $${#missing[@]} -gt 0 ]; then
		sudo=()
		is_root || sudo=(sudo)
		say "installing $${missing[*]}"
		"$${sudo[@]}" apt-get update -q >/dev/null
		"$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$${missing[@]}" >/dev/null
	fi
	# The Swift runtime and FoundationEssentials linked in: resolving their symbols at every start was
	# a fifth of a short command's time (see the README's profile notes).
	swift build -c release --static-swift-stdlib --product orderctl
	# The notification figures start their own SMTP server with the python3 that sees aiosmtpd.
	SMTP_PYTHON='$(SMTP_PYTHON)' Bench/run.sh "$$(swift build -c release --show-bin-path)/orderctl" '$(ADMIN_URL)' "$$(pg_bindir)"

# The study behind docs/scaling.md: events as the migrations make it against the same table partitioned by
# global_position, at 1 and 10 million events. It runs on a cluster of its own (it stops it once, to move
# it to transaction id epoch 1), needs about 14 GB and 20 minutes, and leaves the cluster running with
# the data: `make db-destroy PG_DIR=$(PARTITION_PG_DIR)` removes it. SIZES, RUNS: see the script.
PARTITION_PG_DIR ?= /tmp/orderctl-partition-pg
bench-partitioning: ## Partitioning study of docs/scaling.md on its own cluster (20 minutes, 14 GB): Bench/partitioning/results/
	PG_DIR='$(PARTITION_PG_DIR)' DB_NAME=partition Bench/partitioning/run.sh

clean: ## Remove the build folder .build (the database stays)
	rm -rf .build
