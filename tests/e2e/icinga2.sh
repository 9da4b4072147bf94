#!/bin/bash
#
# icinga2.sh - from alert to inbox with a real Icinga 2, HAProxy and exim.
#
# "make install DESTDIR=..." of the build tree first; a private Icinga 2
# (foreground, all paths in a temporary directory, runs as root, REST API on
# a free loopback port) includes the installed haproxy_stat.conf and
# haproxy_stat-notifications.conf unchanged and runs the installed
# haproxy-stat-mail.sh where make install put it, with the mode make install
# gave it (the User's vars.haproxy_stat_mail_script names the DESTDIR copy).
# PluginDir is the installed plugin's directory. Checks every second.
#
#   1. all servers UP: service "haproxy" (--socket, two --proxy from an
#      array) and "haproxy-tcp" (only haproxy_stat_port: the host's address
#      through $check_address$, and the default --socket left out) are OK;
#      "haproxy-vv" (haproxy_stat_verbose = 2) shows the commands sent, and
#      "haproxy-nosocket" (haproxy_stat_socket = "") runs without --socket
#      (the plugin's own default socket, which does not exist here: UNKNOWN
#      naming it, not an empty --socket); the perfdata Icinga 2 stored
#      parses into the expected metric names;
#   2. app-main/nginx1 is taken down through the admin socket: "haproxy"
#      reaches WARNING (hard), and a PROBLEM mail reaches the mailbox of a
#      local user through sendmail; subject and body name host, service,
#      state, proxy, server, status and the session rates;
#   3. the server comes back: OK again and a RECOVERY mail arrives; no other
#      mail was sent (haproxy-tcp stayed OK).
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/icinga2.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init icinga2 curl sendmail
E2E_PAGE=1 e2e_haproxy

B=$HT_TMP/icinga2
mkdir -p "$B"/{etc/scripts,data/certs,log,cache,spool,run}
ht_pick_port API_PORT
API=https://127.0.0.1:$API_PORT/v1

# The mail recipient: a local user whose mbox exim writes.
ht_on_cleanup() { e2e_mail_cleanup; }
e2e_mail_user
MAIL_USER=$E2E_MAIL_USER
MAILBOX=$E2E_MAILBOX

e2e_icinga2_cert "$B/data" e2e

e2e_install
ht_case "installed"
mode=$(stat -c %A "$E2E_INST_MAIL")
e2e_expect "make install gives haproxy-stat-mail.sh mode rwxr-xr-x" "$mode" '^-rwxr-xr-x$'

cat >"$B/etc/icinga2.conf" <<EOF
const PluginDir = "$E2E_INST_PLUGINDIR"
include <itl>
include <plugins>
// the installed definitions, unchanged
include "$E2E_INST_CONTRIB/icinga2/haproxy_stat.conf"
include "$E2E_INST_CONTRIB/icinga2/haproxy_stat-notifications.conf"

$(e2e_icinga2_components)
$(e2e_icinga2_api "$API_PORT")

