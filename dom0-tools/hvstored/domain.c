// SPDX-License-Identifier: MIT
/*
 * Domains as the store knows them: introduced ones (with a ring), and any
 * domain that owns nodes, for the per-domain node quota. Also the store's
 * own setup and the quota defaults.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

void xs_quota_defaults(struct xs_quota *q)
{
	/* Xen's xenstored defaults where it has one. */
	q->nodes = 1000;
	q->node_size = 2048;
	q->watches = 128;
	q->outstanding = 20;
	q->transactions = 10;
	q->perms = 5;
	q->events = 1024;
	q->tx_nodes = 1024;
}

struct xs_domain *xs_domain_get(struct xs_store *st, uint32_t domid,
				bool create)
{
	struct xs_domain *d;

	for (d = st->domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	if (!create)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	d->target = XS_DOMID_INVALID;
	d->next = st->domains;
	st->domains = d;
	return d;
}

void xs_domain_account(struct xs_store *st, uint32_t domid, int delta)
{
	struct xs_domain *d = xs_domain_get(st, domid, true);

	if (!d)
		return; /* only the quota check loses precision */
	if (delta < 0 && d->nodes < (uint32_t)-delta)
		d->nodes = 0;
	else
		d->nodes += (uint32_t)delta;
}

void xs_domain_free_all(struct xs_store *st)
{
	struct xs_domain *d, *next;

	for (d = st->domains; d; d = next) {
		next = d->next;
		free(d);
	}
	st->domains = NULL;
}

static int special_init(struct xs_perms *ps)
{
	ps->p = calloc(1, sizeof(*ps->p));
	if (!ps->p)
		return -ENOMEM;
	ps->num = 1; /* dom0 owns it; others may not watch */
	return 0;
}

int xs_store_init(struct xs_store *st)
{
	memset(st, 0, sizeof(*st));
	xs_quota_defaults(&st->quota);
	if (xs_htab_init(&st->nodes, 1024) ||
	    special_init(&st->special_intro) ||
	    special_init(&st->special_release) || xs_db_init_root(st)) {
		xs_store_destroy(st);
		return -ENOMEM;
	}
	return 0;
}

void xs_store_destroy(struct xs_store *st)
{
	while (st->conns)
		xs_conn_free(st->conns);
	xs_htab_free_all(&st->nodes);
	xs_perms_free(&st->special_intro);
	xs_perms_free(&st->special_release);
	xs_domain_free_all(st);
}
