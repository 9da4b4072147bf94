#!/bin/bash
#
# test_transport_errors.sh - how check_haproxy_stat reaches the stats socket
# and every way that can fail: missing socket, permission denied, stale
# socket, not a socket, hanging peer (timeout), non-CSV / empty / truncated
# answers, TCP over IPv4 and IPv6, refused TCP port, unresolvable host, bad
# command-line options, and the same answers through --input.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_transport_errors.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
ht_pick_port PORT_web1
ht_backend_start web1 "$PORT_web1"

HX_IPV6=1 hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

backend app
    server web1 127.0.0.1:$PORT_web1 check
EOF

S=$HX_SOCK
T=$HT_TMP
hx_wait_status app web1 UP

# ---------------------------------------------------------------------------
# Control: the real socket works, over unix and TCP.
ht_case "unix socket (control)"
run_plugin -S "$S"
expect_exit 0
expect_first_line_match '^HAPROXY OK - '
expect_stderr_empty

ht_case "TCP -H 127.0.0.1 -p $HX_STATS_PORT"
run_plugin -H 127.0.0.1 -p "$HX_STATS_PORT"
expect_exit 0
expect_first_line_match '^HAPROXY OK - '
expect_output_match "$(ht_perf_re be:app:up)1([^0-9]|$)" "perfdata be:app:up=1 read over TCP"

ht_case "TCP --hostname=127.0.0.1 --port=$HX_STATS_PORT"
run_plugin --hostname=127.0.0.1 --port="$HX_STATS_PORT"
expect_exit 0

if [[ -n $HX_STATS6_PORT ]] && ht_port_listening "$HX_STATS6_PORT"; then
	ht_case "TCP -H ::1 -p $HX_STATS6_PORT (IPv6)"
	run_plugin -H ::1 -p "$HX_STATS6_PORT"
	expect_exit 0
	expect_first_line_match '^HAPROXY OK - '
else
	ht_note "SKIP IPv6 sub-case: no ::1 on this machine or haproxy did not bind ipv6@[::1]"
fi

# ---------------------------------------------------------------------------
ht_case "socket path missing"
run_plugin -S "$T/nonexistent.sock"
expect_unknown_error "does not exist"

# ---------------------------------------------------------------------------
# Permission denied: admin.sock is mode 600, owned by us.  As root, run the
# plugin as nobody; otherwise take our own write permission away.
if [[ $(id -u) == 0 ]]; then
	chmod 711 "$T"   # let nobody traverse: the socket mode must be the cause
	NOBODY_PLUGIN=$PLUGIN
	run_plugin_as nobody "$NOBODY_PLUGIN" -V
	if [[ $HT_RC == 126 || $HT_RC == 127 ]]; then
		NOBODY_PLUGIN=$T/check_haproxy_stat.nobody
		cp "$PLUGIN" "$NOBODY_PLUGIN" && chmod 755 "$NOBODY_PLUGIN"
		run_plugin_as nobody "$NOBODY_PLUGIN" -V
	fi
	if [[ $HT_RC == 126 || $HT_RC == 127 ]]; then
		ht_note "SKIP permission sub-case: user nobody cannot execute the plugin"
	else
		ht_case "socket mode 600 (root), plugin run as nobody"
		run_plugin_as nobody "$NOBODY_PLUGIN" -S "$S"
		expect_unknown_error "permission denied"
	fi
	chmod 700 "$T"
else
	chmod 000 "$S"
	ht_case "socket mode 000, plugin run as its owner"
	run_plugin -S "$S"
	expect_unknown_error "permission denied"
	chmod 600 "$S"
fi

# ---------------------------------------------------------------------------
# Stale socket: a haproxy that was killed leaves its socket file behind.
STALE=$T/stale.sock
cat >"$T/stale.cfg" <<EOF
global
    nbthread 1
    stats socket $STALE mode 600 level admin
EOF
ht_spawn stale "$HAPROXY" -db -f "$T/stale.cfg"
stale_pid=$HT_LAST_PID
for ((i = 0; i < 50; i++)); do
	[[ $(ht_cli "show info" "$STALE" 2>/dev/null) == *"Name: HAProxy"* ]] && break
	sleep 0.1
done
ht_kill_pid "$stale_pid"
ht_forget_pid "$stale_pid"
if [[ -S $STALE ]]; then
	ht_pass "setup: killed haproxy left the stale socket $STALE"
else
	ht_fail "setup: killed haproxy left the stale socket $STALE"
fi
ht_case "stale socket (nobody listening)"
run_plugin -S "$STALE"
expect_unknown_error "connection refused"

# ---------------------------------------------------------------------------
: >"$T/regular.sock"
ht_case "socket path is a regular file"
run_plugin -S "$T/regular.sock"
expect_unknown_error "not a socket"

mkdir "$T/dir.sock"
ht_case "socket path is a directory"
run_plugin -S "$T/dir.sock"
expect_unknown_error "not a socket"

# ---------------------------------------------------------------------------
# A peer that accepts and never answers.
ht_fake_socket hang 'exec sleep 60'
HANG=$HT_FAKE_SOCK

ht_case "hanging socket, -t 2"
run_plugin -S "$HANG" -t 2
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*timed out'
expect_single_line
expect_stderr_empty
expect_elapsed_below 4000

ht_case "hanging socket, -t 2:UNKNOWN"
run_plugin -S "$HANG" -t 2:UNKNOWN
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - .*timed out'
expect_elapsed_below 4000

