#!/bin/bash
#
# test_planning.sh - the commands a default check sends to a real HAProxy,
# seen on the wire through a logging socat between the plugin and the
# stats socket (-vv would change the plan: it lists every object).
#
# With every server plainly UP, "show servers state" stands in for the
# server rows of "show stat" (a third of HAProxy's time); a server it cannot
# stand in for gets the rows of its backend, asked for by the backend's
# numeric id ("show stat <iid> 4 -1") before the main dump; beyond 16 such
# backends, or when the answers disagree, the plugin asks for the full dump.
# In every case the answer must be the one the full dump gives (the full
# dump is forced with a server selection that matches every server).
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
APP_ID=$(hx_field app BACKEND iid)

# spy_start NAME: the spy, a socat that logs what the plugin sends to the
# current HAProxy ($HX_SOCK) in $HT_TMP/NAME.log, then passes it on; sets
# SPY (its socket) and starts reading its log from the beginning.
spy_start() {
	local i
	SPY=$HT_TMP/$1.sock
	SPY_LOG=$1.log
	SPY_SEEN=0
	ht_spawn "$1" "$SOCAT" -v UNIX-LISTEN:"$SPY",fork UNIX-CONNECT:"$HX_SOCK"
	for ((i = 0; i < 50; i++)); do
		[[ -S $SPY ]] && return 0
		sleep 0.1
	done
	ht_bail "the spy $SPY did not appear" "$(cat "$HT_TMP/$1.log" 2>/dev/null)"
}
spy_start spy

# sent: sets SENT to the command lines the spy saw since the last call,
# one per line.
# SPY_NEXT is where the next call starts; expect_sent reads again from
# SPY_SEEN until the log holds what it waits for (socat -v writes its log
# as the bytes pass, possibly after the plugin has exited).
SPY_NEXT=0
sent_peek() {
	local line out="" n=0
	while IFS= read -r line; do
		n=$((n + 1))
		((n <= SPY_SEEN)) && continue
		[[ $line == show* ]] && out+="${line%$'\r'}"$'\n'
	done <"$HT_TMP/$SPY_LOG"
	SPY_NEXT=$n
	SENT=${out%$'\n'}
}
sent() {
	sent_peek
	SPY_SEEN=$SPY_NEXT
}

# spy_settle: wait until the spy's log stops growing, then move past it
# (the commands of a run no expect_sent looks at).
spy_settle() {
	local before i
	sent_peek
	before=$SPY_NEXT
	for ((i = 0; i < 20; i++)); do
		sleep 0.1
		sent_peek
		[[ $SPY_NEXT == "$before" ]] && break
		before=$SPY_NEXT
	done
	sent
}