object User "e2e-admin" {
	email = "$MAIL_USER@localhost"
	// make install's copy (PREFIX/share/check-haproxy-stat/) under DESTDIR
	vars.haproxy_stat_mail_script = "$E2E_INST_MAIL"
}
object Host "lb1" {
	check_command = "dummy"
	address = "127.0.0.1"
	vars.haproxy_mail_users = [ "e2e-admin" ]
}
template Service "e2e-fast" {
	check_interval = 1s
	retry_interval = 1s
	max_check_attempts = 1
}
object Service "haproxy" {
	import "e2e-fast"
	host_name = "lb1"
	check_command = "haproxy_stat"
	vars.haproxy_stat_socket = "$MON_SOCK"
	vars.haproxy_stat_proxy = [ "fe_main", "app-main" ]
	vars.haproxy_stat_warning = 500
	vars.haproxy_stat_critical = 1000
	vars.haproxy_stat_timeout = "5:unknown"
}
object Service "haproxy-tcp" {
	import "e2e-fast"
	host_name = "lb1"
	check_command = "haproxy_stat"
	vars.haproxy_stat_port = $HX_STATS_PORT
	vars.haproxy_stat_proxy = "fe_main"
}
// the stats page, doc/remote.md: the password through env
// (on lb2: no mail)
object Service "haproxy-page" {
	import "e2e-fast"
	host_name = "lb2"
	check_command = "haproxy_stat"
	vars.haproxy_stat_url = "http://127.0.0.1:$PAGE_PORT/stats"
	vars.haproxy_stat_username = "monitor"
	vars.haproxy_stat_password = "$PAGE_PASSWORD"
	vars.haproxy_stat_proxy = [ "fe_main", "app-main" ]
}
// no mail for lb2: its services are about the command line built
object Host "lb2" {
	check_command = "dummy"
	address = "127.0.0.1"
}
object Service "haproxy-vv" {
	import "e2e-fast"
	host_name = "lb2"
	check_command = "haproxy_stat"
	vars.haproxy_stat_socket = "$MON_SOCK"
	vars.haproxy_stat_proxy = "app-main"
	vars.haproxy_stat_verbose = 2
}
object Service "haproxy-nosocket" {
	import "e2e-fast"
	host_name = "lb2"
	check_command = "haproxy_stat"
	vars.haproxy_stat_socket = ""
}
EOF

ICINGA_ARGS=(-c "$B/etc/icinga2.conf" -DConfigDir="$B/etc" -DZonesDir="$B/etc/zones.d"
	-DDataDir="$B/data" -DLogDir="$B/log" -DCacheDir="$B/cache" -DSpoolDir="$B/spool"
	-DInitRunDir="$B/run" -DNodeName=e2e -DZoneName=e2e)

ht_case "config"
if "$E2E_icinga2" daemon -C "${ICINGA_ARGS[@]}" >"$HT_TMP/validate.log" 2>&1; then
	ht_pass "$(_ht_name "icinga2 daemon -C accepts the shipped files")"
else
	ht_bail "icinga2 daemon -C" "$(cat "$HT_TMP/validate.log")"
fi

# The shipped examples (haproxy_stat-services.conf: apply Service per backend, the
# notification's users from the host) are valid together with the command.
mkdir -p "$B/examples-cache"
cat >"$B/etc/examples.conf" <<EOF
const PluginDir = "$(dirname "$PLUGIN")"
include <itl>
include <plugins>
include "$E2E_INST_CONTRIB/icinga2/haproxy_stat.conf"
include "$E2E_INST_CONTRIB/icinga2/haproxy_stat-notifications.conf"
include "$E2E_INST_CONTRIB/icinga2/haproxy_stat-services.conf"
object IcingaApplication "app" { }
EOF
if "$E2E_icinga2" daemon -C -c "$B/etc/examples.conf" -DConfigDir="$B/etc" -DDataDir="$B/data" \
	-DLogDir="$B/log" -DCacheDir="$B/examples-cache" -DSpoolDir="$B/spool" -DInitRunDir="$B/run" \
	>"$HT_TMP/validate-examples.log" 2>&1 &&
	grep -q "Instantiated 1 Service\." "$HT_TMP/validate-examples.log" &&
	grep -q "Instantiated 1 Notification\." "$HT_TMP/validate-examples.log"; then
	ht_pass "$(_ht_name "the example haproxy_stat-services.conf and -notifications.conf are valid (1 service and 1 notification applied)")"
else
	ht_fail "$(_ht_name "the example haproxy_stat-services.conf and -notifications.conf are valid (1 service and 1 notification applied)")" \
		"$(cat "$HT_TMP/validate-examples.log")"
fi

ht_spawn icinga2 "$E2E_icinga2" daemon "${ICINGA_ARGS[@]}"
ICINGA_PID=$HT_LAST_PID

