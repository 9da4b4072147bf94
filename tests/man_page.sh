#!/bin/bash
#
# man_page.sh - man/check_haproxy_stat.1 is complete and in step with the
# built plugin:
#
#   - every option " -x, --name" / " --name" of "check_haproxy_stat --help"
#     has a .TP entry in OPTIONS (with the same short option, if any), and
#     OPTIONS documents no option --help lacks;
#   - every status policy key of --help is in the STATUS POLICY table with
#     the same default state, and the table has no other key;
#   - the version in .TH is the one --version prints;
#   - the page renders without warnings (man --warnings), when man exists.
#
# A self-test feeds the same comparison a --help with an option added and
# one removed and expects both to be reported.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat top_srcdir=DIR tests/man_page.sh
# Prints "ok N - ..."/"not ok N - ..." lines and a final "N passed, N failed".

# shellcheck source=integration/lib.sh
. "$(dirname "$0")/integration/lib.sh"

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
ht_require_plugin
MAN=$top_srcdir/man/check_haproxy_stat.1
[[ -f $MAN ]] || ht_bail "$MAN is missing"

# help_options HELP: "name<TAB>short" per option line of HELP.
help_options() {
	local line
	while IFS= read -r line; do
		if [[ $line =~ ^\ (-([A-Za-z0-9]),\ )?--([a-z][a-z0-9-]*)([=[].*)?$ ]]; then
			printf '%s\t%s\n' "${BASH_REMATCH[3]}" "${BASH_REMATCH[2]}"
		fi
	done <<<"$1"
}

# man_options: "name<TAB>short" for every .TP entry of the OPTIONS section
# (the line after .TP, roff escapes "\-" read as "-").
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
	done <"$MAN"
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

# option_problems HELP: one line per disagreement between HELP and OPTIONS.
option_problems() {
	local name short
	local -A want=() have=()
	while IFS=$'\t' read -r name short; do
		want[$name]=$short
	done < <(help_options "$1")
	while IFS=$'\t' read -r name short; do
		if [[ $name == '?' ]]; then
			printf '%s: OPTIONS: cannot read the option of .TP entry "%s"\n' "$MAN" "$short"
			continue
		fi
		have[$name]=1
		if [[ -z ${want[$name]+x} ]]; then
			printf '%s: OPTIONS documents --%s, which check_haproxy_stat --help does not list: remove it\n' "$MAN" "$name"
		elif [[ ${want[$name]} != "$short" ]]; then
			printf '%s: OPTIONS gives --%s the short option "%s", --help "%s"\n' "$MAN" "$name" "$short" "${want[$name]}"
		fi
	done < <(man_options)
	for name in "${!want[@]}"; do
		[[ -n ${have[$name]:-} ]] ||
			printf '%s: OPTIONS lacks --%s (check_haproxy_stat --help has it): add a .TP entry\n' "$MAN" "$name"
	done
}

HELP=$("$PLUGIN" --help)
VERSION_LINE=$("$PLUGIN" --version)
n_opts=$(help_options "$HELP" | wc -l)
[[ $n_opts -ge 10 ]] || ht_bail "read only $n_opts options from $PLUGIN --help" "$HELP"

ht_case "man page"
out=$(option_problems "$HELP")
if [[ -z $out ]]; then
	ht_pass "$(_ht_name "OPTIONS has exactly the $n_opts options of --help")"
else
	ht_fail "$(_ht_name "OPTIONS has exactly the $n_opts options of --help")" "$out"
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

# Self-test: one option more (--bogus-option) and one less (--server).
ht_case "self-test"
fake=$(printf '%s\n' "$HELP" | grep -v -e '^ --server=')
fake+=$'\n --bogus-option=X\n    Bogus option of the self-test'
out=$(option_problems "$fake")
if [[ $out == *"lacks --bogus-option"* && $out == *"documents --server,"* ]]; then
	ht_pass "$(_ht_name "a gained and a lost option are reported")"
else
	ht_fail "$(_ht_name "a gained and a lost option are reported")" "$out"
fi

ht_finish
