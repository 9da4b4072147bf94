# shellcheck shell=bash
#
# lib.sh - shared helpers for the check_haproxy_stat integration tests.
#
# Sourced by tests/integration/test_*.sh (bash).  It starts real HAProxy
# processes on loopback, drives them through the admin socket and runs the
# plugin against them.
#
# Runtime requirements: haproxy, socat, curl, coreutils, bash, procps,
# iproute2 (ss), util-linux (setsid, setpriv/runuser).  Nothing else: no
# grep/sed/awk, no python/perl.  All text processing is done in bash.
#
# Environment:
#   PLUGIN           absolute path of check_haproxy_stat (default: the
#                    binary in ../../plugins relative to this file)
#   HAPROXY          haproxy binary (default: PATH, then /usr/sbin)
#   SOCAT, CURL      socat / curl binaries (default: PATH)
#   REQUIRE_HAPROXY  1 = a missing tool is a failure (exit 1), not a skip (77)
#   KEEP_TMP         1 = keep the per-run temporary directory for inspection
#   HT_VERBOSE       1 = print the plugin output of passing checks too
#   PLUGIN_WRAPPER   command words put before every plugin run, e.g.
#                    "valgrind --error-exitcode=1 --leak-check=full
#                    --errors-for-leak-kinds=definite" (make check-valgrind).
#                    A valgrind wrapper also gets --log-file, and every run
#                    whose log reports an error (or a definite leak) adds a
#                    failed check.  Time bounds (expect_elapsed_below) then
#                    allow HT_WRAPPER_SLACK_MS more (default 3000): valgrind
#                    needs about a second to start, the plugin's own deadline
#                    only starts after that.
#   HT_TIME_SLACK_MS the same slack without a wrapper (default 0): the
#                    ASan/UBSan build (tools/ci-sanitizers) sets 3000, its
#                    exit through LeakSanitizer's scan being slow under load
#
# Exit status of a test script (automake conventions):
#   0 all checks passed, 1 at least one failed, 77 skipped (tool missing),
#   99 hard error (PLUGIN missing, mktemp failed).
#
# Unless skipped or hard-failed, the last line printed is "N passed, N failed".
#
# A test looks like:
#   . "$(dirname "$0")/lib.sh"
#   ht_init                                  # tools, temp dir, cleanup trap
#   ht_pick_port P1; ht_backend_start nginx1 "$P1"
#   hx_start <<EOF                           # proxies only; global/defaults
#   backend app-main                         # and stats sockets are added
#       server nginx1 127.0.0.1:$P1 check
#   EOF
#   hx_wait_status app-main nginx1 UP
#   ht_case "all up"
#   run_plugin -S "$HX_SOCK"
#   expect_exit 0
#   expect_first_line_match '^HAPROXY OK - '
#   ht_finish
#
# Every process is started through ht_spawn (own session/process group, pid
# recorded) and killed by pid on exit; the temp dir is removed on exit.

set -u

HT_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HT_NAME=$(basename "$0" .sh)

HT_PASS=0
HT_FAIL=0
HT_NUM=0
HT_CASE=""
HT_TMP=""
HT_PIDS=()              # leaders of the process groups we started
HT_PORTS=()             # ports handed out during this run
declare -A HT_SRV_PID=()  # backend stand-in name -> pid
declare -A HT_SRV_PORT=() # backend stand-in name -> port

# Results of the last run_plugin call.
HT_RC=""
HT_OUT=""
HT_ERR=""
HT_CMD=""
HT_ELAPSED_MS=0

# Main HAProxy instance (set by hx_start).
HX_SOCK=""
HX_PID=""
HX_CFG=""
HX_STATS_PORT=""
HX_STATS6_PORT=""

# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------

# ht_note TEXT...: diagnostic line (TAP comment style).
ht_note() {
	printf '# %s\n' "$*"
}

# ht_indent TEXT: print TEXT as "#   " prefixed lines.
ht_indent() {
	local line
	while IFS= read -r line; do
		printf '#   %s\n' "$line"
	done <<<"$1"
}

# ht_record RESULT NAME [DETAIL]: RESULT is 0 (pass) or anything else (fail).
ht_record() {
	local result=$1 name=$2 detail=${3:-}
	HT_NUM=$((HT_NUM + 1))
	if [[ $result == 0 ]]; then
		HT_PASS=$((HT_PASS + 1))
		printf 'ok %d - %s\n' "$HT_NUM" "$name"
		if [[ ${HT_VERBOSE:-0} == 1 && -n $detail ]]; then
			ht_indent "$detail"
		fi
	else
		HT_FAIL=$((HT_FAIL + 1))
		printf 'not ok %d - %s\n' "$HT_NUM" "$name"
		[[ -n $detail ]] && ht_indent "$detail"
	fi
	return 0
}

ht_pass() { ht_record 0 "$1" "${2:-}"; }
ht_fail() { ht_record 1 "$1" "${2:-}"; }

