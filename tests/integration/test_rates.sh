#!/bin/bash
#
# test_rates.sh - deltas, rates and ratios between two checks against a
# real HAProxy with real traffic (curl): a backend serving about 25 % 5xx
# crosses backend.http_5xx_pct on the second check and not on the first;
# no traffic since the last check is OK; a reload or "clear counters"
# between checks gives no alarm and no negative number; the safety rules
# of the state directory and file; 40 concurrent runs on one key; 40
# servers deleted at run time, two services with different rules on one
# proxy, a clock stepped back (libfaketime) and 60 killed runs, each of
# which the state file of format 1 got wrong.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_rates.sh

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
ht_pick_port APP_PORT

# The application is a tiny HAProxy frontend of its own: /err/... answers
# 500, everything else 200. Backend big has 40 servers that a case deletes
# at run time, backends after1..after3 come after it in the dump.
BIG=$(for ((i = 1; i <= 40; i++)); do printf '    server d%d 127.0.0.1:%s\n' "$i" "$APP_PORT"; done)
AFTER=$(for ((i = 1; i <= 3; i++)); do
	printf 'backend after%d\n    server s1 127.0.0.1:%s\n' "$i" "$APP_PORT"
done)
hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    http-request deny if { path_beg /deny/ }
    default_backend app

backend app
    server web1 127.0.0.1:$APP_PORT

frontend fe_app
    bind 127.0.0.1:$APP_PORT
    http-request return status 500 if { path_beg /err/ }
    http-request return status 200

backend big
$BIG
    server k1 127.0.0.1:$APP_PORT

$AFTER
EOF
S=$HX_SOCK
STATE=$HT_TMP/state
mkdir -m 700 "$STATE"

# traffic OK ERR: OK requests answered 200, then ERR answered 500
traffic() {
	"$CURL" -s --max-time 20 -H 'Connection: close' \
		"http://127.0.0.1:$FE_PORT/ok/[1-$1]" >/dev/null
	if (($2 > 0)); then
		"$CURL" -s --max-time 20 -H 'Connection: close' \
			"http://127.0.0.1:$FE_PORT/err/[1-$2]" >/dev/null
	fi
}

RULE=(--proxy app -c backend.http_5xx_pct=10 -w backend.delta.hrsp_5xx=0 --state-dir "$STATE")

traffic 30 10
ht_case "first check: no previous sample"
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0
expect_output_match 'rates start with the next check'
expect_no_output_match 'UNKNOWN'

traffic 30 10
ht_case "second check: about 25 % 5xx"
run_plugin -S "$S" "${RULE[@]}"
expect_exit 2
expect_first_line_match 'app/BACKEND backend.http_5xx_pct 25%'
expect_output_match "be:app:http_5xx_pct=25%;;10( |$)"
expect_output_match "be:app:delta.hrsp_5xx=10;0;;0"

ht_case "no traffic since the last check"
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0
expect_output_match 'be:app:delta.hrsp_5xx=0;0;;0'
expect_output_match 'rule backend.http_5xx_pct: not evaluated: too few requests'

traffic 5 0
ht_case "rate.stot per second"
run_plugin -S "$S" --proxy app -w backend.rate.stot=1000 --state-dir "$STATE"
expect_exit 0
expect_output_match 'rates start with the next check'
traffic 40 0
run_plugin -S "$S" --proxy app -w backend.rate.stot=1000 --state-dir "$STATE"
expect_exit 0
expect_output_match 'be:app:rate.stot=[0-9.]+;1000;;0'

ht_case "denied requests: rate and share"
DRULE=(--proxy fe_web -w frontend.denied_pct=10 -w frontend.delta.dreq=0 --state-dir "$STATE")
run_plugin -S "$S" "${DRULE[@]}"
expect_exit 0
traffic 30 0
"$CURL" -s --max-time 20 -H 'Connection: close' "http://127.0.0.1:$FE_PORT/deny/[1-10]" >/dev/null
run_plugin -S "$S" "${DRULE[@]}"
expect_exit 1
expect_output_match 'fe_web/FRONTEND frontend.denied_pct 25% \(warning range 10\)'
expect_output_match 'fe:fe_web:delta.dreq=10;0;;0'

# reload: a new process with fresh counters, and less traffic than before
ht_case "reload between checks"
traffic 20 20
run_plugin -S "$S" "${RULE[@]}"
expect_exit 2
ht_spawn haproxy-reload "$HAPROXY" -db -f "$HX_CFG" -sf "$HX_PID"
HX_PID=$HT_LAST_PID
for ((i = 0; i < 50; i++)); do
	[[ $(ht_cli "show info" 2>/dev/null) == *"Pid: $HX_PID"* ]] && break
	sleep 0.1
