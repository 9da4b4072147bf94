#!/bin/bash
#
# test_planning.sh - the commands a default check sends to a real HAProxy,
# seen on the wire through a logging socat between the plugin and the
# stats socket (-vv would change the plan: it lists every object).
#
# With every server plainly UP, "show servers state" stands in for the
# server rows of "show stat" (a third of HAProxy's time); as soon as a
# server is anything else the plugin asks again with the server rows. In
# every case the answer must be the one the full dump gives (the full dump
# is forced with a server selection that matches every server).
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_planning.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
for s in web1 web2 web3 bk1; do
	ht_pick_port "PORT_$s"
	port_var="PORT_$s"
	ht_backend_start "$s" "${!port_var}"
done

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

backend app
    server web1 127.0.0.1:$PORT_web1 check
    server web2 127.0.0.1:$PORT_web2 check
    server web3 127.0.0.1:$PORT_web3 check
    server bk1 127.0.0.1:$PORT_bk1 check backup
EOF
for s in web1 web2 web3 bk1; do
	hx_wait_status app "$s" UP
done

# The spy: a socat that logs what the plugin sends, then passes it on.
SPY=$HT_TMP/spy.sock
ht_spawn spy "$SOCAT" -v UNIX-LISTEN:"$SPY",fork UNIX-CONNECT:"$HX_SOCK"
for ((i = 0; i < 50; i++)); do
	[[ -S $SPY ]] && break
	sleep 0.1
done

# sent: sets SENT to the command lines the spy saw since the last call,
# one per line.
SPY_SEEN=0
sent() {
	local line out="" n=0
	while IFS= read -r line; do
		n=$((n + 1))
		((n <= SPY_SEEN)) && continue
		[[ $line == show* ]] && out+="${line%$'\r'}"$'\n'
	done <"$HT_TMP/spy.log"
	SPY_SEEN=$n
	SENT=${out%$'\n'}
}

# same_as_full: the last output equals the output of the full dump.
same_as_full() {
	local fast=$HT_OUT
	run_plugin -S "$HX_SOCK" --server '.*'
	if [[ $HT_OUT == "$fast" ]]; then
		ht_pass "$(_ht_name "same answer as the full dump")"
	else
		ht_fail "$(_ht_name "same answer as the full dump")" "fast:
$fast
full:
$HT_OUT"
	fi
}

expect_sent() {
	local want=$1 got
	sleep 0.2 # socat -v writes its log as the bytes pass
	sent
	got=$SENT
	if [[ $got == "$want" ]]; then
		ht_pass "$(_ht_name "sent: ${want//$'\n'/ then }")"
	else
		ht_fail "$(_ht_name "sent: ${want//$'\n'/ then }")" "the spy saw:
$got"
	fi
}

# ---------------------------------------------------------------------------
ht_case "every server plainly UP"
sent
run_plugin -S "$SPY"
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 frontend, 1 backend, 4 servers \(4 UP\) checked\|'
expect_output_match 'be:app:up=3;;;0;3' "be:app:up counts the 3 active servers"
expect_sent "show servers state
show stat -1 11 -1"
same_as_full

ht_case "a threshold on the frontend keeps the short plan"
run_plugin -S "$SPY" -w fe_web/FRONTEND -w frontend.scur=100
expect_exit 3 # "fe_web/FRONTEND" is not a range: usage
sent
run_plugin -S "$SPY" -w frontend.scur=100 -c backend.act=2:
expect_exit 0
expect_sent "show servers state
show stat -1 11 -1"

ht_case "a server in MAINT"
hx_disable_server app/web1
run_plugin -S "$SPY"
expect_exit 0
expect_output_match '^\[OK\] app/web1 MAINT$' "the MAINT server is listed"
expect_sent "show servers state
show stat"
same_as_full
hx_enable_server app/web1
hx_wait_status app web1 UP

ht_case "a server that stopped listening"
ht_backend_kill web2
hx_wait_status app web2 'DOWN'
run_plugin -S "$SPY"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/web2 DOWN \(L4CON'
expect_sent "show servers state
show stat"
same_as_full

ht_case "a server rule asks for the server rows at once"
run_plugin -S "$SPY" -w server.qcur=10
expect_exit 1
expect_sent "show stat"

ht_finish
