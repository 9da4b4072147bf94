#!/bin/bash
#
# test_names.sh - no proxy's name changes what a command asks.
#
# HAProxy looks the first argument of "show stat <A> <type> <sid>" up as a
# proxy name before it reads a number, and "show stat domain ..." is a
# keyword on 2.3+. With proxies named -1, 0, 4, 007 and domain, the
# default check, --proxy (each odd name, a frontend, a backend), --list
# and --discover must give exactly what the plugin gives from a full
# "show stat" saved at the same moment (--input), the DOWN backend and the
# paused frontend elsewhere included; a logging socat between the plugin
# and the socket sees what is sent, which -vv must name exactly. Then a
# frontend and a backend named twin (before 3.3): asked for by name, the
# frontend answers, and the backend's rows are read from every proxy's in
# the same attempt, which -vv names; and the same through the master CLI.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_names.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port PORT_web
ht_pick_port PORT_dead # nothing listens there: its server is DOWN
ht_backend_start web "$PORT_web"
for p in fe0 fep dom; do
	ht_pick_port "PORT_$p"
done

hx_start <<EOF
backend -1
    server s1 127.0.0.1:$PORT_web check

frontend 0
    bind 127.0.0.1:$PORT_fe0
    default_backend 4

frontend fe_paused
    bind 127.0.0.1:$PORT_fep
    default_backend app

backend 4
    server s2 127.0.0.1:$PORT_web check

listen domain
    bind 127.0.0.1:$PORT_dom
    server s3 127.0.0.1:$PORT_web check

backend 007
    server s4 127.0.0.1:$PORT_web check

backend app
    server web1 127.0.0.1:$PORT_web check

backend down_be
    server dead 127.0.0.1:$PORT_dead check
EOF
for b in -1/s1 4/s2 domain/s3 007/s4 app/web1; do
	hx_wait_status "${b%%/*}" "${b#*/}" UP
done
hx_wait_status down_be dead DOWN
hx_disable_frontend fe_paused


