#!/bin/bash
#
# test_secrets.sh - no secret in any output, against a real HAProxy (its
# stats socket, and its stats page behind 'stats auth' whose password is
# the secret):
#
#    1. every option of the option table (lib/hs_options.c's long_options,
#       read from the source: a new option is covered without a word here)
#       misspelt and misused in an --extra-opts file that holds the secret,
#       and the misspellings of password= the issue names
#    2. every fault of the ini reader (enum hs_ini_fault of lib/hs_ini.h,
#       read from the source: a new fault without a case here fails)
#    3. a URL with user:secret@ in every case of its scheme, on the command
#       line, in an ini file and after a node name; an upper-case scheme
#       that works; a redirect whose Location holds credentials
#    4. --discover with the password in an ini file
#
# Every run is repeated plain, with -v, with -vv and with --discover=nagios,
# and its stdout and stderr must not hold the secret (see expect_no_secret).
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_secrets.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

SRC=${top_srcdir:-$(dirname "$0")/../..}
SECRET='S3cr3t-xyzzy' # the password of the stats page
VALUE='M1sus3d-plugh' # the value options are misused with
MODES=("" "-v" "-vv" "--discover=nagios")

ht_pick_port PORT_HTTP
ht_pick_port PORT_WEB
hx_start <<EOF
frontend stats
    bind 127.0.0.1:$PORT_HTTP
    stats enable
    stats uri /stats
    stats auth mon:$SECRET

frontend web
    bind 127.0.0.1:$PORT_WEB
    http-request redirect location http://mon:$SECRET@127.0.0.1/stats code 302 if { path_beg /lower }
    http-request redirect location HTTP://mon:$SECRET@127.0.0.1/stats code 302 if { path_beg /upper }
    http-request return status 404 content-type text/plain string "no"

backend app
    server a1 127.0.0.1:$PORT_WEB check
EOF
hx_wait_status app a1 UP
URL=http://127.0.0.1:$PORT_HTTP/stats

# expect_no_secret: neither stdout nor stderr of the last run holds the
# secret; nor, when it failed (exit 3), its status line the value VALUE
# an option was misused with (a value used as what it is, a proxy name
# or a socket path, may be named by findings, definitions and -vv's
# trace of the commands sent).
expect_no_secret() {
	local first
	first=$(_ht_first_line "$HT_OUT")
	if [[ $HT_OUT == *"$SECRET"* || $HT_ERR == *"$SECRET"* ]]; then
		ht_fail "$(_ht_name "the secret is not printed")" "$(_ht_details)"
	elif [[ $HT_RC == 3 && $first == *"$VALUE"* ]]; then
		ht_fail "$(_ht_name "the error does not quote the ini file's value")" "$(_ht_details)"
	else
		ht_pass "$(_ht_name "the secret is not printed")"
	fi
}

# run_modes ARGS...: runs the plugin with ARGS in every mode of MODES, each
# run checked by expect_no_secret; the exit codes are left in RCS.
run_modes() {
	local mode
	RCS=()
	for mode in "${MODES[@]}"; do
		run_plugin "$@" ${mode:+"$mode"}
		RCS+=("$HT_RC")
		expect_no_secret
	done
}

# expect_error ERE: the last run failed (exit 3) with a first line
# "HAPROXY UNKNOWN - ...ERE...", nothing on stderr.
expect_error() {
	expect_exit 3
	expect_first_line_match "^HAPROXY UNKNOWN - .*$1"
	expect_stderr_empty
}

# ini NAME LINE...: writes section [s] of the LINEs to $HT_TMP/NAME.ini,
# mode 600; its path in INI.
ini() {
	INI=$HT_TMP/$1.ini
	shift
	printf '[s]\n' >"$INI"
	printf '%s\n' "$@" >>"$INI"
	chmod 600 "$INI"
}

