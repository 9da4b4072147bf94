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
#      the contrib definitions and the copyright in the doc directory;
#   3. dpkg-deb -x into a temporary root: the extracted plugin runs
#      (--version, a saved dump with --input);
#   4. dpkg -i on this machine, the installed plugin checks a real HAProxy
#      through the README's socket as user nagios, man finds the page;
#      dpkg -P removes it again (only when the package was not installed
#      before; otherwise this part is skipped and says so).
#
# Environment: PLUGIN, top_srcdir as for every test; E2E_BUILDDIR (the
# configured build tree, default: PLUGIN's parent's parent), MP_DIR (the
# Monitoring Plugins tree; default: the one configure found), MAKE.
#
# Usage (as root): PLUGIN=/abs/plugins/check_haproxy_stat tests/e2e/deb.sh

# shellcheck source=tests/e2e/lib.sh disable=SC2154 # E2E_<prog> are set by e2e_init
. "$(dirname "$0")/lib.sh"

e2e_init dpkg-buildpackage dpkg-deb dpkg
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
	./usr/share/doc/$PKG/contrib/icinga2/notifications.conf \
	./usr/share/doc/$PKG/contrib/icinga2/haproxy-stat-mail.sh \
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
if [[ $contents == *./usr/local/* || $contents == *./usr/libexec/* ]]; then
	ht_fail "$(_ht_name "nothing under /usr/local or /usr/libexec")" "$contents"
else
	ht_pass "$(_ht_name "nothing under /usr/local or /usr/libexec")"
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
if dpkg -i "$DEB" >"$HT_TMP/dpkg-i.log" 2>&1; then
	INSTALLED=1
	ht_pass "$(_ht_name "dpkg -i installs it")"
else
	INSTALLED=1
	ht_bail "dpkg -i" "$(cat "$HT_TMP/dpkg-i.log")"
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
if dpkg -P "$PKG" >"$HT_TMP/dpkg-P.log" 2>&1 && [[ ! -e $I ]]; then
	INSTALLED=0
	ht_pass "$(_ht_name "dpkg -P removes it")"
else
	ht_fail "$(_ht_name "dpkg -P removes it")" "$(cat "$HT_TMP/dpkg-P.log")"
fi

ht_note "deb scenario: $(e2e_elapsed) s (package build $ms ms)"
ht_finish
