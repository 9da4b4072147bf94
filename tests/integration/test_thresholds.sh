#!/bin/bash
#
# test_thresholds.sh - -w/-c ranges on the session rate of frontends and
# backends, driven by real HTTP traffic through HAProxy, and --input of a
# saved "show stat" dump.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_thresholds.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

BURST=100

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
    balance roundrobin
    server web1 127.0.0.1:$PORT_web1 check
    server web2 127.0.0.1:$PORT_web2 check
EOF

S=$HX_SOCK
FE_RATE=$(ht_perf_re fe:fe_web:rate)
BE_RATE=$(ht_perf_re be:app:rate)
NUM='[0-9]+(\.[0-9]+)?[a-zA-Z/%]*'

hx_wait_status app web1 UP
hx_wait_status app web2 UP

# burst: send $BURST requests through the frontend, each on a new connection.
burst() {
	if ! ht_http_burst "$FE_PORT" "$BURST"; then
		ht_fail "setup: curl burst of $BURST requests to 127.0.0.1:$FE_PORT"
	fi
}

# ---------------------------------------------------------------------------
ht_case "idle, -w 5 -c 1000"
run_plugin -S "$S" -w 5 -c 1000
expect_exit 0
expect_first_line_match '^HAPROXY OK - '
expect_output_match "${FE_RATE}0(\.0+)?;5;1000([; ]|$)" "fe rate is 0 and carries ;5;1000"
expect_output_match "${BE_RATE}0(\.0+)?;5;1000([; ]|$)" "be rate is 0 and carries ;5;1000"

# ---------------------------------------------------------------------------
stot0=$(hx_field fe_web FRONTEND stot)
hrsp0=$(hx_field fe_web FRONTEND hrsp_2xx)
burst
stot1=$(hx_field fe_web FRONTEND stot)
hrsp1=$(hx_field fe_web FRONTEND hrsp_2xx)
if ((stot1 - stot0 >= BURST && hrsp1 - hrsp0 >= BURST)); then
	ht_pass "setup: $BURST requests gave $((stot1 - stot0)) new frontend sessions, $((hrsp1 - hrsp0)) 2xx"
else
	ht_fail "setup: $BURST requests give >= $BURST new frontend sessions and 2xx" \
		"stot $stot0 -> $stot1, hrsp_2xx $hrsp0 -> $hrsp1"
fi

ht_case "after burst, -w 5 -c 1000"
burst
run_plugin -S "$S" -w 5 -c 1000
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - '
expect_output_match "${FE_RATE}${NUM};5;1000([; ]|$)" "fe rate perfdata carries ;5;1000"
expect_output_match "${BE_RATE}${NUM};5;1000([; ]|$)" "be rate perfdata carries ;5;1000"
expect_no_output_match "${FE_RATE}0(\.0+)?;" "fe rate is not 0"

ht_case "after burst, -c 5"
burst
run_plugin -S "$S" -c 5
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - '

ht_case "after burst, --warning=5 --critical=1000 (long options)"
burst
run_plugin -S "$S" --warning=5 --critical=1000
expect_exit 1

ht_case "after burst, -w 100000 -c 200000"
burst
run_plugin -S "$S" -w 100000 -c 200000
expect_exit 0
expect_first_line_match '^HAPROXY OK - '
expect_output_match "${FE_RATE}${NUM};100000;200000([; ]|$)"

ht_case "after burst, --proxy fe_web -w 5 -c 1000 (frontend rate alone)"
burst
run_plugin -S "$S" --proxy fe_web -w 5 -c 1000
expect_exit 1

ht_case "after burst, --proxy app -w 5 -c 1000 (backend rate alone)"
burst
run_plugin -S "$S" --proxy app -w 5 -c 1000
expect_exit 1

ht_case "after burst, no thresholds"
burst
run_plugin -S "$S"
expect_exit 0

# ---------------------------------------------------------------------------
# The rate is over the last second: after 2.5 s of silence it is 0 again.
sleep 2.5
ht_case "2.5 s after the last burst, -w 5 -c 1000"
run_plugin -S "$S" -w 5 -c 1000
expect_exit 0
expect_output_match "${FE_RATE}0(\.0+)?;5;1000([; ]|$)" "fe rate is back to 0"

# ---------------------------------------------------------------------------
# --input: a dump saved with socat gives the same result as the socket.
DUMP=$HT_TMP/dump.csv
burst
ht_cli "show stat" >"$DUMP"
run_plugin -S "$S" -w 5 -c 1000
sock_rc=$HT_RC
dump_rate=$(hx_field fe_web FRONTEND rate "$(cat "$DUMP")")
if [[ $dump_rate =~ ^[0-9]+$ ]] && ((dump_rate > 5)); then
	ht_pass "setup: saved dump has fe_web rate $dump_rate (> 5)"
else
	ht_fail "setup: saved dump has fe_web rate > 5" "rate: '$dump_rate'"
fi

ht_case "socket right after saving the dump, -w 5 -c 1000"
expect_exit 1

ht_case "--input dump, -w 5 -c 1000"
run_plugin --input "$DUMP" -w 5 -c 1000
expect_exit "$sock_rc" "same exit code as the socket ($sock_rc)"
expect_exit 1
expect_output_match "${FE_RATE}${dump_rate}(\.0+)?[a-zA-Z/%]*;5;1000([; ]|$)" "fe rate taken from the dump ($dump_rate)"

ht_case "--input=dump (long option), -w 5 -c 1000"
run_plugin --input="$DUMP" -w 5 -c 1000
expect_exit 1

ht_case "--input - (stdin), -w 5 -c 1000"
run_plugin_stdin "$DUMP" --input - -w 5 -c 1000
expect_exit 1

ht_case "--input dump, -c 5"
run_plugin --input "$DUMP" -c 5
expect_exit 2

ht_case "--input dump, -w 100000 -c 200000"
run_plugin --input "$DUMP" -w 100000 -c 200000
expect_exit 0

ht_case "--input dump, -w 100000: (alert below 100000)"
run_plugin --input "$DUMP" -w 100000:
expect_exit 1

ht_case "--input dump, -c @0:5 (alert inside 0..5; rate is above)"
run_plugin --input "$DUMP" -c @0:5
expect_exit 0

ht_finish
