#!/bin/bash
#
# test_metrics.sh - -w/-c on derived metrics (up, up_pct, capacity_pct,
# info.conn_pct, table.used, table.used_pct), --expect and the planned CLI
# commands, against a real HAProxy: servers put in MAINT through the admin
# socket or stopped, connections held open, a stick table filled from
# several loopback source addresses.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_metrics.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
ht_pick_port STICK_PORT
ht_pick_port HOLD_PORT
ht_pick_port DUP_PORT
ht_pick_port DEAD_PORT
ht_pick_port PORT_s1
ht_pick_port PORT_s2
ht_pick_port PORT_s3
ht_backend_start s1 "$PORT_s1"
ht_backend_start s2 "$PORT_s2"
ht_backend_start s3 "$PORT_s3"

# A small global maxconn: a dozen held connections are a visible share.
HX_MAXCONN=20
hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

backend app
    balance roundrobin
    server s1 127.0.0.1:$PORT_s1 check
    server s2 127.0.0.1:$PORT_s2 check
    server s3 127.0.0.1:$PORT_s3 check

frontend fe_stick
    bind 127.0.0.1:$STICK_PORT
    stick-table type ip size 4 expire 10m
    http-request track-sc0 src
    http-request return status 200 content-type text/plain string ok

frontend fe_hold
    mode tcp
    bind 127.0.0.1:$HOLD_PORT
    timeout client 60s
    tcp-request inspect-delay 60s
    tcp-request content accept if { req.len gt 100000 }

# a frontend and a backend may share a name
frontend dup
    bind 127.0.0.1:$DUP_PORT
    default_backend dup

backend dup
    server d1 127.0.0.1:$DEAD_PORT check
EOF

S=$HX_SOCK
SENT="^sent to $(ht_re_escape "$S"): "
hx_wait_status app s1 UP
hx_wait_status app s2 UP
hx_wait_status app s3 UP
hx_wait_status dup d1 DOWN

# ---------------------------------------------------------------------------
# up: a quorum of 2 UP servers out of 3

ht_case "up, 3 of 3 UP, -c up=2:"
run_plugin -S "$S" --proxy app -c up=2:
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 backend, 3 servers \(3 UP\) checked\|'
expect_output_match "$(ht_perf_re be:app:up)3;;2:;0;3( |$)" "be:app:up=3;;2:;0;3"

ht_case "expect present proxies and servers"
run_plugin -S "$S" --expect app --expect app/s1 --expect fe_web --expect fe_stick --proxy app
expect_exit 0
expect_first_line_match '^HAPROXY OK - '

ht_case "expect a missing backend"
run_plugin -S "$S" --expect app --expect nosuch --exclude-proxy dup
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - nosuch is missing \(expected proxy not in the dump\)'
expect_output_match '^\[CRITICAL\] nosuch is missing \(expected proxy not in the dump\)$'

ht_case "expect a missing server"
run_plugin -S "$S" --expect app/s9 --proxy app
expect_exit 2
expect_output_match '^\[CRITICAL\] app/s9 is missing \(expected server not in the dump\)$'

ht_case "expect a missing backend, proxy filter: HAProxy answers 'No such proxy.'"
run_plugin -S "$S" --proxy app --expect nosuch -vv
expect_exit 2
expect_output_match "${SENT}show stat -1# 9 -1;show backend;show stat app 6 -1;show stat nosuch 6 -1$"
expect_output_match '^\[CRITICAL\] nosuch is missing \(expected proxy not in the dump\)$'

ht_case "--proxy nosuch"
run_plugin -S "$S" --proxy nosuch
expect_unknown_error "--proxy 'nosuch' matched no proxy"

ht_case "--proxy nosuch --expect nosuch"
run_plugin -S "$S" --proxy nosuch --expect nosuch
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - nosuch is missing \(expected proxy not in the dump\)'

if hx_disable_server app/s1; then
	ht_pass "setup: disable server app/s1"
fi
hx_wait_status app s1 MAINT

ht_case "up, s1 MAINT, -c up=2: (MAINT is not UP, 2 are)"
run_plugin -S "$S" --proxy app -c up=2:
expect_exit 0
expect_output_match "$(ht_perf_re be:app:up)2;;2:;0;3( |$)" "be:app:up=2"
expect_output_match '^\[OK\] app/s1 MAINT$'

