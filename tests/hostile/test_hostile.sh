#!/bin/bash
#
# test_hostile.sh - check_haproxy_stat against peers that misbehave: a
# scripted fake stats socket (tests/fake_peer, unix and TCP) for each way an
# answer can go wrong, plus paths and addresses that cannot work.
#
# Every case asserts the plugin's contract for a bad peer:
#   - exit 3 UNKNOWN, or the -t state (CRITICAL by default) for a timeout;
#   - exactly one line on stdout, "HAPROXY <STATE> - <what went wrong>",
#     nothing on stderr;
#   - done within the timeout plus one second (plus the wrapper's slack
#     under valgrind);
#   - peak resident memory under 16 MiB (HT_RSS_LIMIT_KB; measured with
#     /usr/bin/time, not meaningful and skipped under valgrind or ASan).
#
# An endless stream of valid rows has no size limit in the plugin: the
# reader holds one record (64 KiB at most) at a time and the report
# buffers are capped, so memory stays bounded, and the single deadline
# (-t) ends the read.
#
# Usage: PLUGIN=... FAKE_PEER=... FIXTURES=... tests/hostile/test_hostile.sh

# shellcheck source=../integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

ht_init

FAKE_PEER=${FAKE_PEER:-$(cd "$HT_LIBDIR/../.." && pwd)/tests/fake_peer}
FIXTURES=${FIXTURES:-$(cd "$HT_LIBDIR/.." && pwd)/fixtures}
DUMP=$FIXTURES/haproxy-2.6.12.csv
TIME_BIN=/usr/bin/time
RSS_LIMIT_KB=${HT_RSS_LIMIT_KB:-16384}
[[ -x $FAKE_PEER ]] || ht_bail "fake peer $FAKE_PEER is missing (make check builds it)"
[[ -f $DUMP ]] || ht_bail "fixture $DUMP is missing"
[[ -x $TIME_BIN ]] || ht_missing_tools "missing tool: $TIME_BIN (package time)"
if ht_wrapped || [[ $RSS_LIMIT_KB == 0 ]]; then
	ht_note "resident memory not asserted (valgrind or sanitizer build)"
	RSS_LIMIT_KB=0
fi

T=$HT_TMP
RSS_DIR=$T/rss
mkdir -p "$RSS_DIR"
chmod 1777 "$RSS_DIR"
MAX_RSS=0
MAX_OVERRUN=-100000
HT_AS=()        # "setpriv ... --" words when running as another user
PLUGIN_BIN=$PLUGIN

# peer NAME MODE [unix|tcp ADDRESS:PORT]: start a fake peer; sets PEER_SOCK
# (unix) or nothing (tcp, the caller knows the address).
peer() {
	local name=$1 mode=$2 kind=${3:-unix} addr=${4:-} i
	if [[ $kind == unix ]]; then
		PEER_SOCK=$T/$name.sock
		ht_spawn "peer-$name" "$FAKE_PEER" --unix "$PEER_SOCK" --mode "$mode" --dump "$DUMP"
		for ((i = 0; i < 50; i++)); do
			[[ -S $PEER_SOCK ]] && return 0
			sleep 0.1
		done
		ht_bail "fake peer $name did not create $PEER_SOCK" "$(cat "$T/peer-$name.log")"
	else
		ht_spawn "peer-$name" "$FAKE_PEER" --tcp "$addr" --mode "$mode" --dump "$DUMP"
		for ((i = 0; i < 50; i++)); do
			"$HT_SS" -Hltn "sport = :${addr##*:}" 2>/dev/null | read -r _ && return 0
			sleep 0.1
		done
		ht_bail "fake peer $name did not listen on $addr" "$(cat "$T/peer-$name.log")"
	fi
}

# hostile_run SECONDS ARGS...: run the plugin with -t SECONDS and ARGS under
# /usr/bin/time (and the wrapper, and HT_AS); sets HT_RSS_KB and HT_TLIMIT.
hostile_run() {
	local secs=$1 line
	shift
	HT_TLIMIT=${secs%%:*}
	_ht_wrapper_words
	rm -f "$RSS_DIR/rss"
	_ht_exec /dev/null "${HT_AS[@]}" "$TIME_BIN" -f '%M' -o "$RSS_DIR/rss" \
		"${HT_WRAP[@]}" "$PLUGIN_BIN" -t "$secs" "$@"
	HT_RSS_KB=0
	if [[ -f $RSS_DIR/rss ]]; then
		while IFS= read -r line; do
			[[ $line =~ ^[0-9]+$ ]] && HT_RSS_KB=$line
		done <"$RSS_DIR/rss"
	fi
}

