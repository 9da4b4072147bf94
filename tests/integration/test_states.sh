#!/bin/bash
#
# test_states.sh - server/backend/frontend states of a real HAProxy, as seen
# by check_haproxy_stat: UP, DOWN (process killed), MAINT (disable server,
# set server state maint), DRAIN, backup take-over, PAUSED frontend, "no
# check", selections (--proxy/--server/--exclude-*) and --policy.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_states.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_MAIN
ht_pick_port FE_PAUSE
for s in nginx1 nginx2 nginx3 s1 b1; do
	ht_pick_port "PORT_$s"
done

ht_backend_start nginx1 "$PORT_nginx1"
ht_backend_start nginx2 "$PORT_nginx2"
ht_backend_start nginx3 "$PORT_nginx3"
ht_backend_start s1 "$PORT_s1"
ht_backend_start b1 "$PORT_b1"

hx_start <<EOF
frontend fe_main
    bind 127.0.0.1:$FE_MAIN
    default_backend app-main

frontend fe_pause
    bind 127.0.0.1:$FE_PAUSE
    default_backend app-bk

backend app-main
    balance roundrobin
    cookie SERVERID insert indirect nocache
    server nginx1 127.0.0.1:$PORT_nginx1 check cookie S1
    server nginx2 127.0.0.1:$PORT_nginx2 check cookie S2
    server nginx3 127.0.0.1:$PORT_nginx3 check cookie S3

backend app-bk
    server s1 127.0.0.1:$PORT_s1 check
    server b1 127.0.0.1:$PORT_b1 check backup

backend app-nocheck
    server nc1 127.0.0.1:$PORT_nginx1
EOF

S=$HX_SOCK
UP_RE=$(ht_perf_re be:app-main:up)

for s in nginx1 nginx2 nginx3; do
	hx_wait_status app-main "$s" UP
done
hx_wait_status app-bk s1 UP
hx_wait_status app-bk b1 UP
hx_wait_status app-nocheck nc1 'no check'

# ---------------------------------------------------------------------------
ht_case "all servers up"
run_plugin -S "$S"
expect_exit 0
expect_first_line_match '^HAPROXY OK - '
expect_first_line_match '\|' "perfdata present on the first line"
expect_output_match "$(ht_perf_re fe:fe_main:rate)[0-9]"
expect_output_match "$(ht_perf_re fe:fe_main:scur)[0-9]"
expect_output_match "$(ht_perf_re be:app-main:rate)[0-9]"
expect_output_match "$(ht_perf_re be:app-main:scur)[0-9]"
expect_output_match "${UP_RE}3([^0-9]|$)" "perfdata be:app-main:up=3"
expect_output_match '^\[OK\] app-nocheck/nc1 no check' "'no check' server is listed as OK"
expect_no_output_match '^\[[A-Z]+\] app-main/' "healthy app-main objects are not listed without -v"
expect_stderr_empty

ht_case "all servers up, --socket= long option"
run_plugin --socket="$S"
expect_exit 0

ht_case "all servers up, -v"
run_plugin -S "$S" -v
expect_exit 0
expect_output_match '^\[OK\] app-main/nginx1 UP'
expect_output_match '^\[OK\] app-main/BACKEND UP'
expect_output_match '^\[OK\] fe_main/FRONTEND OPEN'
expect_output_match '^\[OK\] app-bk/b1 UP'

# ---------------------------------------------------------------------------
ht_backend_kill nginx3
hx_wait_status app-main nginx3 DOWN

ht_case "nginx3 killed"
run_plugin -S "$S"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - .*app-main/nginx3 DOWN' "summary names app-main/nginx3 DOWN"
expect_first_line_match '^HAPROXY WARNING - .*app-main/nginx3.*L4CON' "summary carries the check status L4CON"
expect_output_match '^\[WARNING\] app-main/nginx3 DOWN'
expect_no_output_match 'app-main/nginx[12]' "healthy nginx1/nginx2 are not listed"
expect_output_match "${UP_RE}2([^0-9]|$)" "perfdata be:app-main:up=2"
expect_stderr_empty

ht_case "nginx3 down, --exclude-server nginx3"
run_plugin -S "$S" --exclude-server nginx3
expect_exit 0
expect_no_output_match 'nginx3'

ht_case "nginx3 down, --server 'nginx[12]'"
run_plugin -S "$S" --server 'nginx[12]'
expect_exit 0

ht_case "nginx3 down, --exclude-proxy app-main"
run_plugin -S "$S" --exclude-proxy app-main
expect_exit 0

ht_case "nginx3 down, --proxy app-main"
run_plugin -S "$S" --proxy app-main
expect_exit 1

ht_case "nginx3 down, --proxy 'app-.*' (regex)"
run_plugin -S "$S" --proxy 'app-.*'
expect_exit 1

ht_case "nginx3 down, --proxy fe_main --proxy app-bk (repeated, no app-main)"
run_plugin -S "$S" --proxy fe_main --proxy app-bk
expect_exit 0

ht_case "nginx3 down, --proxy fe_main --proxy app-main (repeated)"
run_plugin -S "$S" --proxy fe_main --proxy app-main
expect_exit 1

ht_case "selection typo --proxy app-mian"
run_plugin -S "$S" --proxy app-mian
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - .*matched no'

ht_case "--proxy app-mai (regex must match the whole name)"
run_plugin -S "$S" --proxy app-mai
expect_exit 3
expect_first_line_match 'matched no'

ht_case "selection typo --server nginx9"
run_plugin -S "$S" --server nginx9
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - .*matched no'

ht_case "--server nginx (regex must match the whole name)"
run_plugin -S "$S" --server nginx
expect_exit 3
expect_first_line_match 'matched no'

