#!/bin/bash
#
# test_http.sh - the stats page over HTTP and HTTPS (--url) against a real
# HAProxy, and saved page exports (--input):
#
#    1. HTTP with 'stats auth': verdict, long output and perfdata equal the
#       socket's for the same selection (every proxy, one by name: the
#       page's scope, -v)
#    2. the password from a file, the environment and an --extra-opts file;
#       --password on the command line is refused; a file others can read
#       is refused; -vv never prints the password
#    3. wrong or missing password (401), a URI with no page (404), an HTML
#       page, a text page that is not the stats CSV, a redirect, a port
#       with nothing listening, info. metrics (the page has no show info)
#    4. a fake server that sends less than its Content-Length, and one
#       whose chunked body never ends: UNKNOWN, truncated
#    5. HTTPS with a self-signed CA made here (openssl): --ca-file gives the
#       socket's answer, an unknown CA is refused, --insecure is explicit;
#       a client certificate where the page requires one. Skipped, with the
#       reason, on a HAProxy built without OpenSSL (2.2.9, 3.0.11 of
#       haproxy-build/).
#    6. the page's export saved to a file (curl -o) is judged by --input
#       like the socket's answer; the file cut in the middle of a row is
#       UNKNOWN
#    7. fetch_time: thresholds and perfdata
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_http.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

PASSWORD='s3cret-Pa55'
ht_pick_port PORT_HTTP
ht_pick_port PORT_WEB
ht_pick_port PORT_DEFAULT
ht_pick_port PORT_UP
ht_backend_start up "$PORT_UP"
ht_pick_port PORT_DOWN # nothing listens there: app/a1 goes DOWN

# HTTPS only where this HAProxy has OpenSSL (haproxy -vv says so).
HTTPS=0
HTTPS_WHY="$HAPROXY ($HX_VERSION) is built without OpenSSL (haproxy -vv)"
if "$HAPROXY" -vv 2>/dev/null | grep -q 'Built with OpenSSL'; then
	if command -v openssl >/dev/null 2>&1; then
		HTTPS=1
	else
		HTTPS_WHY="openssl (the command) is missing"
	fi
fi
TLS_BINDS=""
TLS_MTLS=""
if [[ $HTTPS == 1 ]]; then
	T=$HT_TMP/tls
	mkdir -p "$T"
	# a CA, a server certificate for 127.0.0.1 signed by it, a client
	# certificate signed by it, and a second CA that signed nothing here
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=hs test CA" \
		-keyout "$T/ca.key" -out "$T/ca.pem" 2>"$T/openssl.log"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=hs other CA" \
		-keyout "$T/other.key" -out "$T/other.pem" 2>>"$T/openssl.log"
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$T/srv.key" -out "$T/srv.csr" 2>>"$T/openssl.log"
	printf 'subjectAltName=IP:127.0.0.1\n' >"$T/san.ext"
	openssl x509 -req -in "$T/srv.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
		-CAcreateserial -days 2 -extfile "$T/san.ext" -out "$T/srv.crt" 2>>"$T/openssl.log"
	cat "$T/srv.crt" "$T/srv.key" >"$T/srv.pem"
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=monitor" \
		-keyout "$T/client.key" -out "$T/client.csr" 2>>"$T/openssl.log"
	openssl x509 -req -in "$T/client.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
		-CAcreateserial -days 2 -out "$T/client.crt" 2>>"$T/openssl.log"
	if [[ ! -s $T/srv.pem || ! -s $T/client.crt ]]; then
		ht_bail "setup: openssl could not make the certificates" "$(cat "$T/openssl.log")"
	fi
	ht_pick_port PORT_HTTPS
	ht_pick_port PORT_MTLS
	TLS_BINDS="    bind 127.0.0.1:$PORT_HTTPS ssl crt $T/srv.pem"
	TLS_MTLS="frontend stats_mtls
    bind 127.0.0.1:$PORT_MTLS ssl crt $T/srv.pem ca-file $T/ca.pem verify required
    stats enable
    stats uri /stats
    stats auth mon:$PASSWORD"