done
traffic 3 1
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0
expect_output_match 'reloaded or restarted'
expect_no_output_match '=-[0-9]'
traffic 30 0
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0 "after the reload, rates again"
expect_output_match 'be:app:http_5xx_pct=0%'

ht_case "counters cleared (clear counters all)"
if ! hx_version_lt 3.4; then
	# seen with 3.4.0: the worker dies of SIGSEGV on the first request
	# after "clear counters all", with or without a reload before
	ht_note "HAProxy $HX_VERSION crashes on traffic after 'clear counters all': case skipped"
else
	traffic 20 0
	run_plugin -S "$S" "${RULE[@]}"
	hx_admin "clear counters all"
	traffic 1 1
	run_plugin -S "$S" "${RULE[@]}"
	expect_exit 0
	expect_no_output_match '=-[0-9]'
	expect_output_match 'went down'
fi

ht_case "a server added at run time starts its own sample"
if hx_version_lt 2.6; then
	ht_note "HAProxy $HX_VERSION: no 'add server' for this backend: case skipped"
else
	SRULE=(--proxy app -w server.delta.stot=1000 --perfdata servers --state-dir "$STATE")
	run_plugin -S "$S" "${SRULE[@]}"
	traffic 4 0
	run_plugin -S "$S" "${SRULE[@]}"
	expect_exit 0
	expect_output_match 'sv:app/web1:delta.stot=4;1000'
	answer=$(ht_cli "add server app/web2 127.0.0.1:$APP_PORT")
	if [[ $answer == *"New server registered"* ]]; then
		ht_pass "setup: add server app/web2"
	else
		ht_fail "setup: add server app/web2" "$answer"
	fi
	hx_admin "enable server app/web2"
	traffic 4 0
	run_plugin -S "$S" "${SRULE[@]}"
	expect_exit 0 "after add server"
	expect_output_match 'sv:app/web1:delta.stot=[1-9]'
	expect_no_output_match 'sv:app/web2:delta.stot'
	expect_output_match 'sv:app/web2:scur'
	traffic 4 0
	run_plugin -S "$S" "${SRULE[@]}"
	expect_exit 0 "the next check has both"
	expect_output_match 'sv:app/web1:delta.stot=[1-9]'
	expect_output_match 'sv:app/web2:delta.stot=[1-9]'
fi

ht_case "40 servers of one backend deleted at run time: the objects after them keep their sample"
if hx_version_lt 2.5; then
	ht_note "HAProxy $HX_VERSION: no 'del server' (2.5): case skipped"
else
	DRULE=(-w server.delta.stot=1000000 -w backend.delta.stot=1000000 --perfdata servers
		--state-dir "$STATE")
	run_plugin -S "$S" "${DRULE[@]}"
	expect_exit 0 "first sample"
	deleted=0
	for ((i = 1; i <= 40; i++)); do
		hx_set_server_state "big/d$i" maint &&
			[[ $(ht_cli "del server big/d$i") == *"Server deleted"* ]] &&
			deleted=$((deleted + 1))
	done
	if ((deleted == 40)); then
		ht_pass "setup: del server of 40 servers"
	else
		ht_fail "setup: del server of 40 servers" "$deleted deleted"
	fi
	run_plugin -S "$S" "${DRULE[@]}"
	expect_exit 0 "after del server"
	expect_no_output_match 'd40'
	expect_no_output_match 'rates start with the next check|not evaluated'
	expect_output_match 'sv:big/k1:delta.stot=0;'
	expect_output_match 'be:after3:delta.stot=0;'
	expect_output_match 'sv:after3/s1:delta.stot=0;'
fi

# The issue's scenario: A's delta is over A's own previous sample, whatever
# B ran in between.
ht_case "two services on one proxy with different rules keep a sample each"
ARULE=(--proxy app -w backend.delta.stot=20 --state-dir "$STATE")
BRULE=(--proxy app -c backend.rate.stot=1000 --state-dir "$STATE")
run_plugin -S "$S" "${ARULE[@]}"
traffic 30 0
run_plugin -S "$S" "${BRULE[@]}"
expect_exit 0 "the other service's run"
traffic 10 0
run_plugin -S "$S" "${ARULE[@]}"
expect_exit 1 "40 requests since A's last run: over 20"
expect_output_match 'be:app:delta.stot=40;20;;0'

ht_case "a clock stepped back (as NTP does): the rate stays true"
FT_LIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
if [[ -z $FT_LIB ]]; then
	ht_note "libfaketime missing (Debian package libfaketime, tools/install-deps): case skipped"
