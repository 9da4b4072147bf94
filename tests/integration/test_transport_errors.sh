#!/bin/bash
#
# test_transport_errors.sh - how check_haproxy_stat reaches the stats socket
# and every way that can fail: missing socket, permission denied, stale
# socket, not a socket, hanging peer (timeout), non-CSV / empty / truncated
# answers, TCP over IPv4 and IPv6, refused TCP port, unresolvable host, bad
# command-line options, and the same answers through --input. HAProxy not
# running (connection refused) is CRITICAL, policy haproxy.refused; a
# missing socket path UNKNOWN, policy haproxy.missing. A host name whose
# first address drops SYNs still reaches HAProxy on the next one, and a
# saturated CLI ('stats maxconn') is named as such.
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

ht_case "socket path missing, --policy haproxy.missing=critical"
run_plugin -S "$T/nonexistent.sock" --policy haproxy.missing=critical
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - stats socket .* does not exist'

# ---------------------------------------------------------------------------
# Permission denied: admin.sock is mode 600, owned by us.  As root, run the
# plugin as nobody; otherwise take our own write permission away.
if [[ $(id -u) == 0 ]]; then
	chmod 711 "$T"   # let nobody traverse: the socket mode must be the cause
	NOBODY_PLUGIN=$PLUGIN
	run_plugin_as nobody "$NOBODY_PLUGIN" -V
	if [[ $HT_RC == 126 || $HT_RC == 127 ]]; then
		# not under $T: a case below closes $T to nobody (mode 700)
		NOBODY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/htnb.XXXXXX") && chmod 755 "$NOBODY_DIR"
		ht_on_cleanup() { rm -rf -- "$NOBODY_DIR"; }
		NOBODY_PLUGIN=$NOBODY_DIR/check_haproxy_stat.nobody
		cp "$PLUGIN" "$NOBODY_PLUGIN" && chmod 755 "$NOBODY_PLUGIN"
		run_plugin_as nobody "$NOBODY_PLUGIN" -V
	fi
	if [[ $HT_RC == 126 || $HT_RC == 127 ]]; then
		ht_note "SKIP permission sub-case: user nobody cannot execute the plugin"
	else
		ht_case "socket mode 600 (root), plugin run as nobody"
		run_plugin_as nobody "$NOBODY_PLUGIN" -S "$S"
		expect_unknown_error "permission denied"
		expect_first_line_match "add a separate line 'stats socket $T/monitor.sock mode 660 level user group nagios'" \
			"advice: a separate user-level socket, not redeclaring admin.sock"
		expect_first_line_match "put the plugin's user in group nagios"
		expect_first_line_no_match "directory"

		# the directory, not the socket, keeps nobody out: blame it
		chmod 700 "$T"
		chmod 666 "$S"
		ht_case "socket mode 666 in a directory of mode 700, plugin run as nobody"
		run_plugin_as nobody "$NOBODY_PLUGIN" -S "$S"
		expect_unknown_error "permission denied"
		expect_first_line_match "may not enter the directory $T \\(no search permission, mode 0700\\)"
		expect_first_line_no_match "'stats socket"
		chmod 600 "$S"
	fi
	chmod 700 "$T"
else
	chmod 000 "$S"
	ht_case "socket mode 000, plugin run as its owner"
	run_plugin -S "$S"
	expect_unknown_error "permission denied"
	expect_first_line_match "add a separate line 'stats socket .* mode 660 level user group nagios'"
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
ht_case "stale socket (HAProxy killed): CRITICAL"
run_plugin -S "$STALE"
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - connection refused by .*stale.sock: HAProxy is not running'
expect_first_line_match 'socket file behind'
expect_single_line
expect_stderr_empty

ht_case "stale socket, --policy haproxy.refused=unknown"
run_plugin -S "$STALE" --policy haproxy.refused=unknown
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - connection refused'

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

ht_case "--input dump cut in the middle of a row"
run_plugin --input "$TRUNC_MID"
expect_unknown_error "truncated"

ht_case "--input - with a dump cut in the middle of a row on stdin"
run_plugin_stdin "$TRUNC_MID" --input -
expect_unknown_error "truncated"

# A file that ends after a whole row, without the empty line, is what the
# stats page exports (no empty line there): judged like the full answer.
run_plugin --input "$FULL"
full_out=$HT_OUT full_rc=$HT_RC
ht_case "--input without the final empty line (a page export) is judged like the full dump"
run_plugin --input "$TRUNC"
expect_exit "$full_rc"
if [[ $HT_OUT == "$full_out" ]]; then
	ht_pass "$HT_CASE: same output"
else
	ht_fail "$HT_CASE: same output" "full: $full_out
without the empty line: $HT_OUT"
fi

ht_case "--input missing file"
run_plugin --input "$T/no-such-dump.csv"
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - '
expect_single_line

# ---------------------------------------------------------------------------
ht_pick_port UNUSED_PORT
ht_case "TCP port with nothing listening: CRITICAL"
run_plugin -H 127.0.0.1 -p "$UNUSED_PORT"
expect_exit 2
expect_first_line_match "^HAPROXY CRITICAL - connection refused by 127.0.0.1:$UNUSED_PORT: nothing listens there"
expect_first_line_no_match 'socket file'
expect_first_line_match '\(the same when retried once\)$' 'a retry that failed the same way is not said twice'
expect_single_line
expect_stderr_empty

ht_case "TCP port with nothing listening, --policy haproxy.refused=unknown"
run_plugin -H 127.0.0.1 -p "$UNUSED_PORT" --policy haproxy.refused=unknown
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - connection refused'

