#!/bin/bash
#
# test_core2.sh - behaviours of check_haproxy_stat against a real HAProxy
# (2.6.12 when written; HAPROXY= selects another binary) that the plugin must
# get right on awkward but ordinary input:
#
#    1. raw CR/LF inside a tcp-check's last_chk (quoted CSV field)
#    2. a raw control byte (0x01) inside last_chk
#    3. 'set server ... weight 0': up= follows the BACKEND act column, the
#       server is listed with "weight 0"; every active at weight 0 = backup only
#    4. unresolvable actives (MAINT (resolution)) with a backup UP
#    5. a rule that cannot be measured never hides a CRITICAL, and says why
#    6. a frontend at its maxconn (OPEN, scur = slim, listeners WAITING)
#    7. 'shutdown frontend' (STOP) and 'disable frontend' (PAUSED) are not a
#       soft-stopping process
#    8. 250-byte proxy names, 200-byte server names: perfdata labels intact
#    9. 400 backends x 10 servers without health checks: bounded output
#   10. per-proxy rules [SCOPE.]METRIC[@PROXY]=RANGE
#   11. the output grammar (first line, one '|') after every run above
#
# Several HAProxy instances are started one after the other (one per group of
# cases), each in the run's temp dir, on 127.0.0.1, stopped by pid.
#
# HT_CAPTURE_DIR=DIR saves the raw 'show stat' answers the cases see (and
# 'show info') as DIR/haproxy-<version>-<case>.csv|txt: this is how
# tests/fixtures/haproxy-2.6.12-{tcpcheck-crlf,tcpcheck-ctrl,weight0,...}
# were made.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_core2.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