else
	CRULE=(--proxy app -w backend.rate.stot=999 --state-dir "$STATE")
	run_plugin -S "$S" "${CRULE[@]}"
	# 10 requests over at least 4 s: at most 2.5/s
	for ((i = 0; i < 10; i++)); do
		traffic 1 0
		sleep 0.4
	done
	# the wall clock 3 s behind: the interval by the wall clock is about 1 s
	LD_PRELOAD=$FT_LIB FAKETIME=-3 FAKETIME_DONT_FAKE_MONOTONIC=1 run_plugin -S "$S" "${CRULE[@]}"
	expect_exit 0
	rate=$(grep -oE 'be:app:rate.stot=[0-9.]+' <<<"$HT_OUT" | cut -d= -f2)
	if [[ -n $rate ]] && awk -v r="$rate" 'BEGIN { exit !(r >= 1 && r <= 2.5) }'; then
		ht_pass "rate.stot $rate/s: 10 requests over the true interval"
	else
		ht_fail "rate.stot between 1 and 2.5/s (got '${rate}')" "$(_ht_details)"
	fi
fi

ht_case "60 runs killed while writing: the next run removes their temporary files"
# each run reads a real dump cut before its end from a FIFO that stays
# open: it has started its sample's temporary file when it is killed
{ ht_cli "show info"; ht_cli "show stat"; } | head -n -4 >"$HT_TMP/partial.txt"
KDIR=$HT_TMP/killed
mkdir -m 700 "$KDIR"
KRULE=(-w server.delta.stot=1000000 --state-dir "$KDIR")
temporaries() { find "$KDIR" -type f ! -regex '.*/haproxy-[0-9a-f]*' | wc -l; }
ppids=()
wpids=()
for ((i = 0; i < 60; i++)); do
	mkfifo "$HT_TMP/fifo.$i"
	"$PLUGIN" --input "$HT_TMP/fifo.$i" "${KRULE[@]}" >/dev/null 2>&1 &
	ppids+=($!)
	(
		cat "$HT_TMP/partial.txt"
		exec sleep 30
	) >"$HT_TMP/fifo.$i" &
	wpids+=($!)
done
for ((t = 0; t < 100; t++)); do
	(($(temporaries) >= 60)) && break
	sleep 0.1
done
kill -9 "${ppids[@]}" 2>/dev/null
kill "${wpids[@]}" 2>/dev/null
wait "${ppids[@]}" "${wpids[@]}" 2>/dev/null
left=$(temporaries)
if ((left == 60)); then
	ht_pass "setup: 60 killed runs left 60 temporary files"
else
	ht_fail "setup: 60 killed runs left 60 temporary files" "$left: $(ls -la "$KDIR")"
fi
run_plugin -S "$S" "${KRULE[@]}"
expect_exit 0
left=$(temporaries)
if ((left == 0)); then
	ht_pass "no temporary file left after the next run"
else
	ht_fail "no temporary file left after the next run" "$left: $(ls -la "$KDIR")"
fi

# --- state safety ---------------------------------------------------------
ht_case "group-writable state directory"
mkdir -m 770 "$HT_TMP/gw"
chmod 770 "$HT_TMP/gw"
run_plugin -S "$S" --proxy app -c backend.http_5xx_pct=10 --state-dir "$HT_TMP/gw"
expect_exit 3
expect_output_match "$HT_TMP/gw is writable by group or others"

ht_case "symlinked state directory"
ln -s "$STATE" "$HT_TMP/link"
run_plugin -S "$S" --proxy app -c backend.http_5xx_pct=10 --state-dir "$HT_TMP/link"
expect_exit 3
expect_output_match "$HT_TMP/link is a symlink"

ht_case "state directory of another user"
mkdir -m 700 "$HT_TMP/other"
if chown nobody "$HT_TMP/other" 2>/dev/null; then
	run_plugin -S "$S" --proxy app -c backend.http_5xx_pct=10 --state-dir "$HT_TMP/other"
	expect_exit 3
	expect_output_match "$HT_TMP/other belongs to uid"
fi

ht_case "unsafe directory: a CRITICAL seen still wins"
run_plugin -S "$S" --proxy app -c backend.http_5xx_pct=10 -c backend.up=5: \
	--state-dir "$HT_TMP/gw"
expect_exit 2
expect_output_match 'rate rules not evaluated'

ht_case "hostile state file: a first sample, never a crash"
for f in "$STATE"/haproxy-*; do
	printf 'check_haproxy_stat-state 1\nprocess 1 1\ntime 1\ncolumns stot\no 9 %%zz\n' >"$f"