ht_case "up, s1 MAINT, -c up=3:"
run_plugin -S "$S" --proxy app -c up=3:
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - app/BACKEND up 2 \(critical range 3:\)\|'

ht_case "up_pct, s1 MAINT: planned out, 2/2 = 100%"
run_plugin -S "$S" --proxy app -c up_pct=100:
expect_exit 0
expect_output_match "$(ht_perf_re be:app:up_pct)100%;;100:( |$)" "be:app:up_pct=100%"

ht_case "up_pct, s1 MAINT, --policy server.maint=warning: 2/3"
run_plugin -S "$S" --proxy app -c up_pct=70: --policy server.maint=warning
expect_exit 2
expect_output_match '^\[CRITICAL\] app/BACKEND up_pct 66\.666667% \(critical range 70:\)$'
expect_output_match '^\[WARNING\] app/s1 MAINT$'

ht_backend_kill s2
hx_wait_status app s2 DOWN

ht_case "up, s1 MAINT and s2 stopped, -c up=2:"
run_plugin -S "$S" --proxy app -c up=2:
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - app/BACKEND up 1 \(critical range 2:\), app/s2 DOWN'
expect_output_match '^\[CRITICAL\] app/BACKEND up 1 \(critical range 2:\)$'
expect_output_match '^\[WARNING\] app/s2 DOWN \(L4CON'
expect_output_match "$(ht_perf_re be:app:up)1;;2:;0;3( |$)" "be:app:up=1;;2:;0;3"

ht_case "up_pct, s1 MAINT and s2 stopped: 1/2 = 50%"
run_plugin -S "$S" --proxy app -w up_pct=60: -c up_pct=40: --policy server.down=ok
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/BACKEND up_pct 50% \(warning range 60:\)\|'

ht_case "capacity_pct, s1 MAINT and s2 stopped: 1/3 of the weight"
run_plugin -S "$S" --proxy app -w capacity_pct=50: --policy server.down=ok
expect_exit 1
expect_output_match '^\[WARNING\] app/BACKEND capacity_pct 33\.333333% \(warning range 50:\)$'

if hx_disable_server app/s3; then
	ht_pass "setup: disable server app/s3"
fi
hx_wait_status app s3 MAINT

ht_case "up, s1 and s3 MAINT, s2 stopped, -c up=2:"
run_plugin -S "$S" --proxy app -c up=2:
expect_exit 2
expect_output_match '^\[CRITICAL\] app/BACKEND up 0 \(critical range 2:\)$'

hx_enable_server app/s1 && hx_enable_server app/s3
hx_wait_status app s1 UP
hx_wait_status app s3 UP

ht_case "up, s1 and s3 back, s2 stopped, -c up=2:"
run_plugin -S "$S" --proxy app -c up=2:
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/s2 DOWN'
expect_no_output_match 'app/BACKEND up '

# ---------------------------------------------------------------------------
# The planned commands (-vv)

ht_case "planned: proxy filter and an info metric"
run_plugin -S "$S" --proxy app -w info.conn_pct=99 -vv
expect_output_match "${SENT}show info;show stat -1# 9 -1;show backend;show stat app 6 -1$"

ht_case "planned: proxy filter, expected proxy and a table metric"
run_plugin -S "$S" --proxy fe_stick --expect fe_web -w table.used=100 -vv
expect_exit 0
expect_output_match "${SENT}show stat -1# 9 -1;show backend;show stat fe_stick 6 -1;show stat fe_web 6 -1;show table$"

ht_case "planned: a regex proxy is not sent"
run_plugin -S "$S" --proxy 'fe_.*' -vv
expect_output_match "${SENT}show stat$"

# (-v and -vv list every object, so they ask for every row: the counts
# in the summary show what was asked for)
ht_case "planned: no perfdata, no server policy: no server rows"
run_plugin -S "$S" --perfdata=none --policy server.down=ok --policy server.down-last=ok \
	--policy backup.down=ok --policy backend.backup-only=ok --policy listener.full=ok \
	--policy server.nocookie=ok \
	--exclude-proxy dup
expect_exit 0
expect_first_line_match '^HAPROXY OK - 3 frontends, 1 backend checked$'

