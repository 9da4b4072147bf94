/* hs_perfdata.h: performance data items in the Monitoring Plugins grammar.
 *
 *   'label'=value[UOM];[warn];[crit];[min];[max]
 *
 * Numbers are written in the C locale with '.' as decimal point and never
 * in exponent form; trailing empty fields are dropped. Labels are quoted
 * only when they hold a space; characters no parser accepts in a label
 * (' = | and control characters) are replaced by '_'.
 */
#ifndef HS_PERFDATA_H
#define HS_PERFDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "hs_buf.h"

/* Which objects write perfdata (--perfdata). */
enum hs_perf_level {
	HS_PERF_NONE,    /* none */
	HS_PERF_SUMMARY, /* totals, the process (info.) and stick tables */
	HS_PERF_PROXIES, /* also every frontend and backend (the default) */
	HS_PERF_SERVERS, /* also every server and listener */
};

/* Writes <v> into <dst> as a plain decimal: integers without a fraction,
 * others with up to 6 decimals, trailing zeros removed; "U" when the
 * value is not finite or its digits do not fit in <size>.
 */
void hs_perf_number(char *dst, size_t size, double v);

/* Formats one item into <item> (<size> bytes). <warn> and <crit> are range
 * texts (may be NULL); <min> and <max> may be NULL when they do not apply.
 * Returns its length, or 0 when it does not fit.
 */
size_t hs_perf_item(char *item, size_t size, const char *label, double value, const char *uom,
		    const char *warn, const char *crit, const double *min, const double *max);

/* Appends one item to <buf>, preceded by a space unless <buf> is empty.
 * <warn> and <crit> are range texts (may be NULL); <min> and <max> may be
 * NULL when they do not apply. Returns false if the buffer refused it.
 */
bool hs_perf_add(struct hs_buf *buf, const char *label, double value, const char *uom,
		 const char *warn, const char *crit, const double *min, const double *max);

#endif
