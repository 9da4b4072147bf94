#!/bin/bash
#
# layout.sh - the shape of lib/ against doc/internals.md, its map.
#
# doc/internals.md names every module of lib/ (a .c and its .h, or a
# header alone) in a table row "| STAGE | hs_NAME | its one job |", and the
# stages in their order in the line "Stages: A, B, C ...". This test fails
# when:
#   - a lib/ source is named nowhere in that table, or the table names a
#     module lib/ does not have;
#   - a lib/ source is longer than 600 lines;
#   - lib/ is longer than 12 000 lines in all (wc -l over lib/*.[ch]);
#   - the #include "hs_*.h" graph between modules has a circle;
#   - a module includes a module of a later stage (the stage "types", the
#     header of the configuration's data types, may be included from
#     anywhere and includes the headers of what it embeds).
#
# Usage: top_srcdir=. tests/layout.sh

top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
map=$top/doc/internals.md
lib=$top/lib
# the budgets; while issue 16's work is under way, Makefile.am holds the
# ceiling reached so far (LAYOUT_LINES_MAX) and the sources still being
# split (LAYOUT_LONG_PENDING): a ratchet that only tightens
LINES_MAX=${LAYOUT_LINES_MAX:-12000}
FILE_LINES_MAX=600
LONG_PENDING=" ${LAYOUT_LONG_PENDING:-} "

pass=0
fail=0
ok() {
	pass=$((pass + 1))
	echo "ok $((pass + fail)) - $1"
}
not_ok() {
	fail=$((fail + 1))
	echo "not ok $((pass + fail)) - $1"
	[[ -n ${2:-} ]] && printf '%s\n' "$2" | sed 's/^/#   /'
}

[[ -f $map ]] || {
	echo "layout.sh: $map is missing"
	exit 1
}

# the stages in order, and each module's stage
read -r -a STAGES <<<"$(sed -n 's/^Stages: *//p' "$map" | tr -d ',.')"
declare -A RANK=() STAGE=()
for i in "${!STAGES[@]}"; do
	RANK[${STAGES[$i]}]=$i
done
while IFS='|' read -r _ stage module _; do
	stage=${stage//[[:space:]\`]/}
	module=${module//[[:space:]\`]/}
	[[ $module =~ ^hs_[a-z0-9_]+$ ]] || continue
	STAGE[$module]=$stage
done <"$map"

if ((${#STAGES[@]} >= 3)); then
	ok "doc/internals.md names ${#STAGES[@]} stages: ${STAGES[*]}"
else
	not_ok "doc/internals.md names its stages in a line 'Stages: A, B, C'"
fi

# every source named, every name a source, every stage a known one
declare -A MODULES=()
for f in "$lib"/hs_*.[ch]; do
	m=$(basename "$f")
	MODULES[${m%.[ch]}]=1
done
missing="" unknown="" badstage=""
for m in "${!MODULES[@]}"; do
	[[ -n ${STAGE[$m]:-} ]] || missing+=" $m"
done
for m in "${!STAGE[@]}"; do
	[[ -n ${MODULES[$m]:-} ]] || unknown+=" $m"
	[[ -n ${RANK[${STAGE[$m]}]:-} ]] || badstage+=" $m(${STAGE[$m]})"
done
if [[ -z $missing ]]; then
	ok "every lib/ module is named in doc/internals.md (${#MODULES[@]})"
else
	not_ok "every lib/ module is named in doc/internals.md" "not named:$missing"
fi
if [[ -z $unknown ]]; then
	ok "doc/internals.md names no module lib/ lacks"
else
	not_ok "doc/internals.md names no module lib/ lacks" "no such module:$unknown"
fi
if [[ -z $badstage ]]; then
	ok "every module's stage is one of the stages"
else
	not_ok "every module's stage is one of the stages" "unknown stage:$badstage"
fi

# sizes
total=$(cat "$lib"/*.[ch] | wc -l)
long=""
for f in "$lib"/*.[ch]; do
	n=$(wc -l <"$f")
	((n > FILE_LINES_MAX)) || continue
	if [[ $LONG_PENDING == *" $(basename "$f") "* ]]; then
		echo "# $(basename "$f"): $n lines, still to be split (LAYOUT_LONG_PENDING)"
	else
		long+=" $(basename "$f") ($n)"
	fi
done
if [[ -z $long ]]; then
	ok "no lib/ source over $FILE_LINES_MAX lines"
else
	not_ok "no lib/ source over $FILE_LINES_MAX lines" "over:$long"
fi
if ((total <= LINES_MAX)); then
	ok "lib/ is $total lines (at most $LINES_MAX)"
else
	not_ok "lib/ is $total lines (at most $LINES_MAX)"
fi

# the include graph between modules
declare -A DEPS=()
for f in "$lib"/hs_*.[ch]; do
	m=$(basename "$f")
	m=${m%.[ch]}
	for d in $(sed -n 's/^#include "\(hs_[a-z0-9_]*\)\.h".*/\1/p' "$f"); do
		[[ $d == "$m" ]] && continue
		[[ " ${DEPS[$m]:-} " == *" $d "* ]] || DEPS[$m]+=" $d"
	done
done

# circles: depth-first search, colour 1 on the path, 2 done
declare -A COLOUR=()
circle=""
visit() {
	local m=$1 d
	COLOUR[$m]=1
	PATH_STACK+=("$m")
	for d in ${DEPS[$m]:-}; do
		if [[ ${COLOUR[$d]:-0} == 1 ]]; then
			local i s=""
			for i in "${!PATH_STACK[@]}"; do
				[[ ${PATH_STACK[$i]} == "$d" ]] && s="${PATH_STACK[*]:$i}"
			done
			circle+="$s -> $d"$'\n'
		elif [[ ${COLOUR[$d]:-0} == 0 ]]; then
			visit "$d"
		fi
	done
	unset 'PATH_STACK[-1]'
	COLOUR[$m]=2
}
for m in "${!MODULES[@]}"; do
	PATH_STACK=()
	[[ ${COLOUR[$m]:-0} == 0 ]] && visit "$m"
done
if [[ -z $circle ]]; then
	ok "no circle in the #include graph of lib/"
else
	not_ok "no circle in the #include graph of lib/" "$circle"
fi

# no stage includes a later one (types excepted)
back=""
for m in "${!DEPS[@]}"; do
	s=${STAGE[$m]:-}
	[[ -n $s && -n ${RANK[$s]:-} ]] || continue
	for d in ${DEPS[$m]}; do
		t=${STAGE[$d]:-}
		[[ -n $t && -n ${RANK[$t]:-} ]] || continue
		if [[ $s != types && $t != types ]] && ((RANK[$t] > RANK[$s])); then
			back+="$m ($s) includes $d ($t)"$'\n'
		fi
	done
done
if [[ -z $back ]]; then
	ok "no module includes a module of a later stage"
else
	not_ok "no module includes a module of a later stage" "$(sort <<<"${back%$'\n'}")"
fi

echo "$pass passed, $fail failed"
((fail == 0))
