#!/bin/sh
# plugin_cli.sh: the plugin binary's contract without a live HAProxy:
# options, usage, help, exit codes, stdout only, perfdata grammar,
# --input and --extra-opts. Prints "N passed, N failed".
set -u

PLUGIN=${PLUGIN:-$(dirname "$0")/../plugins/check_haproxy_stat}
FIXTURES=${FIXTURES:-$(cd "$(dirname "$0")" && pwd)/fixtures}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

# run ARGS...: runs the plugin, keeping stdout, stderr and exit code.
run() {
	"$PLUGIN" "$@" >"$scratch/out" 2>"$scratch/err" </dev/null
	rc=$?
}

ok() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	echo "  exit $rc; stdout:"
	sed 's/^/  | /' "$scratch/out"
	[ -s "$scratch/err" ] && sed 's/^/  stderr| /' "$scratch/err"
}

# expect NAME CODE ERE: last run exited CODE, its first line matches ERE,
# and nothing went to stderr.
expect() {
	if [ "$rc" -ne "$2" ]; then
		fail "$1 (expected exit $2)"
	elif ! head -n 1 "$scratch/out" | grep -Eq -- "$3"; then
		fail "$1 (first line does not match /$3/)"
	elif [ -s "$scratch/err" ]; then
		fail "$1 (wrote to stderr)"
	else
		ok
	fi
}

# expect_out NAME ERE: the whole stdout of the last run matches ERE somewhere.
expect_out() {
	if grep -Eq -- "$2" "$scratch/out"; then ok; else fail "$1 (output lacks /$2/)"; fi
}

states=$FIXTURES/haproxy-2.6.12-states.csv
capture=$FIXTURES/haproxy-2.6.12.csv

run --help
expect "--help exits UNKNOWN with the revision" 3 '^check_haproxy_stat v[0-9]'
expect_out "--help shows usage" '^Usage:'
expect_out "--help lists every policy key" 'server\.down-last +CRITICAL'
if awk 'length > 80 { bad = 1 } END { exit bad }' "$scratch/out"; then ok; else fail "--help lines fit 80 columns"; fi
run -V
expect "-V exits UNKNOWN" 3 '^check_haproxy_stat v[0-9.]+ \(monitoring-plugins 2\.4\.0\)'

run --bogus
expect "unknown option gives usage" 3 '^HAPROXY UNKNOWN - unknown option'
expect_out "unknown option prints short usage" '^Usage:'
run -w
expect "missing option value" 3 '^HAPROXY UNKNOWN - option -w needs a value'
run --input "$capture" -w abc
expect "invalid warning range" 3 "^HAPROXY UNKNOWN - -w 'abc': 'abc' is not a valid range"
expect_out "invalid range prints usage" '^Usage:'
run --input "$capture" -c 20:10
expect "inverted critical range" 3 "^HAPROXY UNKNOWN - -c '20:10': '20:10' is not a valid range"
run --input "$capture" -w 1:12%
expect "range with a unit" 3 "^HAPROXY UNKNOWN - -w '1:12%': '1:12%' is not a valid range"
run -H 127.0.0.1
expect "-H without -p" 3 '^HAPROXY UNKNOWN - -H needs -p'
run -S /x -H 127.0.0.1 -p 1 --input "$capture"
expect "-S and -H with --input" 3 '^HAPROXY UNKNOWN - give only one of'
run -H 127.0.0.1 -p 70000
expect "port out of range" 3 "^HAPROXY UNKNOWN - -p '70000'"
run -t 0 --input "$capture"
expect "zero timeout" 3 "^HAPROXY UNKNOWN - -t '0'"
run -t 5:maybe --input "$capture"
expect "bad timeout state" 3 "^HAPROXY UNKNOWN - -t '5:maybe': STATE"
run --policy server.maint --input "$capture"
expect "policy without state" 3 "^HAPROXY UNKNOWN - --policy 'server.maint' is not KEY=STATE"
run --policy server.nope=ok --input "$capture"
expect "policy unknown key" 3 "unknown key"
run --proxy '(' --input "$capture"
expect "invalid regex" 3 "^HAPROXY UNKNOWN - --proxy '\(' is not a valid regular expression"
run -t "$(printf '5\nHAPROXY OK - fake')" --input "$capture"
expect "option text cannot add an output line" 3 "^HAPROXY UNKNOWN - -t '5\\?HAPROXY OK - fake'"
if [ "$(grep -c '^HAPROXY' "$scratch/out")" -eq 1 ]; then ok; else fail "a single status line"; fi
run --input "$capture" extra
expect "positional argument" 3 "^HAPROXY UNKNOWN - unexpected argument 'extra'"