# same_as_full [ARGS...]: the last output equals the output of the full
# dump (with the same ARGS). The two runs read HAProxy at two moments: a
# check text or a health check that changed in between (a DOWN server's
# "L4CON Connection refused" read as "L4CON" while its next check runs)
# makes them differ, so a difference runs both once more; a wrong answer
# differs both times.
same_as_full() {
	local fast=$HT_OUT first=""
	run_plugin -S "$HX_SOCK" --server '.*' "$@"
	if [[ $HT_OUT != "$fast" && ${#SPY_ARGS[@]} -gt 0 ]]; then
		first="fast:
$fast
full:
$HT_OUT"
		spy_run "${SPY_ARGS[@]}"
		fast=$HT_OUT
		spy_settle
		run_plugin -S "$HX_SOCK" --server '.*' "$@"
		[[ $HT_OUT == "$fast" ]] &&
			ht_note "$HT_CASE: the first fast and full runs differed; the second ones agree" &&
			ht_indent "$first"
	fi
	if [[ $HT_OUT == "$fast" ]]; then
		ht_pass "$(_ht_name "same answer as the full dump")"
	else
		ht_fail "$(_ht_name "same answer as the full dump")" "${first:+first runs:
$first
second runs:
}fast:
$fast
full:
$HT_OUT"
	fi
}

# spy_run ARGS...: run_plugin ARGS, remembered for expect_sent.
SPY_ARGS=()
spy_run() {
	SPY_ARGS=("$@")
	run_plugin "$@"
}

# spy_wait WANT: wait up to 5 s for the log to hold WANT since the last
# call of sent (a wrong plan still fails, after the wait; a slow log no
# longer does), then set SENT to what it holds and move past it.
spy_wait() {
	local want=$1 i
	for ((i = 0; i < 50; i++)); do
		sleep 0.1
		sent_peek
		[[ $SENT == "$want" ]] && break
	done
	sleep 0.1
	sent
}

# expect_sent WANT: the last spy_run sent the commands WANT (one per line).
# A plan is decided by what HAProxy shows at that moment: a health check
# that failed once under load (fall 1, timeout check 1s) changes it. So a
# mismatch runs the same check once more: a wrong plan fails both runs; a
# passing second run still leaves the first run's commands and output in
# the log.
expect_sent() {
	local want=$1 first first_details
	spy_wait "$want"
	if [[ $SENT != "$want" && ${#SPY_ARGS[@]} -gt 0 ]]; then
		first=$SENT
		first_details=$(_ht_details)
		spy_run "${SPY_ARGS[@]}"
		spy_wait "$want"
		if [[ $SENT == "$want" ]]; then
			ht_note "$HT_CASE: the first run sent other commands; the second, the expected ones"
			ht_indent "first run sent:
$first
$first_details"
		else
			SENT="first run:
$first
$first_details
second run:
$SENT"
		fi
	fi
	if [[ $SENT == "$want" ]]; then
		ht_pass "$(_ht_name "sent: ${want//$'\n'/ then }")"
	else
		ht_fail "$(_ht_name "sent: ${want//$'\n'/ then }")" "the spy saw:
$SENT
$(_ht_details)
HAProxy's servers now (status, chkdown, lastchg):
$("$SOCAT" - "UNIX-CONNECT:$HX_SOCK" <<<"show stat -1 4 -1" 2>/dev/null | cut -d, -f1,2,18,23,24)"
	fi
}

# ---------------------------------------------------------------------------
ht_case "every server plainly UP"
sent
spy_run -S "$SPY"
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 frontend, 1 backend, 4 servers \(4 UP\) checked\|'
expect_output_match 'be:app:up=3;;;0;3' "be:app:up counts the 3 active servers"
expect_sent "show servers state
show stat -1# 11 -1"
same_as_full

ht_case "a threshold on the frontend keeps the short plan"
spy_run -S "$SPY" -w fe_web/FRONTEND -w frontend.scur=100
expect_exit 3 # "fe_web/FRONTEND" is not a range: usage
sent
spy_run -S "$SPY" -w frontend.scur=100 -c backend.act=2:
expect_exit 0
expect_sent "show servers state
show stat -1# 11 -1"

ht_case "a server in MAINT"
hx_disable_server app/web1
spy_run -S "$SPY"
expect_exit 0
expect_output_match '^\[OK\] app/web1 MAINT$' "the MAINT server is listed"
# its backup flag counts (be:app:up's maximum): one server of 4, by its id
expect_sent "show servers state
show stat -1# 4 $(hx_field app web1 sid)
show stat -1# 11 -1"
same_as_full
hx_enable_server app/web1
hx_wait_status app web1 UP

ht_case "a server that stopped listening"
ht_backend_kill web2
hx_wait_status app web2 'DOWN'
spy_run -S "$SPY"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/web2 DOWN \(L4CON'
expect_sent "show servers state
show stat #$APP_ID 4 -1
show stat -1# 11 -1"
same_as_full

ht_case "a server rule asks for the server rows at once"
spy_run -S "$SPY" -w server.qcur=10
expect_exit 1
expect_sent "show stat"

ht_case "a server without a check beside checked ones (it could track one)"
hx_admin "disable health app/web3"
hx_wait_status app web3 'no check'
spy_run -S "$SPY"
expect_exit 1
expect_sent "show servers state
show stat #$APP_ID 4 -1
show stat -1# 11 -1"
same_as_full

# ---------------------------------------------------------------------------
# A second HAProxy where no server has a health check: no server can track
# another, so "show servers state" stands in for "no check" servers, and
# (without backend perfdata, whose "up" maximum needs the backup flag) for
# servers in MAINT or DRAIN by an operator and at weight 0.
ht_pick_port FE2_PORT
hx_start <<EOF
frontend fe_nc
    bind 127.0.0.1:$FE2_PORT
    default_backend nc

backend nc
    server n1 127.0.0.1:$PORT_web1
    server n2 127.0.0.1:$PORT_web1
    server n3 127.0.0.1:$PORT_web1
    server n4 127.0.0.1:$PORT_web1
    server n5 127.0.0.1:$PORT_web1 disabled

backend nb
    server a1 127.0.0.1:$PORT_web1
    server b1 127.0.0.1:$PORT_web1 backup
EOF
spy_start spy2
NC_ID=$(hx_field nc BACKEND iid)
NB_ID=$(hx_field nb BACKEND iid)

ht_case "no health checks, one server disabled in the configuration"
spy_run -S "$SPY"
expect_exit 0
expect_output_match '^\[OK\] nc: 4 servers without health checks$'
expect_output_match 'be:nc:up=4;;;0;5' "be:nc:up counts the MAINT server as active"
expect_sent "show servers state
show stat #$NC_ID 4 -1
show stat -1# 11 -1"
same_as_full
spy_run -S "$SPY" --perfdata=summary
expect_exit 0
expect_output_match '^\[OK\] nc/n5 MAINT$'
expect_sent "show servers state
show stat -1# 11 -1"
same_as_full --perfdata=summary

ht_case "no health checks at all"
hx_enable_server nc/n5
spy_run -S "$SPY"
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 frontend, 2 backends, 7 servers \(7 no check\) checked\|'
expect_output_match '^\[OK\] nc: 5 servers without health checks$'
expect_output_match 'be:nb:up=1;;;0;1' "be:nb:up counts the active server"
expect_sent "show servers state
show stat -1# 11 -1"
same_as_full

ht_case "MAINT and DRAIN by an operator, weight 0"
hx_disable_server nc/n1
hx_disable_server nc/n2
hx_set_server_state nc/n3 drain
hx_admin "set weight nc/n4 0"
spy_run -S "$SPY" --perfdata=summary
expect_exit 0
expect_output_match '^\[OK\] nc: 2 servers in MAINT \(n1, n2\)$'
expect_output_match '^\[OK\] nc/n3 DRAIN$'
expect_output_match '^\[OK\] nc/n4 no check, weight 0 \(takes no new traffic\)$'
expect_sent "show servers state
show stat -1# 11 -1"
same_as_full --perfdata=summary

ht_case "MAINT and DRAIN by an operator, weight 0, with backend perfdata"
spy_run -S "$SPY"
expect_sent "show servers state
show stat #$NC_ID 4 -1
show stat -1# 11 -1"
same_as_full
hx_enable_server nc/n1
hx_enable_server nc/n2
hx_set_server_state nc/n3 ready
hx_admin "set weight nc/n4 1"

ht_case "only the backup server serves, the active one in MAINT"
hx_disable_server nb/a1
spy_run -S "$SPY" --perfdata=summary
expect_exit 0
expect_output_match '^\[OK\] nb/a1 MAINT$'
# the backup flag matters only when the main dump shows act 0, bck 1: the
# full dump after both (the worst case, see bench/README.md)
expect_sent "show servers state
show stat -1# 11 -1
show stat"
same_as_full --perfdata=summary
# with backend perfdata the MAINT server's backend rows come first
spy_run -S "$SPY"
expect_exit 0
expect_output_match 'be:nb:up=0;;;0;1' "be:nb:up counts the MAINT server as active"
expect_sent "show servers state
show stat #$NB_ID 4 -1
show stat -1# 11 -1"
same_as_full
hx_enable_server nb/a1

ht_case "only the backup server serves, the active one at weight 0"
hx_admin "set weight nb/a1 0"
spy_run -S "$SPY" --perfdata=summary
expect_exit 2
expect_output_match 'nb/BACKEND running on backup servers only'
expect_sent "show servers state
show stat -1# 11 -1
show stat"
same_as_full --perfdata=summary
hx_admin "set weight nb/a1 1"

# ---------------------------------------------------------------------------
# A third HAProxy with 17 backends that each have a server disabled in the
# configuration: with backend perfdata each needs its rows (backup flag).
# 16 backends (HS_PLAN_DETAIL_MAX) get theirs one by one; 17 cost more than
# the full dump, which is then asked for at once.
ht_pick_port FE3_PORT
cfg="frontend fe_many
    bind 127.0.0.1:$FE3_PORT
    default_backend m01
"
for ((b = 1; b <= 17; b++)); do
	printf -v name 'm%02d' "$b"
	cfg+="
backend $name
    server s1 127.0.0.1:$PORT_web1
    server s2 127.0.0.1:$PORT_web1 disabled
"
done
hx_start <<<"$cfg"
spy_start spy3

ht_case "17 backends with a server in MAINT: one full dump"
spy_run -S "$SPY"
expect_exit 0
expect_sent "show servers state
show stat"
same_as_full

ht_case "16 backends with a server in MAINT: their rows, backend by backend"
hx_enable_server m17/s2
want="show servers state"
for ((b = 1; b <= 16; b++)); do
	printf -v name 'm%02d' "$b"
	want+=$'\n'"show stat #$(hx_field "$name" BACKEND iid) 4 -1"
done
spy_run -S "$SPY"
expect_exit 0
expect_output_match '^\[OK\] m16/s2 MAINT$' "the MAINT servers are listed"
expect_sent "$want
show stat -1# 11 -1"
same_as_full

# ---------------------------------------------------------------------------
# A fourth HAProxy where the servers in MAINT are few server ids among many
# servers: their backup flag (the "up" item's maximum counts active
# servers only) comes from one "show stat -1# 4 <sid>" per id, the server of
# that id in every backend, instead of their backends' rows.
ht_pick_port FE4_PORT
hx_start <<EOF
frontend fe_fl
    bind 127.0.0.1:$FE4_PORT
    default_backend fl

backend fl
    server f1 127.0.0.1:$PORT_web1
    server f2 127.0.0.1:$PORT_web1
    server f3 127.0.0.1:$PORT_web1
    server f4 127.0.0.1:$PORT_web1
    server f5 127.0.0.1:$PORT_web1
    server f6 127.0.0.1:$PORT_web1
    server f7 127.0.0.1:$PORT_web1 disabled
    server f8 127.0.0.1:$PORT_web1 backup disabled
EOF
spy_start spy4
F7_ID=$(hx_field fl f7 sid)
F8_ID=$(hx_field fl f8 sid)

ht_case "servers in MAINT, an active and a backup one: their backup flags by server id"
spy_run -S "$SPY"
expect_exit 0
expect_output_match 'be:fl:up=6;;;0;7' "be:fl:up counts the active MAINT server, not the backup"
expect_output_match '^\[OK\] fl: 2 servers in MAINT \(f7, f8\)$'
expect_sent "show servers state
show stat -1# 4 $F7_ID
show stat -1# 4 $F8_ID
show stat -1# 11 -1"
same_as_full

ht_case "one DRAIN, one MAINT: their backup flags by server id"
hx_enable_server fl/f7
hx_set_server_state fl/f7 drain
spy_run -S "$SPY"
expect_exit 0
expect_output_match 'be:fl:up=6;;;0;7' "be:fl:up counts the DRAIN server as active"
expect_output_match '^\[OK\] fl/f7 DRAIN$'
expect_sent "show servers state
show stat -1# 4 $F7_ID
show stat -1# 4 $F8_ID
show stat -1# 11 -1"
same_as_full

ht_case "and a server at weight 0 beside them: their backend's rows"
FL_ID=$(hx_field fl BACKEND iid)
hx_admin "set weight fl/f1 0"
spy_run -S "$SPY"
expect_exit 0
expect_output_match '^\[OK\] fl/f1 no check, weight 0 \(takes no new traffic\)$'
expect_sent "show servers state
show stat #$FL_ID 4 -1
show stat -1# 11 -1"
same_as_full

ht_finish
