/* hs_render.h: writes a report (hs_report.h) out as the plugin output.
 *
 * Within the report's byte budget (rep->output_max), the status line
 * comes first, then the non-OK findings, the thresholded perfdata items,
 * the --list table, then the other perfdata items and the OK findings
 * sharing the rest, then the notes; whatever does not fit is counted in a
 * closing line instead. Text from HAProxy is scrubbed here, so that it
 * can neither break a line nor forge one.
 */
#ifndef HS_RENDER_H
#define HS_RENDER_H

#include "hs_buf.h"
#include "hs_report.h"

/* Renders the full plugin output into <out> (initialised by the caller):
 * status line, perfdata, the --list table when asked for, long output,
 * each line ending in '\n', within rep->output_max bytes when it is set
 * (see above for what goes first).
 */
void hs_report_render(const struct hs_report *rep, struct hs_buf *out);

/* Renders only the notes, one line each (for a check that failed). */
void hs_report_render_notes(const struct hs_report *rep, struct hs_buf *out);

#endif