# expect_bounded: within -t + 1 s and under the memory limit.
expect_bounded() {
	local overrun=$((HT_ELAPSED_MS - HT_TLIMIT * 1000))
	((overrun > MAX_OVERRUN)) && MAX_OVERRUN=$overrun
	expect_elapsed_below $(((HT_TLIMIT + 1) * 1000)) "done within -t $HT_TLIMIT s + 1 s"
	if [[ $RSS_LIMIT_KB == 0 ]]; then
		return 0
	fi
	((HT_RSS_KB > MAX_RSS)) && MAX_RSS=$HT_RSS_KB
	if ((HT_RSS_KB > 0 && HT_RSS_KB < RSS_LIMIT_KB)); then
		ht_pass "$(_ht_name "peak RSS $HT_RSS_KB KiB < $RSS_LIMIT_KB KiB")"
	else
		ht_fail "$(_ht_name "peak RSS $HT_RSS_KB KiB < $RSS_LIMIT_KB KiB")" "$(_ht_details)"
	fi
}

# expect_bad STATE PHRASE: exit code of STATE, one line "HAPROXY STATE -
# ...PHRASE...", nothing on stderr, bounded.
expect_bad() {
	local state=$1 phrase=$2 code
	case $state in
	WARNING) code=1 ;;
	CRITICAL) code=2 ;;
	*) code=3 ;;
	esac
	expect_exit "$code"
	expect_first_line_match "^HAPROXY $state - .*($phrase)" "one line 'HAPROXY $state - ...$phrase...'"
	expect_single_line
	expect_stderr_empty
	expect_bounded
}

# ---------------------------------------------------------------------------
# Control: the fake peer serving the real dump gives a verdict.
peer dump dump
ht_case "fake peer serving a complete dump (control)"
hostile_run 5 -S "$PEER_SOCK"
expect_first_line_match '^HAPROXY (OK|WARNING|CRITICAL) - '
expect_bounded

# ---------------------------------------------------------------------------
# Timeouts: the -t state, within the deadline plus one second.
peer silent silent
ht_case "accepts and never answers (unix), -t 2"
hostile_run 2 -S "$PEER_SOCK"
expect_bad CRITICAL "timed out"
ht_case "accepts and never answers (unix), -t 2:unknown"
hostile_run 2:unknown -S "$PEER_SOCK"
expect_bad UNKNOWN "timed out"

ht_pick_port SILENT_PORT
peer silent-tcp silent tcp "127.0.0.1:$SILENT_PORT"
ht_case "accepts and never answers (TCP), -t 2"
hostile_run 2 -H 127.0.0.1 -p "$SILENT_PORT"
expect_bad CRITICAL "timed out"

# The deadline covers connect() too: a unix socket whose backlog is full
# (HAProxy's "stats maxconn" reached) makes connect() fail with EAGAIN;
# the plugin retries until the deadline. One client (a plugin run in the
# background) fills the backlog of one.
peer noaccept noaccept
"$PLUGIN" -t 8 -S "$PEER_SOCK" >/dev/null 2>&1 &
occupant=$!
sleep 0.3
ht_case "backlog full, connect() never completes, -t 2"
hostile_run 2 -S "$PEER_SOCK"
expect_bad CRITICAL "timed out connecting"
kill "$occupant" 2>/dev/null
wait "$occupant" 2>/dev/null

peer slow slow
ht_case "one byte every 100 ms past the deadline, -t 2"
hostile_run 2 -S "$PEER_SOCK"
expect_bad CRITICAL "timed out"

peer stream stream
ht_case "valid rows streamed forever, -t 3"
hostile_run 3 -S "$PEER_SOCK"
expect_bad CRITICAL "timed out"
ht_case "valid rows streamed forever, -t 3:warning"
hostile_run 3:warning -S "$PEER_SOCK"
expect_bad WARNING "timed out"

# ---------------------------------------------------------------------------
# Answers that are not a complete, well-formed dump: UNKNOWN.
peer garbage garbage
ht_case "binary garbage"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "binary data"

peer nul nul
ht_case "NUL byte in a row"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "binary data \\(byte 0x00"

peer longline longline
ht_case "a 1 MiB line"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "longer than 65536 bytes"