# ---------------------------------------------------------------------------
ht_case "1. the option table, misspelt and misused in an ini file"
mapfile -t OPTIONS < <(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", \(required\|no\)_argument, .*/\1 \2/p' \
	"$SRC/lib/hs_options.c")
if ((${#OPTIONS[@]} < 30)); then
	ht_bail "read ${#OPTIONS[@]} options from $SRC/lib/hs_options.c: its table changed shape"
fi
PAGE=("url=$URL" "username=mon" "password=$SECRET")
for entry in "${OPTIONS[@]}"; do
	name=${entry% *}
	upper=${name^}
	ht_case "1. $upper= (misspelt --$name)"
	ini misspelt "${PAGE[@]}" "$upper=$SECRET"
	run_modes --extra-opts="s@$INI"
	expect_error "--extra-opts $upper= in \[s\] of $INI, line 5: unknown option --$upper \(its value is not shown\)"
	ht_case "1. $name=VALUE, with a socket"
	ini misused "socket=$HX_SOCK" "$name=$VALUE"
	run_modes --extra-opts="s@$INI" -t 5
	ht_case "1. $name=VALUE, with the page"
	ini misused "${PAGE[@]}" "$name=$VALUE"
	run_modes --extra-opts="s@$INI" -t 5
done
for key in pasword Password passwd pass pw; do
	ht_case "1. $key= (the issue's misspellings of password=)"
	ini misspelt "url=$URL" "username=mon" "$key=$SECRET"
	run_modes --extra-opts="s@$INI"
	expect_error "--extra-opts $key= in \[s\] of $INI, line 4: unknown option --$key \(its value is not shown\)"
	run_modes --url "$URL" --username mon "--$key=$SECRET"
	expect_error "unknown option --$key \(its value is not shown\)"
done

# ---------------------------------------------------------------------------
# One function per fault of enum hs_ini_fault: sets ARGS (and may set the
# environment through ENV) so that the plugin hits it; PHRASE is part of
# the message.
fault_HS_INI_NO_FILE() {
	ARGS=(--extra-opts=s@)
	PHRASE="no file after '@'"
}
fault_HS_INI_OPEN() {
	ARGS=(--extra-opts="s@$HT_TMP/missing.ini")
	PHRASE="cannot open $HT_TMP/missing.ini"
}
fault_HS_INI_NO_SECTION() {
	ini fault "${PAGE[@]}"
	ARGS=(--extra-opts="other@$INI")
	PHRASE="has no section \[other\]"
}
fault_HS_INI_OUTSIDE() {
	printf 'password=%s\n[s]\n' "$SECRET" >"$HT_TMP/fault.ini"
	ARGS=(--extra-opts="s@$HT_TMP/fault.ini")
	PHRASE="line 1 of .* is an option before any \[section\]"
}
fault_HS_INI_SYNTAX() {
	ini fault "${PAGE[@]}" "$SECRET"
	ARGS=(--extra-opts="s@$INI")
	PHRASE="line 5 is not key=value"
}
fault_HS_INI_LONG() {
	ini fault "${PAGE[@]}" "proxy=$SECRET$(printf '%05000d' 0)"
	ARGS=(--extra-opts="s@$INI")
	PHRASE="line 5 of .* is longer than"
}
fault_HS_INI_BINARY() {
	ini fault "${PAGE[@]}"
	printf 'proxy=%s\0\n' "$SECRET" >>"$INI"
	ARGS=(--extra-opts="s@$INI")
	PHRASE="line 5 of .* holds a NUL byte"
}
fault_HS_INI_TOO_MANY() {
	local many
	mapfile -t many < <(printf 'v=\n%.0s' {1..300})
	ini fault "${PAGE[@]}" "${many[@]}"
	ARGS=(--extra-opts="s@$INI")
	PHRASE="more than [0-9]+ options"
}
fault_HS_INI_UNSAFE() {
	ini fault "${PAGE[@]}"
	chmod 644 "$INI"
	ARGS=(--extra-opts="s@$INI")
	PHRASE="--extra-opts file $INI \(it holds password=\) can be read or written by every user"
}
mapfile -t FAULTS < <(sed -n 's/^[[:space:]]*\(HS_INI_[A-Z_]*\),.*/\1/p' "$SRC/lib/hs_ini.h")
if ((${#FAULTS[@]} < 5)); then
	ht_bail "read ${#FAULTS[@]} faults from $SRC/lib/hs_ini.h: enum hs_ini_fault changed shape"
fi
for fault in "${FAULTS[@]}"; do
	ht_case "2. $fault"
	if ! declare -F "fault_$fault" >/dev/null; then
		ht_fail "$(_ht_name "a case makes it happen (fault_$fault in this script)")"
		continue
	fi
	"fault_$fault"
	run_modes "${ARGS[@]}"
	expect_error "$PHRASE"
done
if [[ $(id -u) == 0 ]]; then
	ht_case "2. HS_INI_UNSAFE: another user's file"
	ini fault "${PAGE[@]}"
	chown nobody "$INI"
	run_modes --extra-opts="s@$INI"
	expect_error "\(it holds password=\) belongs to another user"
else
	ht_note "2. another user's ini file: skipped (needs root to chown)"
fi

# ---------------------------------------------------------------------------
for scheme in http HTTP Http hTtP https HTTPS; do
	bad=$scheme://mon:$SECRET@127.0.0.1:$PORT_HTTP/stats
	ht_case "3. --url $scheme://mon:SECRET@..."
	run_modes --url "$bad"
	expect_error "--url must not hold credentials"
	run_modes --url "a_node_name_longer_than_any_node_name_may_be=$bad"
	expect_error "a node name"
	ht_case "3. url=$scheme://mon:SECRET@... in an ini file"
	ini url "url=$bad"
	run_modes --extra-opts="s@$INI"
	expect_error "--url must not hold credentials"
done
ht_case "3. an upper-case scheme, the password in an ini file"
ini page "url=HTTP://127.0.0.1:$PORT_HTTP/stats" username=mon "password=$SECRET"
run_modes --extra-opts="s@$INI" --proxy app
if [[ ${RCS[*]} == "0 0 0 0" ]]; then
	ht_pass "$(_ht_name "the page is read (exit codes ${RCS[*]})")"
else
	ht_fail "$(_ht_name "the page is read (exit codes ${RCS[*]})")" "$(_ht_details)"
fi
for path in lower upper; do
	ht_case "3. a redirect to a URL with credentials ($path case)"
	run_modes --url "http://127.0.0.1:$PORT_WEB/$path"
	expect_error "redirects \(HTTP 302\) to (http|HTTP)://\*\*\*@127.0.0.1/stats"
done

# ---------------------------------------------------------------------------
ht_case "4. --discover, the password in an ini file"
ini page "url=$URL" username=mon "password=$SECRET"
run_plugin --extra-opts="s@$INI" --discover=icinga2 --discover-host lb1
expect_exit 0
expect_no_secret
run_plugin --extra-opts="s@$INI" --discover=nagios --discover-host lb1
expect_exit 0
expect_no_secret

ht_finish
