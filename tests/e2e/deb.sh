#!/bin/bash
#
# deb.sh - the Debian package builds, has the right contents, installs, runs
# and is removed again.
#
#   1. "make distdir" of the build tree into a temporary directory (so the
#      working tree is not cleaned or reconfigured), then
#      dpkg-buildpackage -us -uc -b there. MP_DIR names the Monitoring
#      Plugins tree the build already uses; DEB_BUILD_OPTIONS=nocheck
#      because make check has run the same tests (E2E_DEB_CHECK=1 runs them);
#   2. dpkg -c: the plugin in /usr/lib/nagios/plugins, the man page in man1,
#      the contrib definitions and the copyright in the doc directory, the
#      mail script executable in /usr/share/check-haproxy-stat/; lintian
#      reports no error and no warning (lintian --fail-on error,warning);
#   3. dpkg-deb -x into a temporary root: the extracted plugin runs
#      (--version, a saved dump with --input);
#   4. dpkg -i on this machine, the installed plugin checks a real HAProxy
#      through the README's socket ("HAProxy side") as user nagios, man
#      finds the page;
#   5. the walk of doc/package-to-mail.md, step by step, with
#      the installed files unchanged: the HAProxy configuration passes
#      haproxy -c; the Icinga 2 files are copied into a copy of Debian's
#      /etc/icinga2 as the walk says, which replaces none of Debian's
#      conf.d files, and "icinga2 daemon -C" on that copy counts Debian's
#      services and notifications plus the new ones; the example's edits
#      (socket, e-mail address) are the walk's; a private Icinga 2 runs
#      those same three files and the installed
#      /usr/share/check-haproxy-stat/haproxy-stat-mail.sh (no chmod), and a
#      server taken down ends as a PROBLEM mail in a local mailbox (exim);
#   6. dpkg -P removes it again (only when the package was not installed
#      before; otherwise 4-6 are skipped and say so).
#
# Environment: PLUGIN, top_srcdir as for every test; E2E_BUILDDIR (the
# configured build tree, default: PLUGIN's parent's parent), MP_DIR (the
# Monitoring Plugins tree; default: the one configure found), MAKE.
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/deb.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init dpkg-buildpackage dpkg-deb dpkg icinga2 curl sendmail mail
PKG=check-haproxy-stat
BUILDDIR=${E2E_BUILDDIR:-$(cd "$(dirname "$PLUGIN")/.." && pwd)}
if [[ -z ${MP_DIR:-} ]]; then
	MP_DIR=$(sed -n 's/^MP_DIR = //p' "$BUILDDIR/Makefile")
fi
VERSION=$("$PLUGIN" --version)
if [[ $VERSION =~ \ v([0-9][^ ]*) ]]; then
	VERSION=${BASH_REMATCH[1]}
else
	ht_bail "cannot read the version: $VERSION"
fi
ARCH=$(dpkg --print-architecture)
DEB_VERSION=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$E2E_SRCDIR/debian/changelog")
DEB=$HT_TMP/${PKG}_${DEB_VERSION}_$ARCH.deb

# ---------------------------------------------------------------------------
ht_case "build"
SRC=$HT_TMP/$PKG-$VERSION
if ! ${MAKE:-make} -s -C "$BUILDDIR" distdir distdir="$SRC" >"$HT_TMP/distdir.log" 2>&1; then
	ht_bail "make distdir" "$(tail -n 30 "$HT_TMP/distdir.log")"
fi
opts=nocheck
[[ ${E2E_DEB_CHECK:-0} == 1 ]] && opts=""
t0=$(date +%s%N)
(cd "$SRC" && MP_DIR=$MP_DIR DEB_BUILD_OPTIONS=$opts dpkg-buildpackage -us -uc -b) >"$HT_TMP/build.log" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [[ $rc == 0 && -f $DEB ]]; then
	ht_pass "$(_ht_name "dpkg-buildpackage -us -uc -b builds $(basename "$DEB") ($ms ms)")"
else
	ht_bail "dpkg-buildpackage -us -uc -b (exit $rc, $ms ms)" "$(tail -n 40 "$HT_TMP/build.log")"
fi

