/* hs_server.h: what a server row says beside its status.
 *
 * Whether a server serves (UP or no check, at a non-zero effective
 * weight), has failed (DOWN, or MAINT (resolution): a DNS failure), is
 * planned out (MAINT or DRAIN that the policy calls OK), and the check or
 * agent text that explains its state.
 */
#ifndef HS_SERVER_H
#define HS_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_columns.h"
#include "hs_policy.h"
#include "hs_status.h"

/* A server as the aggregate sees it. */
struct hs_server {
	bool backup;
	bool failed;            /* DOWN, MAINT (resolution) */
	bool planned;           /* MAINT or DRAIN that the policy calls OK */
	bool weight0;           /* UP or no check at an effective weight of 0 */
	bool serving;           /* UP or no check at a non-zero weight */
	double weight, uweight; /* effective and configured weight (-1: unknown) */
};

/* Describes server <row> in status <st> under policy <pol> into <sv>. */
void hs_server_describe(struct hs_server *sv, const struct hs_row *row, const struct hs_status *st,
			const struct hs_policy *pol);

/* Writes into <dst> (<size> bytes) the check or agent detail of server
 * <row> in status <st>, " (L4CON Connection refused)", or " (tracks
 * be/s1)" for a tracking server; "" when there is none. The texts are
 * cut (they are HAProxy's, not names).
 */
void hs_server_detail(const struct hs_row *row, const struct hs_status *st, char *dst, size_t size);

/* What a server at weight 0 (UP or no check) says after its status. */
#define HS_SERVER_WEIGHT0_DETAIL ", weight 0 (takes no new traffic)"

#endif