HX_VERSION=$("$HAPROXY" -v 2>/dev/null)
HX_VERSION=${HX_VERSION#*version }
HX_VERSION=${HX_VERSION%%[ -]*}
ht_note "haproxy version $HX_VERSION"

# ---------------------------------------------------------------------------
# Local helpers
# ---------------------------------------------------------------------------

# hx_stop: stop the main haproxy started by hx_start (by pid), so that the
# next hx_start gets a fresh instance.
hx_stop() {
	[[ -n $HX_PID ]] || return 0
	ht_kill_pid "$HX_PID"
	ht_forget_pid "$HX_PID"
	HX_PID=""
	rm -f "$HX_SOCK"
}

# capture NAME CMD: save the raw answer of CMD as
# $HT_CAPTURE_DIR/haproxy-<version>-NAME (only when HT_CAPTURE_DIR is set);
# always keep a copy in $HT_TMP for the failure details.
capture() {
	local name=$1 cmd=$2
	ht_cli "$cmd" >"$HT_TMP/capture-$name"
	if [[ -n ${HT_CAPTURE_DIR:-} ]]; then
		cp "$HT_TMP/capture-$name" "$HT_CAPTURE_DIR/haproxy-$HX_VERSION-$name"
		ht_note "captured '$cmd' into $HT_CAPTURE_DIR/haproxy-$HX_VERSION-$name"
	fi
}


# hx_wait_gone PROXY SVNAME [TIMEOUT_S]: poll "show stat" until PROXY/SVNAME
# has no row (a proxy stopped by 'shutdown frontend' up to 2.2).
hx_wait_gone() {
	local px=$1 sv=$2 limit=$((${3:-10} * 10)) i
	for ((i = 0; i < limit; i++)); do
		if ! hx_status "$px" "$sv" >/dev/null 2>&1; then
			ht_pass "setup: $px/$sv left show stat"
			return 0
		fi
		sleep 0.1
	done
	ht_fail "setup: $px/$sv leaves show stat within ${3:-10}s" "status: '$(hx_status "$px" "$sv")'"
	return 1
}

# expect_grammar: case 11, checked after every run: the first line is
# "HAPROXY <STATE> - ..." and holds at most one '|'.
expect_grammar() {
	local first bars
	first=$(_ht_first_line "$HT_OUT")
	if [[ $first =~ ^HAPROXY\ (OK|WARNING|CRITICAL|UNKNOWN)\ -\  ]]; then
		ht_pass "$(_ht_name "grammar: first line is 'HAPROXY <STATE> - ...'")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "grammar: first line is 'HAPROXY <STATE> - ...'")" "$(_ht_details)"
	fi
	bars=${first//[^|]/}
	if ((${#bars} <= 1)); then
		ht_pass "$(_ht_name "grammar: at most one '|' on the first line")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "grammar: at most one '|' on the first line (${#bars})")" "$(_ht_details)"
	fi
}

# run ARGS...: run_plugin plus the grammar checks.
run() {
	run_plugin "$@"
	expect_grammar
}

# count_lines ERE [FROM]: number of stdout lines (from line FROM, 1-based,
# default 2 = the long output) matching ERE.
count_lines() {
	local re=$1 from=${2:-2} n=0 i=0 line
	while IFS= read -r line; do
		i=$((i + 1))
		((i < from)) && continue
		[[ $line =~ $re ]] && n=$((n + 1))
	done <<<"$HT_OUT"
	printf '%d' "$n"
}

# expect_count ERE OP N NAME [FROM]: count_lines ERE compared with N
# (OP: eq, ge, le).
expect_count() {
	local re=$1 op=$2 want=$3 name=$4 from=${5:-2} n
	n=$(count_lines "$re" "$from")
	local ok=1
	case $op in
	eq) ((n == want)) && ok=0 ;;
	ge) ((n >= want)) && ok=0 ;;
	le) ((n <= want)) && ok=0 ;;
	esac
	if [[ $ok == 0 ]]; then
		ht_pass "$(_ht_name "$name ($n)")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name (got $n)")" "$(_ht_details)"
	fi
}

LONG_RE='^\[(OK|WARNING|CRITICAL|UNKNOWN)\] '
# a --list row or its header: OBJECT or proxy/name then blanks
LIST_RE='^(OBJECT[[:space:]]|[A-Za-z0-9._:-]+/[A-Za-z0-9._:-]+[[:space:]])'

# expect_no_phantom_lines [list] [OBJECT_ERE]: every long-output line is a
# status line ("[STATE] ..."; with OBJECT_ERE: "[STATE] " followed by a
# match of OBJECT_ERE, i.e. naming an object), or, with "list", a --list
# table row; nothing else (e.g. the tail of a check text cut at a raw
# newline, "[CRITICAL] at step 2)").
expect_no_phantom_lines() {
	local mode=${1:-} obj=${2:-} i=0 line bad="" what
	while IFS= read -r line; do
		i=$((i + 1))
		((i == 1)) && continue
		if [[ $line =~ $LONG_RE ]]; then
			[[ -z $obj || ${line#"${BASH_REMATCH[0]}"} =~ ^($obj) ]] && continue
		fi
		[[ $mode == list && $line =~ $LIST_RE ]] && continue
		bad+="line $i: '$line'"$'\n'
	done <<<"$HT_OUT"
	what="every long-output line is a status line${obj:+ naming an object}${mode:+ or a table row}"
	if [[ -z $bad ]]; then
		ht_pass "$(_ht_name "$what")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$what")" "phantom lines:
$bad$(_ht_details)"
	fi
}

# every control byte but TAB and LF
CTL_CHARS=$'\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f'

# expect_no_control_bytes: stdout holds no such byte (no CR, no 0x01 ...).
expect_no_control_bytes() {
	local t=$HT_OUT
	if [[ $t == *["$CTL_CHARS"]* ]]; then
		ht_fail "$(_ht_name "no raw control byte (CR, 0x01, ...) in stdout")" "$(_ht_details)"
	else
		ht_pass "$(_ht_name "no raw control byte (CR, 0x01, ...) in stdout")" "$(_ht_details)"
	fi
}

# pd_parse: split the perfdata of the first stdout line (after its '|') into
# PD_LABEL[] (unquoted) and PD_DATA[] (what follows '='); PD_BAD is the text
# where the tokenizer stopped, if it did.  Labels are 'quoted' (with '' for
# a quote) or bare (no blank, no quote, no '=').
pd_parse() {
	local first rest label
	local re="^ *('(([^']|'')+)'|([^ '=][^ =]*))=([^ ]*)"
	PD_LABEL=()
	PD_DATA=()
	PD_BAD=""
	first=$(_ht_first_line "$HT_OUT")
	[[ $first == *'|'* ]] || return 0
	rest=${first#*|}
	while [[ $rest == *[^\ ]* ]]; do
		if [[ $rest =~ $re ]]; then
			if [[ -n ${BASH_REMATCH[2]} ]]; then
				label=${BASH_REMATCH[2]//\'\'/\'}
			else
				label=${BASH_REMATCH[4]}
			fi
			PD_LABEL+=("$label")
			PD_DATA+=("${BASH_REMATCH[5]}")
			rest=${rest:${#BASH_REMATCH[0]}}
		else
			PD_BAD=${rest:0:120}
			return 1
		fi
	done
	return 0
}

# pd_value LABEL: print the data of LABEL (after '='); false when absent.
pd_value() {
	local i
	for i in "${!PD_LABEL[@]}"; do
		if [[ ${PD_LABEL[$i]} == "$1" ]]; then
			printf '%s' "${PD_DATA[$i]}"
			return 0
		fi
	done
	return 1
}

PD_NUM='-?[0-9]+(\.[0-9]+)?'
PD_RANGE="@?((~|$PD_NUM)?:)?($PD_NUM)?"
PD_ITEM_RE="^($PD_NUM|U)([a-zA-Z%]*)(;($PD_RANGE)(;($PD_RANGE)(;($PD_NUM)?(;($PD_NUM)?)?)?)?)?$"

# expect_perfdata_grammar: every perfdata item is 'label'=value[UOM];[warn];
# [crit];[min];[max].
expect_perfdata_grammar() {
	local i bad=""
	if ! pd_parse; then
		ht_fail "$(_ht_name "perfdata tokenizes into label=data items")" "stopped at: '$PD_BAD'
$(_ht_details)"
		return
	fi
	for i in "${!PD_LABEL[@]}"; do
		if [[ ! ${PD_DATA[$i]} =~ $PD_ITEM_RE ]]; then
			bad+="'${PD_LABEL[$i]}'=${PD_DATA[$i]}"$'\n'
		fi
	done
	if [[ -z $bad && ${#PD_LABEL[@]} -gt 0 ]]; then
		ht_pass "$(_ht_name "every perfdata item is grammatical (${#PD_LABEL[@]} items)")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "every perfdata item is grammatical (${#PD_LABEL[@]} items)")" "bad items:
$bad$(_ht_details)"
	fi
}

# expect_perf_label LABEL: the parsed perfdata has exactly this label.
expect_perf_label() {
	local name=${2:-"perfdata has label $1"}
	pd_parse
	if pd_value "$1" >/dev/null; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name")" "labels: ${PD_LABEL[*]}
$(_ht_details)"
	fi
}

# expect_perf_value LABEL VALUE: the value (before UOM and ';') of LABEL.
expect_perf_value() {
	local label=$1 want=$2 data v
	pd_parse
	if data=$(pd_value "$label"); then
		v=${data%%[!0-9.-]*}
		if [[ $v == "$want" ]]; then
			ht_pass "$(_ht_name "perfdata $label=$want")" "$(_ht_details)"
		else
			ht_fail "$(_ht_name "perfdata $label=$want (got $v)")" "$(_ht_details)"
		fi
	else
		ht_fail "$(_ht_name "perfdata $label=$want (label missing)")" "labels: ${PD_LABEL[*]}
$(_ht_details)"
	fi
}

# The stand-in servers every instance may use.
ht_pick_port PORT_w1
ht_pick_port PORT_w2
ht_pick_port PORT_w3
ht_pick_port PORT_dead # nothing ever listens here
ht_backend_start w1 "$PORT_w1"
ht_backend_start w2 "$PORT_w2"
ht_backend_start w3 "$PORT_w3"

# A TCP server that answers something else than +PONG and closes: the
# tcp-checks of cases 1 and 2 fail with L7RSP.
ht_pick_port PORT_tcp
ht_fake_tcp errsrv "$PORT_tcp" 'printf "ERR bad\r\nmore\r\n"'

# ===========================================================================
# 1. CR/LF in a check text
# ===========================================================================
hx_start <<EOF
backend app
    mode tcp
    option tcp-check
    tcp-check send PING\r\n
    tcp-check expect string +PONG\r\n
    server s1 127.0.0.1:$PORT_tcp check inter 10s
EOF
hx_wait_status app s1 DOWN
hx_wait_field app s1 check_status 'L7RSP'
# last_chk is empty while a check runs: capture until it is there. Up to
# 2.6.12 it holds the pattern's raw CR/LF; 3.0.11 writes them as one space
# ("'+PONG ' at step 2"), so there case 1 checks the plain text.
if hx_version_lt 3.0; then
	chk_text="+PONG"$'\r\n'"' at step 2"
	chk_what="a raw CR/LF (quoted CSV field)"
else
	chk_text="+PONG ' at step 2"
	chk_what="the check text, CR/LF written as a space by $HX_VERSION"
fi
for ((i = 0; i < 30; i++)); do
	capture tcpcheck-crlf.csv "show stat"
	[[ $(<"$HT_TMP/capture-tcpcheck-crlf.csv") == *"$chk_text"* ]] && break
	sleep 0.1
done
if [[ $(<"$HT_TMP/capture-tcpcheck-crlf.csv") == *"$chk_text"* ]]; then
	ht_pass "setup: last_chk of app/s1 holds $chk_what"
else
	ht_fail "setup: last_chk of app/s1 holds $chk_what" "$(cat -A "$HT_TMP/capture-tcpcheck-crlf.csv")"
fi

ht_case "1 crlf: default"
run -S "$HX_SOCK"
expect_exit 2 "exit 2 (only active server DOWN)"
expect_count 'app/s1' eq 1 "exactly one long-output line names app/s1"
expect_count 'at step 2' eq 1 "the check text appears once in the long output"
first=$(_ht_first_line "$HT_OUT")
rest=${first//at step 2/}
n=$(((${#first} - ${#rest}) / 9))
if ((n <= 1)); then
	ht_pass "$(_ht_name "the check text appears at most once in the summary ($n)")"
else
	ht_fail "$(_ht_name "the check text appears at most once in the summary (got $n)")" "$(_ht_details)"
fi
expect_no_phantom_lines "" 'app/'
expect_no_control_bytes
expect_output_match "^\[CRITICAL\] .*app/s1.*\+PONG +' at step 2" "app/s1 line carries the whole check text, CR/LF as spaces"
expect_stderr_empty

ht_case "1 crlf: --list"
run -S "$HX_SOCK" --list
expect_exit 2 "exit 2 (no crash)"
expect_output_match '^app/s1[[:space:]]' "a table row for app/s1"
expect_no_phantom_lines list 'app/'
expect_no_control_bytes

ht_case "1 crlf: -v"
run -S "$HX_SOCK" -v
expect_exit 2
expect_count 'app/s1' eq 1 "exactly one long-output line names app/s1"
expect_no_phantom_lines "" 'app/'
expect_no_control_bytes

hx_stop

# ===========================================================================
# 2. A control byte in a check text
# ===========================================================================
hx_start <<EOF
backend ctrl
    mode tcp
    option tcp-check
    tcp-check expect string \x01OK
    server c1 127.0.0.1:$PORT_tcp check inter 10s
EOF
hx_wait_status ctrl c1 DOWN
hx_wait_field ctrl c1 check_status 'L7RSP'
for ((i = 0; i < 30; i++)); do
	capture tcpcheck-ctrl.csv "show stat"
	[[ $(<"$HT_TMP/capture-tcpcheck-ctrl.csv") == *"content '"$'\x01'"OK' at step 1"* ]] && break
	sleep 0.1
done
if [[ $(<"$HT_TMP/capture-tcpcheck-ctrl.csv") == *"content '"$'\x01'"OK' at step 1"* ]]; then
	ht_pass "setup: last_chk of ctrl/c1 holds a raw 0x01"
else
	ht_fail "setup: last_chk of ctrl/c1 holds a raw 0x01" "$(cat -A "$HT_TMP/capture-tcpcheck-ctrl.csv")"
fi

ht_case "2 control byte: default"
run -S "$HX_SOCK"
expect_exit 2
expect_first_line_no_match 'binary data' "not rejected as binary data"
expect_output_match '^\[CRITICAL\] ctrl/c1 DOWN' "[CRITICAL] ctrl/c1 DOWN"
expect_output_match '^\[CRITICAL\] ctrl/BACKEND DOWN' "[CRITICAL] ctrl/BACKEND DOWN"
expect_no_phantom_lines "" 'ctrl/'
expect_no_control_bytes

ht_case "2 control byte: -v"
run -S "$HX_SOCK" -v
expect_exit 2
expect_output_match 'ctrl/c1 DOWN'
expect_no_control_bytes

hx_stop

# ===========================================================================
# 3. Weight 0
# ===========================================================================
hx_start <<EOF
backend app-w
    server s1 127.0.0.1:$PORT_w1 check
    server s2 127.0.0.1:$PORT_w2 check
    server b1 127.0.0.1:$PORT_w3 check backup
EOF
hx_wait_status app-w s1 UP
hx_wait_status app-w s2 UP
hx_wait_status app-w b1 UP

ht_case "3 weight: all weight 1"
act=$(hx_field app-w BACKEND act)
run -S "$HX_SOCK"
expect_exit 0
expect_perf_value be:app-w:up "$act"

hx_admin "set server app-w/s1 weight 0"
hx_wait_field app-w s1 weight 0
capture weight0.csv "show stat"
act=$(hx_field app-w BACKEND act)
ht_note "app-w/BACKEND act=$act weight=$(hx_field app-w BACKEND weight) bck=$(hx_field app-w BACKEND bck) after s1 weight 0"

ht_case "3 weight: s1 weight 0"
run -S "$HX_SOCK"
expect_exit 0
expect_perf_value be:app-w:up "$act"
expect_output_match '^\[[A-Z]+\] .*app-w/s1.*weight 0([^0-9]|$)' "a long-output line for app-w/s1 says 'weight 0'"
expect_perfdata_grammar

ht_case "3 weight: s1 weight 0, --policy server.weight0=warning"
run -S "$HX_SOCK" --policy server.weight0=warning
expect_exit 1
expect_output_match '^\[WARNING\] .*app-w/s1.*weight 0([^0-9]|$)'

hx_admin "set server app-w/s2 weight 0"
hx_wait_field app-w s2 weight 0
hx_wait_field app-w BACKEND act 0
capture weight0-backup-only.csv "show stat"
act=$(hx_field app-w BACKEND act)
ht_note "app-w/BACKEND status=$(hx_status app-w BACKEND) act=$act bck=$(hx_field app-w BACKEND bck) after s1, s2 weight 0"

ht_case "3 weight: every active at weight 0, backup serving"
run -S "$HX_SOCK"
expect_exit 2
expect_output_match 'running on backup servers only'
expect_perf_value be:app-w:up "$act"

hx_stop

# ===========================================================================
# 4. and 5. Unresolvable servers; rules that cannot be measured
# ===========================================================================
ht_pick_port PORT_dns # nothing answers there (UDP)
ht_pick_port FE_used
hx_start <<EOF
resolvers r1
    nameserver ns1 127.0.0.1:$PORT_dns
    resolve_retries 1
    timeout resolve 200ms
    timeout retry 200ms

frontend fe_used
    bind 127.0.0.1:$FE_used
    default_backend used

backend unres
    server a1 app1.invalid:80 resolvers r1 init-addr none check
    server a2 app2.invalid:80 resolvers r1 init-addr none check
    server b1 127.0.0.1:$PORT_w3 check backup

backend unres1
    server a1 app1.invalid:80 resolvers r1 init-addr none check

backend idle
    server i1 127.0.0.1:$PORT_w1 check

backend dead
    server d1 127.0.0.1:$PORT_dead check

backend used
    server u1 127.0.0.1:$PORT_w2 check
EOF
hx_wait_status unres a1 'MAINT \(resolution\)'
hx_wait_status unres a2 'MAINT \(resolution\)'
hx_wait_status unres b1 UP
hx_wait_status unres1 a1 'MAINT \(resolution\)'
hx_wait_status idle i1 UP
hx_wait_status dead d1 DOWN
hx_wait_status used u1 UP
ht_http_burst "$FE_used" 1
hx_wait_field used BACKEND lastsess '[0-9]+'
capture resolution.csv "show stat"
ht_note "unres/BACKEND status=$(hx_status unres BACKEND) act=$(hx_field unres BACKEND act) bck=$(hx_field unres BACKEND bck); idle/BACKEND lastsess=$(hx_field idle BACKEND lastsess)"

ht_case "4 unresolvable actives, backup UP"
run -S "$HX_SOCK" --proxy unres
expect_exit 2
expect_output_match 'running on backup servers only'
expect_first_line_match '^HAPROXY CRITICAL - .*unres' "summary names unres"

ht_case "5 only server MAINT (resolution): default"
run -S "$HX_SOCK" --proxy unres1
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*unres1'

ht_case "5 only server MAINT (resolution): -c up_pct=50:"
run -S "$HX_SOCK" --proxy unres1 -c up_pct=50:
expect_exit 2 "exit 2 (the DOWN backend is not hidden by an unmeasurable rule)"
expect_first_line_match '^HAPROXY CRITICAL - .*unres1'
expect_no_output_match 'no limit is configured'

ht_case "5 lastsess: never-used backend and a DOWN backend"
run -S "$HX_SOCK" --proxy 'idle|dead|used' -c backend.lastsess=600
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - .*dead' "summary names the DOWN backend dead"
expect_output_match '^\[CRITICAL\] dead/'
expect_output_match '^\[UNKNOWN\] .*lastsess' "an [UNKNOWN] line names the rule lastsess"
expect_output_match '^\[UNKNOWN\] .*lastsess.*([Nn]ever|[Nn]o session)|^\[UNKNOWN\] .*([Nn]ever|[Nn]o session).*lastsess' \
	"the [UNKNOWN] line says why (never had a session)"
expect_output_match '^\[UNKNOWN\] .*idle' "the [UNKNOWN] line names the backend idle"
expect_no_output_match '^\[UNKNOWN\] .*used' "backend used (lastsess measured) is not UNKNOWN"

ht_case "5 lastsess: only the never-used backend"
run -S "$HX_SOCK" --proxy idle -c backend.lastsess=600
expect_exit 3
expect_output_match 'lastsess.*([Nn]ever|[Nn]o session)|([Nn]ever|[Nn]o session).*lastsess' \
	"a line names the rule lastsess and the reason (never had a session)"

hx_stop

# ===========================================================================
# 6. and 7. Frontend at its maxconn; shutdown / disable frontend
# ===========================================================================
ht_pick_port FE_full
ht_pick_port FE_full_ls
ht_pick_port FE_1
ht_pick_port FE_2
hx_start <<EOF
frontend fe_full
    mode tcp
    bind 127.0.0.1:$FE_full
    maxconn 2
    timeout client 60s
    tcp-request inspect-delay 60s
    tcp-request content accept if { req.len gt 100000 }

frontend fe_full_ls
    mode tcp
    bind 127.0.0.1:$FE_full_ls name l1
    option socket-stats
    maxconn 2
    timeout client 60s
    tcp-request inspect-delay 60s
    tcp-request content accept if { req.len gt 100000 }

frontend fe1
    bind 127.0.0.1:$FE_1
    http-request return status 200 content-type text/plain string ok

frontend fe2
    bind 127.0.0.1:$FE_2
    http-request return status 200 content-type text/plain string ok
EOF

ht_case "6 frontends below maxconn"
run -S "$HX_SOCK"
expect_exit 0

# two held client connections on each maxconn-2 frontend
HOLD_PIDS=()
for port in "$FE_full" "$FE_full" "$FE_full_ls" "$FE_full_ls"; do
	ht_spawn "hold-${#HOLD_PIDS[@]}" "$SOCAT" "TCP:127.0.0.1:$port,connect-timeout=2" "EXEC:sleep 60"
	HOLD_PIDS+=("$HT_LAST_PID")
done
hx_wait_field fe_full FRONTEND scur 2
hx_wait_field fe_full_ls FRONTEND scur 2
hx_wait_status fe_full_ls l1 WAITING
capture frontend-full.csv "show stat"
ht_note "fe_full: status=$(hx_status fe_full FRONTEND) scur=$(hx_field fe_full FRONTEND scur) slim=$(hx_field fe_full FRONTEND slim); fe_full_ls/l1: $(hx_status fe_full_ls l1)"

ht_case "6 fe_full at maxconn (no listener rows)"
run -S "$HX_SOCK" --proxy fe_full
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - .*fe_full'
expect_output_match '^\[WARNING\] fe_full(/FRONTEND)? .*(FULL|maxconn)' "[WARNING] line for fe_full with FULL or maxconn"

ht_case "6 fe_full_ls at maxconn (listener WAITING)"
run -S "$HX_SOCK" --proxy fe_full_ls
expect_exit 1
expect_output_match '^\[WARNING\] fe_full_ls(/FRONTEND)? .*(FULL|maxconn)' "[WARNING] line for fe_full_ls with FULL or maxconn"

ht_case "6 whole config, --policy frontend.full=ok"
run -S "$HX_SOCK" --policy frontend.full=ok
expect_exit 0
expect_first_line_match '^HAPROXY OK - '

ht_case "6 whole config, --policy frontend.full=critical"
run -S "$HX_SOCK" --policy frontend.full=critical
expect_exit 2

for pid in "${HOLD_PIDS[@]}"; do
	ht_kill_pid "$pid"
	ht_forget_pid "$pid"
done
hx_wait_field fe_full FRONTEND scur 0

ht_case "6 connections released"
run -S "$HX_SOCK"
expect_exit 0

# 7a. disable frontend -> PAUSED (2.6.6+); STOP up to 2.2 (HX_FE_DISABLED,
# lib.sh): one STOP frontend is not a soft-stopping process either
hx_disable_frontend fe2
hx_wait_status fe2 FRONTEND "$HX_FE_DISABLED"
if [[ $HX_FE_DISABLED == PAUSED ]]; then
	capture frontend-paused.csv "show stat"
else
	capture frontend-disabled-stop.csv "show stat"
fi

ht_case "7 disable frontend fe2 ($HX_FE_DISABLED)"
run -S "$HX_SOCK"
expect_exit 2
expect_output_match "^\\[CRITICAL\\] fe2(/FRONTEND)? $HX_FE_DISABLED"
expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"
expect_no_output_match '[Rr]etried' "no retry"

ht_case "7 disable frontend fe2 ($HX_FE_DISABLED), -vv"
run -S "$HX_SOCK" -vv
expect_exit 2
expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"
expect_no_output_match '[Rr]etried' "no retry"

hx_enable_frontend fe2
hx_wait_status fe2 FRONTEND OPEN

# 7b. shutdown frontend -> STOP (the process is not stopping: show info
# says Stopping: 0). Up to 2.2 (HX_FE_SHUTDOWN_LISTED=0) the stopped proxy
# leaves "show stat" instead: only --proxy fe2 can notice it is gone.
hx_admin "shutdown frontend fe2"
if [[ $HX_FE_SHUTDOWN_LISTED == 0 ]]; then
	hx_wait_gone fe2 FRONTEND
	capture frontend-stop.csv "show stat"
	capture frontend-stop-info.txt "show info"

	ht_case "7 shutdown frontend fe2 (gone from show stat)"
	run -S "$HX_SOCK"
	expect_exit 0
	expect_no_output_match 'fe2' "fe2 is not reported"
	expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"
	expect_no_output_match '[Rr]etried' "no retry"

	ht_case "7 shutdown frontend fe2 (gone from show stat), --proxy fe2"
	run -S "$HX_SOCK" --proxy fe2
	expect_exit 3
	expect_first_line_match "^HAPROXY UNKNOWN - .*'fe2'"
else
	hx_wait_status fe2 FRONTEND STOP
	capture frontend-stop.csv "show stat"
	capture frontend-stop-info.txt "show info"

	ht_case "7 shutdown frontend fe2 (STOP)"
	run -S "$HX_SOCK"
	expect_exit 2
	expect_output_match '^\[CRITICAL\] fe2(/FRONTEND)? STOP'
	expect_first_line_match '^HAPROXY CRITICAL - .*fe2'
	expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"
	expect_no_output_match '[Rr]etried' "no retry"

	ht_case "7 shutdown frontend fe2 (STOP), -vv"
	run -S "$HX_SOCK" -vv
	expect_exit 2
	expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"
	expect_no_output_match '[Rr]etried' "no retry"

	ht_case "7 shutdown frontend fe2, --policy frontend.stop=warning"
	run -S "$HX_SOCK" --policy frontend.stop=warning
	expect_exit 1
	expect_output_match '^\[WARNING\] fe2(/FRONTEND)? STOP'

	ht_case "7 shutdown frontend fe2, --proxy fe1 (STOP elsewhere is not a soft-stop)"
	run -S "$HX_SOCK" --proxy fe1
	expect_exit 0
	expect_no_output_match '[Ss]oft-stop' "no soft-stopping text"
fi

hx_stop

# ===========================================================================
# 8. 250-byte proxy names, 200-byte server names
# ===========================================================================
chunk='Abc.def-ghi_jkl:mno0123456789'
BE8="be-"
while ((${#BE8} < 250)); do BE8+=$chunk; done
BE8=${BE8:0:250}
SV8="sv-"
while ((${#SV8} < 200)); do SV8+=$chunk; done
SV8=${SV8:0:200}
ht_pick_port FE_8
hx_start <<EOF
frontend fe8
    bind 127.0.0.1:$FE_8
    default_backend $BE8

backend $BE8
    server $SV8 127.0.0.1:$PORT_w1 check
EOF
hx_wait_status "$BE8" "$SV8" UP

ht_case "8 long names: default perfdata"
run -S "$HX_SOCK"
expect_exit 0
expect_perfdata_grammar
for m in rate scur up; do
	expect_perf_label "be:$BE8:$m" "perfdata label be:<250-byte name>:$m"
done
pd_parse
bad=""
for l in "${PD_LABEL[@]}"; do
	[[ $l == be:* ]] || continue
	case $l in
	"be:$BE8:rate" | "be:$BE8:scur" | "be:$BE8:up") ;;
	*) bad+="'$l'"$'\n' ;;
	esac
done
if [[ -z $bad ]]; then
	ht_pass "$(_ht_name "no cut or empty-metric be: label")"
else
	ht_fail "$(_ht_name "no cut or empty-metric be: label")" "bad labels:
$bad$(_ht_details)"
fi

ht_case "8 long names: --perfdata=servers"
run -S "$HX_SOCK" --perfdata=servers
expect_exit 0
expect_perfdata_grammar
for m in scur qcur rate; do
	expect_perf_label "sv:$BE8/$SV8:$m" "perfdata label sv:<be>/<srv>:$m"
done
pd_parse
declare -A seen=()
dup=""
for l in "${PD_LABEL[@]}"; do
	[[ -n ${seen[$l]:-} ]] && dup+="'$l'"$'\n'
	seen[$l]=1
done
if [[ -z $dup ]]; then
	ht_pass "$(_ht_name "all perfdata labels are distinct")"
else
	ht_fail "$(_ht_name "all perfdata labels are distinct")" "duplicates:
$dup$(_ht_details)"
fi

ht_case "8 long names: --list"
run -S "$HX_SOCK" --list
expect_exit 0
expect_output_match "^$(ht_re_escape "$BE8/$SV8")[[:space:]]" "table row with the full names"

ht_case "8 long names: -v"
run -S "$HX_SOCK" -v
expect_exit 0
expect_output_match "^\[OK\] $(ht_re_escape "$BE8/$SV8") UP" "status line with the full names"
expect_output_match "^\[OK\] $(ht_re_escape "$BE8")/BACKEND UP"

hx_stop

# ===========================================================================
# 9. 400 backends x 10 servers without health checks
# ===========================================================================
cfg9=""
for ((b = 1; b <= 400; b++)); do
	printf -v line 'backend bk%03d\n' "$b"
	cfg9+=$line
	for ((s = 1; s <= 10; s++)); do
		printf -v line '    server s%02d 127.0.0.1:%s\n' "$s" "$PORT_dead"
		cfg9+=$line
	done
done
hx_start <<<"$cfg9"
hx_wait_status bk400 s10 'no check'

ht_case "9 400x10 no check: default"
run -S "$HX_SOCK"
expect_exit 0
bytes=$(wc -c <"$HT_TMP/plugin.out")
if ((bytes <= 8192)); then
	ht_pass "$(_ht_name "stdout is at most 8192 bytes ($bytes)")"
else
	ht_fail "$(_ht_name "stdout is at most 8192 bytes (got $bytes)")" "first 600 bytes: ${HT_OUT:0:600}"
fi
if ((bytes <= 65536)); then
	expect_perfdata_grammar
else
	ht_fail "$(_ht_name "every perfdata item is grammatical")" "not parsed: $bytes bytes of output"
fi
expect_output_match '[Ww][Ii][Tt][Hh][Oo][Uu][Tt] [Hh][Ee][Aa][Ll][Tt][Hh] [Cc][Hh][Ee][Cc][Kk]' \
	"'no check' servers summed up ('... without health checks')"
# per backend: one line names bk001, the count 10 and "without health check"
found=""
while IFS= read -r line; do
	if [[ $line =~ bk001([^0-9]|$) && $line =~ (^|[^0-9])10([^0-9]|$) &&
		${line,,} == *"without health check"* ]]; then
		found=$line
		break
	fi
done <<<"$HT_OUT"
if [[ -n $found ]]; then
	ht_pass "$(_ht_name "summed up per backend: a line names bk001, 10 and 'without health check'")"
else
	ht_fail "$(_ht_name "summed up per backend: a line names bk001, 10 and 'without health check'")" "$(_ht_details)"
fi
expect_no_output_match '^\[[A-Z]+\] bk[0-9]+/s[0-9]+ ' "no per-server lines without -v"

ht_case "9 400x10 no check: -v"
run -S "$HX_SOCK" -v
expect_exit 0
expect_count 'no check' ge 4000 "every server listed with 'no check'"

hx_stop

# ===========================================================================
# 10. Per-proxy rules [SCOPE.]METRIC[@PROXY]=RANGE
# ===========================================================================
ht_pick_port PORT_w4
ht_backend_start w4 "$PORT_w4"
hx_start <<EOF
backend app-main
    server m1 127.0.0.1:$PORT_w1 check
    server m2 127.0.0.1:$PORT_w4 check

backend api-1
    server a1 127.0.0.1:$PORT_w2 check
    server a2 127.0.0.1:$PORT_w3 check

backend api-2
    server a1 127.0.0.1:$PORT_w2 check
    server a2 127.0.0.1:$PORT_w3 check
EOF
hx_wait_status app-main m2 UP
ht_backend_kill w4
hx_wait_status app-main m2 DOWN
hx_wait_status api-1 a2 UP
hx_wait_status api-2 a2 UP

# app-main/m2 DOWN is a WARNING (server.down); the cases that expect OK say
# --policy server.down=ok so that only the rules decide.
ht_case "10 -c backend.up@app-main=2:"
run -S "$HX_SOCK" -c 'backend.up@app-main=2:'
expect_exit 2
expect_output_match '^\[CRITICAL\] app-main(/BACKEND)? .*up' "[CRITICAL] app-main ... up"
expect_no_output_match '^\[CRITICAL\] api-' "api-1/api-2 not CRITICAL"
expect_first_line_no_match '^[^|]*api-' "summary (before the perfdata) does not name api-*"

ht_case "10 -c backend.up@api-.*=3: (pattern, whole name)"
run -S "$HX_SOCK" -c 'backend.up@api-.*=3:' --policy server.down=ok
expect_exit 2
expect_output_match '^\[CRITICAL\] api-1(/BACKEND)? .*up'
expect_output_match '^\[CRITICAL\] api-2(/BACKEND)? .*up'
expect_no_output_match '^\[CRITICAL\] app-main' "app-main not CRITICAL"

ht_case "10 -c backend.up=2: -c backend.up@app-main=1: (scoped replaces unscoped)"
run -S "$HX_SOCK" -c backend.up=2: -c 'backend.up@app-main=1:' --policy server.down=ok
expect_exit 0
expect_first_line_match '^HAPROXY OK - '

ht_case "10 -c backend.up=2: alone (control)"
run -S "$HX_SOCK" -c backend.up=2: --policy server.down=ok
expect_exit 2
expect_output_match '^\[CRITICAL\] app-main(/BACKEND)? .*up'

ht_case "10 -w 'rate@api-.*=500'"
run -S "$HX_SOCK" -w 'rate@api-.*=500' --policy server.down=ok
expect_exit 0
expect_first_line_match '^HAPROXY OK - '

ht_case "10 -c 'up@no-such=1:'"
# a rule whose proxy pattern matches nothing is UNKNOWN for that rule: alone
# it makes the check UNKNOWN; beside a DOWN server (WARNING) it never hides it
run -S "$HX_SOCK" -c 'up@no-such=1:' --policy server.down=ok
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - .*no-such' "the message names the pattern no-such"
run -S "$HX_SOCK" -c 'up@no-such=1:'
expect_exit 1 "exit 1: the DOWN server's WARNING is not hidden by the unmeasurable rule"
expect_output_match '^\[UNKNOWN\] .*no-such' "an [UNKNOWN] line names the pattern no-such"

hx_stop

ht_finish