fi

hx_start <<EOF
frontend stats
    bind 127.0.0.1:$PORT_HTTP
$TLS_BINDS
    stats enable
    stats uri /stats
    stats auth mon:$PASSWORD

$TLS_MTLS

frontend stats_default
    bind 127.0.0.1:$PORT_DEFAULT
    stats enable

frontend web
    bind 127.0.0.1:$PORT_WEB
    http-request return status 404 content-type text/plain string "no" if { path_beg /missing }
    http-request return status 200 content-type text/plain string "hello" if { path_beg /plain }
    http-request redirect location https://127.0.0.1/stats code 302 if { path_beg /moved }
    http-request return status 200 content-type text/html string "<html><body>hello</body></html>"

backend app
    server a1 127.0.0.1:$PORT_DOWN check downinter 30s
    server a2 127.0.0.1:$PORT_UP check

backend app_other
    server b1 127.0.0.1:$PORT_UP check
EOF
hx_wait_status app a1 DOWN
hx_wait_status app a2 UP
hx_wait_status app_other b1 UP

URL=http://127.0.0.1:$PORT_HTTP/stats
PWFILE=$HT_TMP/password
printf '%s\n' "$PASSWORD" >"$PWFILE"
chmod 600 "$PWFILE"
export -n CHECK_HAPROXY_STAT_PASSWORD
unset CHECK_HAPROXY_STAT_PASSWORD

# The stats frontends differ between the page and the socket (their own
# sessions), web's rate with the error cases that use it: left out where
# outputs are compared.
EXCL=(--exclude-proxy 'stats.*' --exclude-proxy web)

# same_as_socket ARGS...: the last output equals the socket's for ARGS.
same_as_socket() {
	local page=$HT_OUT page_rc=$HT_RC
	run_plugin -S "$HX_SOCK" "${EXCL[@]}" "$@"
	if [[ $HT_OUT == "$page" && $HT_RC == "$page_rc" ]]; then
		ht_pass "$(_ht_name "verdict, output and perfdata equal the socket's")"
	else
		ht_fail "$(_ht_name "verdict, output and perfdata equal the socket's")" "page (exit $page_rc):
$page
socket (exit $HT_RC):
$HT_OUT"
	fi
}

# expect_no_password: the password is nowhere in the output.
expect_no_password() {
	if [[ $HT_OUT == *"$PASSWORD"* || $HT_ERR == *"$PASSWORD"* ]]; then
		ht_fail "$(_ht_name "the password is not printed")" "$(_ht_details)"
	else
		ht_pass "$(_ht_name "the password is not printed")"
	fi
}

# ---------------------------------------------------------------------------
ht_case "HTTP, stats auth, password file"
run_plugin --url "$URL" --username mon --password-file "$PWFILE" "${EXCL[@]}"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/a1 DOWN'
expect_output_match 'be:app:up=1;;;0;2' "perfdata of the page"
same_as_socket

ht_case "HTTP, one proxy by name (the page's scope)"
run_plugin --url "$URL" --username mon --password-file "$PWFILE" --proxy app -vvv
expect_output_match "^fetched $URL;csv;norefresh;scope=app\$" "-vvv shows the page's scope"
expect_no_output_match 'app_other' "rows of app_other (also in the scope) are left out"
expect_no_password # -vvv does not print it either
run_plugin --url "$URL" --username mon --password-file "$PWFILE" --proxy app
same_as_socket --proxy app

ht_case "HTTP, -v and a threshold"
run_plugin --url "$URL" --username mon --password-file "$PWFILE" "${EXCL[@]}" \
	-v -c backend.act=2:
expect_exit 2
same_as_socket -v -c backend.act=2:

ht_case "HAProxy's default stats uri /haproxy?stats, no stats auth"
run_plugin --url "http://127.0.0.1:$PORT_DEFAULT/haproxy?stats" "${EXCL[@]}"
expect_exit 1
same_as_socket

ht_case "password from the environment"
CHECK_HAPROXY_STAT_PASSWORD=$PASSWORD run_plugin --url "$URL" --username mon \
	"${EXCL[@]}"
