#!/bin/bash
#
# man_page.sh - man/check_haproxy_stat.1 (the one option reference) and
# "check_haproxy_stat --help" (its short summary) both list exactly the
# options of the program's own option table:
#
#   - the options are read from long_options[] in lib/hs_options.c, the
#     table getopt_long() parses the command line with (name and short
#     option), plus --extra-opts, which np_extra_opts() reads before it;
#     --password is in the table for --extra-opts ini files only (the
#     command line refuses it), so it must be neither a .TP entry nor a
#     --help option line, and both must say "password=" instead;
#   - every such option has a .TP entry in OPTIONS and a " -x, --name" /
#     " --name" line in --help, with the table's short option, if any;
#     neither documents an option the table lacks;
#   - every status policy key of --help is in the STATUS POLICY table with
#     the same default state, and the table has no other key;
#   - the version in .TH is the one --version prints;
#   - the page renders without warnings (man --warnings), when man exists.
#
# A self-test feeds the same comparison a table with an option added and
# one removed, and a --help and a man page each missing one option, and
# expects every difference to be reported.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat top_srcdir=DIR tests/man_page.sh
# Prints "ok N - ..."/"not ok N - ..." lines and a final "N passed, N failed".

# shellcheck source=integration/lib.sh
. "$(dirname "$0")/integration/lib.sh"

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
ht_require_plugin
MAN=$top_srcdir/man/check_haproxy_stat.1
OPTS_C=$top_srcdir/lib/hs_options.c
[[ -f $MAN ]] || ht_bail "$MAN is missing"
[[ -f $OPTS_C ]] || ht_bail "$OPTS_C is missing (the option table long_options[])"

