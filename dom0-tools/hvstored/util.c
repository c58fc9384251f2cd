// SPDX-License-Identifier: MIT
/* Logging and the name tables of the wire protocol. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xs.h"

int xs_log_level = XS_LOG_INFO;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

void xs_log(int level, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	if (level > xs_log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "hvstored %lld.%03ld %s: ", (long long)ts.tv_sec,
		ts.tv_nsec / 1000000, level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int xs_log_level_parse(const char *s)
{
	unsigned int i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (!strcmp(s, level_names[i]))
			return (int)i;
	return -1;
}

const char *xs_log_level_name(int level)
{
	if (level < 0 || level > XS_LOG_DEBUG)
		return "?";
	return level_names[level];
}

static const struct xsd_errors err_table[] = XSD_ERRORS_INIT;

/* Xen clients only know the names in the table; anything else is EIO. */
const char *xs_errname(int err)
{
	unsigned int i;

	for (i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].errnum == err)
			return err_table[i].errstring;
	return "EIO";
}
