#!/bin/bash
#
# nagios.sh - the shipped Nagios command definition in a real Nagios 4.
#
# A private Nagios 4 (nagios4-core; foreground, every path in a temporary
# directory, interval_length=1, status.dat rewritten every second, update
# checks off) reads contrib/nagios/commands.cfg unchanged; $USER1$ is the
# build directory's plugins/. Service "haproxy" runs
#   check_haproxy_stat!MON_SOCK!--proxy=fe_main --proxy=app-main --warning=500 --critical=1000
# and "haproxy-tcp" runs check_haproxy_stat_tcp on the TCP stats socket.
#
#   1. all servers UP: both services OK (current_state 0) in status.dat,
#      perfdata with the expected metric names;
#   2. app-main/nginx1 taken down through the admin socket: "haproxy"
#      reaches WARNING (1, hard) in status.dat with the plugin's output;
#   3. the server comes back: OK again.
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/nagios.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init nagios4
e2e_haproxy

N=$HT_TMP/nagios4
mkdir -p "$N"/{etc,var/rw,var/spool/checkresults,var/tmp}
STATUS=$N/var/status.dat

{
	e2e_nagios_cfg "$N" "$STATUS" "$E2E_SRCDIR/contrib/nagios/commands.cfg" "$N/etc/objects.cfg"
	cat <<EOF
enable_environment_macros=0
check_external_commands=1
service_check_timeout=20
illegal_macro_output_chars=\`~\$&|'"<>
EOF
} >"$N/etc/nagios.cfg"
printf '$USER1$=%s\n' "$(dirname "$PLUGIN")" >"$N/etc/resource.cfg"
{
	e2e_nagios_objects
	cat <<EOF
define service {
    name                   e2e-fast
    register               0
    max_check_attempts     1
    check_interval         1
    retry_interval         1
    check_period           24x7
    contacts               e2e
    notification_interval  0
    notification_period    24x7
}
define service {
    use                    e2e-fast
    host_name              lb1
    service_description    haproxy
    check_command          check_haproxy_stat!$MON_SOCK!--proxy=fe_main --proxy=app-main --warning=500 --critical=1000
}
define service {
    use                    e2e-fast
    host_name              lb1
    service_description    haproxy-tcp
    check_command          check_haproxy_stat_tcp!$HX_STATS_PORT!--proxy=fe_main
}
EOF
} >"$N/etc/objects.cfg"

ht_case "config"
if "$E2E_nagios4" -v "$N/etc/nagios.cfg" >"$HT_TMP/verify.log" 2>&1; then
	ht_pass "$(_ht_name "nagios4 -v accepts the shipped commands.cfg")"
else
	ht_bail "nagios4 -v" "$(cat "$HT_TMP/verify.log")"
fi
# The shipped example service (contrib/nagios/services.cfg) is valid with
# the commands, given the usual generic-service template and a host lb1.
sed -e "s|^cfg_file=$N/etc/objects.cfg\$|cfg_file=$E2E_SRCDIR/contrib/nagios/services.cfg\\
cfg_file=$N/etc/examples-objects.cfg|" "$N/etc/nagios.cfg" >"$N/etc/examples.cfg"
{
	sed -n '1,/^define host {/p' "$N/etc/objects.cfg" | sed '$d'
	cat <<EOF
define host {
    host_name              lb1
    address                127.0.0.1
    max_check_attempts     1
    check_period           24x7
    contacts               e2e
    notification_interval  0
    notification_period    24x7
}
define service {
    name                   generic-service
    register               0
    max_check_attempts     3
    check_interval         5
    retry_interval         1
    check_period           24x7
    contacts               e2e
    notification_interval  0
    notification_period    24x7
}
EOF
} >"$N/etc/examples-objects.cfg"
if "$E2E_nagios4" -v "$N/etc/examples.cfg" >"$HT_TMP/verify-examples.log" 2>&1 &&
	grep -q 'Checked 1 services' "$HT_TMP/verify-examples.log"; then
	ht_pass "$(_ht_name "the example services.cfg is valid (1 service)")"
else
	ht_fail "$(_ht_name "the example services.cfg is valid (1 service)")" "$(cat "$HT_TMP/verify-examples.log" "$N/etc/examples.cfg")"
fi

ht_spawn nagios4 "$E2E_nagios4" "$N/etc/nagios.cfg"
NAGIOS_PID=$HT_LAST_PID

# svc FIELD NAME: FIELD of the servicestatus block of lb1/NAME in status.dat.
svc() {
	local field=$1 name=$2 line in=0 host="" desc="" val=""
	[[ -f $STATUS ]] || return 1
	while IFS= read -r line; do
		line=${line#"${line%%[![:space:]]*}"}
		case $line in
		'servicestatus {') in=1 host="" desc="" val="" ;;
		'}')
			if [[ $in == 1 && $host == lb1 && $desc == "$name" ]]; then
				printf '%s' "$val"
				return 0
			fi
			in=0
			;;
		host_name=*) host=${line#*=} ;;
		service_description=*) desc=${line#*=} ;;
		"$field"=*) val=${line#*=} ;;
		esac
	done <"$STATUS"
	return 1
}
# service_in NAME STATE: checked, hard STATE (0 OK, 1 WARNING, ...).
service_in() {
	E2E_WAIT_DETAIL="status.dat: $(svc plugin_output "$1") state $(svc current_state "$1") type $(svc state_type "$1")"
	[[ $(svc has_been_checked "$1") == 1 && $(svc current_state "$1") == "$2" && $(svc state_type "$1") == 1 ]]
}

ht_case "all up"
e2e_wait 20 "haproxy is OK in status.dat" service_in haproxy 0
e2e_wait 10 "haproxy-tcp is OK in status.dat" service_in haproxy-tcp 0
e2e_expect "plugin_output is the plugin's" "$(svc plugin_output haproxy)" '^HAPROXY OK - '
labels=$(e2e_perf_labels "$(svc performance_data haproxy)")
if [[ $labels == "$E2E_LABELS" ]]; then
	ht_pass "$(_ht_name "performance_data has the expected metrics")"
else
	ht_fail "$(_ht_name "performance_data has the expected metrics")" "got: $labels"
fi

ht_case "nginx1 down"
e2e_server_down app-main/nginx1
e2e_wait 10 "haproxy reaches WARNING (hard) in status.dat" service_in haproxy 1
e2e_expect "plugin_output names proxy/server and status" "$(svc plugin_output haproxy)" '^HAPROXY WARNING - app-main/nginx1 DOWN'
e2e_expect "long output lists it" "$(svc long_plugin_output haproxy)" '\[WARNING\] app-main/nginx1 DOWN'

ht_case "nginx1 back"
e2e_server_up app-main/nginx1
hx_wait_status app-main nginx1 UP
e2e_wait 10 "haproxy is OK again in status.dat" service_in haproxy 0
if service_in haproxy-tcp 0; then
	ht_pass "$(_ht_name "haproxy-tcp stayed OK")"
else
	ht_fail "$(_ht_name "haproxy-tcp stayed OK")" "$E2E_WAIT_DETAIL"
fi

ht_case "stop"
ht_kill_pid "$NAGIOS_PID"
ht_forget_pid "$NAGIOS_PID"
if pgrep -f -- "$N/etc/nagios.cfg" >/dev/null 2>&1; then
	ht_fail "$(_ht_name "no nagios4 process left")" "$(pgrep -af -- "$N/etc/nagios.cfg")"
else
	ht_pass "$(_ht_name "no nagios4 process left")"
fi
ht_note "nagios scenario: $(e2e_elapsed) s"
ht_finish
