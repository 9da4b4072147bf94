#!/bin/bash
#
# remote.sh - a remote HAProxy, the distributed ways doc/remote.md describes:
# an Icinga 2 master and an Icinga 2 agent (command_endpoint), and Icinga 2's
# ITL "nrpe" CheckCommand through nrpe to the plugin.
#
# "make install DESTDIR=..." first; every file used is the installed one,
# unchanged. Two private Icinga 2 instances on loopback (foreground, own
# --config/DataDir/LogDir/..., own API ports, run as root), certificates
# made with "icinga2 pki new-ca", "new-cert" and "sign-csr" (the CA in the
# master's DataDir/ca). zones.conf: zone "master", zone "agent" (parent
# master), global zone "global-templates"; the master's
# zones.d/global-templates/haproxy_stat.conf (the installed CheckCommand)
# reaches the agent by config sync (accept_config), as doc/remote.md says.
# The master's service "haproxy" has command_endpoint = "agent": the plugin
# runs on the agent (PluginDir: the installed plugin), the result goes to
# the master, which notifies with the installed
# haproxy_stat-notifications.conf and haproxy-stat-mail.sh through exim.
# Service "haproxy-nrpe" on the master uses the ITL's nrpe CheckCommand
# (check_nrpe from nagios-nrpe-plugin) against a private nrpe whose
# commands are the installed contrib/nrpe/check_haproxy_stat.cfg with the
# plugin and socket paths replaced.
#
#   1. both services OK; "haproxy" was executed on the agent (check_source
#      "agent"), "haproxy-nrpe" carries the plugin's output and perfdata;
#   2. app-main/nginx1 taken down: "haproxy" reaches a hard WARNING on the
#      master (max_check_attempts 2: soft first), a PROBLEM mail arrives;
#      "haproxy-nrpe" is WARNING naming app-main/nginx1 DOWN;
#   3. stop: no icinga2 or nrpe process left.
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/remote.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init icinga2 curl sendmail nrpe check_nrpe
id nagios >/dev/null 2>&1 || ht_bail "user nagios is missing (nagios-nrpe-server creates it)"
e2e_haproxy
e2e_install
ht_on_cleanup() { e2e_mail_cleanup; }
e2e_mail_user

M=$HT_TMP/master
A=$HT_TMP/agent
for d in "$M" "$A"; do
	mkdir -p "$d"/{etc,data/certs,log,cache,spool,run}
done
mkdir -p "$M/etc/zones.d/global-templates"
ht_pick_port M_PORT
ht_pick_port A_PORT
ht_pick_port NRPE_PORT

# ---------------------------------------------------------------------------
ht_case "pki"
export ICINGA2_USER=root ICINGA2_GROUP=root
t0=$(date +%s%N)
"$E2E_icinga2" pki new-ca -DDataDir="$M/data" >"$HT_TMP/pki-ca.log" 2>&1 ||
	ht_bail "icinga2 pki new-ca" "$(cat "$HT_TMP/pki-ca.log")"
# new-cert (an RSA 4096 key each) for both nodes at once
pids=()
for node in master agent; do
	[[ $node == master ]] && d=$M || d=$A
	"$E2E_icinga2" pki new-cert --cn "$node" --key "$d/data/certs/$node.key" \
		--csr "$HT_TMP/$node.csr" >"$HT_TMP/pki-$node.log" 2>&1 &
	pids+=($!)
done
wait "${pids[@]}"
for node in master agent; do
	[[ $node == master ]] && d=$M || d=$A
	"$E2E_icinga2" pki sign-csr -DDataDir="$M/data" --csr "$HT_TMP/$node.csr" \
		--cert "$d/data/certs/$node.crt" >>"$HT_TMP/pki-$node.log" 2>&1 ||
		ht_bail "icinga2 pki sign-csr for $node" "$(cat "$HT_TMP/pki-$node.log")"
	cp "$M/data/ca/ca.crt" "$d/data/certs/ca.crt"
