#!/bin/bash
#
# test_nodes.sh - several HAProxy nodes in one check (-S and -H repeated):
#
#    1. three real HAProxy instances, each on its own stats socket: OK, the
#       summary counts the nodes, perfdata labels carry the node's name
#    2. a server DOWN on one node only (its stand-in stopped listening): the
#       finding names that node, the others stay quiet
#    3. a stopped node: node.unreachable (CRITICAL), the other nodes'
#       findings still there, cluster:nodes_up counts the nodes that answered
#    4. quorum rules: --policy node.unreachable=ok -c nodes_up=2:
#    5. a hung node (accepts, never answers) first in the list: it costs the
#       timeout, not the check; the others' findings are all there
#    6. a node that answers something else than HAProxy: UNKNOWN for it,
#       never hiding another node's CRITICAL
#    7. a node over TCP beside unix sockets; a backend DOWN on every node
#    8. --list gets a node column
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_nodes.sh

# shellcheck source=lib.sh disable=SC2154 # PORT_* and friends are set by ht_pick_port
. "$(dirname "$0")/lib.sh"

ht_init

declare -A LB_PID=() LB_SOCK=() LB_TCP=()

# lb_start N: start HAProxy node lbN: stats socket $HT_TMP/lbN.sock (and a
# TCP one), backend app-main with web1 (shared stand-in) and web2 (the
# node's own stand-in w2-lbN), backend solo with the shared stand-in only.
lb_start() {
	local n=$1 cfg=$HT_TMP/lb$1.cfg fe tcp i
	ht_pick_port fe
	ht_pick_port tcp
	LB_SOCK[$n]=$HT_TMP/lb$n.sock
	LB_TCP[$n]=$tcp
	cat >"$cfg" <<EOF
global
    stats socket ${LB_SOCK[$n]} mode 600 level admin
    stats socket ipv4@127.0.0.1:$tcp level user
    stats timeout 10s

defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    timeout check 1s
    default-server inter 200ms fall 1 rise 1

frontend www
    bind 127.0.0.1:$fe
    default_backend app-main

backend app-main
    server web1 127.0.0.1:$P_WEB1 check
    server web2 127.0.0.1:${P_W2[$n]} check

backend solo
    server common 127.0.0.1:$P_COMMON check
EOF
	ht_spawn "lb$n" "$HAPROXY" -db -f "$cfg"
	LB_PID[$n]=$HT_LAST_PID
	for ((i = 0; i < 100; i++)); do
		if [[ -S ${LB_SOCK[$n]} ]] &&
			[[ $(ht_cli "show info" "${LB_SOCK[$n]}" 2>/dev/null) == *"Name: HAProxy"* ]]; then
			return 0
		fi
		sleep 0.1
	done
	ht_bail "node lb$n did not come up" "$(cat "$HT_TMP/lb$n.log" 2>/dev/null)"
}

# lb_stop N: stop node lbN by pid (its socket file stays: a stopped node).
lb_stop() {
	ht_kill_pid "${LB_PID[$1]}"
	ht_forget_pid "${LB_PID[$1]}"
}

# lb_wait N PROXY SERVER ERE: wait until PROXY/SERVER's status on lbN
# matches ERE.
lb_wait() {
	local saved=$HX_SOCK rc
	HX_SOCK=${LB_SOCK[$1]}
	hx_wait_status "$2" "$3" "$4" 10
	rc=$?
	HX_SOCK=$saved
	return $rc
}

ht_pick_port P_WEB1
ht_pick_port P_COMMON
declare -A P_W2=()
for n in 1 2 3; do
	ht_pick_port "P_W2[$n]"
done
ht_backend_start web1 "$P_WEB1"
ht_backend_start common "$P_COMMON"
for n in 1 2 3; do
	ht_backend_start "w2-lb$n" "${P_W2[$n]}"
done
for n in 1 2 3; do
	lb_start "$n"
done
for n in 1 2 3; do
	lb_wait "$n" app-main web2 UP
	lb_wait "$n" solo common UP
done

NODES=(-S "lb1=${LB_SOCK[1]}" -S "lb2=${LB_SOCK[2]}" -S "lb3=${LB_SOCK[3]}")

