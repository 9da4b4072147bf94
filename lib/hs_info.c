/* hs_info.c: the answer to "show info". */
#include <hs-config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hs_info.h"

void
hs_info_init(struct hs_info *info)
{
	info->count = 0;
}

int
hs_info_line(struct hs_info *info, const char *line, struct hs_error *err)
{
	const char *sep = strstr(line, ": ");
	size_t nlen, vlen;

	if (sep == NULL && strlen(line) > 0 && line[strlen(line) - 1] == ':')
		sep = line + strlen(line) - 1; /* an empty value: "node:" */
	if (sep != NULL && info->count == 0 && (size_t)(sep - line) >= HS_INFO_NAME_MAX)
		sep = NULL; /* no field: an error text ("Unknown command, but ... match:") */
	if (sep == NULL || sep == line) {
		char excerpt[120];

		hs_sanitize_excerpt(excerpt, sizeof(excerpt), line, 100);
		return hs_error_set(err, info->count == 0 ? HS_ERR_NOT_STATS : HS_ERR_MALFORMED,
				    "'show info' answered '%s' (expected 'Name: value' lines)",
				    excerpt);
	}
	nlen = (size_t)(sep - line);
	if (info->count == HS_INFO_FIELDS || nlen >= HS_INFO_NAME_MAX)
		return 0; /* not a field a metric can name */
	memcpy(info->field[info->count].name, line, nlen);
	info->field[info->count].name[nlen] = '\0';
	line = *sep == ':' && sep[1] == ' ' ? sep + 2 : sep + 1;
	vlen = strlen(line);
	if (vlen >= HS_INFO_VALUE_MAX)
		vlen = 0;
	memcpy(info->field[info->count].value, line, vlen);
	info->field[info->count].value[vlen] = '\0';
	info->count++;
	return 0;
}

bool
hs_info_num(const struct hs_info *info, const char *name, double *out)
{
	size_t i;

	for (i = 0; i < info->count; i++) {
		const char *v = info->field[i].value;
		char *end;

		if (strcmp(info->field[i].name, name) != 0)
			continue;
		if (*v == '\0' || strspn(v, "-0123456789.") != strlen(v))
			return false;
		errno = 0;
		*out = strtod(v, &end);
		return errno == 0 && *end == '\0' && end != v;
	}
	return false;
}