ht_case "planned: same with -vv asks for every row"
run_plugin -S "$S" --perfdata=none --policy server.down=ok --policy server.down-last=ok \
	--policy backup.down=ok --policy backend.backup-only=ok --policy listener.full=ok \
	--policy server.nocookie=ok \
	--exclude-proxy dup -vv
expect_exit 0
expect_output_match "${SENT}show stat$"

ht_case "planned: the TCP socket gets the same line"
run_plugin -H 127.0.0.1 -p "$HX_STATS_PORT" --proxy app -w info.conn_pct=99 -vv
expect_output_match ": show info;show stat -1# 9 -1;show backend;show stat app 6 -1$"

# ---------------------------------------------------------------------------
# A frontend and a backend named alike: a filter by name must check both,
# as the unfiltered dump does (HAProxy's "show stat dup" returns only one).

ht_case "--proxy 'du.' (unfiltered) sees dup's frontend and backend"
run_plugin -S "$S" --proxy 'du.' -v
expect_exit 2
expect_output_match '^\[OK\] dup/FRONTEND OPEN$'
expect_output_match '^\[CRITICAL\] dup/BACKEND DOWN'

ht_case "--proxy dup (by name) sees dup's frontend and backend"
run_plugin -S "$S" --proxy dup -v
expect_exit 2
expect_output_match '^\[OK\] dup/FRONTEND OPEN$'
expect_output_match '^\[CRITICAL\] dup/BACKEND DOWN'

ht_case "--proxy app twice counts app once"
run_plugin -S "$S" --proxy app --proxy app --policy server.down=ok
expect_exit 0
expect_first_line_match '^HAPROXY OK - 1 backend, 3 servers '

# A missing name that starts with digits: HAProxy 2.6 looks the name up,
# then falls back to atoi() and dumps the proxy with that numeric id. The
# missing proxy must not bring in another proxy's rows.
NUMID=""
for ((n = 1; n <= 20; n++)); do
	if [[ $(ht_cli "show stat ${n}zz 2 -1") == *$'\napp,BACKEND,'* ]]; then
		NUMID=$n
		break
	fi
done
if [[ -n $NUMID ]]; then
	ht_pass "setup: 'show stat ${NUMID}zz 2 -1' answers app's rows (proxy id $NUMID)"
	ht_case "--proxy app --expect ${NUMID}zz (missing, digits first)"
	run_plugin -S "$S" --proxy app --expect "${NUMID}zz" --policy server.down=ok
	expect_exit 2
	expect_first_line_match "^HAPROXY CRITICAL - ${NUMID}zz is missing \(expected proxy not in the dump\)\|"
	expect_no_output_match 'be:app:up=.* be:app:up=' "app's perfdata once"
	count=0
	while IFS= read -r line; do
		[[ $line == "[OK] app/s2 DOWN"* ]] && count=$((count + 1))
	done <<<"$HT_OUT"
	if [[ $count == 1 ]]; then
		ht_pass "$HT_CASE: app/s2 listed once"
	else
		ht_fail "$HT_CASE: app/s2 listed once (listed $count times)" "$HT_OUT"
	fi
else
	ht_fail "setup: no 'show stat Nzz' answers app's rows"
fi

# ---------------------------------------------------------------------------
# Stick table of size 4 filled from several loopback source addresses

stick_from() {
	if "$CURL" -s --max-time 5 --interface "$1" -o /dev/null "http://127.0.0.1:$STICK_PORT/"; then
		ht_pass "setup: request from $1"
	else
		ht_fail "setup: request from $1 (curl --interface $1)"
	fi
}
stick_from 127.0.0.2
stick_from 127.0.0.3
stick_from 127.0.0.4
tables=$(ht_cli "show table")
if [[ $tables == *"# table: fe_stick, type: ip, size:4, used:3"* ]]; then
	ht_pass "setup: fe_stick holds 3 entries"
else
	ht_fail "setup: fe_stick holds 3 entries" "$tables"
fi

ht_case "table, 3 of 4 used"
run_plugin -S "$S" --proxy fe_stick -w table.used_pct=50 -c table.used_pct=90
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - fe_stick table.used_pct 75% \(warning range 50\)\|'
expect_output_match "$(ht_perf_re table:fe_stick:used_pct)75%;50;90( |$)" "table:fe_stick:used_pct=75%;50;90"
expect_output_match "$(ht_perf_re table:fe_stick:used)3;;;0;4( |$)" "table:fe_stick:used=3;;;0;4"