# a single-valued option given twice is an error, not "the last one wins"
# (-S and -H are repeatable, each a node: the same node twice is the error)
run -S /a.sock -S /a.sock
expect "the same -S twice" 3 "^HAPROXY UNKNOWN - node '/a.sock' given twice"
expect_out "the same -S twice prints short usage" '^Usage:'
run -H 127.0.0.1 --hostname=127.0.0.1 -p 1
expect "the same -H twice" 3 "^HAPROXY UNKNOWN - node '127.0.0.1:1' given twice"
run -S lb1=/a.sock -S lb1=/b.sock
expect "a node name twice" 3 "^HAPROXY UNKNOWN - node 'lb1' given twice"
run -S /a.sock -S /b.sock --master-socket /m.sock
expect "--master-socket with several nodes" 3 '^HAPROXY UNKNOWN - --master-socket goes with one node'
run -S /a.sock -w old_workers=0
expect "a master metric without --master-socket" 3 "^HAPROXY UNKNOWN - 'old_workers' is read from the master CLI"

run -H 127.0.0.1 -p 1 -p 2
expect "-p twice" 3 '^HAPROXY UNKNOWN - -p \(--port\) given twice'
run --input "$capture" --input "$capture"
expect "--input twice" 3 '^HAPROXY UNKNOWN - --input given twice'

run --input "$states"
expect "saved dump: every problem, worst first" 2 '^HAPROXY CRITICAL - fe_stick/FRONTEND PAUSED, be_app/BACKEND DOWN'
expect_out "long output lists MAINT as OK" '^\[OK\] be_app/s1 MAINT$'
run --input "$capture" --proxy be_app
expect "one backend with one server down" 1 '^HAPROXY WARNING - be_app/s3 DOWN \(L4CON Connection refused\)\|'
run --input "$capture" --proxy be_app --exclude-server s3
expect "excluding the down server" 0 '^HAPROXY OK - 1 backend, 2 servers \(2 UP\) checked\|'
run --input "$capture" --proxy be_typo
expect "a typo in --proxy is UNKNOWN" 3 "^HAPROXY UNKNOWN - --proxy 'be_typo' matched no proxy"
run --input "$capture" --proxy be_app --policy server.down=critical
expect "policy override" 2 '^HAPROXY CRITICAL - be_app/s3 DOWN'

# stdin, and the completeness rule on a saved dump
"$PLUGIN" --input - --proxy be_app <"$capture" >"$scratch/out" 2>"$scratch/err"
rc=$?
expect "dump on standard input" 1 '^HAPROXY WARNING - be_app/s3 DOWN'
head -c 3000 "$capture" >"$scratch/cut.csv"
run --input "$scratch/cut.csv"
expect "truncated dump is never OK" 3 '^HAPROXY UNKNOWN - .*truncated'
grep -v '^$' "$capture" >"$scratch/noend.csv"
run --input "$scratch/noend.csv"
expect "dump without the empty line is judged (a stats page export ends so)" 2 '^HAPROXY CRITICAL - be_dns/BACKEND DOWN'
run --input /nonexistent/dump.csv
expect "missing input file" 3 '^HAPROXY UNKNOWN - input file /nonexistent/dump.csv does not exist'
run --master-socket /nonexistent/master.sock
expect "missing master CLI socket" 3 '^HAPROXY UNKNOWN - master CLI socket /nonexistent/master.sock does not exist: check that --master-socket names'

# perfdata grammar (plugin-guidelines.md 1.5) on every item
run --input "$states" -w 10 -c 20
perf=$(head -n 1 "$scratch/out" | sed -n 's/^[^|]*|//p')
bad=$(printf '%s\n' $perf | grep -Evc "^('[^'=]+'|[^' =]+)=(-?[0-9]+(\.[0-9]+)?|U)(s|ms|us|%|B|KB|MB|TB|c)?(;[-0-9.:~@]*){0,2}(;-?[0-9.]*){0,2}$")
if [ -n "$perf" ] && [ "$bad" -eq 0 ]; then ok; else fail "every perfdata item parses ($bad bad)"; fi
if printf '%s\n' $perf | grep -q "^be:be_app:rate=0;10;20;0$"; then ok; else fail "rate perfdata carries -w/-c"; fi
if [ "$(grep -c '|' "$scratch/out")" -eq 1 ]; then ok; else fail "only the status line holds a '|'"; fi

