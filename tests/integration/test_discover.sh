#!/bin/bash
#
# test_discover.sh - --discover=icinga2|nagios against a real HAProxy:
#
#    1. Icinga 2 through the unix socket: exactly one service per frontend,
#       backend and listen (names with '.', ':' and '-'; a frontend and a
#       backend sharing a name give one), in configuration order
#    2. each service's --proxy pattern, run as a check with its carried
#       socket, selects exactly its proxy ("app" not "app2", "a.b" not
#       "aXb")
#    3. Nagios through the TCP socket: the check_command arguments, run
#       through the shell the way Nagios runs them, select exactly their
#       proxy
#    4. --proxy and --exclude-proxy choose the proxies discovered
#    5. the stats page with a password from the environment or a file: the
#       password never appears, its path or a comment does
#    6. nodes: a mix of -S and -H for Nagios, refused for Icinga 2
#    7. errors: a missing socket, check options, a bad target: exit 3, one
#       line, no definitions
#    8. the default host: this machine's name; a relative path written
#       absolute
#    9. a master-worker HAProxy through its master CLI alone: its worker's
#       proxies, the master carried (and the CheckCommand's default socket
#       switched off), the pattern run as a check through the master
#   10. hostile peers on a real socket: a proxy name that would inject
#       configuration, an answer cut short, not a stats socket: exit 3, one
#       line, no definitions
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_discover.sh

# shellcheck source=lib.sh disable=SC2154
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT
ht_pick_port LISTEN_PORT
ht_pick_port SRV_PORT
ht_pick_port DUP_PORT
PASSWORD=s3cret-Pw-4711

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    default_backend app

backend app
    server s1 127.0.0.1:$SRV_PORT

backend app2
    server s1 127.0.0.1:$SRV_PORT

backend a.b
    server s1 127.0.0.1:$SRV_PORT

backend aXb
    server s1 127.0.0.1:$SRV_PORT

listen st:ats-1
    bind 127.0.0.1:$LISTEN_PORT
    stats enable
    stats uri /stats
    stats auth monitor:$PASSWORD

frontend dup
    bind 127.0.0.1:$DUP_PORT
    default_backend dup

backend dup
    server s1 127.0.0.1:$SRV_PORT
EOF

ALL="haproxy frontend fe_web
haproxy backend app
haproxy backend app2
haproxy backend a.b
haproxy backend aXb
haproxy listen st:ats-1
haproxy frontend+backend dup"

# expect_services TARGET LIST NAME: the service names of $HT_OUT, in order,
# are the lines of LIST.
expect_services() {
	local target=$1 want=$2 name=$3 got
	if [[ $target == icinga2 ]]; then
		got=$(sed -n 's/^object Service "\(.*\)" {$/\1/p' <<<"$HT_OUT")
	else
		got=$(sed -n 's/^    service_description     //p' <<<"$HT_OUT")
	fi
	if [[ $got == "$want" ]]; then
		ht_pass "$(_ht_name "$name")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "$name")" "want:
$want
got:
$got
$(_ht_details)"
	fi
}

# expect_selects PROXY ARGS...: the check run with ARGS plus --list lists
# objects of PROXY only (its FRONTEND and/or BACKEND rows at least).
expect_selects() {
	local want=$1 rows bad
	shift
	run_plugin "$@" --list
	rows=$(awk 'NR > 2 && /^[^[ ]/ && $0 !~ /^OBJECT / { print $1 }' <<<"$HT_OUT" | grep '/')
	bad=$(grep -v -F -x -e "$want/FRONTEND" -e "$want/BACKEND" -e "$want/s1" <<<"$rows")
	if [[ $HT_RC == 0 && -n $rows && -z $bad ]] && grep -q -F -x -e "$want/FRONTEND" -e "$want/BACKEND" <<<"$rows"; then
		ht_pass "$(_ht_name "--proxy of '$want' selects it alone")" "$(_ht_details)"
	else
		ht_fail "$(_ht_name "--proxy of '$want' selects it alone")" "rows: $rows
$(_ht_details)"
	fi
}

ht_case "1. icinga2, unix socket"
run_plugin -S "$HX_SOCK" --discover=icinga2 --discover-host lb1 -t 5:unknown
expect_exit 0
expect_stderr_empty
expect_services icinga2 "$ALL" "one service per frontend, backend and listen, in order"
expect_output_match '^	host_name = "lb1"$' "the host given"
expect_output_match "^	vars.haproxy_stat_socket = \"$(ht_re_escape "$HX_SOCK")\"$" "the socket carried"
expect_output_match '^	vars.haproxy_stat_timeout = "5:unknown"$' "-t carried"
expect_output_match '^	vars.haproxy_stat_proxy = "a\[\.\]b"$' "'.' written [.]"
ICINGA_OUT=$HT_OUT