ht_case "hanging socket, --timeout=2:CRITICAL"
run_plugin -S "$HANG" --timeout=2:CRITICAL
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*timed out'
expect_elapsed_below 4000

ht_pick_port HANG_PORT
ht_fake_tcp hang-tcp "$HANG_PORT" 'exec sleep 60'
ht_case "hanging TCP peer, -H 127.0.0.1 -p $HANG_PORT -t 2"
run_plugin -H 127.0.0.1 -p "$HANG_PORT" -t 2
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*timed out'
expect_elapsed_below 4000

# ---------------------------------------------------------------------------
# Fake servers that read the command line and answer from a file.
FULL=$T/full.csv
TRUNC=$T/truncated.csv
TRUNC_MID=$T/truncated-mid-row.csv
TEXT=$T/text.txt
EMPTY=$T/empty.txt
ht_cli "show stat" "$S" >"$FULL"
dump=$(cat "$FULL")                     # command substitution drops the final empty line
printf '%s\n' "$dump" >"$TRUNC"
printf '%s' "${dump:0:${#dump}-25}" >"$TRUNC_MID"
printf 'Permission denied\n\n' >"$TEXT"
: >"$EMPTY"
full_tail=$(tail -c 2 "$FULL" | od -An -tx1)
if [[ $full_tail == *"0a 0a"* && -s $TRUNC && -s $TRUNC_MID ]]; then
	ht_pass "setup: saved dump ends with the empty line, truncated copies made"
else
	ht_fail "setup: saved dump ends with the empty line" "last bytes: $full_tail"
fi

serve() { # serve NAME FILE
	ht_fake_socket "$1" "IFS= read -r line
exec cat '$2'"
}

serve full "$FULL"
ht_case "fake socket serving a complete dump (control)"
run_plugin -S "$HT_FAKE_SOCK"
expect_exit 0
expect_first_line_match '^HAPROXY OK - '

serve text "$TEXT"
ht_case "answer is not CSV ('Permission denied')"
run_plugin -S "$HT_FAKE_SOCK"
expect_unknown_error "unexpected"

ht_fake_socket empty 'IFS= read -r line
exit 0'
ht_case "answer closes without data"
run_plugin -S "$HT_FAKE_SOCK"
expect_unknown_error "empty"

serve trunc "$TRUNC"
ht_case "answer lacks the terminating empty line"
run_plugin -S "$HT_FAKE_SOCK"
expect_unknown_error "truncated"

serve trunc-mid "$TRUNC_MID"
ht_case "answer cut in the middle of a row"
run_plugin -S "$HT_FAKE_SOCK"
expect_unknown_error "truncated"

# ---------------------------------------------------------------------------
# The same answers through --input.
ht_case "--input complete dump (control)"
run_plugin --input "$FULL"
expect_exit 0

ht_case "--input non-CSV file"
run_plugin --input "$TEXT"
expect_unknown_error "unexpected"

ht_case "--input empty file"
run_plugin --input "$EMPTY"
expect_unknown_error "empty"

ht_case "--input truncated dump"
run_plugin --input "$TRUNC"
expect_unknown_error "truncated"

ht_case "--input - with a truncated dump on stdin"
run_plugin_stdin "$TRUNC" --input -
expect_unknown_error "truncated"

ht_case "--input missing file"
run_plugin --input "$T/no-such-dump.csv"
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - '
expect_single_line

# ---------------------------------------------------------------------------
ht_pick_port UNUSED_PORT
ht_case "TCP port with nothing listening"
run_plugin -H 127.0.0.1 -p "$UNUSED_PORT"
expect_unknown_error "connection refused"

ht_case "unresolvable host"
run_plugin -H nonexistent.invalid -p "$HX_STATS_PORT" -t 5
expect_unknown_error "resolve"

# ---------------------------------------------------------------------------
ht_case "unknown option --bogus"
run_plugin -S "$S" --bogus
expect_exit 3
expect_output_match 'Usage'

ht_case "inverted range -w 20:10"
run_plugin -S "$S" -w 20:10
expect_exit 3
expect_output_match 'Usage'
expect_stderr_empty

ht_case "bad range -w abc"
run_plugin -S "$S" -w abc
expect_exit 3
expect_output_match 'Usage'
expect_stderr_empty

ht_case "bad range -c abc"
run_plugin -S "$S" -c abc
expect_exit 3
expect_output_match 'Usage'

ht_case "bad timeout -t abc"
run_plugin -S "$S" -t abc
expect_exit 3
expect_output_match 'Usage'

ht_case "bad timeout state -t 2:BOGUS"
run_plugin -S "$S" -t 2:BOGUS
expect_exit 3

ht_case "bad policy state --policy server.maint=bogus"
run_plugin -S "$S" --policy server.maint=bogus
expect_exit 3

ht_case "-h"
run_plugin -h
expect_output_match 'Usage'
expect_output_match '--socket'
if [[ $HT_RC == 0 || $HT_RC == 3 ]]; then
	ht_pass "$HT_CASE: exit code 0 or 3 (got $HT_RC)"
else
	ht_fail "$HT_CASE: exit code 0 or 3 (got $HT_RC)"
fi

ht_case "-V"
run_plugin -V
expect_output_match 'check_haproxy_stat'
if [[ $HT_RC == 0 || $HT_RC == 3 ]]; then
	ht_pass "$HT_CASE: exit code 0 or 3 (got $HT_RC)"
else
	ht_fail "$HT_CASE: exit code 0 or 3 (got $HT_RC)"
fi

ht_finish