ht_case "table.used, 3 of 4, -c table.used=2"
run_plugin -S "$S" --proxy fe_stick -c table.used=2
expect_exit 2
expect_output_match '^\[CRITICAL\] fe_stick table.used 3 \(critical range 2\)$'

stick_from 127.0.0.5
ht_case "table, 4 of 4 used"
run_plugin -S "$S" --proxy fe_stick -w table.used_pct=50 -c table.used_pct=90
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - fe_stick table.used_pct 100% \(critical range 90\)\|'

ht_case "table metric, selection without a table"
# the rule is UNKNOWN on its own line; the DOWN server of app (WARNING) is
# not hidden by it (1.1 replaced the whole output with the UNKNOWN)
run_plugin -S "$S" --proxy app -w table.used=1
expect_exit 1
expect_output_match '^\[UNKNOWN\] rule table.used: no stick table is selected' \
	"[UNKNOWN] rule table.used: no stick table is selected"
expect_first_line_match '^HAPROXY WARNING - ' "the WARNING stays"

# ---------------------------------------------------------------------------
# info.conn_pct: connections held open on a TCP frontend (maxconn 20)

# wait_currconns N: poll "show info" until CurrConns >= N.
wait_currconns() {
	local want=$1 i cur="" line
	for ((i = 0; i < 100; i++)); do
		cur=""
		while IFS= read -r line; do
			[[ $line == "CurrConns: "* ]] && cur=${line#CurrConns: }
		done < <(ht_cli "show info")
		if [[ $cur =~ ^[0-9]+$ ]] && ((cur >= want)); then
			ht_pass "setup: CurrConns is $cur (>= $want)"
			return 0
		fi
		sleep 0.1
	done
	ht_fail "setup: CurrConns reaches $want" "last: '$cur'"
	return 1
}

# hold N: open N more idle TCP connections to fe_hold.
HELD=0
hold() {
	local n=$1 i
	for ((i = 0; i < n; i++)); do
		HELD=$((HELD + 1))
		ht_spawn "hold$HELD" bash -c "sleep 120 | exec \"$SOCAT\" - TCP:127.0.0.1:$HOLD_PORT"
	done
}

ht_case "info.conn_pct, idle"
run_plugin -S "$S" --proxy fe_hold -w info.conn_pct=50 -c info.conn_pct=80
expect_exit 0
expect_output_match "$(ht_perf_re info:conn_pct)[0-9](\.[0-9]+)?%;50;80( |$)" "info:conn_pct below 10%"

hold 12
wait_currconns 12

ht_case "info.conn_pct, 12 of 20 connections"
run_plugin -S "$S" --proxy fe_hold -w info.conn_pct=50 -c info.conn_pct=80
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - process info.conn_pct 6[05]% \(warning range 50\)\|'
expect_output_match "$(ht_perf_re info:conn_pct)6[05]%;50;80( |$)" "info:conn_pct=60%;50;80"
expect_output_match "$(ht_perf_re fe:fe_hold:scur)1[23];;;0;20( |$)" "fe:fe_hold:scur=12"

ht_case "info.CurrConns, 12 held"
run_plugin -S "$S" --proxy fe_hold -c info.CurrConns=10
expect_exit 2
expect_output_match '^\[CRITICAL\] process info.CurrConns 1[23] \(critical range 10\)$'

hold 5
wait_currconns 17

ht_case "info.conn_pct, 17 of 20 connections"
run_plugin -S "$S" --proxy fe_hold -w info.conn_pct=50 -c info.conn_pct=80
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - process info.conn_pct (85|90)% \(critical range 80\)\|'

ht_case "info.sessrate_pct without a rate limit"
run_plugin -S "$S" --proxy fe_hold -w info.sessrate_pct=50
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - rule info.sessrate_pct: ' "the rule and its reason"
expect_output_match '^\[UNKNOWN\] rule info.sessrate_pct: .*SessRateLimit' "the reason names the limit"

ht_case "info. field that does not exist"
run_plugin -S "$S" --proxy fe_hold -w info.NoSuchField=5
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - .*'show info' has no numeric field 'NoSuchField'" \
	"the message names the field"
expect_output_match "^\\[UNKNOWN\\] rule info.NoSuchField: " "an [UNKNOWN] line names the rule"

ht_finish
