// SPDX-License-Identifier: GPL-2.0
/*
 * Domains as the toolstack sees them: by name or id, listed as xl lists
 * them, and torn down everywhere (the hv, xenstore).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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

bool xs_put(struct hvctl *h, xs_transaction_t t, const char *path,
	    const char *value, struct xs_permissions *perms, unsigned int nr)
{
	return xs_write(h->xs, t, path, value, strlen(value)) &&
	       xs_set_permissions(h->xs, t, path, perms, nr);
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

int domains_named(struct hvctl *h, int argc, char **argv, uint32_t *ids)
{
	if (argc - 1 > 64) {
		msg("at most 64 domains at a time");
		return -1;
	}
	for (int a = 1; a < argc; a++)
		if (domain_lookup(h, argv[a], &ids[a - 1]))
			return -1;
	return argc > 1 ? argc - 1 : 0;
}

/* The domain's name (xenstore), "Domain-0" for 0. */
void name_of(struct hvctl *h, uint32_t domid, char *out, size_t len)
{
	char p[64], *v;
	unsigned int n;

	dom_path(p, sizeof(p), domid, "/name");
	v = xs_read(h->xs, XBT_NULL, p, &n);
	snprintf(out, len, "%s", v ? v : domid ? "(null)" : "Domain-0");
	free(v);
}

bool domain_wanted(uint32_t domid, const uint32_t *ids, int n)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == domid)
			return true;
	return !n;
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
	saved_path(p, sizeof(p), domid);
	unlink(p);
	for (i = 0; i < 100; i++) {
		rc = xc_domain_destroy(h->xch, domid);
		if (!rc || errno != EAGAIN)
			break;
		usleep(10000);
	}
	/* The guest is gone: blkback and netback let go of its devices (a
	 * loop device hvctl made clears itself, a vif leaves its bridge)
	 * once their directories go. */
	devices_remove(h, domid);
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

/* rename NAME|ID NEWNAME: xenstore's name for it, and /vm's. */
int verb_rename(struct hvctl *h, int argc, char **argv)
{
	char p[64], q[HVCTL_PATH_MAX], *vm;
	unsigned int n;
	uint32_t domid, other;

	if (argc != 3 || !argv[2][0] || strlen(argv[2]) >= HVCTL_NAME_MAX) {
		fprintf(stderr, "usage: hvctl rename NAME|ID NEWNAME\n");
		return 2;
	}
	if (domain_lookup(h, argv[1], &domid))
		return 1;
	if (!domain_by_name(h, argv[2], &other)) {
		msg("a domain named '%s' exists already (%u)", argv[2], other);
		return 1;
	}
	if (!domid) {
		msg("domain 0 keeps its name");
		return 1;
	}
	dom_path(p, sizeof(p), domid, "/name");
	if (!xs_write(h->xs, XBT_NULL, p, argv[2], strlen(argv[2]))) {
		fail_call("xenstore write name", errno);
		return 1;
	}
	dom_path(p, sizeof(p), domid, "/vm");
	vm = xs_read(h->xs, XBT_NULL, p, &n);
	if (vm) {
		snprintf(q, sizeof(q), "%s/name", vm);
		xs_write(h->xs, XBT_NULL, q, argv[2], strlen(argv[2]));
		free(vm);
	}
	saved_rename(domid, argv[2]);
	return 0;
}

/*
 * mem-set NAME|ID SIZE (xl's units: k, m (the default), g): the guest's
 * target (memory/target, which Linux's balloon driver follows), within
 * memory/static-max, and the hv's max_mem to match, as libxl does.
 */
int verb_mem_set(struct hvctl *h, int argc, char **argv)
{
	unsigned long long kb, max_kb;
	char p[64], v[32], *end, *smax;
	unsigned int n;
	uint32_t domid;

	if (argc != 3) {
		fprintf(stderr, "usage: hvctl mem-set NAME|ID SIZE[k|m|g]\n");
		return 2;
	}
	errno = 0;
	kb = strtoull(argv[2], &end, 10);
	if (errno || end == argv[2] || end[!!*end] ||
	    (*end && !strchr("kKmMgG", *end))) {
		msg("'%s' is not a size (a number, then k, m or g)", argv[2]);
		return 2;
	}
	kb *= *end == 'k' || *end == 'K' ? 1 :
	      *end == 'g' || *end == 'G' ? 1024 * 1024 :
					   1024;
	if (domain_lookup(h, argv[1], &domid))
		return 1;
	dom_path(p, sizeof(p), domid, "/memory/static-max");
	smax = xs_read(h->xs, XBT_NULL, p, &n);
	max_kb = smax ? strtoull(smax, NULL, 10) : 0;
	free(smax);
	if (!max_kb || kb > max_kb || kb < 4096) {
		msg("%llu KiB is outside what domain %u may have (4096 to %llu "
		    "KiB, memory/static-max)",
		    kb, domid, max_kb);
		return 1;
	}
	if (xc_domain_setmaxmem(h->xch, domid, kb)) {
		fail_call("xc_domain_setmaxmem", errno);
		return 1;
	}
	dom_path(p, sizeof(p), domid, "/memory/target");
	snprintf(v, sizeof(v), "%llu", kb);
	if (!xs_write(h->xs, XBT_NULL, p, v, strlen(v))) {
		fail_call("xenstore write memory/target", errno);
		return 1;
	}
	return 0;
}