# ---------------------------------------------------------------------------
hx_disable_server app-main/nginx2
hx_wait_status app-main nginx2 MAINT

ht_case "nginx2 disabled (MAINT), nginx3 down"
run_plugin -S "$S"
expect_exit 1
expect_output_match '^\[OK\] app-main/nginx2 MAINT' "MAINT server listed as OK"
expect_output_match '^\[WARNING\] app-main/nginx3 DOWN'
expect_first_line_no_match 'nginx2' "summary is not about nginx2"

ht_case "nginx2 MAINT, --exclude-server nginx3"
run_plugin -S "$S" --exclude-server nginx3
expect_exit 0
expect_first_line_match '^HAPROXY OK - '
expect_output_match '^\[OK\] app-main/nginx2 MAINT'

ht_case "nginx2 MAINT, --policy server.maint=warning --exclude-server nginx3"
run_plugin -S "$S" --policy server.maint=warning --exclude-server nginx3
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - .*app-main/nginx2 MAINT'
expect_output_match '^\[WARNING\] app-main/nginx2 MAINT'

ht_case "nginx2 MAINT, --policy server.maint=critical --exclude-server nginx3"
run_plugin -S "$S" --policy server.maint=critical --exclude-server nginx3
expect_exit 2
expect_output_match '^\[CRITICAL\] app-main/nginx2 MAINT'

hx_enable_server app-main/nginx2
hx_wait_status app-main nginx2 UP

# ---------------------------------------------------------------------------
hx_set_server_state app-main/nginx2 maint
hx_wait_status app-main nginx2 MAINT

ht_case "nginx2 'set server state maint', --exclude-server nginx3"
run_plugin -S "$S" --exclude-server nginx3
expect_exit 0
expect_output_match '^\[OK\] app-main/nginx2 MAINT'

ht_case "nginx2 'set server state maint', --policy server.maint=warning, --server nginx2"
run_plugin -S "$S" --policy server.maint=warning --server nginx2
expect_exit 1
expect_first_line_match 'app-main/nginx2 MAINT'

hx_set_server_state app-main/nginx2 ready
hx_wait_status app-main nginx2 UP

# ---------------------------------------------------------------------------
hx_set_server_state app-main/nginx1 drain
hx_wait_status app-main nginx1 DRAIN

ht_case "nginx1 DRAIN, --exclude-server nginx3"
run_plugin -S "$S" --exclude-server nginx3
expect_exit 0
expect_output_match '^\[OK\] app-main/nginx1 DRAIN' "DRAIN server listed as OK"

ht_case "nginx1 DRAIN, nginx3 down"
run_plugin -S "$S"
expect_exit 1
expect_first_line_match 'app-main/nginx3'
expect_first_line_no_match 'nginx1' "summary is not about nginx1"

hx_set_server_state app-main/nginx1 ready
hx_wait_status app-main nginx1 UP

# ---------------------------------------------------------------------------
ht_case "app-bk healthy"
run_plugin -S "$S" --proxy app-bk
expect_exit 0

ht_backend_kill s1
hx_wait_status app-bk s1 DOWN
if [[ $(hx_status app-bk BACKEND) == UP* ]]; then
	ht_pass "setup: app-bk/BACKEND stays UP while the backup b1 serves"
else
	ht_fail "setup: app-bk/BACKEND stays UP while the backup b1 serves" "status: $(hx_status app-bk BACKEND)"
fi

ht_case "active s1 down, backup b1 serving"
run_plugin -S "$S" --proxy app-bk
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*app-bk/s1' "summary names the active server app-bk/s1"
expect_output_match '^\[CRITICAL\] app-bk/s1 DOWN'

ht_backend_start s1 "$PORT_s1"
hx_wait_status app-bk s1 UP

ht_case "s1 back up"
run_plugin -S "$S" --proxy app-bk
expect_exit 0

ht_backend_kill b1
hx_wait_status app-bk b1 DOWN

ht_case "backup b1 down alone"
run_plugin -S "$S" --proxy app-bk
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - .*app-bk/b1'
expect_output_match '^\[WARNING\] app-bk/b1 DOWN'

# ---------------------------------------------------------------------------
# 'disable frontend' shows PAUSED (2.6.6+), STOP up to 2.2 (HX_FE_DISABLED):
# one STOP frontend is not a soft-stopping process (policy frontend.stop)
hx_disable_frontend fe_pause
hx_wait_status fe_pause FRONTEND "$HX_FE_DISABLED"

ht_case "frontend fe_pause disabled ($HX_FE_DISABLED)"
run_plugin -S "$S" --proxy fe_pause
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*fe_pause/FRONTEND'
expect_output_match "^\\[CRITICAL\\] fe_pause/FRONTEND $HX_FE_DISABLED"
expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"

ht_case "frontend fe_pause disabled, whole config"
run_plugin -S "$S"
expect_exit 2

hx_enable_frontend fe_pause
hx_wait_status fe_pause FRONTEND OPEN

ht_case "frontend fe_pause enabled again"
run_plugin -S "$S" --proxy fe_pause
expect_exit 0

# ---------------------------------------------------------------------------
ht_backend_kill nginx1
ht_backend_kill nginx2
hx_wait_status app-main nginx1 DOWN
hx_wait_status app-main nginx2 DOWN
hx_wait_status app-main BACKEND DOWN

ht_case "all app-main servers down"
run_plugin -S "$S" --proxy app-main
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - '
expect_output_match 'app-main/BACKEND DOWN' "backend DOWN is reported"
expect_output_match '^\[CRITICAL\] app-main/nginx1 DOWN' "active server down with no UP peer is CRITICAL"
expect_output_match "${UP_RE}0([^0-9]|$)" "perfdata be:app-main:up=0"

ht_finish