# --extra-opts from an ini file
cat >"$scratch/plugins.ini" <<INI
[haproxy_app]
input=$capture
proxy=be_app
INI
run --extra-opts="haproxy_app@$scratch/plugins.ini"
expect "--extra-opts reads options from an ini file" 1 '^HAPROXY WARNING - be_app/s3 DOWN'
run --extra-opts="haproxy_app@$scratch/plugins.ini" --exclude-server s3
expect "command line adds to --extra-opts" 0 '^HAPROXY OK'
run --extra-opts="haproxy_app@$scratch/plugins.ini" --input "$capture"
expect "--input in the ini file and on the command line" 3 '^HAPROXY UNKNOWN - --input given twice'

# --extra-opts: Monitoring Plugins' forms and defaults
printf '# comment\n[other]\nnot an option line\n[ haproxy_sel ]\n ; comment\n\nproxy = be_app \nv=\n' \
	>"$scratch/sel.ini"
printf '[haproxy_in]\ninput=%s\n' "$capture" >"$scratch/in.ini"
run --extra-opts "haproxy_in@$scratch/in.ini" --extra-opts="haproxy_sel@$scratch/sel.ini"
expect "two --extra-opts, spaces, comments, another section, a flag" 1 '^HAPROXY WARNING - be_app/s3 DOWN'
if grep -q '^\[OK\] be_app/s1 UP' "$scratch/out"; then ok; else fail "v= is the flag -v"; fi
printf '[check_haproxy_stat]\ninput=%s\nproxy=be_app\n' "$capture" >"$scratch/default.ini"
MP_CONFIG_FILE=$scratch/default.ini "$PLUGIN" --extra-opts >"$scratch/out" 2>"$scratch/err" </dev/null
rc=$?
expect "--extra-opts alone: section [check_haproxy_stat] of \$MP_CONFIG_FILE" 1 '^HAPROXY WARNING'
mkdir "$scratch/cfgdir"
cp "$scratch/default.ini" "$scratch/cfgdir/plugins.ini"
NAGIOS_CONFIG_PATH=/nonexistent:$scratch/cfgdir "$PLUGIN" --extra-opts=@"$scratch/cfgdir/plugins.ini" -t 5 \
	>"$scratch/out" 2>"$scratch/err" </dev/null
rc=$?
expect "--extra-opts=@FILE: the plugin's section" 1 '^HAPROXY WARNING'
NAGIOS_CONFIG_PATH=/nonexistent:$scratch/cfgdir "$PLUGIN" --extra-opts -t 5 >"$scratch/out" 2>"$scratch/err" </dev/null
rc=$?
expect "--extra-opts alone: plugins.ini in \$NAGIOS_CONFIG_PATH" 1 '^HAPROXY WARNING'
printf '[t]\nt=0\n' >"$scratch/t.ini"
run --extra-opts="t@$scratch/t.ini" --input "$capture"
expect "a one-letter key is its short option" 3 "^HAPROXY UNKNOWN - --extra-opts t= in \[t\] of $scratch/t.ini, line 2: -t '<t=>': SECONDS"

# --extra-opts errors name the file, the section and the line, one line
run --extra-opts="haproxy_app@$scratch/missing.ini"
expect "--extra-opts: missing ini file" 3 "^HAPROXY UNKNOWN - --extra-opts: cannot open $scratch/missing.ini: No such file"
if [ "$(wc -l <"$scratch/out")" -eq 1 ]; then ok; else fail "--extra-opts error is one line"; fi
run --extra-opts="nosuch@$scratch/plugins.ini"
expect "--extra-opts: missing section" 3 "^HAPROXY UNKNOWN - --extra-opts: $scratch/plugins.ini has no section \[nosuch\]"
printf '[bad]\njunk\n' >"$scratch/bad.ini"
run --extra-opts "bad@$scratch/bad.ini"
expect "--extra-opts: a line without '='" 3 "^HAPROXY UNKNOWN - --extra-opts: \[bad\] of $scratch/bad.ini, line 2 is not key=value"
MP_CONFIG_FILE=$scratch/none.ini "$PLUGIN" --extra-opts >"$scratch/out" 2>"$scratch/err" </dev/null
rc=$?
expect "--extra-opts without a value, \$MP_CONFIG_FILE missing" 3 "^HAPROXY UNKNOWN - --extra-opts: cannot open $scratch/none.ini"
run --extra-opts="haproxy_app@"
expect "--extra-opts=SECTION@ without a file" 3 "^HAPROXY UNKNOWN - --extra-opts: no file after '@'"

# default socket: only when this machine has none of the default paths
if [ ! -e /run/haproxy/admin.sock ] && [ ! -e /var/lib/haproxy/stats ]; then
	run
	expect "no socket anywhere" 3 '^HAPROXY UNKNOWN - no stats socket at /run/haproxy/admin.sock or /var/lib/haproxy/stats'
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