peer header header
ht_case "header only"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "a header but no rows"

peer fewer fewer
ht_case "row with fewer fields than the header"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "row 1: [0-9]+ fields where the header has"

peer more more
ht_case "row with more fields than the header"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "row 1: [0-9]+ fields where the header has"

peer dupheader dupheader
ht_case "duplicated header"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "malformed answer"

peer noterm noterm
ht_case "no terminating empty line"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "truncated"

peer close close
ht_case "closes right after accept (unix)"
hostile_run 5 -S "$PEER_SOCK"
expect_bad UNKNOWN "empty response|failed|cannot connect"

ht_pick_port CLOSE_PORT
peer close-tcp close tcp "127.0.0.1:$CLOSE_PORT"
ht_case "closes right after accept (TCP)"
hostile_run 5 -H 127.0.0.1 -p "$CLOSE_PORT"
expect_bad UNKNOWN "empty response|failed|cannot connect"

# ---------------------------------------------------------------------------
# Nothing to talk to.
ht_pick_port REFUSED_PORT
ht_case "connection refused (TCP)"
hostile_run 5 -H 127.0.0.1 -p "$REFUSED_PORT"
expect_bad CRITICAL "connection refused"

: >"$T/regular"
ht_case "socket path is a regular file"
hostile_run 5 -S "$T/regular"
expect_bad UNKNOWN "not a socket"

mkdir "$T/directory"
ht_case "socket path is a directory"
hostile_run 5 -S "$T/directory"
expect_bad UNKNOWN "not a socket"

ln -s "$T/nowhere.sock" "$T/dangling.sock"
ht_case "socket path is a dangling symlink"
hostile_run 5 -S "$T/dangling.sock"
expect_bad UNKNOWN "does not exist"

ht_case "unresolvable host name"
hostile_run 3 -H nonexistent.invalid -p 9999
expect_bad UNKNOWN "cannot resolve"

# IPv6 ::1: a hostile answer over IPv6 is read and judged like any other.
if ht_have_ipv6; then
	ht_pick_port V6_PORT
	peer v6 garbage tcp "[::1]:$V6_PORT"
	ht_case "IPv6 ::1, binary garbage"
	hostile_run 5 -H ::1 -p "$V6_PORT"
	expect_bad UNKNOWN "binary data"
	ht_case "IPv6 [::1], binary garbage"
	hostile_run 5 -H '[::1]' -p "$V6_PORT"
	expect_bad UNKNOWN "binary data"
else
	ht_note "SKIP IPv6 case: no ::1 on this machine"
fi

# ---------------------------------------------------------------------------
# Permission denied: the socket is mode 0600, owned by root; the plugin
# runs as nobody (needs root; otherwise the test takes its own access).
peer perm dump
if [[ $(id -u) == 0 ]]; then
	chmod 711 "$T"
	if [[ ! -x $PLUGIN_BIN ]] || ! setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		test -x "$PLUGIN_BIN" 2>/dev/null; then
		cp "$PLUGIN" "$T/check_haproxy_stat.nobody"
		chmod 755 "$T/check_haproxy_stat.nobody"
		PLUGIN_BIN=$T/check_haproxy_stat.nobody
	fi
	HT_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
	ht_case "permission denied (plugin run as nobody)"
	hostile_run 5 -S "$PEER_SOCK"
	expect_bad UNKNOWN "permission denied"
	HT_AS=()
	PLUGIN_BIN=$PLUGIN
	chmod 700 "$T"
else
	chmod 000 "$PEER_SOCK"
	ht_case "permission denied (socket mode 000)"
	hostile_run 5 -S "$PEER_SOCK"
	expect_bad UNKNOWN "permission denied"
fi

# ---------------------------------------------------------------------------
# SIGPIPE cannot kill the plugin. Its stdout is a pipe nobody reads: the
# write of the status line raises SIGPIPE, which the plugin ignores, so
# it still ends with its own exit code (3 here), never by signal 13.
ht_case "stdout is a closed pipe"
_ht_wrapper_words
# (the reader, true, has long exited when the plugin starts 0.5 s later)
sigpipe_rc=$({
	{
		sleep 0.5
		"${HT_WRAP[@]}" "$PLUGIN" -t 5 -S "$T/regular"
		echo "rc=$?" >&3
	} | true
} 3>&1)
if [[ $sigpipe_rc == "rc=3" ]]; then
	ht_pass "$HT_CASE: exit 3, not killed by SIGPIPE"
