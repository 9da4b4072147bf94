#!/bin/bash
#
# test_injection.sh - option values built to smuggle CLI commands (";",
# newlines, spaces, "\" escapes, CLI keywords) against a real HAProxy whose
# socket is at level admin. Each value is either rejected before anything
# is sent (exit 3, usage) or never reaches the socket: -vvv shows exactly
# the commands sent, which must all be read-only "show" commands with
# arguments from HAProxy's own name charset, and every server keeps its
# state.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_injection.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
ht_pick_port PORT_web1
ht_pick_port PORT_web2
ht_backend_start web1 "$PORT_web1"
ht_backend_start web2 "$PORT_web2"

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

backend app
    server web1 127.0.0.1:$PORT_web1 check
    server web2 127.0.0.1:$PORT_web2 check
EOF

S=$HX_SOCK
hx_wait_status app web1 UP
hx_wait_status app web2 UP

# server_states: "name op_state admin_state weight" of every server, from
# "show servers state", one per line: what a smuggled command would change.
server_states() {
	local line out=""
	local -a f
	while IFS= read -r line; do
		[[ $line == [0-9]*' '* ]] || continue
		read -r -a f <<<"$line"
		out+="${f[1]}/${f[3]} ${f[5]} ${f[6]} ${f[7]}"$'\n'
	done <<<"$(ht_cli "show servers state")"
	printf '%s' "$out"
}

# frontend_status: status of fe_web ("OPEN" unless someone disabled it).
frontend_status() { hx_field fe_web FRONTEND status; }

BEFORE=$(server_states)
FE_BEFORE=$(frontend_status)

# The commands the plugin may send: show info, show stat with or without a
# "<proxy> <mask> -1" filter (every proxy: "-1#"), show backend, show table;
# joined by ";".
NAME='[A-Za-z0-9._:-]+'
ONE="show info|show table|show backend|show stat|show stat ($NAME|-1#) -?[0-9]+ -1"
SENT_RE="^sent to [^:]+: (($ONE)(;($ONE))*)\$"

# check_sent: every "sent to" line shows only allowed commands; prints them.
check_sent() {
	local line sent=""
	while IFS= read -r line; do
		[[ $line == "sent to "* ]] || continue
		if [[ $line =~ $SENT_RE ]]; then
			sent+="${BASH_REMATCH[1]}"$'\n'
		else
			ht_fail "$(_ht_name "only read-only commands sent")" "line: $line
$(_ht_details)"
			return 1
		fi
	done <<<"$HT_OUT"
	ht_pass "$(_ht_name "only read-only commands sent")" "$(_ht_details)"
	SENT=${sent%$'\n'}
}

# hostile OPTION VALUE: the value is rejected as usage (exit 3) before any
# connection, or the check runs and sends only allowed commands.
hostile() {
	local opt=$1 value=$2
	ht_case "$opt $(printf '%q' "$value")"
	run_plugin -S "$S" -vvv "$opt=$value"
	check_sent
	if [[ $HT_RC == 3 ]]; then
		expect_first_line_match '^HAPROXY UNKNOWN - ' "rejected with one UNKNOWN line"
	else
		expect_first_line_match '^HAPROXY (OK|WARNING|CRITICAL) - ' "ran a normal check"
	fi
	expect_stderr_empty
}

# Rejected outright: not a name, not a metric, not a policy line.
for v in 'app;disable server app/web1' $'app\ndisable server app/web1' \
	'app disable server app/web1' 'app\;disable server app/web1' \
	'app/web1;shutdown sessions server app/web1' ''; do
	ht_case "--expect $(printf '%q' "$v")"
	run_plugin -S "$S" -vvv --expect="$v"
	expect_exit 3
	expect_first_line_match '^HAPROXY UNKNOWN - ' "one UNKNOWN line"
	expect_no_output_match '^sent to ' "nothing sent"
done
for arg in '-w=scur;disable server app/web1=10' $'-c=info.CurrConns\ndisable frontend fe_web=1' \
	'-w=info.Idle pct;set weight app/web1 0=10' \
	'--policy=server.up=ok;disable server app/web1' \
	'--perfdata=proxies;disable frontend fe_web'; do
	ht_case "$(printf '%q' "$arg")"
	run_plugin -S "$S" -vvv "$arg"
	expect_exit 3
	expect_no_output_match '^sent to ' "nothing sent"
done

# Accepted as regular expressions: they filter in the plugin, so the plain
# "show stat" is sent and the pattern matches nothing (UNKNOWN).
for v in 'app;disable server app/web1' $'app\ndisable server app/web1' \
	'app disable server app/web1' 'app\;disable server app/web1' 'app.*;shutdown frontend fe_web'; do
	hostile --proxy "$v"
	expect_exit 3
	[[ ${SENT:-} == "show stat" ]] && ht_pass "$(_ht_name "sent exactly 'show stat'")" ||
		ht_fail "$(_ht_name "sent exactly 'show stat'")" "sent: ${SENT:-}"
done
for v in 'web1;disable server app/web2' $'web1\nset server app/web2 state maint'; do
	hostile --server "$v"
	expect_exit 3
done
hostile --exclude-proxy 'x;disable frontend fe_web'
expect_exit 0

# CLI keywords as plain names are arguments of "show stat", never commands.
for v in shutdown disable clear; do
	hostile --proxy "$v"
	expect_exit 3
	want="show stat -1# 9 -1;show backend;show stat $v 6 -1"
	[[ ${SENT:-} == "$want" ]] && ht_pass "$(_ht_name "sent exactly '$want'")" ||
		ht_fail "$(_ht_name "sent exactly '$want'")" "sent: ${SENT:-}"
done
ht_case "--proxy app --expect disable"
run_plugin -S "$S" -vvv --proxy=app --expect=disable
check_sent
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - disable is missing' "the keyword is a missing proxy"
[[ ${SENT:-} == "show stat -1# 9 -1;show backend;show stat app 6 -1;show stat disable 6 -1" ]] &&
	ht_pass "$(_ht_name "sent exactly the two filtered dumps")" ||
	ht_fail "$(_ht_name "sent exactly the two filtered dumps")" "sent: ${SENT:-}"

# ---------------------------------------------------------------------------
ht_case "after every attempt"
AFTER=$(server_states)
if [[ $AFTER == "$BEFORE" && -n $BEFORE ]]; then
	ht_pass "every server kept its state" "$AFTER"
else
	ht_fail "every server kept its state" "before:
$BEFORE
after:
$AFTER"
fi
[[ $(frontend_status) == "$FE_BEFORE" ]] && ht_pass "fe_web kept its status ($FE_BEFORE)" ||
	ht_fail "fe_web kept its status" "now: $(frontend_status)"
run_plugin -S "$S"
expect_exit 0 "the check is still OK"

# The comparison above can see a change: make one through the admin socket.
ht_case "control: a real admin command changes the recorded state"
hx_disable_server app/web1
if [[ $(server_states) != "$BEFORE" ]]; then
	ht_pass "disable server shows in the server states"
else
	ht_fail "disable server shows in the server states" "$(server_states)"
fi
hx_enable_server app/web1

ht_finish
