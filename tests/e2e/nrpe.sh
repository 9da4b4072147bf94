#!/bin/bash
#
# nrpe.sh - the shipped NRPE command lines in a real nrpe, queried with
# check_nrpe over 127.0.0.1.
#
# A private nrpe (foreground, SSL as by default, free loopback port,
# nrpe_user/nrpe_group nagios as in Debian) includes a copy of
# contrib/nrpe/check_haproxy_stat.cfg in which exactly three strings are
# replaced, as the file's header says:
#   /usr/lib/nagios/plugins             -> a copy of the built plugin in the
#                                          temporary directory (the build
#                                          tree may not be readable by nagios)
#   /run/haproxy/monitor.sock           -> the test HAProxy's socket, declared
#                                          as the README ("HAProxy side")
#                                          recommends:
#                                          mode 660 level user group nagios
#   /etc/nagios/check_haproxy_stat.ini  -> a copy of contrib/nrpe/
#                                          check_haproxy_stat.ini (same socket
#                                          replacement)
#
#   1. all UP: both commands OK through check_nrpe;
#   2. the plugin really runs as nagios: a test-only command on the root-only
#      admin socket gets "permission denied" (UNKNOWN);
#   3. check_nrpe -a (client-chosen arguments) is refused;
#   4. app-main/nginx1 taken down through the admin socket: WARNING naming
#      app-main/nginx1 DOWN, through both commands; back: OK.
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/nrpe.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init nrpe check_nrpe
id nagios >/dev/null 2>&1 || ht_bail "user nagios is missing (nagios-nrpe-server creates it)"
e2e_haproxy

R=$HT_TMP/nrpe
mkdir -p "$R" "$HT_TMP/plugins"
cp "$PLUGIN" "$HT_TMP/plugins/check_haproxy_stat"
chmod 755 "$HT_TMP/plugins" "$HT_TMP/plugins/check_haproxy_stat"
ht_pick_port NRPE_PORT

SHIPPED_CFG=$E2E_SRCDIR/contrib/nrpe/check_haproxy_stat.cfg
SHIPPED_INI=$E2E_SRCDIR/contrib/nrpe/check_haproxy_stat.ini
# the only substitutions (see the header)
sed -e "s|/usr/lib/nagios/plugins|$HT_TMP/plugins|g" \
	-e "s|/run/haproxy/monitor.sock|$MON_SOCK|g" \
	-e "s|/etc/nagios/check_haproxy_stat.ini|$R/check_haproxy_stat.ini|g" \
	"$SHIPPED_CFG" >"$R/check_haproxy_stat.cfg"
sed -e "s|/run/haproxy/monitor.sock|$MON_SOCK|g" "$SHIPPED_INI" >"$R/check_haproxy_stat.ini"
chmod 644 "$R"/*
chown nagios: "$R"

ht_case "config"
n_cmds=0
while IFS= read -r line; do
	[[ $line == command\[* ]] && n_cmds=$((n_cmds + 1))
done <"$R/check_haproxy_stat.cfg"
if [[ $n_cmds == 3 ]]; then
	ht_pass "$(_ht_name "the shipped file has the three command[] lines")"
else
	ht_fail "$(_ht_name "the shipped file has the three command[] lines (got $n_cmds)")"
fi
n_left=$(grep '^command\[' "$R/check_haproxy_stat.cfg" | grep -c -e '/usr/lib/nagios' -e '/run/haproxy' -e '/etc/nagios' || true)
if [[ $n_left == 0 ]]; then
	ht_pass "$(_ht_name "the command lines use no other system path")"
else
	ht_fail "$(_ht_name "the command lines use no other system path")" "$(cat "$R/check_haproxy_stat.cfg")"
fi

cat >"$R/nrpe.cfg" <<EOF
log_file=$R/nrpe.log
debug=1
pid_file=$R/nrpe.pid
server_address=127.0.0.1
server_port=$NRPE_PORT
nrpe_user=nagios
nrpe_group=nagios
allowed_hosts=127.0.0.1,::1
dont_blame_nrpe=0
allow_bash_command_substitution=0
command_timeout=20
connection_timeout=30
disable_syslog=1
include=$R/check_haproxy_stat.cfg
# test only: the root-only admin socket, to see which user runs the plugin
command[e2e_admin_socket]=$HT_TMP/plugins/check_haproxy_stat --socket=$HX_SOCK
EOF

ht_spawn nrpe "$E2E_nrpe" -c "$R/nrpe.cfg" -f
NRPE_PID=$HT_LAST_PID

# nrpe_run ARGS...: check_nrpe against the private nrpe; fills HT_RC/HT_OUT.
nrpe_run() {
	_ht_exec /dev/null "$E2E_check_nrpe" -H 127.0.0.1 -p "$NRPE_PORT" -t 20 "$@"
}
nrpe_up() {
	nrpe_run
	E2E_WAIT_DETAIL="$(_ht_details)
$(cat "$R/nrpe.log" "$HT_TMP/nrpe.log" 2>/dev/null | tail -n 20)"
	[[ $HT_RC == 0 && $HT_OUT == NRPE* ]]
}
e2e_wait 10 "nrpe answers check_nrpe" nrpe_up || ht_bail "nrpe did not start"

ht_case "all up"
for cmd in check_haproxy_stat check_haproxy_stat_ini; do
	nrpe_run -c "$cmd"
	expect_exit 0 "$cmd: exit 0"
	expect_first_line_match '^HAPROXY OK - ' "$cmd: HAPROXY OK"
	expect_first_line_match "$(ht_perf_re be:app-main:rate)[0-9]+;500;1000;" "$cmd: perfdata be:app-main:rate with the ranges"
done

ht_case "privileges"
nrpe_run -c e2e_admin_socket
expect_exit 3 "plugin runs as nagios: root-only admin socket is UNKNOWN"
expect_first_line_match '^HAPROXY UNKNOWN - permission denied' "plugin runs as nagios: 'permission denied'"
nrpe_run -c check_haproxy_stat -a --input=/etc/shadow
if [[ $HT_RC != 0 && $HT_RC != 1 && $HT_RC != 2 && $HT_OUT != HAPROXY* ]]; then
	ht_pass "$(_ht_name "check_nrpe -a (client-chosen arguments) is refused")" "$(_ht_details)"
else
	ht_fail "$(_ht_name "check_nrpe -a (client-chosen arguments) is refused")" "$(_ht_details)"
fi

ht_case "nginx1 down"
e2e_server_down app-main/nginx1
for cmd in check_haproxy_stat check_haproxy_stat_ini; do
	nrpe_run -c "$cmd"
	expect_exit 1 "$cmd: exit 1"
	expect_first_line_match '^HAPROXY WARNING - app-main/nginx1 DOWN' "$cmd: names app-main/nginx1 DOWN"
done

ht_case "nginx1 back"
e2e_server_up app-main/nginx1
hx_wait_status app-main nginx1 UP
for cmd in check_haproxy_stat check_haproxy_stat_ini; do
	nrpe_run -c "$cmd"
	expect_exit 0 "$cmd: exit 0"
done

ht_case "stop"
ht_kill_pid "$NRPE_PID"
ht_forget_pid "$NRPE_PID"
if pgrep -f -- "$R/nrpe.cfg" >/dev/null 2>&1; then
	ht_fail "$(_ht_name "no nrpe process left")" "$(pgrep -af -- "$R/nrpe.cfg")"
else
	ht_pass "$(_ht_name "no nrpe process left")"
fi
ht_note "nrpe scenario: $(e2e_elapsed) s"
ht_finish