# ht_case TEXT: label used as the prefix of the following assertion names.
ht_case() {
	HT_CASE=$1
}

# ht_finish: print the summary line and exit 0 (no failure) or 1.
ht_finish() {
	printf '%d passed, %d failed\n' "$HT_PASS" "$HT_FAIL"
	if [[ $HT_FAIL -eq 0 ]]; then
		exit 0
	fi
	exit 1
}

# ht_bail TEXT: unrecoverable setup error.  Counts one failure and exits.
ht_bail() {
	ht_fail "setup: $1" "${2:-}"
	ht_finish
}

# ---------------------------------------------------------------------------
# Tool discovery, temp dir, cleanup
# ---------------------------------------------------------------------------

# ht_missing_tools REASON: skip (77) or, with REQUIRE_HAPROXY=1, fail (1).
ht_missing_tools() {
	if [[ ${REQUIRE_HAPROXY:-0} == 1 ]]; then
		printf 'FAIL: %s: %s (REQUIRE_HAPROXY=1)\n' "$HT_NAME" "$1"
		printf '0 passed, 1 failed\n'
		exit 1
	fi
	printf 'SKIP: %s: %s\n' "$HT_NAME" "$1"
	exit 77
}

# ht_find_prog VAR NAME [EXTRA_DIR...]: when VAR is set it must name an
# executable (a bare name is looked up in PATH); when it is empty, NAME is
# looked up in PATH and then in EXTRA_DIRs.  The result is stored in VAR.
ht_find_prog() {
	local var=$1 name=$2 cur dir
	shift 2
	cur=${!var:-}
	if [[ -n $cur ]]; then
		if [[ $cur != */* ]]; then
			cur=$(command -v "$cur" 2>/dev/null || true)
		fi
		if [[ -n $cur && -x $cur && ! -d $cur ]]; then
			printf -v "$var" '%s' "$cur"
			return 0
		fi
		return 1
	fi
	cur=$(command -v "$name" 2>/dev/null || true)
	if [[ -z $cur ]]; then
		for dir in "$@"; do
			if [[ -x $dir/$name ]]; then
				cur=$dir/$name
				break
			fi
		done
	fi
	printf -v "$var" '%s' "$cur"
	[[ -n $cur ]]
}

ht_require_tools() {
	local missing=()
	ht_find_prog HAPROXY haproxy /usr/sbin /usr/local/sbin /sbin || missing+=("haproxy${HAPROXY:+ ($HAPROXY)}")
	ht_find_prog SOCAT socat || missing+=("socat${SOCAT:+ ($SOCAT)}")
	ht_find_prog CURL curl || missing+=("curl${CURL:+ ($CURL)}")
	ht_find_prog HT_SS ss /usr/sbin /sbin || missing+=("ss (iproute2)")
	ht_find_prog HT_SETSID setsid || missing+=("setsid (util-linux)")
	ht_find_prog HT_TIMEOUT timeout || missing+=("timeout (coreutils)")
	if [[ ${#missing[@]} -gt 0 ]]; then
		ht_missing_tools "missing tool(s): ${missing[*]}"
	fi
}

ht_require_plugin() {
	PLUGIN=${PLUGIN:-$(cd "$HT_LIBDIR/../.." && pwd)/plugins/check_haproxy_stat}
	if [[ $PLUGIN != /* ]]; then
		PLUGIN=$PWD/$PLUGIN
	fi
	if [[ ! -f $PLUGIN || ! -x $PLUGIN ]]; then
		printf 'ERROR: %s: plugin %s is missing or not executable (set PLUGIN=/abs/path/check_haproxy_stat)\n' \
			"$HT_NAME" "$PLUGIN"
		exit 99
	fi
}

ht_mktemp() {
	local base=${TMPDIR:-/tmp}
	# HAProxy binds "<path>.<pid>.tmp" and unix socket paths are limited to
	# ~100 bytes: keep the directory short.
	if [[ ${#base} -gt 40 || ! -d $base || ! -w $base ]]; then
		base=/tmp
	fi
	HT_TMP=$(mktemp -d "$base/hst.XXXXXX") || {
		printf 'ERROR: %s: mktemp failed\n' "$HT_NAME"
		exit 99
	}
}

# _ht_alive PID: true while a process of the group led by PID (or PID
# itself) exists and is not a zombie.
_ht_alive() {
	local pid=$1 p g s
	kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || return 1
	while read -r p g s; do
		if [[ ($p == "$pid" || $g == "$pid") && $s != Z* ]]; then
			return 0
		fi
	done < <(ps -e -o pid=,pgid=,stat= 2>/dev/null)
	return 1
}

# _ht_kill_members LEADER: stop the other members of LEADER's process group
# leaves first (e.g. socat's per-connection children and their programs), so
# that every process is reaped by its own parent instead of being left to
# init as a zombie.
_ht_kill_members() {
	local leader=$1 round i p pp g s
	local -a members leaves
	local -A parent_of_member
	for ((round = 0; round < 5; round++)); do
		members=()
		parent_of_member=()
		while read -r p pp g s; do
			if [[ $g == "$leader" && $p != "$leader" && $s != Z* ]]; then
				members+=("$p")
				parent_of_member[$pp]=1
			fi
		done < <(ps -e -o pid=,ppid=,pgid=,stat= 2>/dev/null)
		[[ ${#members[@]} -eq 0 ]] && return 0
		leaves=()
		for p in "${members[@]}"; do
			[[ -n ${parent_of_member[$p]:-} ]] || leaves+=("$p")
		done
		kill -TERM "${leaves[@]}" 2>/dev/null
		for ((i = 0; i < 10; i++)); do
			sleep 0.05
			for p in "${leaves[@]}"; do
				kill -0 "$p" 2>/dev/null && continue 2
			done
			break
		done
	done
}

# ht_kill_pid PID: stop the process group led by PID (members first, then
# PID itself), wait up to 3 s, then KILL.  Only ever called with pids this
# script started.
ht_kill_pid() {
	local pid=$1 i
	[[ -n $pid ]] || return 0
	_ht_kill_members "$pid"
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 30; i++)); do
		_ht_alive "$pid" || break
		sleep 0.1
	done
	if _ht_alive "$pid"; then
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# ht_forget_pid PID: remove PID from the cleanup list.
ht_forget_pid() {
	local pid=$1 i
	for i in "${!HT_PIDS[@]}"; do
		if [[ ${HT_PIDS[$i]} == "$pid" ]]; then
			unset 'HT_PIDS[i]'
		fi
	done
	HT_PIDS=("${HT_PIDS[@]}")
}

ht_cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM HUP
	for pid in "${HT_PIDS[@]}"; do
		ht_kill_pid "$pid"
	done
	HT_PIDS=()
	# a test's own cleanup (users, files outside HT_TMP), after its processes
	if declare -F ht_on_cleanup >/dev/null; then
		ht_on_cleanup || true
	fi
	if [[ -n ${HT_VG_DIR:-} && -d $HT_VG_DIR ]]; then
		rm -rf -- "$HT_VG_DIR"
	fi
	if [[ -n $HT_TMP && -d $HT_TMP ]]; then
		if [[ ${KEEP_TMP:-0} == 1 ]]; then
			printf '# kept temporary directory %s\n' "$HT_TMP"
		else
			rm -rf -- "$HT_TMP"
		fi
	fi
	exit "$rc"
}

# ht_init: call once at the top of every test script.
ht_init() {
	ht_require_tools
	ht_require_plugin
	ht_mktemp
	trap ht_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	hx_learn_version
	ht_note "$HT_NAME: plugin $PLUGIN, haproxy $HAPROXY ($HX_VERSION), tmp $HT_TMP"
}

# ---------------------------------------------------------------------------
# What the HAProxy under test shows (the suite runs against 2.2.9, 2.6.12,
# 3.0.11...: tools/build-haproxy, .ci/run)
# ---------------------------------------------------------------------------

# hx_learn_version: set HX_VERSION ("2.2.9", "2.6.12") from "$HAPROXY -v"
# ("HA-Proxy version 2.2.9-a947cc2 ...", "HAProxy version 2.6.12-1+deb12u4
# ...") and the version facts below. Called by ht_init.
#   HX_FE_DISABLED  the status of a frontend after 'disable frontend':
#                   STOP up to 2.2, PAUSED from 2.6.6 (2.3 to 2.6.5 wrongly
#                   showed OPEN, HAProxy issue #1626: not supported here)
#   HX_FE_SHUTDOWN_LISTED  1 when a frontend stopped by 'shutdown frontend'
#                   stays in "show stat" (as STOP, 2.3+); 0 up to 2.2, where
#                   a stopped proxy leaves the dump
# shellcheck disable=SC2034 # HX_FE_* are read by the test scripts
hx_learn_version() {
	local v
	v=$("$HAPROXY" -v 2>/dev/null)
	v=${v#*version }
	HX_VERSION=${v%%[ -]*}
	if hx_version_lt 2.3; then
		HX_FE_DISABLED=STOP
		HX_FE_SHUTDOWN_LISTED=0
	else
		HX_FE_DISABLED=PAUSED
		HX_FE_SHUTDOWN_LISTED=1
	fi
}

# hx_version_lt X[.Y[.Z]]: true when HX_VERSION is older than X.Y.Z.
hx_version_lt() {
	local -a hx_have hx_want
	local i h w
	IFS=. read -r -a hx_have <<<"$HX_VERSION"
	IFS=. read -r -a hx_want <<<"$1"
	for i in 0 1 2; do
		h=${hx_have[$i]:-0}
		w=${hx_want[$i]:-0}
		h=${h%%[!0-9]*}
		w=${w%%[!0-9]*}
		((${h:-0} < ${w:-0})) && return 0
		((${h:-0} > ${w:-0})) && return 1
	done
	return 1
}

# ht_spawn NAME CMD [ARGS...]: start CMD in the background, in a new session
# (so it and its children form one process group), stdin from /dev/null and
# output to $HT_TMP/NAME.log.  Sets HT_LAST_PID and records it for cleanup.
ht_spawn() {
	local name=$1
	shift
	"$HT_SETSID" "$@" </dev/null >"$HT_TMP/$name.log" 2>&1 &
	HT_LAST_PID=$!
	HT_PIDS+=("$HT_LAST_PID")
}

# ---------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------

# ht_port_listening PORT: true when something listens on TCP PORT.
ht_port_listening() {
	local out
	out=$("$HT_SS" -Hltn "sport = :$1" 2>/dev/null)
	[[ -n $out ]]
}

# ht_pick_port VAR: store a currently free TCP port of 127.0.0.1 in VAR.
# Ports come from below the kernel's ephemeral range, are checked with ss and
# a connect probe, and are never handed out twice in one run.
ht_pick_port() {
	local var=$1 lo=20000 hi=32000 eph_lo p i used
	if read -r eph_lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null; then
		if ((eph_lo > lo + 2000 && eph_lo < hi)); then
			hi=$eph_lo
		fi
	fi
	for ((i = 0; i < 500; i++)); do
		p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo)))
		for used in "${HT_PORTS[@]}"; do
			[[ $used == "$p" ]] && continue 2
		done
		ht_port_listening "$p" && continue
		if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			continue
		fi
		HT_PORTS+=("$p")
		printf -v "$var" '%s' "$p"
		return 0
	done
	ht_bail "no free TCP port found"
}

# ht_wait_listen PORT [TIMEOUT_S]: wait until PORT is listening.
ht_wait_listen() {
	local port=$1 limit=$((${2:-10} * 10)) i
	for ((i = 0; i < limit; i++)); do
		ht_port_listening "$port" && return 0
		sleep 0.1
	done
	return 1
}

# ht_wait_unlisten PORT [TIMEOUT_S]: wait until nothing listens on PORT.
ht_wait_unlisten() {
	local port=$1 limit=$((${2:-10} * 10)) i
	for ((i = 0; i < limit; i++)); do
		ht_port_listening "$port" || return 0
		sleep 0.1
	done
	return 1
}

# ht_have_ipv6: true when the loopback interface has ::1.
ht_have_ipv6() {
	local addr rest
	[[ -r /proc/net/if_inet6 ]] || return 1
	while read -r addr rest; do
		[[ $addr == 00000000000000000000000000000001 ]] && return 0
	done </proc/net/if_inet6
	return 1
}

# ---------------------------------------------------------------------------
# Backend stand-ins ("nginx" servers): one tiny haproxy per server
# ---------------------------------------------------------------------------

# ht_backend_start NAME PORT: start a haproxy answering 200 "ok" on PORT.
# Killing it (ht_backend_kill) really stops the listener.
ht_backend_start() {
	local name=$1 port=$2 cfg=$HT_TMP/srv-$1.cfg
	cat >"$cfg" <<EOF
global
    nbthread 1
    maxconn 500

defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s

frontend $name
    bind 127.0.0.1:$port
    http-request return status 200 content-type text/plain string ok
EOF
	ht_spawn "srv-$name" "$HAPROXY" -db -f "$cfg"
	HT_SRV_PID[$name]=$HT_LAST_PID
	HT_SRV_PORT[$name]=$port
	if ! ht_wait_listen "$port" 10; then
		ht_bail "backend stand-in $name did not listen on 127.0.0.1:$port" \
			"$(cat "$HT_TMP/srv-$name.log" 2>/dev/null)"
	fi
}

# ht_backend_kill NAME: kill the stand-in's process; its port stops listening.
ht_backend_kill() {
	local name=$1 pid=${HT_SRV_PID[$1]:-}
	if [[ -z $pid ]]; then
		ht_fail "setup: backend stand-in $name was not started"
		return 1
	fi
	ht_kill_pid "$pid"
	ht_forget_pid "$pid"
	unset 'HT_SRV_PID[$name]'
	if ! ht_wait_unlisten "${HT_SRV_PORT[$name]}" 5; then
		ht_fail "setup: port ${HT_SRV_PORT[$name]} of $name still listening after kill"
		return 1
	fi
}

# ---------------------------------------------------------------------------
# Main HAProxy instance
# ---------------------------------------------------------------------------

# hx_start: start the main haproxy.  The proxy sections (frontends, backends)
# are read from stdin; the global and defaults sections are generated:
#   - stats socket $HT_TMP/admin.sock mode 600 level admin   (HX_SOCK)
#   - stats socket ipv4@127.0.0.1:$HX_STATS_PORT level admin
#   - stats socket ipv6@[::1]:$HX_STATS6_PORT level admin    (HX_IPV6=1 and ::1 present)
#   - maxconn $HX_MAXCONN (default 1000)
#   - stats timeout 10s, defaults mode http, option httpclose,
#     default-server inter 200ms fall 1 rise 1
#   - HX_GLOBAL_EXTRA, when set: more lines for the global section (e.g.
#     another stats socket)
hx_start() {
	local body ipv6_line="" i
	body=$(cat)
	HX_SOCK=$HT_TMP/admin.sock
	HX_CFG=$HT_TMP/haproxy.cfg
	ht_pick_port HX_STATS_PORT
	HX_STATS6_PORT=""
	if [[ ${HX_IPV6:-0} == 1 ]] && ht_have_ipv6; then
		ht_pick_port HX_STATS6_PORT
		ipv6_line="    stats socket ipv6@[::1]:$HX_STATS6_PORT level admin"
	fi
	cat >"$HX_CFG" <<EOF
global
    stats socket $HX_SOCK mode 600 level admin
    stats socket ipv4@127.0.0.1:$HX_STATS_PORT level admin
$ipv6_line
${HX_GLOBAL_EXTRA:-}
    stats timeout 10s
    maxconn ${HX_MAXCONN:-1000}

defaults
    mode http
    option httpclose
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 1s
    default-server inter 200ms fall 1 rise 1

$body
EOF
	if ! "$HAPROXY" -c -q -f "$HX_CFG" >"$HT_TMP/haproxy-check.log" 2>&1; then
		ht_bail "generated haproxy.cfg is invalid" "$(cat "$HT_TMP/haproxy-check.log" "$HX_CFG")"
	fi
	ht_spawn haproxy "$HAPROXY" -db -f "$HX_CFG"
	HX_PID=$HT_LAST_PID
	for ((i = 0; i < 100; i++)); do
		if [[ -S $HX_SOCK ]] && [[ $(ht_cli "show info" 2>/dev/null) == *"Name: HAProxy"* ]]; then
			return 0
		fi
		if ! kill -0 "$HX_PID" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	ht_bail "main haproxy did not come up (socket $HX_SOCK)" "$(cat "$HT_TMP/haproxy.log" 2>/dev/null)"
}

# ht_cli CMD [SOCKET]: send one CLI command, print the raw answer.
ht_cli() {
	printf '%s\n' "$1" | "$SOCAT" -t 5 -T 10 - "UNIX-CONNECT:${2:-$HX_SOCK}"
}

# hx_admin CMD: run an admin command; a non-empty answer is an error.
hx_admin() {
	local out rc
	out=$(ht_cli "$1" 2>"$HT_TMP/cli.err")
	rc=$?
	if [[ $rc -ne 0 || $out =~ [^[:space:]] ]]; then
		ht_fail "setup: admin command '$1'" "socat exit $rc, answer: $out
$(cat "$HT_TMP/cli.err" 2>/dev/null)"
		return 1
	fi
	return 0
}

# Shorthands for the usual runtime state changes (PROXY/SERVER arguments).
hx_disable_server() { hx_admin "disable server $1"; }
hx_enable_server() { hx_admin "enable server $1"; }
# hx_set_server_state PROXY/SERVER ready|drain|maint
hx_set_server_state() { hx_admin "set server $1 state $2"; }
hx_disable_frontend() { hx_admin "disable frontend $1"; }
hx_enable_frontend() { hx_admin "enable frontend $1"; }

# hx_field PROXY SVNAME FIELD [DUMP]: print one field of a "show stat" row.
# DUMP defaults to a fresh "show stat".  Simple CSV split: fine for the names
# and values used by these tests (no quoted commas).
hx_field() {
	local px=$1 sv=$2 name=$3 dump=${4-} line idx i
	local -a hdr row
	if [[ -z $dump ]]; then
		dump=$(ht_cli "show stat") || return 1
	fi
	idx=-1
	while IFS= read -r line; do
		if [[ $line == '# '* ]]; then
			IFS=, read -r -a hdr <<<"${line#\# }"
			for i in "${!hdr[@]}"; do
				if [[ ${hdr[$i]} == "$name" ]]; then
					idx=$i
					break
				fi
			done
			continue
		fi
		[[ -z $line ]] && continue
		IFS=, read -r -a row <<<"$line"
		if [[ ${row[0]} == "$px" && ${row[1]} == "$sv" && $idx -ge 0 ]]; then
			printf '%s\n' "${row[$idx]:-}"
			return 0
		fi
	done <<<"$dump"
	return 1
}

hx_status() {
	hx_field "$1" "$2" status
}

# hx_wait_status PROXY SVNAME ERE [TIMEOUT_S]: poll "show stat" until the
# status of PROXY/SVNAME matches ^(ERE)$.  Records a setup check either way.
hx_wait_status() {
	hx_wait_field "$1" "$2" status "$3" "${4:-10}"
}

# hx_wait_field PROXY SVNAME FIELD ERE [TIMEOUT_S]: like hx_wait_status for
# any column.
hx_wait_field() {
	local px=$1 sv=$2 f=$3 re=$4 limit=$((${5:-10} * 10)) i v=""
	for ((i = 0; i < limit; i++)); do
		v=$(hx_field "$px" "$sv" "$f" 2>/dev/null)
		if [[ $v =~ ^($re)$ ]]; then
			ht_pass "setup: $px/$sv $f is '$v'"
			return 0
		fi
		sleep 0.1
	done
	ht_fail "setup: $px/$sv $f reaches /$re/ within ${5:-10}s" "last value seen: '$v'"
	return 1
}

# ht_http_burst PORT COUNT: COUNT sequential requests, one connection each
# (curl URL globbing; "Connection: close" plus haproxy's option httpclose).
ht_http_burst() {
	"$CURL" -s --max-time 20 -H 'Connection: close' \
		"http://127.0.0.1:$1/burst/[1-$2]" >/dev/null
}

# ---------------------------------------------------------------------------
# Fake stats sockets (socat)
# ---------------------------------------------------------------------------

# ht_spy_start NAME: a spy, a socat that logs what the plugin sends in
# $HT_TMP/NAME.log and passes it on to $HX_SOCK; sets SPY (its socket),
# SPY_LOG and SPY_PID.
ht_spy_start() {
	local i
	SPY=$HT_TMP/$1.sock
	SPY_LOG=$HT_TMP/$1.log
	SPY_SEEN=0
	ht_spawn "$1" "$SOCAT" -v UNIX-LISTEN:"$SPY",fork UNIX-CONNECT:"$HX_SOCK"
	SPY_PID=$HT_LAST_PID
	for ((i = 0; i < 50; i++)); do
		[[ -S $SPY ]] && return 0
		sleep 0.1
	done
	ht_bail "the spy $SPY did not appear" "$(cat "$SPY_LOG" 2>/dev/null)"
}

# ht_spy_sent: sets SENT to the command lines the spy logged since the
# last call, joined by ';' (as -vv joins them), once its log stops growing
# (socat -v may write it after the plugin has exited).
ht_spy_sent() {
	local line n before=-1 i out
	for ((i = 0; i < 30; i++)); do
		n=0
		out=""
		while IFS= read -r line; do
			n=$((n + 1))
			((n <= SPY_SEEN)) && continue
			[[ $line == show* ]] && out+="${out:+;}${line%$'\r'}"
		done <"$SPY_LOG"
		[[ $n == "$before" ]] && break
		before=$n
		sleep 0.1
	done
	SPY_SEEN=$n
	SENT=$out
}

# ht_fake_socket NAME SCRIPT_BODY: serve a unix socket $HT_TMP/NAME.sock with
# socat; every connection runs SCRIPT_BODY (sh) with stdin/stdout connected to
# the client.  Sets HT_FAKE_SOCK.
ht_fake_socket() {
	local name=$1 body=$2 script=$HT_TMP/fake-$1.sh i
	HT_FAKE_SOCK=$HT_TMP/$name.sock
	printf '#!/bin/sh\n%s\n' "$body" >"$script"
	chmod 755 "$script"
	rm -f "$HT_FAKE_SOCK"
	ht_spawn "fake-$name" "$SOCAT" -t 30 \
		"UNIX-LISTEN:$HT_FAKE_SOCK,fork,mode=600" "EXEC:$script"
	for ((i = 0; i < 50; i++)); do
		[[ -S $HT_FAKE_SOCK ]] && return 0
		sleep 0.1
	done
	ht_bail "fake socket $HT_FAKE_SOCK did not appear" "$(cat "$HT_TMP/fake-$name.log" 2>/dev/null)"
}

# ht_fake_tcp NAME PORT SCRIPT_BODY: same, on 127.0.0.1:PORT.
ht_fake_tcp() {
	local name=$1 port=$2 body=$3 script=$HT_TMP/fake-$1.sh
	printf '#!/bin/sh\n%s\n' "$body" >"$script"
	chmod 755 "$script"
	ht_spawn "fake-$name" "$SOCAT" -t 30 \
		"TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "EXEC:$script"
	if ! ht_wait_listen "$port" 5; then
		ht_bail "fake TCP server $name did not listen on $port" "$(cat "$HT_TMP/fake-$name.log" 2>/dev/null)"
	fi
}

# ---------------------------------------------------------------------------
# Running the plugin
# ---------------------------------------------------------------------------

# ht_wrapped: true when plugin runs go through PLUGIN_WRAPPER.
ht_wrapped() {
	[[ -n ${PLUGIN_WRAPPER:-} ]]
}

# _ht_wrapper_words: fill HT_WRAP (array) with PLUGIN_WRAPPER's words, plus
# a --log-file in a directory every user may write (run_plugin_as) when the
# wrapper is valgrind. That directory (HT_VG_DIR) is not under HT_TMP: a
# test may close HT_TMP to other users (a socket's directory of mode 700).
_ht_wrapper_words() {
	HT_WRAP=()
	ht_wrapped || return 0
	read -r -a HT_WRAP <<<"$PLUGIN_WRAPPER"
	if [[ ${HT_WRAP[0]##*/} == valgrind ]]; then
		if [[ -z ${HT_VG_DIR:-} ]]; then
			HT_VG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/htvg.XXXXXX") || ht_bail "mktemp failed"
			chmod 1777 "$HT_VG_DIR"
		fi
		HT_WRAP+=("--log-file=$HT_VG_DIR/%p.log")
		# suppression files go where a plugin run as another user (nobody)
		# can read them: the tree may be in a directory of mode 700
		local i file
		for i in "${!HT_WRAP[@]}"; do
			[[ ${HT_WRAP[$i]} == --suppressions=* ]] || continue
			file=${HT_WRAP[$i]#--suppressions=}
			[[ $file == "$HT_VG_DIR"/* ]] && continue
			cp "$file" "$HT_VG_DIR/${file##*/}" && chmod 644 "$HT_VG_DIR/${file##*/}" ||
				ht_bail "cannot copy the valgrind suppressions $file"
			HT_WRAP[i]=--suppressions=$HT_VG_DIR/${file##*/}
		done
	fi
}

# _ht_check_valgrind: after a wrapped run, fail when a valgrind log of it
# reports errors ("ERROR SUMMARY: N" with N > 0, which counts definite
# leaks with --errors-for-leak-kinds=definite); the logs are then removed.
_ht_check_valgrind() {
	local log line bad
	[[ -n ${HT_VG_DIR:-} && -d $HT_VG_DIR ]] || return 0
	for log in "$HT_VG_DIR"/*.log; do
		[[ -f $log ]] || continue
		bad=0
		while IFS= read -r line; do
			if [[ $line =~ ERROR\ SUMMARY:\ ([0-9]+) && ${BASH_REMATCH[1]} != 0 ]]; then
				bad=1
			fi
		done <"$log"
		if [[ $bad == 1 ]]; then
			ht_fail "$(_ht_name "valgrind reports no error")" "$(_ht_details)
valgrind log:
$(cat "$log")"
		fi
		rm -f "$log"
	done
}

# _ht_exec STDIN_FILE CMD...: run CMD, bounded by a 30 s watchdog, and fill
# HT_RC / HT_OUT / HT_ERR / HT_ELAPSED_MS / HT_CMD.  The plugin binary in
# CMD is already prefixed with PLUGIN_WRAPPER by the run_plugin* helpers.
_ht_exec() {
	local in=$1 t0 t1
	shift
	HT_CMD=$(printf '%q ' "$@")
	t0=$(date +%s%N)
	"$HT_TIMEOUT" -k 2 "${HT_PLUGIN_WATCHDOG:-30}" "$@" <"$in" >"$HT_TMP/plugin.out" 2>"$HT_TMP/plugin.err"
	HT_RC=$?
	t1=$(date +%s%N)
	HT_ELAPSED_MS=$(((t1 - t0) / 1000000))
	HT_OUT=$(cat "$HT_TMP/plugin.out")
	HT_ERR=$(cat "$HT_TMP/plugin.err")
	if [[ ${HT_VERBOSE:-0} == 1 ]]; then
		ht_note "ran: $HT_CMD -> rc=$HT_RC (${HT_ELAPSED_MS} ms)"
		ht_indent "$HT_OUT"
	fi
	_ht_check_valgrind
}

# run_plugin ARGS...: run the plugin with ARGS, stdin from /dev/null.
run_plugin() {
	_ht_wrapper_words
	_ht_exec /dev/null "${HT_WRAP[@]}" "$PLUGIN" "$@"
}

# run_plugin_stdin FILE ARGS...: same with stdin from FILE.
run_plugin_stdin() {
	local in=$1
	shift
	_ht_wrapper_words
	_ht_exec "$in" "${HT_WRAP[@]}" "$PLUGIN" "$@"
}

# run_plugin_as USER PLUGIN_PATH ARGS...: run as another user (needs root).
run_plugin_as() {
	local user=$1 bin=$2 group
	shift 2
	group=$(id -gn "$user" 2>/dev/null) || group=nogroup
	_ht_wrapper_words
	if command -v setpriv >/dev/null 2>&1; then
		_ht_exec /dev/null setpriv --reuid="$user" --regid="$group" --clear-groups -- \
			"${HT_WRAP[@]}" "$bin" "$@"
	else
		_ht_exec /dev/null runuser -u "$user" -- "${HT_WRAP[@]}" "$bin" "$@"
	fi
}

_ht_details() {
	printf 'command: %s\nexit: %s (%s ms)\nstdout:\n%s\nstderr:\n%s' \
		"$HT_CMD" "$HT_RC" "$HT_ELAPSED_MS" "$HT_OUT" "$HT_ERR"
}

_ht_name() {
	if [[ -n $HT_CASE ]]; then
		printf '%s: %s' "$HT_CASE" "$1"
	else
		printf '%s' "$1"
	fi
}

# _ht_any_line TEXT ERE: true when one line of TEXT matches ERE.
_ht_any_line() {
	local text=$1 re=$2 line
	while IFS= read -r line; do
		[[ $line =~ $re ]] && return 0
	done <<<"$text"
	return 1
}

_ht_first_line() {
	local line=""
	IFS= read -r line <<<"$1"
	printf '%s' "$line"
}

# expect_exit N [NAME]
expect_exit() {
	local want=$1 name=${2:-exit code $1}
	if [[ $HT_RC == "$want" ]]; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name (got $HT_RC)")" "$(_ht_details)"
	fi
}

# expect_output_match ERE [NAME]: some stdout line matches ERE.
expect_output_match() {
	local re=$1 name=${2:-output matches /$1/}
	if _ht_any_line "$HT_OUT" "$re"; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name")" "$(_ht_details)"
	fi
}

# expect_no_output_match ERE [NAME]: no stdout line matches ERE.
expect_no_output_match() {
	local re=$1 name=${2:-output does not match /$1/}
	if _ht_any_line "$HT_OUT" "$re"; then
		ht_fail "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	fi
}

# expect_first_line_match ERE [NAME]: the first stdout line matches ERE.
expect_first_line_match() {
	local re=$1 name=${2:-first line matches /$1/} first
	first=$(_ht_first_line "$HT_OUT")
	if [[ $first =~ $re ]]; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name")" "$(_ht_details)"
	fi
}

# expect_first_line_no_match ERE [NAME]
expect_first_line_no_match() {
	local re=$1 name=${2:-first line does not match /$1/} first
	first=$(_ht_first_line "$HT_OUT")
	if [[ $first =~ $re ]]; then
		ht_fail "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	fi
}

# expect_single_line [NAME]: stdout is exactly one non-empty line.
# shellcheck disable=SC2120
expect_single_line() {
	local name=${1:-output is a single line}
	if [[ -n $HT_OUT && $HT_OUT != *$'\n'* ]]; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name")" "$(_ht_details)"
	fi
}

# expect_stderr_empty [NAME]: plugins report on stdout only.
# shellcheck disable=SC2120
expect_stderr_empty() {
	local name=${1:-nothing on stderr}
	if [[ -z $HT_ERR ]]; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name")" "$(_ht_details)"
	fi
}

# ht_time_slack_ms: extra milliseconds a time bound allows for the wrapper
# (HT_TIME_SLACK_MS, 0 by default, without PLUGIN_WRAPPER).
ht_time_slack_ms() {
	if ht_wrapped; then
		printf '%s' "${HT_WRAPPER_SLACK_MS:-3000}"
	else
		printf '%s' "${HT_TIME_SLACK_MS:-0}"
	fi
}

# expect_elapsed_below MS [NAME]: the run took less than MS (plus the
# wrapper's slack, see PLUGIN_WRAPPER).
expect_elapsed_below() {
	local max=$(($1 + $(ht_time_slack_ms))) name=${2:-returned within $(($1 + $(ht_time_slack_ms))) ms}
	if ((HT_ELAPSED_MS < max)); then
		ht_pass "$(_ht_name "$name (took $HT_ELAPSED_MS ms)")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name (took $HT_ELAPSED_MS ms)")" "$(_ht_details)"
	fi
}

# expect_unknown_error PHRASE: the common shape of every error path:
# exit 3, one line "HAPROXY UNKNOWN - ...PHRASE...", nothing on stderr.
# shellcheck disable=SC2119
expect_unknown_error() {
	local phrase=$1
	expect_exit 3
	expect_first_line_match "^HAPROXY UNKNOWN - .*$phrase" "message 'HAPROXY UNKNOWN - ...$phrase...'"
	expect_single_line
	expect_stderr_empty
}

# ht_re_escape TEXT: TEXT with ERE metacharacters escaped.
ht_re_escape() {
	local s=$1 out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[].[\\*+?{}\(\)\|^\$]) out+="\\$c" ;;
		*) out+=$c ;;
		esac
	done
	printf '%s' "$out"
}

# ht_perf_re LABEL: ERE for the start of the perfdata item LABEL, quoted or
# not: matches both "be:app:rate=" and "'be:app:rate'=".
ht_perf_re() {
	local l
	l=$(ht_re_escape "$1")
	printf "(^|[| ])('%s'|%s)=" "$l" "$l"
}