# table_options FILE: "name<TAB>short" per entry of long_options[] in FILE
# (short: the entry's character value, empty for OPT_* values), plus
# extra-opts unless the table has it.
table_options() {
	local line in=0 extra=1
	while IFS= read -r line; do
		if [[ $line =~ long_options\[\][[:space:]]*=[[:space:]]*\{ ]]; then
			in=1
			continue
		fi
		[[ $in == 1 ]] || continue
		[[ $line =~ ^\}\; ]] && break
		if [[ $line =~ ^[[:space:]]*\{\"([a-z][a-z0-9-]*)\",[^,]*,[^,]*,[[:space:]]*(\'(.)\')? ]]; then
			printf '%s\t%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}"
			[[ ${BASH_REMATCH[1]} == extra-opts ]] && extra=0
		fi
	done <"$1"
	[[ $extra == 0 ]] || printf 'extra-opts\t\n'
}

# help_options HELP: "name<TAB>short" per option line of HELP.
help_options() {
	local line
	while IFS= read -r line; do
		if [[ $line =~ ^\ (-([A-Za-z0-9]),\ )?--([a-z][a-z0-9-]*)([=[].*)?$ ]]; then
			printf '%s\t%s\n' "${BASH_REMATCH[3]}" "${BASH_REMATCH[2]}"
		fi
	done <<<"$1"
}

# man_options [FILE]: "name<TAB>short" for every .TP entry of the OPTIONS
# section of FILE (default: the man page; the line after .TP, roff escapes
# "\-" read as "-").
man_options() {
	local line in=0 tp=0 l
	while IFS= read -r line; do
		case $line in
		.SH\ OPTIONS*) in=1; continue ;;
		.SH*) in=0 ;;
		esac
		[[ $in == 1 ]] || continue
		if [[ $line == .TP* ]]; then
			tp=1
			continue
		fi
		if [[ $tp == 1 ]]; then
			tp=0
			l=${line//\\-/-}
			if [[ $l =~ ^\.[BI]R?\ (-([A-Za-z0-9])\ \",\ \"\ )?--([a-z][a-z0-9-]*) ]]; then
				printf '%s\t%s\n' "${BASH_REMATCH[3]}" "${BASH_REMATCH[2]}"
			else
				printf '?\t%s\n' "$l"
			fi
		fi
	done <"${1:-$MAN}"
}

# help_policy HELP / man_policy: "key<TAB>DEFAULT" per policy line (the man
# table marks listed-when-OK lines with *, which is dropped here).
help_policy() {
	local line
	while IFS= read -r line; do
		[[ $line =~ ^\ {6}([a-z]+\.[a-z-]+)\ +(OK|WARNING|CRITICAL|UNKNOWN)\  ]] &&
			printf '%s\t%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	done <<<"$1"
}
man_policy() {
	local line
	while IFS= read -r line; do
		[[ $line =~ ^([a-z]+\.[a-z-]+)$'\t'(OK|WARNING|CRITICAL|UNKNOWN)\*?$'\t' ]] &&
			printf '%s\t%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	done <"$MAN"
}

# compare WHAT WANT HAVE: one line per disagreement between the options of
# the table, WANT ("name<TAB>short" lines), and those WHAT documents, HAVE
# (same form; a name "?" is an entry that could not be read).
compare() {
	local what=$1 name short
	local -A want=() have=()
	while IFS=$'\t' read -r name short; do
		[[ -n $name && $name != password ]] && want[$name]=$short
	done <<<"$2"
	while IFS=$'\t' read -r name short; do
		[[ -n $name ]] || continue
		if [[ $name == '?' ]]; then
			printf '%s: cannot read the option of the entry "%s"\n' "$what" "$short"
			continue
		fi
		have[$name]=1
		if [[ -z ${want[$name]+x} ]]; then
			printf '%s documents --%s, which is not in the option table (%s): remove it\n' "$what" "$name" "${OPTS_C#"$top_srcdir"/}"
		elif [[ ${want[$name]} != "$short" ]]; then
			printf '%s gives --%s the short option "%s", the option table "%s"\n' "$what" "$name" "$short" "${want[$name]}"
		fi
	done <<<"$3"
	for name in "${!want[@]}"; do
		[[ -n ${have[$name]:-} ]] ||
			printf '%s lacks --%s (in the option table %s): add it\n' "$what" "$name" "${OPTS_C#"$top_srcdir"/}"
	done
}

# option_problems TABLE HELP MANFILE: the disagreements of --help and of the
# man page's OPTIONS with the option table.
option_problems() {
	compare "check_haproxy_stat --help" "$1" "$(help_options "$2")"
	compare "$3: OPTIONS" "$1" "$(man_options "$3")"
	if [[ $1 == *$'password\t'* ]]; then
		[[ $2 == *"password="* ]] ||
			printf 'check_haproxy_stat --help does not say where password= goes (--password is for ini files only)\n'
		grep -q 'password=' "$3" ||
			printf '%s does not say where password= goes (--password is for ini files only)\n' "$3"
	fi
}

HELP=$("$PLUGIN" --help)
VERSION_LINE=$("$PLUGIN" --version)
TABLE=$(table_options "$OPTS_C")
n_opts=$(wc -l <<<"$TABLE")
[[ $n_opts -ge 10 ]] || ht_bail "read only $n_opts options from long_options[] in $OPTS_C" "$TABLE"

ht_case "man page and --help"
out=$(option_problems "$TABLE" "$HELP" "$MAN")
name="OPTIONS and --help have exactly the options of the option table ($n_opts)"
if [[ -z $out ]]; then
	ht_pass "$(_ht_name "$name")"
else
	ht_fail "$(_ht_name "$name")" "$out"
fi

want_policy=$(help_policy "$HELP" | sort)
have_policy=$(man_policy | sort)
n_keys=$(wc -l <<<"$want_policy")
if [[ $n_keys -ge 10 && $want_policy == "$have_policy" ]]; then
	ht_pass "$(_ht_name "STATUS POLICY has the $n_keys keys and defaults of --help")"
else
	ht_fail "$(_ht_name "STATUS POLICY has the keys and defaults of --help")" \
		"$MAN: diff (< --help, > man page):
$(diff <(printf '%s\n' "$want_policy") <(printf '%s\n' "$have_policy"))"
fi

# "check_haproxy_stat v1.0.0 (monitoring-plugins 2.4.0)"
[[ $VERSION_LINE =~ \ v([0-9][^ ]*) ]] && version=${BASH_REMATCH[1]} || version="?"
th=$(grep -m1 '^\.TH ' "$MAN")
if [[ $th == *"\"check_haproxy_stat $version\""* ]]; then
	ht_pass "$(_ht_name ".TH names version $version")"
else
	ht_fail "$(_ht_name ".TH names version $version")" "$MAN: $th (--version: $VERSION_LINE)"
fi

if command -v man >/dev/null 2>&1; then
	warn=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
	if [[ -z $warn ]]; then
		ht_pass "$(_ht_name "renders without warnings at 80 columns")"
	else
		ht_fail "$(_ht_name "renders without warnings at 80 columns")" "$warn"
	fi
fi

# Self-test: a table with one option more (--bogus-option) and one less
# (--server) must be reported for both; so must a --help without --expect
# and a man page without --list.
ht_case "self-test"
fake_table=$(grep -v '^server'$'\t' <<<"$TABLE")$'\nbogus-option\t'
out=$(option_problems "$fake_table" "$HELP" "$MAN")
n=$(grep -c -e 'lacks --bogus-option' -e 'documents --server,' <<<"$out" || true)
if [[ $n == 4 ]]; then
	ht_pass "$(_ht_name "an option gained or lost by the table is reported for --help and the man page")"
else
	ht_fail "$(_ht_name "an option gained or lost by the table is reported for --help and the man page")" "$out"
fi
fake_man=$(mktemp "${TMPDIR:-/tmp}/man_page.XXXXXX") || ht_bail "mktemp failed"
awk '/^\.TP/ { tp = NR } tp && NR == tp + 1 && /list/ { skip = 1 } { if (!skip) print; else if (NR > tp + 2 && /^\.(TP|SH)/) { skip = 0; print } }' "$MAN" >"$fake_man"
fake_help=$(grep -v -e '^ --expect=' <<<"$HELP")
out=$(option_problems "$TABLE" "$fake_help" "$fake_man")
rm -f -- "$fake_man"
if [[ $out == *"--help lacks --expect"* && $out == *"OPTIONS lacks --list"* ]]; then
	ht_pass "$(_ht_name "an option missing from --help or the man page is reported")"
else
	ht_fail "$(_ht_name "an option missing from --help or the man page is reported")" "$out"
fi

ht_finish