ht_case "unresolvable host"
run_plugin -H nonexistent.invalid -p "$HX_STATS_PORT" -t 5
expect_unknown_error "resolve"

# ---------------------------------------------------------------------------
# Saturated CLI: a HAProxy with 'stats maxconn 1' whose one slot a silent
# client holds accepts the plugin's connection into its backlog and never
# answers.
TINY=$T/tiny.sock
cat >"$T/tiny.cfg" <<EOF
global
    nbthread 1
    stats maxconn 1
    stats timeout 1m
    stats socket $TINY mode 600 level user
EOF
ht_spawn tiny "$HAPROXY" -db -f "$T/tiny.cfg"
for ((i = 0; i < 50; i++)); do
	[[ $(ht_cli "show info" "$TINY" 2>/dev/null) == *"Name: HAProxy"* ]] && break
	sleep 0.1
done
ht_spawn occupant "$SOCAT" -u "EXEC:sleep 30" "UNIX-CONNECT:$TINY"
sleep 0.5
ht_case "stats maxconn exhausted, -t 2"
run_plugin -S "$TINY" -t 2
expect_exit 2
expect_first_line_match "^HAPROXY CRITICAL - timed out waiting for $TINY to answer: it accepted the connection and the command but sent nothing"
expect_first_line_match "saturated \(every 'stats maxconn' slot taken, 10 by default\) or hung"
expect_single_line
expect_elapsed_below 4000

# ---------------------------------------------------------------------------
# Every address of a host name within the one deadline: localhost is ::1
# then 127.0.0.1; ::1 drops SYNs (fake_peer's noaccept listener on
# [::1]:PORT, its backlog of 0 filled by one queued connection), HAProxy's
# TCP stats socket is 127.0.0.1:PORT. When /etc/hosts lacks that order, a
# private mount namespace (root, unshare) gives the plugin a hosts file
# that has it; otherwise the case is skipped.
BH_RUN=()
BH_SKIP=""
# localhost_order: the addresses of localhost, in getaddrinfo's order.
localhost_order() {
	local addr rest seen=""
	while read -r addr rest; do
		[[ " $seen " == *" $addr "* ]] || seen+="${seen:+ }$addr"
	done < <("$@" getent ahosts localhost 2>/dev/null)
	printf '%s' "$seen"
}
if ! ht_have_ipv6; then
	BH_SKIP="no ::1 on this machine"
elif [[ -z ${FAKE_PEER:-} || ! -x ${FAKE_PEER:-} ]]; then
	BH_SKIP="tests/fake_peer not built (FAKE_PEER unset)"
elif [[ $(localhost_order) == "::1 127.0.0.1" ]]; then
	ht_note "/etc/hosts: localhost is ::1, then 127.0.0.1"
else
	printf '::1 localhost\n127.0.0.1 localhost\n' >"$T/hosts"
	BH_RUN=(unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$T/hosts")
	if [[ $(id -u) == 0 ]] && [[ $(localhost_order "${BH_RUN[@]}") == "::1 127.0.0.1" ]]; then
		ht_note "/etc/hosts maps localhost to $(localhost_order) only: the plugin runs in a private mount namespace with $T/hosts (::1, then 127.0.0.1)"
	else
		BH_SKIP="localhost is not ::1 then 127.0.0.1 here ($(localhost_order)), and no root and unshare to give the plugin a hosts file where it is"
	fi
fi

# black_hole PORT: [::1]:PORT drops SYNs; false when the kernel still
# completes connections there.
black_hole() {
	local i
	ht_spawn "blackhole-$1" "$FAKE_PEER" --tcp "[::1]:$1" --mode noaccept
	for ((i = 0; i < 50; i++)); do
		[[ -n $("$HT_SS" -Hltn "src [::1]:$1" 2>/dev/null) ]] && break
		sleep 0.1
	done
	# one queued connection fills a backlog of 0
	ht_spawn "hole-filler-$1" bash -c "exec 3<>/dev/tcp/::1/$1 && exec sleep 60"
	sleep 0.3
	! "$HT_TIMEOUT" 1 bash -c "exec 3<>/dev/tcp/::1/$1" 2>/dev/null
}

if [[ -n $BH_SKIP ]]; then
	ht_note "SKIP black-holed ::1 cases: $BH_SKIP"
elif ! black_hole "$HX_STATS_PORT"; then
	ht_note "SKIP black-holed ::1 cases: connections to [::1]:$HX_STATS_PORT still complete (no SYN dropped on a full backlog)"
else
	_ht_wrapper_words
	ht_case "-H localhost, ::1 drops SYNs, HAProxy on 127.0.0.1, -t 6"
	_ht_exec /dev/null "${BH_RUN[@]}" "${HT_WRAP[@]}" "$PLUGIN" -H localhost -p "$HX_STATS_PORT" -t 6
	expect_exit 0
	expect_first_line_match '^HAPROXY OK - '
	expect_stderr_empty
	expect_elapsed_below 6000

	ht_case "-H localhost, ::1 drops SYNs, 127.0.0.1 refuses, -t 2"
	if black_hole "$UNUSED_PORT"; then
		_ht_exec /dev/null "${BH_RUN[@]}" "${HT_WRAP[@]}" "$PLUGIN" -H localhost -p "$UNUSED_PORT" -t 2
		expect_exit 2
		expect_first_line_match "^HAPROXY CRITICAL - timed out connecting to localhost:$UNUSED_PORT"
		expect_first_line_match "tried \[::1\]:$UNUSED_PORT timed out; 127.0.0.1:$UNUSED_PORT Connection refused"
		expect_elapsed_below 3500
	else
		ht_fail "setup: [::1]:$UNUSED_PORT drops SYNs"
	fi
fi

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