# ---------------------------------------------------------------------------
ht_case "dpkg -c"
contents=$(dpkg -c "$DEB")
for path in \
	./usr/lib/nagios/plugins/check_haproxy_stat \
	./usr/share/man/man1/check_haproxy_stat.1.gz \
	./usr/share/doc/$PKG/copyright \
	./usr/share/doc/$PKG/README.gz \
	./usr/share/doc/$PKG/contrib/icinga2/haproxy_stat.conf \
	./usr/share/doc/$PKG/contrib/icinga2/haproxy_stat-services.conf \
	./usr/share/doc/$PKG/contrib/icinga2/haproxy_stat-notifications.conf \
	./usr/share/$PKG/haproxy-stat-mail.sh \
	./usr/share/doc/$PKG/contrib/nagios/commands.cfg \
	./usr/share/doc/$PKG/contrib/nrpe/check_haproxy_stat.cfg \
	./usr/share/doc/$PKG/contrib/nrpe/check_haproxy_stat.ini; do
	if _ht_any_line "$contents" " $(ht_re_escape "$path")\$"; then
		ht_pass "$(_ht_name "has $path")"
	else
		ht_fail "$(_ht_name "has $path")" "$contents"
	fi
done
if _ht_any_line "$contents" '^-rwxr-xr-x root/root .* \./usr/lib/nagios/plugins/check_haproxy_stat$'; then
	ht_pass "$(_ht_name "the plugin is executable (rwxr-xr-x root/root)")"
else
	ht_fail "$(_ht_name "the plugin is executable (rwxr-xr-x root/root)")" "$contents"
fi
if _ht_any_line "$contents" '^-rwxr-xr-x root/root .* \./usr/share/check-haproxy-stat/haproxy-stat-mail\.sh$'; then
	ht_pass "$(_ht_name "the mail script is executable (rwxr-xr-x root/root)")"
else
	ht_fail "$(_ht_name "the mail script is executable (rwxr-xr-x root/root)")" "$contents"
