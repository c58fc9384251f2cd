// SPDX-License-Identifier: GPL-2.0
/* mkpvh's error text (mkpvh.h), also for hvctl, which links its unpacker. */
#include <stdarg.h>
#include <stdio.h>

#include "mkpvh.h"

void set_err(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}
