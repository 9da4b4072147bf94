#!/bin/bash
#
# discover.sh - what --discover writes, read by a real Icinga 2 and Nagios 4.
#
# A HAProxy with a frontend, a backend with real servers, a backend "a.b"
# beside "aXb" and a stats listen "st:ats-1" (with 'stats auth'):
#
#   1. --discover=icinga2 through the unix socket: "icinga2 daemon -C"
#      with the shipped haproxy_stat.conf, a Host and the generated file
#      accepts it and instantiates one service per proxy; through the stats
#      page with the password from the environment, the password is not in
#      the file and the comment's advice (vars.haproxy_stat_password on the
#      host) makes the service work;
#   2. a private Icinga 2 runs them: "haproxy backend a.b", "haproxy listen
#      st:ats-1" and the page's "haproxy backend a.b" reach OK (hard), and
#      the output of a.b names a.b only (not aXb);
#   3. --discover=nagios through the TCP socket: "nagios4 -v" with the
#      shipped commands.cfg, a host, the template generic-service and the
#      generated file accepts it (one service per proxy); a private Nagios
#      runs them and "haproxy backend a.b" and "haproxy listen st:ats-1"
#      reach OK in status.dat.
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/discover.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init icinga2 nagios4 curl

ht_pick_port FE_PORT
ht_pick_port NGINX1_PORT
ht_pick_port LISTEN_PORT
ht_backend_start nginx1 "$NGINX1_PORT"
PASSWORD=e2e-Pw-$$-$RANDOM
hx_start <<EOF
frontend fe_main
    bind 127.0.0.1:$FE_PORT
    default_backend app-main

backend app-main
    server nginx1 127.0.0.1:$NGINX1_PORT check

backend a.b
    server nginx1 127.0.0.1:$NGINX1_PORT check

backend aXb
    server nginx1 127.0.0.1:$NGINX1_PORT check
    server gone 127.0.0.1:1 check

listen st:ats-1
    bind 127.0.0.1:$LISTEN_PORT
    stats enable
    stats uri /stats
    stats auth monitor:$PASSWORD
EOF
hx_wait_status a.b nginx1 UP || ht_bail "a.b/nginx1 not UP"
hx_wait_status aXb gone DOWN || ht_bail "aXb/gone not DOWN"
SERVICES=5

# ---------------------------------------------------------------------------
ht_case "icinga2 definitions"
B=$HT_TMP/icinga2
mkdir -p "$B"/{etc,data/certs,log,cache,spool,run}
ht_pick_port API_PORT
export ICINGA2_USER=root ICINGA2_GROUP=root
"$E2E_icinga2" pki new-cert --cn e2e --key "$B/data/certs/e2e.key" \
	--cert "$B/data/certs/e2e.crt" >"$HT_TMP/pki.log" 2>&1 ||
	ht_bail "icinga2 pki new-cert failed" "$(cat "$HT_TMP/pki.log")"
cp "$B/data/certs/e2e.crt" "$B/data/certs/ca.crt"

run_plugin -S "$HX_SOCK" --discover=icinga2 --discover-host lb1 -t 5
expect_exit 0
printf '%s\n' "$HT_OUT" >"$B/etc/discovered.conf"
CHECK_HAPROXY_STAT_PASSWORD=$PASSWORD run_plugin --url "http://127.0.0.1:$LISTEN_PORT/stats" \
	--username monitor --discover=icinga2 --discover-host lb2 --proxy 'a[.]b|st:.*'
expect_exit 0
expect_no_output_match "$PASSWORD" "the page's password is not written"
expect_output_match "set vars.haproxy_stat_password on the host" "a comment says where it goes"
printf '%s\n' "$HT_OUT" >"$B/etc/discovered-page.conf"

cat >"$B/etc/icinga2.conf" <<EOF
const PluginDir = "$(dirname "$PLUGIN")"
include <itl>
include <plugins>
include "$E2E_SRCDIR/contrib/icinga2/haproxy_stat.conf"
object IcingaApplication "app" { }
object CheckerComponent "checker" { }
object FileLogger "main-log" {
	severity = "information"
	path = LogDir + "/icinga2.log"
}
object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object ApiListener "api" {
	bind_host = "127.0.0.1"
	bind_port = $API_PORT
}
object ApiUser "e2e" {
	password = "e2e"
	permissions = [ "*" ]
}
object Host "lb1" {
	check_command = "dummy"
	address = "127.0.0.1"
}
object Host "lb2" {
	check_command = "dummy"
	address = "127.0.0.1"
	// what the generated comment asks for
	vars.haproxy_stat_password = "$PASSWORD"
}
include "discovered.conf"
include "discovered-page.conf"
EOF
ICINGA_ARGS=(-c "$B/etc/icinga2.conf" -DConfigDir="$B/etc" -DZonesDir="$B/etc/zones.d"
	-DDataDir="$B/data" -DLogDir="$B/log" -DCacheDir="$B/cache" -DSpoolDir="$B/spool"
	-DInitRunDir="$B/run" -DNodeName=e2e -DZoneName=e2e)
