/* fuzz_master.c: the master CLI's "show proc" parser and the startup-log
 * reader (hs_master_parse_proc, hs_master_first_alert), on peer text.
 *
 * Any bytes: the parser either accepts them, with counts that hold
 * together (no more failed reloads than it can say, uptimes not negative),
 * or refuses them with NOT_STATS or MALFORMED and a message. The alert
 * reader copies at most its buffer, NUL-terminated, with no control byte
 * and no '|' (which would start perfdata).
 */
#include <hs-config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hs_master.h"

HS_FUZZ_TARGET(master)(const uint8_t *data, size_t size)
{
	struct hs_error err = {0};
	struct hs_proc p;
	char alert[HS_MASTER_ALERT_MAX];
	size_t i, n;

	if (hs_master_parse_proc((const char *)data, size, &p, &err) == 0) {
		if (p.worker_uptime < 0 || p.oldest_old_uptime < 0 ||
		    (p.workers == 0 && p.worker_uptime != 0) ||
		    (p.old_workers == 0 && p.oldest_old_uptime != 0) ||
		    (!p.has_failed && p.failed != 0) ||
		    memchr(p.version, '\0', sizeof(p.version)) == NULL)
			abort();
		(void)hs_master_reload_failed(&p);
	} else if ((err.code != HS_ERR_NOT_STATS && err.code != HS_ERR_MALFORMED) ||
		   err.msg[0] == '\0') {
		abort();
	}
	if (hs_master_first_alert((const char *)data, size, alert, sizeof(alert)) !=
	    (alert[0] != '\0'))
		abort();
	n = strnlen(alert, sizeof(alert));
	if (n == sizeof(alert))
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)alert[i];

		if (c < 0x20 || c == 0x7f || c == '|')
			abort();
	}
	return 0;
}