# norm TEXT: TEXT with where it was read from (--discover writes it) as
# SRC; with UNORDERED=1, the perfdata of its first line sorted (proxies
# asked for by name come frontends first, see same_as_full's callers).
norm() {
	local t=$1 first rest perf
	local -a items
	t=${t//"--socket='$SPY'"/SRC}
	t=${t//"--input='$HT_TMP/full.csv'"/SRC}
	t=${t//"haproxy_stat_socket = \"$SPY\""/SRC}
	t=${t//"haproxy_stat_input = \"$HT_TMP/full.csv\""/SRC}
	if [[ ${UNORDERED:-0} == 1 && ${t%%$'\n'*} == *'|'* ]]; then
		first=${t%%$'\n'*} rest=${t#"$first"}
		read -r -a items <<<"${first#*|}"
		perf=$(printf '%s\n' "${items[@]}" | sort | tr '\n' ' ')
		t="${first%%|*}|$perf$rest"
	fi
	printf '%s' "$t"
}

# same_as_full ARGS...: the plugin with ARGS through the spy gives exactly
# what it gives from a full "show stat" saved right after it (--input):
# exit code and output (norm). The two read HAProxy at two moments, so a
# difference runs both once more; a wrong answer differs both times.
same_as_full() {
	local live rc try
	for try in 1 2; do
		ht_spy_sent
		run_plugin -S "$SPY" "$@"
		live=$(norm "$HT_OUT") rc=$HT_RC
		ht_spy_sent
		LIVE_SENT=$SENT
		ht_cli "show stat" >"$HT_TMP/full.csv"
		run_plugin --input="$HT_TMP/full.csv" "$@"
		HT_OUT=$(norm "$HT_OUT")
		[[ $HT_OUT == "$live" && $HT_RC == "$rc" ]] && break
		[[ $try == 1 ]] && ht_note "$HT_CASE: the live and saved runs differed once; again"
	done
	if [[ $HT_OUT == "$live" && $HT_RC == "$rc" ]]; then
		ht_pass "$(_ht_name "same exit ($rc) and output as from the full dump")"
	else
		ht_fail "$(_ht_name "same exit and output as from the full dump")" "live (exit $rc):
$live
full dump (exit $HT_RC):
$HT_OUT
sent: $LIVE_SENT"
	fi
	# the live run's results, for the expectations that follow
	HT_OUT=$live HT_RC=$rc
}

# expect_no_sent_match RE: no command of the last live run matches RE.
expect_sent_no_match() {
	local c
	local -a cmds
	IFS=';' read -r -a cmds <<<"$LIVE_SENT"
	for c in "${cmds[@]}"; do
		if [[ $c =~ $1 ]]; then
			ht_fail "$(_ht_name "no command matches /$1/")" "sent: $LIVE_SENT"
			return
		fi
	done
	ht_pass "$(_ht_name "no command matches /$1/")"
}

ht_spy_start spy
FULL_CRIT='^HAPROXY CRITICAL - .*fe_paused/FRONTEND (PAUSED|STOP).*down_be/BACKEND DOWN'

# ---------------------------------------------------------------------------
ht_case "default check"
same_as_full
expect_exit 2
expect_first_line_match "$FULL_CRIT"
expect_output_match 'be:007:up=1;' "every backend in the perfdata (007)"
# every proxy and a type mask: never "-1", which the proxy "-1" answers
expect_sent_no_match '^show stat -1 '
expect_sent_no_match '^show stat [0-9]'

ht_case "default check, status only"
same_as_full --perfdata=none
expect_exit 2
expect_first_line_match "$FULL_CRIT"

for name in -1 0 4 007 domain fe_paused down_be app; do
	ht_case "--proxy=$name"
	same_as_full --proxy="$name"
	case $name in
	fe_paused)
		expect_exit 2
		expect_first_line_match '^HAPROXY CRITICAL - fe_paused/FRONTEND (PAUSED|STOP)'
		;;
	down_be)
		expect_exit 2
		expect_first_line_match '^HAPROXY CRITICAL - down_be/BACKEND DOWN'
		;;
	0)
		expect_exit 0
		expect_first_line_match '^HAPROXY OK - 1 frontend checked\|fe:0:'
		;;
	domain)
		expect_exit 0
		expect_first_line_match '^HAPROXY OK - 1 frontend, 1 backend, 1 server \(1 UP\) checked\|'
		# "show stat domain ..." is "Invalid statistics domain." on 2.3+
		expect_sent_no_match '^show stat domain'
		;;
	*)
		expect_exit 0
		expect_first_line_match "^HAPROXY OK - 1 backend, 1 server \(1 UP\) checked\|be:$name:"
		;;
	esac
	# the name itself only for the proxy of that name
	[[ $name == -1 ]] || expect_sent_no_match '^show stat -1 '
done

ht_case "--proxy of every odd name at once"
# asked for by name, the frontends come first: the same perfdata, in
# another order
UNORDERED=1 same_as_full --proxy=-1 --proxy=0 --proxy=4 --proxy=007 --proxy=down_be
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - down_be/BACKEND DOWN'
expect_output_match 'fe:0:scur=' "the frontend 0 read"
expect_output_match 'be:-1:up=1;' "the backend -1 read"

ht_case "--list"
same_as_full --list
expect_exit 2
for o in -1/BACKEND 0/FRONTEND 4/s2 domain/FRONTEND domain/BACKEND 007/s4 app/web1 \
	fe_paused/FRONTEND down_be/dead; do
	expect_output_match "^$(ht_re_escape "$o") " "$o listed"
done

for kind in nagios icinga2; do
	ht_case "--discover=$kind"
	same_as_full --discover="$kind" --discover-host lb1
	expect_exit 0
	for o in "backend -1" "frontend 0" "backend 4" "listen domain" "backend 007" \
		"frontend fe_paused" "backend app" "backend down_be"; do
		expect_output_match "haproxy $(ht_re_escape "$o")(\"|\$)" "a service for $o"
	done
	expect_sent_no_match '^show stat -1 '
