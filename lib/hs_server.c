/* hs_server.c: what a server row says beside its status. */
#include <hs-config.h>

#include <stdio.h>
#include <string.h>

#include "hs_server.h"

void
hs_server_describe(struct hs_server *sv, const struct hs_row *row, const struct hs_status *st,
		   const struct hs_policy *pol)
{
	const char *bck = hs_row_str(row, HS_COL_BCK);
	bool up = st->cls == HS_SC_UP || st->cls == HS_SC_NOCHECK;
	double w;

	memset(sv, 0, sizeof(*sv));
	sv->backup = bck != NULL && strcmp(bck, "1") == 0;
	sv->failed = hs_status_failed(st);
	sv->planned = !sv->failed &&
		      ((st->cls == HS_SC_MAINT && pol->state[HS_POL_SERVER_MAINT] == HS_STATE_OK) ||
		       (st->cls == HS_SC_DRAIN && pol->state[HS_POL_SERVER_DRAIN] == HS_STATE_OK));
	/* without a weight column (not seen in practice) a server serves */
	sv->weight = hs_row_num(row, HS_COL_WEIGHT, &w) ? w : -1;
	if (!hs_row_num(row, HS_COL_UWEIGHT, &sv->uweight))
		sv->uweight = sv->weight; /* before 2.4: the current weight is all there is */
	sv->weight0 = up && sv->weight == 0;
	sv->serving = up && !sv->weight0;
}

void
hs_server_detail(const struct hs_row *row, const struct hs_status *st, char *dst, size_t size)
{
	enum hs_col code_col = HS_COL_CHECK_STATUS, text_col = HS_COL_LAST_CHK;
	const char *code, *text;

	if (st->cause == HS_CAUSE_AGENT) {
		code_col = HS_COL_AGENT_STATUS;
		text_col = HS_COL_LAST_AGT;
	}
	code = hs_row_str(row, code_col);
	text = hs_row_str(row, text_col);
	if (code == NULL)
		code = "";
	if (strncmp(code, "* ", 2) == 0)
		code += 2; /* a check is running; the code is the last result */
	if (text == NULL)
		text = "";
	if (*code == '\0' && *text == '\0') {
		const char *tracked = hs_row_str(row, HS_COL_TRACKED);

		/* a tracking server has no checks of its own */
		if (tracked != NULL && *tracked != '\0')
			snprintf(dst, size, " (tracks %.200s)", tracked);
		else
			dst[0] = '\0';
		return;
	}
	snprintf(dst, size, " (%.40s%s%.200s)", code, *code && *text ? " " : "", text);
}
