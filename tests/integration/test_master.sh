#!/bin/bash
#
# test_master.sh - the master CLI of a master-worker HAProxy (haproxy -W -S):
#
#    1. stats through the master alone (--master-socket, no -S): the current
#       worker's stats, master:old_workers and master:worker_uptime perfdata
#    2. a configuration broken, then reloaded through the master CLI (by the
#       test: the plugin never sends "reload"): CRITICAL naming the failed
#       reload (3.0: with the parse error of "show startup-logs"; 2.6: no
#       startup log; 2.2: no "failed: K", its master keeps the old worker
#       and no current one)
#    3. the configuration fixed and reloaded: OK again
#    4. a client connection open across a reload keeps an old worker:
#       -w old_workers=0 reports it, old_worker_age measures it
#    5. -S and --master-socket together; --master-socket given a stats
#       socket instead of the master's
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_master.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

HX_VERSION=$("$HAPROXY" -v 2>/dev/null)
HX_VERSION=${HX_VERSION#*version }
HX_VERSION=${HX_VERSION%%[ -]*}
ht_note "haproxy version $HX_VERSION"

MASTER=$HT_TMP/master.sock
ADMIN=$HT_TMP/admin.sock
CFG=$HT_TMP/mw.cfg
ht_pick_port P_FE
ht_pick_port P_TCP
ht_pick_port P_HOLD

# write_cfg [EXTRA]: the configuration; EXTRA (a line) is appended to the
# last section (a bad keyword breaks it).
write_cfg() {
	cat >"$CFG" <<EOF
global
    stats socket $ADMIN mode 600 level admin
    stats timeout 10s

defaults
    timeout connect 1s
    timeout client 30s
    timeout server 30s

frontend www
    mode http
    bind 127.0.0.1:$P_FE
    http-request return status 200 content-type text/plain string ok

listen hold
    mode tcp
    bind 127.0.0.1:$P_TCP
    server holder 127.0.0.1:$P_HOLD
${1:-}
EOF
}

# mw_proc: parse the master's "show proc" into MW_RELOADS, MW_FAILED (-1
# when the version shows none), MW_WORKERS and MW_OLD.
mw_proc() {
	local line section="" relpid=0 i
	local -a w
	MW_RELOADS=-1 MW_FAILED=-1 MW_WORKERS=0 MW_OLD=0
	while IFS= read -r line; do
		read -r -a w <<<"$line"
		((${#w[@]} == 0)) && continue
		case $line in
		'#<PID>'*) [[ $line == *'<relative PID>'* ]] && relpid=1 ;;
		'# workers'*) section=workers ;;
		'# old workers'*) section=old ;;
		'# programs'*) section=programs ;;
		*)
			if [[ ${w[1]} == master ]]; then
				MW_RELOADS=${w[$((2 + relpid))]}
				for ((i = 0; i < ${#w[@]}; i++)); do
					[[ ${w[$i]} == '[failed:' ]] && MW_FAILED=${w[$((i + 1))]%]}
				done
			elif [[ ${w[1]} == worker && $section == workers ]]; then
				MW_WORKERS=$((MW_WORKERS + 1))
			elif [[ ${w[1]} == worker && $section == old ]]; then
				MW_OLD=$((MW_OLD + 1))
			fi
			;;
		esac
	done < <(ht_cli "show proc" "$MASTER" 2>/dev/null)
}

# mw_reload: reload through the master CLI (as an operator would) and wait
# until the master counts it (and, unless it failed, its new worker answers).
mw_reload() {
	local before i
	mw_proc
	before=$MW_RELOADS
	ht_cli reload "$MASTER" >/dev/null 2>&1
	for ((i = 0; i < 100; i++)); do
		sleep 0.1
		mw_proc
		if ((MW_RELOADS > before)); then
			ht_pass "setup: the master counted the reload ($MW_RELOADS reloads, failed $MW_FAILED, $MW_WORKERS worker(s), $MW_OLD old)"
			return 0
		fi
	done
	ht_fail "setup: the master counts the reload" "$(ht_cli "show proc" "$MASTER" 2>&1)"
	return 1
}

# wait_worker: wait until the current worker answers on the admin socket.
wait_worker() {
	local i
	for ((i = 0; i < 100; i++)); do
		if [[ -S $ADMIN ]] && [[ $(ht_cli "show info" "$ADMIN" 2>/dev/null) == *"Name: HAProxy"* ]]; then
			return 0
		fi
		sleep 0.1
	done
	ht_bail "the worker did not answer on $ADMIN" "$(cat "$HT_TMP/mw.log" 2>/dev/null)"
}

# A server that accepts and holds connections (what keeps an old worker).
ht_fake_tcp holder "$P_HOLD" 'sleep 30'
write_cfg
ht_spawn mw "$HAPROXY" -W -db -S "$MASTER" -f "$CFG"
MW_PID=$HT_LAST_PID
wait_worker
for ((i = 0; i < 50; i++)); do
	[[ -S $MASTER ]] && break
	sleep 0.1
done

ht_case "stats through the master alone"
run_plugin --master-socket "$MASTER" -vv
expect_exit 0
expect_first_line_match '^HAPROXY OK - 2 frontends, 1 backend, 1 server'
expect_first_line_match ' master:old_workers=0;;;0 master:worker_uptime=[0-9]+s;;;0' 'master perfdata'
expect_output_match '\(master CLI, current worker\): @1 show stat' 'the stats came through the master (@1)'
expect_output_match ': show proc$' 'show proc was asked'

ht_case "a failed reload"
write_cfg "    no-such-keyword here"
mw_reload
run_plugin --master-socket "$MASTER"
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - master: the last reload failed .*HAProxy runs an older configuration than the one on disk'
if ((MW_FAILED >= 0)); then
	expect_output_match '^\[CRITICAL\] master: the last reload failed \(1 in a row\)'
	if hx_version_lt 3.0; then
		expect_output_match 'this version keeps no startup log' '2.6 has no show startup-logs: said so'
	else
		expect_output_match "unknown keyword 'no-such-keyword'" 'the parse error from show startup-logs'
	fi
else
	ht_note "HAProxy $HX_VERSION shows no 'failed: K': its master keeps the old worker and no current one"
	expect_output_match '^\[CRITICAL\] master: the last reload failed \(no current worker, 1 old one left running\)'
fi
run_plugin --master-socket "$MASTER" --policy master.reload-failed=warning
expect_exit 1 'the policy key sets its state'

ht_case "fixed and reloaded"
write_cfg
mw_reload
wait_worker
run_plugin --master-socket "$MASTER" -w old_workers=0
expect_exit 0
expect_first_line_match ' master:old_workers=0;0;;0 '
if ((MW_FAILED >= 0)); then
	run_plugin --master-socket "$MASTER" -c failed_reloads=0
	expect_exit 0 'failed_reloads back to 0'
else
	run_plugin --master-socket "$MASTER" -c failed_reloads=0
	expect_exit 3 "no failed count on this version: UNKNOWN for the rule..."
	expect_output_match "^\[UNKNOWN\] rule failed_reloads: the master's 'show proc' has no 'failed: K'" '...but the rule says why it measured nothing'
fi

ht_case "an old worker kept by a client connection"
exec 3<>"/dev/tcp/127.0.0.1/$P_TCP"
sleep 0.3
write_cfg
mw_reload
wait_worker
mw_proc
if ((MW_OLD < 1)); then
	ht_fail "setup: an old worker after the reload" "$(ht_cli "show proc" "$MASTER" 2>&1)"
fi
run_plugin -S "$ADMIN" --master-socket "$MASTER" -w old_workers=0 -c old_worker_age=3600
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - master old_workers 1 \(warning range 0\)'
expect_first_line_match ' master:old_workers=1;0;;0 master:worker_uptime=[0-9]+s;;;0 master:old_worker_age=[0-9]+s;;3600;0' 'perfdata with the ranges'
exec 3<&-

ht_case "--master-socket given a stats socket"
run_plugin -S "$ADMIN" --master-socket "$ADMIN"
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - master CLI: the answer to 'show proc' is not a process list"

ht_kill_pid "$MW_PID"
ht_forget_pid "$MW_PID"
ht_finish