ht_case "three nodes answer"
run_plugin "${NODES[@]}"
expect_exit 0
expect_first_line_match '^HAPROXY OK - 3 of 3 nodes answered: 3 frontends, 6 backends, 9 servers \(9 UP\) checked\|'
expect_first_line_match ' lb1:be:app-main:up=2;;;0;2 ' 'perfdata of lb1 named lb1'
expect_first_line_match ' lb3:be:solo:up=1;;;0;1 ' 'perfdata of lb3 named lb3'
expect_first_line_match ' cluster:nodes_up=3;;;0;3$' 'nodes_up perfdata, max the nodes given'

ht_case "a server DOWN on one node"
ht_backend_kill w2-lb2
lb_wait 2 app-main web2 'DOWN.*'
run_plugin "${NODES[@]}"
expect_exit 1
expect_first_line_match '^HAPROXY WARNING - lb2: app-main/web2 DOWN'
expect_output_match '^\[WARNING\] lb2: app-main/web2 DOWN'
expect_no_output_match '^\[WARNING\] lb[13]: ' 'the other nodes have no finding'
expect_first_line_match ' lb2:be:app-main:up=1;;;0;2 ' 'lb2 up=1'
expect_first_line_match ' lb1:be:app-main:up=2;;;0;2 ' 'lb1 up=2'

ht_case "a stopped node"
lb_stop 3
run_plugin "${NODES[@]}"
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - node lb3 unreachable: '
expect_output_match '^\[CRITICAL\] node lb3 unreachable: .*refused' 'the reason: connection refused'
expect_output_match '^\[WARNING\] lb2: app-main/web2 DOWN' 'lb2 finding still reported'
expect_first_line_match ' cluster:nodes_up=2;;;0;3$' 'nodes_up counts those that answered'
expect_first_line_no_match 'lb3:' 'no perfdata for the node that did not answer'

ht_case "quorum: 2 of 3 nodes are enough"
run_plugin "${NODES[@]}" --policy node.unreachable=ok --policy server.down=ok -c nodes_up=2:
expect_exit 0
expect_first_line_match '^HAPROXY OK - 2 of 3 nodes answered: '
expect_first_line_match ' cluster:nodes_up=2;;2:;0;3$' 'nodes_up with its range'
expect_output_match '^\[OK\] node lb3 unreachable' 'the unreachable node is still listed'

ht_case "quorum: 3 of 3 required"
run_plugin "${NODES[@]}" --policy node.unreachable=ok --policy server.down=ok -c nodes_up=3:
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - cluster nodes_up 2 \(critical range 3:\)'

ht_case "a hung node first in the list"
ht_fake_socket hung 'sleep 30'
run_plugin -S "hung=$HT_FAKE_SOCK" "${NODES[@]}" -t 2
expect_exit 2
expect_first_line_match '^HAPROXY CRITICAL - node hung unreachable: timed out'
expect_output_match '^\[CRITICAL\] node lb3 unreachable' 'the stopped node reported too'
expect_output_match '^\[WARNING\] lb2: app-main/web2 DOWN' 'the DOWN server behind the hung node reported'
expect_first_line_match ' lb1:be:app-main:up=2;;;0;2 ' 'perfdata of the nodes that answered'
expect_first_line_match ' cluster:nodes_up=2;;;0;4$'
ht_note "4 nodes, one hung, -t 2: ${HT_ELAPSED_MS} ms"