expect_exit 1
same_as_socket

ht_case "password from an --extra-opts file"
INI=$HT_TMP/plugin.ini
cat >"$INI" <<EOF
[page]
url=$URL
username=mon
password=$PASSWORD
EOF
chmod 600 "$INI"
run_plugin --extra-opts="page@$INI" "${EXCL[@]}"
expect_exit 1
expect_no_password
same_as_socket

ht_case "--password on the command line is refused"
run_plugin --url "$URL" --username mon --password "$PASSWORD"
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - --password on the command line is visible to every user.*--password-file.*CHECK_HAPROXY_STAT_PASSWORD.*--extra-opts'
expect_no_password
run_plugin --url "$URL" --username mon "--password=$PASSWORD"
expect_exit 3 "--password=VALUE too"

ht_case "a password file others can read is refused"
chmod 644 "$PWFILE"
run_plugin --url "$URL" --username mon --password-file "$PWFILE"
expect_unknown_error "can be read or written by every user"
expect_no_password
chmod 600 "$PWFILE"

# ---------------------------------------------------------------------------
ht_case "wrong password"
BADPW=$HT_TMP/bad-password
printf 'wrong\n' >"$BADPW"
chmod 600 "$BADPW"
run_plugin --url "$URL" --username mon --password-file "$BADPW"
expect_unknown_error "refused the credentials \(HTTP 401\): check --username and the password"

ht_case "no credentials for a page with stats auth"
run_plugin --url "$URL"
expect_unknown_error "HTTP 401.*give --username and a password"

ht_case "a URI with no page"
run_plugin --url "http://127.0.0.1:$PORT_WEB/missing"
expect_unknown_error "no page at http://127.0.0.1:$PORT_WEB/missing \(HTTP 404\)"

ht_case "an HTML page"
run_plugin --url "http://127.0.0.1:$PORT_WEB/"
expect_unknown_error "answered an HTML page, not the stats CSV"

ht_case "a text page that is not the stats CSV"
run_plugin --url "http://127.0.0.1:$PORT_WEB/plain"
expect_unknown_error "unexpected response from .*'hello' \(expected the stats CSV"

ht_case "a redirect is not followed"
run_plugin --url "http://127.0.0.1:$PORT_WEB/moved"
expect_unknown_error "redirects \(HTTP 302\) to https://127.0.0.1/stats"

# libcurl is loaded when --url needs it (linking it cost every check about
# 14 ms of start-up): without it, --url is UNKNOWN saying what to install,
# and a socket check does not notice. The library is hidden in a private
# mount namespace (needs root, as CI runs).
ht_case "libcurl missing"
# every flavour the plugin would load (libcurl4, libcurl3-gnutls)
CURL_SOS=$(ldconfig -p 2>/dev/null |
	awk '$1 == "libcurl.so.4" || $1 == "libcurl-gnutls.so.4" {print $NF}' |
	xargs -r readlink -f | sort -u | tr '\n' ' ')
if [[ $EUID == 0 && -n $CURL_SOS ]] && unshare -m --propagation private true 2>/dev/null; then
	: >"$HT_TMP/empty.so"
	hide_curl() {
		_ht_wrapper_words
		# shellcheck disable=SC2016 # expanded by that sh
		_ht_exec /dev/null unshare -m --propagation private \
			sh -c 'for so in $0; do mount --bind "$1" "$so" || exit 99; done; shift; exec "$@"' \
			"$CURL_SOS" "$HT_TMP/empty.so" "${HT_WRAP[@]}" "$PLUGIN" "$@"
	}
	hide_curl --url "$URL" --username mon --password-file "$PWFILE"
	expect_exit 3
	expect_first_line_match '^HAPROXY UNKNOWN - --url needs libcurl, which cannot be loaded \(.*\): install it \(Debian: apt-get install libcurl4\)$'
	hide_curl -S "$HX_SOCK" "${EXCL[@]}"
	expect_exit 1 'a socket check does not need libcurl'
	expect_first_line_match '^HAPROXY WARNING - app/a1 DOWN'