E2E_API=$API
e2e_wait 20 "REST API answers" e2e_api_up || ht_bail "icinga2 did not start" "$(tail -n 30 "$B/log/icinga2.log" "$HT_TMP/icinga2.log" 2>/dev/null)"
api() { e2e_api "$@"; }
service_json() { e2e_service_json "lb1!$1"; }
service_in() { e2e_service_in "lb1!$1" "$2"; }
output_of() { e2e_output_of "lb1!$1"; }
# perfdata_of NAME: the stored performance data, one item per line.
perfdata_of() {
	local j list item
	j=$(service_json "$1")
	[[ $j =~ \"performance_data\":\[([^]]*)\] ]] || return 1
	list=${BASH_REMATCH[1]}
	IFS=',' read -r -a items <<<"$list"
	for item in "${items[@]}"; do
		item=${item#\"}
		printf '%s\n' "${item%\"}"
	done
}
reschedule() { e2e_reschedule 'host.name=="lb1"'; }

# ---------------------------------------------------------------------------
ht_case "all up"
e2e_wait 20 "haproxy is OK" service_in haproxy 0
e2e_wait 10 "haproxy-tcp (--hostname/--port, no --socket) is OK" service_in haproxy-tcp 0
e2e_wait 10 "haproxy-page (--url, password through env) is OK" e2e_service_in 'lb2!haproxy-page' 0
page_json=$(e2e_service_json 'lb2!haproxy-page')
e2e_expect "the page's check ran --url and --username" "$page_json" '"--url","http://127\.0\.0\.1:[0-9]+/stats".*"--username","monitor"'
if [[ $page_json != *"$PAGE_PASSWORD"* ]]; then
	ht_pass "$(_ht_name "the password is in neither the command line nor the output Icinga 2 keeps")"
else
	ht_fail "$(_ht_name "the password is in neither the command line nor the output Icinga 2 keeps")" "$page_json"
fi
page_status=$(e2e_output_of 'lb2!haproxy-page' | head -n 1)
socket_status=$(output_of haproxy | head -n 1)
if [[ -n $page_status && ${page_status%%|*} == "${socket_status%%|*}" ]]; then
	ht_pass "$(_ht_name "the page's status line is the socket's: ${page_status%%|*}")"
else
	ht_fail "$(_ht_name "the page's status line is the socket's")" "page:   $page_status
socket: $socket_status"
fi
e2e_expect "stored output is the plugin's" "$(output_of haproxy)" '^HAPROXY OK - '
e2e_wait 10 "haproxy-vv (haproxy_stat_verbose = 2) is OK" e2e_service_in 'lb2!haproxy-vv' 0
e2e_expect "haproxy_stat_verbose = 2 gives -vv: the commands sent are shown" \
	"$(e2e_output_of 'lb2!haproxy-vv')" $'\n(sent|read from)[^\n]*show stat'
e2e_wait 10 "haproxy-nosocket (haproxy_stat_socket = \"\") is UNKNOWN" e2e_service_in 'lb2!haproxy-nosocket' 3
e2e_expect "an empty haproxy_stat_socket leaves --socket out (the plugin's default is named, not \"\")" \
	"$(e2e_output_of 'lb2!haproxy-nosocket')" '/run/haproxy/admin\.sock'
labels=$(e2e_perf_labels "$(perfdata_of haproxy)")
if [[ $labels == "$E2E_LABELS" ]]; then
	ht_pass "$(_ht_name "stored perfdata parses into the expected metrics")"
else
	ht_fail "$(_ht_name "stored perfdata parses into the expected metrics")" \
		"expected:
$E2E_LABELS
got:
$labels
JSON: $(service_json haproxy)"
fi
bad=""
for item in $(perfdata_of haproxy); do
	[[ $item =~ ^[a-z]+:[A-Za-z0-9_.:-]+=[0-9.]+\;[^\;]*\;[^\;]*\;[0-9.]*(\;[0-9.]*)?$ ]] || bad+="$item "
done
if [[ -z $bad ]]; then
	ht_pass "$(_ht_name "every stored perfdata item has the guideline grammar")"
else
	ht_fail "$(_ht_name "every stored perfdata item has the guideline grammar")" "$bad"
fi
e2e_expect "be:app-main:rate carries the -w/-c ranges" "$(perfdata_of haproxy)" $'(^|\n)be:app-main:rate=[0-9.]+;500;1000;'

# ---------------------------------------------------------------------------
ht_case "nginx1 down"
ht_http_burst "$FE_PORT" 20
e2e_server_down app-main/nginx1
t_fault=$(date +%s%N)
reschedule
e2e_wait 10 "haproxy reaches WARNING (hard)" service_in haproxy 1
e2e_expect "output names proxy/server and status" "$(output_of haproxy)" '^HAPROXY WARNING - app-main/nginx1 DOWN'

mail_count() { e2e_mail_count; }
has_mails() { e2e_has_mails "$1"; }
mail() { e2e_mail "$1"; }

e2e_wait 10 "a PROBLEM mail is in the mailbox" has_mails 1
ms=$((($(date +%s%N) - t_fault) / 1000000))
ht_note "fault -> mail delivered: $ms ms"
m=$(mail 1)
e2e_expect "subject names type, service, host and state" "$m" $'(^|\n)Subject: \\[PROBLEM\\] haproxy on lb1 is WARNING\n'
e2e_expect "body names the host" "$m" $'\nHost: +lb1 \\(127\\.0\\.0\\.1\\)\n'
e2e_expect "body names the service" "$m" $'\nService: +haproxy\n'
e2e_expect "body names the state" "$m" $'\nState: +WARNING\n'
e2e_expect "body names proxy, server and status" "$m" $'\nHAPROXY WARNING - app-main/nginx1 DOWN'
e2e_expect "body has the long output line" "$m" $'\n\\[WARNING\\] app-main/nginx1 DOWN'
e2e_expect "body has the backend's session rate" "$m" $'\n  backend  app-main: [0-9.]+ sessions/s\n'
e2e_expect "body has the frontend's session rate" "$m" $'\n  frontend fe_main: [0-9.]+ sessions/s\n'
if [[ $m =~ backend\ \ app-main:\ ([0-9.]+)\ sessions/s ]]; then
	rate=${BASH_REMATCH[1]}
	e2e_expect "the mailed rate is the perfdata value ($rate/s)" "$m" "be:app-main:rate=$rate;"
fi

# ---------------------------------------------------------------------------
ht_case "nginx1 back"
e2e_server_up app-main/nginx1
hx_wait_status app-main nginx1 UP
reschedule
e2e_wait 10 "haproxy is OK again" service_in haproxy 0
e2e_wait 10 "a RECOVERY mail is in the mailbox" has_mails 2
m=$(mail 2)
e2e_expect "subject says RECOVERY and OK" "$m" $'(^|\n)Subject: \\[RECOVERY\\] haproxy on lb1 is OK\n'
e2e_expect "body has the OK status line" "$m" $'\nHAPROXY OK - '
e2e_expect "body has the backend's session rate" "$m" $'\n  backend  app-main: [0-9.]+ sessions/s\n'
if service_in haproxy-tcp 0; then
	ht_pass "$(_ht_name "haproxy-tcp stayed OK")"
else
	ht_fail "$(_ht_name "haproxy-tcp stayed OK")" "$E2E_WAIT_DETAIL"
fi
sleep 0.5
n=$(mail_count)
if [[ $n == 2 ]]; then
	ht_pass "$(_ht_name "exactly two mails were sent")"
else
	ht_fail "$(_ht_name "exactly two mails were sent (got $n)")" "$(cat "$MAILBOX")"
fi

# ---------------------------------------------------------------------------
ht_case "stop"
ht_kill_pid "$ICINGA_PID"
ht_forget_pid "$ICINGA_PID"
if pgrep -f -- "-DDataDir=$B/data" >/dev/null 2>&1; then
	ht_fail "$(_ht_name "no icinga2 process left")" "$(pgrep -af -- "-DDataDir=$B/data")"
else
	ht_pass "$(_ht_name "no icinga2 process left")"
fi
ht_note "icinga2 scenario: $(e2e_elapsed) s"
ht_finish
