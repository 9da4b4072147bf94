#!/bin/bash
#
# test_planning.sh - the commands a check sends to a real HAProxy for each
# set of options, seen on the wire through a logging socat between the
# plugin and the stats socket, and the answer they give.
#
# Server health comes from the "show stat" rows alone: a check sends one
# "show stat" (plain when it needs every row; "-1# <mask> -1" when a type
# mask helps; per proxy when --proxy names plain names: the frontends of
# every proxy, "show backend", then each name), and "show info" / "show
# table" (and its entry counts) only for the metrics that read them; a
# server DOWN or in MAINT changes nothing of that. In every case the
# plugin gives exactly what it gives from the same answers saved whole
# (--input; proxies asked for by name: the full dump).
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_planning.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
for s in web1 web2 web3 bk1 db1; do
	ht_pick_port "PORT_$s"
	port_var="PORT_$s"
	ht_backend_start "$s" "${!port_var}"
done

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    stick-table type ip size 100 expire 60s store http_req_rate(60s)
    http-request track-sc0 src
    default_backend app

backend app
    server web1 127.0.0.1:$PORT_web1 check
    server web2 127.0.0.1:$PORT_web2 check
    server web3 127.0.0.1:$PORT_web3 check
    server bk1 127.0.0.1:$PORT_bk1 check backup

backend db
    server db1 127.0.0.1:$PORT_db1 check
EOF
for s in web1 web2 web3 bk1; do
	hx_wait_status app "$s" UP
done
hx_wait_status db db1 UP


# save_full: the answers to what the last live run sent, saved in turn in
# $HT_TMP/full.txt as --input reads them: the "show stat" of every proxy
# as sent (with its type mask), proxies asked for by name ("show backend")
# one full dump instead.
save_full() {
	local c stat=0
	local -a cmds
	: >"$HT_TMP/full.txt"
	IFS=';' read -r -a cmds <<<"$SENT"
	for c in "${cmds[@]}"; do
		case $c in
		"show backend") continue ;;
		"show stat"*)
			((stat++)) && continue
			[[ ";$SENT;" == *";show backend;"* ]] && c="show stat"
			;;
		esac
		ht_cli "$c" >>"$HT_TMP/full.txt"
	done
}

# plan_is WANT ARGS...: the plugin with ARGS through the spy sends exactly
# WANT (commands joined by ';') and gives exactly what it gives from the
# same answers saved as full dumps (--input, ARGS). The two read HAProxy at
# two moments, so a difference runs both once more.
plan_is() {
	local want=$1 live rc try
	shift
	for try in 1 2; do
		ht_spy_sent
		run_plugin -S "$SPY" "$@"
		live=$HT_OUT rc=$HT_RC
		ht_spy_sent
		save_full
		run_plugin --input="$HT_TMP/full.txt" "$@"
		[[ $HT_OUT == "$live" && $HT_RC == "$rc" && $SENT == "$want" ]] && break
		[[ $try == 1 ]] && ht_note "$HT_CASE: sent $SENT; live and saved runs: exit $rc and $HT_RC; again"
	done
	if [[ $SENT == "$want" ]]; then
		ht_pass "$(_ht_name "sent: $want")"
	else
		ht_fail "$(_ht_name "sent: $want")" "the spy saw: $SENT"
	fi
	if [[ $HT_OUT == "$live" && $HT_RC == "$rc" ]]; then
		ht_pass "$(_ht_name "same exit ($rc) and output as from the full dumps")"
	else
		ht_fail "$(_ht_name "same exit and output as from the full dumps")" "live (exit $rc):
$live
full dumps (exit $HT_RC):
$HT_OUT"
	fi
	HT_OUT=$live HT_RC=$rc
}

ht_spy_start spy
# every policy line on servers and listeners OK: no server rows needed
NO_SERVERS=(--perfdata=none --policy=backend.backup-only=ok --policy=server.down=ok
	--policy=server.down-last=ok --policy=backup.down=ok --policy=server.nocookie=ok
	--policy=listener.full=ok)

# ---------------------------------------------------------------------------
ht_case "default"
plan_is "show stat"
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 frontend, 2 backends, 5 servers \(5 UP\) checked\|'
expect_output_match 'be:app:up=3;;;0;3' "be:app:up counts the 3 active servers"

ht_case "status only, no server or listener line"
plan_is "show stat -1# 3 -1" "${NO_SERVERS[@]}"
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 frontend, 2 backends checked$'

ht_case "summary perfdata"
plan_is "show stat -1# 7 -1" "${NO_SERVERS[@]/--perfdata=none/--perfdata=summary}"
expect_exit 0

ht_case "a server rule, --list, -v: every row"
plan_is "show stat" -w server.qcur=10
expect_exit 0
plan_is "show stat" --list
plan_is "show stat" -v "${NO_SERVERS[@]}"

ht_case "an info. metric"
plan_is "show info;show stat" -w info.conn_pct=80
expect_exit 0

ht_case "a table. metric"
plan_is "show stat;show table" -w table.used=80
expect_exit 0
expect_output_match 'table:fe_web:used=' "the table read"

ht_case "a table.gt metric: the entry count"
plan_is "show stat;show table;show table fe_web data.http_req_rate gt 5" \
	-w table.gt.http_req_rate.5=1
expect_exit 0
expect_output_match 'table:fe_web:gt.http_req_rate.5=0;1;;0' "the entries counted"

ht_case "--proxy by name"
plan_is "show stat -1# 9 -1;show backend;show stat app 6 -1" --proxy=app
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 backend, 4 servers \(4 UP\) checked\|'
plan_is "show stat -1# 9 -1;show backend;show stat fe_web 6 -1" --proxy=fe_web
expect_exit 0
plan_is "show stat -1# 9 -1;show backend;show stat app 6 -1;show stat db 6 -1" \
	--proxy=app --proxy=db
expect_exit 0

ht_case "--proxy by pattern: every proxy"
plan_is "show stat" --proxy='app|db'
expect_exit 0

# ---------------------------------------------------------------------------
ht_case "a server in MAINT"
hx_disable_server app/web1
hx_wait_status app web1 MAINT
plan_is "show stat"
expect_exit 0
expect_output_match '^\[OK\] app/web1 MAINT$' "the MAINT server is listed"
plan_is "show stat -1# 9 -1;show backend;show stat app 6 -1" --proxy=app
expect_exit 0
hx_enable_server app/web1
hx_wait_status app web1 UP

ht_case "a server that stopped listening"
ht_backend_kill web2
hx_wait_status app web2 DOWN
plan_is "show stat"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/web2 DOWN \(L4CON'
plan_is "show stat -1# 3 -1" "${NO_SERVERS[@]}"
expect_exit 0

ht_finish
