#!/bin/bash
#
# test_load.sh - check_haproxy_stat and the CLI's own limits, against one
# real HAProxy with the default "stats maxconn" (10, shared by every stats
# socket; haproxy-stats.md 6.4-6.6):
#   - 50 concurrent runs (unix and TCP) all finish within their timeout
#     with the same answer as a run alone;
#   - 20 runs killed with SIGKILL while reading a large answer leave no
#     CLI session behind ("show sess" polled until HAProxy has noticed),
#     and the CLI and the plugin answer normally afterwards.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_load.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

# A large answer (about 1.4 MB: 61 backends, 6000 servers without checks)
# makes each read last long enough to be killed in the middle of it.
ht_pick_port FE_PORT
ht_pick_port PORT_web1
ht_pick_port PORT_dead
ht_backend_start web1 "$PORT_web1"
{
	printf 'frontend fe_load\n    bind 127.0.0.1:%s\n    default_backend app\n\n' "$FE_PORT"
	printf 'backend app\n    server web1 127.0.0.1:%s check\n' "$PORT_web1"
	printf '    server dead1 127.0.0.1:%s check\n\n' "$PORT_dead"
	for ((b = 1; b <= 60; b++)); do
		printf 'backend pool%02d\n' "$b"
		for ((s = 1; s <= 100; s++)); do
			printf '    server srv%03d 127.0.0.1:%s\n' "$s" "$PORT_web1"
		done
		printf '\n'
	done
} >"$HT_TMP/proxies.cfg"
hx_start <"$HT_TMP/proxies.cfg"
hx_wait_status app web1 UP
hx_wait_status app dead1 DOWN

S=$HX_SOCK
# slack for valgrind (make check-valgrind): it starts slowly and reads slowly
SLACK=$(ht_time_slack_ms)
TIMEOUT=10
if ht_wrapped; then
	TIMEOUT=30
fi

# cli_sessions: number of CLI sessions (fe=GLOBAL) that "show sess" lists,
# not counting the one asking. Fails (and prints nothing) when the CLI does
# not answer within 8 s: every "stats maxconn" slot taken.
cli_sessions() {
	local out line n=0
	out=$(printf 'show sess\n' | "$HT_TIMEOUT" 8 "$SOCAT" -t 5 -T 5 - "UNIX-CONNECT:$S") || return 1
	[[ -n $out ]] || return 1
	while IFS= read -r line; do
		[[ $line == *"fe=GLOBAL"* ]] && n=$((n + 1))
	done <<<"$out"
	printf '%d' $((n - 1))
}