done
ms=$((($(date +%s%N) - t0) / 1000000))
if openssl verify -CAfile "$M/data/ca/ca.crt" "$A/data/certs/agent.crt" "$M/data/certs/master.crt" >/dev/null 2>&1; then
	ht_pass "$(_ht_name "icinga2 pki: a CA, master and agent certificates signed by it ($ms ms)")"
else
	ht_bail "certificates do not verify against the CA"
fi

# ---------------------------------------------------------------------------
# zones.conf, the same on both nodes (doc/remote.md, "Icinga 2 agent")
ZONES=$HT_TMP/zones.conf
cat >"$ZONES" <<EOF
object Endpoint "master" {
	host = "127.0.0.1"
	port = $M_PORT
}
object Endpoint "agent" {
	host = "127.0.0.1"
	port = $A_PORT
}
object Zone "master" {
	endpoints = [ "master" ]
}
object Zone "agent" {
	endpoints = [ "agent" ]
	parent = "master"
}
object Zone "global-templates" {
	global = true
}
EOF

# doc/remote.md's step: the CheckCommand goes to the master's global zone
cp "$E2E_INST_CONTRIB/icinga2/haproxy_stat.conf" "$M/etc/zones.d/global-templates/"

cat >"$M/etc/icinga2.conf" <<EOF
// check_nrpe: Debian's nagios-nrpe-plugin, in /usr/lib/nagios/plugins
const PluginDir = "$(dirname "$E2E_check_nrpe")"
include <itl>
include <plugins>
include "$ZONES"
include "$E2E_INST_CONTRIB/icinga2/haproxy_stat-notifications.conf"

$(e2e_icinga2_components)
object ApiListener "api" {
	bind_host = "127.0.0.1"
	bind_port = $M_PORT
}
object ApiUser "e2e" {
	password = "e2e"
	permissions = [ "*" ]
}
object User "e2e-admin" {
	email = "$E2E_MAIL_USER@localhost"
	vars.haproxy_stat_mail_script = "$E2E_INST_MAIL"
}
EOF

# the host and its services belong to the master's zone (zones.d/master/):
# a service with command_endpoint needs a zone
mkdir -p "$M/etc/zones.d/master"
cat >"$M/etc/zones.d/master/lb-remote.conf" <<EOF
object Host "lb-remote" {
	check_command = "dummy"
	address = "127.0.0.1"
	vars.agent_endpoint = "agent"
	vars.haproxy_mail_users = [ "e2e-admin" ]
}
// as in doc/remote.md: the plugin runs on the host's own agent
apply Service "haproxy" {
	check_command = "haproxy_stat"
	command_endpoint = host.vars.agent_endpoint
	check_interval = 1s
	retry_interval = 1s
	max_check_attempts = 2
	vars.haproxy_stat_socket = "$MON_SOCK"
	vars.haproxy_stat_proxy = [ "fe_main", "app-main" ]
	// test only: checks start when the agent has the synced CheckCommand
	enable_active_checks = false
	assign where host.vars.agent_endpoint
}
object Service "haproxy-nrpe" {
	host_name = "lb-remote"
	check_command = "nrpe"
	check_interval = 1s
	retry_interval = 1s
	max_check_attempts = 1
	vars.nrpe_port = $NRPE_PORT
	vars.nrpe_command = "check_haproxy_stat"
}
EOF

cat >"$A/etc/icinga2.conf" <<EOF
const PluginDir = "$E2E_INST_PLUGINDIR"
include <itl>
include <plugins>
include "$ZONES"

object IcingaApplication "app" { }
object FileLogger "main-log" {
	severity = "information"
	path = LogDir + "/icinga2.log"
}
object ApiListener "api" {
	bind_host = "127.0.0.1"
	bind_port = $A_PORT
	accept_commands = true
	accept_config = true
}
// test only: the test asks whether the synced CheckCommand is loaded
object ApiUser "e2e" {
	password = "e2e"
	permissions = [ "objects/query/CheckCommand" ]
}
EOF

