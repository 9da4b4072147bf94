# shellcheck shell=bash
#
# lib.sh - shared setup of the end-to-end tests (make check-e2e).
#
# Sourced by tests/e2e/*.sh after nothing else; it sources
# tests/integration/lib.sh (processes in their own process groups, killed
# by pid; the temporary directory; "ok N - ..." lines; "N passed, N failed").
#
# These tests need root (they start Icinga 2, Nagios and nrpe with private
# configurations, create a mail user and let nrpe drop to user nagios) and
# the packages of "tools/install-deps --e2e". A missing tool is a failure,
# not a skip: check-e2e is only run where they were installed.
#
# Environment: PLUGIN (the built plugin), top_srcdir (source tree; default:
# two levels up), plus what integration/lib.sh reads (HAPROXY, KEEP_TMP...).

# shellcheck source=../integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

# shellcheck disable=SC2034 # read by integration/lib.sh and the tests
REQUIRE_HAPROXY=1
# shellcheck disable=SC2034
E2E_SRCDIR=$(cd "${top_srcdir:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
E2E_T0=$(date +%s%N)

# e2e_init PROG...: ht_init, root check, every PROG found (PATH, /usr/sbin,
# /usr/lib/nagios/plugins) and stored in E2E_<PROG with - as _>; HT_TMP is
# made traversable so that unprivileged daemons reach their files in it.
# shellcheck disable=SC2034 # E2E_WAIT_DETAIL is read by e2e_wait
E2E_WAIT_DETAIL=""
e2e_init() {
	local p var
	ht_init
	if [[ $(id -u) -ne 0 ]]; then
		ht_bail "must run as root (starts daemons as other users, creates a mail user)"
	fi
	for p in "$@"; do
		var=E2E_${p//-/_}
		printf -v "$var" '%s' ""
		ht_find_prog "$var" "$p" /usr/sbin /sbin /usr/lib/nagios/plugins ||
			ht_bail "$p is not installed: run tools/install-deps --e2e"
	done
	chmod 711 "$HT_TMP"
}

# e2e_elapsed: seconds since the script started, one decimal.
e2e_elapsed() {
	local ms=$((($(date +%s%N) - E2E_T0) / 1000000))
	printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# e2e_haproxy: the HAProxy under test. A frontend fe_main (port FE_PORT)
# in front of backend app-main with servers nginx1 and nginx2 (real
# listeners), the admin socket HX_SOCK (root only) and the socket the README
# recommends for monitoring, MON_SOCK:
#     stats socket MON_SOCK mode 660 level user group nagios
e2e_haproxy() {
	ht_pick_port FE_PORT
	ht_pick_port NGINX1_PORT
	ht_pick_port NGINX2_PORT
	ht_backend_start nginx1 "$NGINX1_PORT"
	ht_backend_start nginx2 "$NGINX2_PORT"
	MON_SOCK=$HT_TMP/monitor.sock
	# shellcheck disable=SC2034 # read by hx_start
	HX_GLOBAL_EXTRA="    stats socket $MON_SOCK mode 660 level user group nagios"
	hx_start <<EOF
frontend fe_main
    bind 127.0.0.1:$FE_PORT
    default_backend app-main

backend app-main
    balance roundrobin
    server nginx1 127.0.0.1:$NGINX1_PORT check
    server nginx2 127.0.0.1:$NGINX2_PORT check
EOF
	hx_wait_status app-main nginx1 UP || ht_bail "nginx1 not UP"
	hx_wait_status app-main nginx2 UP || ht_bail "nginx2 not UP"
}

# e2e_server_down PROXY/SERVER: take a server down through the admin socket
# and hold it there: health checks off, health forced down ("DOWN").
e2e_server_down() {
	hx_admin "disable health $1" && hx_admin "set server $1 health down"
}

# e2e_server_up PROXY/SERVER: undo e2e_server_down.
e2e_server_up() {
	hx_admin "set server $1 health up" && hx_admin "enable health $1"
}

# e2e_wait TIMEOUT_S NAME CMD...: run CMD every 0.1 s until it succeeds or
# TIMEOUT_S pass; record NAME as passed (with the time it took) or failed.
# E2E_WAIT_DETAIL, when set by CMD, is shown on failure.
e2e_wait() {
	local limit=$(($1 * 10)) name=$2 i t0 ms
	shift 2
	E2E_WAIT_DETAIL=""
	t0=$(date +%s%N)
	for ((i = 0; i < limit; i++)); do
		if "$@"; then
			ms=$((($(date +%s%N) - t0) / 1000000))
			ht_pass "$(_ht_name "$name (${ms} ms)")"
			return 0
		fi
		sleep 0.1
	done
	ht_fail "$(_ht_name "$name (not within $((limit / 10)) s)")" "$E2E_WAIT_DETAIL"
	return 1
}

# e2e_expect NAME TEXT ERE: record whether TEXT matches ERE (multi-line).
e2e_expect() {
	if [[ $2 =~ $3 ]]; then
		ht_pass "$(_ht_name "$1")"
	else
		ht_fail "$(_ht_name "$1")" "wanted /$3/ in:
$2"
	fi
}

# e2e_perf_labels PERFDATA...: print the label of every perfdata item (one
# per argument or blank-separated), quotes removed, one per line, sorted.
e2e_perf_labels() {
	local item label
	# shellcheck disable=SC2048 # word splitting is the point
	for item in $*; do
		label=${item%%=*}
		label=${label#\'}
		printf '%s\n' "${label%\'}"
	done | sort
}

# Expected perfdata labels for --proxy fe_main --proxy app-main.
# shellcheck disable=SC2034 # read by the tests
E2E_LABELS=$(printf '%s\n' be:app-main:rate be:app-main:scur be:app-main:up \
	fe:fe_main:rate fe:fe_main:scur | sort)