done

# vv_names_sent ARGS...: the plugin with -vv and ARGS names every command
# exactly as sent: its "sent to" notes, joined by ';', are what the spy saw.
vv_names_sent() {
	local line notes="" head="sent to $SPY: "
	ht_spy_sent
	run_plugin -S "$SPY" -vv "$@"
	ht_spy_sent
	while IFS= read -r line; do
		[[ $line == "$head"* ]] && notes+="${notes:+;}${line#"$head"}"
	done <<<"$HT_OUT"
	if [[ -n $SENT && $notes == "$SENT" ]]; then
		ht_pass "$(_ht_name "-vv names what the spy saw: $SENT")"
	else
		ht_fail "$(_ht_name "-vv names what the spy saw")" "spy: $SENT
-vv: $notes
$(_ht_details)"
	fi
}

for args in "" "--proxy=fe_paused" "--proxy=domain" "--proxy=-1 --proxy=4" "--list"; do
	ht_case "-vv ${args:-(default)}"
	# shellcheck disable=SC2086 # the words of $args
	vv_names_sent $args
done

# ---------------------------------------------------------------------------
# A new HAProxy: a frontend and a backend of one name (refused by 3.3+).
ht_kill_pid "$HX_PID"
ht_kill_pid "$SPY_PID"
TWIN=""
if hx_version_lt 3.3; then
	ht_pick_port PORT_twin
	TWIN="
frontend twin
    bind 127.0.0.1:$PORT_twin
    default_backend twin

backend twin
    server t1 127.0.0.1:$PORT_web check"
fi
hx_start <<EOF
backend -1
    server s1 127.0.0.1:$PORT_web check

backend down_be
    server dead 127.0.0.1:$PORT_dead check
$TWIN
EOF
hx_wait_status down_be dead DOWN
ht_spy_start spy2

if [[ -n $TWIN ]]; then
	hx_wait_status twin t1 UP
	ht_case "--proxy=twin, a frontend and a backend named twin"
	same_as_full --proxy=twin
	expect_exit 0
	expect_first_line_match '^HAPROXY OK - 1 frontend, 1 backend, 1 server \(1 UP\) checked\|'
	SENT_WANT="show stat -1# 9 -1;show backend;show stat twin 6 -1;show stat -1# 6 -1"
	if [[ $LIVE_SENT == "$SENT_WANT" ]]; then
		ht_pass "$(_ht_name "sent: $SENT_WANT")"
	else
		ht_fail "$(_ht_name "sent: $SENT_WANT")" "sent: $LIVE_SENT
$(_ht_details)"
	fi
	ht_case "-vv --proxy=twin"
	vv_names_sent --proxy=twin
	expect_no_output_match '^(asked again|retried once)' "one attempt"
fi

# ---------------------------------------------------------------------------
# Through the master CLI ("@1 <command>" to the current worker): the same
# configuration, run by a master-worker HAProxy.
ht_kill_pid "$HX_PID"
MASTER=$HT_TMP/master.sock
ht_spawn mw "$HAPROXY" -W -db -S "$MASTER" -f "$HX_CFG"
for ((i = 0; i < 100; i++)); do
	[[ -S $MASTER && $(ht_cli "show info" 2>/dev/null) == *"Name: HAProxy"* ]] && break
	sleep 0.1
done
hx_wait_status down_be dead DOWN

ht_case "through the master CLI, default check"
run_plugin --master-socket "$MASTER" --perfdata=none
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - down_be/BACKEND DOWN'

ht_case "through the master CLI, --proxy=down_be -vv"
run_plugin --master-socket "$MASTER" --proxy=down_be -vv
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - down_be/BACKEND DOWN'
expect_output_match '\(master CLI, current worker\): @1 show stat -1# 9 -1;@1 show backend;@1 show stat down_be 6 -1$' \
	"every proxy as -1# through the master"

ht_finish
