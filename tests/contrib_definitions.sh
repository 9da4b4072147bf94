#!/bin/bash
#
# contrib_definitions.sh - the shipped monitoring definitions stay in step
# with the plugin's options.
#
# The options are read from what the built plugin prints for --help (every
# line " -x, --name=ARG" or " --name=ARG"), not from a list kept here, so an
# option the plugin gains or loses fails this test until the definitions
# follow. For every option except --help and --version:
#
#   contrib/icinga2/haproxy_stat.conf  has an arguments entry "--name" whose
#       value (or set_if, or the macro a set_if lambda reads) is
#       $haproxy_stat_<name with _ for ->$ and whose description starts with
#       the leading phrase of the option's --help text (ITL one-liners);
#   contrib/nagios/commands.cfg        lists it in the options reference
#       comment ("#   --name...");
#   contrib/nrpe/check_haproxy_stat.ini has a "name=" line (active or
#       commented with ";"; --extra-opts cannot appear in its own file).
#
# And every option written in a Nagios or NRPE command line of contrib/ is
# one the plugin has, and the copy-paste snippets of doc/*.md are the
# shipped files (from the first definition line to the end, tabs expanded
# to 4, as the fenced blocks there show them). Failure messages name the option and the file to edit.
# A self-test then feeds the same checks a --help with one option added and
# one removed and expects both to be reported for every file: a checker
# that cannot fail does not count.
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat top_srcdir=DIR tests/contrib_definitions.sh
# Prints "ok N - ..."/"not ok N - ..." lines and a final "N passed, N failed".

# shellcheck source=integration/lib.sh
. "$(dirname "$0")/integration/lib.sh"

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
ht_require_plugin