if "$E2E_icinga2" daemon -C "${ICINGA_ARGS[@]}" >"$HT_TMP/validate.log" 2>&1 &&
	grep -q "Instantiated $((SERVICES + 2)) Services\." "$HT_TMP/validate.log"; then
	ht_pass "$(_ht_name "icinga2 daemon -C accepts the generated files ($((SERVICES + 2)) services)")"
else
	ht_bail "icinga2 daemon -C of the generated files" "$(cat "$HT_TMP/validate.log" "$B/etc/discovered.conf" "$B/etc/discovered-page.conf")"
fi

ht_case "icinga2 runs them"
ht_spawn icinga2 "$E2E_icinga2" daemon "${ICINGA_ARGS[@]}"
ICINGA_PID=$HT_LAST_PID
E2E_API=https://127.0.0.1:$API_PORT/v1
e2e_wait 20 "REST API answers" e2e_api_up || ht_bail "icinga2 did not start" "$(tail -n 30 "$B/log/icinga2.log" 2>/dev/null)"
# discovered services check every 5 minutes: ask now
resched_in() {
	e2e_reschedule "service.name==\"${1#*!}\" && host.name==\"${1%%!*}\""
	e2e_service_in "${1// /%20}" "$2"
}
e2e_wait 15 "lb1 'haproxy backend a.b' is OK" resched_in 'lb1!haproxy backend a.b' 0
e2e_expect "its output is about a.b only (not aXb, whose server is DOWN)" \
	"$(e2e_output_of 'lb1!haproxy%20backend%20a.b')" '^HAPROXY OK - 1 backend, 1 server'
e2e_wait 10 "lb1 'haproxy listen st:ats-1' is OK" resched_in 'lb1!haproxy listen st:ats-1' 0
e2e_wait 10 "lb1 'haproxy backend aXb' is WARNING (its server gone is DOWN)" resched_in 'lb1!haproxy backend aXb' 1
e2e_wait 10 "lb2 'haproxy backend a.b' through the page, password from the host, is OK" \
	resched_in 'lb2!haproxy backend a.b' 0
ht_kill_pid "$ICINGA_PID"
ht_forget_pid "$ICINGA_PID"

# ---------------------------------------------------------------------------
ht_case "nagios definitions"
N=$HT_TMP/nagios4
mkdir -p "$N"/{etc,var/rw,var/spool/checkresults,var/tmp}
STATUS=$N/var/status.dat
run_plugin -H "127.0.0.1:$HX_STATS_PORT" --discover=nagios --discover-host lb1
expect_exit 0
printf '%s\n' "$HT_OUT" >"$N/etc/discovered.cfg"
{
	e2e_nagios_cfg "$N" "$STATUS" "$E2E_SRCDIR/contrib/nagios/commands.cfg" "$N/etc/objects.cfg" \
		"$N/etc/discovered.cfg"
	cat <<EOF
check_external_commands=0
service_check_timeout=20
EOF
} >"$N/etc/nagios.cfg"
printf '$USER1$=%s\n' "$(dirname "$PLUGIN")" >"$N/etc/resource.cfg"
{
	e2e_nagios_objects
	cat <<EOF
define service {
    name                   generic-service
    register               0
    max_check_attempts     1
    check_interval         1
    retry_interval         1
    check_period           24x7
    contacts               e2e
    notification_interval  0
    notification_period    24x7
}
EOF
} >"$N/etc/objects.cfg"
if "$E2E_nagios4" -v "$N/etc/nagios.cfg" >"$HT_TMP/verify.log" 2>&1 &&
	grep -q "Checked $SERVICES services" "$HT_TMP/verify.log"; then
	ht_pass "$(_ht_name "nagios4 -v accepts the generated file ($SERVICES services)")"
else
	ht_bail "nagios4 -v of the generated file" "$(cat "$HT_TMP/verify.log" "$N/etc/discovered.cfg")"
fi

ht_case "nagios runs them"
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
service_in() {
	E2E_WAIT_DETAIL="status.dat: $(svc plugin_output "$1") state $(svc current_state "$1") type $(svc state_type "$1")"
	[[ $(svc has_been_checked "$1") == 1 && $(svc current_state "$1") == "$2" && $(svc state_type "$1") == 1 ]]
}
e2e_wait 20 "'haproxy backend a.b' is OK in status.dat" service_in 'haproxy backend a.b' 0
e2e_expect "its output is about a.b only" "$(svc plugin_output 'haproxy backend a.b')" '^HAPROXY OK - 1 backend, 1 server'
e2e_wait 10 "'haproxy listen st:ats-1' is OK in status.dat" service_in 'haproxy listen st:ats-1' 0
e2e_wait 10 "'haproxy backend aXb' is WARNING in status.dat" service_in 'haproxy backend aXb' 1
ht_kill_pid "$NAGIOS_PID"
ht_forget_pid "$NAGIOS_PID"
ht_note "discover scenario: $(e2e_elapsed) s"
ht_finish
