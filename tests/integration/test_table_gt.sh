#!/bin/bash
#
# test_table_gt.sh - table.gt.TYPE.N against a real HAProxy: a rate-limiting
# stick table filled by several clients (loopback source addresses), some
# above a request rate, gives the number of abusive clients, counted by
# HAProxy's own "show table NAME data.TYPE gt N".
#
# Usage: PLUGIN=/abs/path/check_haproxy_stat tests/integration/test_table_gt.sh

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ht_init

ht_pick_port FE_PORT

hx_start <<EOF
frontend fe_web
    bind 127.0.0.1:$FE_PORT
    stick-table type ip size 100 expire 60s store http_req_rate(60s),conn_cur
    http-request track-sc0 src
    http-request return status 200
EOF
S=$HX_SOCK

# requests FROM COUNT: COUNT requests from source address FROM
requests() {
	"$CURL" -s --max-time 20 --interface "$1" -H 'Connection: close' \
		"http://127.0.0.1:$FE_PORT/r/[1-$2]" >/dev/null
}

ht_case "empty table: no abusive client"
run_plugin -S "$S" -w table.gt.http_req_rate.5=0 -vv
expect_exit 0
expect_output_match 'table:fe_web:gt.http_req_rate.5=0;0;;0'

ht_case "two clients above 5 requests, two below"
requests 127.0.0.2 10
requests 127.0.0.3 8
requests 127.0.0.4 2
requests 127.0.0.1 1
run_plugin -S "$S" -w table.gt.http_req_rate.5=0 -c table.gt.http_req_rate.5=2 -vv
expect_exit 1
expect_first_line_match 'fe_web table.gt.http_req_rate.5 2 \(warning range 0\)'
expect_output_match 'table:fe_web:gt.http_req_rate.5=2;0;2;0'
expect_output_match 'sent to .*;show table fe_web data\.http_req_rate gt 5' '-vv shows the count query'
expect_output_match 'table:fe_web:used=4'

ht_case "a lower limit counts more of them"
run_plugin -S "$S" -c table.gt.http_req_rate.1=2
expect_exit 2
expect_output_match 'gt.http_req_rate.1=3;'

ht_case "@PROXY names the table"
run_plugin -S "$S" -c 'table.gt.http_req_rate.5@fe_web=5' -c 'table.gt.http_req_rate.5@other=0'
expect_exit 3
expect_output_match "rule table.gt.http_req_rate.5@other: no selected object belongs to a proxy"

ht_case "a data type the table does not store"
run_plugin -S "$S" -w table.gt.gpc0.1=0 -vv
expect_exit 3
expect_output_match 'rule table.gt.gpc0.1: no selected stick table could be counted'

ht_case "a bad TYPE or N is a usage error"
run_plugin -S "$S" -w 'table.gt.http_req_rate;quit.1=0'
expect_exit 3
expect_first_line_match 'is not table.gt.TYPE.N'
run_plugin -S "$S" -w 'table.gt.http_req_rate.1x=0'
expect_exit 3
expect_first_line_match 'is not table.gt.TYPE.N'

ht_finish
