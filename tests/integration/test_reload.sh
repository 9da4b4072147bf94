#!/bin/bash
#
# test_reload.sh - HAProxy reloading (haproxy -sf, the way Debian's init
# script and systemd unit reload) again and again while the plugin checks
# a healthy configuration. A reload hands the stats socket to a new
# process; the old one soft-stops (its frontends read STOP) and may exit in
# the middle of an answer. The plugin must answer OK (after one retry on a
# new connection when it needed one) or a clear UNKNOWN: never a false
# CRITICAL or WARNING.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_reload.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

RELOADS=${RELOADS:-12}

ht_pick_port FE_PORT
ht_pick_port PORT_web1
ht_backend_start web1 "$PORT_web1"

# 300 backends of 5 servers without checks ("no check" counts as serving)
# make each dump long enough (about 2 ms) to overlap with reloads.
EXTRA=""
for ((b = 0; b < 300; b++)); do
	EXTRA+="backend bulk$b"$'\n'
	for ((s = 0; s < 5; s++)); do
		EXTRA+="    server s$s 127.0.0.1:$PORT_web1"$'\n'
	done
done

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

backend app
    server web1 127.0.0.1:$PORT_web1 check

$EXTRA
EOF
S=$HX_SOCK
hx_wait_status app web1 UP

ht_case "before any reload"
run_plugin -S "$S"
expect_exit 0

# reload: a new process takes over the sockets of the current one, which
# soft-stops; idle client connections keep the old one alive in STOP for a
# while, as on a busy load balancer.
reload() {
	local old=$HX_PID
	"$SOCAT" -u TCP:127.0.0.1:"$FE_PORT" EXEC:'sleep 2' >/dev/null 2>&1 &
	ht_spawn "haproxy-reload-$1" "$HAPROXY" -db -f "$HX_CFG" -sf "$old"
	HX_PID=$HT_LAST_PID
}

# the checker: plugin runs back to back, each outcome on a line, until the
# reloads are over and at least MIN_RUNS checks ran (a count, not a time
# window: a slow or busy machine runs fewer checks a second); the time
# bound only stops a hung loop.
MIN_RUNS=10
LOOP_OUT=$HT_TMP/loop.out
RELOADS_DONE=$HT_TMP/reloads.done
(
	n=0
	end=$((SECONDS + 300))
	while { [[ ! -e $RELOADS_DONE ]] || ((n < MIN_RUNS)); } && ((SECONDS < end)); do
		out=$("$PLUGIN" -S "$S" -t 5 -vv 2>&1)
		rc=$?
		n=$((n + 1))
		printf '%s\t%s\t%s\n' "$rc" "${out%%$'\n'*}" \
			"$([[ $out == *"retried once: "* ]] && echo retried)"
	done >"$LOOP_OUT"
) &
LOOP_PID=$!

for ((i = 1; i <= RELOADS; i++)); do
	sleep 0.25
	reload "$i"
done
: >"$RELOADS_DONE"
wait "$LOOP_PID"

ht_case "checks during $RELOADS reloads"
runs=0 ok=0 unknown=0 retried=0 bad=""
while IFS=$'\t' read -r rc first how; do
	runs=$((runs + 1))
	[[ $how == retried ]] && retried=$((retried + 1))
	case $rc in
	0) ok=$((ok + 1)) ;;
	3)
		unknown=$((unknown + 1))
		[[ $first == "HAPROXY UNKNOWN - "* ]] || bad+="rc 3 without a clear line: $first"$'\n'
		;;
	*) bad+="rc $rc: $first"$'\n' ;;
	esac
done <"$LOOP_OUT"
ht_note "$runs checks: $ok OK, $unknown UNKNOWN, $retried retried once"
if [[ -z $bad ]]; then
	ht_pass "no check during a reload gave a false alarm ($runs checks)"
else
	ht_fail "no check during a reload gave a false alarm" "$bad"
fi
if ((runs >= MIN_RUNS && ok * 10 >= runs * 9)); then
	ht_pass "at least 90% of the checks were complete and OK ($ok of $runs)"
else
	ht_fail "at least 90% of the checks were complete and OK" "$ok of $runs"
fi

ht_case "after the reloads"
run_plugin -S "$S"
expect_exit 0
expect_first_line_match '^HAPROXY OK - ' "the newest process answers OK"

ht_finish