fi
if [[ $contents == *./usr/local/* || $contents == *./usr/libexec/* ]]; then
	ht_fail "$(_ht_name "nothing under /usr/local or /usr/libexec")" "$contents"
else
	ht_pass "$(_ht_name "nothing under /usr/local or /usr/libexec")"
fi

# ---------------------------------------------------------------------------
ht_case "lintian"
if command -v lintian >/dev/null 2>&1; then
	lintian --fail-on error,warning "$DEB" >"$HT_TMP/lintian.log" 2>&1
	rc=$?
	if [[ $rc == 0 ]] && ! grep -q '^[EW]: ' "$HT_TMP/lintian.log"; then
		ht_pass "$(_ht_name "no error, no warning (lintian --fail-on error,warning)")"
	else
		ht_fail "$(_ht_name "no error, no warning (lintian --fail-on error,warning; exit $rc)")" "$(cat "$HT_TMP/lintian.log")"
	fi
else
	ht_fail "$(_ht_name "lintian is installed (tools/install-deps --e2e)")"
fi

# ---------------------------------------------------------------------------
ht_case "dpkg-deb -x"
ROOT=$HT_TMP/root
dpkg-deb -x "$DEB" "$ROOT" || ht_bail "dpkg-deb -x failed"
X=$ROOT/usr/lib/nagios/plugins/check_haproxy_stat
run_plugin_x() { _ht_exec /dev/null "$X" "$@"; }
run_plugin_x --version
expect_exit 3 "--version exits 3"
expect_first_line_match "^check_haproxy_stat v$(ht_re_escape "$VERSION") " "--version names $VERSION"
run_plugin_x --input "$E2E_SRCDIR/tests/fixtures/haproxy-2.6.12-states.csv" --proxy be_stick
expect_exit 0 "a saved dump: exit 0"
expect_first_line_match '^HAPROXY OK - .*\|.*be:be_stick:up=2' "a saved dump: OK with perfdata"

# ---------------------------------------------------------------------------
ht_case "dpkg -i"
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed'; then
	ht_note "SKIP dpkg -i/-P: $PKG is already installed on this machine; not touching it"
	ht_finish
fi
INSTALLED=0
ht_on_cleanup() {
	[[ $INSTALLED == 1 ]] && dpkg -P "$PKG" >/dev/null 2>&1
}
# doc/package-to-mail.md step 1: apt install ./check-haproxy-stat_VERSION_ARCH.deb
if apt-get install -y --no-install-recommends "$DEB" >"$HT_TMP/dpkg-i.log" 2>&1; then
	INSTALLED=1
	ht_pass "$(_ht_name "step 1: apt-get install ./$(basename "$DEB") installs it")"
else
	INSTALLED=1
	ht_bail "apt-get install $DEB" "$(cat "$HT_TMP/dpkg-i.log")"
fi
e2e_haproxy
I=/usr/lib/nagios/plugins/check_haproxy_stat
run_plugin_as nagios "$I" --socket "$MON_SOCK" --proxy app-main
expect_exit 0 "installed plugin, as nagios, on the README's socket: exit 0"
expect_first_line_match '^HAPROXY OK - ' "installed plugin: HAPROXY OK"
e2e_server_down app-main/nginx1
run_plugin_as nagios "$I" --socket "$MON_SOCK" --proxy app-main
expect_exit 1 "installed plugin: server down is WARNING"
expect_first_line_match '^HAPROXY WARNING - app-main/nginx1 DOWN' "installed plugin: names app-main/nginx1 DOWN"
if command -v man >/dev/null 2>&1; then
	page=$(man -w check_haproxy_stat 2>/dev/null)
	e2e_expect "man -w finds the page" "$page" '^/usr/share/man/man1/check_haproxy_stat\.1\.gz$'
fi
# ---------------------------------------------------------------------------
# The walk from the package to a mail (doc/package-to-mail.md), each
# step as written there, on private copies of /etc paths.
ht_case "doc/package-to-mail.md walk"
ht_on_cleanup() {
	[[ $INSTALLED == 1 ]] && dpkg -P "$PKG" >/dev/null 2>&1
	e2e_mail_cleanup
}
DOC=/usr/share/doc/$PKG/contrib
e2e_server_up app-main/nginx1
hx_wait_status app-main nginx1 UP || ht_bail "nginx1 not UP again"
# step 2: the HAProxy configuration with the monitoring socket is valid
if "$HAPROXY" -c -f "$HX_CFG" >"$HT_TMP/haproxy-c.log" 2>&1; then
	ht_pass "$(_ht_name "step 2: haproxy -c accepts the configuration with the README's stats socket line")"
else
	ht_fail "$(_ht_name "step 2: haproxy -c accepts the configuration with the README's stats socket line")" "$(cat "$HT_TMP/haproxy-c.log")"
fi
# step 3: a mail transport (exim4-daemon-light, bsd-mailx): a test mail
e2e_mail_user
echo "test from $(hostname)" | mail -s "icinga2 mail test" "$E2E_MAIL_USER@localhost"
e2e_wait 5 "step 3: the test mail of 'mail -s ...' arrives" e2e_has_mails 1
# step 4: copy the Icinga 2 files into (a copy of) Debian's /etc/icinga2
ETC=$HT_TMP/etc-icinga2
cp -a /etc/icinga2 "$ETC"
mkdir -p "$HT_TMP/i2"/{data,log,cache,spool,run}
# validate: "icinga2 daemon -C" on ETC with private paths; prints the log
validate() {
	ICINGA2_USER=root ICINGA2_GROUP=root "$E2E_icinga2" daemon -C -c "$ETC/icinga2.conf" -DConfigDir="$ETC" \
		-DZonesDir="$ETC/zones.d" -DDataDir="$HT_TMP/i2/data" -DLogDir="$HT_TMP/i2/log" \
		-DCacheDir="$HT_TMP/i2/cache" -DSpoolDir="$HT_TMP/i2/spool" -DInitRunDir="$HT_TMP/i2/run" 2>&1
}
# count KIND LOG: the number of KIND objects "icinga2 daemon -C" instantiated
count() {
	if [[ $2 =~ Instantiated\ ([0-9]+)\ $1\. ]]; then
		echo "${BASH_REMATCH[1]}"
	else
		echo 0
	fi
}
before=$(validate)
svc0=$(count Services "$before")
ntf0=$(count Notifications "$before")
debian_files=$(cd "$ETC/conf.d" && ls)
cp "$DOC"/icinga2/haproxy_stat*.conf "$ETC/conf.d/"
changed=""
for f in $debian_files; do
	cmp -s "/etc/icinga2/conf.d/$f" "$ETC/conf.d/$f" || changed+="$f "
done
added=$(cd "$ETC/conf.d" && ls | grep -c '^haproxy_stat')
name="step 4: cp $DOC/icinga2/haproxy_stat*.conf /etc/icinga2/conf.d/ adds 3 files and replaces none of Debian's"
if [[ -z $changed && $added == 3 && $svc0 -gt 0 ]]; then
	ht_pass "$(_ht_name "$name")"
else
	ht_fail "$(_ht_name "$name")" "changed: $changed; added: $added; before: $before"
fi
# step 5: the walk's edits of haproxy_stat-services.conf
sed -i -e "s|haproxy-admins@example.org|$E2E_MAIL_USER@localhost|" \
	-e "s|/run/haproxy/monitor.sock|$MON_SOCK|" "$ETC/conf.d/haproxy_stat-services.conf"
# step 6: icinga2 daemon -C
after=$(validate)
svc1=$(count Services "$after")
ntf1=$(count Notifications "$after")
if [[ $after == *"Finished validating the configuration"* && $svc1 -gt $svc0 && $ntf1 == $((ntf0 + 1)) ]]; then
	ht_pass "$(_ht_name "step 6: icinga2 daemon -C: valid; $svc0 -> $svc1 services, $ntf0 -> $ntf1 notifications (Debian's all kept)")"
else
	ht_fail "$(_ht_name "step 6: icinga2 daemon -C: valid, Debian's services ($svc0) and notifications ($ntf0) kept, ours added")" "$after"
fi
# step 7: (re)load: a private Icinga 2 runs the same three files, with
# PluginDir and the mail script where the package put them
B=$HT_TMP/i2run
mkdir -p "$B"/{data/certs,log,cache,spool,run}
ht_pick_port API_PORT
cat >"$B/icinga2.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
include <itl>
include <plugins>
include "$ETC/conf.d/haproxy_stat.conf"
include "$ETC/conf.d/haproxy_stat-services.conf"
include "$ETC/conf.d/haproxy_stat-notifications.conf"
$(e2e_icinga2_components)
// test only: the REST API to read states and force checks
$(e2e_icinga2_api "$API_PORT")
EOF
e2e_icinga2_cert "$B/data" e2e
ht_spawn icinga2 "$E2E_icinga2" daemon -c "$B/icinga2.conf" -DConfigDir="$B" -DZonesDir="$B/zones.d" \
	-DDataDir="$B/data" -DLogDir="$B/log" -DCacheDir="$B/cache" -DSpoolDir="$B/spool" \
	-DInitRunDir="$B/run" -DNodeName=e2e -DZoneName=e2e
ICINGA_PID=$HT_LAST_PID
E2E_API=https://127.0.0.1:$API_PORT/v1
e2e_wait 20 "step 7: Icinga 2 runs the copied files" e2e_api_up ||
	ht_bail "icinga2 did not start" "$(tail -n 30 "$B/log/icinga2.log" "$HT_TMP/icinga2.log" 2>/dev/null)"
SVC='lb1!haproxy%20app-main' # the name has a space: URL-encoded
# forced STATE: force a check of the service (its interval is 1m), then
# whether it is in hard STATE
forced() {
	e2e_reschedule 'service.name=="haproxy app-main"'
	sleep 0.2
	e2e_service_in "$SVC" "$1"
}
e2e_wait 20 "step 7: service \"haproxy app-main\" is OK" forced 0
# the host's own check (hostalive, every 5 minutes) may not have run yet;
# Icinga 2 holds back a service's notifications until its host is known UP
host_up() {
	e2e_api actions/reschedule-check -X POST \
		-d '{"type":"Host","filter":"host.name==\"lb1\"","force":true}' >/dev/null
	sleep 0.2
	local j
	j=$(e2e_api "objects/hosts/lb1?attrs=state&attrs=last_check_result")
	E2E_WAIT_DETAIL=$j
	[[ $j == *'"last_check_result":{'* && $j =~ \"state\":0(\.0)?[,}] ]]
}
e2e_wait 20 "step 7: host lb1 (hostalive) is UP" host_up
# step 8: a server goes down; after max_check_attempts (3) a hard WARNING
# and a mail through the installed haproxy-stat-mail.sh
e2e_server_down app-main/nginx1
e2e_wait 20 "step 8: app-main/nginx1 down: hard WARNING" forced 1
# Icinga 2 sent it about 28 s after the hard state here: the host lb1 came
# UP (its first check) seconds before the fault, and Icinga 2 2.13 holds a
# service's notification back while a parent's recovery is recent (then
# re-sends it from its suppressed-notifications timer): allow a minute
e2e_wait 60 "step 8: the PROBLEM mail is in the inbox" e2e_has_mails 2
m=$(e2e_mail 2)
e2e_expect "step 8: subject [PROBLEM] haproxy app-main on lb1 is WARNING" "$m" $'(^|\n)Subject: \\[PROBLEM\\] haproxy app-main on lb1 is WARNING\n'
e2e_expect "step 8: the body names app-main/nginx1 DOWN" "$m" $'\nHAPROXY WARNING - app-main/nginx1 DOWN'
ht_kill_pid "$ICINGA_PID"
ht_forget_pid "$ICINGA_PID"
e2e_server_up app-main/nginx1

# ---------------------------------------------------------------------------
ht_case "dpkg -P"
if dpkg -P "$PKG" >"$HT_TMP/dpkg-P.log" 2>&1 && [[ ! -e $I ]]; then
	INSTALLED=0
	ht_pass "$(_ht_name "dpkg -P removes it")"
else
	ht_fail "$(_ht_name "dpkg -P removes it")" "$(cat "$HT_TMP/dpkg-P.log")"
fi

ht_note "deb scenario: $(e2e_elapsed) s (package build $ms ms)"
ht_finish
