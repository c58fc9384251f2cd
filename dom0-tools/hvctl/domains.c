// SPDX-License-Identifier: GPL-2.0
/*
 * Domains as the toolstack sees them: by name or id, listed as xl lists
 * them, and torn down everywhere (the hv, xenstore).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"

void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("hvctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void fail_call(const char *op, int err)
{
	msg("%s failed: %s", op, strerror(err));
}

void dom_path(char *out, size_t len, uint32_t domid, const char *rel)
{
	snprintf(out, len, "/local/domain/%u%s", domid, rel);
}

/* The name xenstore has for domid ("Domain-0" for 0), into out. */
static void domain_name(struct hvctl *h, uint32_t domid, char *out, size_t len)
{
	char p[64];
	unsigned int n;
	char *v;

	dom_path(p, sizeof(p), domid, "/name");
	v = xs_read(h->xs, XBT_NULL, p, &n);
	snprintf(out, len, "%s", v ? v : domid ? "(null)" : "Domain-0");
	free(v);
}

int domain_by_name(struct hvctl *h, const char *name, uint32_t *domid)
{
	xc_domaininfo_t info[64];
	char n[HVCTL_NAME_MAX];
	int nr = xc_domain_getinfolist(h->xch, 0, 64, info);

	for (int i = 0; i < nr; i++) {
		domain_name(h, info[i].domain, n, sizeof(n));
		if (!strcmp(n, name)) {
			*domid = info[i].domain;
			return 0;
		}
	}
	return -1;
}

int domain_lookup(struct hvctl *h, const char *what, uint32_t *domid)
{
	xc_domaininfo_t info;
	char *end;
	unsigned long id = strtoul(what, &end, 10);

	if (*what && !*end) {
		if (id < DOMID_FIRST_RESERVED &&
		    xc_domain_getinfolist(h->xch, id, 1, &info) == 1 &&
		    info.domain == id) {
			*domid = id;
			return 0;
		}
	} else if (!domain_by_name(h, what, domid)) {
		return 0;
	}
	msg("no domain '%s'", what);
	return -1;
}

/*
 * As libxl's destroy: paused first, its xenstore directories removed,
 * then the hv's destroydomain (retried while it says EAGAIN), and we wait
 * until the hv has let it go, so that its memory is free on return.
 */
int domain_teardown(struct hvctl *h, uint32_t domid)
{
	char p[64], *vm;
	unsigned int n;
	xc_domaininfo_t info;
	int rc, i;

	xc_domain_pause(h->xch, domid);
	dom_path(p, sizeof(p), domid, "/vm");
	vm = xs_read(h->xs, XBT_NULL, p, &n);
	if (vm && !strncmp(vm, "/vm/", 4))
		xs_rm(h->xs, XBT_NULL, vm);
	free(vm);
	dom_path(p, sizeof(p), domid, "");
	xs_rm(h->xs, XBT_NULL, p);
	for (i = 0; i < 100; i++) {
		rc = xc_domain_destroy(h->xch, domid);
		if (!rc || errno != EAGAIN)
			break;
		usleep(10000);
	}
	if (rc && errno != ESRCH) {
		fail_call("xc_domain_destroy", errno);
		return -1;
	}
	for (i = 0; i < 500; i++) {
		if (xc_domain_getinfolist(h->xch, domid, 1, &info) != 1 ||
		    info.domain != domid)
			return 0;
		usleep(10000);
	}
	msg("domain %u still there 5 s after destroydomain", domid);
	return -1;
}