elif [[ ${REQUIRE_HAPROXY:-0} == 1 ]]; then
	ht_fail "$HT_CASE: needs root and unshare(1) to hide libcurl"
else
	ht_note "$HT_CASE: not run (needs root and unshare(1) to hide libcurl)"
fi

ht_case "nothing listening: haproxy.refused"
run_plugin --url "http://127.0.0.1:$PORT_DOWN/stats"
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - cannot connect to'

# libcurl honours http_proxy and no_proxy (as check_curl does): a failure
# through a proxy names the variable, never its value (credentials)
ht_case "a proxy from the environment that does not answer"
http_proxy="http://proxyuser:proxysecret@127.0.0.1:$PORT_DOWN" \
	run_plugin --url "$URL" --username mon --password-file "$PWFILE"
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - cannot connect to .*\(through the proxy of the environment variable http_proxy: no_proxy=HOST fetches HOST directly\)'
expect_no_output_match 'proxysecret|proxyuser' "the proxy's credentials are not shown"
ht_case "the same proxy, the page's host in no_proxy"
http_proxy="http://127.0.0.1:$PORT_DOWN" no_proxy=127.0.0.1 \
	run_plugin --url "$URL" --username mon --password-file "$PWFILE" "${EXCL[@]}"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/a1 DOWN'

ht_case "the page as one node of several: a socket node and two page nodes, one not listening"
run_plugin -S "sock=$HX_SOCK" --url "page=$URL" --url "gone=http://127.0.0.1:$PORT_DOWN/stats" \
	--username mon --password-file "$PWFILE" "${EXCL[@]}"
expect_exit 2
expect_output_match '^\[CRITICAL\] node gone unreachable: cannot connect to' "the page node that does not listen is a finding"
expect_output_match '^\[WARNING\] sock: app/a1 DOWN' "the socket node's finding is named"
expect_output_match '^\[WARNING\] page: app/a1 DOWN' "the page node's finding is named"
expect_output_match 'page:be:app:up=1;;;0;2' "the page node's perfdata has its own label"
expect_output_match 'cluster:nodes_up=2;;;0;3' "two of three nodes answered"
expect_no_password

ht_case "info. metrics need the socket"
run_plugin --url "$URL" --username mon --password-file "$PWFILE" -w info.conn_pct=80
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - info. metrics need the stats socket'

# ---------------------------------------------------------------------------
# Fake servers cut the page short: a real listener (socat) that reads the
# request and answers with a body from the real page.
BODY=$HT_TMP/page-body.csv
"$CURL" -s -u "mon:$PASSWORD" -o "$BODY" "$URL;csv;norefresh"
BODY_LEN=$(wc -c <"$BODY")
ht_pick_port PORT_SHORT
ht_fake_tcp short "$PORT_SHORT" "while read -r line; do [ \${#line} -le 1 ] && break; done
printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n' $((BODY_LEN + 400))
cat '$BODY'"
ht_case "a body shorter than its Content-Length"
run_plugin --url "http://127.0.0.1:$PORT_SHORT/stats"
expect_unknown_error "truncated: the connection ended after $BODY_LEN bytes"

ht_pick_port PORT_CHUNK
ht_fake_tcp chunk "$PORT_CHUNK" "while read -r line; do [ \${#line} -le 1 ] && break; done
printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nTransfer-Encoding: chunked\\r\\nConnection: close\\r\\n\\r\\n%x\\r\\n' $BODY_LEN
cat '$BODY'
printf '\\r\\n'"
ht_case "a chunked body without its last chunk"
run_plugin --url "http://127.0.0.1:$PORT_CHUNK/stats"
expect_unknown_error "truncated"

ht_pick_port PORT_HUGE
ht_fake_tcp huge "$PORT_HUGE" "while read -r line; do [ \${#line} -le 1 ] && break; done
printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 300000000\\r\\nConnection: close\\r\\n\\r\\n'
cat '$BODY'"
ht_case "a body announced larger than the bound (256 MiB)"
run_plugin --url "http://127.0.0.1:$PORT_HUGE/stats"
expect_unknown_error "is too large"

