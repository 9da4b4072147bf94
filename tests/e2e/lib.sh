# shellcheck shell=bash
#
# lib.sh - shared setup of the end-to-end tests (make check-e2e).
#
# Sourced by tests/e2e/*.sh after nothing else; it sources
# tests/integration/lib.sh (processes in their own process groups, killed
# by pid; the temporary directory; "ok N - ..." lines; "N passed, N failed").
#
# These tests need root (they start Icinga 2, Nagios and nrpe with private
# configurations, create a mail user and let nrpe drop to user nagios) and
# the packages of "tools/install-deps --e2e". A missing tool is a failure,
# not a skip: check-e2e is only run where they were installed.
#
# Environment: PLUGIN (the built plugin), top_srcdir (source tree; default:
# two levels up), plus what integration/lib.sh reads (HAPROXY, KEEP_TMP...).

# shellcheck source=../integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

# shellcheck disable=SC2034 # read by integration/lib.sh and the tests
REQUIRE_HAPROXY=1
# shellcheck disable=SC2034
E2E_SRCDIR=$(cd "${top_srcdir:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
E2E_T0=$(date +%s%N)

# e2e_init PROG...: ht_init, root check, every PROG found (PATH, /usr/sbin,
# /usr/lib/nagios/plugins) and stored in E2E_<PROG with - as _>; HT_TMP is
# made traversable so that unprivileged daemons reach their files in it.
# shellcheck disable=SC2034 # E2E_WAIT_DETAIL is read by e2e_wait
E2E_WAIT_DETAIL=""
e2e_init() {
	local p var
	ht_init
	if [[ $(id -u) -ne 0 ]]; then
		ht_bail "must run as root (starts daemons as other users, creates a mail user)"
	fi
	for p in "$@"; do
		var=E2E_${p//-/_}
		printf -v "$var" '%s' ""
		ht_find_prog "$var" "$p" /usr/sbin /sbin /usr/lib/nagios/plugins ||
			ht_bail "$p is not installed: run tools/install-deps --e2e"
	done
	chmod 711 "$HT_TMP"
}

# e2e_elapsed: seconds since the script started, one decimal.
e2e_elapsed() {
	local ms=$((($(date +%s%N) - E2E_T0) / 1000000))
	printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# e2e_haproxy: the HAProxy under test. A frontend fe_main (port FE_PORT)
# in front of backend app-main with servers nginx1 and nginx2 (real
# listeners), the admin socket HX_SOCK (root only) and the socket the README
# recommends for monitoring, MON_SOCK:
#     stats socket MON_SOCK mode 660 level user group nagios
# With E2E_PAGE=1, also the stats page doc/stats-page.md shows, on
# http://127.0.0.1:PAGE_PORT/stats with "stats auth monitor:PAGE_PASSWORD"
# (a password made here).
e2e_haproxy() {
	local page=""
	ht_pick_port FE_PORT
	ht_pick_port NGINX1_PORT
	ht_pick_port NGINX2_PORT
	ht_backend_start nginx1 "$NGINX1_PORT"
	ht_backend_start nginx2 "$NGINX2_PORT"
	MON_SOCK=$HT_TMP/monitor.sock
	# shellcheck disable=SC2034 # read by hx_start
	HX_GLOBAL_EXTRA="    stats socket $MON_SOCK mode 660 level user group nagios"
	if [[ ${E2E_PAGE:-0} == 1 ]]; then
		ht_pick_port PAGE_PORT
		PAGE_PASSWORD=pw-$RANDOM$RANDOM$RANDOM
		page="
frontend stats
    bind 127.0.0.1:$PAGE_PORT
    stats enable
    stats uri /stats
    stats auth monitor:$PAGE_PASSWORD"
	fi
	hx_start <<EOF
frontend fe_main
    bind 127.0.0.1:$FE_PORT
    default_backend app-main
$page

backend app-main
    balance roundrobin
    server nginx1 127.0.0.1:$NGINX1_PORT check
    server nginx2 127.0.0.1:$NGINX2_PORT check
EOF
	hx_wait_status app-main nginx1 UP || ht_bail "nginx1 not UP"
	hx_wait_status app-main nginx2 UP || ht_bail "nginx2 not UP"
}

# e2e_server_down PROXY/SERVER: take a server down through the admin socket
# and hold it there: health checks off, health forced down ("DOWN").
e2e_server_down() {
	hx_admin "disable health $1" && hx_admin "set server $1 health down"
}

# e2e_server_up PROXY/SERVER: undo e2e_server_down.
e2e_server_up() {
	hx_admin "set server $1 health up" && hx_admin "enable health $1"
}

# e2e_wait TIMEOUT_S NAME CMD...: run CMD every 0.1 s until it succeeds or
# TIMEOUT_S pass; record NAME as passed (with the time it took) or failed.
# E2E_WAIT_DETAIL, when set by CMD, is shown on failure.
e2e_wait() {
	local limit_s=$1 name=$2 t0 ms
	shift 2
	E2E_WAIT_DETAIL=""
	t0=$(date +%s%N)
	# a wall-clock deadline: CMD itself may take a while (REST calls)
	while :; do
		if "$@"; then
			ms=$((($(date +%s%N) - t0) / 1000000))
			ht_pass "$(_ht_name "$name (${ms} ms)")"
			return 0
		fi
		(($(date +%s%N) - t0 < limit_s * 1000000000)) || break
		sleep 0.1
	done
	ht_fail "$(_ht_name "$name (not within $limit_s s)")" "$E2E_WAIT_DETAIL"
	return 1
}

# e2e_expect NAME TEXT ERE: record whether TEXT matches ERE (multi-line).
e2e_expect() {
	if [[ $2 =~ $3 ]]; then
		ht_pass "$(_ht_name "$1")"
	else
		ht_fail "$(_ht_name "$1")" "wanted /$3/ in:
$2"
	fi
}

# e2e_perf_labels PERFDATA...: print the label of every perfdata item (one
# per argument or blank-separated), quotes removed, one per line, sorted.
e2e_perf_labels() {
	local item label
	# shellcheck disable=SC2048 # word splitting is the point
	for item in $*; do
		label=${item%%=*}
		label=${label#\'}
		printf '%s\n' "${label%\'}"
	done | sort
}

# Expected perfdata labels for --proxy fe_main --proxy app-main.
# shellcheck disable=SC2034 # read by the tests
E2E_LABELS=$(printf '%s\n' be:app-main:rate be:app-main:scur be:app-main:up \
	fe:fe_main:rate fe:fe_main:scur | sort)

# e2e_install: "make install DESTDIR=$HT_TMP/inst" of the build tree, as a
# user's make install would place the files (configure's prefix), so that
# tests run the installed files as installed (modes included). Sets
# E2E_INST_PLUGIN (the plugin), E2E_INST_PLUGINDIR, E2E_INST_CONTRIB (the
# contrib directory under docdir) and E2E_INST_MAIL (haproxy-stat-mail.sh
# in pkgdatadir). Bails out when a file is missing.
e2e_install() {
	local d=$HT_TMP/inst builddir
	builddir=${E2E_BUILDDIR:-$(cd "$(dirname "$PLUGIN")/.." && pwd)}
	${MAKE:-make} -s -C "$builddir" install DESTDIR="$d" >"$HT_TMP/install.log" 2>&1 ||
		ht_bail "make install DESTDIR=$d failed" "$(tail -n 20 "$HT_TMP/install.log")"
	chmod -R go+rX "$d" # DESTDIR itself (mkdir'd by make) must be reachable by nagios
	E2E_INST_PLUGIN=$(find "$d" -type f -name check_haproxy_stat | head -n 1)
	E2E_INST_CONTRIB=$(find "$d" -type d -path '*/share/doc/check-haproxy-stat/contrib' | head -n 1)
	E2E_INST_MAIL=$(find "$d" -type f -path '*/share/check-haproxy-stat/haproxy-stat-mail.sh' | head -n 1)
	[[ -n $E2E_INST_PLUGIN && -n $E2E_INST_CONTRIB && -n $E2E_INST_MAIL ]] ||
		ht_bail "make install: plugin, share/doc/check-haproxy-stat/contrib or share/check-haproxy-stat/haproxy-stat-mail.sh missing" \
			"$(cd "$d" && find . | sort)"
	E2E_INST_PLUGINDIR=$(dirname "$E2E_INST_PLUGIN")
}

# e2e_icinga2_components: the objects of a private Icinga 2 that checks
# and notifies, logging to LogDir/icinga2.log (printed, for a heredoc).
e2e_icinga2_components() {
	cat <<'EOF'
object IcingaApplication "app" { }
object CheckerComponent "checker" { }
object NotificationComponent "notification" { }
object FileLogger "main-log" {
	severity = "information"
	path = LogDir + "/icinga2.log"
}
EOF
}

# e2e_icinga2_api PORT: a standalone instance's REST API on
# 127.0.0.1:PORT, user e2e with every permission: the tests read states
# and force checks through it (printed, for a heredoc).
e2e_icinga2_api() {
	cat <<EOF
object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object ApiListener "api" {
	bind_host = "127.0.0.1"
	bind_port = $1
}
object ApiUser "e2e" {
	password = "e2e"
	permissions = [ "*" ]
}
EOF
}

# e2e_icinga2_cert DATADIR CN: a certificate for the API of a standalone
# instance (its own CA) in DATADIR/certs; Icinga 2 runs as root here.
e2e_icinga2_cert() {
	export ICINGA2_USER=root ICINGA2_GROUP=root
	"$E2E_icinga2" pki new-cert --cn "$2" --key "$1/certs/$2.key" \
		--cert "$1/certs/$2.crt" >"$HT_TMP/pki.log" 2>&1 ||
		ht_bail "icinga2 pki new-cert failed" "$(cat "$HT_TMP/pki.log")"
	cp "$1/certs/$2.crt" "$1/certs/ca.crt"
}

# e2e_nagios_cfg DIR STATUS CFG...: the main configuration of a private
# Nagios 4 in DIR (its log, spool, lock and command pipe under DIR/var,
# status file STATUS, every interval one second, no notifications, run as
# root), reading the object files CFG... (printed; the caller adds what its
# test needs).
e2e_nagios_cfg() {
	local N=$1 STATUS=$2 f
	shift 2
	for f; do
		printf 'cfg_file=%s\n' "$f"
	done
	cat <<EOF
log_file=$N/var/nagios.log
resource_file=$N/etc/resource.cfg
object_cache_file=$N/var/objects.cache
precached_object_file=$N/var/objects.precache
status_file=$STATUS
state_retention_file=$N/var/retention.dat
retain_state_information=0
command_file=$N/var/rw/nagios.cmd
query_socket=$N/var/rw/nagios.qh
lock_file=$N/var/nagios.lock
temp_file=$N/var/nagios.tmp
temp_path=$N/var/tmp
check_result_path=$N/var/spool/checkresults
debug_file=$N/var/nagios.debug
nagios_user=root
nagios_group=root
check_for_updates=0
bare_update_check=0
use_syslog=0
log_rotation_method=n
interval_length=1
status_update_interval=1
check_result_reaper_frequency=1
max_service_check_spread=1
max_host_check_spread=1
enable_notifications=0
EOF
}

# e2e_nagios_objects: the objects every private Nagios of these tests has:
# the time period 24x7, a contact e2e that is never notified, and the host
# lb1 on 127.0.0.1 (printed).
e2e_nagios_objects() {
	cat <<'EOF'
define timeperiod {
    timeperiod_name  24x7
    alias            always
    sunday           00:00-24:00
    monday           00:00-24:00
    tuesday          00:00-24:00
    wednesday        00:00-24:00
    thursday         00:00-24:00
    friday           00:00-24:00
    saturday         00:00-24:00
}
define command {
    command_name  e2e-nothing
    command_line  /bin/true
}
define contact {
    contact_name                   e2e
    host_notifications_enabled     0
    service_notifications_enabled  0
    host_notification_period       24x7
    service_notification_period    24x7
    host_notification_options      n
    service_notification_options   n
    host_notification_commands     e2e-nothing
    service_notification_commands  e2e-nothing
}
define host {
    host_name              lb1
    address                127.0.0.1
    max_check_attempts     1
    check_period           24x7
    contacts               e2e
    notification_interval  0
    notification_period    24x7
}
EOF
}

# e2e_mail_user: a local user whose mbox exim writes (E2E_MAIL_USER,
# E2E_MAILBOX); removed again by e2e_mail_cleanup (call it from
# ht_on_cleanup).
e2e_mail_user() {
	E2E_MAIL_USER=hst-e2e-$$
	E2E_MAILBOX=/var/mail/$E2E_MAIL_USER
	useradd -M -d "$HT_TMP/home" -s /usr/sbin/nologin "$E2E_MAIL_USER" ||
		ht_bail "useradd $E2E_MAIL_USER failed"
	mkdir -m 700 "$HT_TMP/home"
	chown "$E2E_MAIL_USER:" "$HT_TMP/home"
	rm -f "$E2E_MAILBOX"
}
e2e_mail_cleanup() {
	[[ -n ${E2E_MAIL_USER:-} ]] || return 0
	userdel "$E2E_MAIL_USER" 2>/dev/null
	rm -f "$E2E_MAILBOX"
}

# e2e_mail_count: number of messages in E2E_MAILBOX.
e2e_mail_count() {
	local n=0 line
	[[ -f $E2E_MAILBOX ]] || { echo 0; return; }
	while IFS= read -r line; do
		[[ $line == 'From '* ]] && n=$((n + 1))
	done <"$E2E_MAILBOX"
	echo "$n"
}
# e2e_has_mails N: at least N messages (for e2e_wait).
e2e_has_mails() {
	E2E_WAIT_DETAIL="mailbox $E2E_MAILBOX: $(cat "$E2E_MAILBOX" 2>/dev/null || echo missing)
exim: $(tail -n 5 /var/log/exim4/mainlog 2>/dev/null)"
	[[ $(e2e_mail_count) -ge $1 ]]
}
# e2e_mail N: message N (1-based) of the mailbox, headers and body.
e2e_mail() {
	local n=0 line out=""
	while IFS= read -r line; do
		[[ $line == 'From '* ]] && n=$((n + 1)) && continue
		[[ $n == "$1" ]] && out+=$line$'\n'
	done <"$E2E_MAILBOX"
	printf '%s' "$out"
}

# Icinga 2 REST API helpers; E2E_API is https://127.0.0.1:PORT/v1, the
# API user e2e/e2e.
# e2e_api PATH [CURL ARGS...]: the answer on stdout.
e2e_api() {
	local path=$1
	shift
	"$CURL" -sk --max-time 5 -u e2e:e2e -H 'Accept: application/json' "$@" "$E2E_API/$path"
}
e2e_api_up() {
	[[ $(e2e_api status 2>/dev/null) == *'"results"'* ]]
}
# e2e_service_json HOST!SERVICE: state, state_type, last_check_result.
e2e_service_json() {
	e2e_api "objects/services/$1?attrs=state&attrs=state_type&attrs=last_check_result"
}
# e2e_service_in HOST!SERVICE STATE: checked and in hard STATE (0..3).
e2e_service_in() {
	local j
	j=$(e2e_service_json "$1")
	E2E_WAIT_DETAIL=$j
	[[ $j == *'"last_check_result":{'* && $j =~ \"state\":$2(\.0)?[,}] && $j =~ \"state_type\":1(\.0)?[,}] ]]
}
# e2e_output_of HOST!SERVICE: the stored plugin output (\n as newlines).
e2e_output_of() {
	local j o
	j=$(e2e_service_json "$1")
	[[ $j =~ \"output\":\"(([^\"\\]|\\.)*)\" ]] || return 1
	o=${BASH_REMATCH[1]}
	printf '%b' "${o//\\\//\/}"
}
# e2e_reschedule FILTER: force a check of the services FILTER selects.
e2e_reschedule() {
	local f=${1//\"/\\\"}
	e2e_api actions/reschedule-check -X POST \
		-d "{\"type\":\"Service\",\"filter\":\"$f\",\"force\":true}" >/dev/null
}
