#!/bin/sh
# haproxy-stat-mail.sh - Icinga 2 notification script for check_haproxy_stat
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Contract: called by the NotificationCommand "haproxy-stat-mail"
# (haproxy_stat-notifications.conf) with the environment variables it sets;
# installed executable in PREFIX/share/check-haproxy-stat/. Writes one
# mail to $USEREMAIL through "$SENDMAIL -t -oi" (default /usr/sbin/sendmail)
# and exits with sendmail's status. Subject: type, host, service, state.
# Body: the same, the plugin output (status line and long output: which
# proxy, which server, what status and check detail) and the session rate of
# every frontend and backend read from the performance data
# (fe:<proxy>:rate, be:<proxy>:rate), then the raw performance data.
set -u

: "${SENDMAIL:=/usr/sbin/sendmail}"

# perfdata items never contain spaces (HAProxy names cannot), so the value
# splits on blanks; each item is label=value;warn;crit;min;max
rates=""
for item in ${SERVICEPERFDATA:-}; do
	label=${item%%=*}
	label=${label#\'}
	label=${label%\'}
	value=${item#*=}
	value=${value%%;*}
	case $label in
	fe:*:rate) rates="${rates}  frontend ${label#fe:}" ;;
	be:*:rate) rates="${rates}  backend  ${label#be:}" ;;
	*) continue ;;
	esac
	rates="${rates%:rate}: $value sessions/s
"
done
[ -n "$rates" ] || rates="  (none in the performance data)
"

{
	printf 'To: %s\n' "${USEREMAIL:-root@localhost}"
	printf 'Subject: [%s] %s on %s is %s\n' "${NOTIFICATIONTYPE:-}" \
		"${SERVICEDISPLAYNAME:-${SERVICENAME:-}}" "${HOSTDISPLAYNAME:-${HOST_NAME:-}}" "${SERVICESTATE:-}"
	printf 'Content-Type: text/plain; charset=UTF-8\n\n'
	printf 'Notification: %s\n' "${NOTIFICATIONTYPE:-}"
	printf 'Host:         %s (%s)\n' "${HOSTDISPLAYNAME:-}" "${HOSTADDRESS:-}"
	printf 'Service:      %s\n' "${SERVICEDISPLAYNAME:-${SERVICENAME:-}}"
	printf 'State:        %s\n' "${SERVICESTATE:-}"
	printf 'Date:         %s\n\n' "${LONGDATETIME:-}"
	printf '%s\n\n' "${SERVICEOUTPUT:-}"
	printf 'Session rate:\n%s\n' "$rates"
	printf 'Performance data:\n  %s\n' "${SERVICEPERFDATA:-}"
	if [ -n "${NOTIFICATIONCOMMENT:-}" ]; then
		printf '\nComment by %s: %s\n' "${NOTIFICATIONAUTHOR:-}" "$NOTIFICATIONCOMMENT"
	fi
} | "$SENDMAIL" -t -oi