else
	ht_fail "$HT_CASE: exit 3, not killed by SIGPIPE (got '$sigpipe_rc', 141 = SIGPIPE)"
fi

# The peer has closed when the plugin writes its command: tests/delay_send.so
# (LD_PRELOAD) makes every send() wait 300 ms, long after the peer's close,
# so the write fails with EPIPE, which raises SIGPIPE unless the plugin
# ignores it or sends with MSG_NOSIGNAL. The plugin then reads what the
# peer wrote before it closed: nothing here (an empty response), and a
# "Unknown command." from something that is not HAProxy in the next case
# (judged as such, not "Broken pipe", and not a node that is unreachable).
# ASan must not insist on coming first in the library list for the shim
# to load.
DELAY_SEND=${DELAY_SEND:-$(cd "$HT_LIBDIR/../.." && pwd)/tests/delay_send.so}
if [[ -f $DELAY_SEND ]]; then
	ht_case "peer closed before the command is written (unix)"
	export LD_PRELOAD=$DELAY_SEND ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	hostile_run 5 -S "$T/close.sock"
	unset LD_PRELOAD
	expect_bad UNKNOWN "empty response"

	# the check ends at its deadline and prints its line; its exit then
	# takes 1.5 s (DELAY_EXIT_MS), past the backstop alarm (-t + 0.5 s),
	# which must be off by then: one status line, never two
	ht_case "the check ended, its exit slow: one status line"
	export LD_PRELOAD=$DELAY_SEND DELAY_SEND_MS=0 DELAY_EXIT_MS=1500
	hostile_run 1 -S "$T/silent.sock"
	unset LD_PRELOAD DELAY_SEND_MS DELAY_EXIT_MS
	expect_exit 2
	expect_first_line_match '^HAPROXY CRITICAL - timed out waiting for .*silent\.sock to answer'
	expect_single_line

	peer junkclose junkclose
	ht_case "peer answered and closed before the command is written (unix)"
	export LD_PRELOAD=$DELAY_SEND
	hostile_run 5 -S "$PEER_SOCK"
	unset LD_PRELOAD
	expect_bad UNKNOWN "unexpected response from .*: 'Unknown command\.'"

	ht_case "the same as one node of two"
	export LD_PRELOAD=$DELAY_SEND
	hostile_run 5 -S "junk=$PEER_SOCK" -S "gone=$T/absent.sock"
	unset LD_PRELOAD
	if [[ $HT_OUT == *"node junk: unexpected response from "*"'Unknown command.'"* &&
		$HT_OUT != *"node junk unreachable"* ]]; then
		ht_pass "$HT_CASE: node junk is a wrong answer, not unreachable"
	else
		ht_fail "$HT_CASE: node junk is a wrong answer, not unreachable" "$(_ht_details)"
	fi
else
	ht_fail "setup: $DELAY_SEND is missing (make check builds it)"
fi

# The same without the shim, 20 times over TCP: the peer resets the
# connection at once; timing decides whether a run sees the reset while
# connecting, sending or reading; every run must end with UNKNOWN, none by
# a signal.
ht_case "peer closes while the plugin writes, 20 runs"
bad=0
declare -A seen=()
for ((i = 0; i < 20; i++)); do
	hostile_run 5 -H 127.0.0.1 -p "$CLOSE_PORT"
	case $HT_OUT in
	*"empty response"*) seen[empty answer]=$((${seen[empty answer]:-0} + 1)) ;;
	*"cannot connect"*) seen[reset on connect]=$((${seen[reset on connect]:-0} + 1)) ;;
	*"sending the command"*) seen[error while sending]=$((${seen[error while sending]:-0} + 1)) ;;
	*) seen[other]=$((${seen[other]:-0} + 1)) ;;
	esac
	if [[ $HT_RC != 3 || $HT_OUT != "HAPROXY UNKNOWN - "* ]]; then
		bad=$((bad + 1))
		ht_fail "$HT_CASE: run $i exit 3" "$(_ht_details)"
	fi
done
[[ $bad == 0 ]] && ht_pass "$HT_CASE: all 20 ended with exit 3 and one UNKNOWN line"
for k in "${!seen[@]}"; do
	ht_note "peer closes at once: $k in ${seen[$k]} of 20 runs"
done

ht_note "largest peak RSS: $MAX_RSS KiB; largest time past -t: $MAX_OVERRUN ms"
ht_finish