done
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0
expect_output_match 'rates start with the next check'
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0 "and the next check reads the file it wrote"
expect_no_output_match 'rates start with the next check'

ht_case "state file writable by others is refused"
for f in "$STATE"/haproxy-*; do chmod 666 "$f"; done
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0
expect_output_match 'refused'

ht_case "per-user directory under MP_STATE_PATH"
mkdir -m 755 "$HT_TMP/base"
MP_STATE_PATH=$HT_TMP/base run_plugin -S "$S" --proxy app -c backend.http_5xx_pct=10
expect_exit 0
if [[ -d $HT_TMP/base/$(id -u)/check_haproxy_stat ]] &&
	[[ $(stat -c %a "$HT_TMP/base/$(id -u)") == 700 ]]; then
	ht_pass "MP_STATE_PATH/<uid>/check_haproxy_stat created 0700"
else
	ht_fail "MP_STATE_PATH/<uid>/check_haproxy_stat created 0700" "$(ls -laR "$HT_TMP/base")"
fi

ht_case "read-only state directory: verdict on current data, with a note"
# nobody runs the plugin on a saved answer, with a state directory of its
# own that it may read but not write
chmod 711 "$HT_TMP"
mkdir -m 755 "$HT_TMP/pub"
{ ht_cli "show info"; ht_cli "show stat"; } >"$HT_TMP/pub/dump.txt"
chmod 644 "$HT_TMP/pub/dump.txt"
# a copy of the plugin that nobody can run: the build tree may sit in a
# directory closed to other users (a clone in a mktemp -d directory)
cp "$PLUGIN" "$HT_TMP/pub/check_haproxy_stat" && chmod 755 "$HT_TMP/pub/check_haproxy_stat"
NOBODY_PLUGIN=$HT_TMP/pub/check_haproxy_stat
mkdir -m 700 "$HT_TMP/pub/ro"
chown nobody "$HT_TMP/pub/ro"
run_plugin_as nobody "$NOBODY_PLUGIN" --input "$HT_TMP/pub/dump.txt" --proxy app \
	-c backend.http_5xx_pct=10 -c backend.up=5: --state-dir "$HT_TMP/pub/ro"
expect_exit 2 "writable: CRITICAL from current data"
expect_no_output_match 'state not saved'

chmod 500 "$HT_TMP/pub/ro"
run_plugin_as nobody "$NOBODY_PLUGIN" --input "$HT_TMP/pub/dump.txt" --proxy app \
	-c backend.http_5xx_pct=10 -c backend.up=5: --state-dir "$HT_TMP/pub/ro"
expect_exit 2 "the CRITICAL from current data stands"
expect_output_match 'state not saved \(cannot create .*Permission denied\)'
expect_no_output_match 'UNKNOWN'

ht_case "full disk: verdict on current data, with a note"
mkdir "$HT_TMP/mnt"
if mount -t tmpfs -o size=4k,mode=700 tmpfs "$HT_TMP/mnt" 2>/dev/null; then
	mkdir -m 700 "$HT_TMP/mnt/st"
	dd if=/dev/zero of="$HT_TMP/mnt/fill" bs=1k count=64 2>/dev/null
	run_plugin -S "$S" --proxy app -c backend.http_5xx_pct=10 -c backend.up=5: \
		--state-dir "$HT_TMP/mnt/st"
	expect_exit 2
	expect_output_match 'state not saved \(.*No space left on device\)'
	umount "$HT_TMP/mnt"
else
	ht_note "tmpfs cannot be mounted here: full-disk case skipped"
fi

ht_case "40 concurrent runs on one key"
pids=()
for ((i = 0; i < 40; i++)); do
	"$PLUGIN" -S "$S" "${RULE[@]}" >"$HT_TMP/conc.$i" 2>&1 &
	pids+=($!)
done
bad=0
for ((i = 0; i < 40; i++)); do
	wait "${pids[$i]}"
	rc=$?
	if ((rc == 3)) || [[ $(<"$HT_TMP/conc.$i") == *UNKNOWN* ]]; then bad=$((bad + 1)); fi
done
if ((bad == 0)); then
	ht_pass "no UNKNOWN among 40 concurrent runs"
else
	ht_fail "no UNKNOWN among 40 concurrent runs" "$bad of them"
fi
run_plugin -S "$S" "${RULE[@]}"
expect_exit 0 "the file they leave is a valid sample"
expect_no_output_match 'rates start with the next check|not a sample'

ht_finish
