// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl perf: the hv's per-domain counters, read with libxenctrl's
 * xc_perfc_query (XEN_SYSCTL_perfc_op; Debian's xenperf prints the same
 * values raw). The hv names each per-domain counter "dom ..." and gives
 * it one value per domain id (docs/performance.md lists them); the rest
 * (Xen's "hypercalls" by number) is machine-wide and left to xenperf.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"

#define DOM_PREFIX "dom "

/* The per-domain counters of one query. */
struct perf_counts {
	unsigned int nr;
	char name[PERF_COUNTERS_MAX][80];
	uint32_t val[PERF_COUNTERS_MAX][PERF_DOMAINS_MAX];
};

int perf_read(struct hvctl *h, struct perf_counts *p)
{
	DECLARE_HYPERCALL_BUFFER(xc_perfc_desc_t, desc);
	DECLARE_HYPERCALL_BUFFER(xc_perfc_val_t, val);
	int nr_desc, nr_val, rc = -1;
	const xc_perfc_val_t *v;

	if (xc_perfc_query_number(h->xch, &nr_desc, &nr_val)) {
		fail_call("xc_perfc_query_number", errno);
		return -1;
	}
	desc = xc_hypercall_buffer_alloc(h->xch, desc, sizeof(*desc) * nr_desc);
	val = xc_hypercall_buffer_alloc(h->xch, val, sizeof(*val) * nr_val);
	if (!desc || !val) {
		fail_call("xc_hypercall_buffer_alloc", errno);
		goto out;
	}
	if (xc_perfc_query(h->xch, HYPERCALL_BUFFER(desc),
			   HYPERCALL_BUFFER(val))) {
		fail_call("xc_perfc_query", errno);
		goto out;
	}
	p->nr = 0;
	v = val;
	for (int i = 0; i < nr_desc; i++) {
		uint32_t n = desc[i].nr_vals;

		/* Counts the hv gave with the buffers: trust, but check. */
		if (v + n > val + nr_val) {
			msg("xc_perfc_query: counter %d runs past the %d values",
			    i, nr_val);
			goto out;
		}
		if (!strncmp(desc[i].name, DOM_PREFIX, strlen(DOM_PREFIX)) &&
		    p->nr < PERF_COUNTERS_MAX) {
			memset(p->val[p->nr], 0, sizeof(p->val[p->nr]));
			snprintf(p->name[p->nr], sizeof(p->name[0]), "%.*s",
				 (int)(sizeof(desc[i].name) -
				       strlen(DOM_PREFIX)),
				 desc[i].name + strlen(DOM_PREFIX));
			memcpy(p->val[p->nr], v,
			       sizeof(*v) * (n < PERF_DOMAINS_MAX ?
						     n :
						     PERF_DOMAINS_MAX));
			p->nr++;
		}
		v += n;
	}
	rc = 0;
out:
	xc_hypercall_buffer_free(h->xch, desc);
	xc_hypercall_buffer_free(h->xch, val);
	return rc;
}

/* The value of the counter whose name starts with prefix, summed. */
uint64_t perf_sum(const struct perf_counts *p, const char *prefix,
		  uint32_t domid)
{
	uint64_t sum = 0;

	if (domid >= PERF_DOMAINS_MAX)
		return 0;
	for (unsigned int c = 0; c < p->nr; c++)
		if (!strncmp(p->name[c], prefix, strlen(prefix)))
			sum += p->val[c][domid];
	return sum;
}

struct perf_counts *perf_alloc(void)
{
	struct perf_counts *p = calloc(1, sizeof(*p));

	if (!p)
		msg("out of memory");
	return p;
}

/*
 * perf [-r] [NAME|ID ...]: a row per counter, a column per domain (all,
 * or those named), the exits first with their total. -r resets every
 * counter afterwards, so the next call shows what happened in between.
 */
int verb_perf(struct hvctl *h, int argc, char **argv)
{
	xc_domaininfo_t info[PERF_DOMAINS_MAX];
	uint32_t ids[64], cols[PERF_DOMAINS_MAX];
	struct perf_counts *p;
	bool reset = false;
	int n, nr, nc = 0, opt, rc = 1;

	optind = 1;
	while ((opt = getopt(argc, argv, "+r")) != -1) {
		if (opt != 'r') {
			fprintf(stderr,
				"usage: hvctl perf [-r] [NAME|ID ...]\n");
			return 2;
		}
		reset = true;
	}
	n = domains_named(h, argc - optind + 1, argv + optind - 1, ids);
	if (n < 0)
		return 1;
	nr = xc_domain_getinfolist(h->xch, 0, PERF_DOMAINS_MAX, info);
	if (nr < 0) {
		fail_call("xc_domain_getinfolist", errno);
		return 1;
	}
	p = perf_alloc();
	if (!p || perf_read(h, p))
		goto out;
	for (int i = 0; i < nr; i++)
		if (info[i].domain < PERF_DOMAINS_MAX &&
		    domain_wanted(info[i].domain, ids, n))
			cols[nc++] = info[i].domain;
	printf("%-28s", "COUNTER");
	for (int i = 0; i < nc; i++) {
		char name[HVCTL_NAME_MAX];

		name_of(h, cols[i], name, sizeof(name));
		printf(" %12.12s", name);
	}
	printf("\n%-28s", "exits (all)");
	for (int i = 0; i < nc; i++)
		printf(" %12llu",
		       (unsigned long long)perf_sum(p, "exits:", cols[i]));
	printf("\n");
	for (unsigned int c = 0; c < p->nr; c++) {
		printf("%-28.28s", p->name[c]);
		for (int i = 0; i < nc; i++)
			printf(" %12u", p->val[c][cols[i]]);
		printf("\n");
	}
	if (reset && xc_perfc_reset(h->xch)) {
		fail_call("xc_perfc_reset", errno);
		goto out;
	}
	rc = 0;
out:
	free(p);
	return rc;
}