# icinga2_args DIR NODE: the private paths of one instance.
icinga2_args() {
	printf '%s\n' -c "$1/etc/icinga2.conf" -DConfigDir="$1/etc" -DZonesDir="$1/etc/zones.d" \
		-DDataDir="$1/data" -DLogDir="$1/log" -DCacheDir="$1/cache" -DSpoolDir="$1/spool" \
		-DInitRunDir="$1/run" -DNodeName="$2" -DZoneName="$2"
}
mapfile -t M_ARGS < <(icinga2_args "$M" master)
mapfile -t A_ARGS < <(icinga2_args "$A" agent)

# nrpe with the installed NRPE commands, paths replaced as in nrpe.sh
R=$HT_TMP/nrpe
mkdir -p "$R"
sed -e "s|/usr/lib/nagios/plugins|$E2E_INST_PLUGINDIR|g" \
	-e "s|/run/haproxy/monitor.sock|$MON_SOCK|g" \
	-e "s|/etc/nagios/check_haproxy_stat.ini|$E2E_INST_CONTRIB/nrpe/check_haproxy_stat.ini|g" \
	"$E2E_INST_CONTRIB/nrpe/check_haproxy_stat.cfg" >"$R/check_haproxy_stat.cfg"
cat >"$R/nrpe.cfg" <<EOF
log_file=$R/nrpe.log
pid_file=$R/nrpe.pid
server_address=127.0.0.1
server_port=$NRPE_PORT
nrpe_user=nagios
nrpe_group=nagios
allowed_hosts=127.0.0.1,::1
dont_blame_nrpe=0
command_timeout=20
disable_syslog=1
include=$R/check_haproxy_stat.cfg
EOF
chmod 755 "$R"
chmod 644 "$R"/*

ht_case "config"
for node in master agent; do
	[[ $node == master ]] && args=("${M_ARGS[@]}") || args=("${A_ARGS[@]}")
	if "$E2E_icinga2" daemon -C "${args[@]}" >"$HT_TMP/validate-$node.log" 2>&1; then
		ht_pass "$(_ht_name "icinga2 daemon -C: the $node's configuration is valid")"
	else
		ht_bail "icinga2 daemon -C ($node)" "$(cat "$HT_TMP/validate-$node.log")"
	fi
done

ht_spawn nrpe "$E2E_nrpe" -c "$R/nrpe.cfg" -f
NRPE_PID=$HT_LAST_PID
ht_spawn icinga2-agent "$E2E_icinga2" daemon "${A_ARGS[@]}"
AGENT_PID=$HT_LAST_PID
ht_spawn icinga2-master "$E2E_icinga2" daemon "${M_ARGS[@]}"
MASTER_PID=$HT_LAST_PID

E2E_API=https://127.0.0.1:$M_PORT/v1
e2e_wait 20 "the master's REST API answers" e2e_api_up ||
	ht_bail "icinga2 master did not start" "$(tail -n 30 "$M/log/icinga2.log" "$HT_TMP/icinga2-master.log" 2>/dev/null)"

# executed_on SERVICE ENDPOINT: the last result of SERVICE came from ENDPOINT.
executed_on() {
	local j
	j=$(e2e_service_json "lb-remote!$1")
	E2E_WAIT_DETAIL="$j
agent log: $(tail -n 15 "$A/log/icinga2.log" 2>/dev/null)"
	[[ $j == *"\"check_source\":\"$2\""* ]]
}
# synced: the agent received the global zone from the master.
synced() {
	E2E_WAIT_DETAIL=$(find "$A/data" -path '*global-templates*' 2>/dev/null)
	[[ -n $(find "$A/data/api/zones" -name haproxy_stat.conf 2>/dev/null) ]]
}

# ---------------------------------------------------------------------------
ht_case "all up"
e2e_wait 20 "the agent has haproxy_stat.conf from the master's global-templates zone" synced
# agent_knows: the agent (reloaded after the sync) has the CheckCommand
# (asked through the agent's own REST API).
agent_knows() {
	E2E_WAIT_DETAIL=$(tail -n 20 "$A/log/icinga2.log" 2>/dev/null)
	[[ $(E2E_API=https://127.0.0.1:$A_PORT/v1 e2e_api objects/checkcommands/haproxy_stat 2>/dev/null) == *'"name":"haproxy_stat"'* ]]
}
e2e_wait 20 "the agent reloaded with the synced CheckCommand" agent_knows
e2e_api objects/services/lb-remote!haproxy -X POST -d '{"attrs":{"enable_active_checks":true}}' >/dev/null
e2e_wait 30 "haproxy (command_endpoint agent) is OK on the master" e2e_service_in 'lb-remote!haproxy' 0
if executed_on haproxy agent; then
	ht_pass "$(_ht_name "haproxy was executed on the agent (check_source agent)")"
else
	ht_fail "$(_ht_name "haproxy was executed on the agent (check_source agent)")" "$E2E_WAIT_DETAIL"
fi
e2e_expect "the master stores the plugin's output" "$(e2e_output_of 'lb-remote!haproxy')" '^HAPROXY OK - '
e2e_wait 10 "haproxy-nrpe (ITL nrpe -> nrpe -> plugin) is OK" e2e_service_in 'lb-remote!haproxy-nrpe' 0
e2e_expect "haproxy-nrpe stores the plugin's output" "$(e2e_output_of 'lb-remote!haproxy-nrpe')" '^HAPROXY OK - '
j=$(e2e_service_json 'lb-remote!haproxy-nrpe')
e2e_expect "haproxy-nrpe stores the plugin's perfdata" "$j" '"be:app-main:rate=[0-9.]+;500;1000;'

# ---------------------------------------------------------------------------
ht_case "nginx1 down"
e2e_server_down app-main/nginx1
t_fault=$(date +%s%N)
e2e_reschedule 'host.name=="lb-remote"'
e2e_wait 15 "haproxy reaches a hard WARNING on the master" e2e_service_in 'lb-remote!haproxy' 1
e2e_expect "output names app-main/nginx1 DOWN" "$(e2e_output_of 'lb-remote!haproxy')" '^HAPROXY WARNING - app-main/nginx1 DOWN'
e2e_wait 10 "a PROBLEM mail is in the mailbox" e2e_has_mails 1
ht_note "fault on the agent -> mail from the master: $((($(date +%s%N) - t_fault) / 1000000)) ms"
m=$(e2e_mail 1)
e2e_expect "mail subject: [PROBLEM] haproxy on lb-remote is WARNING" "$m" $'(^|\n)Subject: \\[PROBLEM\\] haproxy on lb-remote is WARNING\n'
e2e_expect "mail body names app-main/nginx1 DOWN" "$m" $'\nHAPROXY WARNING - app-main/nginx1 DOWN'
e2e_wait 10 "haproxy-nrpe is WARNING" e2e_service_in 'lb-remote!haproxy-nrpe' 1
e2e_expect "haproxy-nrpe names app-main/nginx1 DOWN" "$(e2e_output_of 'lb-remote!haproxy-nrpe')" '^HAPROXY WARNING - app-main/nginx1 DOWN'

# ---------------------------------------------------------------------------
ht_case "stop"
for pid in "$MASTER_PID" "$AGENT_PID" "$NRPE_PID"; do
	ht_kill_pid "$pid"
	ht_forget_pid "$pid"
done
left=$(pgrep -af -- "-DDataDir=$HT_TMP/" ; pgrep -af -- "$R/nrpe.cfg")
if [[ -z $left ]]; then
	ht_pass "$(_ht_name "no icinga2 or nrpe process left")"
else
	ht_fail "$(_ht_name "no icinga2 or nrpe process left")" "$left"
fi
ht_note "remote scenario: $(e2e_elapsed) s"
ht_finish