# ---------------------------------------------------------------------------
ht_case "one run alone (reference answer)"
run_plugin -S "$S" -t "$TIMEOUT"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/dead1 DOWN'
REF_RC=$HT_RC
REF_STATUS=${HT_OUT%%(*}   # up to the check text, which may vary
dump_bytes=$(ht_cli "show stat" | wc -c)
ht_note "show stat answer: $dump_bytes bytes"

# ---------------------------------------------------------------------------
# 50 concurrent runs: 40 on the unix socket, 10 on the TCP one. Only 10 are
# served at a time; the rest wait in the listen backlog (or, for unix,
# retry connect() on EAGAIN) within their deadline.
ht_case "50 concurrent runs, stats maxconn 10"
_ht_wrapper_words
pids=()
t0=$(date +%s%N)
for ((i = 0; i < 50; i++)); do
	if ((i % 5 == 4)); then
		args=(-H 127.0.0.1 -p "$HX_STATS_PORT")
	else
		args=(-S "$S")
	fi
	(
		s0=$(date +%s%N)
		"${HT_WRAP[@]}" "$PLUGIN" "${args[@]}" -t "$TIMEOUT" >"$HT_TMP/c$i.out" 2>"$HT_TMP/c$i.err"
		echo "$? $((($(date +%s%N) - s0) / 1000000))" >"$HT_TMP/c$i.rc"
	) &
	pids+=($!)
done
for p in "${pids[@]}"; do
	wait "$p"
done
t1=$(date +%s%N)
ok=0
slowest=0
for ((i = 0; i < 50; i++)); do
	read -r rc ms <"$HT_TMP/c$i.rc"
	out=$(cat "$HT_TMP/c$i.out")
	((ms > slowest)) && slowest=$ms
	if [[ $rc == "$REF_RC" && ${out%%(*} == "$REF_STATUS" && ! -s $HT_TMP/c$i.err ]] &&
		((ms < TIMEOUT * 1000 + SLACK)); then
		ok=$((ok + 1))
	else
		ht_fail "$HT_CASE: run $i" "exit $rc in $ms ms; stdout: ${out:0:300}; stderr: $(cat "$HT_TMP/c$i.err")"
	fi
done
ht_note "50 concurrent runs: all done in $((($(date +%s%N) - t0) / 1000000)) ms, slowest $slowest ms"
if [[ $ok == 50 ]]; then
	ht_pass "$HT_CASE: all 50 gave the reference answer within -t $TIMEOUT (slowest $slowest ms)"
else
	ht_fail "$HT_CASE: $ok of 50 gave the reference answer within -t $TIMEOUT"
fi
_ht_check_valgrind

# ---------------------------------------------------------------------------
# 20 runs killed with SIGKILL while reading: each run is killed as soon as
# it has read part of the answer (its rchar grew after it opened the
# socket) and before it could finish (it then dies by signal 9, not by
# exiting). HAProxy must notice and free every session.
#
# Not asserted, but seen with HAProxy 2.6.12: a run first stopped with
# SIGSTOP in the middle of the answer (HAProxy blocked on a full socket
# buffer) and then killed can leave its CLI session behind for good
# (fd=-1, no expiry in "show sess"), and ten of them lock every stats
# socket (haproxy-stats.md 6.4).
ht_case "20 runs killed mid-read"
# has_socket PID: true once PID has a socket open; no fork (fast poll).
has_socket() {
	[[ -S /proc/$1/fd/3 || -S /proc/$1/fd/4 || -S /proc/$1/fd/5 ]]
}
# rchar PID: set RCHAR to the bytes PID has read() so far (send() does not
# count in wchar, but the answer is read with read(), so rchar grows once
# it arrives); fails when PID is gone. No fork: the poll must be fast.
rchar() {
	local key val
	RCHAR=0
	while read -r key val; do
		if [[ $key == rchar: ]]; then
			RCHAR=$val
			return 0
		fi
	done <"/proc/$1/io" 2>/dev/null
	return 1
}
killed=0
for ((i = 0; i < 20; i++)); do
	"$PLUGIN" -S "$S" -t "$TIMEOUT" >/dev/null 2>&1 &
	p=$!
	for ((w = 0; w < 20000; w++)); do
		has_socket "$p" && break
		kill -0 "$p" 2>/dev/null || break
	done
	rchar "$p"
	r0=$RCHAR
	for ((w = 0; w < 20000; w++)); do
		rchar "$p" || break
		((RCHAR > r0)) && break
	done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	[[ $? == 137 ]] && killed=$((killed + 1))
done
ht_note "$killed of 20 runs were killed after reading part of the answer"
if ((killed >= 15)); then
	ht_pass "$HT_CASE: $killed of 20 killed mid-read"
else
	ht_fail "$HT_CASE: at least 15 of 20 killed mid-read (got $killed)"
fi
left=-1
for ((i = 0; i < 50; i++)); do
	left=$(cli_sessions)
	[[ $left == 0 ]] && break
	sleep 0.1
done
if [[ $left == 0 ]]; then
	ht_pass "$HT_CASE: no CLI session left behind (show sess, after $((i * 100)) ms)"
else
	ht_fail "$HT_CASE: no CLI session left behind (show sess still lists $left after 5 s)" \
		"$(ht_cli "show sess")"
fi

ht_case "after the kills"
info=$(ht_cli "show info")
if [[ $info == *"Name: HAProxy"* ]]; then
	ht_pass "$HT_CASE: the CLI answers show info"
else
	ht_fail "$HT_CASE: the CLI answers show info" "$info"
fi
run_plugin -S "$S" -t "$TIMEOUT"
expect_exit "$REF_RC"
if [[ ${HT_OUT%%(*} == "$REF_STATUS" ]]; then
	ht_pass "$HT_CASE: the plugin gives the reference answer"
else
	ht_fail "$HT_CASE: the plugin gives the reference answer" "$(_ht_details)"
fi
run_plugin -H 127.0.0.1 -p "$HX_STATS_PORT" -t "$TIMEOUT"
expect_exit "$REF_RC" "exit $REF_RC over TCP"

ht_finish
