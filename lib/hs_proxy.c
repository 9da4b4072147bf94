/* hs_proxy.c: the proxy being read, aggregated from its rows. */
#include <hs-config.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "hs_proxy.h"

/* How a summed-up line names the objects of a policy line, by key. Only
 * these lines (<many> set) are summed up; others stay one finding per
 * object.
 */
static const struct {
	const char *many; /* "servers in MAINT" */
	bool names;       /* name a few */
} group_words[HS_POL_COUNT] = {
	[HS_POL_SERVER_NOCHECK] = {"servers without health checks", false},
	[HS_POL_SERVER_MAINT] = {"servers in MAINT", true},
	[HS_POL_SERVER_DRAIN] = {"servers in DRAIN", true},
	[HS_POL_SERVER_NOLB] = {"servers in NOLB", true},
	[HS_POL_SERVER_WEIGHT0] = {"servers at weight 0 (take no new traffic)", true},
	[HS_POL_SERVER_GOING_DOWN] = {"servers failing checks (UP n/m)", true},
	[HS_POL_LISTENER_WAITING] = {"listeners WAITING", true},
};

int
hs_proxy_open(struct hs_proxy *px, const char *name, bool selected, struct hs_error *err)
{
	/* a zeroed struct is a free one: every group's names buffer is
	 * hs_buf_init(0) */
	hs_proxy_free(px);
	px->name = strdup(name);
	if (px->name == NULL)
		return hs_error_set(err, HS_ERR_NOMEM, "out of memory");
	px->open = true;
	px->selected = selected;
	return 0;
}

void
hs_proxy_add_server(struct hs_proxy *px, const struct hs_server *sv)
{
	struct hs_agg *a = &px->agg;

	if (sv->backup) {
		a->bck_total++;
		a->bck_up += sv->serving;
		return;
	}
	a->act_total++;
	a->act_up += sv->serving;
	a->act_down += sv->failed;
	a->act_planned += sv->planned;
	if (sv->serving && sv->weight > 0)
		a->weight_serving += sv->weight;
	if (sv->uweight > 0)
		a->weight_config += sv->uweight;
}

bool
hs_proxy_defer(struct hs_proxy *px, bool backup, enum hs_state rules_state, char *finding,
	       struct hs_cells *cells)
{
	size_t bytes = sizeof(struct hs_deferred) + (finding ? strlen(finding) + 1 : 0) +
		       (cells ? hs_cells_size(cells) : 0);
	struct hs_deferred *d;

	if (finding == NULL || px->defer_bytes + bytes > HS_PROXY_DEFER_LIMIT)
		goto drop;
	if (px->ndefer == px->defer_cap) {
		size_t cap = px->defer_cap ? 2 * px->defer_cap : 16;
		struct hs_deferred *grown = realloc(px->defer, cap * sizeof(*grown));

		if (grown == NULL)
			goto drop;
		px->defer = grown;
		px->defer_cap = cap;
	}
	d = &px->defer[px->ndefer++];
	memset(d, 0, sizeof(*d));
	d->backup = backup;
	d->rules_state = rules_state;
	d->finding = finding;
	if (cells != NULL) {
		d->cells = *cells; /* moved */
		d->has_cells = true;
	}
	px->defer_bytes += bytes;
	return true;
drop:
	free(finding);
	if (cells != NULL)
		hs_cells_free(cells);
	if (backup)
		px->dropped_backup++;
	else
		px->dropped_active++;
	return false;
}

void
hs_proxy_group(struct hs_proxy *px, int key, enum hs_objtype type, const char *name,
	       const char *finding)
{
	struct hs_okgroup *g;

	if (key < 0 || key >= HS_POL_COUNT)
		return;
	g = &px->group[key];
	px->used |= 1u << key;
	g->type = type;
	if (g->count == 0)
		g->first = strdup(finding);
	if (g->count < HS_PROXY_GROUP_NAMES)
		hs_buf_printf(&g->names, "%s%s", g->count ? ", " : "", name);
	g->count++;
}

void
hs_proxy_backend_cells(struct hs_proxy *px, struct hs_cells *cells)
{
	if (px->has_backend_cells)
		hs_cells_free(&px->backend_cells);
	px->backend_cells = *cells; /* moved */
	px->has_backend_cells = true;
}

/* Reports the summed-up OK findings. */
static void
report_groups(const struct hs_proxy *px, const struct hs_policy *pol, struct hs_report *rep)
{
	size_t i;

	for (i = 0; i < HS_POL_COUNT && (px->used >> i) != 0; i++) {
		const struct hs_okgroup *g = &px->group[i];

		if ((px->used & (1u << i)) == 0 || g->count == 0)
			continue;
		if (g->count == 1 || group_words[i].many == NULL) {
			/* alone, its own finding says more */
			if (g->first != NULL)
				hs_report_add(rep, pol->state[i], true, "%s", g->first);
			continue;
		}
		if (group_words[i].names)
			hs_report_add(rep, pol->state[i], true, "%s: %zu %s (%s%s)", px->name,
				      g->count, group_words[i].many, hs_buf_str(&g->names),
				      g->count > HS_PROXY_GROUP_NAMES ? ", ..." : "");
		else
			hs_report_add(rep, pol->state[i], true, "%s: %zu %s", px->name, g->count,
				      group_words[i].many);
	}
}

void
hs_proxy_close(struct hs_proxy *px, const struct hs_policy *pol, struct hs_report *rep)
{
	int active_key = px->agg.act_up > 0 ? HS_POL_SERVER_DOWN : HS_POL_SERVER_DOWN_LAST;
	size_t i;

	if (!px->open)
		return;
	for (i = 0; i < px->ndefer; i++) {
		struct hs_deferred *d = &px->defer[i];
		int key = d->backup ? HS_POL_BACKUP_DOWN : active_key;

		hs_report_add(rep, pol->state[key], true, "%s", d->finding);
		if (d->has_cells) {
			d->cells.policy = hs_policy_defaults[key].key;
			d->cells.state =
				hs_state_name(hs_state_worst(d->rules_state, pol->state[key]));
			hs_cells_emit(&d->cells, rep);
		}
	}
	if (px->dropped_active > 0)
		hs_report_add(rep, pol->state[active_key], true,
			      "%s: %zu more servers DOWN (not shown: output limit)", px->name,
			      px->dropped_active);
	if (px->dropped_backup > 0)
		hs_report_add(rep, pol->state[HS_POL_BACKUP_DOWN], true,
			      "%s: %zu more backup servers DOWN (not shown: output limit)",
			      px->name, px->dropped_backup);
	report_groups(px, pol, rep);
	if (px->has_backend_cells)
		hs_cells_emit(&px->backend_cells, rep);
	hs_proxy_free(px);
}

void
hs_proxy_free(struct hs_proxy *px)
{
	size_t i;

	for (i = 0; i < px->ndefer; i++) {
		free(px->defer[i].finding);
		if (px->defer[i].has_cells)
			hs_cells_free(&px->defer[i].cells);
	}
	free(px->defer);
	for (i = 0; i < HS_POL_COUNT && (px->used >> i) != 0; i++) {
		if ((px->used & (1u << i)) == 0)
			continue;
		free(px->group[i].first);
		hs_buf_free(&px->group[i].names);
		memset(&px->group[i], 0, sizeof(px->group[i]));
	}
	if (px->has_backend_cells)
		hs_cells_free(&px->backend_cells);
	free(px->name);
	/* the groups not used are zero already */
	memset(px, 0, offsetof(struct hs_proxy, group));
}