ht_case "2. icinga2 patterns run as checks"
while IFS=$'\t' read -r svc pattern; do
	name=${svc##* }
	expect_selects "$name" -S "$HX_SOCK" --proxy="$pattern"
done < <(awk '/^object Service/ { sub(/^object Service "/, ""); sub(/" {$/, ""); s = $0 }
	/vars.haproxy_stat_proxy = / { p = $0; sub(/^.*= "/, "", p); sub(/"$/, "", p); print s "\t" p }' <<<"$ICINGA_OUT")

# a pattern that spells one name asks HAProxy for that proxy alone
run_plugin -S "$HX_SOCK" --proxy='a[.]b' -vv
expect_output_match 'show stat a\.b [0-9]+ -1' "'a[.]b' asks HAProxy for a.b by name"
expect_no_output_match 'show stat aXb' "not for aXb"

ht_case "3. nagios, TCP socket, through the shell"
run_plugin -H "127.0.0.1:$HX_STATS_PORT" --discover=nagios --discover-host lb1
expect_exit 0
expect_services nagios "$ALL" "one service per frontend, backend and listen, in order"
expect_output_match "^    check_command           check_haproxy_stat_options!--hostname='127.0.0.1:$HX_STATS_PORT' --proxy='a\[\.\]b'$" \
	"the TCP socket and the pattern, single-quoted"
NAGIOS_OUT=$HT_OUT
n=0
while IFS= read -r line; do
	svc=$(sed -n 's/^    service_description     //p' <<<"$line")
	if [[ -n $svc ]]; then
		name=${svc##* }
		continue
	fi
	args=${line#*check_haproxy_stat_options!}
	# Nagios takes "\!" for '!' in an argument, then runs the command line
	# with /bin/sh
	args=${args//\\!/!}
	# shellcheck disable=SC2086 # word splitting is the point: what sh does
	eval "set -- $args"
	expect_selects "$name" "$@"
	n=$((n + 1))
done < <(grep -e '^    service_description' -e '^    check_command' <<<"$NAGIOS_OUT")
if ((n == 7)); then ht_pass "7 check_command lines run"; else ht_fail "7 check_command lines run (got $n)"; fi

ht_case "4. selection"
run_plugin -S "$HX_SOCK" --discover=icinga2 --discover-host lb1 --exclude-proxy 'st:.*' --exclude-proxy dup
expect_exit 0
expect_services icinga2 "$(head -n 5 <<<"$ALL")" "--exclude-proxy leaves the listen and dup out"
run_plugin -S "$HX_SOCK" --discover=nagios --discover-host lb1 --proxy 'app.*'
expect_exit 0
expect_services nagios "haproxy backend app
haproxy backend app2" "--proxy chooses by whole name"
run_plugin -S "$HX_SOCK" --discover=nagios --discover-host lb1 --proxy nope
expect_unknown_error "--proxy 'nope' matched no proxy"
run_plugin -S "$HX_SOCK" --discover=nagios --discover-host lb1 --exclude-proxy '.*'
expect_unknown_error "no frontend or backend found"

ht_case "5. stats page, passwords"
URL=http://127.0.0.1:$LISTEN_PORT/stats
CHECK_HAPROXY_STAT_PASSWORD=$PASSWORD run_plugin --url "$URL" --username monitor --discover=icinga2 --discover-host lb1
expect_exit 0
expect_services icinga2 "$ALL" "the page lists the same services"
expect_no_output_match "$PASSWORD" "the password from the environment is not written"
expect_output_match "^// the password is not written here: set vars.haproxy_stat_password" "a comment says where to set it"
expect_output_match "^	vars.haproxy_stat_url = \"$(ht_re_escape "$URL")\"$" "the URL carried"
expect_output_match '^	vars.haproxy_stat_username = "monitor"$' "the user carried"
printf '%s\n' "$PASSWORD" >"$HT_TMP/pw"
chmod 600 "$HT_TMP/pw"
run_plugin --url "$URL" --username monitor --password-file "$HT_TMP/pw" --discover=nagios --discover-host lb1
expect_exit 0
expect_no_output_match "$PASSWORD" "the password from a file is not written"
expect_no_output_match "password is not written" "no comment: the file carries it"
expect_output_match "--password-file='$(ht_re_escape "$HT_TMP/pw")'" "the password file's path carried"
line=$(grep -m1 "check_haproxy_stat_options!.*--proxy='a\[.\]b'" <<<"$HT_OUT")
args=${line#*check_haproxy_stat_options!}
eval "set -- $args"
expect_selects a.b "$@"
run_plugin --url "$URL" --username monitor --password-file "$HT_TMP/pw" --discover=nagios --discover-host lb1 -v
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - --discover writes .*--verbose is for a check"

ht_case "6. nodes"
run_plugin -S "a=$HX_SOCK" -H "b=127.0.0.1:$HX_STATS_PORT" --discover=nagios --discover-host lb1
expect_exit 0
expect_services nagios "$ALL" "two nodes: each proxy once"
expect_output_match "!--socket='a=$(ht_re_escape "$HX_SOCK")' --hostname='b=127.0.0.1:$HX_STATS_PORT' --proxy='fe_web'$" \
	"both nodes carried, in order"
run_plugin -S "a=$HX_SOCK" -H "b=127.0.0.1:$HX_STATS_PORT" --discover=icinga2 --discover-host lb1
expect_unknown_error "takes nodes of one kind"
run_plugin -S "a=$HX_SOCK" -S "b=$HT_TMP/missing.sock" --discover=icinga2 --discover-host lb1
expect_unknown_error "node b: .*does not exist"

ht_case "7. errors"
run_plugin -S "$HT_TMP/missing.sock" --discover=icinga2
expect_unknown_error "does not exist"
run_plugin -S "$HX_SOCK" --discover=icinga2 -w 10
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - --discover writes .*--warning is for a check"
run_plugin -S "$HX_SOCK" --discover=icinga
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - --discover 'icinga': give icinga2 or nagios"
run_plugin -S "$HX_SOCK" --discover-host lb1
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - --discover-host goes with --discover"
run_plugin -S "$HX_SOCK" --discover=nagios --discover-host 'lb;1'
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - --discover-host 'lb;1' cannot be written into Nagios"
expect_single_line

ht_case "8. default host"
run_plugin -S "$HX_SOCK" --discover=icinga2
expect_exit 0
expect_output_match "^	host_name = \"$(ht_re_escape "$(hostname)")\"$" "the machine's host name"
pushd "$HT_TMP" >/dev/null || ht_bail "cd $HT_TMP"
run_plugin -S admin.sock --discover=icinga2 --discover-host lb1
popd >/dev/null || ht_bail "cd back"
expect_exit 0
expect_output_match "^	vars.haproxy_stat_socket = \"$(ht_re_escape "$HX_SOCK")\"$" "a relative socket path is written absolute"

ht_case "9. master CLI"
MASTER=$HT_TMP/master.sock
MW_ADMIN=$HT_TMP/mw-admin.sock
ht_pick_port MW_PORT
cat >"$HT_TMP/mw.cfg" <<EOF
global
    stats socket $MW_ADMIN mode 600 level user
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend mw.fe
    bind 127.0.0.1:$MW_PORT
    default_backend mw.be
backend mw.be
    server s1 127.0.0.1:$SRV_PORT
EOF
ht_spawn mw "$HAPROXY" -W -db -S "$MASTER" -f "$HT_TMP/mw.cfg"
for ((i = 0; i < 100; i++)); do
	# the master's socket may exist before the master accepts on it
	[[ -S $MASTER && -S $MW_ADMIN ]] && [[ $(ht_cli "show info" "$MW_ADMIN" 2>/dev/null) == *"Name: HAProxy"* ]] &&
		[[ $(ht_cli "show proc" "$MASTER" 2>/dev/null) == *master* ]] && break
	sleep 0.1
done
run_plugin --master-socket "$MASTER" --discover=icinga2 --discover-host lb1
expect_exit 0
expect_services icinga2 "haproxy frontend mw.fe
haproxy backend mw.be" "the worker's proxies, through the master"
expect_output_match '^	vars.haproxy_stat_socket = ""$' "the CheckCommand's default socket switched off"
expect_output_match "^	vars.haproxy_stat_master_socket = \"$(ht_re_escape "$MASTER")\"$" "the master carried"
expect_selects mw.be --master-socket "$MASTER" --proxy 'mw[.]be'

ht_case "10. hostile peers"
HDR='# pxname,svname,iid,sid,status,type,'
printf '%s\n%s\n%s\n\n' "$HDR" 'app,BACKEND,3,0,UP,1,' \
	'"x"" {
}
object Host ""evil"" {",BACKEND,4,0,UP,1,' >"$HT_TMP/hostile.csv"
ht_fake_socket hostile "read -r cmd; cat '$HT_TMP/hostile.csv'"
run_plugin -S "$HT_FAKE_SOCK" --discover=icinga2 --discover-host lb1
expect_unknown_error "proxy name 'x\" \{' is not one HAProxy accepts"
expect_no_output_match "^object" "no definition written"
printf '%s\n%s\n' "$HDR" 'app,BACKEND,3,0,UP,1,' >"$HT_TMP/cut.csv"
ht_fake_socket cut "read -r cmd; cat '$HT_TMP/cut.csv'"
run_plugin -S "$HT_FAKE_SOCK" --discover=nagios --discover-host lb1
expect_unknown_error "truncated"
ht_fake_socket unknown "read -r cmd; printf 'Unknown command.\\n\\n'"
run_plugin -S "$HT_FAKE_SOCK" --discover=nagios --discover-host lb1
expect_unknown_error "unexpected response .*'Unknown command.'"

ht_finish
