#!/bin/bash
#
# test_persist.sh - sticky sessions (cookie SERVERID insert indirect
# nocache) against a real HAProxy with real traffic: sticky requests to a
# server that refuses connections, with option redispatch, raise
# delta.wredis; persisted and new sessions mixed give a persist_pct
# between the two; a cookie backend with a server lacking a cookie value
# is WARNING (server.nocookie), by name and among every proxy.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_persist.sh

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
ht_pick_port FE2_PORT
ht_pick_port APP_PORT
ht_pick_port DEAD_PORT # nobody listens there

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

frontend fe_redis
    bind 127.0.0.1:$FE2_PORT
    default_backend redis

backend app
    balance roundrobin
    cookie SERVERID insert indirect nocache
    server s1 127.0.0.1:$APP_PORT cookie s1
    server s2 127.0.0.1:$APP_PORT cookie s2

backend redis
    balance roundrobin
    cookie SERVERID insert indirect nocache
    option redispatch
    retries 1
    timeout connect 100ms
    server ok 127.0.0.1:$APP_PORT cookie ok
    server dead 127.0.0.1:$DEAD_PORT cookie dead

backend nocookie
    cookie SERVERID insert indirect nocache
    server a 127.0.0.1:$APP_PORT cookie a
    server b 127.0.0.1:$APP_PORT

frontend fe_app
    bind 127.0.0.1:$APP_PORT
    http-request return status 200
EOF
S=$HX_SOCK
STATE=$HT_TMP/state
mkdir -m 700 "$STATE"

# get PORT COUNT [COOKIE]: COUNT requests, one connection each
get() {
	local cookie=()
	[[ -n ${3:-} ]] && cookie=(-H "Cookie: SERVERID=$3")
	"$CURL" -s --max-time 20 -H 'Connection: close' "${cookie[@]}" \
		"http://127.0.0.1:$1/p/[1-$2]" >/dev/null
}

ht_case "redispatch: first sample"
RULES=(--proxy redis -w backend.delta.wredis=0 -w server.delta.wredis=0
	--server dead --state-dir "$STATE" --perfdata servers)
run_plugin -S "$S" "${RULES[@]}"
expect_exit 0
expect_output_match 'rates start with the next check'

ht_case "sticky requests to a server that refuses connections"
get "$FE2_PORT" 4 dead
run_plugin -S "$S" "${RULES[@]}"
expect_exit 1
expect_output_match 'redis/BACKEND backend.delta.wredis [1-9]'
expect_output_match 'redis/dead server.delta.wredis [1-9]'
expect_output_match 'be:redis:delta.wredis=[1-9][0-9]*;0;;0'

ht_case "no more redispatches since"
get "$FE2_PORT" 3 ok
run_plugin -S "$S" "${RULES[@]}"
expect_exit 0
expect_output_match 'be:redis:delta.wredis=0;0;;0'

ht_case "persist_pct: persisted and new sessions mixed"
PRULES=(--proxy app -w backend.persist_pct=90: --state-dir "$STATE")
run_plugin -S "$S" "${PRULES[@]}"
expect_exit 0
get "$FE_PORT" 12 s1
get "$FE_PORT" 12
run_plugin -S "$S" "${PRULES[@]}"
expect_exit 1
expect_first_line_match 'app/BACKEND backend.persist_pct 50%'
expect_output_match 'be:app:persist_pct=50%;90:'
get "$FE_PORT" 25 s2
run_plugin -S "$S" "${PRULES[@]}"
expect_exit 0 "only persisted sessions: 100 %"
expect_output_match 'be:app:persist_pct=100%;90:'

ht_case "cookie backend with a server lacking a cookie value"
run_plugin -S "$S" --proxy nocookie -vv
expect_exit 1
expect_first_line_match 'nocookie/BACKEND sets cookie SERVERID but 1 server has no cookie value \(b\)'
run_plugin -S "$S"
expect_exit 1 "every proxy"
expect_output_match 'nocookie/BACKEND sets cookie SERVERID but 1 server has no cookie'
expect_no_output_match 'app/BACKEND sets cookie'
run_plugin -S "$S" --policy server.nocookie=ok
expect_exit 0 "--policy server.nocookie=ok"

ht_finish