ICINGA=$top_srcdir/contrib/icinga2/haproxy_stat.conf
NAGIOS=$top_srcdir/contrib/nagios/commands.cfg
INI=$top_srcdir/contrib/nrpe/check_haproxy_stat.ini
CMDFILES=("$top_srcdir"/contrib/nagios/*.cfg "$top_srcdir"/contrib/nrpe/*.cfg)

# options that no check definition carries (--discover writes definitions)
EXEMPT=" help version discover discover-host "

# norm TEXT: squeeze white space, trim.
norm() {
	local s
	s=$(printf '%s' "$1" | tr -s ' \t\n' '   ')
	s=${s# }
	printf '%s' "${s% }"
}

# help_options HELP: print "name<TAB>first help line" for every option.
help_options() {
	local line name want=""
	while IFS= read -r line; do
		if [[ -n $want ]]; then
			printf '%s\t%s\n' "$want" "$(norm "$line")"
			want=""
			continue
		fi
		if [[ $line =~ ^\ (-[A-Za-z0-9],\ )?--([a-z][a-z0-9-]*)([=[].*)?$ ]]; then
			name=${BASH_REMATCH[2]}
			[[ $EXEMPT == *" $name "* ]] || want=$name
		fi
	done <<<"$1"
}

# icinga_entries FILE: print "name<TAB>variable<TAB>description" per
# arguments entry "--name" = { ... } of FILE.
icinga_entries() {
	local line name="" var="" desc=""
	while IFS= read -r line; do
		if [[ $line =~ ^[[:space:]]*\"--([a-z][a-z0-9-]*)\"[[:space:]]*=[[:space:]]*\{ ]]; then
			name=${BASH_REMATCH[1]} var="" desc=""
			continue
		fi
		[[ -n $name ]] || continue
		if [[ $line =~ ^[[:space:]]*(value|set_if)[[:space:]]*=[[:space:]]*\"\$([a-z0-9_]+)\$\" && -z $var ]]; then
			var=${BASH_REMATCH[2]}
		elif [[ $line =~ ^[[:space:]]*value[[:space:]]*=[[:space:]]*\"\$([a-z0-9_]+)\$\" ]]; then
			var=${BASH_REMATCH[1]}
		elif [[ -z $var && $line =~ ^[[:space:]]*set_if[[:space:]]*=[[:space:]]*\{\{.*macro\(\"\$([a-z0-9_]+)\$\"\) ]]; then
			var=${BASH_REMATCH[1]}
		elif [[ $line =~ ^[[:space:]]*description[[:space:]]*=[[:space:]]*\"(.*)\"[[:space:]]*$ ]]; then
			desc=${BASH_REMATCH[1]}
		elif [[ $line =~ ^[[:space:]]*\}[[:space:]]*$ ]]; then
			printf '%s\t%s\t%s\n' "$name" "$var" "$desc"
			name=""
		fi
	done <"$1"
}

# nagios_entries FILE: the options listed in the reference comment.
nagios_entries() {
	local line
	while IFS= read -r line; do
		[[ $line =~ ^#\ {3}--([a-z][a-z0-9-]*) ]] && printf '%s\n' "${BASH_REMATCH[1]}"
	done <"$1"
}

# ini_entries FILE: the keys of "key=value" lines, active or ";"-commented.
ini_entries() {
	local line
	while IFS= read -r line; do
		[[ $line =~ ^\;?([a-z][a-z0-9-]*)= ]] && printf '%s\n' "${BASH_REMATCH[1]}"
	done <"$1"
}

# command_line_options: "file<TAB>name" for every --name after
# check_haproxy_stat on a command_line / command[...] line of CMDFILES.
command_line_options() {
	local f line rest tok
	for f in "${CMDFILES[@]}"; do
		while IFS= read -r line; do
			[[ $line =~ ^[[:space:]]*(command_line|check_command|command\[) ]] || continue
			[[ $line == *check_haproxy_stat* ]] || continue
			rest=${line#*check_haproxy_stat}
			for tok in $rest; do
				[[ $tok =~ ^--([a-z][a-z0-9-]*) ]] && printf '%s\t%s\n' "$f" "${BASH_REMATCH[1]}"
			done
		done <"$f"
	done
}

# help_lead LINE: the leading phrase of an option's first --help line (up
# to the first " (", ". " or ": "), which an ITL-style one-line description
# starts with.
help_lead() {
	local s=$1
	s=${s%%" ("*}
	s=${s%%". "*}
	printf '%s' "${s%%": "*}"
}

# problems HELP: print one line per disagreement between the options of HELP
# and the definition files; nothing when all agree.
problems() {
	local help=$1 name first var desc f lead
	local -A want=() first_of=() have=()
	while IFS=$'\t' read -r name first; do
		[[ -n $name ]] || continue
		want[$name]=1
		first_of[$name]=$first
	done < <(help_options "$help")

	# Icinga 2
	have=()
	while IFS=$'\t' read -r name var desc; do
		have[$name]=1
		if [[ -z ${want[$name]:-} ]]; then
			printf '%s: argument "--%s" is not an option of check_haproxy_stat --help: remove it\n' "$ICINGA" "$name"
			continue
		fi
		if [[ $var != "haproxy_stat_${name//-/_}" ]]; then
			printf '%s: argument "--%s" uses $%s$, expected $haproxy_stat_%s$\n' "$ICINGA" "$name" "$var" "${name//-/_}"
		fi
		lead=$(help_lead "${first_of[$name]}")
		if [[ "$(norm "$desc")" != "$lead"* ]]; then
			printf '%s: description of "--%s" does not start with its --help text "%s"\n' "$ICINGA" "$name" "$lead"
		fi
	done < <(icinga_entries "$ICINGA")
	for name in "${!want[@]}"; do
		[[ -n ${have[$name]:-} ]] ||
			printf '%s: no arguments entry for --%s (check_haproxy_stat --help has it): add "--%s" = { value = "$haproxy_stat_%s$" ... }\n' \
				"$ICINGA" "$name" "$name" "${name//-/_}"
	done

	# Nagios
	have=()
	while read -r name; do
		have[$name]=1
		[[ -n ${want[$name]:-} ]] ||
			printf '%s: the options reference lists --%s, which check_haproxy_stat --help does not: remove it\n' "$NAGIOS" "$name"
	done < <(nagios_entries "$NAGIOS")
	for name in "${!want[@]}"; do
		[[ -n ${have[$name]:-} ]] ||
			printf '%s: the options reference lacks --%s (check_haproxy_stat --help has it): add a "#   --%s" line\n' "$NAGIOS" "$name" "$name"
	done

	# NRPE extra-opts INI
	have=()
	while read -r name; do
		have[$name]=1
		# password= is the one key for an INI file only: --help says so
		# under --username, and the plugin refuses --password on a
		# command line (it would be visible to every user)
		[[ $name == password && $help == *"password=... in an --extra-opts ini file"* ]] && continue
		[[ -n ${want[$name]:-} && $name != extra-opts ]] ||
			printf '%s: key "%s=" is not an option of check_haproxy_stat --help: remove it\n' "$INI" "$name"
	done < <(ini_entries "$INI")
	for name in "${!want[@]}"; do
		[[ $name == extra-opts || -n ${have[$name]:-} ]] ||
			printf '%s: no "%s=" line (check_haproxy_stat --help has --%s): add one, commented with ";" if unused\n' "$INI" "$name" "$name"
	done

	# options used on command lines
	while IFS=$'\t' read -r f name; do
		[[ -n ${want[$name]:-} ]] ||
			printf '%s: a command line uses --%s, which check_haproxy_stat --help does not list\n' "$f" "$name"
	done < <(command_line_options)
}

HELP=$("$PLUGIN" --help)
n_opts=$(help_options "$HELP" | wc -l)
if [[ $n_opts -lt 10 ]]; then
	ht_bail "read only $n_opts options from $PLUGIN --help" "$HELP"
fi
for f in "$ICINGA" "$NAGIOS" "$INI"; do
	[[ -f $f ]] || ht_bail "$f is missing"
done

ht_case "in step with --help ($n_opts options)"
out=$(problems "$HELP")
declare -A seen=()
for f in "$ICINGA" "$NAGIOS" "$INI" "${CMDFILES[@]}"; do
	[[ -z ${seen[$f]:-} ]] || continue
	seen[$f]=1
	mine=$(grep -F "$f:" <<<"$out" || true)
	if [[ -z $mine ]]; then
		ht_pass "$(_ht_name "${f#"$top_srcdir"/}")"
	else
		ht_fail "$(_ht_name "${f#"$top_srcdir"/}")" "$mine"
	fi
done

# doc_snippet FILE START_ERE [LINE_ERE]: FILE from its first line matching
# START_ERE to the end (or only its lines matching LINE_ERE), as a fenced
# block of doc/*.md shows it.
doc_snippet() {
	local f=$1 start=$2 only=${3:-} line on=0 out=""
	while IFS= read -r line; do
		if [[ -n $only ]]; then
			[[ $line =~ $only ]] || continue
		elif [[ $on == 0 ]]; then
			[[ $line =~ $start ]] || continue
			on=1
		fi
		out+="$line"$'\n'
	done <"$f"
	while [[ $out == *$'\n\n' ]]; do
		out=${out%$'\n'}
	done
	printf '%s' "$out" | expand -t 4 | sed 's/[[:space:]]*$//'
}

ht_case "doc/ snippets"
DOC_TEXT=$(cat "$top_srcdir"/doc/*.md)
while IFS='|' read -r f start only; do
	snippet=$(doc_snippet "$top_srcdir/$f" "$start" "$only")
	if [[ -n $snippet && $DOC_TEXT == *"$snippet"* ]]; then
		ht_pass "$(_ht_name "doc/ shows $f as shipped")"
	else
		ht_fail "$(_ht_name "doc/ shows $f as shipped")" "no doc/*.md has this block (update the copy of $f in doc/):
$snippet"
	fi
done <<'EOF_SNIPPETS'
contrib/icinga2/haproxy_stat.conf|^object CheckCommand|
contrib/icinga2/haproxy_stat-services.conf|^object Host|
contrib/icinga2/haproxy_stat-notifications.conf|^object NotificationCommand|
contrib/nagios/commands.cfg|^define command|
contrib/nagios/services.cfg|^define service|
contrib/nrpe/check_haproxy_stat.cfg||^command\[
contrib/nrpe/check_haproxy_stat.ini|^\[app-main\]|
EOF_SNIPPETS

# Self-test: one option more (--bogus-option) and one less (--server).
ht_case "self-test"
fake=$(printf '%s\n' "$HELP" | grep -v -e '^ --server=' -e '^ --bogus-option=')
fake+=$'\n --bogus-option=X\n    Bogus option of the self-test'
out=$(problems "$fake")
for f in "$ICINGA" "$NAGIOS" "$INI"; do
	n_added=$(grep -F "$f:" <<<"$out" | grep -c -e 'bogus-option' || true)
	n_lost=$(grep -F "$f:" <<<"$out" | grep -c -e '--server\b' -e '"server="' || true)
	if [[ $n_added -ge 1 && $n_lost -ge 1 ]]; then
		ht_pass "$(_ht_name "a gained and a lost option are reported for ${f#"$top_srcdir"/}")"
	else
		ht_fail "$(_ht_name "a gained and a lost option are reported for ${f#"$top_srcdir"/}")" "$out"
	fi
done

ht_finish