ht_pick_port PORT_FULL
ht_fake_tcp full "$PORT_FULL" "while read -r line; do [ \${#line} -le 1 ] && break; done
printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n' $BODY_LEN
cat '$BODY'"
ht_case "the same body with its exact Content-Length (control)"
run_plugin --url "http://127.0.0.1:$PORT_FULL/stats" "${EXCL[@]}"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - app/a1 DOWN'

# ---------------------------------------------------------------------------
ht_case "a saved page export through --input"
run_plugin --input "$BODY" "${EXCL[@]}"
same_as_socket
run_plugin_stdin "$BODY" --input - "${EXCL[@]}"
same_as_socket

ht_case "a saved page export cut in the middle of a row"
head -c $((BODY_LEN - 30)) "$BODY" >"$HT_TMP/page-cut.csv"
run_plugin --input "$HT_TMP/page-cut.csv"
expect_unknown_error "truncated"

# ---------------------------------------------------------------------------
ht_case "fetch_time: perfdata and a threshold"
run_plugin --url "$URL" --username mon --password-file "$PWFILE" "${EXCL[@]}" \
	-w fetch_time=5 --perfdata summary
expect_exit 1
expect_output_match 'fetch_time=[0-9.]+s;5;;0' "fetch_time perfdata with its range"
run_plugin --url "$URL" --username mon --password-file "$PWFILE" "${EXCL[@]}" \
	-c fetch_time=0:0
expect_exit 2
expect_output_match 'fetch_time' "fetch_time over its critical range"
run_plugin -S "$HX_SOCK" -w fetch_time=5 --perfdata summary
expect_output_match 'fetch_time=[0-9.]+s;5;;0' "fetch_time from the socket too"

# ---------------------------------------------------------------------------
if [[ $HTTPS == 0 ]]; then
	ht_note "SKIP: HTTPS cases: $HTTPS_WHY"
	ht_finish
fi
TURL=https://127.0.0.1:$PORT_HTTPS/stats
# -t 20: TLS under valgrind on a loaded host has taken more than 10 s

ht_case "HTTPS, --ca-file"
run_plugin -t 20 --url "$TURL" --username mon --password-file "$PWFILE" --ca-file "$T/ca.pem" \
	"${EXCL[@]}"
expect_exit 1
same_as_socket

ht_case "HTTPS, a CA that did not sign the certificate"
run_plugin -t 20 --url "$TURL" --username mon --password-file "$PWFILE" --ca-file "$T/other.pem"
expect_unknown_error "TLS certificate of $TURL is not trusted.*--ca-file.*--insecure"

ht_case "HTTPS, a host name the certificate does not hold"
run_plugin -t 20 --url "https://localhost:$PORT_HTTPS/stats" --username mon --password-file "$PWFILE" \
	--ca-file "$T/ca.pem"
expect_unknown_error "TLS certificate of https://localhost:$PORT_HTTPS/stats is not trusted"

ht_case "HTTPS, the system CAs do not know a self-signed CA"
run_plugin -t 20 --url "$TURL" --username mon --password-file "$PWFILE"
expect_unknown_error "is not trusted"

ht_case "HTTPS, --insecure"
run_plugin -t 20 --url "$TURL" --username mon --password-file "$PWFILE" --insecure \
	"${EXCL[@]}"
expect_exit 1
same_as_socket

ht_case "HTTPS, a page that requires a client certificate"
MURL=https://127.0.0.1:$PORT_MTLS/stats
run_plugin -t 20 --url "$MURL" --username mon --password-file "$PWFILE" --ca-file "$T/ca.pem"
expect_exit 3
expect_first_line_match '^HAPROXY UNKNOWN - '
run_plugin -t 20 --url "$MURL" --username mon --password-file "$PWFILE" --ca-file "$T/ca.pem" \
	--client-cert "$T/client.crt" --client-key "$T/client.key" "${EXCL[@]}"
expect_exit 1 "with --client-cert and --client-key: exit code 1"
same_as_socket

ht_finish