# A node whose name the DNS servers never answer for: getaddrinfo() cannot
# be interrupted and would hold the check past -t until the plugin's alarm
# ends it all ("plugin timed out", the other nodes' answers lost). The DNS
# server is a UDP socket that reads and never answers, given to the plugin
# in a private /etc/resolv.conf (a mount namespace: needs root, as CI runs).
ht_case "a node whose DNS server does not answer, -t 2"
if [[ $EUID == 0 ]] && unshare -m --propagation private true 2>/dev/null; then
	# an address of its own: the version lanes of CI run this script side by side
	DNS_ADDR=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
	printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$DNS_ADDR" >"$HT_TMP/resolv.conf"
	ht_spawn dns-blackhole "$SOCAT" -u "UDP-RECV:53,bind=$DNS_ADDR" /dev/null
	for ((i = 0; i < 50; i++)); do
		"$HT_SS" -Hlun "src = $DNS_ADDR:53" 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	_ht_wrapper_words
	_ht_exec /dev/null unshare -m --propagation private \
		sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$HT_TMP/resolv.conf" \
		"${HT_WRAP[@]}" "$PLUGIN" -t 2 -S "lb1=${LB_SOCK[1]}" -H slow=haproxy.blackhole.example:9999
	expect_exit 2 'the unreachable node is CRITICAL (node.unreachable)'
	expect_output_match '^\[CRITICAL\] node slow unreachable: timed out resolving haproxy\.blackhole\.example: ' \
		'the node that did not resolve in time is named'
	expect_first_line_match ' lb1:be:app-main:up=' 'the node that answered is reported'
	expect_no_output_match 'plugin timed out' 'the check did not end by its alarm'
	ht_note "a node resolving through a DNS server that never answers, -t 2: ${HT_ELAPSED_MS} ms"
elif [[ ${REQUIRE_HAPROXY:-0} == 1 ]]; then
	ht_fail "$HT_CASE: needs root and unshare(1) for a private /etc/resolv.conf"
else
	ht_note "$HT_CASE: not run (needs root and unshare(1) for a private /etc/resolv.conf)"
fi

ht_case "a node that is not HAProxy"
ht_fake_socket junk 'printf "Unknown command.\n\n"'
run_plugin -S "junk=$HT_FAKE_SOCK" "${NODES[@]}"
expect_exit 2 'the CRITICAL of another node wins over the UNKNOWN'
expect_output_match '^\[UNKNOWN\] node junk: '
expect_output_match '^\[CRITICAL\] node lb3 unreachable'

# The first connection closes without a word (as a HAProxy in the middle
# of a reload may), the retry meets something that is not HAProxy: the
# wrong answer is what the node is, not an unreachable node.
ht_case "a node that closes, then answers as something else when retried"
# tests/fake_peer serves its connections in turn (the first closed, the
# next answered "Unknown command."): no relay or timing decides the verdict
JUNK2_SOCK=$HT_TMP/junk2.sock
ht_spawn fake-junk2 "$FAKE_PEER" --unix "$JUNK2_SOCK" --mode closeonce
for ((i = 0; i < 50; i++)); do
	[[ -S $JUNK2_SOCK ]] && break
	sleep 0.1
done
run_plugin -S "junk2=$JUNK2_SOCK" -S "lb1=${LB_SOCK[1]}"
expect_output_match "^\\[UNKNOWN\\] node junk2: unexpected response from .*: 'Unknown command\\.' .*\\(the first attempt: empty response from " \
	'the retry tells what the node is'
expect_no_output_match 'node junk2 unreachable' 'not an unreachable node'

ht_case "unix and TCP nodes; a backend DOWN on every node that answers"
ht_backend_kill common
lb_wait 1 solo common 'DOWN.*'
lb_wait 2 solo common 'DOWN.*'
run_plugin -S "lb1=${LB_SOCK[1]}" -H "lb2=127.0.0.1:${LB_TCP[2]}"
expect_exit 2
expect_output_match '^\[CRITICAL\] lb1: solo/BACKEND DOWN'
expect_output_match '^\[CRITICAL\] lb2: solo/BACKEND DOWN'
expect_first_line_match '^HAPROXY CRITICAL - solo/BACKEND DOWN on every node that answered \(2 of 2\), ' 'the cross-node view first'
expect_first_line_match ' lb2:be:solo:up=0;;;0;1 ' 'the TCP node named'

ht_case "--list has a node column"
run_plugin "${NODES[@]}" --list --proxy app-main --policy node.unreachable=ok
expect_output_match '^node +OBJECT +TYPE'
expect_output_match '^lb1 +app-main/web2 +server +UP'
expect_output_match '^lb2 +app-main/web2 +server +DOWN'

ht_case "bad node options"
run_plugin -S "lb1=${LB_SOCK[1]}" -S "lb1=${LB_SOCK[2]}"
expect_exit 3
expect_first_line_match "^HAPROXY UNKNOWN - node 'lb1' given twice"

ht_finish
